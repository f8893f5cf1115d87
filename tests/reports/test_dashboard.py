import datetime
import json

import pytest
from django.utils import timezone

from core.dates import official_date
from members.choices import StepKind
from members.services import step_record
from reports.selectors import ReportFilters, admissions_by_cell

from .history import admissions, cadet

pytestmark = pytest.mark.django_db

DASHBOARD = "/bao-cao/"
# At most 16 queries per dashboard request, whatever the number of people: the session (read
# and touched) and the user, the unit choices, and one query per table (the cohort panel's
# two tables, the target programme's cohorts and the other programmes', come from one); the
# admission forecast adds the plans' queries (members.plans, at most six) when there are
# cadets to plan.
MAX_QUERIES = 16
PLAN_QUERIES = 6


def charts(response) -> dict:
    return json.loads(
        response.context["charts"]
        and response.content.decode()
        .split('<script id="report-charts" type="application/json">')[1]
        .split("</script>")[0]
    )


def test_the_commander_sees_yearly_admissions_in_the_table_and_chart(
    known_history, commander, client_for
):
    response = client_for(commander).get(DASHBOARD, {"year_from": 2015, "year_to": 2016})
    assert response.status_code == 200
    rows = response.context["tables"]["admissions"].rows
    assert rows == [{"year": 2015, "admitted": 2}, {"year": 2016, "admitted": 4}]
    chart = charts(response)["admissions"]
    assert chart["labels"] == [2015, 2016]
    assert chart["datasets"][0]["data"] == [2, 4]


def test_each_role_sees_the_dashboard_of_its_scope(
    known_history, client_for, academy_commander, admin_user, clerk, other_clerk, secretary_a
):
    expected = {academy_commander: 6, admin_user: 6, clerk: 2, other_clerk: 4, secretary_a: 2}
    for user, in_2015 in expected.items():
        response = client_for(user).get(DASHBOARD, {"year_from": 2015, "year_to": 2015})
        assert response.context["tables"]["admissions"].rows == [
            {"year": 2015, "admitted": in_2015}
        ]


def test_the_outsider_is_refused(outsider, client_for):
    assert client_for(outsider).get(DASHBOARD).status_code == 403
    assert client_for(outsider).get("/bao-cao/in/").status_code == 403
    assert client_for(outsider).get("/bao-cao/thoi-gian-buoc/").status_code == 403


def test_the_unit_choices_are_limited_to_the_scope(cell_a, cell_b, cell_c, clerk, client_for):
    form = client_for(clerk).get(DASHBOARD).context["form"]
    cells = [value for _, group in form.fields["cell"].choices[1:] for value, _ in group]
    assert cells == [cell_a.pk, cell_b.pk]
    assert not form.show_battalion


def test_a_cell_of_another_battalion_is_an_error_not_a_leak(
    known_history, other_clerk, cell_a, client_for
):
    response = client_for(other_clerk).get(DASHBOARD, {"cell": cell_a.pk})
    assert "cell" in response.context["form"].errors
    assert response.context["filters"].cell_id is None
    years = {row["year"]: row["admitted"] for row in response.context["tables"]["admissions"].rows}
    assert years == {2015: 4}


def test_a_reversed_year_range_is_refused(academy_commander, client_for):
    response = client_for(academy_commander).get(DASHBOARD, {"year_from": 2018, "year_to": 2015})
    assert "year_to" in response.context["form"].errors
    assert "Năm kết thúc" in response.content.decode()


def test_admissions_by_cell_come_on_demand(known_history, clerk, client_for):
    client = client_for(clerk)
    assert "admissions_by_cell" not in client.get(DASHBOARD).context["tables"]
    response = client.get(DASHBOARD, {"by_cell": "on", "year_from": 2016, "year_to": 2016})
    assert [
        (r["cell_code"], r["admitted"])
        for r in response.context["tables"]["admissions_by_cell"].rows
    ] == [
        ("CA", 3),
        ("CB", 1),
    ]
    datasets = charts(response)["admissions"]["datasets"]
    assert [dataset["data"] for dataset in datasets] == [[3], [1]]


