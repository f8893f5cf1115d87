from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone, translation

from accounts.models import User
from reports.forecast import forecasts_refresh


class Command(BaseCommand):
    help = (
        "Tính trước dự báo kết nạp của hôm nay cho các phạm vi lớn (trên "
        "FORECAST_LIVE_MAX_PEOPLE học viên cần lập kế hoạch), để báo cáo mở ngay; chạy mỗi "
        "sáng, sau send_reminders."
    )

    def handle(self, *args, **options):
        users = User.objects.filter(is_active=True).exclude(role="").order_by("pk")
        with translation.override(settings.LANGUAGE_CODE):
            stored = forecasts_refresh(users, today=timezone.localdate())
        self.stdout.write(f"Đã tính dự báo kết nạp cho {stored} phạm vi.")
