"""What erasing on disk costs: /deleteme's service call (bot/services/privacy.py) on a SQLite
database of N people who each did the assessment, timed three ways on fresh copies:
- as shipped: secure_delete on, the WAL checkpointed and truncated after the erasure;
- without the checkpoint (the erased values stay in the -wal file until SQLite's own);
- secure_delete off as well (the erased values stay in free space too).

    .venv/bin/python bench/erasure_bench.py                 # 2,000 people, 30 erasures each way
    .venv/bin/python bench/erasure_bench.py --people 20000 --erase 50
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import machine_setup
from bot.core.clock import FixedClock
from bot.core.config import Settings
from bot.core.i18n import Translator
from bot.services.container import build_services
from storage.assessments import AssessmentsRepo
from storage.engine import create_database
from storage.members import MembersRepo
from storage.migrate import upgrade

NOW = datetime(2025, 11, 16, 6, 0, tzinfo=UTC)


async def seed(path: Path, people: int) -> None:
    db = create_database(f"sqlite+aiosqlite:///{path}")
    await upgrade(db)
    async with db.write() as conn:
        members, assessments = MembersRepo(conn), AssessmentsRepo(conn)
        for i in range(people):
            m = await members.seen(
                platform="telegram",
                user_id=10_000 + i,
                chat_id=10_000 + i,
                first_name=f"عضو {i}",
                last_name="نمونه",
                username=f"member_{i}",
                language_code="fa",
                now=NOW,
            )
            draft = await assessments.create_draft(m.id, "1", NOW)
            answers = {
                "full_name": f"عضو نمونه {i}",
                "national_id": f"{i:010d}",
                "mobile": f"0912{i:07d}",
                "role": "member",
                "coop_activity": "تولید فرش دستباف",
                "topics": ["accounting"],
            }
            for key, value in answers.items():
                await assessments.set_answer(draft.id, key, value, NOW)
            await assessments.save_profile(
                m.id,
                {"full_name": answers["full_name"], "national_id": answers["national_id"]},
                NOW,
            )
    await db.wipe_log()
    await db.dispose()


async def erase_times(path: Path, erase: int, *, checkpoint: bool, secure: bool) -> list[float]:
    db = create_database(f"sqlite+aiosqlite:///{path}")
    if not secure:

        @event.listens_for(db.engine.sync_engine, "connect")
        def _off(dbapi_conn, _record) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA secure_delete=OFF")
            cur.close()

    if not checkpoint:

        async def _no_wipe(*_args, **_kwargs) -> bool:
            return True

        db.wipe_log = _no_wipe  # type: ignore[method-assign]
    services = build_services(Settings(_env_file=None), db, FixedClock(NOW), Translator())
    times = []
    try:
        for member_id in range(1, erase + 1):
            started = time.perf_counter()
            await services.admin.privacy.erase(member_id)
            times.append(time.perf_counter() - started)
    finally:
        await db.dispose()
    return times


def ms(values: list[float]) -> str:
    q = statistics.quantiles(values, n=20)
    return f"median {statistics.median(values) * 1000:6.1f} ms, p95 {q[18] * 1000:6.1f} ms"


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--erase", type=int, default=30)
    args = parser.parse_args()
    for line in machine_setup(("SQLAlchemy", "aiosqlite")):
        print(line)
    import sqlite3

    print(f"sqlite {sqlite3.sqlite_version}")
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base.sqlite3"
        started = time.perf_counter()
        await seed(base, args.people)
        print(
            f"{args.people:,} people with profile and 6 answers each: "
            f"{base.stat().st_size / 1e6:.1f} MB, seeded in {time.perf_counter() - started:.1f} s"
        )
        ways = [
            ("as shipped (secure_delete on, checkpoint)", True, True),
            ("secure_delete on, no checkpoint", False, True),
            ("secure_delete off, no checkpoint", False, False),
        ]
        for number, (label, checkpoint, secure) in enumerate(ways):
            copy = Path(tmp) / f"copy-{number}.sqlite3"
            await asyncio.to_thread(shutil.copy, base, copy)
            times = await erase_times(copy, args.erase, checkpoint=checkpoint, secure=secure)
            print(f"{label:44s} {args.erase} erasures: {ms(times)}")


if __name__ == "__main__":
    asyncio.run(main())
