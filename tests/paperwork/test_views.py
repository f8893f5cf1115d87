"""Downloads, print pages, the documents page and the worklist page, within each user's scope."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.workdays import add_months, add_working_days
from members.choices import StepKind
from tests.security.hostile import HOSTILE_VALUES

from .helpers import docx_text, start_of

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def voted(cadets, cell_a):
    return cadets.at(cell_a, StepKind.CELL_VOTE, datetime.date(2017, 9, 5), full_name="Trần Văn An")


@pytest.fixture
def converted(cadets, cell_a):
    return cadets.at(
        cell_a, StepKind.CONVERSION_VOTE, datetime.date(2019, 1, 21), full_name="Lê Văn Chính"
    )


def _download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    return b"".join(response.streaming_content), response


def test_the_secretary_downloads_the_admission_resolution(client_for, secretary_a, voted):
    url = reverse("paperwork:admission_resolution_docx", args=[voted.pk])
    content, response = _download(client_for(secretary_a), url)
    assert 'filename="6-KND_tran-van-an.docx"' in response["Content-Disposition"]
    text = docx_text(content)
    assert "quần chúng Trần Văn An vào Đảng Cộng sản Việt Nam" in text
    assert "Hà Nội, ngày 05 tháng 9 năm 2017" in text


def test_the_print_page_shows_the_same_content(client_for, secretary_a, voted):
    response = client_for(secretary_a).get(
        reverse("paperwork:admission_resolution", args=[voted.pk])
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in page
    assert "Hà Nội, ngày 05 tháng 9 năm 2017" in page
    assert "Trần Văn An" in page
    assert "<strong>7</strong> đồng chí (đạt 77,8%" in page
    assert reverse("paperwork:admission_resolution_docx", args=[voted.pk]) in page
    assert "<script>" not in page


def test_the_commander_may_download_though_read_only(client_for, commander, voted):
    url = reverse("paperwork:admission_resolution_docx", args=[voted.pk])
    _download(client_for(commander), url)


@pytest.mark.parametrize("persona", ["secretary_b", "other_clerk"])
def test_the_other_cell_or_battalion_gets_404(client_for, request, persona, voted):
    client = client_for(request.getfixturevalue(persona))
    for name in ("admission_resolution", "admission_resolution_docx"):
        assert client.get(reverse(f"paperwork:{name}", args=[voted.pk])).status_code == 404


def test_the_outsider_is_refused(client_for, outsider, voted):
    url = reverse("paperwork:admission_resolution_docx", args=[voted.pk])
    assert client_for(outsider).get(url).status_code == 403


def test_a_document_without_its_vote_is_404(client_for, clerk, cadets, cell_a):
    person = cadets.at(cell_a, StepKind.OPINION_SUMMARY, datetime.date(2017, 8, 21))
    for name in ("admission_resolution_docx", "conversion_resolution_docx"):
        assert (
            client_for(clerk).get(reverse(f"paperwork:{name}", args=[person.pk])).status_code == 404
        )


def test_the_clerk_downloads_the_conversion_resolution(client_for, clerk, converted):
    url = reverse("paperwork:conversion_resolution_docx", args=[converted.pk])
    content, _response = _download(client_for(clerk), url)
    assert "công nhận đồng chí Lê Văn Chính là đảng viên chính thức" in docx_text(content)


def test_the_secretary_downloads_the_cells_candidate_list(client_for, secretary_a, voted, cell_a):
    content, _response = _download(
        client_for(secretary_a), reverse("paperwork:candidate_list_docx", args=[cell_a.pk])
    )
    assert "Trần Văn An" in docx_text(content)


def test_another_cells_candidate_list_is_404(client_for, secretary_b, cell_a):
    client = client_for(secretary_b)
    for name in ("candidate_list", "candidate_list_docx"):
        assert client.get(reverse(f"paperwork:{name}", args=[cell_a.pk])).status_code == 404


def test_the_conversion_list_defaults_to_next_month(client_for, secretary_a, cadets, cell_a):
    today = timezone.localdate()
    next_month = add_months(today.replace(day=1), 1)
    ceremony = add_months(next_month, -12).replace(day=3)
    cadets.at(cell_a, StepKind.CEREMONY, ceremony, full_name="Vũ Văn Hết")
    response = client_for(secretary_a).get(reverse("paperwork:conversion_list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vũ Văn Hết" in page
    month = f"{next_month.month:02d}" if next_month.month < 3 else str(next_month.month)
    assert f"Tháng {month} năm {next_month.year}" in page


def test_the_conversion_list_downloads_for_a_chosen_month_and_cell(
    client_for, clerk, cadets, cell_a, cell_b
):
    cadets.at(cell_a, StepKind.CEREMONY, datetime.date(2016, 9, 12), full_name="Vũ Văn Một")
    cadets.at(cell_b, StepKind.CEREMONY, datetime.date(2016, 9, 13), full_name="Vũ Văn Hai")
    url = reverse("paperwork:conversion_list_docx") + f"?thang=9/2017&chi_bo={cell_a.pk}"
    content, _response = _download(client_for(clerk), url)
    text = docx_text(content)
    assert "Vũ Văn Một" in text
    assert "Vũ Văn Hai" not in text


def test_a_malformed_month_is_explained(client_for, clerk):
    client = client_for(clerk)
    response = client.get(reverse("paperwork:conversion_list"), {"thang": "2017-09"})
    assert response.status_code == 200
    assert "Nhập tháng theo dạng mm/yyyy" in response.content.decode()
    docx = client.get(reverse("paperwork:conversion_list_docx"), {"thang": "13/2017"})
    assert docx.status_code == 404


def test_a_cell_outside_the_scope_cannot_be_chosen(client_for, secretary_b, cell_a):
    response = client_for(secretary_b).get(
        reverse("paperwork:conversion_list"), {"thang": "09/2017", "chi_bo": cell_a.pk}
    )
    assert "document" not in response.context
    assert response.context["form"].errors["chi_bo"]


def test_the_documents_page_lists_what_awaits_the_superior_committee(
    client_for, secretary_a, voted, converted, cadets, cell_b
):
    elsewhere = cadets.at(cell_b, StepKind.CELL_VOTE, datetime.date(2017, 9, 5))
    response = client_for(secretary_a).get(reverse("paperwork:index"))
    page = response.content.decode()
    assert reverse("paperwork:admission_resolution_docx", args=[voted.pk]) in page
    assert reverse("paperwork:conversion_resolution_docx", args=[converted.pk]) in page
    assert elsewhere.full_name not in page


def test_the_worklist_page_shows_the_secretarys_cases_with_links(
    client_for, secretary_a, cadets, cell_a, cell_b
):
    today = timezone.localdate()
    due = add_working_days(today, 2)
    decision = start_of(30, due)
    mine = cadets.at(cell_a, StepKind.DECISION, decision, full_name="Trần Văn Lễ")
    other = cadets.at(cell_b, StepKind.DECISION, decision, full_name="Hồ Văn Khác")
    response = client_for(secretary_a).get(reverse("paperwork:worklist"))
    page = response.content.decode()
    assert "Tổ chức lễ kết nạp" in page
    assert "Còn 2 ngày làm việc" in page
    assert reverse("members:person_detail", args=[mine.pk]) in page
    assert other.full_name not in page


def test_each_worklist_item_links_to_the_form_that_clears_it(
    client_for, clerk, commander, cadets, cell_a
):
    today = timezone.localdate()
    waiting = cadets.at(cell_a, StepKind.DECISION, start_of(30, add_working_days(today, 2)))
    form = reverse("members:step_create", args=[waiting.pk]) + f"?kind={waiting.next_step}"
    assert form in client_for(clerk).get(reverse("paperwork:worklist")).content.decode()
    # The commander reads the worklist but records nothing: no button.
    assert form not in client_for(commander).get(reverse("paperwork:worklist")).content.decode()
    opened = client_for(clerk).get(form)
    assert opened.context["form"].initial["kind"] == waiting.next_step


def test_the_worklist_filters_by_cell_and_kind(client_for, clerk, cadets, cell_a, cell_b):
    today = timezone.localdate()
    due = start_of(30, add_working_days(today, 2))
    in_a = cadets.at(cell_a, StepKind.DECISION, due, full_name="Ở Chi Bộ A")
    in_b = cadets.at(cell_b, StepKind.DECISION, due, full_name="Ở Chi Bộ B")
    client = client_for(clerk)
    by_cell = client.get(reverse("paperwork:worklist"), {"chi_bo": cell_a.pk})
    assert [item.subject for item in by_cell.context["items"]] == [in_a.full_name]
    kind = by_cell.context["items"][0].kind
    by_kind = client.get(reverse("paperwork:worklist"), {"viec": kind})
    assert {item.subject for item in by_kind.context["items"]} == {in_a.full_name, in_b.full_name}
    other_kind = client.get(reverse("paperwork:worklist"), {"viec": "resolution_report"})
    assert other_kind.context["items"] == []
    export = client.get(reverse("paperwork:worklist_export", args=["csv"]), {"chi_bo": cell_a.pk})
    assert in_a.full_name in export.content.decode("utf-8")
    assert in_b.full_name not in export.content.decode("utf-8")


@pytest.mark.parametrize("query", [{"chi_bo": "x"}, {"viec": "nothing"}, {"chi_bo": "999999"}])
def test_a_bad_worklist_filter_is_refused(client_for, clerk, query):
    assert client_for(clerk).get(reverse("paperwork:worklist"), query).status_code == 400


def test_a_waiting_decision_links_to_its_cell_resolution(client_for, clerk, voted):
    page = client_for(clerk).get(reverse("paperwork:worklist")).content.decode()
    assert reverse("paperwork:admission_resolution", args=[voted.pk]) in page


def test_an_empty_worklist_says_so(client_for, commander):
    page = client_for(commander).get(reverse("paperwork:worklist")).content.decode()
    assert "Không có việc nào đến hạn" in page


@pytest.mark.parametrize("persona", ["admin_user", "outsider"])
def test_the_worklist_is_refused_without_a_worklist_role(db, client_for, request, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("paperwork:worklist")).status_code == 403


def test_the_worklist_page_runs_a_bounded_number_of_queries(
    client_for, clerk, cadets, cell_a, django_assert_max_num_queries
):
    today = timezone.localdate()
    for offset in range(5):
        cadets.at(cell_a, StepKind.DECISION, start_of(30, add_working_days(today, offset + 1)))
    client = client_for(clerk)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("paperwork:worklist"))
    assert len(response.context["items"]) == 5


@pytest.mark.parametrize("persona", ["clerk", "secretary_a", "commander"])
def test_the_navigation_offers_the_worklist(db, client_for, request, persona):
    page = client_for(request.getfixturevalue(persona)).get(reverse("home")).content.decode()
    assert reverse("paperwork:worklist") in page


def test_the_person_page_offers_the_documents_of_recorded_votes(
    client_for, secretary_a, voted, converted
):
    client = client_for(secretary_a)
    page = client.get(reverse("members:person_detail", args=[voted.pk])).content.decode()
    assert reverse("paperwork:admission_resolution_docx", args=[voted.pk]) in page
    assert reverse("paperwork:conversion_resolution_docx", args=[voted.pk]) not in page
    page = client.get(reverse("members:person_detail", args=[converted.pk])).content.decode()
    assert reverse("paperwork:conversion_resolution_docx", args=[converted.pk]) in page


def test_the_board_offers_the_cells_lists(client_for, secretary_a, cell_a):
    page = client_for(secretary_a).get(reverse("members:board", args=[cell_a.pk]))
    assert reverse("paperwork:candidate_list", args=[cell_a.pk]) in page.content.decode()


def test_the_home_page_shows_the_soonest_deadlines(client_for, secretary_a, cadets, cell_a):
    today = timezone.localdate()
    cadets.at(
        cell_a, StepKind.DECISION, start_of(30, add_working_days(today, 1)), full_name="Bùi Văn Gần"
    )
    page = client_for(secretary_a).get(reverse("home")).content.decode()
    assert "Bùi Văn Gần" in page
    assert "Còn 1 ngày làm việc" in page


def test_a_whole_academys_worklist_reads_by_battalion_and_drills_down(
    client_for, academy_commander, cadets, cell_a, cell_c, battalion, other_battalion
):
    today = timezone.localdate()
    due = start_of(30, add_working_days(today, 1))
    mine = cadets.at(cell_a, StepKind.DECISION, due, full_name="Bùi Văn Một")
    cadets.at(cell_c, StepKind.DECISION, due, full_name="Bùi Văn Hai")
    client = client_for(academy_commander)
    response = client.get(reverse("paperwork:worklist"))
    page = response.content.decode()
    assert response.context["items"] == []
    assert [row.total for row in response.context["battalions"]] == [1, 1]
    assert f"?tieu_doan={battalion.pk}" in page
    assert "Bùi Văn Một" not in page
    drilled = client.get(reverse("paperwork:worklist"), {"tieu_doan": battalion.pk})
    assert [item.subject for item in drilled.context["items"]] == [mine.full_name]
    # The cell drop-down offers the chosen battalion's cells only; none before one is chosen.
    offered = [value for value, _ in drilled.context["filter_form"].fields["chi_bo"].choices]
    assert cell_a.pk in offered
    assert cell_c.pk not in offered
    assert len(response.context["filter_form"].fields["chi_bo"].choices) == 1
    export = client.get(reverse("paperwork:worklist_export", args=["csv"])).content.decode()
    assert battalion.name in export
    assert other_battalion.name in export
    export = client.get(
        reverse("paperwork:worklist_export", args=["csv"]), {"tieu_doan": other_battalion.pk}
    ).content.decode()
    assert "Bùi Văn Hai" in export
    assert "Bùi Văn Một" not in export


@pytest.mark.parametrize("value", ["x", "999999", "-1"])
def test_an_unknown_battalion_is_refused_with_the_forms_error(client_for, academy_commander, value):
    client = client_for(academy_commander)
    assert client.get(reverse("paperwork:worklist"), {"tieu_doan": value}).status_code == 400


def test_a_whole_academys_pages_run_a_bounded_number_of_queries(
    client_for, academy_commander, cadets, cell_a, cell_c, django_assert_max_num_queries
):
    today = timezone.localdate()
    for cell in (cell_a, cell_c):
        for offset in range(3):
            cadets.at(cell, StepKind.DECISION, start_of(30, add_working_days(today, offset + 1)))
    client = client_for(academy_commander)
    # Issue 17's bound, whatever the academy's size: the items are counted, not planned.
    with django_assert_max_num_queries(15):
        response = client.get(reverse("paperwork:worklist"))
    assert sum(row.total for row in response.context["battalions"]) == 6
    with django_assert_max_num_queries(25):
        page = client.get(reverse("home")).content.decode()
    assert "theo tiểu đoàn" in page


@pytest.mark.parametrize("label", list(HOSTILE_VALUES))
def test_no_hostile_battalion_breaks_a_whole_academys_worklist(
    client_for, academy_commander, cell_a, label
):
    # The hostile-input suite tries its personas of a battalion, who are not asked the battalion.
    value = HOSTILE_VALUES[label]
    client = client_for(academy_commander)
    for url in (reverse("paperwork:worklist"), reverse("paperwork:worklist_export", args=["csv"])):
        for query in ({"tieu_doan": value}, {"tieu_doan": value, "chi_bo": value}):
            assert client.get(url, query).status_code in (200, 400)
