"""The introduction letter of a transfer (giấy giới thiệu sinh hoạt đảng): every placeholder
filled from the records, dates written the official way; and the pages that record transfers."""

import datetime

import pytest
from django.urls import reverse

from core.concurrency import current_version
from core.workdays import add_working_days
from members.choices import StepKind, StudyStatus, TransferKind, TransferState
from members.models import Transfer
from members.transfers import transfer_between, transfer_out
from paperwork.rendering import render_docx
from paperwork.transfer_documents import transfer_letter
from tests.factories import PartyCellFactory, PersonFactory, advance, make_official_member
from tests.paperwork.helpers import docx_text

D = datetime.date


def filled(text: str) -> None:
    assert "{{" not in text
    assert "{%" not in text
    assert "None" not in text


def test_the_letter_out_of_the_academy_states_everything(cell_a):
    member = make_official_member(cell_a, full_name="Lê Văn Đi", hometown="Nam Định")
    transfer = transfer_out(
        person=member,
        kind=TransferKind.OFFICIAL,
        introduced_on=D(2019, 3, 5),
        outside_unit="Lữ đoàn 201",
        outside_committee="Đảng ủy Lữ đoàn 201",
        letter_number="15-GT/ĐU",
        reason="Tốt nghiệp, nhận công tác",
    )
    document = transfer_letter(transfer)
    assert all(value not in (None, "") for value in document.context.values() if value != "")
    text = docx_text(render_docx(document))
    filled(text)
    assert "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG" in text
    assert "(CHÍNH THỨC)" in text
    assert "Số 15-GT/ĐU" in text
    assert "ngày 05 tháng 3 năm 2019" in text
    assert "Kính gửi: Đảng ủy Lữ đoàn 201" in text
    assert "Lê Văn Đi" in text
    assert "Nam Định" in text
    assert "đảng viên chính thức" in text
    due = add_working_days(D(2019, 3, 5), 30)
    assert f"chậm nhất ngày {due.day:02d} tháng {due.month}" in text
    assert "Tốt nghiệp, nhận công tác" in text


def test_the_letter_of_a_probationary_member_names_the_end_of_probation(cell_a):
    person = advance(PersonFactory(cell=cell_a), StepKind.NEW_MEMBER_COURSE)
    transfer = transfer_out(
        person=person,
        kind=TransferKind.TEMPORARY,
        introduced_on=D(2019, 3, 5),
        until=D(2019, 9, 5),
        outside_unit="Trung đoàn 88",
        outside_committee="Đảng ủy Trung đoàn 88",
    )
    text = docx_text(render_docx(transfer_letter(transfer)))
    filled(text)
    assert "(TẠM THỜI)" in text
    assert "đến ngày 05 tháng 9 năm 2019" in text
    assert "đảng viên dự bị" in text
    assert "hết thời hạn dự bị" in text


def test_the_letter_between_battalions_is_addressed_to_the_receiving_committee(cell_a):
    far = PartyCellFactory()
    far.battalion.committee_name = "Đảng ủy Tiểu đoàn 9"
    far.battalion.save()
    member = make_official_member(cell_a)
    transfer = transfer_between(
        person=member,
        kind=TransferKind.OFFICIAL,
        to_battalion=far.battalion,
        introduced_on=D(2019, 3, 5),
    )
    text = docx_text(render_docx(transfer_letter(transfer)))
    filled(text)
    assert "Kính gửi: Đảng ủy Tiểu đoàn 9" in text
    assert "Số ……………" in text


# --- the pages ----------------------------------------------------------------------------------


@pytest.fixture
def member(cell_a):
    return make_official_member(cell_a)


def test_a_clerk_transfers_a_member_out_and_downloads_the_letter(client_for, clerk, member):
    client = client_for(clerk)
    url = reverse("members:transfer_create", args=[member.pk])
    response = client.post(
        url,
        {
            "route": "out",
            "kind": "official",
            "introduced_on": "15/03/2019",
            "outside_unit": "Lữ đoàn 201",
            "outside_committee": "Đảng ủy Lữ đoàn 201",
            "seen_version": current_version(member),
        },
    )
    assert response.status_code == 302
    transfer = Transfer.objects.get()
    member.refresh_from_db()
    assert member.study_status == StudyStatus.TRANSFERRED
    page = client.get(reverse("members:person_detail", args=[member.pk])).content.decode()
    assert "Đến: Lữ đoàn 201, Đảng ủy Lữ đoàn 201" in page
    letter = client.get(reverse("paperwork:transfer_letter_docx", args=[transfer.pk]))
    assert letter["Content-Type"].startswith("application/vnd.openxmlformats")
    filled(docx_text(b"".join(letter.streaming_content)))


def test_a_stale_form_changes_nothing(client_for, clerk, member):
    seen = current_version(member)
    member.hometown = "Huế"
    member.save()
    response = client_for(clerk).post(
        reverse("members:transfer_create", args=[member.pk]),
        {
            "route": "out",
            "kind": "official",
            "introduced_on": "15/03/2019",
            "outside_unit": "Lữ đoàn 201",
            "outside_committee": "Đảng ủy Lữ đoàn 201",
            "seen_version": seen,
        },
    )
    assert response.status_code == 200
    assert not Transfer.objects.exists()


def test_the_receiving_battalion_receives_into_one_of_its_cells(
    client_for, other_clerk, cell_c, member
):
    transfer = transfer_between(
        person=member,
        kind=TransferKind.OFFICIAL,
        to_battalion=cell_c.battalion,
        introduced_on=D(2019, 3, 5),
        seen_version=current_version(member),
    )
    client = client_for(other_clerk)
    assert "Ghi tiếp nhận" in client.get(reverse("members:transfer_list")).content.decode()
    response = client.post(
        reverse("members:transfer_receive", args=[transfer.pk]),
        {"received_on": "12/03/2019", "cell": cell_c.pk, "seen_version": current_version(transfer)},
    )
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.state == TransferState.RECEIVED
    assert transfer.to_cell == cell_c


def test_an_arrival_from_outside_is_recorded_from_its_form(client_for, clerk, cell_a):
    response = client_for(clerk).post(
        reverse("members:transfer_in"),
        {
            "cell": cell_a.pk,
            "arrived_on": "10/05/2018",
            "code": "CB-77",
            "full_name": "Phạm Văn Đến",
            "kind": "cadre",
            "date_of_birth": "02/02/1990",
            "gender": "nam",
            "education_level": "dai_hoc",
            "outside_unit": "Trung đoàn 88",
            "outside_committee": "Đảng ủy Trung đoàn 88",
            "introduced_on": "02/05/2018",
            "admitted_on": "01/03/2014",
            "admission_number": "112-QĐ/ĐU",
            "official_on": "20/03/2015",
            "official_number": "48-QĐ/ĐU",
        },
    )
    assert response.status_code == 302
    transfer = Transfer.objects.get()
    assert transfer.person.party_status == "official"
