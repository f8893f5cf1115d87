"""The confirmation writes the plan the preview kept, unless something it read has changed."""

import pytest

from core.concurrency import BY_CODE
from members.models import AdmissionStep, Person
from members.services import person_update
from spreadsheets import services
from spreadsheets.reader import read_table
from spreadsheets.services import ImportRejected, cadets_import_apply, cadets_import_preview
from spreadsheets.uploads import _path, upload_plan, upload_store
from tests.factories import PersonFactory

from .files import cadet, xlsx


@pytest.fixture
def kept(clerk, battalion, cell_a, cell_b):
    """Upload and preview `content` as the browser does; the arguments of the confirmation."""

    def run(content: bytes, **options):
        table = read_table(content, "hoc-vien.xlsx")
        token = upload_store(table)
        arguments = {
            "table": table,
            "filename": "hoc-vien.xlsx",
            "battalion": battalion,
            "user": clerk,
            "token": token,
            **options,
        }
        report = cadets_import_preview(**arguments)
        return report, arguments

    return run


def no_second_check(*args, **kwargs):
    raise AssertionError("the rows were checked again")


def test_the_confirmation_writes_the_kept_plan_without_checking_again(kept, monkeypatch):
    report, arguments = kept(xlsx([cadet(), cadet(code="HV002")]))
    assert report.ok
    monkeypatch.setattr(services, "plan_import", no_second_check)
    applied = cadets_import_apply(**arguments)
    assert (applied.applied, applied.created) == (True, 2)
    assert Person.objects.count() == 2
    assert AdmissionStep.history.count() == AdmissionStep.objects.count() == 8


def test_a_kept_plan_of_a_correction_is_written_as_previewed(kept, apply, monkeypatch):
    apply(xlsx([cadet()]))
    report, arguments = kept(xlsx([cadet(class_name="CNTT9")]))
    assert report.updated == 1
    monkeypatch.setattr(services, "plan_import", no_second_check)
    cadets_import_apply(**arguments)
    person = Person.objects.get()
    assert person.class_name == "CNTT9"
    assert person.history.first().history_change_reason == "Nhập từ tệp hoc-vien.xlsx"


def test_a_cadet_saved_meanwhile_under_the_same_code_is_refused(kept, cell_c):
    report, arguments = kept(xlsx([cadet()]))
    assert report.ok
    PersonFactory(cell=cell_c, code="HV001")
    with pytest.raises(ImportRejected):
        cadets_import_apply(**arguments)
    assert Person.objects.count() == 1


def test_a_record_changed_since_the_preview_is_checked_again(kept, apply, monkeypatch, cell_a):
    # Another cadet keeps K50 among the battalion's cohorts (the import takes only those).
    PersonFactory(cell=cell_a, code="HV050", cohort="K50")
    apply(xlsx([cadet()]))
    report, arguments = kept(xlsx([cadet(class_name="CNTT9")]))
    person = Person.objects.get(code="HV001")
    person_update(person=person, seen_version=BY_CODE, cohort="K99")
    checked = count_checks(monkeypatch)
    applied = cadets_import_apply(**arguments)
    person.refresh_from_db()
    # Checked again from the database: the file's cohort corrects the one saved meanwhile.
    assert checked == [1]
    assert (person.class_name, person.cohort, applied.updated) == ("CNTT9", "K50", 1)
    assert "Khóa: K99 → K50" in applied.changes[0].details


def count_checks(monkeypatch) -> list:
    checked: list = []
    original = services.plan_import
    monkeypatch.setattr(
        services, "plan_import", lambda *a, **k: checked.append(1) or original(*a, **k)
    )
    return checked


def test_another_choice_than_the_previewed_one_is_checked_again(kept, monkeypatch):
    report, arguments = kept(xlsx([cadet()]))
    checked = count_checks(monkeypatch)
    cadets_import_apply(**{**arguments, "erase_blanks": True})
    assert checked == [1]


def test_a_plan_file_not_signed_by_the_server_is_ignored(kept, monkeypatch):
    report, arguments = kept(xlsx([cadet()]))
    path = _path(arguments["token"], "plan")
    path.write_bytes(b"0" * 64 + path.read_bytes()[64:])
    assert upload_plan(arguments["token"]) is None
    assert cadets_import_apply(**arguments).created == 1


def test_a_preview_with_errors_keeps_no_plan(kept):
    report, arguments = kept(xlsx([cadet(gender="")]))
    assert not report.ok
    assert upload_plan(arguments["token"]) is None
