from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.concurrency import current_version
from resolutions.models import Resolution
from tests.factories import make_resolution

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(content: bytes, name="nghi-quyet.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(("content", "extension"), [(PDF, "pdf"), (PNG, "png"), (JPEG, "jpg")])
def test_a_pdf_or_image_scan_is_stored_under_a_generated_name(
    battalion, media_root, content, extension
):
    resolution = make_resolution(battalion, scan=upload(content, name="../../bí mật.pdf"))
    stored = Path(resolution.scan.path)
    assert stored.is_relative_to(media_root / "resolutions")
    assert stored.suffix == f".{extension}"
    assert "bí mật" not in stored.name
    assert stored.read_bytes() == content


def test_a_file_that_only_claims_to_be_a_pdf_is_refused(battalion, media_root):
    disguised = upload(b"<html><script>alert(1)</script></html>", name="scan.pdf")
    with pytest.raises(ValidationError) as error:
        make_resolution(battalion, scan=disguised)
    assert "PDF, PNG hoặc JPEG" in error.value.message_dict["scan"][0]
    assert not Resolution.objects.exists()
    assert not any(media_root.rglob("*.*"))


def test_a_scan_over_the_size_limit_is_refused(battalion, settings):
    settings.RESOLUTION_SCAN_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        make_resolution(battalion, scan=upload(PDF + b"\x00" * 1024))
    assert "Tệp quá lớn" in error.value.message_dict["scan"][0]
    assert not Resolution.objects.exists()


def test_a_scan_at_the_size_limit_is_accepted(battalion, settings):
    settings.RESOLUTION_SCAN_MAX_BYTES = len(PDF)
    assert make_resolution(battalion, scan=upload(PDF)).scan


def test_the_scan_is_served_to_the_battalion_with_its_real_type(
    client_for, battalion, cell_a, secretary_a, commander
):
    resolution = make_resolution(battalion, scan=upload(PNG, name="x.pdf"))
    for user in (secretary_a, commander):
        response = client_for(user).get(reverse("resolutions:scan", args=[resolution.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert "no-store" in response["Cache-Control"]
        assert b"".join(response.streaming_content) == PNG


def test_the_scan_is_hidden_outside_the_scope(client_for, battalion, cell_a, other_clerk, outsider):
    resolution = make_resolution(battalion, scan=upload(PDF))
    url = reverse("resolutions:scan", args=[resolution.pk])
    assert client_for(other_clerk).get(url).status_code == 404
    assert client_for(outsider).get(url).status_code == 403


def test_the_scan_has_no_public_url(client, clerk, battalion):
    resolution = make_resolution(battalion, scan=upload(PDF))
    client.force_login(clerk)
    assert client.get(f"/media/{resolution.scan.name}").status_code == 404
    assert client.get(f"/{resolution.scan.name}").status_code == 404


def test_the_clerk_uploads_a_scan_through_the_form(client_for, clerk, battalion, cell_a):
    resolution = make_resolution(battalion)
    data = _form_data(resolution)
    response = client_for(clerk).post(
        reverse("resolutions:edit", args=[resolution.pk]), {**data, "scan": upload(PDF)}
    )
    assert response.status_code == 302
    resolution.refresh_from_db()
    assert resolution.scan.name.endswith(".pdf")


def test_the_form_shows_why_a_scan_was_refused(client_for, clerk, battalion, cell_a):
    resolution = make_resolution(battalion)
    bad = upload(b"MZ\x90\x00 not a scan", name="scan.jpg", content_type="image/jpeg")
    response = client_for(clerk).post(
        reverse("resolutions:edit", args=[resolution.pk]), {**_form_data(resolution), "scan": bad}
    )
    assert response.status_code == 200
    assert "PDF, PNG hoặc JPEG" in response.content.decode()
    resolution.refresh_from_db()
    assert not resolution.scan


def _form_data(resolution):
    return {
        "number": resolution.number,
        "quarter": resolution.quarter,
        "year": resolution.year,
        "signed_on": resolution.signed_on.strftime("%d/%m/%Y"),
        "title": resolution.title,
        "seen_version": current_version(resolution),
    }
