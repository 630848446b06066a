"""The scheduled work of several coopbot processes on PostgreSQL (issue 17): the ledger's
dispatcher leader killed -9 in the middle of a planner's batch and a broadcast.

The real processes, `coopbot run --role ingress` and three `--role worker`, against the sandbox
(Telegram's flood limits on, real clock). Before the workers start, the database holds
`--people` members with `--each` ledger messages each (as a planner writes them) and
`--listeners` more members, and staff start a broadcast to everyone. When `--kill-at` of the rows
are sent, the worker leading "ledger:telegram" (read from each worker's /readyz) is killed -9.
Printed: rows and their outcomes, seconds and rows/s, the takeover gap (kill -> the next send),
the busiest 1-second window the messenger saw, 429s, per-person order and duplicates, and the
planner's slots (each must run once across the workers).

    .venv/bin/python bench/cluster_dispatch_bench.py --database-url postgresql+asyncpg://postgres@127.0.0.1/coopbench
    .venv/bin/python bench/cluster_dispatch_bench.py --database-url ... --quick

The database named is emptied (its public schema dropped) first: give it one of its own.
tests/cluster/test_dispatch_e2e.py runs the same scenario small and checks it.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import re
import signal
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench._common import busiest_second, machine_setup  # noqa: E402
from bench.cluster_procs import Part, query, readyz, until  # noqa: E402
from bot.cluster.queue import psycopg_conninfo  # noqa: E402
from bot.core.clock import SystemClock  # noqa: E402
from bot.core.config import Settings  # noqa: E402
from bot.core.i18n import Translator  # noqa: E402
from bot.services.container import build_services  # noqa: E402
from bot.services.ledger import Notice, plain  # noqa: E402
from sandbox import Sandbox  # noqa: E402
from storage.engine import create_database  # noqa: E402
from storage.members import MembersRepo  # noqa: E402
from tests.conftest import reset_postgres  # noqa: E402

TOKEN = "777778:dispatch-e2e"
FIRST_USER = 8000
STAFF = 7999  # starts the broadcast to everyone
RATE = 20  # DELIVERY_RATE_PER_SECOND
BUDGET = 30  # RATE_LIMIT_PER_SECOND, the bot-wide budget of what the bot sends on its own
MESSAGES = ("sendMessage", "copyMessage", "sendDocument")  # what Telegram's rate counts
PACKAGES = ("procrastinate", "psycopg", "asyncpg", "python-telegram-bot", "SQLAlchemy")


@dataclass
class Outcome:
    rows: int  # the planner's rows, the broadcast's, its report
    people: range  # members with planner rows (the listeners follow them)
    done: dict[str, int] = field(default_factory=dict)
    uncertain: set[tuple[int, str]] = field(default_factory=set)  # (user, occurrence)
    texts: dict[int, list[str]] = field(default_factory=dict)  # what each member received
    sends: list = field(default_factory=list)  # the sandbox's calls that put a message in a chat
    slots: Counter = field(default_factory=Counter)  # reminders:courses slot -> runs
    killed_at: float = 0.0
    ready_after: list[dict] = field(default_factory=list)  # the survivors' /readyz

    @property
    def floods(self) -> int:
        return sum(1 for c in self.sends if c.status == 429)

    def busiest_second(self) -> int:
        return busiest_second(c.started for c in self.sends if c.ok)

    def busiest_around_kill(self) -> int:
        """The busiest window among the sends from 1 s before the kill on (the old leader's last
        second and the new leader's first)."""
        since = self.killed_at - 1
        return busiest_second(c.started for c in self.sends if c.ok and c.started > since)

    def takeover_gap(self) -> float:
        """The longest pause in sending from just before the kill on (the new leader's start,
        and the dead one's claimed rows waiting for their lease, show here)."""
        times = sorted(c.started for c in self.sends if c.ok and c.started > self.killed_at - 1)
        return max((b - a for a, b in itertools.pairwise(times)), default=float("nan"))

    def seconds(self) -> float:
        times = [c.started for c in self.sends if c.ok]
        return max(times) - min(times) if times else 0.0


async def _member(conn, sandbox: Sandbox, user: int, name: str, now: datetime, token: str):
    sandbox.person(user, name, "fa", token=token)
    return await MembersRepo(conn).seen(
        platform="telegram", user_id=user, chat_id=user, first_name=name, last_name=None,
        username=None, language_code="fa", now=now,
    )  # fmt: skip


async def seed(
    pg_url: str, sandbox: Sandbox, people: range, each: int, listeners: int, token: str = TOKEN
) -> None:
    """The ledger rows a planner would write, and a broadcast to everyone that staff start."""
    db = create_database(pg_url)
    now = datetime.now(UTC)
    try:
        async with db.write() as conn:
            staff = await _member(conn, sandbox, STAFF, "کارشناس", now, token)
            await MembersRepo(conn).set_role(staff.id, "staff")
            for user in people:
                member = await _member(conn, sandbox, user, "عضو", now, token)
                for n in range(1, each + 1):
                    text = plain(f"پیام {n}")
                    await Notice(member.id, "e2e.cluster", str(n), now, text).enqueue(conn, now)
            for user in range(people.stop, people.stop + listeners):
                await _member(conn, sandbox, user, "عضو", now, token)
        settings = Settings(_env_file=None, database_url=pg_url)
        broadcasts = build_services(settings, db, SystemClock(), Translator()).broadcast
        draft = await broadcasts.create(staff.id, platform="telegram", kind="template",
                                        template="courses")  # fmt: skip
        await broadcasts.send_now(staff.id, draft.id)  # the leader of broadcasts:telegram goes on
    finally:
        await db.dispose()


def cluster_env(pg_url: str, api_url: str, token: str = TOKEN, **extra: str) -> dict[str, str]:
    """The processes' environment: the ledger's rate within the bot-wide budget, no quiet
    hours, a planner every 10 s, a dead worker noticed within about 2.5 s."""
    env = {k: v for k, v in os.environ.items() if not k.endswith("_TOKEN")}
    env.update(
        DATABASE_URL=pg_url,
        TELEGRAM_TOKEN=token,
        TELEGRAM_API_URL=api_url,
        LOG_LEVEL="INFO",
        RATE_LIMIT_PER_SECOND=str(BUDGET),
        DELIVERY_RATE_PER_SECOND=str(RATE),
        DELIVERY_TICK_SECONDS="0.2",
        DELIVERY_LEASE_SECONDS="5",
        QUIET_HOURS_START="00:00",  # no quiet hours, whatever time it runs
        QUIET_HOURS_END="00:00",
        REMINDER_PLAN_INTERVAL_SECONDS="10",
        WORKER_HEARTBEAT_SECONDS="0.5",
        WORKER_STALLED_SECONDS="2",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


async def run(
    pg_url: str,
    workdir: Path,
    *,
    people: int,
    each: int = 3,
    listeners: int = 0,
    kill_at: float = 0.4,
    ports: tuple[int, ...] = (18660, 18661, 18662),
    ingress_port: int = 18663,
    time_box: float = 120.0,
) -> Outcome:
    conninfo = psycopg_conninfo(pg_url)
    crowd = range(FIRST_USER, FIRST_USER + people)
    out = Outcome(rows=people * each + (people + listeners + 1) + 1, people=crowd)
    async with Sandbox() as sandbox:  # Telegram's flood limits on, on the real clock
        sandbox.add_bot(TOKEN, platform="telegram")
        env = cluster_env(pg_url, sandbox.base_url)
        ingress_env = {**env, "HEALTH_PORT": str(ingress_port)}
        ingress = Part("ingress", workdir / "ingress.log", ingress_env)
        workers = [
            Part("worker", workdir / f"worker{i}.log", {**env, "HEALTH_PORT": str(port)})
            for i, port in enumerate(ports)
        ]
        parts = [ingress, *workers]
        try:
            await ingress.start()  # migrates and applies the queue's schema first
            await until(
                lambda: asyncio.sleep(0, sandbox.calls("getUpdates", token=TOKEN)),
                60, "the ingress polls", parts,
            )  # fmt: skip
            await seed(pg_url, sandbox, crowd, each, listeners)
            for worker in workers:
                await worker.start()

            async def leader() -> int | None:
                for port in ports:
                    if (await readyz(port)).get("parts", {}).get("ledger:telegram") == "leader":
                        return port
                return None

            first = await until(leader, 60, "a worker leads ledger:telegram", parts)

            async def sent_enough() -> bool:
                return (await outcomes(conninfo)).get("sent", 0) >= out.rows * kill_at

            await until(sent_enough, time_box, f"{kill_at:.0%} sent", parts)
            victim = workers[ports.index(first)]
            await victim.stop(signal.SIGKILL)
            out.killed_at = time.monotonic()
            survivors = [w for w in workers if w is not victim]

            async def other_leader() -> int | None:
                port = await leader()
                return port if port not in (None, first) else None

            await until(other_leader, 30, "another worker leads ledger:telegram", survivors)

            async def all_done() -> bool:
                done = await outcomes(conninfo)
                finished = await query(conninfo, "SELECT finished_at FROM broadcasts")
                ended = sum(n for s, n in done.items() if s in ("sent", "uncertain"))
                return ended == out.rows and finished[0][0] is not None

            await until(all_done, time_box, "every row has its outcome", [*survivors, ingress])
            out.done = await outcomes(conninfo)
            out.ready_after = [await readyz(port) for port in ports if port != first]
        finally:
            for part in parts:
                await part.stop()
        out.uncertain = set(
            await query(
                conninfo,
                "SELECT m.user_id, d.occurrence FROM deliveries d JOIN members m"
                " ON m.id = d.member_id WHERE d.status = 'uncertain'",
            )
        )
        for user in (STAFF, *range(FIRST_USER, FIRST_USER + people + listeners)):
            out.texts[user] = [m.text or "" for m in sandbox.messages(user, TOKEN)]
        out.sends = sandbox.calls(MESSAGES, token=TOKEN)
        logs = "".join(w.log() for w in workers)
        out.slots = Counter(re.findall(r"reminders:courses: slot (\d+)", logs))
    return out


async def outcomes(conninfo: str) -> dict[str, int]:
    return dict(await query(conninfo, "SELECT status, count(*) FROM deliveries GROUP BY status"))


def planner_numbers(texts: list[str]) -> list[int]:
    """The planner's messages a member received, by number ("پیام 2" -> 2), in arrival order."""
    return [int(t.split()[-1]) for t in texts if t.lstrip("\u200f").startswith("پیام")]


def report(out: Outcome, each: int) -> list[str]:
    disorder = duplicates = 0
    for user in out.people:
        got = planner_numbers(out.texts[user])
        disorder += got != sorted(got)
        duplicates += len(got) - len(set(got))
    copies = Counter(
        len(texts) - len(planner_numbers(texts)) for u, texts in out.texts.items() if u != STAFF
    )
    seconds = out.seconds()
    return [
        f"rows {out.rows}: {out.done}",
        f"sending {seconds:.1f} s, {out.rows / seconds if seconds else 0:.1f} rows/s "
        f"(DELIVERY_RATE_PER_SECOND {RATE}, RATE_LIMIT_PER_SECOND {BUDGET})",
        f"longest pause in sending around kill -9 of the leader {out.takeover_gap():.2f} s",
        f"busiest 1-second window {out.busiest_second()} messages "
        f"(from 1 s before the kill on {out.busiest_around_kill()}; "
        f"at most DELIVERY_RATE_PER_SECOND + 1 = {RATE + 1}); 429s {out.floods}",
        f"planner messages out of order in {disorder} chats, duplicated {duplicates}",
        f"broadcast copies per member {dict(copies)}",
        f"reminders:courses slots {len(out.slots)}, runs per slot {set(out.slots.values())}",
    ]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="a PostgreSQL database of its own")
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--each", type=int, default=3)
    parser.add_argument("--listeners", type=int, default=1700, help="broadcast-only members")
    parser.add_argument("--kill-at", type=float, default=0.4)
    parser.add_argument("--quick", action="store_true", help="smoke: 20 people, no listeners")
    args = parser.parse_args()
    if args.quick:
        args.people, args.listeners = 20, 0
    for line in machine_setup(PACKAGES):
        print(line)
    print(f"load average {os.getloadavg()}")
    print(
        f"setup: ingress + 3 workers, {args.people} people x {args.each} planner messages, "
        f"broadcast to {args.people + args.listeners + 1}, kill -9 of the ledger leader at "
        f"{args.kill_at:.0%}"
    )
    await reset_postgres(args.database_url)
    with tempfile.TemporaryDirectory() as tmp:
        out = await run(
            args.database_url, Path(tmp), people=args.people, each=args.each,
            listeners=args.listeners, kill_at=args.kill_at, time_box=600,
        )  # fmt: skip
    for line in report(out, args.each):
        print(line)


if __name__ == "__main__":
    asyncio.run(main())
