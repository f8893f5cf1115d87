from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import Role
from demodata.accounts import DEMO_PASSWORD, seed_users
from demodata.history import history_written_in_bulk
from demodata.people import seed_people
from demodata.records import seed_scans, seed_temporary_member
from demodata.resolutions import seed_resolutions
from demodata.units import seed_units
from members.tallies import rebuilt_at_end


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (đơn vị, tài khoản mẫu); chạy lại không làm mất dữ liệu đã có."

    def _show_progress(self, done: int, total: int) -> None:
        # The first seeding takes a while: say how far it is, on one line.
        self.stdout.write(f"\rĐang tạo dữ liệu mẫu: {done}/{total} học viên", ending="")
        if done == total:
            self.stdout.write("")
        self.stdout.flush()

    @transaction.atomic
    def handle(self, *args, **options):
        cells = seed_units()
        users = seed_users()
        clerk = next(user for user in users if user.role == Role.CLERK)
        with history_written_in_bulk(user=clerk, reason="Dữ liệu mẫu"), rebuilt_at_end():
            seed_people(cells, progress=self._show_progress)
            seed_resolutions()
            seed_scans(clerk)
            seed_temporary_member(cells["C1"], today=timezone.localdate(), user=clerk)
        self.stdout.write(self.style.SUCCESS("Dữ liệu mẫu đã sẵn sàng. Tài khoản mẫu:"))
        for user in users:
            self.stdout.write(
                f"  {user.username:<10} {user.get_role_display():<28} {DEMO_PASSWORD}"
            )
        self.stdout.write("Mật khẩu trên chỉ dùng để thử nghiệm; hãy đổi trước khi dùng thật.")
