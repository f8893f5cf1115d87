import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.concurrency import current_version
from members.choices import StepKind
from resolutions.models import CellRollout, Resolution
from resolutions.quarters import quarter_of
from resolutions.services import rollout_record
from tests.factories import PersonFactory, advance, make_resolution
from tests.forms import post_shown


@pytest.fixture
def resolution(battalion, cell_a, cell_b):
    return make_resolution(
        battalion,
        year=2018,
        quarter=2,
        number="20-NQ/ĐU",
        cell_goals={cell_a: {"admissions": 1}, cell_b: {"admissions": 2}},
    )


def rollout_of(resolution, cell) -> CellRollout:
    return resolution.rollouts.get(cell=cell)


def issue_data(cell_a, cell_b, **changes):
    return {
        "number": "20-NQ/ĐU",
        "quarter": "2",
        "year": "2018",
        "signed_on": "02/04/2018",
        "title": "Về phát triển đảng viên quý 2 năm 2018",
        "text": "Tập trung học tập, rèn luyện, phong trào.",
        "study_criterion": "Quần chúng ưu tú học tập tốt",
        "study_min_grade": "tot",
        "study_percent": "70",
        "training_min_grade": "kha",
        "movement_min_grade": "tot",
        f"cell_{cell_a.pk}_candidates": "3",
        f"cell_{cell_a.pk}_admissions": "1",
        f"cell_{cell_b.pk}_admissions": "2",
        f"cell_{cell_b.pk}_conversions": "1",
        **changes,
    }


def test_clerk_issues_a_resolution_with_targets(client_for, clerk, cell_a, cell_b):
    response = client_for(clerk).post(reverse("resolutions:create"), issue_data(cell_a, cell_b))
    resolution = Resolution.objects.get()
    assert response.url == reverse("resolutions:detail", args=[resolution.pk])
    assert resolution.signed_on == datetime.date(2018, 4, 2)
    assert [(t.area, t.target_percent) for t in resolution.area_targets.all()] == [("study", 70)]
    targets = {t.cell_id: t for t in resolution.cell_targets.all()}
    assert (targets[cell_a.pk].candidates, targets[cell_a.pk].admissions) == (3, 1)
    assert (targets[cell_b.pk].admissions, targets[cell_b.pk].conversions) == (2, 1)
    assert resolution.rollouts.count() == 2
    assert resolution.history.get().history_user == clerk
    created = [rollout.history.get(history_type="+") for rollout in resolution.rollouts.all()]
    assert {record.history_user for record in created} == {clerk}


def test_the_form_explains_a_taken_quarter(client_for, clerk, resolution, cell_a, cell_b):
    response = client_for(clerk).post(reverse("resolutions:create"), issue_data(cell_a, cell_b))
    assert response.status_code == 200
    assert "nghị quyết bổ sung" in response.content.decode()
    assert Resolution.objects.count() == 1


def test_the_form_accepts_the_same_quarter_as_a_supplement(
    client_for, clerk, resolution, cell_a, cell_b
):
    data = issue_data(cell_a, cell_b, number="21-NQ/ĐU", is_supplement="on")
    assert client_for(clerk).post(reverse("resolutions:create"), data).status_code == 302
    assert Resolution.objects.filter(is_supplement=True).count() == 1


def test_clerk_corrects_a_resolution_and_its_targets(client_for, clerk, resolution, cell_a, cell_b):
    data = issue_data(
        cell_a, cell_b, title="Tiêu đề đã sửa", **{f"cell_{cell_a.pk}_admissions": "4"}
    )
    response = post_shown(
        client_for(clerk), reverse("resolutions:edit", args=[resolution.pk]), data
    )
    assert response.status_code == 302
    resolution.refresh_from_db()
    assert resolution.title == "Tiêu đề đã sửa"
    assert resolution.cell_targets.get(cell=cell_a).admissions == 4


def test_the_edit_form_shows_the_current_targets(client_for, clerk, resolution, cell_b):
    page = client_for(clerk).get(reverse("resolutions:edit", args=[resolution.pk])).content.decode()
    assert f'name="cell_{cell_b.pk}_admissions" value="2"' in page


def test_read_only_roles_cannot_issue_or_edit(
    client_for, resolution, secretary_a, commander, admin_user, outsider, cell_a, cell_b
):
    edit = reverse("resolutions:edit", args=[resolution.pk])
    for user in (secretary_a, commander, admin_user, outsider):
        client = client_for(user)
        assert client.get(reverse("resolutions:create")).status_code == 403
        assert client.post(edit, issue_data(cell_a, cell_b, title="X")).status_code == 403
    resolution.refresh_from_db()
    assert resolution.title != "X"


