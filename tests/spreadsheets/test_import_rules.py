"""Each row is checked by the rules that old dates can break; each error names row and column."""

import datetime

from django.utils import timezone

from members.choices import ExitGround, PersonKind, StepKind
from members.models import Person
from members.services import step_record
from spreadsheets.writers import template_example
from tests.derived import assert_dashboard_data_derived
from tests.factories import PersonFactory

from .files import cadet, candidate, xlsx


def errors(report) -> list[tuple[int | None, str]]:
    return [(issue.row, issue.column) for issue in report.errors]


def only_error(report) -> str:
    assert len(report.errors) == 1, report.errors
    return report.errors[0].message


def test_a_valid_row_has_no_error(preview):
    report = preview(xlsx([cadet()]))
    assert report.ok
    assert (report.rows, report.created, report.updated, report.unchanged) == (1, 1, 0, 0)


def test_every_error_is_listed_with_its_row_and_column(preview):
    rows = [
        cadet(code="HV001", date_of_birth="1998-05-10"),
        cadet(code="HV002"),
        cadet(code="HV003", gender="Nữ giới", cell="C9"),
    ]
    report = preview(xlsx(rows))
    assert errors(report) == [(2, "Ngày sinh"), (4, "Giới tính"), (4, "Chi bộ")]
    assert report.rows_with_errors == 2
    assert report.created == 1


def test_a_row_without_code_is_an_error(preview):
    assert "Thiếu mã học viên" in only_error(preview(xlsx([cadet(code="")])))


def test_a_row_without_name_is_an_error(preview):
    assert "Thiếu “Họ và tên”" in only_error(preview(xlsx([cadet(full_name=" ")])))


def test_a_date_not_written_dd_mm_yyyy_is_an_error(preview):
    assert "dd/mm/yyyy" in only_error(preview(xlsx([cadet(enrolment_date="1/9/16")])))


def test_a_date_that_does_not_exist_is_an_error(preview):
    assert "không có thật" in only_error(preview(xlsx([cadet(date_of_birth="30/02/1998")])))


def test_gender_must_be_nam_or_nu(preview):
    assert preview(xlsx([cadet(gender="NỮ")])).ok
    assert "Nam hoặc Nữ" in only_error(preview(xlsx([cadet(gender="x")])))


def test_gender_is_needed_for_a_new_cadet(preview):
    assert "Nam hoặc Nữ" in only_error(preview(xlsx([cadet(gender="")])))


def test_the_cell_may_be_given_by_its_name(preview):
    assert preview(xlsx([cadet(cell="chi bo a")])).ok


def test_a_cell_of_another_battalion_is_an_error(preview, cell_c):
    message = only_error(preview(xlsx([cadet(cell="CC")])))
    assert "Không có chi bộ “CC” trong Tiểu đoàn 1" in message
    assert "CA, CB" in message


def test_a_code_twice_in_the_file_is_an_error_naming_the_first_row(preview):
    report = preview(xlsx([cadet(), cadet(cell="CB")]))
    assert errors(report) == [(3, "Mã học viên")]
    assert "trùng với dòng 2" in report.errors[0].message


def test_a_too_long_name_is_an_error(preview):
    assert errors(preview(xlsx([cadet(full_name="A" * 121)]))) == [(2, "Họ và tên")]


def test_the_template_example_row_is_an_error(preview):
    example = template_example()
    example["cell"] = "CA"
    assert "dòng ví dụ" in only_error(preview(xlsx([example])))


def test_a_code_of_another_battalion_is_an_error(preview, cell_c):
    PersonFactory(cell=cell_c, code="HV001")
    assert "tiểu đoàn khác" in only_error(preview(xlsx([cadet()])))


def test_a_code_of_a_cadre_is_an_error(preview, cell_a):
    PersonFactory(cell=cell_a, code="HV001", kind=PersonKind.CADRE)
    assert "cán bộ" in only_error(preview(xlsx([cadet()])))


# --- rules that the dates can break -------------------------------------------------------


def test_eighteen_at_the_decision_is_accepted(preview):
    assert preview(xlsx([cadet(date_of_birth="03/09/2000")])).ok


def test_younger_than_eighteen_at_the_decision_is_an_error(preview):
    report = preview(xlsx([cadet(date_of_birth="04/09/2000")]))
    assert errors(report) == [(2, "Ngày quyết định kết nạp")]
    assert "17 tuổi 11 tháng" in report.errors[0].message


def test_older_than_sixty_at_the_decision_is_an_error(preview):
    report = preview(xlsx([cadet(date_of_birth="01/01/1958")]))
    assert "60 tuổi" in only_error(report)


def test_steps_in_date_order_are_accepted(preview):
    assert preview(xlsx([cadet(decision="20/09/2018", ceremony="20/09/2018")])).ok


def test_a_ceremony_before_the_decision_is_an_error(preview):
    report = preview(xlsx([cadet(ceremony="01/09/2018")]))
    assert errors(report) == [(2, "Ngày kết nạp")]
    assert "không được trước ngày của bước" in report.errors[0].message


def test_a_course_after_the_decision_is_an_error(preview):
    report = preview(xlsx([cadet(course="04/09/2018")]))
    assert errors(report) == [(2, "Ngày quyết định kết nạp")]


def test_recognition_twelve_months_after_the_ceremony_is_accepted(preview):
    assert preview(xlsx([cadet(conversion="20/09/2019")])).ok


