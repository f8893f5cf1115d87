from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from spreadsheets.importer import ImportReport
from spreadsheets.reader import SpreadsheetError, read_table
from spreadsheets.services import ImportRejected, cadets_import_apply, cadets_import_preview
from units.models import Battalion


class Command(BaseCommand):
    help = (
        "Nhập học viên và quá trình kết nạp từ tệp XLSX/CSV theo mẫu; in bản xem trước, có "
        "lỗi thì không ghi gì. Ghi thật cần --user (trợ lý của tiểu đoàn) để lịch sử ghi tên "
        "người nhập."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp .xlsx hoặc .csv")
        parser.add_argument("--battalion", required=True, help="mã tiểu đoàn, ví dụ TD1")
        parser.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi")
        parser.add_argument("--user", help="tên đăng nhập của trợ lý nhập tệp")

    def handle(self, *args, file, battalion, dry_run, user, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không thấy tệp {path}.")
        try:
            unit = Battalion.objects.get(code=battalion)
        except Battalion.DoesNotExist as error:
            raise CommandError(f"Không có tiểu đoàn mã {battalion}.") from error
        account = None
        if user:
            try:
                account = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist as error:
                raise CommandError(f"Không có tài khoản {user}.") from error
        elif not dry_run:
            raise CommandError("Cần --user (trợ lý của tiểu đoàn) để ghi; hoặc dùng --dry-run.")
        try:
            table = read_table(path.read_bytes(), path.name)
        except SpreadsheetError as error:
            raise CommandError(error.messages[0]) from error
        arguments = {
            "table": table,
            "filename": path.name,
            "battalion": unit,
            "user": account,
        }
        try:
            if dry_run:
                report = cadets_import_preview(**arguments)
            else:
                # The command runs outside a request, so it opens the all-or-nothing
                # transaction itself.
                with transaction.atomic():
                    report = cadets_import_apply(**arguments)
        except PermissionDenied as error:
            raise CommandError(f"{user} không phải trợ lý của {unit}.") from error
        except ImportRejected as rejected:
            self._print(rejected.report)
            raise CommandError(rejected.messages[0]) from rejected
        self._print(report)
        if not report.ok:
            raise CommandError(f"Tệp có {len(report.errors)} lỗi; chưa ghi gì.")
        if report.applied:
            self.stdout.write(self.style.SUCCESS("Đã ghi xong."))
        else:
            self.stdout.write("Chạy thử (--dry-run): chưa ghi gì.")

    def _print(self, report: ImportReport) -> None:
        write = self.stdout.write
        write(f"Tệp {report.filename} → {report.battalion}: {report.rows} dòng dữ liệu.")
        write(
            f"  Thêm mới: {report.created} · Cập nhật: {report.updated} · "
            f"Giữ nguyên: {report.unchanged} · Dòng có lỗi: {report.rows_with_errors}"
        )
        for title, issues in (("Lỗi", report.errors), ("Cảnh báo", report.warnings)):
            if issues:
                write(f"{title} ({len(issues)}):")
            for issue in issues:
                where = f"Dòng {issue.row}" if issue.row else "Tệp"
                column = f" · {issue.column}" if issue.column else ""
                write(f"  {where}{column}: {issue.message}")
        if report.changes:
            write(f"Thay đổi ({len(report.changes)}):")
        for change in report.changes:
            write(
                f"  Dòng {change.row} · {change.code} {change.full_name}: "
                + "; ".join(change.details)
            )
