"""`manage.py import_cadets FILE --battalion CODE [--dry-run] [--user USERNAME]`."""

import io

import pytest
from django.core.management import CommandError, call_command

from members.models import Person

from .files import cadet, xlsx


@pytest.fixture
def sheet(tmp_path, cell_a):
    def write(rows, name="hoc-vien.xlsx"):
        path = tmp_path / name
        path.write_bytes(xlsx(rows))
        return str(path)

    return write


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_cadets", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_prints_the_preview_and_writes_nothing(sheet):
    output = run(sheet([cadet(), cadet(code="HV002")]), "--battalion", "TD1", "--dry-run")
    assert "Thêm mới: 2" in output
    assert "chưa ghi gì" in output
    assert not Person.objects.exists()


def test_an_import_by_a_clerk_is_written_in_their_name(sheet, clerk):
    output = run(sheet([cadet()]), "--battalion", "TD1", "--user", "troly")
    assert "Đã ghi xong" in output
    assert Person.objects.get().history.get().history_user == clerk


def test_writing_needs_a_user(sheet):
    with pytest.raises(CommandError, match="--user"):
        run(sheet([cadet()]), "--battalion", "TD1")
    assert not Person.objects.exists()


def test_errors_are_printed_and_nothing_is_written(sheet, clerk):
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 lỗi"):
        call_command(
            "import_cadets",
            sheet([cadet(), cadet(code="HV002", cell="C9")]),
            "--battalion",
            "TD1",
            "--user",
            "troly",
            stdout=out,
        )
    assert "Dòng 3 · Chi bộ: Không có chi bộ “C9”" in out.getvalue()
    assert not Person.objects.exists()


def test_a_user_who_is_not_a_clerk_of_the_battalion_is_refused(sheet, other_clerk):
    with pytest.raises(CommandError, match="không phải trợ lý"):
        run(sheet([cadet()]), "--battalion", "TD1", "--user", "troly2")


def test_an_unknown_battalion_or_file_is_refused(sheet, tmp_path):
    with pytest.raises(CommandError, match="TD9"):
        run(sheet([cadet()]), "--battalion", "TD9", "--dry-run")
    with pytest.raises(CommandError, match="Không thấy tệp"):
        run(str(tmp_path / "khong-co.xlsx"), "--battalion", "TD1", "--dry-run")


def test_a_bad_file_is_refused_with_its_message(tmp_path, cell_a):
    path = tmp_path / "hoc-vien.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    with pytest.raises(CommandError, match="mật khẩu"):
        run(str(path), "--battalion", "TD1", "--dry-run")
