"""Who signs for the committees (issue 15): the battalion's settings fill the signer of 8-, 9-,
14-, 15-KNĐ and of the transfer letter; a blank setting leaves the line to write by hand, and
every change of the setting is kept in the battalion's history."""

import datetime

import pytest
from django.urls import reverse

from members.choices import TransferKind
from members.transfers import transfer_out
from paperwork import knd
from paperwork.dates import BLANK
from paperwork.rendering import render_docx
from paperwork.transfer_documents import transfer_letter
from tests.factories import make_official_member
from tests.forms import post_shown
from units.models import Battalion, SignerTitle

from .helpers import docx_text
from .test_form_set import member  # noqa: F401  (the fixture)

COMMITTEE_FORMS = ["8-KND", "14-KND"]
DECISIONS = ["9-KND", "15-KND"]


def _sign(battalion, **settings):
    for name, value in settings.items():
        setattr(battalion, name, value)
    battalion.save()


def _signature(person, key: str) -> list[str]:
    """The signature block's lines, from 'T/M ĐẢNG ỦY' to the end of the document."""
    context = knd.person_form(person, key).context
    return [*context["sign_title"], context["signer"]]


@pytest.mark.parametrize("key", COMMITTEE_FORMS + DECISIONS)
def test_a_blank_setting_leaves_the_signers_line_to_write_by_hand(member, key):  # noqa: F811
    assert _signature(member, key) == ["T/M ĐẢNG ỦY", "BÍ THƯ", BLANK]


@pytest.mark.parametrize("key", COMMITTEE_FORMS)
@pytest.mark.parametrize(
    ("title", "line"), [(SignerTitle.SECRETARY, "BÍ THƯ"), (SignerTitle.DEPUTY, "PHÓ BÍ THƯ")]
)
def test_the_committees_resolutions_are_signed_by_its_setting(member, key, title, line):  # noqa: F811
    _sign(
        member.cell.battalion, committee_signer_name="Nguyễn Văn Ký", committee_signer_title=title
    )
    assert _signature(member, key) == ["T/M ĐẢNG ỦY", line, "Nguyễn Văn Ký"]
    text = docx_text(render_docx(knd.person_form(member, key)))
    assert f"{line}\n" in text
    assert "Nguyễn Văn Ký" in text


@pytest.mark.parametrize("key", DECISIONS)
def test_decisions_of_another_deciding_committee_are_signed_by_its_own_setting(member, key):  # noqa: F811
    # The fixture's deciding committee is Đảng ủy Học viện, not the battalion's.
    _sign(member.cell.battalion, committee_signer_name="Nguyễn Văn Ký")
    assert _signature(member, key)[-1] == BLANK
    _sign(
        member.cell.battalion,
        deciding_signer_name="Trần Quyết",
        deciding_signer_title=SignerTitle.DEPUTY,
    )
    assert _signature(member, key) == ["T/M ĐẢNG ỦY", "PHÓ BÍ THƯ", "Trần Quyết"]


@pytest.mark.parametrize("key", DECISIONS)
def test_when_the_grassroots_committee_decides_its_signer_signs_the_decisions(member, key):  # noqa: F811
    _sign(
        member.cell.battalion,
        deciding_committee_name="",
        committee_signer_name="Nguyễn Văn Ký",
        deciding_signer_name="Không dùng",
    )
    assert _signature(member, key) == ["T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Văn Ký"]


def _letter(cell):
    person = make_official_member(cell)
    transfer = transfer_out(
        person=person,
        kind=TransferKind.OFFICIAL,
        introduced_on=datetime.date(2019, 3, 5),
        outside_unit="Lữ đoàn 201",
        outside_committee="Đảng ủy Lữ đoàn 201",
    )
    return transfer_letter(transfer)


