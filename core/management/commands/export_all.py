from django.core.management import call_command
from django.core.management.base import BaseCommand

from core.backup import EXCLUDED, record_counts


class Command(BaseCommand):
    help = (
        "Sao lưu toàn bộ dữ liệu và lịch sử thay đổi ra một tệp JSON (thêm .gz để nén), "
        "dùng được cho cả SQLite và PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", help="Tệp đích, ví dụ backup-2026-11-29.json.gz")

    def handle(self, *args, output, **options):
        call_command(
            "dumpdata",
            exclude=EXCLUDED,
            natural_foreign=True,
            output=output,
            verbosity=0,
        )
        total = sum(record_counts().values())
        self.stdout.write(self.style.SUCCESS(f"Đã sao lưu {total} bản ghi vào {output}."))
