from django.core.management.base import BaseCommand
from django.db import transaction

from members.models import CohortTally, RatingTally, StepTally
from members.tallies import rebuild_all


class Command(BaseCommand):
    help = (
        "Đếm lại các bảng số liệu tổng hợp của trang báo cáo (bước theo quý, xếp loại, khóa) "
        "từ hồ sơ; chỉ cần sau khi sửa cơ sở dữ liệu ngoài ứng dụng."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        rebuild_all()
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã đếm lại: {StepTally.objects.count()} dòng bước theo quý, "
                f"{RatingTally.objects.count()} dòng xếp loại, "
                f"{CohortTally.objects.count()} dòng khóa."
            )
        )
