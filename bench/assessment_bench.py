"""Needs assessment service (issue #3): answers saved one by one, submissions, a roadmap.

N members of one cooperative answer the default questionnaire step by step through
`AssessmentService` (every answer its own write transaction, as in the chat), all at once
(asyncio.gather: concurrent writers), then submit; then the cooperative's roadmap is built from
their N latest assessments. Reports answers per second, milliseconds per answer and per
submission, and the roadmap time. SQLite file by default; PostgreSQL with --database-url.

    .venv/bin/python bench/assessment_bench.py                     # 200 members, SQLite
    .venv/bin/python bench/assessment_bench.py --members 500
    .venv/bin/python bench/assessment_bench.py --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/test

Figures depend on the machine; nothing here asserts timings.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

from bot.core.clock import FixedClock
from bot.questionnaire import load_questionnaire
from bot.services.assessment import AssessmentService
from bot.services.demo import answer_everything  # the demo office answers the same way
from storage.engine import create_database
from storage.members import MembersRepo
from storage.migrate import upgrade

ANSWERS = {  # raw input, as people type it or the buttons send it
    "full_name": "مریم احمدی",
    "national_id": "۰۰۷۶۲۲۹۶۴۵",
    "mobile": "۰۹۱۲ ۱۲۳ ۴۵۶۷",
    "role": "member",
    "gender": None,
    "education": "bachelor",
    "coop_name": "شرکت تعاونی فرش دستباف ورامین",
    "coop_national_id": None,
    "coop_reg_no": "۴۵۶۷",
    "coop_kind": "production",
    "coop_activity": "تولید فرش دستباف",
    "coop_place": ("tehran", "varamin"),
    "coop_members": "4000",
    "coop_founded": "1398",
    "last_assembly": "۱۴۰۴/۰۳/۱۵",
    "small_startup": "no",
    "internet_based": "no",
    "topics": ["accounting", "digital_marketing", "ict"],
    "urgency.accounting": "high",
    "urgency.digital_marketing": "medium",
    "urgency.ict": "low",
    "members_needing": "12",
    "delivery_mode": "in_person",
    "preferred_days": ["sat", "mon"],
    "preferred_time": "morning",
    "self_requested": "yes",
    "consent": "yes",
}


async def run(members: int, url: str | None) -> None:
    if url is None:
        url = f"sqlite+aiosqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    else:
        db = create_database(url)
        async with db.engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
        await db.dispose()
    db = create_database(url)
    await upgrade(db)
    clock = FixedClock(datetime(2025, 11, 16, 6, tzinfo=UTC))
    service = AssessmentService(db, clock, load_questionnaire(None))
    ids = []
    async with db.write() as conn:
        repo = MembersRepo(conn)
        for uid in range(1, members + 1):
            member = await repo.seen(
                platform="telegram",
                user_id=uid,
                chat_id=uid,
                first_name="x",
                last_name=None,
                username=None,
                language_code="fa",
                now=clock.now(),
            )
            ids.append(member.id)

    started = time.perf_counter()
    counts = await asyncio.gather(*(answer_everything(service, m, ANSWERS) for m in ids))
    answering = time.perf_counter() - started
    started = time.perf_counter()
    submitted = await asyncio.gather(*(service.submit(m) for m in ids))
    submitting = time.perf_counter() - started
    started = time.perf_counter()
    roadmap = await service.roadmap(submitted[0].cooperative_id)
    building = time.perf_counter() - started
    answers = sum(counts)
    assert roadmap.respondents == members
    assert len({s.cooperative_id for s in submitted}) == 1
    print(
        f"{db.dialect}: {members} members answering at once, {answers} answers in "
        f"{answering:.1f} s = {answers / answering:.0f} answers/s "
        f"({1000 * answering / answers:.1f} ms of wall time per answer); "
        f"{members} submissions in {submitting:.1f} s ({1000 * submitting / members:.1f} ms each); "
        f"roadmap of the cooperative from {roadmap.respondents} assessments: "
        f"{1000 * building:.0f} ms"
    )
    await db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    asyncio.run(run(args.members, args.database_url))


if __name__ == "__main__":
    main()
