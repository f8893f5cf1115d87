"""The confirmation writes the plan the preview kept, unless something it read has changed."""

import json
import pickle

import pytest
from django.db import transaction

from core.concurrency import BY_CODE
from members.choices import StepKind
from members.models import AdmissionStep, CellMembership, Person
from members.services import person_update
from spreadsheets import services
from spreadsheets.reader import read_table
from spreadsheets.services import ImportRejected, cadets_import_apply, cadets_import_preview
from spreadsheets.uploads import _path, _signature, upload_plan, upload_store
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


def snapshot() -> dict:
    """The records an import writes, without ids and times (which differ from run to run)."""
    people = {
        person.code: {
            field.attname: getattr(person, field.attname)
            for field in Person._meta.concrete_fields
            if field.attname not in ("id", "cell_id")
        }
        | {"cell": person.cell.code}
        for person in Person.objects.select_related("cell")
    }
    steps = sorted(
        (step.person.code, step.kind, step.date, step.document_number, step.stage_days)
        for step in AdmissionStep.objects.select_related("person")
    )
    stays = sorted(
        (stay.person.code, stay.cell.code, stay.start_date, stay.end_date)
        for stay in CellMembership.objects.select_related("person", "cell")
    )
    history = sorted(
        (type(row).__name__, row.history_type, row.history_user_id, row.history_change_reason)
        for model in (Person, AdmissionStep, CellMembership)
        for row in model.history.all()
    )
    return {"people": people, "steps": steps, "stays": stays, "history": history}


class Rollback(Exception):
    pass


@pytest.mark.parametrize(
    ("first", "second", "options"),
    [
        # A move, a corrected detail, a step inserted before imported ones (the later ones
        # restaged), a step erased, and a new cadet.
        (
            [cadet(course="")],
            [cadet(cell="CB", class_name="CNTT9", conversion=""), cadet(code="HV002")],
            {"erase_blanks": True},
        ),
        # A step's date and the decision's number corrected, the next step restaged.
        ([cadet()], [cadet(ceremony="21/09/2018", decision_number="126-QĐ/ĐU")], {}),
    ],
)
def test_the_kept_plan_writes_what_checking_again_writes(
    kept, apply, monkeypatch, first, second, options
):
    apply(xlsx(first))
    report, arguments = kept(xlsx(second), **options)
    assert report.ok
    try:
        with transaction.atomic():
            cadets_import_apply(**{**arguments, "token": None})
            checked_again = snapshot()
            raise Rollback
    except Rollback:
        pass
    monkeypatch.setattr(services, "plan_import", no_second_check)
    applied = cadets_import_apply(**arguments)
    assert snapshot() == checked_again
    assert (applied.created, applied.updated, applied.changes) == (
        report.created,
        report.updated,
        report.changes,
    )


def test_a_kept_plan_changed_on_the_server_is_not_trusted(kept, monkeypatch):
    report, arguments = kept(xlsx([cadet()]))
    path = _path(arguments["token"], "plan")
    content = path.read_bytes()
    # The class changed in the plan, its signature kept: the rows are checked again.
    path.write_bytes(content.replace(b'"CNTT1"', b'"CNTT666"'))
    assert b"CNTT666" in path.read_bytes()
    assert upload_plan(arguments["token"]) is None
    checked = count_checks(monkeypatch)
    cadets_import_apply(**arguments)
    assert checked == [1]
    assert Person.objects.get().class_name == "CNTT1"


def test_a_pickle_is_never_loaded_even_signed_by_the_server(kept, monkeypatch):
    report, arguments = kept(xlsx([cadet()]))
    loaded = []
    monkeypatch.setattr(pickle, "loads", lambda *a, **k: loaded.append(1))
    data = pickle.dumps({"version": 1})
    _path(arguments["token"], "plan").write_bytes(_signature(data) + data)
    assert upload_plan(arguments["token"]) is None
    assert loaded == []
    assert cadets_import_apply(**arguments).created == 1


def test_a_plan_of_another_layout_is_checked_again(kept, monkeypatch):
    report, arguments = kept(xlsx([cadet()]))
    path = _path(arguments["token"], "plan")
    data = json.loads(path.read_bytes()[64:])
    data["version"] += 1
    content = json.dumps(data).encode()
    path.write_bytes(_signature(content) + content)
    assert upload_plan(arguments["token"]) is None
    checked = count_checks(monkeypatch)
    assert cadets_import_apply(**arguments).created == 1
    assert checked == [1]


def test_a_kept_plan_naming_a_step_that_is_gone_is_checked_again(kept, apply, monkeypatch):
    apply(xlsx([cadet()]))
    report, arguments = kept(xlsx([cadet(ceremony="21/09/2018")]))
    path = _path(arguments["token"], "plan")
    data = json.loads(path.read_bytes()[64:])
    data["rows"][0]["changed_steps"][0][0] = 0
    content = json.dumps(data).encode()
    path.write_bytes(_signature(content) + content)
    checked = count_checks(monkeypatch)
    assert cadets_import_apply(**arguments).updated == 1
    assert checked == [1]
    assert AdmissionStep.objects.get(kind=StepKind.CEREMONY).date.day == 21


def test_a_kept_plan_naming_an_unknown_step_kind_is_checked_again(kept, monkeypatch):
    report, arguments = kept(xlsx([cadet()]))
    path = _path(arguments["token"], "plan")
    data = json.loads(path.read_bytes()[64:])
    data["rows"][0]["new_steps"][0][0] = "no_such_step"
    content = json.dumps(data).encode()
    path.write_bytes(_signature(content) + content)
    checked = count_checks(monkeypatch)
    assert cadets_import_apply(**arguments).created == 1
    assert checked == [1]
    assert AdmissionStep.objects.filter(kind="no_such_step").count() == 0


def test_the_table_is_read_only_when_the_rows_are_checked_again(kept, monkeypatch):
    # The view hands the confirmation a reader of the kept upload: a kept plan needs no table.
    report, arguments = kept(xlsx([cadet()]))
    table, reads = arguments["table"], []
    arguments["table"] = lambda: reads.append(1) or table
    assert cadets_import_apply(**arguments).created == 1
    assert reads == []
    report, arguments = kept(xlsx([cadet(code="HV002")]))
    table = arguments["table"]
    arguments["table"] = lambda: reads.append(1) or table
    checked = count_checks(monkeypatch)
    assert cadets_import_apply(**{**arguments, "token": None}).created == 1
    assert (reads, checked) == ([1], [1])
