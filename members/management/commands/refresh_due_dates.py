from django.core.management.base import BaseCommand, CommandError

from members import derived
from members.models import Person
from members.services import person_refresh_status


class Command(BaseCommand):
    help = (
        "Tính lại hạn bước tiếp theo (và các trường suy ra từ các bước) của mọi người theo lịch "
        "ngày làm việc hiện hành; chạy sau khi đổi bảng ngày làm việc (WORKDAY_OVERRIDES) hoặc "
        "PARTY_RULES. Chỉ ghi những người có giá trị thay đổi. --check chỉ kiểm tra."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Chỉ so sánh, không ghi; mã thoát 1 nếu có hạn đã lưu khác với lịch hiện hành.",
        )

    def handle(self, *args, check=False, **options):
        stale = 0
        for person in Person.objects.prefetch_related("steps").order_by("pk").iterator(500):
            steps = derived.steps_by_kind(person.steps.all())
            fields = derived.person_fields(steps)
            if all(getattr(person, name) == value for name, value in fields.items()):
                continue
            stale += 1
            if not check:
                person_refresh_status(person, steps)
        if check and stale:
            raise CommandError(f"{stale} người có hạn đã lưu khác với lịch hiện hành.")
        verb = "cần tính lại" if check else "đã tính lại"
        self.stdout.write(self.style.SUCCESS(f"Số người {verb}: {stale}."))
