from django.core.management.base import BaseCommand, CommandError

from members.tallies import ALL_TALLIES, rebuild_all


class Command(BaseCommand):
    help = (
        "Đếm lại các bảng số liệu tổng hợp của trang báo cáo (bước theo quý, xếp loại, khóa) "
        "từ hồ sơ; chỉ cần sau khi sửa cơ sở dữ liệu ngoài ứng dụng. --check chỉ kiểm tra."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Chỉ so sánh với hồ sơ, không ghi; mã thoát 1 nếu có chỗ lệch.",
        )

    def handle(self, *args, check=False, **options):
        if check:
            wrong = {name: tally.mismatches() for name, tally in ALL_TALLIES.items()}
            summary = ", ".join(f"{name}: {count}" for name, count in wrong.items())
            if any(wrong.values()):
                raise CommandError(f"Số liệu tổng hợp lệch so với hồ sơ ({summary}).")
            self.stdout.write(self.style.SUCCESS(f"Số liệu tổng hợp khớp với hồ sơ ({summary})."))
            return
        rebuild_all()
        counts = ", ".join(f"{name}: {t.model.objects.count()}" for name, t in ALL_TALLIES.items())
        self.stdout.write(self.style.SUCCESS(f"Đã đếm lại ({counts} dòng)."))
