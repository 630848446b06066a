"""The real processes on PostgreSQL against the sandbox over HTTP: an ingress and three workers
send a batch of ledger messages and a broadcast to everyone; the worker that leads
"ledger:telegram" is killed -9 at about 40%. Another takes over: every row gets an outcome, none
is sent twice (a row that was on the wire is "uncertain", never sent again), each person's
messages arrive in order, the broadcast has one status message that ends as its summary and one
report to its author, the messenger (the sandbox, enforcing Telegram's 30 a second) answers no
429 (the busiest 1-second window is printed), and the planner's slots run once each across the
workers. Who leads is read from each worker's /readyz."""

from __future__ import annotations

import asyncio
import os
import re
import signal
from collections import Counter
from datetime import UTC, datetime

import aiohttp
import pytest

from bot.core.clock import SystemClock
from bot.core.config import Settings
from bot.core.i18n import Translator
from bot.services.container import build_services
from bot.services.ledger import Notice, plain
from sandbox import Sandbox
from storage.engine import create_database
from storage.members import MembersRepo
from tests.cluster.test_cluster_e2e import Part, query, until

pytestmark = pytest.mark.e2e

TOKEN = "777778:dispatch-e2e"
PEOPLE = 60
EACH = 3  # messages per person, to arrive in this order
FIRST_USER = 8000
RATE = 20  # DELIVERY_RATE_PER_SECOND
BUDGET = 30  # RATE_LIMIT_PER_SECOND, the bot-wide budget of what the bot sends on its own
IN_FLIGHT = RATE + 1  # the dispatcher's max_in_flight for this rate
PORTS = (18660, 18661, 18662)  # the workers' health ports
STAFF = 7999  # starts a broadcast to everyone (the 60 people and herself)


async def readyz(port: int) -> dict:
    try:
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/readyz") as response:
                return await response.json()
    except aiohttp.ClientError:
        return {}


async def seed(pg_url: str, sandbox: Sandbox) -> None:
    """The ledger rows a planner would write, and a broadcast to everyone that staff start."""
    db = create_database(pg_url)
    now = datetime.now(UTC)
    try:
        async with db.write() as conn:
            sandbox.person(STAFF, "کارشناس", "fa", token=TOKEN)
            staff = await MembersRepo(conn).seen(
                platform="telegram", user_id=STAFF, chat_id=STAFF, first_name="کارشناس",
                last_name=None, username=None, language_code="fa", now=now,
            )  # fmt: skip
            await MembersRepo(conn).set_role(staff.id, "staff")
            for user in range(FIRST_USER, FIRST_USER + PEOPLE):
                sandbox.person(user, "عضو", "fa", token=TOKEN)
                member = await MembersRepo(conn).seen(
                    platform="telegram", user_id=user, chat_id=user, first_name="عضو",
                    last_name=None, username=None, language_code="fa", now=now,
                )  # fmt: skip
                for n in range(1, EACH + 1):
                    text = plain(f"پیام {n}")
                    await Notice(member.id, "e2e.cluster", str(n), now, text).enqueue(conn, now)
        settings = Settings(_env_file=None, database_url=pg_url)
        broadcasts = build_services(settings, db, SystemClock(), Translator()).broadcast
        draft = await broadcasts.create(staff.id, platform="telegram", kind="template",
                                        template="courses")  # fmt: skip
        await broadcasts.send_now(staff.id, draft.id)  # the leader of broadcasts:telegram goes on
    finally:
        await db.dispose()


async def outcomes(conninfo: str) -> dict[str, int]:
    return dict(await query(conninfo, "SELECT status, count(*) FROM deliveries GROUP BY status"))


