"""The yearly report upward (issue 15, item 5): its figures equal the dashboard's for the same
scope and year, its breakdowns add up to the admissions, members are counted as of the year's
end, and its .docx and XLSX carry the same figures, filled and dated the official way."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.concurrency import current_version
from members.choices import Ethnicity, ExitGround, Gender, Religion, StepKind, StudyStatus
from members.services import person_update, step_record
from reports.dashboard import build_dashboard
from reports.yearly import report_filters, yearly_report
from reports.yearly_documents import summary_rows
from tests.factories import make_official_member
from tests.members.test_transfers import arrive, out
from tests.paperwork.helpers import docx_text

from .history import admissions, admitted, cadet

TODAY = datetime.date(2026, 11, 29)


def report(user, year, battalion=None, today=TODAY):
    return yearly_report(user, year=year, battalion=battalion, today=today)


@pytest.fixture
def cohorts(cell_a, cell_b, cell_c):
    """Cadets of two cohorts graduating in 2016 (one all members, one not) and one in 2017."""
    graduating = {"expected_graduation_date": datetime.date(2016, 7, 1), "cohort": "K40"}
    admissions(cell_a, 2015, 2, **graduating)
    cadet(cell_a, **graduating)
    admissions(cell_b, 2015, 1, cohort="K41", expected_graduation_date=datetime.date(2016, 8, 1))
    admissions(cell_c, 2015, 1, cohort="K40", expected_graduation_date=datetime.date(2016, 7, 1))
    admissions(cell_a, 2016, 1, cohort="K42", expected_graduation_date=datetime.date(2017, 7, 1))


# --- the dashboard's figures ---------------------------------------------------------------


@pytest.mark.parametrize("persona", ["clerk", "commander", "academy_commander", "other_clerk"])
@pytest.mark.parametrize("year", [2015, 2016, 2017, 2018])
def test_the_figures_equal_the_dashboards_for_the_same_scope_and_year(
    request, persona, year, known_history, cohorts, battalion
):
    user = request.getfixturevalue(persona)
    units = [None, battalion] if persona == "academy_commander" else [None]
    for unit in units:
        if unit is None and persona != "academy_commander":
            unit = user.battalion
        yearly = report(user, year, unit)
        built = build_dashboard(user, report_filters(user, year, unit, today=TODAY), list_limit=50)
        dashboard = built["tables"]
        [admitted_row] = dashboard["admissions"].rows or [{"year": year, "admitted": 0}]
        assert yearly.admitted == admitted_row["admitted"]
        if "admissions_by_cell" in dashboard:
            assert yearly.admitted_by_cell == dashboard["admissions_by_cell"].rows
        else:
            # Several battalions: the dashboard shows a row per battalion summing its cells'
            # rows (and reads no row by cell).
            by_battalion: dict[str, int] = {}
            for row in yearly.admitted_by_cell:
                name = row["battalion"]
                by_battalion[name] = by_battalion.get(name, 0) + row["admitted"]
            shown = {row["battalion"]: row["total"] for row in built["by_cell_grid"].rows}
            assert shown == by_battalion
        graduating = [row for row in dashboard["cohorts"].rows if row["graduation"].year == year]
        assert yearly.cohorts == graduating
        assert sum(line.count for line in yearly.by_gender) == yearly.admitted


def test_the_known_figures(academy_commander, clerk, known_history, cohorts, battalion):
    # KNOWN (conftest): 2015 cell A 2, cell C 4; cohorts: cells A, B, C 2015 admissions too.
    academy = report(academy_commander, 2015)
    assert academy.admitted == 2 + 4 + 2 + 1 + 1
    assert report(clerk, 2015, battalion).admitted == 2 + 2 + 1
    [k40, k41] = report(clerk, 2016, battalion).cohorts
    assert (k40["cohort"], k40["cadets"], k40["members"]) == ("K40", 3, 2)
    assert (k41["cohort"], k41["cadets"], k41["members"]) == ("K41", 1, 1)
    assert report(clerk, 2016, battalion).cohorts_met == 1


# --- the new members' make-up ---------------------------------------------------------------


def test_the_make_up_counts_each_new_member_once_per_criterion(clerk, cell_a, battalion):
    day = datetime.date(2020, 3, 2)
    admitted(cell_a, day, gender=Gender.FEMALE, ethnicity=Ethnicity.TAY, religion=Religion.NONE)
    admitted(cell_a, day, ethnicity=Ethnicity.KINH, religion=Religion.BUDDHISM)
    admitted(cell_a, day, date_of_birth=datetime.date(1989, 3, 3))  # 30 full years: 18–30
    admitted(cell_a, day, date_of_birth=datetime.date(1989, 3, 2))  # 31 that day
    yearly = report(clerk, 2020, battalion)
    assert yearly.admitted == 4
    lines = {
        name: {line.label: line.count for line in lines}
        for name, lines in [
            ("gender", yearly.by_gender),
            ("ethnicity", yearly.by_ethnicity),
            ("religion", yearly.by_religion),
            ("age", yearly.by_age),
            ("education", yearly.by_education),
        ]
    }
    assert lines["gender"] == {"Nam": 3, "Nữ": 1}
    assert lines["ethnicity"] == {"Kinh": 1, "Dân tộc thiểu số": 1, "– Tày": 1, "Chưa ghi": 2}
    assert lines["religion"] == {"Không": 1, "Phật giáo": 1, "Chưa ghi": 2}
    assert lines["age"]["Từ 18 đến 30 tuổi"] == 3
    assert lines["age"]["Từ 31 đến 40 tuổi"] == 1
    assert sum(lines["education"].values()) == 4


# --- conversions, exits, transfers, members at the year's end -------------------------------


def test_conversions_and_exits_are_counted_in_their_year(clerk, cell_a, battalion):
    member = admitted(cell_a, datetime.date(2018, 3, 1))
    step_record(
        person=member,
        kind=StepKind.CONVERSION_DECISION,
        date=datetime.date(2019, 3, 20),
        is_historical=True,
    )
    other = admitted(cell_a, datetime.date(2018, 4, 2))
    step_record(
        person=other,
        kind=StepKind.STRUCK_OFF,
        date=datetime.date(2019, 5, 6),
        exit_ground=ExitGround.PROBATION_UNFIT,
        document_number="12-QĐ/ĐU",
    )
    yearly = report(clerk, 2019, battalion)
    assert (yearly.converted, yearly.struck_off, yearly.expelled) == (1, 1, 0)
    assert (
        report(clerk, 2018, battalion).converted,
        report(clerk, 2018, battalion).struck_off,
    ) == (
        0,
        0,
    )


def test_members_are_counted_at_the_years_end(clerk, cell_a, battalion):
    # Ceremony 14 days after each decision (history.admitted).
    official = admitted(cell_a, datetime.date(2017, 3, 1))
    step_record(
        person=official,
        kind=StepKind.CONVERSION_DECISION,
        date=datetime.date(2018, 3, 20),
        is_historical=True,
    )
    admitted(cell_a, datetime.date(2018, 12, 10))  # ceremony 24/12/2018: probationary
    admitted(cell_a, datetime.date(2018, 12, 20))  # ceremony 03/01/2019: not yet
    # Graduated on 01/07/2018: their stay in the cell ended then.
    graduated = datetime.date(2018, 7, 1)
    admitted(
        cell_a,
        datetime.date(2017, 2, 1),
        expected_graduation_date=graduated,
        study_status=StudyStatus.GRADUATED,
    )
    # Withdrawn today: a member at the end of 2018.
    left = admitted(cell_a, datetime.date(2018, 2, 1))
    person_update(
        person=left, seen_version=current_version(left), study_status=StudyStatus.WITHDRAWN
    )
    end_2018 = report(clerk, 2018, battalion, today=datetime.date(2019, 1, 1))
    assert (end_2018.members_probationary, end_2018.members_official) == (2, 1)
    end_2017 = report(clerk, 2017, battalion, today=datetime.date(2019, 1, 1))
    assert (end_2017.members_probationary, end_2017.members_official) == (2, 0)


def test_the_year_under_way_is_counted_to_the_reports_date(clerk, cell_a, battalion):
    admitted(cell_a, datetime.date(2018, 3, 1))
    yearly = report(clerk, 2018, battalion, today=datetime.date(2018, 6, 30))
    assert yearly.until == datetime.date(2018, 6, 30)
    assert yearly.members_probationary == 1


# --- pages and downloads --------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["secretary_a", "admin_user"])
def test_only_clerks_and_commanders_report_upward(request, db, client_for, persona):
    client = client_for(request.getfixturevalue(persona))
    for name in ("yearly", "yearly_docx", "yearly_xlsx"):
        assert client.get(reverse(f"reports:{name}")).status_code == 403


def test_another_battalion_is_not_found(client_for, clerk, other_battalion):
    client = client_for(clerk)
    query = {"tieu_doan": other_battalion.pk, "nam": 2016}
    assert client.get(reverse("reports:yearly_docx"), query).status_code == 404
    assert client.get(reverse("reports:yearly_xlsx"), query).status_code == 404
    page = client.get(reverse("reports:yearly"), query)
    assert page.status_code == 200
    assert page.context["form"].errors["tieu_doan"]


def test_a_year_to_come_is_refused(client_for, clerk, battalion):
    query = {"tieu_doan": battalion.pk, "nam": timezone.localdate().year + 1}
    assert client_for(clerk).get(reverse("reports:yearly_xlsx"), query).status_code == 404


def test_the_docx_is_filled_dated_officially_and_holds_the_figures(
    client_for, clerk, battalion, known_history, cohorts
):
    response = client_for(clerk).get(
        reverse("reports:yearly_docx"), {"tieu_doan": battalion.pk, "nam": 2015}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-2015-td1.docx"')
    text = docx_text(response.content)
    assert "{{" not in text
    assert "{%" not in text
    assert "KẾT QUẢ CÔNG TÁC PHÁT TRIỂN ĐẢNG VIÊN NĂM 2015" in text
    assert "từ ngày 01 tháng 01 năm 2015 đến ngày 31 tháng 12 năm 2015" in text
    assert battalion.committee_name.upper() in text
    yearly = report(clerk, 2015, battalion, today=timezone.localdate())
    assert f"Trong năm kết nạp {yearly.admitted} đảng viên." in text


def test_the_xlsx_holds_the_pages_figures(client_for, commander, battalion, known_history):
    response = client_for(commander).get(reverse("reports:yearly_xlsx"), {"nam": 2016})
    workbook = load_workbook(io.BytesIO(response.content))
    rows = [[cell.value for cell in row] for row in workbook.worksheets[0].iter_rows()]
    assert rows[0] == ["Mục", "Nội dung", "Số liệu"]
    yearly = report(commander, 2016, battalion, today=timezone.localdate())
    assert rows[1:] == [[row["section"], row["item"], row["value"]] for row in summary_rows(yearly)]
    assert len(workbook.sheetnames) == 3


def test_the_page_shows_the_report_and_its_downloads(client_for, clerk, known_history):
    page = client_for(clerk).get(reverse("reports:yearly"), {"nam": 2016})
    text = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="yearly-docx"' in text


def test_the_dashboard_links_to_it_for_those_who_report(client_for, clerk, secretary_a):
    assert (
        'data-testid="yearly-link"'
        in client_for(clerk).get(reverse("reports:dashboard")).content.decode()
    )
    assert (
        'data-testid="yearly-link"'
        not in client_for(secretary_a).get(reverse("reports:dashboard")).content.decode()
    )


def test_transfers_in_and_out_are_counted_in_their_year_and_arrivals_are_not_admissions(
    clerk, academy_commander, cell_a, battalion
):
    arrive(cell_a)  # arrived 10/05/2018, admitted elsewhere in 2014
    out(make_official_member(cell_a))  # introduced out 15/03/2019
    in_2018 = report(clerk, 2018, battalion)
    assert (in_2018.transferred_in, in_2018.transferred_out, in_2018.admitted) == (1, 0, 0)
    assert report(clerk, 2014, battalion).admitted == 0
    in_2019 = report(academy_commander, 2019)
    assert (in_2019.transferred_in, in_2019.transferred_out) == (0, 1)


@pytest.mark.parametrize("value", ["99999999999999999999999", "abc", "-1", "<b>"])
def test_a_hostile_unit_or_year_is_refused_without_an_error(client_for, clerk, value):
    client = client_for(clerk)
    for query in ({"tieu_doan": value}, {"nam": value}):
        assert client.get(reverse("reports:yearly"), query).status_code == 200
        assert client.get(reverse("reports:yearly_xlsx"), query).status_code == 404
