"""Apply: all or nothing, idempotent, updates by code, history names the importing user."""

import datetime
import gc

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from core.concurrency import BY_CODE
from members.choices import PartyStatus, StepKind, StudyStatus
from members.models import AdmissionStep, CellMembership, Person
from members.services import READ_ONLY_MESSAGE, person_refresh_status, person_update
from spreadsheets import services
from spreadsheets.columns import BY_KEY
from spreadsheets.services import ImportRejected
from tests.derived import assert_dashboard_data_derived
from tests.factories import PersonFactory, advance

from .files import cadet, candidate, csv_file, day, xlsx

MODELS = (Person, CellMembership, AdmissionStep)


def history_counts() -> list[int]:
    return [model.history.count() for model in MODELS]


def derived(person: Person) -> tuple:
    return (
        person.party_status,
        person.stage,
        person.stage_date,
        person.next_step,
        person.next_due_date,
    )


def test_a_cadet_is_created_with_historical_steps(apply, cell_a):
    report = apply(xlsx([cadet()]))
    assert report.applied
    assert report.created == 1
    person = Person.objects.get(code="HV001")
    assert (person.full_name, person.cell, person.cohort) == ("Nguyễn Văn An", cell_a, "K50")
    steps = {step.kind: step for step in person.steps.all()}
    assert set(steps) == {
        StepKind.AWARENESS_COURSE,
        StepKind.DECISION,
        StepKind.CEREMONY,
        StepKind.CONVERSION_DECISION,
    }
    assert all(step.is_historical and step.cell == cell_a for step in steps.values())
    assert steps[StepKind.DECISION].document_number == "125-QĐ/ĐU"
    assert steps[StepKind.DECISION].form_code == StepKind.DECISION.default_form
    membership = person.memberships.get()
    assert (membership.cell, membership.start_date) == (cell_a, day("01/09/2016"))


@pytest.mark.parametrize(
    "row",
    [
        candidate(),
        cadet(ceremony="", conversion=""),
        cadet(conversion=""),
        cadet(),
        cadet(course="", decision="", decision_number="", conversion=""),
    ],
    ids=["course", "decision", "probationary", "official", "ceremony-only"],
)
def test_derived_status_is_what_the_members_services_compute(apply, row):
    apply(xlsx([row]))
    person = Person.objects.get()
    imported = derived(person)
    assert imported == derived(person_refresh_status(person))


def test_status_follows_the_imported_steps(apply):
    apply(xlsx([cadet(), cadet(code="HV002", conversion=""), candidate(code="HV003")]))
    statuses = dict(Person.objects.values_list("code", "party_status"))
    assert statuses == {
        "HV001": PartyStatus.OFFICIAL,
        "HV002": PartyStatus.PROBATIONARY,
        "HV003": PartyStatus.CANDIDATE,
    }


def test_one_bad_row_means_nothing_is_written(apply):
    rows = [cadet(), cadet(code="HV002", date_of_birth="31/02/1998"), candidate(code="HV003")]
    with pytest.raises(ImportRejected) as rejected:
        apply(xlsx(rows))
    assert [(issue.row, issue.column) for issue in rejected.value.report.errors] == [
        (3, "Ngày sinh")
    ]
    assert not Person.objects.exists()
    assert history_counts() == [0, 0, 0]


def test_one_bad_row_leaves_existing_cadets_untouched(apply):
    apply(xlsx([cadet()]))
    before = history_counts()
    rows = [cadet(full_name="Nguyễn Văn Bình"), candidate(code="HV002", cell="C9")]
    with pytest.raises(ImportRejected):
        apply(xlsx(rows))
    assert Person.objects.get().full_name == "Nguyễn Văn An"
    assert history_counts() == before


def test_reimporting_the_same_file_changes_nothing(apply):
    content = xlsx([cadet(), cadet(code="HV002", conversion=""), candidate(code="HV003")])
    apply(content)
    before = history_counts()
    report = apply(content)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert history_counts() == before
    assert Person.objects.count() == 3


def test_reimporting_as_csv_changes_nothing(apply):
    apply(xlsx([cadet()]))
    before = history_counts()
    report = apply(csv_file([cadet()]), "hoc-vien.csv")
    assert report.unchanged == 1
    assert history_counts() == before


