import time

from django.core.management.base import BaseCommand, CommandError

from demodata.synthetic import ACADEMY_CODE, AcademyGenerator, delete_synthetic, synthetic_exists


class Command(BaseCommand):
    help = (
        "Tạo một học viện tổng hợp gồm N học viên (đơn vị, khóa, các bước kết nạp, đánh giá, "
        "xếp loại, nghị quyết) để đo hiệu năng; không đụng đến dữ liệu mẫu."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cadets", type=int, default=1000, help="Số học viên (mặc định 1000).")
        parser.add_argument("--seed", type=int, default=2015, help="Hạt giống ngẫu nhiên.")
        parser.add_argument(
            "--reset", action="store_true", help="Xóa học viện tổng hợp đã có rồi tạo lại."
        )

    def handle(self, *args, cadets, seed, reset, **options):
        if cadets < 1:
            raise CommandError("--cadets phải lớn hơn 0.")
        if synthetic_exists():
            if not reset:
                raise CommandError(
                    f"Đã có học viện tổng hợp ({ACADEMY_CODE}); thêm --reset để tạo lại."
                )
            delete_synthetic()
        started = time.perf_counter()
        summary = AcademyGenerator(cadets, seed=seed).run()
        elapsed = time.perf_counter() - started
        rows = ", ".join(f"{name}: {count}" for name, count in sorted(summary.rows.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tạo {summary.battalions} tiểu đoàn, {summary.cells} chi bộ, "
                f"{summary.people} người trong {elapsed:.1f} giây ({rows})."
            )
        )
