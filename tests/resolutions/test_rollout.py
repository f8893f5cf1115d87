import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.concurrency import current_version
from resolutions.selectors import ReportStatus, quarter_scorecard
from resolutions.services import rollout_record, rollout_report
from tests.factories import make_resolution

SIGNED = datetime.date(2018, 4, 2)


@pytest.fixture
def rollout(battalion, cell_a):
    return make_resolution(battalion, year=2018, quarter=2, signed_on=SIGNED).rollouts.get()


def discussed(rollout, on=datetime.date(2018, 4, 6)):
    return rollout_record(
        rollout=rollout,
        seen_version=current_version(rollout),
        received_on=SIGNED,
        discussed_on=on,
        plan="Kế hoạch",
    )


def test_the_cell_records_receiving_discussing_and_its_plan(rollout):
    rollout = rollout_record(
        rollout=rollout,
        seen_version=current_version(rollout),
        received_on=datetime.date(2018, 4, 3),
        discussed_on=datetime.date(2018, 4, 5),
        plan="Phân công đảng viên giúp đỡ từng quần chúng.",
    )
    rollout.refresh_from_db()
    assert rollout.discussed_on == datetime.date(2018, 4, 5)
    assert rollout.plan.startswith("Phân công")


def test_received_before_the_resolution_was_signed_is_refused(rollout):
    with pytest.raises(ValidationError) as error:
        rollout_record(
            rollout=rollout,
            seen_version=current_version(rollout),
            received_on=datetime.date(2018, 3, 30),
        )
    assert "trước ngày ký nghị quyết (02/04/2018)" in error.value.message_dict["received_on"][0]


def test_discussed_before_received_is_refused(rollout):
    with pytest.raises(ValidationError) as error:
        rollout_record(
            rollout=rollout,
            seen_version=current_version(rollout),
            received_on=datetime.date(2018, 4, 5),
            discussed_on=datetime.date(2018, 4, 4),
        )
    assert "discussed_on" in error.value.message_dict
    rollout.refresh_from_db()
    assert rollout.received_on is None


def test_a_roll_out_date_in_the_future_is_refused(rollout):
    with pytest.raises(ValidationError) as error:
        rollout_record(
            rollout=rollout,
            seen_version=current_version(rollout),
            received_on=timezone.localdate() + datetime.timedelta(9),
        )
    assert "tương lai" in error.value.message_dict["received_on"][0]


def test_the_cell_reports_at_quarter_end(rollout):
    discussed(rollout)
    report = rollout_report(
        rollout=rollout,
        seen_version=current_version(rollout),
        reported_on=datetime.date(2018, 7, 3),
        report_text="Chi bộ hoàn thành các chỉ tiêu.",
        cadets_reached=45,
        cadets_registered=6,
    )
    report.refresh_from_db()
    assert (report.reported_on, report.cadets_reached) == (datetime.date(2018, 7, 3), 45)


def test_a_report_before_the_resolution_was_discussed_is_refused(rollout):
    with pytest.raises(ValidationError) as error:
        rollout_report(
            rollout=rollout,
            seen_version=current_version(rollout),
            reported_on=datetime.date(2018, 7, 3),
            report_text="x",
        )
    assert "quán triệt nghị quyết trước khi báo cáo" in error.value.messages[0]


def test_a_report_dated_before_the_discussion_is_refused(rollout):
    discussed(rollout, on=datetime.date(2018, 4, 20))
    with pytest.raises(ValidationError) as error:
        rollout_report(
            rollout=rollout,
            seen_version=current_version(rollout),
            reported_on=datetime.date(2018, 4, 19),
            report_text="x",
        )
    assert "reported_on" in error.value.message_dict


def test_a_report_without_text_is_refused(rollout):
    discussed(rollout)
    with pytest.raises(ValidationError) as error:
        rollout_report(
            rollout=rollout,
            seen_version=current_version(rollout),
            reported_on=datetime.date(2018, 7, 3),
            report_text=" ",
        )
    assert "report_text" in error.value.message_dict


def test_the_discussion_date_stays_once_reported(rollout):
    discussed(rollout)
    rollout_report(
        rollout=rollout,
        seen_version=current_version(rollout),
        reported_on=datetime.date(2018, 7, 3),
        report_text="x",
    )
    with pytest.raises(ValidationError) as error:
        rollout_record(
            rollout=rollout,
            seen_version=current_version(rollout),
            received_on=SIGNED,
            discussed_on=None,
        )
    assert "discussed_on" in error.value.message_dict


# The report deadline of quarter 2/2018 is Friday 6/7/2018 (5 working days after 30/6).
@pytest.mark.parametrize(
    ("reported_on", "today", "status"),
    [
        (datetime.date(2018, 7, 6), None, ReportStatus.ON_TIME),
        (datetime.date(2018, 7, 9), None, ReportStatus.LATE),
        (None, datetime.date(2018, 7, 6), ReportStatus.PENDING),
        (None, datetime.date(2018, 7, 9), ReportStatus.OVERDUE),
    ],
)
def test_a_report_is_late_after_the_deadline(rollout, reported_on, today, status):
    discussed(rollout)
    if reported_on:
        rollout_report(
            rollout=rollout,
            seen_version=current_version(rollout),
            reported_on=reported_on,
            report_text="Báo cáo",
        )
    score = quarter_scorecard(rollout.resolution, today=today or datetime.date(2019, 1, 1))
    assert score.cells[0].report_status == status
    assert score.cells[0].stands_out == (status in (ReportStatus.LATE, ReportStatus.OVERDUE))
