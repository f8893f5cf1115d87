"""A person's file (hồ sơ, issue 15 item 4): what the procedure needs up to the current stage,
present or missing; the signed scans a clerk uploads (hostile files refused); the zip."""

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.choices import StepKind
from paperwork import documents, files, knd
from paperwork.models import FileScan
from paperwork.services import file_scan_remove, file_scan_upload
from tests.factories import PersonFactory, advance

from .helpers import docx_text

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(content: bytes, name="6-knd-da-ky.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _codes(person) -> list[str]:
    return [item.code for item in files.person_file(person)]


def _status(person) -> dict[str, bool]:
    return {item.code: item.present for item in files.person_file(person)}


@pytest.fixture
def voted(cell_a):
    """A candidate the cell has voted to admit, introduced by two members."""
    return advance(PersonFactory(cell=cell_a, youth_union_date=None), StepKind.CELL_VOTE)


@pytest.fixture
def scan(voted, clerk):
    return file_scan_upload(person=voted, form_code="6-KNĐ", upload=upload(PDF), user=clerk)


def test_the_file_lists_the_forms_of_the_steps_recorded_in_order(voted):
    assert _codes(voted) == ["CN-NTVĐ", "1-KNĐ", "2-KNĐ", "3-KNĐ", "5-KNĐ", "6-KNĐ"]


def test_what_the_app_writes_is_present_the_rest_missing(voted):
    status = _status(voted)
    assert status == {
        "CN-NTVĐ": False,
        "1-KNĐ": False,
        "2-KNĐ": False,
        "3-KNĐ": True,
        "5-KNĐ": True,
        "6-KNĐ": True,
    }
    introducers = next(item for item in files.person_file(voted) if item.code == "3-KNĐ")
    assert [form.key for form in introducers.generated] == ["3-KND-1", "3-KND-2"]


def test_the_file_grows_with_the_stage(cell_a):
    person = advance(PersonFactory(cell=cell_a), StepKind.AWARENESS_COURSE)
    assert _codes(person) == ["CN-NTVĐ"]
    advance(person, StepKind.CONVERSION_DECISION, start=datetime.date(2018, 3, 1))
    admission = ["CN-NTVĐ", "1-KNĐ", "2-KNĐ", "3-KNĐ", "5-KNĐ", "6-KNĐ", "8-KNĐ", "9-KNĐ"]
    conversion = ["10-KNĐ", "11-KNĐ", "12-KNĐ", "13-KNĐ", "14-KNĐ", "15-KNĐ"]
    assert _codes(person) == admission + conversion
    status = _status(person)
    assert not status["12-KNĐ"]
    assert all(status[code] for code in ("8-KNĐ", "9-KNĐ", "13-KNĐ", "14-KNĐ", "15-KNĐ"))


def test_the_youth_union_route_needs_its_resolution_and_one_letter(cell_a):
    person = advance(
        PersonFactory(cell=cell_a, youth_union_date=datetime.date(2014, 3, 26)),
        StepKind.INTRODUCTION,
    )
    assert _codes(person)[-2:] == ["4-KNĐ", "3-KNĐ"]
    assert _status(person)["4-KNĐ"]


def test_a_signed_scan_makes_a_missing_form_present(voted, clerk, media_root):
    scan = file_scan_upload(
        person=voted, form_code="1-KNĐ", upload=upload(JPEG, "don.jpg", "image/jpeg"), user=clerk
    )
    assert _status(voted)["1-KNĐ"]
    stored = Path(scan.file.path)
    assert stored.is_relative_to(media_root / "ho-so")
    assert stored.suffix == ".jpg"
    assert len(stored.stem) == 32  # random, not guessable
    assert "don" not in stored.name
    assert scan.original_name == "don.jpg"
    assert scan.content_type == "image/jpeg"


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [(PDF, "a.pdf", "application/pdf"), (PNG, "b.PNG", "image/png"), (JPEG, "c.jpeg", "")],
)
def test_each_permitted_type_is_accepted(voted, clerk, content, name, content_type):
    scan = file_scan_upload(
        person=voted, form_code="5-KNĐ", upload=upload(content, name, content_type), user=clerk
    )
    assert scan.pk


@pytest.mark.parametrize(
    ("content", "name", "content_type", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "x.pdf", "application/pdf", "PDF, PNG"),
        (EXE, "scan.pdf", "application/pdf", "PDF, PNG"),  # a renamed executable
        (EXE, "virus.exe", "application/x-msdownload", "PDF, PNG"),
        (b"", "empty.pdf", "application/pdf", "Tệp trống"),
        (PDF, "scan.png", "image/png", "không khớp"),  # a PDF that claims to be an image
        (PNG, "scan.png", "text/html", "không khớp"),
        (PDF, "scan", "application/pdf", "không khớp"),
    ],
)
def test_hostile_files_are_refused_and_nothing_is_kept(
    voted, clerk, media_root, content, name, content_type, message
):
    with pytest.raises(ValidationError) as error:
        file_scan_upload(
            person=voted, form_code="6-KNĐ", upload=upload(content, name, content_type), user=clerk
        )
    assert message in error.value.message_dict["file"][0]
    assert not FileScan.objects.exists()
    assert not any(media_root.rglob("*.*"))


def test_the_size_limit_is_inclusive(voted, clerk, settings):
    settings.FILE_SCAN_MAX_BYTES = len(PDF)
    assert file_scan_upload(person=voted, form_code="6-KNĐ", upload=upload(PDF), user=clerk)
    with pytest.raises(ValidationError) as error:
        file_scan_upload(person=voted, form_code="6-KNĐ", upload=upload(PDF + b"\x00"), user=clerk)
    assert "Tệp quá lớn" in error.value.message_dict["file"][0]
    assert FileScan.objects.count() == 1


