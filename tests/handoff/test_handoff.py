"""The graduation hand-off (issue 15, item 3): a cohort's members transferred on the graduation
date in one go, from typed postings or the posting list in Excel, with one download."""

import datetime
import zipfile
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from core.concurrency import current_version
from members.choices import PartyStatus, StepKind, StudyStatus
from members.models import Transfer
from members.selectors import official_member_count
from members.services import evaluation_record, step_record
from members.transfers import Posting, cohort_hand_off, roster_version
from tests.factories import PersonFactory, advance
from tests.paperwork.helpers import docx_text

D = datetime.date
GRADUATION = D(2020, 7, 1)


@pytest.fixture
def cohort(cell_a):
    """Cohort K50: an official member, a probationary member with an evaluation on record
    from candidacy, and a non-member."""
    official = advance(
        PersonFactory(cell=cell_a, full_name="Nguyễn Văn An"),
        StepKind.CONVERSION_DECISION,
    )
    probationary = PersonFactory(cell=cell_a, full_name="Trần Thị Bình")
    evaluation_record(
        person=probationary, date=D(2018, 1, 5), study="tot", training="kha", movement="tot"
    )
    advance(probationary, StepKind.NEW_MEMBER_COURSE, start=D(2019, 2, 1))
    PersonFactory(cell=cell_a, full_name="Lê Văn Chưa")
    official.refresh_from_db()
    probationary.refresh_from_db()
    assert official.party_status == PartyStatus.OFFICIAL
    assert probationary.party_status == PartyStatus.PROBATIONARY
    return [official, probationary]


def postings(people, **overrides):
    return [
        Posting(
            person=person,
            outside_unit=overrides.get("unit", f"Lữ đoàn {200 + index}"),
            outside_committee=overrides.get("committee", f"Đảng ủy Lữ đoàn {200 + index}"),
            letter_number=f"{index + 1}-GT/ĐU",
        )
        for index, person in enumerate(people)
    ]


def test_the_hand_off_transfers_each_member_on_the_graduation_date(cell_a, cohort):
    before = official_member_count(cell_a, GRADUATION - datetime.timedelta(days=1))
    transfers = cohort_hand_off(cohort="K50", graduation=GRADUATION, postings=postings(cohort))
    assert len(transfers) == 2
    assert official_member_count(cell_a, GRADUATION) == before - 1
    for person, transfer in zip(cohort, transfers, strict=True):
        person.refresh_from_db()
        assert person.study_status == StudyStatus.GRADUATED
        assert person.is_read_only
        assert transfer.introduced_on == GRADUATION
        assert transfer.at_graduation
        assert transfer.reason.startswith("Tốt nghiệp khóa K50")


def test_after_the_hand_off_the_records_are_read_only(cohort):
    cohort_hand_off(cohort="K50", graduation=GRADUATION, postings=postings(cohort))
    with pytest.raises(ValidationError) as error:
        step_record(person=cohort[1], kind=StepKind.CONVERSION_VOTE, date=D(2020, 7, 2))
    assert error.value.code == "read_only"


def test_one_bad_posting_changes_nothing_and_names_the_person(cohort):
    bad = postings(cohort)
    bad[1] = Posting(person=cohort[1], outside_unit="Lữ đoàn 9", outside_committee=" ")
    with pytest.raises(ValidationError) as error:
        cohort_hand_off(cohort="K50", graduation=GRADUATION, postings=bad)
    assert "Trần Thị Bình" in " ".join(error.value.message_dict[str(cohort[1].pk)])
    assert not Transfer.objects.exists()
    cohort[0].refresh_from_db()
    assert cohort[0].study_status == StudyStatus.STUDYING


def test_a_graduation_date_in_the_future_is_refused(cohort):
    with pytest.raises(ValidationError):
        cohort_hand_off(
            cohort="K50",
            graduation=timezone.localdate() + datetime.timedelta(days=1),
            postings=postings(cohort),
        )
    assert not Transfer.objects.exists()


def test_a_stale_roster_is_refused(cohort):
    seen = current_version(roster_version(cohort))
    cohort[0].hometown = "Huế"
    cohort[0].save()
    with pytest.raises(ValidationError) as error:
        cohort_hand_off(
            cohort="K50", graduation=GRADUATION, postings=postings(cohort), seen_version=seen
        )
    assert error.value.code == "stale"


# --- the screen, the posting list and the download ---------------------------------------------


def _form(client, cohort_name="K50"):
    return client.get(reverse("handoff:cohort", args=[cohort_name]))


