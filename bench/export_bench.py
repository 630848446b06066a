"""Export of a month's nominee list: 100,000 rows to XLSX (openpyxl write-only) and CSV.

    .venv/bin/python bench/export_bench.py [--rows 100000] [--tracemalloc]

Reports wall and CPU time, the file size and the peak memory: the process's peak RSS (cheap), or
with --tracemalloc the peak of Python allocations during the export (exact, but tracemalloc slows
openpyxl several times over, so the times of such a run are not the figures to quote).
Target: the XLSX in at most 10 s. The rows are made up but shaped like real ones (distinct IDs
with leading zeros, Persian names, 60 courses, request dates across the month).
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import resource
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.services.exports import NomineeRow, nominees_csv, nominees_xlsx

FIRST = ("زهرا", "علی", "فاطمه", "محمد", "مریم", "حسین", "سارا", "رضا", "نرگس", "مهدی")
LAST = ("محمدی", "حسینی", "احمدی", "کریمی", "رضایی", "موسوی", "جعفری", "صادقی", "رحیمی")
KINDS = ("تولیدی", "توزیعی", "خدماتی", "مصرف", "کشاورزی و روستایی")
ROLES = ("عضو", "عضو هیئت مدیره", "مدیرعامل", "بازرس")
COUNTIES = ("تهران", "ری", "ورامین", "شهریار", "اسلامشهر", "پاکدشت", "دماوند", "شمیرانات")


def rows(n: int) -> list[NomineeRow]:
    start = datetime(2025, 10, 22, 20, 30, tzinfo=UTC)  # 1 Aban 1404, Tehran
    out = []
    for i in range(n):
        course = i % 60
        out.append(
            NomineeRow(
                first_name=FIRST[i % len(FIRST)],
                last_name=LAST[(i // 7) % len(LAST)],
                national_id=f"{i * 7919 % 10**10:010d}",
                mobile=f"09{i * 104729 % 10**9:09d}",
                cooperative_name=f"تعاونی {KINDS[i % 5]} شمارهٔ {i // 40}",
                cooperative_national_id=f"{i // 40 * 31 % 10**11:011d}",
                registration_no=f"{i // 40:05d}",
                cooperative_kind=KINDS[(i // 40) % 5],
                role=ROLES[i % 4],
                province="تهران",
                county=COUNTIES[(i // 40) % len(COUNTIES)],
                course_title=f"دورهٔ آموزشی شمارهٔ {course}",
                standard_code=f"{241130530020000 + course:015d}",
                priority=i // 60 + 1,
                requested_at=start + timedelta(minutes=i % (24 * 60 * 24)),
            )
        )
    return out


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def machine() -> list[str]:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            model = next(
                (ln.split(":", 1)[1].strip() for ln in info if ln.startswith("model name")), ""
            )
    except OSError:
        pass
    libs = []
    for name in ("openpyxl", "et_xmlfile", "lxml"):
        try:
            libs.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            libs.append(f"{name} -")
    return [
        f"machine: {platform.platform()}, {cores} usable cores, {model}".rstrip(", "),
        f"python {platform.python_version()} ({platform.python_implementation()})",
        ", ".join(libs),
    ]


def timed(label: str, fn, *, trace: bool) -> bytes:
    if trace:
        tracemalloc.start()
    wall, cpu = time.perf_counter(), time.process_time()
    data = fn()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    extra = ""
    if trace:
        extra = f", peak Python allocations {tracemalloc.get_traced_memory()[1] / 2**20:.1f} MiB"
        tracemalloc.stop()
    print(
        f"{label}: {wall:.2f} s wall, {cpu:.2f} s CPU, {len(data) / 2**20:.1f} MiB file, "
        f"peak RSS so far {peak_rss_mb():.0f} MiB{extra}"
    )
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--tracemalloc", action="store_true")
    args = parser.parse_args()
    for line in machine():
        print(line)
    made = time.perf_counter()
    data_rows = rows(args.rows)
    print(
        f"{args.rows:,} rows made in {time.perf_counter() - made:.2f} s; "
        f"peak RSS {peak_rss_mb():.0f} MiB"
    )
    xlsx = timed("XLSX", lambda: nominees_xlsx(data_rows), trace=args.tracemalloc)
    timed("CSV ", lambda: nominees_csv(data_rows), trace=args.tracemalloc)

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx), read_only=True).active
    first = next(sheet.iter_rows(min_row=2, max_row=2, values_only=True))
    assert first[3] == data_rows[0].national_id == "0000000000", first
    print(f"check: row 1 national ID {first[3]!r} kept as text")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