async def test_the_ledger_leader_killed_another_takes_over_nothing_twice(
    tmp_path, pg_url, conninfo
):
    async with Sandbox() as sandbox:  # Telegram's flood limits on, on the real clock
        sandbox.add_bot(TOKEN, platform="telegram")
        env = {k: v for k, v in os.environ.items() if not k.endswith("_TOKEN")}
        env.update(
            DATABASE_URL=pg_url,
            TELEGRAM_TOKEN=TOKEN,
            TELEGRAM_API_URL=sandbox.base_url,
            LOG_LEVEL="INFO",
            RATE_LIMIT_PER_SECOND=str(BUDGET),
            DELIVERY_RATE_PER_SECOND=str(RATE),
            DELIVERY_TICK_SECONDS="0.2",
            DELIVERY_LEASE_SECONDS="5",
            QUIET_HOURS_START="00:00",  # no quiet hours, whatever time the test runs
            QUIET_HOURS_END="00:00",
            REMINDER_PLAN_INTERVAL_SECONDS="10",
            WORKER_HEARTBEAT_SECONDS="0.5",
            WORKER_STALLED_SECONDS="2",
            PYTHONUNBUFFERED="1",
        )
        ingress = Part("ingress", tmp_path / "ingress.log", {**env, "HEALTH_PORT": "18663"})
        workers = [
            Part("worker", tmp_path / f"worker{i}.log", {**env, "HEALTH_PORT": str(port)})
            for i, port in enumerate(PORTS)
        ]
        parts = [ingress, *workers]
        try:
            await ingress.start()  # migrates and applies the queue's schema first
            await until(
                lambda: asyncio.sleep(0, (sandbox.calls("getUpdates", token=TOKEN))),
                60, "the ingress polls", parts,
            )  # fmt: skip
            await seed(pg_url, sandbox)
            for worker in workers:
                await worker.start()

            async def leader() -> int | None:
                for port in PORTS:
                    if (await readyz(port)).get("parts", {}).get("ledger:telegram") == "leader":
                        return port
                return None

            first = await until(leader, 60, "a worker leads ledger:telegram", parts)
            # the planner's rows, the broadcast to everyone, its report to the author
            total = PEOPLE * EACH + (PEOPLE + 1) + 1

            async def forty_percent() -> bool:
                return (await outcomes(conninfo)).get("sent", 0) >= total * 0.4

            await until(forty_percent, 60, "40% sent", parts)
            victim = workers[PORTS.index(first)]
            await victim.stop(signal.SIGKILL)
            survivors = [w for w in workers if w is not victim]

            async def other_leader() -> int | None:
                port = await leader()
                return port if port not in (None, first) else None

            await until(other_leader, 30, "another worker leads ledger:telegram", survivors)

            async def all_done() -> bool:
                done = await outcomes(conninfo)
                finished = await query(conninfo, "SELECT finished_at FROM broadcasts")
                ended = sum(n for s, n in done.items() if s in ("sent", "uncertain"))
                return ended == total and finished[0][0] is not None

            await until(all_done, 120, "every row has its outcome", [*survivors, ingress])
            done = await outcomes(conninfo)
            # ready: every survivor, one leading each key
            states = [await readyz(port) for port in PORTS if port != first]
            assert all(s["ready"] for s in states), states
        finally:
            for part in parts:
                await part.stop()

        assert set(done) <= {"sent", "uncertain"} and done.get("uncertain", 0) <= IN_FLIGHT
        uncertain = {
            (user, n)
            for user, n in await query(
                conninfo,
                "SELECT m.user_id, d.occurrence FROM deliveries d JOIN members m"
                " ON m.id = d.member_id WHERE d.status = 'uncertain'",
            )
        }
        announcement = "b1"  # the broadcast's occurrence
        for user in range(FIRST_USER, FIRST_USER + PEOPLE):
            texts = [m.text for m in sandbox.messages(user, TOKEN)]
            got = [int(t.split()[-1]) for t in texts if t.lstrip("\u200f").startswith("پیام")]
            assert got == sorted(got) and len(got) == len(set(got)), (user, got)  # in order, once
            missing = set(range(1, EACH + 1)) - set(got)
            assert {(user, str(n)) for n in missing} <= uncertain, (user, got)
            copies = len(texts) - len(got)
            assert copies == 1 or (copies == 0 and (user, announcement) in uncertain), (user, texts)
        # one status message, edited by one process at a time, and the author's report once
        staff_messages = sandbox.messages(STAFF, TOKEN)
        texts = [m.text or "" for m in staff_messages]
        status = [t for t in texts if t.startswith("ارسال پیام شمارهٔ ۱")]
        assert len(status) == 1 and "به پایان رسید" in status[0], texts  # the final summary
        assert len([t for t in texts if t.startswith("گزارش پیام گروهی شمارهٔ ۱")]) == 1, texts

        sends = sandbox.calls("sendMessage", token=TOKEN)
        assert not [c for c in sends if c.status == 429]
        times = sorted(c.started for c in sends if c.ok)
        busiest = max(sum(1 for t in times[i:] if t - start < 1.0) for i, start in enumerate(times))
        # a figure, not asserted (CONTRIBUTING: no timing in tests): one dispatcher's bucket
        # holds the sends to DELIVERY_RATE_PER_SECOND with half a second of burst, arrival
        # jitter bunches a few more; the sandbox enforces Telegram's 30/s and answered no 429.

        logs = "".join(w.log() for w in workers)
        slots = Counter(re.findall(r"reminders:courses: slot (\d+)", logs))
        assert slots and set(slots.values()) == {1}, slots  # each slot once across workers
        print(  # the figures of this run, for the report (pytest -s)
            f"\nrows {total}: {done}; busiest 1-s window {busiest} (budget {BUDGET}, rate {RATE});"
            f" slots run {len(slots)}"
        )