def _posting_file(rows) -> BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH PHÂN CÔNG CÔNG TÁC KHÓA K50"])
    sheet.append(
        ["Mã học viên", "Họ và tên", "Đơn vị nhận công tác", "Cấp ủy nơi đến", "Số giấy giới thiệu"]
    )
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "phan-cong.xlsx"
    return buffer


def test_the_posting_list_fills_the_screen(client_for, clerk, cohort):
    official, probationary = cohort
    client = client_for(clerk)
    upload = _posting_file(
        [
            [official.code, official.full_name, "Lữ đoàn 201", "Đảng ủy Lữ đoàn 201", "5-GT"],
            [
                probationary.code,
                probationary.full_name,
                "Trung đoàn 88",
                "Đảng ủy Trung đoàn 88",
                None,
            ],
        ]
    )
    page = client.post(
        reverse("handoff:cohort", args=["K50"]), {"posting_list": upload}
    ).content.decode()
    assert 'value="Lữ đoàn 201"' in page
    assert 'value="Đảng ủy Trung đoàn 88"' in page
    assert not Transfer.objects.exists()


def test_bad_rows_of_the_posting_list_are_named_and_nothing_changes(client_for, clerk, cohort):
    official, _probationary = cohort
    client = client_for(clerk)
    upload = _posting_file(
        [
            [official.code, official.full_name, "Lữ đoàn 201", "", None],
            ["HV99999", "Người lạ", "Lữ đoàn 5", "Đảng ủy Lữ đoàn 5", None],
            [official.code, official.full_name, "Lữ đoàn 201", "Đảng ủy Lữ đoàn 201", None],
        ]
    )
    page = client.post(
        reverse("handoff:cohort", args=["K50"]), {"posting_list": upload}
    ).content.decode()
    assert "Dòng 3: thiếu cấp ủy nơi đến." in page
    assert "Dòng 4: mã “HV99999” không phải đảng viên của khóa đang chờ bàn giao." in page
    assert 'value="Lữ đoàn 201"' not in page
    assert not Transfer.objects.exists()


def test_the_screen_hands_off_and_the_zip_holds_every_paper(client_for, clerk, cohort):
    official, probationary = cohort
    client = client_for(clerk)
    seen = current_version(roster_version(sorted(cohort, key=lambda p: p.sort_name)))
    data = {"graduation": "01/07/2020", "seen_version": seen}
    for index, person in enumerate(cohort):
        data[f"unit_{person.pk}"] = f"Lữ đoàn {201 + index}"
        data[f"committee_{person.pk}"] = f"Đảng ủy Lữ đoàn {201 + index}"
        data[f"letter_{person.pk}"] = f"{index + 1}-GT/ĐU"
    response = client.post(reverse("handoff:cohort", args=["K50"]), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Transfer.objects.filter(at_graduation=True).count() == 2
    person_page = client.get(reverse("members:person_detail", args=[official.pk])).content.decode()
    assert "Đến: Lữ đoàn 201, Đảng ủy Lữ đoàn 201" in person_page
    download = client.get(reverse("handoff:cohort_zip", args=["K50"]))
    assert download["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(BytesIO(b"".join(download.streaming_content)))
    names = archive.namelist()
    assert len([name for name in names if name.startswith("giay-gioi-thieu/")]) == 2
    assert len([name for name in names if name.startswith("tom-tat-du-bi/")]) == 1
    assert any(name.startswith("DS-ban-giao") for name in names)
    for name in names:
        text = docx_text(archive.read(name))
        assert "{{" not in text
        assert "{%" not in text
    summary = docx_text(archive.read(next(n for n in names if n.startswith("tom-tat-du-bi/"))))
    assert "Trần Thị Bình" in summary
    assert "học tập tốt, rèn luyện khá" in summary
    assert "hạn chi bộ xét công nhận đảng viên chính thức" in summary
    listing = docx_text(archive.read(next(n for n in names if n.startswith("DS-ban-giao"))))
    assert "ngày 01 tháng 7 năm 2020" in listing
    assert "Lữ đoàn 202" in listing


def test_the_screen_refuses_a_missing_unit_and_changes_nothing(client_for, clerk, cohort):
    client = client_for(clerk)
    seen = current_version(roster_version(cohort))
    response = client.post(
        reverse("handoff:cohort", args=["K50"]), {"graduation": "01/07/2020", "seen_version": seen}
    )
    assert response.status_code == 200
    assert not Transfer.objects.exists()


def test_a_cohort_outside_the_scope_does_not_exist(client_for, other_clerk, cohort):
    assert _form(client_for(other_clerk)).status_code == 404