def test_secretary_records_own_cells_roll_out_and_report(
    client_for, secretary_a, resolution, cell_a
):
    rollout = rollout_of(resolution, cell_a)
    client = client_for(secretary_a)
    response = post_shown(
        client,
        reverse("resolutions:rollout", args=[rollout.pk]),
        {"received_on": "03/04/2018", "discussed_on": "05/04/2018", "plan": "Kế hoạch chi bộ"},
    )
    assert response.url == reverse("resolutions:detail", args=[resolution.pk])
    response = post_shown(
        client,
        reverse("resolutions:report", args=[rollout.pk]),
        {"reported_on": "04/07/2018", "report_text": "Đã thực hiện", "cadets_reached": "40"},
    )
    assert response.status_code == 302
    rollout.refresh_from_db()
    assert (rollout.discussed_on, rollout.reported_on) == (
        datetime.date(2018, 4, 5),
        datetime.date(2018, 7, 4),
    )
    assert rollout.history.latest().history_user == secretary_a


def test_the_report_form_shows_the_cells_computed_results(
    client_for, secretary_a, resolution, cell_a
):
    advance(PersonFactory(cell=cell_a), StepKind.DECISION)
    rollout = rollout_of(resolution, cell_a)
    page = client_for(secretary_a).get(reverse("resolutions:report", args=[rollout.pk]))
    assert '<tr><th scope="row">Kết nạp</th><td>1</td><td>1</td></tr>' in page.content.decode()


def test_a_rejected_roll_out_shows_its_message(client_for, secretary_a, resolution, cell_a):
    rollout = rollout_of(resolution, cell_a)
    response = post_shown(
        client_for(secretary_a),
        reverse("resolutions:rollout", args=[rollout.pk]),
        {"received_on": "01/03/2018"},
    )
    assert response.status_code == 200
    assert "trước ngày ký nghị quyết" in response.content.decode()


def test_secretary_cannot_touch_another_cells_roll_out(client_for, secretary_b, resolution, cell_a):
    rollout = rollout_of(resolution, cell_a)
    client = client_for(secretary_b)
    for name in ("resolutions:rollout", "resolutions:report"):
        url = reverse(name, args=[rollout.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"received_on": "03/04/2018"}).status_code == 404
    rollout.refresh_from_db()
    assert rollout.received_on is None


def test_clerk_records_roll_out_for_a_cell_of_the_battalion_only(
    client_for, clerk, other_clerk, resolution, cell_b
):
    url = reverse("resolutions:rollout", args=[rollout_of(resolution, cell_b).pk])
    assert client_for(other_clerk).get(url).status_code == 404
    assert post_shown(client_for(clerk), url, {"received_on": "03/04/2018"}).status_code == 302


def test_commander_and_admin_cannot_record_roll_out(
    client_for, commander, admin_user, resolution, cell_a
):
    url = reverse("resolutions:report", args=[rollout_of(resolution, cell_a).pk])
    for user in (commander, admin_user):
        assert client_for(user).post(url, {"report_text": "x"}).status_code == 403


def test_commander_sees_targets_against_results_across_cells(
    client_for, commander, resolution, cell_a, cell_b
):
    advance(PersonFactory(cell=cell_a), StepKind.DECISION)
    page = client_for(commander).get(reverse("resolutions:detail", args=[resolution.pk]))
    html = page.content.decode()
    assert page.context["scorecard"].cells[0].admissions.result == 1
    assert cell_a.name in html
    assert cell_b.name in html
    assert "Chưa đạt: Kết nạp" in html
    assert "Ghi triển khai" not in html
    assert "Sửa nghị quyết" not in html


def test_secretary_sees_only_own_cell_on_the_resolution_page(
    client_for, secretary_a, resolution, cell_a, cell_b
):
    rollout_record(
        rollout=rollout_of(resolution, cell_b),
        seen_version=current_version(rollout_of(resolution, cell_b)),
        received_on=resolution.signed_on,
    )
    page = client_for(secretary_a).get(reverse("resolutions:detail", args=[resolution.pk]))
    html = page.content.decode()
    assert [cell.cell_id for cell in page.context["scorecard"].cells] == [cell_a.pk]
    assert cell_b.name not in html
    assert "Sửa nghị quyết" not in html
    assert reverse("resolutions:rollout", args=[rollout_of(resolution, cell_a).pk]) in html


def test_resolutions_outside_the_scope_are_hidden(
    client_for, resolution, other_clerk, outsider, academy_commander
):
    detail = reverse("resolutions:detail", args=[resolution.pk])
    assert client_for(other_clerk).get(detail).status_code == 404
    assert client_for(other_clerk).get(reverse("resolutions:list")).context["rows"] == []
    assert (
        client_for(other_clerk)
        .get(reverse("resolutions:history", args=[resolution.pk]))
        .status_code
        == 404
    )
    assert client_for(outsider).get(reverse("resolutions:list")).status_code == 403
    assert client_for(outsider).get(detail).status_code == 403
    assert client_for(academy_commander).get(detail).status_code == 200


def test_the_list_shows_the_latest_year_first_and_every_year_on_request(
    client_for, commander, battalion, resolution
):
    make_resolution(battalion, year=2017, quarter=4)
    client = client_for(commander)
    rows = client.get(reverse("resolutions:list")).context["rows"]
    assert [row.resolution.year for row in rows] == [2018]
    rows = client.get(reverse("resolutions:list"), {"year": "all"}).context["rows"]
    assert [row.resolution.year for row in rows] == [2018, 2017]


