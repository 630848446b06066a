"""Reminders and the delivery ledger: planning for 100,000 registrations, then dispatching a due
batch through the local Bot API sandbox at the configured rate.

    .venv/bin/python bench/reminders_bench.py          # 100,000 registrations, 500 sends
    .venv/bin/python bench/reminders_bench.py --registrations 10000 --dispatch 200 --latency 0.05
    .venv/bin/python bench/reminders_bench.py --database-url postgresql+asyncpg://...   (PostgreSQL)
    .venv/bin/python bench/reminders_bench.py --skip-dispatch --repeat 5    # medians of 5

1. Planning: 2,000 courses of 50 confirmed registrations each (real CourseService and
   RegistrationService over the real tables), every course starting within the next two days, so
   each registration has reminders inside the 48 h horizon. Times `ReminderService.plan_courses()`
   on an empty ledger (everything written) and again (nothing changed: the diff alone; nothing
   may be written twice). `--repeat N` empties the ledger and does it again, N times, and prints
   the medians (the machine's load varies). Target: ≤ 10 s.
2. Dispatch: `--dispatch` rows all due at once, sent by the real Application's JobQueue dispatcher
   (tick, batch, token bucket at DELIVERY_RATE_PER_SECOND, PTB's AIORateLimiter) to distinct people
   in the sandbox (Telegram's flood limits on). Reports the achieved/configured rate and the
   due -> sent lag (p50/p99): with everything due at once the lag is the queue, about n / rate.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as dt_time
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import machine_setup
from bot.app import build_application, build_services
from bot.core.clock import FixedClock, SystemClock
from bot.core.config import Settings
from bot.persian.jalali import tehran_today, to_utc
from bot.services.ledger import BulkWriter, Notice, at, message
from sandbox import Sandbox, SandboxConfig
from storage.courses import CourseData, CoursesRepo, Session
from storage.ledger import UNFINISHED, LedgerRepo
from storage.migrate import upgrade
from storage.schema.courses import registrations
from storage.schema.members import members

PER_COURSE = 50
TOKEN = "424242:BENCH-telegram"
PACKAGES = ("python-telegram-bot", "SQLAlchemy", "aiosqlite", "asyncpg", "APScheduler", "aiohttp")


def course(i: int, today: date) -> CourseData:
    start = today + timedelta(days=1 + i % 2)
    return CourseData(
        ref=f"bench-{i}",
        standard_code=f"{241130530020000 + i:015d}",
        title_fa=f"دورهٔ آموزشی شمارهٔ {i}",
        title_en=f"Course {i}",
        topic="accounting",
        provider_kind="tvto_centre",
        provider_name="مرکز آموزش فنی و حرفه‌ای شماره ۱ تهران",
        provider_address="تهران، خیابان آزادی",
        province="تهران",
        county="تهران",
        delivery_mode="in_person",
        start_date=start,
        end_date=start + timedelta(days=60),
        sessions=(
            Session(weekday=start.weekday(), start=dt_time(9 + i % 8), end=dt_time(12 + i % 8)),
            Session(weekday=(start.weekday() + 3) % 7, start=dt_time(9), end=dt_time(12)),
        ),
        total_hours=48,
        capacity=PER_COURSE,
        registration_deadline=to_utc(datetime.combine(today, dt_time(0))),
    )


async def seed(services, n_regs: int, now: datetime) -> None:
    n_courses = max(1, n_regs // PER_COURSE)
    today = tehran_today(now)
    async with services.db.write() as conn:
        courses = CoursesRepo(conn)
        course_ids = [(await courses.add(course(i, today), now)).id for i in range(n_courses)]
    people = [
        {
            "platform": "telegram",
            "user_id": 10_000_000 + i,
            "chat_id": 10_000_000 + i,
            "first_name": "عضو",
            "language_code": "fa",
            "role": "member",
            "is_blocked": False,
            "first_seen": now,
            "last_seen": now,
        }
        for i in range(n_regs)
    ]
    for start in range(0, n_regs, 5000):
        async with services.db.write() as conn:
            await conn.execute(members.insert(), people[start : start + 5000])
    async with services.db.read() as conn:
        ids = list((await conn.execute(members.select().with_only_columns(members.c.id))).scalars())
    regs = [
        {
            "course_id": course_ids[i // PER_COURSE % n_courses],
            "member_id": member_id,
            "status": "confirmed",
            "need_score": 5.0,
            "requested_at": now,
            "status_at": now,
            "version": 1,
            "carry_overs": 0,
        }
        for i, member_id in enumerate(ids[:n_regs])
    ]
    for start in range(0, len(regs), 5000):
        async with services.db.write() as conn:
            await conn.execute(registrations.insert(), regs[start : start + 5000])


async def bench_planning(args, workdir: Path) -> None:
    url = args.database_url or f"sqlite+aiosqlite:///{workdir}/plan.sqlite3"
    if args.database_url:
        from tests.conftest import reset_postgres

        await reset_postgres(url)
    # today 12:00 Tehran: every course starts tomorrow or the day after
    now = to_utc(datetime.combine(tehran_today(datetime.now(UTC)), dt_time(12)))
    settings = Settings(_env_file=None, database_url=url, rate_limit_per_second=0)
    services = build_services(settings, FixedClock(now))
    await upgrade(services.db)
    t0 = time.perf_counter()
    await seed(services, args.registrations, now)
    print(
        f"seeded {args.registrations:,} confirmed registrations in "
        f"{args.registrations // PER_COURSE:,} courses: {time.perf_counter() - t0:.1f} s"
    )
    # how long the database was writing planned rows (at least one chunk in flight; they
    # overlap the planning, so this is part of the wall time, not added to it), and in how
    # many transactions
    writing = {"busy": 0.0, "chunks": 0, "active": 0, "since": 0.0}
    write_chunk = BulkWriter._write

    async def timed_write(self, chunk):
        if writing["active"] == 0:
            writing["since"] = time.perf_counter()
        writing["active"] += 1
        try:
            return await write_chunk(self, chunk)
        finally:
            writing["active"] -= 1
            writing["chunks"] += 1
            if writing["active"] == 0:
                writing["busy"] += time.perf_counter() - writing["since"]

    BulkWriter._write = timed_write
    runs: dict[str, list[float]] = {"first": [], "second": []}
    for repeat in range(args.repeat):
        if repeat:
            await empty_ledger(services.db)
        for label, key in (
            ("first run (empty ledger)", "first"),
            ("second run (unchanged)", "second"),
        ):
            writing.update(busy=0.0, chunks=0)
            t0 = time.perf_counter()
            cpu0 = time.process_time()
            report = await services.reminders.plan_courses()
            wall = time.perf_counter() - t0
            cpu = time.process_time() - cpu0
            runs[key].append(wall)
            print(
                f"plan_courses, {label}: {wall:.2f} s wall, {cpu:.2f} s CPU; "
                f"{report.registrations:,} registrations, {report.desired:,} reminders wanted, "
                f"{report.written:,} written (in {writing['chunks']} transactions; the "
                f"database writing during {writing['busy']:.2f} s of the run), "
                f"{report.cancelled:,} cancelled"
            )
        async with services.db.read() as conn:
            counts = await LedgerRepo(conn).counts()
        print(f"ledger rows: {counts}")  # once each: no duplicates after the second run
    if args.repeat > 1:
        print(
            f"median of {args.repeat}: first run {statistics.median(runs['first']):.2f} s, "
            f"second run {statistics.median(runs['second']):.2f} s"
        )
    await services.db.dispose()


async def empty_ledger(db) -> None:
    """Back to an empty ledger (and no schedules seen) for the next first run."""
    async with db.write() as conn:
        if db.dialect == "postgresql":
            await conn.execute(text("TRUNCATE deliveries, reminder_schedules"))
        else:
            await conn.execute(text("DELETE FROM deliveries"))
            await conn.execute(text("DELETE FROM reminder_schedules"))
    if db.dialect == "sqlite":
        async with db.engine.connect() as conn:
            await conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


async def bench_dispatch(args, workdir: Path) -> None:
    url = f"sqlite+aiosqlite:///{workdir}/dispatch.sqlite3"
    settings = Settings(
        _env_file=None,
        database_url=url,
        delivery_rate_per_second=args.rate,
        delivery_tick_seconds=args.tick,
        delivery_batch_size=args.batch,
        quiet_hours_start=dt_time(0),
        quiet_hours_end=dt_time(0),  # no quiet hours: the bench may run at night
    )
    services = build_services(settings, SystemClock())
    await upgrade(services.db)
    config = SandboxConfig(latency_s=args.latency)
    async with Sandbox(config) as sb:
        sb.add_bot(TOKEN, "telegram")
        now = datetime.now(UTC)
        member_ids = []
        async with services.db.write() as conn:
            for i in range(args.dispatch):
                uid = 20_000_000 + i
                sb.person(uid, platform="telegram")
                result = await conn.execute(
                    members.insert()
                    .values(
                        platform="telegram",
                        user_id=uid,
                        chat_id=uid,
                        first_name="عضو",
                        language_code="fa",
                        role="member",
                        is_blocked=False,
                        first_seen=now,
                        last_seen=now,
                    )
                    .returning(members.c.id)
                )
                member_ids.append(result.scalar_one())
        app = build_application("telegram", TOKEN, services, base_url=sb.base_url)
        session = now + timedelta(hours=24)
        due = datetime.now(UTC)
        await services.ledger.plan(
            Notice(
                m,
                "bench.reminder",
                "1",
                due,
                message("reminders-session", title="حسابداری", start=at(session), place="تهران"),
            )
            for m in member_ids
        )
        async with app:
            await app.start()
            t0 = time.perf_counter()
            while True:
                counts = await services.ledger.counts()
                if not any(counts.get(status) for status in UNFINISHED):
                    break
                await asyncio.sleep(0.2)
            elapsed = time.perf_counter() - t0
            await app.stop()
        rows = await services.ledger.find(cause="bench.reminder")
    sent = [r for r in rows if r.status == "sent"]
    lags = [(r.finished_at - r.due_at).total_seconds() for r in sent]
    finished = sorted(r.finished_at for r in sent)
    span = (finished[-1] - finished[0]).total_seconds() if len(finished) > 1 else 0.0
    achieved = (len(sent) - 1) / span if span else float("nan")
    delivered = sum(sb.delivered(20_000_000 + i, TOKEN) for i in range(args.dispatch))
    print(
        f"dispatch: {len(sent):,}/{args.dispatch:,} sent ({delivered:,} delivered by the sandbox, "
        f"{len(rows) - len(sent)} not sent) in {elapsed:.1f} s; sandbox latency "
        f"{args.latency * 1000:.0f} ms, tick {args.tick} s, batch {args.batch}"
    )
    print(
        f"rate: achieved {achieved:.1f}/s, configured {args.rate:g}/s "
        f"({achieved / args.rate:.0%}); due -> sent lag min {min(lags):.2f} s, "
        f"p50 {statistics.median(lags):.2f} s, p99 {percentile(lags, 0.99):.2f} s, "
        f"max {max(lags):.2f} s"
    )
    await services.db.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registrations", type=int, default=100_000)
    parser.add_argument("--dispatch", type=int, default=500)
    parser.add_argument(
        "--rate", type=float, default=Settings(_env_file=None).delivery_rate_per_second
    )
    parser.add_argument("--tick", type=float, default=1.0)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.0, help="sandbox latency per call, s")
    parser.add_argument("--database-url", help="plan on this database (default: a temp SQLite)")
    parser.add_argument(
        "--repeat", type=int, default=1, help="plan N times on an emptied ledger; medians"
    )
    parser.add_argument("--skip-planning", action="store_true")
    parser.add_argument("--skip-dispatch", action="store_true")
    args = parser.parse_args()
    for line in machine_setup(PACKAGES):
        print(line)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average {load}; command: {' '.join(sys.argv)}")
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_planning:
            await bench_planning(args, Path(tmp))
        if not args.skip_dispatch:
            await bench_dispatch(args, Path(tmp))


if __name__ == "__main__":
    asyncio.run(main())
