import csv
import io

import pytest
from openpyxl import load_workbook

from reports.tables import SPECS

pytestmark = pytest.mark.django_db

ADMISSIONS_CSV = "/reports/admissions.csv"


def read_csv(response) -> list[dict]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def yearly(rows) -> dict[int, int]:
    return {int(row["year"]): int(row["admitted"]) for row in rows}


def test_admissions_csv_has_a_row_per_year_with_year_and_admitted(
    known_history, academy_commander, client_for
):
    response = client_for(academy_commander).get(ADMISSIONS_CSV)
    assert response.status_code == 200
    assert response.content.decode().splitlines()[0] == "year,admitted"
    assert yearly(read_csv(response)) == {2015: 6, 2016: 4, 2017: 0, 2018: 1}


def test_admissions_csv_takes_the_dashboard_filters(known_history, academy_commander, client_for):
    response = client_for(academy_commander).get(ADMISSIONS_CSV, {"year_from": 2016})
    assert yearly(read_csv(response)) == {2016: 4, 2017: 0, 2018: 1}


def test_a_clerk_of_td2_sees_none_of_td1s_admissions(known_history, other_clerk, client_for):
    assert yearly(read_csv(client_for(other_clerk).get(ADMISSIONS_CSV))) == {2015: 4}


def test_a_secretary_sees_only_their_cells_admissions(known_history, secretary_b, client_for):
    rows = read_csv(client_for(secretary_b).get(ADMISSIONS_CSV))
    assert yearly(rows) == {2016: 1, 2017: 0, 2018: 1}


def test_the_outsider_gets_no_export(known_history, outsider, client_for):
    assert client_for(outsider).get(ADMISSIONS_CSV).status_code == 403
    assert client_for(outsider).get("/bao-cao/xuat/cohorts.xlsx").status_code == 403


def test_a_cell_outside_the_scope_is_refused(known_history, other_clerk, cell_a, client_for):
    response = client_for(other_clerk).get(ADMISSIONS_CSV, {"cell": cell_a.pk})
    assert response.status_code == 400
    # The export checks ids without drawing the form's choices (issue 17): a battalion too.
    response = client_for(other_clerk).get(ADMISSIONS_CSV, {"battalion": cell_a.battalion_id})
    assert response.status_code == 400
    assert client_for(other_clerk).get(ADMISSIONS_CSV, {"cell": "x1"}).status_code == 400


def test_an_unknown_table_is_not_found(academy_commander, client_for):
    assert client_for(academy_commander).get("/bao-cao/xuat/people.csv").status_code == 404
    assert client_for(academy_commander).get("/bao-cao/xuat/admissions.pdf").status_code == 404


@pytest.mark.parametrize("table", sorted(SPECS))
def test_every_table_exports_to_csv_with_its_column_keys(
    known_history, academy_commander, client_for, table
):
    response = client_for(academy_commander).get(f"/bao-cao/xuat/{table}.csv")
    assert response.status_code == 200
    header = response.content.decode().splitlines()[0]
    assert header == ",".join(column.key for column in SPECS[table].columns)


@pytest.mark.parametrize("table", sorted(SPECS))
def test_every_export_of_td2s_clerk_leaves_out_td1(known_history, other_clerk, client_for, table):
    body = client_for(other_clerk).get(f"/bao-cao/xuat/{table}.csv").content.decode()
    assert "Chi bộ A" not in body
    assert "Chi bộ B" not in body
    assert "CA" not in body.split(",")


@pytest.mark.parametrize("table", ["graduating", "conversions", "cohorts"])
def test_people_lists_of_td2s_clerk_hold_only_td2s_people(
    known_history, other_clerk, client_for, table
):
    td1_codes = {p.code for p in known_history if p.cell.battalion.code == "TD1"}
    body = client_for(other_clerk).get(f"/bao-cao/xuat/{table}.csv").content.decode()
    assert not any(code in body for code in td1_codes)


def test_xlsx_carries_the_same_rows_as_the_csv(known_history, clerk, client_for):
    client = client_for(clerk)
    response = client.get("/bao-cao/xuat/admissions.xlsx", {"year_from": 2015, "year_to": 2018})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Năm", "Số kết nạp")
    assert rows[1:] == [(2015, 2), (2016, 4), (2017, 0), (2018, 1)]


def test_xlsx_keeps_dates_as_dates(known_history, academy_commander, client_for):
    response = client_for(academy_commander).get("/bao-cao/xuat/conversions.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    due = sheet.cell(row=2, column=6)
    assert due.is_date
    assert due.number_format == "DD/MM/YYYY"


def test_csv_writes_dates_as_day_month_year(known_history, academy_commander, client_for):
    rows = read_csv(client_for(academy_commander).get("/bao-cao/xuat/conversions.csv"))
    day, month, year = rows[0]["due"].split("/")
    assert len(day) == 2
    assert len(month) == 2
    assert len(year) == 4