def test_the_transfer_letter_is_signed_by_the_committees_setting(cell_a):
    assert (_letter(cell_a).context["signer_title"], _letter(cell_a).context["signer"]) == (
        "BÍ THƯ",
        BLANK,
    )
    _sign(
        cell_a.battalion,
        committee_signer_name="Nguyễn Văn Ký",
        committee_signer_title=SignerTitle.DEPUTY,
    )
    text = docx_text(render_docx(_letter(cell_a)))
    assert "PHÓ BÍ THƯ" in text
    assert "Nguyễn Văn Ký" in text


def test_a_name_of_spaces_is_a_blank_setting(cell_a):
    _sign(cell_a.battalion, committee_signer_name="   ")
    assert _letter(cell_a).context["signer"] == BLANK


def test_the_setting_is_edited_on_the_battalions_page_and_kept_in_history(
    client_for, admin_user, battalion
):
    url = reverse("units:battalion_edit", args=[battalion.pk])
    fields = {
        "academy": battalion.academy_id,
        "code": battalion.code,
        "name": battalion.name,
        "committee_name": battalion.committee_name,
        "committee_signer_title": SignerTitle.SECRETARY,
        "deciding_signer_title": SignerTitle.SECRETARY,
    }
    client = client_for(admin_user)
    page = client.get(url).content.decode()
    assert "committee_signer_name" in page
    assert "deciding_signer_name" in page
    for name in ("Nguyễn Văn Ký", "Lê Văn Mới"):
        response = post_shown(client, url, fields | {"committee_signer_name": name})
        assert response.status_code == 302
    battalion.refresh_from_db()
    assert battalion.committee_signer_name == "Lê Văn Mới"
    names = list(
        Battalion.history.filter(id=battalion.pk)
        .order_by("history_id")
        .values_list("committee_signer_name", flat=True)
    )
    assert names[-2:] == ["Nguyễn Văn Ký", "Lê Văn Mới"]


def test_an_unknown_title_is_refused(client_for, admin_user, battalion):
    url = reverse("units:battalion_edit", args=[battalion.pk])
    response = post_shown(
        client_for(admin_user),
        url,
        {
            "academy": battalion.academy_id,
            "code": battalion.code,
            "name": battalion.name,
            "committee_name": battalion.committee_name,
            "committee_signer_title": "tong_bi_thu",
            "deciding_signer_title": SignerTitle.SECRETARY,
        },
    )
    assert response.status_code == 200
    battalion.refresh_from_db()
    assert battalion.committee_signer_title == SignerTitle.SECRETARY


def test_a_battalion_created_without_the_titles_gets_the_secretary(
    client_for, admin_user, battalion
):
    response = post_shown(
        client_for(admin_user),
        reverse("units:battalion_edit", args=[battalion.pk]),
        {
            "academy": battalion.academy_id,
            "code": battalion.code,
            "name": battalion.name,
            "committee_name": battalion.committee_name,
        },
    )
    assert response.status_code == 302
    battalion.refresh_from_db()
    assert battalion.committee_signer_title == SignerTitle.SECRETARY
    assert battalion.deciding_signer_title == SignerTitle.SECRETARY


@pytest.mark.parametrize("key", DECISIONS)
@pytest.mark.parametrize(
    ("deciding", "on_behalf"),
    [
        ("Ban Thường vụ Đảng ủy Học viện", "T/M BAN THƯỜNG VỤ"),
        ("ban thường vụ đảng ủy học viện", "T/M BAN THƯỜNG VỤ"),
        ("Đảng ủy Học viện", "T/M ĐẢNG ỦY"),
        ("", "T/M ĐẢNG ỦY"),
    ],
)
def test_a_decision_is_signed_on_behalf_of_the_body_that_decides(member, key, deciding, on_behalf):  # noqa: F811
    # Hướng dẫn 36-HD/VPTW: the signature's first line names the collective the signer
    # represents; a standing committee's decision is signed "T/M BAN THƯỜNG VỤ".
    _sign(member.cell.battalion, deciding_committee_name=deciding)
    assert _signature(member, key)[0] == on_behalf
