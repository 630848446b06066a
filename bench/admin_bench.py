"""Staff tools at office scale: statistics, charts, backup and the XLSX course import.

    .venv/bin/python bench/admin_bench.py [--members 100000] [--courses 500]

Seeds a fresh SQLite database in a temporary folder (members, cooperatives, submitted
assessments, registrations spread over 90 days), then times: the /stats report (all time and a
30-day period), rendering the five charts, `coopbot backup` of the database, and importing a
course template of `--courses` rows (checked row by row, written in one transaction).
"""

from __future__ import annotations

import argparse
import asyncio
import io
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook

from bot.chat import charts
from bot.cli.admin import backup_sqlite
from bot.core.clock import FixedClock
from bot.core.config import Settings
from bot.core.i18n import Translator
from bot.services.catalogue import FIELDS
from bot.services.container import Services, build_services
from bot.services.stats import Period
from bot.services.topics import TOPICS
from storage.engine import create_database
from storage.migrate import upgrade
from storage.schema.assessment import assessments, cooperatives
from storage.schema.courses import courses, registrations
from storage.schema.members import members

NOW = datetime(2025, 11, 16, 6, 0, tzinfo=UTC)
KINDS = ("production", "distribution", "services", "housing", "consumer", "credit")
COUNTIES = ("تهران", "اسلامشهر", "پردیس", "دماوند", "ری", "شمیرانات", "ورامین")
STATUSES = ("requested", "waitlisted", "nominated", "sent", "confirmed", "cancelled")


async def seed(services: Services, n: int) -> None:
    rng = random.Random(7)
    db = services.db
    async with db.write() as conn:
        await conn.execute(
            cooperatives.insert(),
            [
                {
                    "name": f"c{i}",
                    "identity_key": f"c{i}",
                    "kind": rng.choice(KINDS),
                    "created_at": NOW - timedelta(days=rng.randrange(90)),
                    "updated_at": NOW,
                }
                for i in range(max(1, n // 20))
            ],
        )
        await conn.execute(
            courses.insert(),
            [
                {
                    "ref": f"r{i}",
                    "standard_code": "0012345678",
                    "title_fa": f"دوره {i}",
                    "title_en": f"Course {i}",
                    "topic": TOPICS[i % len(TOPICS)],
                    "provider_kind": "tvto_centre",
                    "provider_name": "مرکز",
                    "province": "تهران",
                    "county": COUNTIES[i % len(COUNTIES)],
                    "delivery_mode": "in_person",
                    "start_date": date(2026, 1, 1),
                    "end_date": date(2026, 2, 1),
                    "sessions": [{"weekday": 5, "start": "09:00", "end": "12:00"}],
                    "total_hours": 48,
                    "capacity": 30,
                    "registration_deadline": NOW + timedelta(days=30),
                    "created_at": NOW,
                    "updated_at": NOW,
                }
                for i in range(50)
            ],
        )
    chunk = 5000
    for start in range(0, n, chunk):
        async with db.write() as conn:
            rows = []
            for i in range(start, min(n, start + chunk)):
                seen = NOW - timedelta(days=rng.randrange(90), minutes=rng.randrange(1440))
                rows.append(
                    {
                        "platform": "telegram",
                        "user_id": 10_000 + i,
                        "chat_id": 10_000 + i,
                        "first_name": f"m{i}",
                        "role": "member",
                        "is_blocked": False,
                        "first_seen": seen,
                        "last_seen": seen,
                    }
                )
            await conn.execute(members.insert(), rows)
            ids = range(start + 1, min(n, start + chunk) + 1)
            submitted = [
                {
                    "member_id": m,
                    "version": "1",
                    "status": "submitted",
                    "cooperative_id": rng.randrange(1, max(2, n // 20)),
                    "need_score": rng.random() * 10,
                    "consent": True,
                    "topics": rng.sample(TOPICS, 3),
                    "started_at": NOW - timedelta(days=rng.randrange(90)),
                    "updated_at": NOW,
                    "submitted_at": NOW - timedelta(days=rng.randrange(90)),
                }
                for m in ids
                if m % 2 == 0
            ]
            if submitted:
                await conn.execute(assessments.insert(), submitted)
            regs = [
                {
                    "course_id": m % 50 + 1,
                    "member_id": m,
                    "status": rng.choice(STATUSES),
                    "need_score": 1.0,
                    "cooperative_id": rng.randrange(1, max(2, n // 20)),
                    "requested_at": NOW - timedelta(days=rng.randrange(90)),
                    "status_at": NOW,
                    "version": 1,
                    "carry_overs": 0,
                }
                for m in ids
                if m % 3 == 0
            ]
            if regs:
                await conn.execute(registrations.insert(), regs)


def template(rows: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(FIELDS))
    for i in range(rows):
        sheet.append(
            [
                f"b{i}",
                "0012345678",
                f"دوره آزمایشی {i}",
                f"Trial course {i}",
                TOPICS[i % len(TOPICS)],
                "tvto_centre",
                "مرکز شماره ۱",
                "تهران",
                "02166000000",
                "تهران",
                COUNTIES[i % len(COUNTIES)],
                "in_person",
                "1404/10/01",
                "1404/11/30",
                "شنبه 09:00-12:00; دوشنبه 09:00-12:00",
                48,
                25,
                "1404/09/25",
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def timed(label: str, started: float) -> float:
    elapsed = time.perf_counter() - started
    print(f"{label:<44} {elapsed:8.3f} s")
    return elapsed


async def main(n: int, course_rows: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{path}")
        services = build_services(
            settings, create_database(settings.database_url), FixedClock(NOW), Translator()
        )
        await upgrade(services.db)
        started = time.perf_counter()
        await seed(services, n)
        timed(f"seed {n:,} members (+assessments, registrations)", started)
        stats = services.admin.stats
        started = time.perf_counter()
        report = await stats.report()
        timed("stats report, all time", started)
        started = time.perf_counter()
        await stats.report(Period(date(2025, 10, 17), date(2025, 11, 16)))
        timed("stats report, 30 days", started)
        started = time.perf_counter()
        charts.line_chart("فعالیت روزانه", report.days, list(report.series.items()), locale="fa")
        for counts in (report.needs, report.by_status, report.by_county, report.by_kind):
            charts.bar_chart("نمودار", [(c.key or "?", c.count) for c in counts], locale="fa")
        timed("render the five charts (PNG)", started)
        started = time.perf_counter()
        size = backup_sqlite(path, Path(folder) / "copy.sqlite3")
        timed(f"backup ({size / 1e6:.1f} MB, integrity checked)", started)
        data = template(course_rows)
        started = time.perf_counter()
        result = await services.admin.imports.import_xlsx(None, data)
        assert result.imported, result
        timed(f"import {course_rows} course rows from XLSX", started)
        await services.db.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--courses", type=int, default=500)
    args = parser.parse_args()
    asyncio.run(main(args.members, args.courses))