def test_recognition_before_twelve_months_of_probation_is_an_error(preview):
    report = preview(xlsx([cadet(conversion="19/09/2019")]))
    assert errors(report) == [(2, "Ngày công nhận chính thức")]
    assert "Chưa đủ 12 tháng dự bị" in report.errors[0].message


def test_a_step_in_the_future_is_an_error(preview):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    report = preview(xlsx([candidate(course=tomorrow.strftime("%d/%m/%Y"))]))
    assert "tương lai" in only_error(report)


def test_missing_intermediate_steps_are_accepted_for_old_records(preview):
    assert preview(xlsx([cadet(course="", decision="", decision_number="")])).ok


def test_a_decision_number_without_its_date_is_an_error(preview):
    report = preview(xlsx([cadet(decision="", ceremony="", conversion="")]))
    assert errors(report) == [(2, "Số quyết định kết nạp")]


# --- late deadlines in old data are warnings --------------------------------------------


def test_a_late_ceremony_is_a_warning_not_an_error(preview):
    report = preview(xlsx([cadet(ceremony="20/11/2018", conversion="02/12/2019")]))
    assert report.ok
    assert report.created == 1
    [warning] = report.warnings
    assert (warning.row, warning.column) == (2, "Ngày kết nạp")
    assert "30 ngày làm việc" in warning.message


def test_a_ceremony_within_thirty_working_days_gives_no_warning(preview):
    assert preview(xlsx([cadet()])).warnings == []


def test_a_late_recognition_is_a_warning(preview):
    report = preview(xlsx([cadet(conversion="01/06/2020")]))
    assert report.ok
    assert [warning.column for warning in report.warnings] == ["Ngày công nhận chính thức"]


def test_an_expired_awareness_certificate_is_a_warning(preview):
    report = preview(xlsx([cadet(course="01/01/2013")]))
    assert report.ok
    assert "hết hạn" in report.warnings[0].message


# --- a re-admitted person: the import writes into the current admission cycle ----------------


def _readmitted(apply) -> Person:
    """Imported as an official member (2019), struck off on 02/03/2020, re-admitted 36 months
    later (Quy định 294-QĐ/TW, 3.5)."""
    assert apply(xlsx([cadet()])).ok
    person = Person.objects.get(code="HV001")
    step_record(
        person=person,
        kind=StepKind.STRUCK_OFF,
        date=datetime.date(2020, 3, 2),
        exit_ground=ExitGround.DUES,
        document_number="9-QĐ/ĐU",
    )
    step_record(
        person=person,
        kind=StepKind.READMISSION,
        date=datetime.date(2023, 3, 2),
        document_number="15-CV/ĐU",
    )
    person.refresh_from_db()
    return person


def test_an_imported_date_joins_the_readmitted_persons_second_cycle(apply):
    person = _readmitted(apply)
    first_cycle = set(person.steps.values_list("pk", "kind", "date"))
    report = apply(xlsx([candidate(course="15/03/2023")]))
    assert report.ok, report.errors
    course = person.steps.get(kind=StepKind.AWARENESS_COURSE, cycle=2)
    assert course.date == datetime.date(2023, 3, 15)
    assert first_cycle <= set(person.steps.values_list("pk", "kind", "date"))
    person.refresh_from_db()
    assert (person.admission_cycle, person.stage) == (2, StepKind.AWARENESS_COURSE)
    assert_dashboard_data_derived()


def test_an_imported_date_before_the_readmission_is_refused(apply, preview):
    _readmitted(apply)
    message = only_error(preview(xlsx([candidate(course="15/03/2022")])))
    assert "đồng ý xét kết nạp lại (02/03/2023)" in message


def test_an_imported_conversion_after_the_striking_off_is_refused(apply, preview):
    assert apply(xlsx([cadet(conversion="")])).ok
    person = Person.objects.get(code="HV001")
    step_record(
        person=person,
        kind=StepKind.STRUCK_OFF,
        date=datetime.date(2019, 1, 5),
        exit_ground=ExitGround.PROBATION_UNFIT,
        is_historical=True,
    )
    # The same rules as in the app: the conversion would come after the striking off.
    messages = [issue.message for issue in preview(xlsx([cadet()])).errors]
    assert "Lý do này chỉ dành cho đảng viên dự bị" in messages[0]
    assert "Ngày không được trước ngày của bước “Quyết định công nhận" in messages[1]


def test_a_cohort_the_battalion_does_not_have_is_refused_on_its_row(preview, cell_a):
    PersonFactory(cell=cell_a, cohort="K50")
    report = preview(xlsx([cadet(), cadet(code="HV002", cohort="K61")]))
    assert not report.ok
    messages = [(issue.row, issue.column, issue.message) for issue in report.errors]
    assert len(messages) == 1
    row, column, message = messages[0]
    assert (row, column) == (3, "Khóa")
    assert "Khóa “K61” chưa có trong tiểu đoàn (đã có: K50)" in message
    assert not Person.objects.filter(cohort="K61").exists()


def test_a_cohort_spelt_otherwise_is_the_battalion_s(apply, cell_a):
    PersonFactory(cell=cell_a, cohort="K50")
    assert apply(xlsx([cadet(cohort="k 50")])).applied
    assert Person.objects.get(code="HV001").cohort == "K50"


def test_a_battalion_without_cohorts_takes_the_file_s(apply, cell_a):
    report = apply(xlsx([cadet(cohort="K57"), cadet(code="HV002", cohort="K58")]))
    assert report.applied
    assert set(Person.objects.values_list("cohort", flat=True)) == {"K57", "K58"}
