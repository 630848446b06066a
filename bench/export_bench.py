"""Export of a month's nominee list: 100,000 rows to XLSX and CSV, and the month read from the
database as the bot does it.

    .venv/bin/python bench/export_bench.py [--rows 100000] [--tracemalloc] [--profile]
    .venv/bin/python bench/export_bench.py --database [--database-url URL]

Reports wall and CPU time, the file size and the peak memory: the process's peak RSS (cheap, and
the figure to quote), or with --tracemalloc the peak of Python allocations during the export
(Python's own only: the XLSX writer's Rust memory is not seen; tracemalloc also slows the export,
so the times of such a run are not the figures to quote).
--profile: the XLSX export under cProfile, the top functions by own time (the library's write is
one entry). Target (issue 4): the export, database read plus XLSX, in at most 10 s. The rows are
made up but shaped like real ones (distinct IDs with leading zeros, Persian names, 60 courses,
request dates across the month).

--database: the same month written into a fresh database (a temporary SQLite file, or
--database-url, which is wiped), then exported as the bot's «XLSX» button does it:
`NominationService.export_rows` (one streamed query, `RegistrationsRepo.month_nominees`), then
`nominees_xlsx`.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import machine_setup
from bot.services.exports import NomineeRow, nominees_csv, nominees_xlsx

FIRST = ("زهرا", "علی", "فاطمه", "محمد", "مریم", "حسین", "سارا", "رضا", "نرگس", "مهدی")
LAST = ("محمدی", "حسینی", "احمدی", "کریمی", "رضایی", "موسوی", "جعفری", "صادقی", "رحیمی")
KINDS = ("تولیدی", "توزیعی", "خدماتی", "مصرف", "کشاورزی و روستایی")
ROLES = ("عضو", "عضو هیئت مدیره", "مدیرعامل", "بازرس")
COUNTIES = ("تهران", "ری", "ورامین", "شهریار", "اسلامشهر", "پاکدشت", "دماوند", "شمیرانات")
COURSES = 60
PACKAGES = ("rustpy-xlsxwriter", "openpyxl", "lxml", "SQLAlchemy", "aiosqlite", "asyncpg")
START = datetime(2025, 10, 22, 20, 30, tzinfo=UTC)  # 1 Aban 1404, Tehran


def rows(n: int) -> list[NomineeRow]:
    out = []
    for i in range(n):
        course = i % COURSES
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
                priority=i // COURSES + 1,
                requested_at=START + timedelta(minutes=i % (24 * 60 * 24)),
            )
        )
    return out


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def timed(label: str, fn, *, trace: bool = False) -> bytes:
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


def profile(data_rows: list[NomineeRow], top: int = 12) -> None:
    profiler = cProfile.Profile()
    profiler.runcall(nominees_xlsx, data_rows)
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("tottime").print_stats(top)


def check(xlsx: bytes, first: NomineeRow) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx), read_only=True).active
    row = next(sheet.iter_rows(min_row=2, max_row=2, values_only=True))
    assert row[3] == first.national_id, (row, first)
    assert row[15] == "1404/08/01", row
    print(f"check: row 1 national ID {row[3]!r} kept as text, request date {row[15]}")


# --- the month in a database ---------------------------------------------------------------------


async def seed(db, made: list[NomineeRow]) -> int:
    """The month of `made` as database rows: members with profiles, cooperatives, courses,
    nominated registrations and one frozen month with every entry placed. Returns its id."""
    from storage.courses import CoursesRepo
    from storage.nominations import NominationsRepo
    from storage.schema.assessment import cooperatives, member_profiles
    from storage.schema.courses import nomination_entries, registrations
    from storage.schema.members import members
    from tests.services.courses_support import course_data

    now = START + timedelta(days=30)
    n = len(made)
    async with db.write() as conn:
        await conn.execute(
            cooperatives.insert(),
            [
                {
                    "id": c + 1,
                    "name": made[c * 40].cooperative_name,
                    "identity_key": f"c{c}",
                    "national_id": made[c * 40].cooperative_national_id,
                    "registration_no": made[c * 40].registration_no,
                    "kind": made[c * 40].cooperative_kind,
                    "province": "تهران",
                    "county": made[c * 40].county,
                    "created_at": now,
                    "updated_at": now,
                }
                for c in range((n + 39) // 40)
            ],
        )
        course = course_data(capacity=n, start=date(2026, 1, 1), end=date(2026, 2, 1), deadline=now)
        repo = CoursesRepo(conn)
        for c in range(min(COURSES, n)):
            code, title = made[c].standard_code, made[c].course_title
            update = {"ref": f"b{c}", "standard_code": code, "title_fa": title}
            await repo.add(course.model_copy(update=update), now)
        stamps = {"cutoff_at": now, "frozen_at": now, "frozen_by": None}
        month = await NominationsRepo(conn).create_month(year=1404, month=8, coop_cap=n, **stamps)
        assert month is not None
        month_id = month.id
    for start in range(0, n, 5000):
        part = range(start, min(n, start + 5000))
        async with db.write() as conn:
            person = {"platform": "telegram", "first_seen": now, "last_seen": now}
            await conn.execute(
                members.insert(),
                [{"id": i + 1, "user_id": 10_000 + i, **person} for i in part],
            )
            await conn.execute(
                member_profiles.insert(),
                [
                    {
                        "member_id": i + 1,
                        "full_name": f"{made[i].first_name} {made[i].last_name}",
                        "national_id": made[i].national_id,
                        "mobile": made[i].mobile,
                        "role": made[i].role,
                        "cooperative_id": i // 40 + 1,
                        "updated_at": now,
                    }
                    for i in part
                ],
            )
            common = {"need_score": 1.0, "cooperative_id": None}
            await conn.execute(
                registrations.insert(),
                [
                    {
                        "id": i + 1,
                        "course_id": i % COURSES + 1,
                        "member_id": i + 1,
                        "status": "nominated",
                        "requested_at": made[i].requested_at,
                        "status_at": now,
                        "version": 1,
                        "carry_overs": 0,
                        **common,
                    }
                    for i in part
                ],
            )
            await conn.execute(
                nomination_entries.insert(),
                [
                    {
                        "month_id": month_id,
                        "registration_id": i + 1,
                        "course_id": i % COURSES + 1,
                        "member_id": i + 1,
                        "requested_at": made[i].requested_at,
                        "rank": made[i].priority,
                        "placed": True,
                        **common,
                    }
                    for i in part
                ],
            )
    return month_id


async def timed_read(label: str, reading) -> list[NomineeRow]:
    wall, cpu = time.perf_counter(), time.process_time()
    read = await reading
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"{label}: {wall:.2f} s wall, {cpu:.2f} s CPU, {len(read):,} rows, "
        f"peak RSS so far {peak_rss_mb():.0f} MiB"
    )
    return read


async def from_database(n: int, url: str | None) -> None:
    from bot.core.clock import FixedClock
    from bot.core.config import Settings
    from bot.core.i18n import Translator
    from bot.services.container import build_services
    from storage.engine import create_database
    from storage.migrate import upgrade

    with tempfile.TemporaryDirectory() as folder:
        if url:
            from tests.conftest import reset_postgres

            await reset_postgres(url)
        url = url or f"sqlite+aiosqlite:///{Path(folder) / 'export.sqlite3'}"
        settings = Settings(_env_file=None, database_url=url)
        db = create_database(url)
        services = build_services(settings, db, FixedClock(START), Translator())
        try:
            await upgrade(db)
            made = rows(n)
            started = time.perf_counter()
            month_id = await seed(db, made)
            print(f"seeded {n:,} placed nominees in {time.perf_counter() - started:.1f} s ({url})")
            del made
            read = await timed_read(
                "database read (NominationService.export_rows)",
                services.nomination.export_rows(month_id),
            )
            xlsx = timed("XLSX of what was read", lambda: nominees_xlsx(read))
            check(xlsx, read[0])
        finally:
            await db.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--profile", action="store_true", help="cProfile of the XLSX export")
    parser.add_argument("--database", action="store_true", help="read the month from a database")
    parser.add_argument("--database-url", help="with --database: this database (wiped)")
    args = parser.parse_args()
    for line in machine_setup(PACKAGES):
        print(line)
    if args.database:
        asyncio.run(from_database(args.rows, args.database_url))
        return 0
    made = time.perf_counter()
    data_rows = rows(args.rows)
    print(
        f"{args.rows:,} rows made in {time.perf_counter() - made:.2f} s; "
        f"peak RSS {peak_rss_mb():.0f} MiB"
    )
    if args.profile:
        profile(data_rows)
        return 0
    xlsx = timed("XLSX", lambda: nominees_xlsx(data_rows), trace=args.tracemalloc)
    timed("CSV ", lambda: nominees_csv(data_rows), trace=args.tracemalloc)
    check(xlsx, data_rows[0])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
