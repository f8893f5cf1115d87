"""Benchmark: hostile uploads are refused quickly and in bounded memory (issue 12, item 3), and
python-calamine against the application's XLSX reader (issue 13, item 7).

    .venv/bin/python bench/hostile_uploads.py [--calamine]

Builds the hostile files of the issue at full size (tests/spreadsheets/hostile.py builds the
same kinds small, for the tests) and honest 10,000- and 20,000-row workbooks, then reads each
in a fresh Python process, as the server does on upload: the file is read and, when accepted,
its table stored for the preview. Each child reports the wall-clock and CPU time of that read and
the peak resident memory of the whole process while reading (Linux's VmHWM, reset after Django
has started). With --calamine, each file is also read by python-calamine (which must be
installed), alone and behind the application's zip-directory check. Results go to
bench/results/hostile_uploads.md. Target: each hostile file refused within 2 s at <= 200 MB.
"""

import argparse
import datetime
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_SECONDS, TARGET_MEGABYTES = 2.0, 200
# A child may not take the machine down: calamine on the 190 MB string is the worst case.
CHILD_MEMORY_LIMIT = 6 * 1024**3
CHILD_TIMEOUT = 120


def build(folder: Path) -> dict[str, tuple[Path, bool]]:
    """name -> (file, hostile?)"""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from bench.import_bench import _workbook
    from tests.spreadsheets import hostile

    files = {
        "far_column": (hostile.far_column(20_000), True),
        "long_string_190mb": (hostile.long_string(190 * 1024 * 1024), True),
        "same_row_number_200k": (hostile.same_row_number(200_000), True),
        "zip_bomb_1gb": (hostile.zip_bomb(1024 * 1024 * 1024), True),
        "crowded_rows": (hostile.crowded_rows(10_000, 1000), True),
        "honest_10k": (_workbook(10_000), False),
        "honest_20k": (_workbook(20_000), False),
    }
    found = {}
    for name, (content, is_hostile) in files.items():
        path = folder / f"{name}.xlsx"
        path.write_bytes(content)
        found[name] = (path, is_hostile)
    return found


def child(path: str, mode: str, media: str) -> None:
    """Read one upload the way `mode` says and print what it cost, as JSON."""
    os.environ["MEDIA_ROOT"] = media
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    import io
    import zipfile

    from spreadsheets import reader
    from spreadsheets.uploads import _path, upload_store

    content = Path(path).read_bytes()
    _reset_peak()
    before = _memory("VmRSS")
    wall, cpu = time.perf_counter(), time.process_time()
    outcome, stored = "accepted", 0
    try:
        if mode == "app":
            token = upload_store(reader.read_table(content, Path(path).name))
            stored = _path(token).stat().st_size
        else:
            from python_calamine import CalamineWorkbook

            if mode == "calamine+check":
                with zipfile.ZipFile(io.BytesIO(content)) as archive:
                    reader._check_directory(archive)
            sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
            rows = sheet.to_python()
            outcome = f"accepted ({len(rows):,} rows)"
    except reader.SpreadsheetError as error:
        outcome = "refused: " + error.messages[0]
    except MemoryError:
        outcome = "out of memory"
    except Exception as error:  # a reader's own failure on a hostile file is a result too
        outcome = f"failed: {type(error).__name__}: {str(error)[:120]}"
    print(
        json.dumps(
            {
                "outcome": outcome,
                "seconds": time.perf_counter() - wall,
                "cpu": time.process_time() - cpu,
                "peak_mb": _memory("VmHWM") / 1024,
                "start_mb": before / 1024,
                "stored_mb": stored / 1024 / 1024,
            }
        )
    )


def _reset_peak() -> None:
    # Writing 5 to clear_refs resets VmHWM (Linux 4.0+), so the peak is the read's own.
    Path("/proc/self/clear_refs").write_text("5")


def _memory(field: str) -> int:
    """A memory figure of this process from /proc/self/status, in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY_LIMIT, CHILD_MEMORY_LIMIT))


def measure(path: Path, mode: str, media: str) -> dict:
    command = [sys.executable, __file__, "--child", str(path), "--mode", mode, "--media", media]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=CHILD_TIMEOUT,
            preexec_fn=_limit_memory,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"outcome": f"over {CHILD_TIMEOUT} s", "seconds": CHILD_TIMEOUT}
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        # A Rust panic prints its reason first and a backtrace after it: keep the reason.
        reason = (done.stderr.strip().splitlines() or [""])[0]
        return {"outcome": f"crashed (exit {done.returncode}): {reason[:160]}"}
    return json.loads(lines[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calamine", action="store_true")
    parser.add_argument("--child")
    parser.add_argument("--mode", default="app")
    parser.add_argument("--media")
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "hostile_uploads.md"))
    options = parser.parse_args()
    if options.child:
        child(options.child, options.mode, options.media)
        return
    modes = ["app", "calamine", "calamine+check"] if options.calamine else ["app"]
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder:
        files = build(Path(folder))
        results = {
            (name, mode): measure(path, mode, folder)
            for name, (path, _hostile) in files.items()
            for mode in modes
        }
        sizes = {name: path.stat().st_size for name, (path, _hostile) in files.items()}
    report = _report(files, sizes, results, modes, load)
    Path(options.output).write_text(report, encoding="utf-8")
    print(report)
    missed = [
        name
        for (name, mode), figures in results.items()
        if mode == "app"
        and files[name][1]
        and not (
            figures["outcome"].startswith("refused")
            and figures["cpu"] <= TARGET_SECONDS
            and figures["peak_mb"] <= TARGET_MEGABYTES
        )
    ]
    if missed:
        sys.exit(f"Not refused within {TARGET_SECONDS} s and {TARGET_MEGABYTES} MB: {missed}")


def _report(files, sizes, results, modes, load) -> str:
    lines = [
        "# Benchmark: hostile uploads (bench/hostile_uploads.py)",
        "",
        f"Run {datetime.date.today():%d/%m/%Y}; {os.cpu_count()} CPUs ({platform.machine()}), "
        f"load average {load:.1f} at the start; Python {platform.python_version()}.",
        "",
        "Each file is read in a fresh process as the upload view reads it (read_table, then the "
        "table stored for the preview). Time: wall clock and CPU of the read; memory: the "
        "process's peak resident memory during the read (VmHWM, Django already loaded: the "
        "process starts at the 'start' figure). Target for hostile files: refused within "
        f"{TARGET_SECONDS:.0f} s at <= {TARGET_MEGABYTES} MB.",
        "",
        "| file | size | reader | outcome | wall | CPU | peak | start | stored preview |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name in files:
        for mode in modes:
            figures = results[(name, mode)]
            outcome = figures["outcome"].replace("|", "/")
            if len(outcome) > 90:
                outcome = outcome[:90] + "…"
            lines.append(
                f"| {name} | {sizes[name] / 1024:,.0f} KB | {mode} | {outcome} "
                f"| {figures.get('seconds', 0):.2f} s | {figures.get('cpu', 0):.2f} s "
                f"| {figures.get('peak_mb', 0):,.0f} MB | {figures.get('start_mb', 0):,.0f} MB "
                f"| {figures.get('stored_mb', 0):.1f} MB |"
            )
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
