import datetime
from io import BytesIO

from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from members.choices import StepKind
from members.services import step_record
from tests.factories import PersonFactory, make_official_member

VOTE = {
    "votes_eligible": 3,
    "votes_present": 3,
    "votes_for": 3,
    "votes_against": 0,
    "votes_eligible_reason": "Một đảng viên sinh hoạt tạm thời tại chi bộ",
}


def voted_candidate(cell, vote_on: datetime.date):
    """A cadet whose cell voted to propose their admission on `vote_on`."""
    introducers = [make_official_member(cell), make_official_member(cell)]
    person = PersonFactory(
        cell=cell, full_name="Đặng Thị Hoài", enrolment_date=datetime.date(2020, 9, 1)
    )
    kinds = [
        StepKind.LISTED,
        StepKind.AWARENESS_COURSE,
        StepKind.APPLICATION,
        StepKind.BACKGROUND_CHECK,
        StepKind.INTRODUCTION,
        StepKind.OPINION_SUMMARY,
        StepKind.CELL_VOTE,
    ]
    for weeks_before, kind in zip(range(len(kinds) - 1, -1, -1), kinds, strict=True):
        details = {"introducers": introducers} if kind == StepKind.INTRODUCTION else {}
        if kind == StepKind.CELL_VOTE:
            details.update(VOTE, document_number="07-NQ/CB")
        day = vote_on - datetime.timedelta(weeks=3 * weeks_before)
        step_record(person=person, kind=kind, date=day, **details)
    return person


def test_secretary_follows_the_worklist_to_the_cadet_and_downloads_the_6_knd(
    login, secretary_a, cell_a, tmp_path
):
    vote_on = timezone.localdate() - datetime.timedelta(days=10)
    person = voted_candidate(cell_a, vote_on)
    page = login(secretary_a)

    page.get_by_role("link", name="Việc cần làm", exact=True).click()
    item = page.get_by_test_id("worklist-item").filter(has_text="Đặng Thị Hoài")
    expect(item).to_contain_text("Chờ đảng ủy cơ sở xét, đề nghị kết nạp (8-KNĐ)")
    expect(item).to_contain_text("ngày làm việc")
    item.get_by_role("link", name="Đặng Thị Hoài").click()

    expect(page.get_by_test_id("person-name")).to_have_text("Đặng Thị Hoài")
    assert page.url.endswith(f"/hoc-vien/{person.pk}/")
    with page.expect_download() as download_info:
        page.get_by_test_id("download-6-KNĐ").click()
    download = download_info.value
    assert download.suggested_filename == "6-KND_dang-thi-hoai.docx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    document = Document(BytesIO(saved.read_bytes()))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "kết nạp quần chúng Đặng Thị Hoài vào Đảng Cộng sản Việt Nam" in text
    heading = document.tables[0].rows[0].cells
    assert "Số 07-NQ/CB" in heading[0].text
    assert f"ngày {vote_on.day:02d} tháng" in heading[1].text


def test_secretary_prints_the_resolution_from_its_page(login, secretary_a, cell_a):
    voted_candidate(cell_a, timezone.localdate() - datetime.timedelta(days=10))
    page = login(secretary_a)
    page.get_by_role("link", name="Việc cần làm", exact=True).click()
    page.get_by_role("link", name="Nghị quyết chi bộ").click()
    expect(page.get_by_test_id("paper")).to_contain_text("ĐỀ NGHỊ KẾT NẠP ĐẢNG VIÊN")
    expect(page.get_by_test_id("paper")).to_contain_text("Đặng Thị Hoài")
    expect(page.get_by_role("button", name="In")).to_be_visible()
