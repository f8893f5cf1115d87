from django.core.management.base import BaseCommand
from django.utils import timezone

from members.stored_plans import plans_refresh


class Command(BaseCommand):
    help = (
        "Tính trước kế hoạch kết nạp của hôm nay cho mọi học viên cần lập kế hoạch (lưu lại, để "
        "danh sách việc cần làm và trang chủ mở ngay); chạy mỗi sáng, trước send_reminders."
    )

    def handle(self, *args, **options):
        stored = plans_refresh(today=timezone.localdate())
        self.stdout.write(f"Đã có kế hoạch kết nạp của {stored} học viên.")
