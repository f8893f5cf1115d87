"""The cadet list, a cell's board and the worklist download as what is on screen (issue 16)."""

import csv
import datetime
import io

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.workdays import working_days_between
from members.choices import StepKind
from tests.factories import PersonFactory, advance


def _csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_list_export_keeps_the_filters_on_screen(client_for, clerk, cell_a, cell_b):
    PersonFactory(cell=cell_a, full_name="Ở Chi Bộ A", code="A-001")
    PersonFactory(cell=cell_b, full_name="Ở Chi Bộ B", code="B-001")
    url = reverse("members:person_list_export", args=["csv"])
    rows = _csv(client_for(clerk).get(url, {"cell": cell_a.pk}))
    assert [row["full_name"] for row in rows] == ["Ở Chi Bộ A"]
    assert rows[0]["cell"] == cell_a.name
    everyone = _csv(client_for(clerk).get(url))
    assert {row["code"] for row in everyone} == {"A-001", "B-001"}


def test_the_list_export_carries_status_stage_due_date_and_days_overdue(client_for, clerk, cell_a):
    person = PersonFactory(cell=cell_a, full_name="Đến Hạn Quyết Định")
    advance(person, StepKind.CELL_VOTE, start=datetime.date(2018, 1, 10))
    person.refresh_from_db()
    response = client_for(clerk).get(reverse("members:person_list_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header, *rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    row = dict(zip(header, next(r for r in rows if r[1] == "Đến Hạn Quyết Định"), strict=True))
    assert row["Tình trạng"] == "Quần chúng ưu tú"
    assert row["Bước hiện tại"] == StepKind.CELL_VOTE.label
    assert row["Bước tiếp theo"] == StepKind(person.next_step).label
    assert row["Hạn"].date() == person.next_due_date
    assert row["Quá hạn (ngày làm việc)"] == working_days_between(
        person.next_due_date, timezone.localdate()
    )


def test_a_bad_filter_is_refused_not_exported(client_for, clerk):
    url = reverse("members:person_list_export", args=["csv"])
    response = client_for(clerk).get(url, {"cell": "not-a-cell"})
    assert response.status_code == 400


def test_an_unknown_format_is_not_found(client_for, clerk, cell_a):
    client = client_for(clerk)
    assert client.get(reverse("members:person_list_export", args=["pdf"])).status_code == 404
    assert client.get(reverse("members:board_export", args=[cell_a.pk, "ods"])).status_code == 404


def test_the_board_export_is_the_board_in_its_order(client_for, secretary_a, cell_a):
    late = PersonFactory(cell=cell_a, full_name="Trễ Hạn")
    advance(late, StepKind.CELL_VOTE, start=datetime.date(2018, 1, 10))
    PersonFactory(cell=cell_a, full_name="Mới Vào")
    advance(PersonFactory(cell=cell_a, full_name="Mới Vào"), StepKind.LISTED)
    url = reverse("members:board_export", args=[cell_a.pk, "csv"])
    rows = _csv(client_for(secretary_a).get(url))
    assert rows[0]["full_name"] == "Trễ Hạn"
    assert int(rows[0]["overdue_days"]) > 0
    assert rows[0]["days_in_stage"]


def test_another_cells_board_is_not_found(client_for, secretary_a, cell_b):
    url = reverse("members:board_export", args=[cell_b.pk, "csv"])
    assert client_for(secretary_a).get(url).status_code == 404


def test_the_pages_link_to_their_downloads(client_for, clerk, secretary_a, cell_a):
    text = client_for(clerk).get(reverse("members:person_list"), {"cell": cell_a.pk}).content
    assert f"xuat.xlsx?cell={cell_a.pk}".encode() in text
    board = client_for(secretary_a).get(reverse("members:board", args=[cell_a.pk])).content
    assert reverse("members:board_export", args=[cell_a.pk, "csv"]).encode() in board


def test_the_board_export_carries_the_admission_plan(client_for, secretary_a, cell_a):
    graduating = timezone.localdate() + datetime.timedelta(days=20)
    person = PersonFactory(
        cell=cell_a,
        full_name="Sắp Tốt Nghiệp",
        expected_graduation_date=graduating,
        date_of_birth=datetime.date(2004, 1, 1),
    )
    advance(person, StepKind.LISTED, start=timezone.localdate() - datetime.timedelta(days=10))
    url = reverse("members:board_export", args=[cell_a.pk, "csv"])
    row = next(
        row
        for row in _csv(client_for(secretary_a).get(url))
        if row["full_name"] == "Sắp Tốt Nghiệp"
    )
    assert row["plan_status"] == "Không kịp kết nạp trước khi tốt nghiệp"