def test_the_page_shows_admissions_by_cell_as_a_row_per_cell_and_a_column_per_year(
    known_history, clerk, client_for
):
    response = client_for(clerk).get(
        DASHBOARD, {"by_cell": "on", "year_from": 2015, "year_to": 2016}
    )
    grid = response.context["by_cell_grid"]
    assert [column.key for column in grid.columns] == ["battalion", "cell", "2015", "2016", "total"]
    by_year = {
        (row["year"], row["cell_code"]): row["admitted"]
        for row in response.context["tables"]["admissions_by_cell"].rows
    }
    for row in grid.rows:
        code = "CA" if row["cell"] == "Chi bộ A" else "CB"
        assert row["2016"] == by_year.get((2016, code), 0)
        assert row["total"] == by_year.get((2015, code), 0) + by_year.get((2016, code), 0)
    assert len(grid.rows) == len({code for _, code in by_year})


def test_the_grid_by_cell_names_the_battalion_with_its_code_as_a_tooltip(
    known_history, clerk, client_for
):
    response = client_for(clerk).get(DASHBOARD, {"by_cell": "on", "year_from": 2015})
    grid = response.context["by_cell_grid"]
    assert {row["battalion"] for row in grid.rows} == {"Tiểu đoàn 1"}
    body = response.content.decode()
    assert '<td title="TD1">Tiểu đoàn 1</td>' in body
    assert ">TD1<" not in body
    labels = [dataset["label"] for dataset in charts(response)["admissions"]["datasets"]]
    assert labels == ["Chi bộ A · Tiểu đoàn 1", "Chi bộ B · Tiểu đoàn 1"]