def test_a_scan_for_a_form_the_file_does_not_need_yet_is_refused(voted, clerk):
    with pytest.raises(ValidationError) as error:
        file_scan_upload(person=voted, form_code="9-KNĐ", upload=upload(PDF), user=clerk)
    assert "9-KNĐ" in error.value.message_dict["form_code"][0]


def test_a_removed_scan_leaves_the_file_and_stays_in_history(voted, clerk, scan):
    file_scan_remove(scan=scan, user=clerk)
    assert not files.person_file(voted)[-1].scans
    scan.refresh_from_db()
    assert scan.removed_by == clerk
    assert Path(scan.file.path).exists()
    assert [entry.history_type for entry in scan.history.order_by("history_id")] == ["+", "~"]


def test_the_zip_holds_every_generated_form_and_scan_with_a_contents_list(voted, scan):
    archive = zipfile.ZipFile(io.BytesIO(files.file_zip(voted, files.person_file(voted))))
    assert archive.testzip() is None
    names = archive.namelist()
    slug = documents._filename("x", voted.full_name).removeprefix("x_")
    assert sorted(names) == sorted(
        [
            f"04_3-KND-1_{slug}",
            f"04_3-KND-2_{slug}",
            f"05_5-KND_{slug}",
            f"06_6-KND_{slug}",
            "06_6-KND_ban-ky-1.pdf",
            "00_muc-luc.txt",
        ]
    )
    assert archive.read("06_6-KND_ban-ky-1.pdf") == PDF
    contents = archive.read("00_muc-luc.txt").decode()
    assert "01. CN-NTVĐ" in contents
    assert "THIẾU" in contents
    for name in names:
        if name.endswith(".docx"):
            assert "{{" not in docx_text(archive.read(name))


def test_the_file_page_shows_present_and_missing(client_for, voted, secretary_a, scan):
    page = client_for(secretary_a).get(reverse("dossier:file", args=[voted.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Còn thiếu 3 văn bản." in html
    assert reverse("dossier:form_docx", args=[voted.pk, "3-KND-2"]) in html
    assert reverse("dossier:scan", args=[voted.pk, scan.pk]) in html
    # A secretary reads the file; only a clerk uploads or removes scans.
    assert 'data-testid="scan-upload"' not in html
    assert reverse("dossier:scan_delete", args=[voted.pk, scan.pk]) not in html


def test_the_file_and_its_scans_are_hidden_outside_the_scope(
    client_for, voted, scan, secretary_b, other_clerk, outsider
):
    # The user without a role sees nothing either: the person does not exist for them.
    for user in (secretary_b, other_clerk, outsider):
        client = client_for(user)
        assert client.get(reverse("dossier:file", args=[voted.pk])).status_code == 404
        assert client.get(reverse("dossier:file_zip", args=[voted.pk])).status_code == 404
        assert client.get(reverse("dossier:scan", args=[voted.pk, scan.pk])).status_code == 404


def test_a_scan_is_reached_only_through_its_own_person(client_for, voted, scan, clerk, cell_a):
    other = PersonFactory(cell=cell_a)
    client = client_for(clerk)
    assert client.get(reverse("dossier:scan", args=[other.pk, scan.pk])).status_code == 404
    response = client.get(reverse("dossier:scan", args=[voted.pk, scan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == PDF


def test_a_clerk_uploads_through_the_page(client_for, voted, clerk):
    client = client_for(clerk)
    url = reverse("dossier:scan_upload", args=[voted.pk])
    response = client.post(
        url, {"form_code": "5-KNĐ", "file": upload(PNG, "tong-hop.png", "image/png")}
    )
    assert response.status_code == 302
    assert FileScan.objects.get().form_code == "5-KNĐ"
    refused = client.post(url, {"form_code": "5-KNĐ", "file": upload(EXE, "x.pdf")})
    assert refused.status_code == 200
    assert "PDF, PNG hoặc JPEG" in refused.content.decode()
    assert FileScan.objects.count() == 1


def test_a_secretary_or_commander_may_not_upload_or_remove(
    client_for, voted, scan, secretary_a, commander
):
    for user in (secretary_a, commander):
        client = client_for(user)
        posted = client.post(
            reverse("dossier:scan_upload", args=[voted.pk]),
            {"form_code": "6-KNĐ", "file": upload(PDF)},
        )
        assert posted.status_code == 403
        removed = client.post(reverse("dossier:scan_delete", args=[voted.pk, scan.pk]))
        assert removed.status_code == 403
    assert FileScan.objects.current().count() == 1


def test_the_zip_download(client_for, voted, commander, scan):
    response = client_for(commander).get(reverse("dossier:file_zip", args=[voted.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "06_6-KND_ban-ky-1.pdf" in archive.namelist()


def test_a_missing_form_says_why_the_app_did_not_write_it(client_for, voted, clerk, monkeypatch):
    """A form the app never writes says so; one it writes but cannot fill yet gives what the
    records lack instead of claiming the app does not write it (9-KNĐ of an imported member)."""

    def unfillable(person):
        raise documents.DocumentUnavailable("Chi bộ chưa biểu quyết đề nghị kết nạp người này.")

    monkeypatch.setitem(knd.GENERATORS, "5-KNĐ", unfillable)
    items = {item.code: item for item in files.person_file(voted)}
    assert items["1-KNĐ"].not_generated == "Ứng dụng không lập mẫu này"
    assert items["5-KNĐ"].not_generated == "Chi bộ chưa biểu quyết đề nghị kết nạp người này."
    assert items["6-KNĐ"].not_generated == ""
    html = client_for(clerk).get(reverse("dossier:file", args=[voted.pk])).content.decode()
    assert "Chi bộ chưa biểu quyết đề nghị kết nạp người này." in html