def test_the_list_shows_admissions_against_targets(client_for, commander, resolution, cell_a):
    advance(PersonFactory(cell=cell_a), StepKind.DECISION)
    (row,) = client_for(commander).get(reverse("resolutions:list")).context["rows"]
    assert (row.quarter.admissions.result, row.quarter.admissions.target) == (1, 3)


def test_history_shows_who_changed_what(client_for, clerk, secretary_b, resolution, cell_a, cell_b):
    data = issue_data(cell_a, cell_b, title="Tiêu đề mới")
    post_shown(client_for(clerk), reverse("resolutions:edit", args=[resolution.pk]), data)
    rollout_record(
        rollout=rollout_of(resolution, cell_a),
        seen_version=current_version(rollout_of(resolution, cell_a)),
        received_on=datetime.date(2018, 4, 3),
    )
    entries = client_for(clerk).get(reverse("resolutions:history", args=[resolution.pk]))
    entries = entries.context["entries"]
    title_change = next(e for e in entries if e.subject == "Nghị quyết" and e.changes)
    assert title_change.who == str(clerk)
    assert ("Trích yếu", "Tiêu đề mới") in [(c.label, c.new) for c in title_change.changes]
    assert any(e.subject == "Triển khai ở Chi bộ A" for e in entries)
    hidden = client_for(secretary_b).get(reverse("resolutions:history", args=[resolution.pk]))
    assert not any("Chi bộ A" in e.subject for e in hidden.context["entries"])


def test_pages_run_a_bounded_number_of_queries(
    client_for, commander, secretary_a, battalion, cell_a, cell_b, django_assert_max_num_queries
):
    for quarter in (1, 2, 3, 4):
        make_resolution(battalion, year=2018, quarter=quarter, cell_goals={cell_a: {}})
    for _ in range(3):
        advance(PersonFactory(cell=cell_a), StepKind.DECISION)
    resolution = Resolution.objects.get(quarter=2)
    for user in (commander, secretary_a):
        client = client_for(user)
        with django_assert_max_num_queries(15):
            assert client.get(reverse("resolutions:list")).status_code == 200
        with django_assert_max_num_queries(15):
            client.get(reverse("resolutions:detail", args=[resolution.pk]))
        with django_assert_max_num_queries(15):
            client.get(reverse("resolutions:history", args=[resolution.pk]))


def test_home_pages_show_the_latest_resolutions_in_scope(
    client_for, secretary_a, commander, other_clerk, resolution
):
    for user in (secretary_a, commander):
        home = client_for(user).get(reverse("home")).content.decode()
        assert "Nghị quyết mới nhất" in home
        assert "20-NQ/ĐU" in home
    assert "20-NQ/ĐU" not in client_for(other_clerk).get(reverse("home")).content.decode()


def test_a_secretary_list_shows_own_cells_admissions(client_for, secretary_b, resolution, cell_a):
    advance(PersonFactory(cell=cell_a), StepKind.DECISION)
    (row,) = client_for(secretary_b).get(reverse("resolutions:list")).context["rows"]
    assert (row.quarter.admissions.result, row.quarter.admissions.target) == (0, 2)
    assert row.cells == 1


def test_the_running_quarter_reads_in_progress_on_the_resolution_page_and_the_dashboard(
    client_for, commander, battalion, cell_a
):
    today = timezone.localdate()
    make_resolution(
        battalion,
        year=today.year,
        quarter=quarter_of(today),
        cell_goals={cell_a: {"admissions": 3}},
    )
    resolution = Resolution.objects.get(year=today.year, quarter=quarter_of(today))
    html = client_for(commander).get(reverse("resolutions:detail", args=[resolution.pk]))
    assert "Đang thực hiện; chưa đạt: Kết nạp" in html.content.decode()
    dashboard = client_for(commander).get(reverse("reports:dashboard")).content.decode()
    row = dashboard.split(f">{quarter_of(today)}/{today.year}<", 1)[1].split("</tr>", 1)[0]
    assert "Đang thực hiện" in row
    assert "Chưa đạt" not in row


def test_the_list_opens_on_this_year_with_this_quarter_marked_not_on_a_future_year(
    client_for, clerk, battalion, cell_a
):
    today = timezone.localdate()
    make_resolution(
        battalion, year=today.year, quarter=quarter_of(today), number="1-NQ/ĐU", signed_on=today
    )
    make_resolution(battalion, year=today.year + 1, quarter=1, number="2-NQ/ĐU", signed_on=today)
    page = client_for(clerk).get(reverse("resolutions:list"))
    assert page.context["year"] == today.year
    assert page.context["years"] == [today.year + 1, today.year]
    html = page.content.decode()
    assert 'data-testid="current-quarter"' in html
    assert "1-NQ/ĐU" in html
    assert "2-NQ/ĐU" not in html
