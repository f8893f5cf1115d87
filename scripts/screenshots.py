"""Screenshots of the main pages for the README: `make screenshots` (issue 16, item 12).

Serves the demo database (`make setup` seeds it) on a spare port, signs in as the demo personas
in Debian's Chromium through Playwright, as the browser tests do, and saves the pictures under
docs/screenshots/. Each picture is what that persona sees on an ordinary day: the commander's
dashboard, the secretary's cell board, a candidate's page, and the
clerk's import preview of a corrected sheet.
"""

import csv
import io
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "screenshots"
PORT = int(os.environ.get("SCREENSHOT_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
PASSWORD = "demo-dangvien-2026"
DESK = {"width": 1280, "height": 900}


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from members.choices import PartyStatus, StudyStatus
    from members.models import Person
    from units.models import PartyCell

    cell = PartyCell.objects.filter(battalion__code="TD1", code="C1").get()
    candidate = (
        Person.objects.filter(
            cell__battalion=cell.battalion,
            party_status=PartyStatus.PROBATIONARY,
            study_status=StudyStatus.STUDYING,
        )
        .order_by("-stage_date", "id")
        .first()
    )
    OUTPUT.mkdir(parents=True, exist_ok=True)
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{PORT}", "--noreload"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_server()
        # The import corrects cadets still studying (graduates are read-only).
        studying = set(
            Person.objects.filter(
                cell__battalion=cell.battalion, study_status=StudyStatus.STUDYING
            ).values_list("code", flat=True)
        )
        _shoot(cell.pk, candidate.pk if candidate else None, studying)
    finally:
        server.terminate()
        server.wait(timeout=10)


def _wait_for_server() -> None:
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"{BASE}/login/", timeout=2):  # the local demo server
                return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"The demo server did not answer on {BASE}.")


def _shoot(cell_pk: int, candidate_pk: int | None, studying: set[str]) -> None:
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        sys.exit("Chromium is not installed (apt-get install -y chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])

        page = _signed_in(browser, "chihuy", DESK)
        _save(page, "/bao-cao/", "dashboard.png")

        page = _signed_in(browser, "bithu", DESK)
        _save(page, f"/hoc-vien/chi-bo/{cell_pk}/", "cell-board.png")

        page = _signed_in(browser, "troly", DESK)
        if candidate_pk is not None:
            _save(page, f"/hoc-vien/{candidate_pk}/", "person.png")
        _import_preview(page, studying)
        browser.close()


def _signed_in(browser, username: str, viewport: dict):
    page = browser.new_page(viewport=viewport, locale="vi-VN")
    page.goto(f"{BASE}/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state("networkidle")
    return page


def _save(page, path: str, name: str) -> None:
    page.goto(f"{BASE}{path}")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(OUTPUT / name), full_page=True)
    print(OUTPUT.relative_to(ROOT) / name)


def _import_preview(page, studying: set[str]) -> None:
    """Export the battalion's cadets, correct two classes of cadets still studying, and upload
    the sheet for preview."""
    exported = page.request.get(f"{BASE}/nhap-xuat/xuat/hoc-vien.csv").text()
    rows = list(csv.reader(io.StringIO(exported.lstrip("\ufeff"))))
    header = rows[0]
    column, code = header.index("Lớp"), header.index("Mã học viên")
    for row in [row for row in rows[1:] if row[code] in studying][:2]:
        row[column] = (row[column] or "L") + "-A"
    corrected = io.StringIO()
    csv.writer(corrected).writerows(rows)
    page.goto(f"{BASE}/nhap-xuat/nhap/")
    page.locator("#id_file").set_input_files(
        {"name": "hoc-vien.csv", "mimeType": "text/csv", "buffer": corrected.getvalue().encode()}
    )
    page.get_by_role("button", name="Tải lên và xem trước").click()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(OUTPUT / "import-preview.png"), full_page=True)
    print(OUTPUT.relative_to(ROOT) / "import-preview.png")


if __name__ == "__main__":
    main()
