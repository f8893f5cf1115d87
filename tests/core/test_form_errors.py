"""Every form with errors (issue 16, item 2): a summary above the fields linking to each bad
field, red borders on the inputs of tables too, and plain Vietnamese messages."""

import re

from django.urls import reverse

from tests.resolutions.test_pages import issue_data


def summary_of(html: str) -> str:
    match = re.search(r'<div class="alert alert-danger error-summary".*?</div>', html, re.S)
    assert match, "no error summary"
    return match.group(0)


def test_a_target_over_100_percent_says_so_plainly_and_links_to_its_field(
    client_for, clerk, cell_a, cell_b
):
    response = client_for(clerk).post(
        reverse("resolutions:create"), issue_data(cell_a, cell_b, study_percent="150")
    )
    html = response.content.decode()
    summary = summary_of(html)
    assert 'href="#id_study_percent"' in summary
    assert "Chỉ tiêu (%) · Học tập</a>: Số lớn nhất được nhập là 100." in summary
    assert "Đảm bảo" not in html
    # The input in the table of targets is marked, so app.css draws it red.
    field = re.search(r'<input[^>]*name="study_percent"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field


def test_the_boundary_value_is_accepted(client_for, clerk, cell_a, cell_b):
    response = client_for(clerk).post(
        reverse("resolutions:create"), issue_data(cell_a, cell_b, study_percent="100")
    )
    assert response.status_code == 302


def test_every_crispy_form_gets_the_summary_in_the_order_of_the_sections(client_for, clerk):
    response = client_for(clerk).post(reverse("members:person_create"), {"kind": "cadet"})
    summary = summary_of(response.content.decode())
    assert "Chưa lưu được. Hãy sửa các mục sau:" in summary
    links = re.findall(r'href="#(id_\w+)"', summary)
    assert links == [
        "id_code",
        "id_full_name",
        "id_cell",
        "id_date_of_birth",
        "id_gender",
        "id_education_level",
        "id_study_status",
    ]
    assert "Mục này chưa được điền." in summary


def test_a_form_without_errors_has_no_summary(client_for, clerk):
    html = client_for(clerk).get(reverse("members:person_create")).content.decode()
    assert "error-summary" not in html


def test_the_login_form_says_why_above_the_fields(client, clerk):
    response = client.post(reverse("login"), {"username": clerk.username, "password": "wrong"})
    assert "error-summary" in response.content.decode()
