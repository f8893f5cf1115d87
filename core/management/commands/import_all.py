from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from core.backup import database_is_empty, record_counts


class Command(BaseCommand):
    help = "Khôi phục dữ liệu từ tệp của export_all vào một cơ sở dữ liệu trống (đã migrate)."

    def add_arguments(self, parser):
        parser.add_argument("input", help="Tệp do export_all tạo ra")

    def handle(self, *args, input, **options):
        # Restoring over live data would mix two databases' ids: refuse instead.
        if not database_is_empty():
            raise CommandError(
                "Cơ sở dữ liệu đã có dữ liệu; chỉ khôi phục vào cơ sở dữ liệu trống."
            )
        # The backup already holds the history; loading must not write history of its own.
        with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", input, verbosity=0)
        total = sum(record_counts().values())
        self.stdout.write(self.style.SUCCESS(f"Đã khôi phục {total} bản ghi từ {input}."))
