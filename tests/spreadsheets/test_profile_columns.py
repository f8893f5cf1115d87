"""The lý lịch columns of the import and export: optional, read by name or code, blank keeps the
stored value, the citizen ID unique on every row, the sensitive fields masked in the export
unless a clerk asks for them in full, and a masked cell imported back keeps the stored value."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from members.choices import Ethnicity, MilitaryRank, PoliticalTheory, Religion
from members.models import Person
from spreadsheets.columns import BY_KEY, LISTS_SHEET
from spreadsheets.selectors import cadet_export_rows
from spreadsheets.writers import xlsx_bytes
from tests.factories import PersonFactory

from .files import cadet, read_xlsx, xlsx

CITIZEN_ID = "001098004789"
ADDRESS = "Thôn Đông, xã Hải Hậu, tỉnh Ninh Bình"
MASKED_ID = "•••••••••789"

PROFILE = {
    "ethnicity": "Tày",
    "religion": "Không",
    "citizen_id": CITIZEN_ID,
    "place_of_birth": "Cao Bằng",
    "hometown": "Hòa An, Cao Bằng",
    "permanent_address": ADDRESS,
    "military_rank": "Hạ sĩ",
    "position": "Lớp trưởng",
    "general_education": "12/12",
    "professional_qualification": "",
    "political_theory": "Sơ cấp",
    "party_card_number": "01234567",
    "party_card_date": "03/02/2019",
    "party_file_number": "LL-2018-125",
}


def messages(report) -> list[tuple[str, str]]:
    return [(issue.column, issue.message) for issue in report.errors]


def test_a_row_with_a_full_profile_is_imported(apply):
    apply(xlsx([cadet(**PROFILE)]))
    person = Person.objects.get(code="HV001")
    assert (person.ethnicity, person.religion) == (Ethnicity.TAY, Religion.NONE)
    assert (person.citizen_id, person.permanent_address) == (CITIZEN_ID, ADDRESS)
    assert person.military_rank == MilitaryRank.CORPORAL
    assert person.political_theory == PoliticalTheory.ELEMENTARY
    assert person.party_card_date == datetime.date(2019, 2, 3)
    assert (person.hometown, person.position) == ("Hòa An, Cao Bằng", "Lớp trưởng")
    assert person.history.get().citizen_id == CITIZEN_ID


def test_the_profile_columns_are_optional(apply):
    keys = [key for key in BY_KEY if key not in PROFILE]
    row = cadet()
    header = [BY_KEY[key].header for key in keys]
    apply(xlsx([[row[key] for key in keys]], header=header, raw=True))
    assert Person.objects.get(code="HV001").citizen_id is None


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("Khơ-me", "05"), ("khome", "05"), ("Khmer", "05"), ("5", "05"), ("H'Mông", "08")],
)
def test_an_ethnicity_is_read_by_name_code_or_other_spelling(apply, typed, stored):
    apply(xlsx([cadet(ethnicity=typed)]))
    assert Person.objects.get(code="HV001").ethnicity == stored


def test_an_unknown_choice_is_refused_naming_the_column(preview):
    report = preview(xlsx([cadet(ethnicity="Kinh Bắc", political_theory="Đại học")]))
    found = messages(report)
    assert ("Dân tộc", found[0][1]) == found[0]
    assert "“Kinh Bắc” không có" in found[0][1]
    assert found[1][0] == "Lý luận chính trị"
    assert "Sơ cấp; Trung cấp" in found[1][1]


def test_a_citizen_id_typed_as_a_number_keeps_its_leading_zeros(apply):
    apply(xlsx([cadet(citizen_id=1098004789)]))
    assert Person.objects.get(code="HV001").citizen_id == "001098004789"


@pytest.mark.parametrize("citizen_id", ["00109800478", "0010980047890", "00109800478x"])
def test_a_citizen_id_not_of_twelve_digits_is_refused(preview, citizen_id):
    found = messages(preview(xlsx([cadet(citizen_id=citizen_id)])))
    assert {column for column, _message in found} == {"Số định danh cá nhân"}
    assert any("đúng 12 chữ số" in message for _column, message in found)


def test_a_citizen_id_twice_in_the_file_is_refused_on_the_second_row(preview):
    rows = [cadet(citizen_id=CITIZEN_ID), cadet(code="HV002", citizen_id=CITIZEN_ID)]
    report = preview(xlsx(rows))
    [issue] = report.errors
    assert (issue.row, issue.column) == (3, "Số định danh cá nhân")
    assert "trùng với dòng 2" in issue.message


def test_a_citizen_id_of_someone_else_in_the_battalion_is_refused_naming_them(preview, cell_a):
    PersonFactory(cell=cell_a, code="A7", citizen_id=CITIZEN_ID)
    [(column, message)] = messages(preview(xlsx([cadet(citizen_id=CITIZEN_ID)])))
    assert column == "Số định danh cá nhân"
    assert "đã có ở hồ sơ A7" in message


def test_a_citizen_id_of_someone_in_another_battalion_is_refused_without_naming_them(
    preview, cell_c
):
    PersonFactory(cell=cell_c, code="C7", citizen_id=CITIZEN_ID)
    [(_column, message)] = messages(preview(xlsx([cadet(citizen_id=CITIZEN_ID)])))
    assert "đã có ở một hồ sơ khác" in message
    assert "C7" not in message


def test_the_persons_own_citizen_id_is_no_clash(apply):
    apply(xlsx([cadet(citizen_id=CITIZEN_ID)]))
    report = apply(xlsx([cadet(citizen_id=CITIZEN_ID, ethnicity="Kinh")]))
    assert report.updated == 1


def test_a_blank_cell_keeps_the_stored_profile_unless_asked_to_erase(apply):
    apply(xlsx([cadet(**PROFILE)]))
    report = apply(xlsx([cadet(**{**PROFILE, "ethnicity": "", "citizen_id": ""})]))
    assert {erasure.column for erasure in report.erasures} == {"Dân tộc", "Số định danh cá nhân"}
    person = Person.objects.get(code="HV001")
    assert (person.ethnicity, person.citizen_id) == (Ethnicity.TAY, CITIZEN_ID)
    apply(xlsx([cadet(**{**PROFILE, "ethnicity": "", "citizen_id": ""})]), erase_blanks=True)
    person.refresh_from_db()
    assert (person.ethnicity, person.citizen_id) == ("", None)


def test_a_youth_union_date_on_the_birth_day_is_refused_the_day_after_accepted(preview):
    [(column, message)] = messages(preview(xlsx([cadet(youth_union_date="10/05/1998")])))
    assert column == "Ngày vào Đoàn"
    assert "phải sau ngày sinh" in message
    assert preview(xlsx([cadet(youth_union_date="11/05/1998")])).ok


def test_a_party_card_before_the_decision_is_refused_on_its_day_accepted(preview):
    # cadet(): the admission decision is dated 03/09/2018.
    report = preview(xlsx([cadet(party_card_date="02/09/2018")]))
    assert "không được trước ngày quyết định kết nạp" in report.errors[0].message
    assert preview(xlsx([cadet(party_card_date="03/09/2018")])).ok


def test_a_party_card_date_changed_alone_is_checked_against_the_recorded_decision(apply, preview):
    apply(xlsx([cadet()]))
    assert not preview(xlsx([cadet(party_card_date="02/09/2018")])).ok
    assert preview(xlsx([cadet(party_card_date="03/09/2018")])).ok


# --- export: masked unless a clerk asks --------------------------------------------------


@pytest.fixture
def profiled(cell_a):
    return PersonFactory(
        cell=cell_a, code="A1", citizen_id=CITIZEN_ID, permanent_address=ADDRESS,
        ethnicity=Ethnicity.KINH,
    )  # fmt: skip


def only_row(rows):
    [row] = rows
    return row["citizen_id"], row["permanent_address"]


def test_the_export_is_masked_even_for_the_clerk_by_default(clerk, profiled):
    citizen_id, address = only_row(cadet_export_rows(clerk))
    assert citizen_id == MASKED_ID
    assert "•" in address
    assert ADDRESS not in address


def test_the_clerk_may_ask_for_the_full_values(clerk, profiled):
    assert only_row(cadet_export_rows(clerk, full=True)) == (CITIZEN_ID, ADDRESS)


@pytest.mark.parametrize("persona", ["secretary_a", "commander", "academy_commander"])
def test_other_roles_asking_for_the_full_values_still_get_them_masked(request, profiled, persona):
    citizen_id, _address = only_row(cadet_export_rows(request.getfixturevalue(persona), full=True))
    assert citizen_id == MASKED_ID


def _download(client_for, user, fmt, **params):
    return client_for(user).get(reverse(f"spreadsheets:export_{fmt}"), params)


def test_the_export_page_offers_the_full_values_to_the_clerk_only(
    client_for, clerk, secretary_a, profiled
):
    assert 'data-testid="export-full"' in (
        client_for(clerk).get(reverse("spreadsheets:export")).content.decode()
    )
    assert 'data-testid="export-full"' not in (
        client_for(secretary_a).get(reverse("spreadsheets:export")).content.decode()
    )


def test_the_downloads_honour_the_full_values_for_the_clerk_only(
    client_for, clerk, secretary_a, profiled
):
    full = _download(client_for, clerk, "xlsx", day_du="1")
    assert CITIZEN_ID in read_xlsx(full.content)[1]
    assert "-day-du-" in full["Content-Disposition"]
    assert MASKED_ID in read_xlsx(_download(client_for, clerk, "xlsx").content)[1]
    csv_text = _download(client_for, secretary_a, "csv", day_du="1").content.decode("utf-8-sig")
    assert MASKED_ID in csv_text
    assert CITIZEN_ID not in csv_text
    assert ADDRESS not in csv_text


def test_a_masked_export_imports_back_without_changing_the_sensitive_fields(
    client_for, clerk, profiled, apply
):
    exported = _download(client_for, clerk, "xlsx").content
    report = apply(exported)
    assert report.ok
    assert report.unchanged == 1
    profiled.refresh_from_db()
    assert (profiled.citizen_id, profiled.permanent_address) == (CITIZEN_ID, ADDRESS)


def test_a_masked_cell_that_is_not_the_stored_value_is_refused(preview, profiled):
    rows = [cadet(code="A1", citizen_id="•••••••••000"), cadet(code="HV9", citizen_id=MASKED_ID)]
    report = preview(xlsx(rows))
    assert [issue.row for issue in report.errors] == [2, 3]
    assert all("đang bị che" in issue.message for issue in report.errors)


def test_a_full_export_imports_back_unchanged(client_for, clerk, profiled, apply):
    report = apply(_download(client_for, clerk, "csv", day_du="1").content, filename="x.csv")
    assert report.unchanged == 1


def test_the_template_offers_the_long_lists_on_a_sheet_of_their_own():
    workbook = load_workbook(io.BytesIO(xlsx_bytes([])))
    names = [row[0].value for row in workbook[LISTS_SHEET].iter_rows()]
    assert len(names) == 54
    assert names[0] == "Kinh"


def test_the_export_reads_the_database_the_same_number_of_times(
    clerk, cell_a, django_assert_max_num_queries
):
    for index in range(5):
        PersonFactory(cell=cell_a, code=f"X{index}", citizen_id=f"00109800400{index}")
    with django_assert_max_num_queries(3):
        assert len(cadet_export_rows(clerk, full=True)) == 5
