"""The e-mail digest: what falls due within N working days, sent once a day per item."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command

from accounts.models import Role
from core.workdays import add_working_days
from members.choices import StepKind
from members.rules import get_rules
from paperwork.models import ReminderSent
from paperwork.services import digest_items, reminders_send
from tests.factories import make_user

from .helpers import start_of

RULES = get_rules()
# Monday 05/05/2025, the first working day after 30/04-01/05, a substituted day off and a weekend.
TODAY = datetime.date(2025, 5, 5)
BEFORE_HOLIDAY = datetime.date(2025, 4, 29)


def ceremony_due(cadets, cell, due: datetime.date, **fields):
    """A cadet admitted by a decision whose ceremony is due on `due`."""
    decision = start_of(RULES.ceremony_deadline_working_days, due)
    return cadets.at(cell, StepKind.DECISION, decision, **fields)


@pytest.fixture
def secretary(cell_a):
    return make_user(Role.SECRETARY, username="bithu_thu", cell=cell_a, email="bithu@example.org")


@pytest.fixture
def cases(cadets, cell_a):
    """Overdue by one working day, due today, due tomorrow, and due in six working days."""
    return {
        "overdue": ceremony_due(cadets, cell_a, BEFORE_HOLIDAY, full_name="Nguyễn Văn Quá"),
        "today": ceremony_due(cadets, cell_a, TODAY, full_name="Trần Văn Nay"),
        "tomorrow": ceremony_due(
            cadets, cell_a, add_working_days(TODAY, 1), full_name="Lê Văn Mai"
        ),
        "later": ceremony_due(cadets, cell_a, add_working_days(TODAY, 6), full_name="Phạm Văn Xa"),
    }


def test_the_digest_holds_what_falls_due_within_the_window_overdue_first(secretary, cases):
    items = digest_items(secretary, today=TODAY, working_days=5)
    assert [item.subject for item in items] == ["Nguyễn Văn Quá", "Trần Văn Nay", "Lê Văn Mai"]
    assert [item.days_left for item in items] == [-1, 0, 1]


def test_a_wider_window_takes_in_the_later_case(secretary, cases):
    assert len(digest_items(secretary, today=TODAY, working_days=6)) == 4


def test_each_user_with_an_address_gets_one_digest(secretary, cases):
    run = reminders_send(today=TODAY, working_days=5)
    assert (run.users, run.items, run.failed) == (1, 3, 0)
    [message] = mail.outbox
    assert message.to == ["bithu@example.org"]
    assert message.subject == "[Phát triển đảng viên] 3 việc đến hạn (1 quá hạn)"


def test_the_digest_names_each_case_its_due_date_and_link(secretary, cases):
    reminders_send(today=TODAY, working_days=5)
    body = mail.outbox[0].body
    assert "Tính đến ngày 05/05/2025" in body
    assert "1. Tổ chức lễ kết nạp: Nguyễn Văn Quá (Chi bộ A)" in body
    assert "Hạn: 29/04/2025 · Quá hạn 1 ngày làm việc" in body
    assert "Hạn: 05/05/2025 · Đến hạn hôm nay" in body
    assert "Hạn: 06/05/2025 · Còn 1 ngày làm việc" in body
    assert f"http://127.0.0.1:8000/hoc-vien/{cases['today'].pk}/" in body
    assert "http://127.0.0.1:8000/giay-to/viec-can-lam/" in body
    assert "Phạm Văn Xa" not in body


def test_running_twice_in_a_day_sends_nothing_new(secretary, cases):
    reminders_send(today=TODAY, working_days=5)
    run = reminders_send(today=TODAY, working_days=5)
    assert run.users == 0
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.filter(user=secretary, sent_on=TODAY).count() == 3


def test_a_case_that_appears_later_in_the_day_is_sent_alone(cadets, cell_a, secretary, cases):
    reminders_send(today=TODAY, working_days=5)
    ceremony_due(cadets, cell_a, add_working_days(TODAY, 2), full_name="Đỗ Văn Mới")
    reminders_send(today=TODAY, working_days=5)
    assert len(mail.outbox) == 2
    assert "Đỗ Văn Mới" in mail.outbox[1].body
    assert "Nguyễn Văn Quá" not in mail.outbox[1].body


def test_the_next_working_day_reminds_again(secretary, cases):
    reminders_send(today=TODAY, working_days=5)
    reminders_send(today=add_working_days(TODAY, 1), working_days=5)
    assert len(mail.outbox) == 2
    assert "Quá hạn 2 ngày làm việc" in mail.outbox[1].body


def test_users_without_an_address_or_a_worklist_role_get_nothing(cell_a, cases, admin_user):
    make_user(Role.SECRETARY, username="khong_thu", cell=cell_a)
    admin_user.email = "quantri@example.org"
    admin_user.save()
    make_user("", username="khach_thu", email="khach@example.org")
    assert reminders_send(today=TODAY, working_days=5).users == 0
    assert mail.outbox == []


def test_an_inactive_user_gets_nothing(secretary, cases):
    secretary.is_active = False
    secretary.save()
    reminders_send(today=TODAY, working_days=5)
    assert mail.outbox == []


def test_the_other_cells_secretary_is_not_told_of_cell_a(cell_b, cases):
    make_user(Role.SECRETARY, username="bithu_b_thu", cell=cell_b, email="b@example.org")
    reminders_send(today=TODAY, working_days=5)
    assert mail.outbox == []


def test_the_clerk_is_told_of_the_battalion(battalion, cases):
    make_user(Role.CLERK, username="troly_thu", battalion=battalion, email="troly@example.org")
    reminders_send(today=TODAY, working_days=5)
    assert mail.outbox[0].to == ["troly@example.org"]


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("down")


def test_a_digest_that_could_not_be_sent_is_not_recorded(secretary, cases, settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    run = reminders_send(today=TODAY, working_days=5)
    assert (run.users, run.failed) == (0, 1)
    assert not ReminderSent.objects.exists()


def test_the_command_uses_the_configured_window_and_reports(secretary, cases, settings, capsys):
    settings.REMINDER_WORKING_DAYS = 6
    call_command("send_reminders", "--date", "05/05/2025")
    assert "Đã gửi 1 thư nhắc việc (4 việc) ngày 05/05/2025." in capsys.readouterr().out
    call_command("send_reminders", "--date", "05/05/2025", "--days", "1")
    assert len(mail.outbox) == 1


def test_the_command_rejects_a_malformed_date(db):
    with pytest.raises(CommandError, match="dd/mm/yyyy"):
        call_command("send_reminders", "--date", "2025-05-05")


def test_the_command_fails_when_a_digest_could_not_be_sent(secretary, cases, settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    with pytest.raises(CommandError, match="Không gửi được 1 thư"):
        call_command("send_reminders", "--date", "05/05/2025")


def test_a_user_reads_only_their_own_reminder_log(secretary, secretary_a, cases):
    reminders_send(today=TODAY, working_days=5)
    assert ReminderSent.objects.visible_to(secretary).count() == 3
    assert ReminderSent.objects.visible_to(secretary_a).count() == 0