def test_a_corrected_file_updates_by_code_without_duplicates(apply, clerk):
    apply(xlsx([cadet()]))
    person = Person.objects.get()
    report = apply(xlsx([cadet(full_name="Nguyễn Văn Ân", class_name="CNTT2")]))
    assert (report.created, report.updated) == (0, 1)
    assert report.changes[0].details == [
        "Họ và tên: Nguyễn Văn An → Nguyễn Văn Ân",
        "Lớp: CNTT1 → CNTT2",
    ]
    person.refresh_from_db()
    assert Person.objects.count() == 1
    assert (person.full_name, person.class_name) == ("Nguyễn Văn Ân", "CNTT2")
    assert person.search_text == "nguyen van an"
    latest = person.history.first()
    assert (latest.history_type, latest.history_user) == ("~", clerk)


def test_a_corrected_step_date_is_updated_in_place(apply, clerk):
    apply(xlsx([cadet()]))
    ceremony = AdmissionStep.objects.get(kind=StepKind.CEREMONY)
    report = apply(xlsx([cadet(ceremony="21/09/2018")]))
    assert report.updated == 1
    assert report.changes[0].details == ["Ngày kết nạp: 20/09/2018 → 21/09/2018"]
    ceremony.refresh_from_db()
    assert ceremony.date == day("21/09/2018")
    assert AdmissionStep.objects.count() == 4
    assert ceremony.history.first().history_user == clerk


def test_a_corrected_decision_number_is_updated(apply):
    apply(xlsx([cadet()]))
    apply(xlsx([cadet(decision_number="126-QĐ/ĐU")]))
    assert AdmissionStep.objects.get(kind=StepKind.DECISION).document_number == "126-QĐ/ĐU"


def test_a_blank_cell_keeps_the_stored_value_unless_asked_to_erase(apply):
    apply(xlsx([cadet()]))
    report = apply(xlsx([cadet(class_name="", conversion="")]))
    person = Person.objects.get()
    assert person.class_name == "CNTT1"
    assert person.steps.filter(kind=StepKind.CONVERSION_DECISION).exists()
    assert report.unchanged == 1
    assert {(erasure.column, erasure.stored) for erasure in report.erasures} == {
        ("Lớp", "CNTT1"),
        ("Ngày công nhận chính thức", "02/10/2019"),
    }


def test_a_step_blanked_in_a_corrected_file_is_removed_when_asked(apply, clerk):
    apply(xlsx([cadet()]))
    apply(xlsx([cadet(conversion="")]), erase_blanks=True)
    person = Person.objects.get()
    assert person.party_status == PartyStatus.PROBATIONARY
    assert not person.steps.filter(kind=StepKind.CONVERSION_DECISION).exists()
    removed = AdmissionStep.history.filter(history_type="-").get()
    assert removed.history_user == clerk


def test_an_earlier_step_may_be_added_to_imported_steps(apply):
    apply(xlsx([cadet(course="")]))
    report = apply(xlsx([cadet()]))
    assert report.updated == 1
    assert Person.objects.get().steps.count() == 4


def test_a_correction_is_checked_against_all_the_steps_again(apply):
    apply(xlsx([cadet()]))
    with pytest.raises(ImportRejected) as rejected:
        apply(xlsx([cadet(ceremony="01/12/2018")]))
    [error] = rejected.value.report.errors
    assert error.column == "Ngày công nhận chính thức"
    assert AdmissionStep.objects.get(kind=StepKind.CEREMONY).date == day("20/09/2018")


def test_a_corrected_birth_date_is_checked_against_the_imported_decision(apply):
    apply(xlsx([cadet()]))
    with pytest.raises(ImportRejected) as rejected:
        apply(xlsx([cadet(date_of_birth="10/05/2001")]))
    assert "Tuổi đời" in rejected.value.report.errors[0].message


def test_later_steps_may_be_added_after_steps_recorded_in_the_application(apply, cell_a):
    # The row's Youth Union date is the person's: the Youth Union introduced them.
    person = PersonFactory(cell=cell_a, code="HV001", youth_union_date=datetime.date(2013, 3, 26))
    person = advance(person, StepKind.CELL_VOTE)
    course = person.steps.get(kind=StepKind.AWARENESS_COURSE).date
    row = cadet(
        full_name=person.full_name,
        date_of_birth=person.date_of_birth.strftime("%d/%m/%Y"),
        course=course.strftime("%d/%m/%Y"),
        decision="03/09/2018",
        conversion="",
    )
    report = apply(xlsx([row]))
    assert report.updated == 1
    assert_dashboard_data_derived()
    person.refresh_from_db()
    assert person.party_status == PartyStatus.PROBATIONARY
    assert person.steps.filter(is_historical=True).count() == 2


