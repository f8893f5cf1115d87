"""Export: every cadet in scope, with their steps, in the import template; and back again."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from members.choices import Gender, StepKind
from members.models import Assignment, Person
from spreadsheets.columns import COLUMNS, NOTES_SHEET
from spreadsheets.selectors import cadet_export_rows
from spreadsheets.writers import csv_bytes, xlsx_bytes
from tests.factories import PersonFactory, advance, make_official_member

from .files import HEADER, read_xlsx


@pytest.fixture
def cadets(cell_a, cell_b, cell_c):
    """Cadets at every stage in two battalions, with steps recorded in the application."""
    people = {
        "listed": PersonFactory(cell=cell_a, code="A1", class_name="L1"),
        "candidate": advance(PersonFactory(cell=cell_a, code="A2"), StepKind.CELL_VOTE),
        "probationary": advance(
            PersonFactory(cell=cell_b, code="B1", gender=Gender.FEMALE), StepKind.CEREMONY
        ),
        "official": advance(
            PersonFactory(cell=cell_b, code="B2", youth_union_date=datetime.date(2014, 3, 26)),
            StepKind.CONVERSION_DECISION,
        ),
        "other_battalion": PersonFactory(cell=cell_c, code="C1"),
    }
    decision = people["official"].steps.get(kind=StepKind.DECISION)
    decision.document_number = "12-QĐ/ĐU"
    decision.save()
    return people


def codes(rows) -> list[str]:
    return sorted(row["code"] for row in rows)


def test_the_clerk_exports_every_cadet_of_the_battalion_but_no_cadre(clerk, cadets):
    make_official_member(cadets["listed"].cell, code="CB01")
    assert codes(cadet_export_rows(clerk)) == ["A1", "A2", "B1", "B2"]


def test_a_secretary_exports_only_their_cell(secretary_a, cadets):
    assert codes(cadet_export_rows(secretary_a)) == ["A1", "A2"]


def test_the_other_battalion_exports_none_of_ours(other_clerk, cadets):
    assert codes(cadet_export_rows(other_clerk)) == ["C1"]


def test_the_outsider_exports_nothing(outsider, cadets):
    assert cadet_export_rows(outsider) == []


def test_the_academy_commander_may_export_one_battalion(academy_commander, battalion, cadets):
    assert len(cadet_export_rows(academy_commander)) == 5
    assert codes(cadet_export_rows(academy_commander, battalion)) == ["A1", "A2", "B1", "B2"]


def test_a_row_holds_the_person_and_their_step_dates(clerk, cadets):
    official = cadets["official"]
    [row] = [row for row in cadet_export_rows(clerk) if row["code"] == "B2"]
    steps = {step.kind: step.date for step in official.steps.all()}
    assert row == {
        "code": "B2",
        "full_name": official.full_name,
        "date_of_birth": official.date_of_birth,
        "gender": "Nam",
        "cell": "CB",
        "cohort": "K50",
        "class_name": "",
        "programme": "Sĩ quan cấp phân đội trình độ đại học",
        "enrolment_date": datetime.date(2016, 9, 1),
        "expected_graduation_date": datetime.date(2021, 7, 1),
        "youth_union_date": datetime.date(2014, 3, 26),
        "course": steps[StepKind.AWARENESS_COURSE],
        "decision": steps[StepKind.DECISION],
        "decision_number": "12-QĐ/ĐU",
        "ceremony": steps[StepKind.CEREMONY],
        "conversion": steps[StepKind.CONVERSION_DECISION],
        "hometown": "",
        "position": "",
        "ethnicity": "",
        "religion": "",
        "citizen_id": "",
        "place_of_birth": "",
        "permanent_address": "",
        "military_rank": "",
        "general_education": "",
        "professional_qualification": "",
        "political_theory": "",
        "party_card_number": "",
        "party_card_date": None,
        "party_file_number": "",
    }


def test_the_export_reads_the_database_a_bounded_number_of_times(
    clerk, cell_a, django_assert_max_num_queries
):
    for index in range(15):
        advance(PersonFactory(cell=cell_a, code=f"X{index:02d}"), StepKind.DECISION)
    with django_assert_max_num_queries(3):
        assert len(cadet_export_rows(clerk)) == 15


def test_the_xlsx_export_has_the_template_header_real_dates_and_the_notes(clerk, cadets):
    workbook = load_workbook(io.BytesIO(xlsx_bytes(cadet_export_rows(clerk))))
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == HEADER
    birth = sheet.cell(row=2, column=3)
    assert birth.is_date
    assert birth.number_format == "DD/MM/YYYY"
    assert NOTES_SHEET in workbook.sheetnames


def test_text_that_looks_like_a_formula_is_exported_as_text(cell_a, clerk):
    PersonFactory(cell=cell_a, code="A1", class_name="=1+1")
    workbook = load_workbook(io.BytesIO(xlsx_bytes(cadet_export_rows(clerk))))
    cell = workbook.worksheets[0].cell(row=2, column=7)
    assert (cell.value, cell.data_type) == ("=1+1", "s")


def test_the_csv_export_is_utf8_with_a_byte_order_mark_and_dd_mm_yyyy_dates(clerk, cadets):
    text = csv_bytes(cadet_export_rows(clerk)).decode("utf-8")
    assert text.startswith("\ufeff" + ",".join(HEADER))
    assert ",10/05/1998," in text.splitlines()[1]


def empty_the_records() -> None:
    Assignment.objects.all().delete()
    Person.objects.all().delete()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_into_an_empty_database_gives_the_same_data(fmt, clerk, cadets, apply):
    rows = cadet_export_rows(clerk)
    content = xlsx_bytes(rows) if fmt == "xlsx" else csv_bytes(rows)
    empty_the_records()
    report = apply(content, filename=f"xuat.{fmt}")
    assert report.created == 4
    assert cadet_export_rows(clerk) == rows
    assert read_xlsx(xlsx_bytes(cadet_export_rows(clerk)))[0] == [c.header for c in COLUMNS]


def test_importing_an_export_over_the_same_data_changes_nothing(clerk, cadets, apply):
    report = apply(xlsx_bytes(cadet_export_rows(clerk)), filename="xuat.xlsx")
    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_text_that_a_spreadsheet_would_run_is_neutralised_and_imports_back_unchanged(
    fmt, clerk, cell_a, apply
):
    PersonFactory(
        cell=cell_a,
        code="A1",
        full_name='=HYPERLINK("http://x","Xem")',
        cohort="+K50",
        class_name="-5",
    )
    rows = cadet_export_rows(clerk)
    if fmt == "csv":
        content = csv_bytes(rows)
        record = content.decode("utf-8").splitlines()[1]
        assert record.startswith('A1,"\'=HYPERLINK(""http://x"",""Xem"")"')
        assert ",'+K50,'-5," in record
    else:
        content = xlsx_bytes(rows)
        sheet = load_workbook(io.BytesIO(content)).worksheets[0]
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    empty_the_records()
    assert apply(content, filename=f"xuat.{fmt}").created == 1
    assert cadet_export_rows(clerk) == rows
