"""The commander's dashboard in the browser: filters update the chart and the table, and the
CSV download holds what the table shows."""

import csv
import io
import json

from playwright.sync_api import expect

from tests.reports.history import admissions


def expect_chart_labels(page, labels: list) -> None:
    """Wait until the admissions chart shows `labels`; fails by timing out if it never does.

    A filter change can swap the panels more than once (the field's change, then the form's
    submit), and each swap draws the chart anew: reading it once could meet the moment between.
    """
    page.wait_for_function(
        """expected => {
            const canvas = document.querySelector("canvas[data-chart=admissions]");
            const chart = canvas && Chart.getChart(canvas);
            return chart !== undefined && JSON.stringify(chart.data.labels) === expected;
        }""",
        arg=json.dumps(labels, separators=(",", ":")),
    )


def table_rows(page) -> list[list[str]]:
    rows = page.get_by_test_id("table-admissions").locator("tbody tr")
    return [row.locator("td").all_inner_texts() for row in rows.all()]


def test_the_commander_narrows_the_years_and_downloads_the_same_table(
    login, live_server, commander, cell_a, cell_b, cell_c
):
    admissions(cell_a, 2015, 2)
    admissions(cell_b, 2016, 3)
    admissions(cell_a, 2017, 1)
    admissions(cell_c, 2016, 4)  # another battalion: never counted for this commander

    page = login(commander)
    page.get_by_test_id("open-dashboard").click()
    expect(page.get_by_test_id("report-dashboard")).to_be_visible()
    assert table_rows(page) == [["2015", "2"], ["2016", "3"], ["2017", "1"]]
    expect_chart_labels(page, [2015, 2016, 2017])

    page.get_by_label("Từ năm").fill("2016")
    page.get_by_label("Đến năm").fill("2017")
    page.get_by_label("Đến năm").press("Enter")
    expect(page.get_by_test_id("table-admissions").locator("tbody tr")).to_have_count(2)
    assert table_rows(page) == [["2016", "3"], ["2017", "1"]]
    expect_chart_labels(page, [2016, 2017])
    assert "year_from=2016" in page.url
    expect(page.get_by_test_id("durations")).to_be_visible()
    page.wait_for_load_state("networkidle")

    with page.expect_download(timeout=30_000) as download:
        page.get_by_test_id("export-admissions-csv").click()
    content = download.value.path().read_text(encoding="utf-8")
    rows = [[row["year"], row["admitted"]] for row in csv.DictReader(io.StringIO(content))]
    assert rows == table_rows(page)


def test_a_whole_academy_chooses_a_battalion_then_one_of_its_cells(
    login, live_server, academy_commander, cell_a, cell_b, cell_c, other_battalion
):
    admissions(cell_a, 2015, 2)
    admissions(cell_c, 2015, 4)

    page = login(academy_commander)
    page.goto(f"{live_server.url}/bao-cao/")
    cell = page.locator("#id_cell")
    expect(page.get_by_test_id("cell-needs-battalion")).to_be_visible()
    expect(cell.locator("option")).to_have_count(1)
    page.locator("#id_battalion").select_option(str(other_battalion.pk))
    # The panels' answer brings the battalion's cells into the form.
    expect(page.locator("#id_cell option")).to_have_count(2)
    expect(page.get_by_test_id("cell-needs-battalion")).to_have_count(0)
    page.locator("#id_cell").select_option(str(cell_c.pk))
    expect(page.get_by_test_id("report-unit")).to_contain_text("Chi bộ C")
    assert table_rows(page) == [["2015", "4"]]
