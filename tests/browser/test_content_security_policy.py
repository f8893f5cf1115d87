"""Every HTML page works under the strict Content-Security-Policy: Chromium reports no violation
and no script error on any page a clerk or an administrator can open."""

import pytest
from django.urls import reverse

from tests.security.matrix import PERSONAS, Objects, url_patterns
from tests.security.test_access_matrix import EXPECTED

DOWNLOADS = ("_docx", "_csv", "_xlsx", "_export", "template", "reports:export", "admissions_csv")
DOWNLOADS += ("_zip", "dossier:scan")
NOT_PAGES = {"set_language", "logout", "login", "healthz"}


def html_pages_for(persona: str) -> list[str]:
    column = PERSONAS.index(persona)
    return [
        name
        for name, (get, _) in sorted(EXPECTED.items())
        if get.split()[column] == "ok"
        and name not in NOT_PAGES
        and not any(marker in name for marker in DOWNLOADS)
    ]


@pytest.mark.parametrize("persona", ["clerk", "admin"])
def test_no_page_breaks_the_content_security_policy(
    persona, login, page, live_server, cell_a, cell_b, cell_c, clerk, admin_user
):
    objects = Objects(cell_a, clerk)
    patterns = dict(url_patterns())
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"{page.url}: {message.text}")
            if message.type == "error" or "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    login({"clerk": clerk, "admin": admin_user}[persona])
    visited = 0
    for name in html_pages_for(persona):
        url = reverse(name, kwargs=objects.kwargs_for(name, patterns[name]))
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        assert "html" in response.headers["content-type"]
        page.wait_for_load_state("networkidle")
        visited += 1
    assert visited >= 10
    assert problems == []