def test_steps_recorded_in_the_application_are_not_rewritten_by_a_file(apply, cell_a):
    person = advance(PersonFactory(cell=cell_a, code="HV001"), StepKind.CELL_VOTE)
    row = cadet(
        full_name=person.full_name,
        date_of_birth=person.date_of_birth.strftime("%d/%m/%Y"),
        course="01/01/2018",
        decision="",
        decision_number="",
        ceremony="",
        conversion="",
    )
    with pytest.raises(ImportRejected) as rejected:
        apply(xlsx([row]))
    [error] = rejected.value.report.errors
    assert error.column == "Ngày học lớp bồi dưỡng nhận thức về Đảng"
    assert "trang hồ sơ học viên" in error.message


def test_a_new_cell_moves_the_cadet_from_today(apply, cell_a, cell_b):
    apply(xlsx([cadet()]))
    report = apply(xlsx([cadet(cell="CB")]))
    assert report.updated == 1
    person = Person.objects.get()
    assert person.cell == cell_b
    today = timezone.localdate()
    memberships = list(person.memberships.order_by("start_date"))
    assert [(m.cell, m.end_date) for m in memberships] == [(cell_a, today), (cell_b, None)]
    assert set(person.steps.values_list("cell", flat=True)) == {cell_a.pk}


@pytest.mark.parametrize("status", [StudyStatus.GRADUATED, StudyStatus.WITHDRAWN])
@pytest.mark.parametrize(
    ("change", "column"),
    [
        ({"full_name": "Nguyễn Văn Bình"}, "full_name"),
        ({"date_of_birth": "11/05/1998"}, "date_of_birth"),
        ({"cell": "CB"}, "cell"),
        ({"conversion": "03/10/2019"}, "conversion"),
        ({"conversion": ""}, "conversion"),
        ({"decision_number": "126-QĐ/ĐU"}, "decision"),
    ],
    ids=["field", "rule-field", "move", "step-date", "step-removed", "decision-number"],
)
def test_a_read_only_cadet_is_not_changed_by_an_import(apply, change, column, status):
    """The services' read-only rule and message, at the first column that would change."""
    apply(xlsx([cadet()]))
    person_update(seen_version=BY_CODE, person=Person.objects.get(), study_status=status)
    before = history_counts()
    with pytest.raises(ImportRejected) as rejected:
        # Asked to erase, so that a blank step date is a change too.
        apply(xlsx([cadet(**change)]), erase_blanks=True)
    errors = [(error.column, error.message) for error in rejected.value.report.errors]
    assert errors == [(BY_KEY[column].header, str(READ_ONLY_MESSAGE))]
    assert history_counts() == before


def test_a_read_only_cadet_imported_again_unchanged_is_accepted(apply):
    apply(xlsx([cadet()]))
    person_update(
        seen_version=BY_CODE, person=Person.objects.get(), study_status=StudyStatus.GRADUATED
    )
    report = apply(xlsx([cadet()]))
    assert report.applied
    assert report.unchanged == 1


def test_every_imported_record_has_history_by_the_importing_user(apply, clerk):
    apply(xlsx([cadet(), candidate(code="HV002")]), filename="so-2018.xlsx")
    for model in MODELS:
        rows = list(model.history.all())
        assert rows, model
        assert {row.history_user for row in rows} == {clerk}
        assert {row.history_type for row in rows} == {"+"}
        assert {row.history_change_reason for row in rows} == {"Nhập từ tệp so-2018.xlsx"}
    assert {step.recorded_by for step in AdmissionStep.objects.all()} == {clerk}


def test_the_history_row_holds_the_record_as_stored(apply):
    apply(xlsx([cadet()]))
    person = Person.objects.get()
    snapshot = person.history.get().instance
    for field in Person._meta.concrete_fields:
        assert getattr(snapshot, field.attname) == getattr(person, field.attname), field.name
    step = person.steps.get(kind=StepKind.DECISION)
    assert step.history.get().instance.document_number == step.document_number


def test_the_apply_checks_again_what_changed_since_the_preview(preview, apply, cell_c):
    content = xlsx([cadet()])
    assert preview(content).ok
    PersonFactory(cell=cell_c, code="HV001")
    with pytest.raises(ImportRejected):
        apply(content)
    assert Person.objects.count() == 1


@pytest.mark.parametrize(
    "persona", ["secretary_a", "commander", "other_clerk", "admin_user", "outsider"]
)
def test_only_a_clerk_of_the_battalion_may_import(apply, persona, request):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        apply(xlsx([cadet()]), user=user)
    assert not Person.objects.exists()


