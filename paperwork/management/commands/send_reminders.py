import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from paperwork.services import reminders_send


class Command(BaseCommand):
    help = (
        "Gửi mỗi người dùng có địa chỉ e-mail bản tổng hợp các việc đã quá hạn hoặc đến hạn "
        "trong N ngày làm việc tới. Chạy lại trong ngày không gửi lại việc đã báo."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Số ngày làm việc nhìn trước (mặc định REMINDER_WORKING_DAYS).",
        )
        parser.add_argument(
            "--date",
            default=None,
            help="Chạy như thể hôm nay là ngày này (dd/mm/yyyy), để gửi bù một ngày bị lỡ.",
        )

    def handle(self, *args, days=None, date=None, **options):
        working_days = settings.REMINDER_WORKING_DAYS if days is None else days
        if working_days < 0:
            raise CommandError("--days phải là số không âm.")
        today = timezone.localdate()
        if date:
            try:
                today = datetime.datetime.strptime(date, "%d/%m/%Y").date()  # noqa: DTZ007 (a day)
            except ValueError as error:
                raise CommandError("--date phải có dạng dd/mm/yyyy.") from error
        run = reminders_send(today=today, working_days=working_days)
        self.stdout.write(
            f"Đã gửi {run.users} thư nhắc việc ({run.items} việc) ngày {today:%d/%m/%Y}."
        )
        if run.failed:
            raise CommandError(f"Không gửi được {run.failed} thư; lần chạy sau sẽ gửi lại.")
