"""The browser flow: upload, preview, confirm, result; template and export downloads."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from members.models import Person
from spreadsheets.columns import NOTES_SHEET
from spreadsheets.uploads import upload_discard
from tests.factories import PersonFactory

from .files import HEADER, cadet, read_xlsx, xlsx

IMPORT = reverse("spreadsheets:import_start")


def upload(client, content: bytes, name: str = "hoc-vien.xlsx"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, content)})


def pending_files(media_root) -> list:
    folder = media_root / "imports"
    return list(folder.iterdir()) if folder.exists() else []


def test_the_clerk_sees_the_import_page_with_the_template_link(client_for, clerk):
    response = client_for(clerk).get(IMPORT)
    assert response.status_code == 200
    assert reverse("spreadsheets:template") in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["secretary_a", "commander", "admin_user", "outsider"])
def test_only_clerks_reach_the_import_pages(client_for, persona, request):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(IMPORT).status_code == 403
    assert client.get(reverse("spreadsheets:import_preview", args=["0" * 32])).status_code == 403


def test_the_template_has_the_header_an_example_row_and_notes(client_for, clerk):
    response = client_for(clerk).get(reverse("spreadsheets:template"))
    assert response["Content-Disposition"].endswith('mau-nhap-hoc-vien.xlsx"')
    rows = read_xlsx(response.content)
    assert rows[0] == HEADER
    assert rows[1][:2] == ["HV2016001", "Nguyễn Văn An"]
    assert NOTES_SHEET in load_workbook(io.BytesIO(response.content)).sheetnames


def test_the_template_offers_gender_and_the_users_cells_as_drop_downs(client_for, clerk, cell_a):
    response = client_for(clerk).get(reverse("spreadsheets:template"))
    workbook = load_workbook(io.BytesIO(response.content))
    validations = workbook.worksheets[0].data_validations.dataValidation
    formulas = {str(v.sqref).split(":")[0][0]: v.formula1 for v in validations}
    assert formulas["D"] == '"Nam,Nữ"'
    assert formulas["E"].startswith("'Chi bộ'!$A$1")
    assert cell_a.code in [row[0].value for row in workbook["Chi bộ"].iter_rows()]


def test_upload_preview_confirm_and_result(client_for, clerk, cell_a, media_root):
    client = client_for(clerk)
    response = upload(
        client, xlsx([cadet(), cadet(code="HV002", ceremony="20/11/2018", conversion="02/12/2019")])
    )
    preview_url = response.url
    assert response.status_code == 302
    assert len(pending_files(media_root)) == 1
    page = client.get(preview_url)
    assert page.context["report"].created == 2
    assert "Lễ kết nạp muộn" in page.content.decode()
    assert not Person.objects.exists()
    response = client.post(preview_url)
    assert response.status_code == 302
    assert Person.objects.count() == 2
    assert pending_files(media_root) == []
    result = client.get(response.url)
    assert result.context["result"] == {"created": 2, "updated": 0, "unchanged": 0}
    # Confirming twice does not import twice.
    assert client.post(preview_url).url == response.url
    assert Person.objects.count() == 2


def test_the_preview_lists_new_rows_and_asks_before_erasing(client_for, clerk, cell_a):
    client = client_for(clerk)
    client.post(upload(client, xlsx([cadet()])).url)
    preview_url = upload(client, xlsx([cadet(class_name=""), cadet(code="HV002")])).url
    page = client.get(preview_url)
    text = page.content.decode()
    assert [row.code for row in page.context["report"].additions] == ["HV002"]
    assert 'data-testid="import-additions"' in text
    assert 'data-testid="import-erasures"' in text
    assert "giữ nguyên" in text
    # Confirmed as previewed: the stored class is kept.
    client.post(preview_url)
    assert Person.objects.get(code="HV001").class_name == "CNTT1"


def test_erasing_is_previewed_then_confirmed_with_the_same_choice(client_for, clerk, cell_a):
    client = client_for(clerk)
    client.post(upload(client, xlsx([cadet()])).url)
    preview_url = upload(client, xlsx([cadet(class_name="")])).url
    page = client.get(preview_url, {"xoa_o_trong": "1"})
    assert page.context["report"].erase_blanks
    assert 'name="xoa_o_trong" value="1"' in page.content.decode()
    client.post(preview_url, {"xoa_o_trong": "1"})
    assert Person.objects.get(code="HV001").class_name == ""


def test_a_row_overdue_the_moment_it_is_saved_is_warned_of(client_for, clerk, cell_a):
    client = client_for(clerk)
    row = cadet(decision="03/09/2018", ceremony="", conversion="")
    page = client.get(upload(client, xlsx([row])).url)
    assert any("Quá hạn ngay khi ghi" in w.message for w in page.context["report"].warnings)


def test_a_bad_file_is_refused_on_the_upload_page_and_not_kept(client_for, clerk, media_root):
    response = upload(client_for(clerk), b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    assert response.status_code == 200
    assert "mật khẩu" in response.content.decode()
    assert pending_files(media_root) == []


def test_a_file_with_a_bad_row_shows_the_error_and_cannot_be_confirmed(client_for, clerk, cell_a):
    client = client_for(clerk)
    preview_url = upload(client, xlsx([cadet(), cadet(code="HV002", cell="C9")])).url
    page = client.get(preview_url).content.decode()
    assert "Không có chi bộ “C9”" in page
    assert 'data-testid="confirm-import"' not in page
    response = client.post(preview_url)
    assert response.status_code == 200
    assert not Person.objects.exists()


def test_another_users_pending_import_is_not_found(client, clerk, cell_a, django_user_model):
    client.force_login(clerk)
    preview_url = upload(client, xlsx([cadet()])).url
    colleague = django_user_model.objects.create(
        username="troly_khac", role=clerk.role, battalion=clerk.battalion
    )
    client.force_login(colleague)
    assert client.get(preview_url).status_code == 404
    assert client.post(preview_url).status_code == 404
    assert not Person.objects.exists()


def test_the_confirmation_of_an_upload_gone_meanwhile_is_not_found(client, clerk, cell_a):
    client.force_login(clerk)
    preview_url = upload(client, xlsx([cadet()])).url
    assert client.get(preview_url).status_code == 200
    upload_discard(preview_url.rstrip("/").rsplit("/", 1)[1])
    assert client.post(preview_url).status_code == 404
    assert not Person.objects.exists()


def test_a_forged_token_is_not_found(client_for, clerk):
    client = client_for(clerk)
    for token in ("..%2F..%2Fetc%2Fpasswd", "0" * 32):
        assert client.get(f"{IMPORT}{token}/").status_code == 404


def test_every_role_with_a_scope_may_export(client_for, secretary_a, commander, admin_user):
    for user in (secretary_a, commander, admin_user):
        client = client_for(user)
        assert client.get(reverse("spreadsheets:export")).status_code == 200
        assert client.get(reverse("spreadsheets:export_csv")).status_code == 200


def test_the_outsider_may_not_export(client_for, outsider):
    client = client_for(outsider)
    assert client.get(reverse("spreadsheets:export")).status_code == 403
    assert client.get(reverse("spreadsheets:export_xlsx")).status_code == 403


def test_the_secretary_downloads_only_their_cell(client_for, secretary_a, cell_a, cell_b):
    PersonFactory(cell=cell_a, code="A1")
    PersonFactory(cell=cell_b, code="B1")
    response = client_for(secretary_a).get(reverse("spreadsheets:export_xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert [row[0] for row in read_xlsx(response.content)[1:]] == ["A1"]


def test_a_battalion_outside_the_scope_is_not_found(client_for, clerk, other_battalion):
    client = client_for(clerk)
    url = reverse("spreadsheets:export_csv")
    assert client.get(url, {"tieu_doan": other_battalion.pk}).status_code == 404
    assert client.get(url, {"tieu_doan": "x"}).status_code == 404


def test_the_navigation_offers_import_to_clerks_only(client_for, clerk, commander):
    assert IMPORT in client_for(clerk).get(reverse("home")).content.decode()
    page = client_for(commander).get(reverse("home")).content.decode()
    assert IMPORT not in page
    assert reverse("spreadsheets:export") in page


def test_only_the_last_few_uploads_of_a_session_are_kept(client_for, clerk, cell_a, media_root):
    client = client_for(clerk)
    urls = [upload(client, xlsx([cadet(code=f"HV{n}")])).url for n in range(7)]
    assert len(pending_files(media_root)) == 5
    assert client.get(urls[0]).status_code == 404
    assert client.get(urls[-1]).status_code == 200