def test_an_htmx_filter_change_returns_only_the_panels(known_history, commander, client_for):
    response = client_for(commander).get(
        DASHBOARD, {"year_from": 2016}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="report-panels"')
    assert "<html" not in body


def test_the_export_links_carry_the_filters(known_history, commander, client_for):
    body = client_for(commander).get(DASHBOARD, {"year_from": 2016}).content.decode()
    assert "/bao-cao/xuat/admissions.csv?year_from=2016" in body


def test_the_durations_panel_loads_separately(cell_a, commander, client_for):
    body = client_for(commander).get(DASHBOARD).content.decode()
    assert 'hx-get="/bao-cao/thoi-gian-buoc/"' in body
    response = client_for(commander).get("/bao-cao/thoi-gian-buoc/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert [row["stage"] for row in response.context["table"].rows][0] == StepKind.LISTED
    assert "<html" not in response.content.decode()


def test_the_durations_panel_opened_on_its_own_is_a_page(cell_a, commander, client_for):
    body = client_for(commander).get("/bao-cao/thoi-gian-buoc/").content.decode()
    assert "<html" in body
    assert 'data-testid="durations"' in body


def test_reports_accept_no_post(commander, client_for):
    for url in (DASHBOARD, "/bao-cao/in/", "/bao-cao/thoi-gian-buoc/", "/reports/admissions.csv"):
        assert client_for(commander).post(url).status_code == 405


def test_the_print_view_holds_every_table(known_history, commander, client_for):
    response = client_for(commander).get("/bao-cao/in/", {"year_from": 2015})
    assert response.status_code == 200
    assert set(response.context["tables"]) >= {
        "admissions", "quarters", "cohorts", "graduating", "funnel", "conversions", "ratings",
    }  # fmt: skip
    assert "css/reports.css" in response.content.decode()


def test_the_print_view_is_headed_dated_and_signed_as_a_committee_document(
    battalion, commander, academy_commander, client_for
):
    today = timezone.localdate()
    page = client_for(commander).get("/bao-cao/in/").content.decode()
    assert battalion.committee_name.upper() in page
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in page
    assert official_date(today) in page
    assert f"T/M {battalion.committee_name.upper()}" in page
    academy_page = client_for(academy_commander).get("/bao-cao/in/").content.decode()
    assert f"T/M ĐẢNG ỦY {battalion.academy.name.upper()}" in academy_page


def test_the_commander_home_leads_to_the_dashboard(cell_a, commander, client_for):
    step_record(
        person=cadet(cell_a),
        kind=StepKind.DECISION,
        date=timezone.localdate() - datetime.timedelta(days=3),
        is_historical=True,
    )
    body = client_for(commander).get("/").content.decode()
    assert 'data-testid="open-dashboard"' in body
    assert 'data-testid="summary-this-year">1<' in body


@pytest.mark.parametrize("persona", ["academy_commander", "commander", "secretary_a"])
@pytest.mark.parametrize("per_year", [1, 6])
def test_the_dashboard_query_count_does_not_grow_with_the_data(
    cell_a, cell_b, cell_c, client_for, assert_max_queries, per_year, persona, request
):
    for cell in (cell_a, cell_b, cell_c):
        for year in (2015, 2016):
            admissions(cell, year, per_year)
    client = client_for(request.getfixturevalue(persona))
    for url in (DASHBOARD, "/bao-cao/in/", "/bao-cao/thoi-gian-buoc/"):
        for by_cell in ("", "on"):
            with assert_max_queries(MAX_QUERIES):
                client.get(url, {"by_cell": by_cell})


@pytest.mark.parametrize("per_year", [1, 6])
def test_the_exports_query_count_does_not_grow_with_the_data(
    cell_a, commander, client_for, assert_max_queries, per_year
):
    admissions(cell_a, 2015, per_year)
    client = client_for(commander)
    for url in ("/reports/admissions.csv", "/bao-cao/xuat/conversions.xlsx"):
        with assert_max_queries(6):
            client.get(url)


def test_the_chosen_unit_stays_selected(cell_a, cell_b, academy_commander, client_for):
    body = client_for(academy_commander).get(DASHBOARD, {"cell": cell_b.pk}).content.decode()
    assert f'<option value="{cell_b.pk}" selected>Chi bộ B</option>' in body
    assert f'<option value="{cell_a.pk}">Chi bộ A</option>' in body
    assert '<optgroup label="Tiểu đoàn 1">' in body


def test_a_whole_academy_by_cell_shows_a_row_per_battalion_that_opens_its_cells(
    known_history, academy_commander, battalion, other_battalion, client_for
):
    client = client_for(academy_commander)
    response = client.get(DASHBOARD, {"by_cell": "on", "year_from": 2015, "year_to": 2016})
    grid = response.context["by_cell_grid"]
    assert [column.key for column in grid.columns] == ["battalion", "2015", "2016", "total"]
    assert str(grid.title).startswith("Kết nạp theo năm và tiểu đoàn")
    # Only battalions are shown: the page reads no row by cell; the export's rows add up.
    assert "admissions_by_cell" not in response.context["tables"]
    by_cell = admissions_by_cell(
        academy_commander, ReportFilters(year_from=2015, year_to=2016, by_cell=True)
    )
    for row in grid.rows:
        mine = [line for line in by_cell if line["battalion"] == row["battalion"]]
        assert row["total"] == sum(line["admitted"] for line in mine)
    # The battalions by name (what people call them), in the order of their codes.
    assert [row["battalion"] for row in grid.rows] == ["Tiểu đoàn 1", "Tiểu đoàn 2"]
    datasets = charts(response)["admissions"]["datasets"]
    assert [dataset["label"] for dataset in datasets] == sorted(
        {line["battalion"] for line in by_cell}, key=[line["battalion"] for line in by_cell].index
    )
    link = next(row for row in grid.rows if row["battalion"] == battalion.name)["battalion_url"]
    body = response.content.decode()
    assert f'<td title="TD1"><a href="{link.replace("&", "&amp;")}">Tiểu đoàn 1</a>' in body
    drilled = client.get(link).context["by_cell_grid"]
    assert [column.key for column in drilled.columns][:2] == ["battalion", "cell"]
    assert {row["cell"] for row in drilled.rows} <= {"Chi bộ A", "Chi bộ B"}


def test_the_academys_grid_by_battalion_is_paged_and_printed_whole(
    known_history, academy_commander, client_for, monkeypatch
):
    monkeypatch.setattr("reports.dashboard.GRID_ROWS", 1)
    client = client_for(academy_commander)
    asked = {"by_cell": "on", "year_from": 2015, "year_to": 2016}
    printed = client.get("/bao-cao/in/", asked).context["by_cell_grid"].rows
    assert [row["battalion"] for row in printed] == ["Tiểu đoàn 1", "Tiểu đoàn 2"]
    first = client.get(DASHBOARD, asked)
    assert first.context["by_cell_grid"].rows == printed[:1]
    assert 'data-testid="grid-pager"' in first.text
    assert "year_to=2016&amp;battalion_page=2" in first.text
    second = client.get(DASHBOARD, {**asked, "battalion_page": "2"}, headers={"HX-Request": "true"})
    assert second.context["by_cell_grid"].rows == printed[1:]
    assert "<html" not in second.text
    # The drill-down and the forecast do not carry the grid's page; past the end, the last.
    assert "battalion_page" not in second.context["by_cell_grid"].rows[0]["battalion_url"]
    assert "battalion_page" not in second.context["query"]
    past = client.get(DASHBOARD, {**asked, "battalion_page": "9"})
    assert past.context["by_cell_grid"].rows == printed[1:]
    # The chart is the same on every page: every battalion (no more than CHART_BATTALIONS).
    assert charts(first)["admissions"] == charts(second)["admissions"]
    assert len(charts(first)["admissions"]["datasets"]) == 2


def test_the_academys_chart_by_battalion_draws_the_largest_and_the_others_sum(
    known_history, academy_commander, client_for, monkeypatch
):
    monkeypatch.setattr("reports.dashboard.CHART_BATTALIONS", 1)
    response = client_for(academy_commander).get(
        DASHBOARD, {"by_cell": "on", "year_from": 2015, "year_to": 2016}
    )
    chart = charts(response)["admissions"]
    # TD1 admitted 6 in 2015-2016, TD2 4: each year's bar still adds up to the academy's.
    assert [dataset["label"] for dataset in chart["datasets"]] == [
        "Tiểu đoàn 1",
        "Các tiểu đoàn khác",
    ]
    assert [dataset["data"] for dataset in chart["datasets"]] == [[2, 4], [4, 0]]


def test_a_whole_academy_is_offered_the_cells_of_the_battalion_chosen(
    cell_a, cell_b, cell_c, other_battalion, academy_commander, client_for
):
    client = client_for(academy_commander)

    def offered(response) -> list[int]:
        choices = response.context["form"].fields["cell"].choices[1:]
        return [value for _, group in choices for value, _ in group]

    first = client.get(DASHBOARD)
    assert offered(first) == []
    assert 'data-testid="cell-needs-battalion"' in first.text
    chosen = client.get(DASHBOARD, {"battalion": other_battalion.pk})
    assert offered(chosen) == [cell_c.pk]
    assert ">Chi bộ A</option>" not in chosen.text
    # Over htmx the panels bring the form its new cells (out of band).
    swapped = client.get(
        DASHBOARD, {"battalion": other_battalion.pk}, headers={"HX-Request": "true"}
    ).text
    assert 'id="report-cell-field" hx-swap-oob="true"' in swapped
    assert f'<option value="{cell_c.pk}">' in swapped
    # A cell not of the battalion chosen is refused, in Vietnamese; the scope is shown.
    refused = client.get(DASHBOARD, {"battalion": other_battalion.pk, "cell": cell_a.pk})
    assert refused.context["form"].errors["cell"] == [
        "Chi bộ đã chọn không thuộc tiểu đoàn đã chọn."
    ]
    assert refused.context["filters"].cell_id is None
