"""The commander's admission forecast in the browser (issue 18): the cohort's projected rate
against 100%, the cadets who make the difference, and the what-if of the next awareness
course changing both."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from core.workdays import add_months
from members.choices import StepKind
from tests.factories import PersonFactory, advance, make_official_member
from tests.reports.history import admitted


def cadet(cell, name, **fields):
    today = timezone.localdate()
    defaults = {
        "full_name": name,
        "cohort": "K99",
        "date_of_birth": datetime.date(2004, 5, 10),
        "enrolment_date": today - datetime.timedelta(days=1100),
        "joined_on": today - datetime.timedelta(days=1100),
    }
    return PersonFactory(cell=cell, **{**defaults, **fields})


def test_the_commander_sees_the_forecast_and_what_a_later_course_changes(
    login, live_server, commander, cell_a
):
    today = timezone.localdate()
    graduation = today + datetime.timedelta(days=230)
    make_official_member(cell_a)
    make_official_member(cell_a)
    admitted(
        cell_a,
        today - datetime.timedelta(days=100),
        cohort="K99",
        date_of_birth=datetime.date(2004, 1, 1),
        expected_graduation_date=graduation,
    )
    on_track = cadet(cell_a, "Đúng Hạn", expected_graduation_date=graduation)
    advance(on_track, StepKind.OPINION_SUMMARY, start=today - datetime.timedelta(days=125))
    # At the battalion's pace (21 days a step as advance() records them, then the default 21
    # and 45 for the vote and the decision) the decision comes 150 days after the course: in
    # time from a course now, not from one 100 days from now.
    course_pending = cadet(cell_a, "Chờ Học Lớp", expected_graduation_date=graduation)
    advance(course_pending, StepKind.LISTED, start=today - datetime.timedelta(days=5))
    too_young = cadet(
        cell_a,
        "Chưa Đủ Tuổi",
        expected_graduation_date=graduation,
        date_of_birth=add_months(graduation, -216) + datetime.timedelta(days=1),
    )
    advance(too_young, StepKind.LISTED, start=today - datetime.timedelta(days=5))

    page = login(commander)
    page.get_by_test_id("open-dashboard").click()
    forecast = page.get_by_test_id("table-forecast")
    expect(forecast).to_be_visible()
    row = forecast.locator("tbody tr").first
    expect(row).to_contain_text("K99")
    # 4 cadets, 1 member now (25%), 3 projected (75%); the target is not met.
    expect(row).to_contain_text("75")
    expect(row).to_contain_text("Chưa đạt")
    people = page.get_by_test_id("table-forecast_people")
    expect(people).to_contain_text("Chưa Đủ Tuổi")
    expect(people).to_contain_text("Đủ 18 tuổi chỉ sau khi tốt nghiệp")
    expect(people).not_to_contain_text("Chờ Học Lớp")

    course_on = today + datetime.timedelta(days=100)
    field = page.get_by_label("Lớp bồi dưỡng nhận thức tiếp theo (giả định)")
    field.fill(course_on.strftime("%d/%m/%Y"))
    field.press("Enter")
    people = page.get_by_test_id("table-forecast_people")
    expect(people).to_contain_text("Chờ Học Lớp")
    expect(page.get_by_test_id("table-forecast").locator("tbody tr").first).to_contain_text("50")
    assert f"course_on={course_on:%d}%2F{course_on:%m}%2F{course_on:%Y}" in page.url