def test_the_preview_reads_the_database_a_bounded_number_of_times(
    preview, apply, django_assert_max_num_queries
):
    apply(xlsx([cadet(code=f"HV{index:03d}") for index in range(10)]))
    rows = [cadet(code=f"HV{index:03d}", class_name="X") for index in range(40)]
    with django_assert_max_num_queries(8):
        report = preview(xlsx(rows))
    assert (report.created, report.updated) == (30, 10)


def test_the_apply_writes_new_cadets_in_a_bounded_number_of_queries(
    apply, django_assert_max_num_queries
):
    rows = [cadet(code=f"HV{index:03d}") for index in range(60)]
    # 40 before the battalions' tallies: each tally group written also sums its battalion's.
    with django_assert_max_num_queries(48):
        apply(xlsx(rows))
    assert AdmissionStep.objects.count() == 240
    assert datetime.date(2019, 10, 2) in set(AdmissionStep.objects.values_list("date", flat=True))


def test_files_beyond_the_database_parameter_limit_are_read_and_written_in_chunks(
    apply, monkeypatch
):
    monkeypatch.setattr(connection.features, "max_query_params", 50)
    content = xlsx([cadet(code=f"HV{index:03d}") for index in range(60)])
    assert apply(content).created == 60
    assert AdmissionStep.history.count() == 240
    assert apply(content).unchanged == 60


@pytest.mark.parametrize(("born", "accepted"), [("16/05/2000", True), ("17/05/2000", False)])
def test_a_birth_date_must_still_fit_the_steps_recorded_in_the_application(
    apply, cell_a, born, accepted
):
    # The row's Youth Union date is the person's: the Youth Union introduced them.
    person = PersonFactory(cell=cell_a, code="HV001", youth_union_date=datetime.date(2013, 3, 26))
    person = advance(person, StepKind.CELL_VOTE)
    course = person.steps.get(kind=StepKind.AWARENESS_COURSE).date
    row = cadet(
        full_name=person.full_name,
        date_of_birth=born,
        course=course.strftime("%d/%m/%Y"),
        decision="",
        decision_number="",
        ceremony="",
        conversion="",
    )
    if accepted:
        assert apply(xlsx([row])).updated == 1
    else:
        with pytest.raises(ImportRejected) as rejected:
            apply(xlsx([row]))
        [error] = rejected.value.report.errors
        assert "16/05/2018" in error.message
        assert "17 tuổi 11 tháng" in error.message
    person.refresh_from_db()
    assert person.date_of_birth == (day(born) if accepted else datetime.date(1998, 5, 10))


def test_the_programme_is_read_by_name_or_code_and_kept_when_blank(apply):
    apply(xlsx([cadet(programme="Kỹ sư hệ dân sự")]))
    assert Person.objects.get().programme == "ky_su_dan_su"
    apply(xlsx([cadet(programme="")]))
    assert Person.objects.get().programme == "ky_su_dan_su"
    apply(xlsx([cadet(programme="sqpd_dh")]))
    assert Person.objects.get().programme == "sqpd_dh"


def test_an_unknown_programme_is_refused_with_the_choices(apply):
    with pytest.raises(ImportRejected) as rejected:
        apply(xlsx([cadet(programme="Hệ lạ")]))
    [error] = rejected.value.report.errors
    assert error.column == "Hệ đào tạo"
    assert "Kỹ sư hệ dân sự" in error.message


def test_the_history_of_an_import_outlives_the_importing_account(apply, clerk):
    # The history names its user without a database constraint (members 0033): Django still
    # sets it to null when the account goes.
    apply(xlsx([cadet()]))
    AdmissionStep.objects.update(recorded_by=None)
    clerk.delete()
    histories = [model.history.get() for model in (Person, CellMembership)]
    assert [history.history_user_id for history in histories] == [None, None]
    assert set(AdmissionStep.history.values_list("history_user_id", flat=True)) == {None}


def test_the_import_runs_without_the_cycle_collector_and_puts_it_back(preview, apply, monkeypatch):
    # A third of the import's Python time was the collector walking the growing heap.
    seen = []
    plan_import = services.plan_import

    def watched(*args, **kwargs):
        seen.append(gc.isenabled())
        return plan_import(*args, **kwargs)

    monkeypatch.setattr(services, "plan_import", watched)
    assert gc.isenabled()
    preview(xlsx([cadet()]))
    apply(xlsx([cadet()]))
    assert gc.isenabled()
    with pytest.raises(ImportRejected):
        apply(xlsx([cadet(code="HV002", date_of_birth="31/02/1998")]))
    assert seen == [False, False, False]
    assert gc.isenabled()
