"""The ledger's dispatcher and broadcast progress run in one process per messenger at a time
(bot/cluster/dispatch.py): two processes share one PostgreSQL database and the sandbox; one leads
and sends, the other stands by and takes over when the first stops."""

from __future__ import annotations

import asyncio
import contextlib
import inspect

import pytest
from sqlalchemy import text

from bot.app import build_application
from bot.cluster.dispatch import MessengerLeads, repeat
from bot.core.config import Settings
from bot.core.i18n import Translator
from bot.services.container import build_services
from bot.services.ledger import Notice, plain
from sandbox import ManualClock, Sandbox, SandboxConfig
from storage.engine import create_database
from tests.services.reminder_fakes import add_member

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

TOKEN = "123456:TEST-telegram"
FAST = {"retry_seconds": 0.05, "check_seconds": 0.1}
FIRST_USER = 5000


async def until(predicate, timeout: float = 20.0) -> None:
    """Wait for a state other tasks reach through the database (nothing to await here)."""
    async with asyncio.timeout(timeout):
        while True:
            done = predicate()
            if inspect.isawaitable(done):
                done = await done
            if done:
                return
            await asyncio.sleep(0.02)


async def stop(task: asyncio.Task) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


class Process:
    """What one worker process has: its own database pool, services, Application, leads."""

    def __init__(self, settings, clock, sandbox, conninfo) -> None:
        db = create_database(settings.database_url)
        self.services = build_services(settings, db, clock, Translator(default="fa"))
        self.app = build_application("telegram", TOKEN, self.services, base_url=sandbox.base_url)
        self.leads = MessengerLeads({"telegram": self.app}, conninfo, **FAST)
        self.task: asyncio.Task | None = None

    async def start(self) -> None:
        await self.app.initialize()
        self.task = asyncio.create_task(self.leads.run())

    async def stop(self) -> None:
        if self.task is not None:
            await stop(self.task)
        await self.app.shutdown()
        await self.services.db.dispose()

    def leading(self, key: str) -> bool:
        return self.leads.states()[key] == "leader"


@pytest.fixture
async def two(pg_url, conninfo, clock):
    from storage.migrate import upgrade

    settings = Settings(
        _env_file=None,
        database_url=pg_url,
        delivery_rate_per_second=1000,
        delivery_tick_seconds=0.05,
        quiet_hours_start="00:00",  # equal times: no quiet hours
        quiet_hours_end="00:00",
        rate_limit_per_second=0,
    )
    db = create_database(pg_url)
    await upgrade(db)
    await db.dispose()
    # the sandbox's flood limits are not under test here (its clock does not move)
    async with Sandbox(SandboxConfig(clock=ManualClock(), rate_limit_enabled=False)) as sandbox:
        sandbox.add_bot(TOKEN, "telegram")
        a = Process(settings, clock, sandbox, conninfo)
        b = Process(settings, clock, sandbox, conninfo)
        try:
            yield sandbox, a, b
        finally:
            await a.stop()
            await b.stop()


async def enqueue(services, clock, sandbox, users: range, occurrence: str) -> None:
    ids = []
    for user in users:
        sandbox.person(user, platform="telegram")
        ids.append(await add_member(services.db, clock, user))
    async with services.db.write() as conn:
        for member_id in ids:
            for n in (1, 2, 3):  # three messages each, to arrive in this order
                await Notice(
                    member_id, "test.cluster", f"{occurrence}.{n}", clock.now(),
                    plain(f"{occurrence} {n}"),
                ).enqueue(conn, clock.now())


async def statuses(services) -> dict[str, int]:
    async with services.db.read() as conn:
        rows = await conn.execute(text("SELECT status, count(*) FROM deliveries GROUP BY status"))
        return {status: n for status, n in rows.all()}


async def test_one_process_sends_the_ledger_and_the_other_takes_over(two, clock):
    sandbox, a, b = two
    await a.start()
    await until(lambda: a.leading("ledger:telegram") and a.leading("broadcasts:telegram"))
    await b.start()
    batch = range(FIRST_USER, FIRST_USER + 20)
    await enqueue(a.services, clock, sandbox, batch, "first")
    await until(lambda: _sent(a.services, 60))
    # b stood by all along: one leader per key
    assert b.leads.states() == {"ledger:telegram": "standby", "broadcasts:telegram": "standby"}
    assert {k: p.state for k, p in a.leads.parts(a.task).items()} == {
        "ledger:telegram": "leader", "broadcasts:telegram": "leader"
    }
    assert all(p.ready for p in b.leads.parts(b.task).values())
    assert b.app.bot_data["dispatcher"].totals.claimed == 0

    await a.stop()  # the leading process ends: its connections close, its locks are released
    await until(lambda: b.leading("ledger:telegram"))
    more = range(FIRST_USER + 20, FIRST_USER + 30)
    await enqueue(b.services, clock, sandbox, more, "second")
    await until(lambda: _sent(b.services, 90))
    assert await statuses(b.services) == {"sent": 90}
    assert b.app.bot_data["dispatcher"].totals.sent == 30
    for user, occurrence in [*((u, "first") for u in batch), *((u, "second") for u in more)]:
        texts = [m.text.lstrip("\u200f") for m in sandbox.messages(user, TOKEN)]  # as_written
        assert texts == [f"{occurrence} 1", f"{occurrence} 2", f"{occurrence} 3"]  # once, in order


async def _sent(services, n: int) -> bool:
    return (await statuses(services)).get("sent", 0) >= n


async def test_repeat_runs_at_a_fixed_rate_until_cancelled():
    now = [0.0]
    waits: list[float] = []
    runs: list[float] = []

    async def tick() -> None:
        runs.append(now[0])
        now[0] += 0.3 if len(runs) == 2 else 0.1  # the second tick takes longer than usual

    async def sleep(seconds: float) -> None:
        waits.append(round(seconds, 6))
        now[0] += seconds
        if len(waits) == 3:
            raise asyncio.CancelledError

    with pytest.raises(asyncio.CancelledError):
        await repeat(tick, 0.25, monotonic=lambda: now[0], sleep=sleep)
    assert waits == [0.15, 0.0, 0.15]
    assert runs == [0.0, 0.25, 0.55]


def test_keys_name_the_job_and_the_messenger():
    leads = MessengerLeads({"telegram": object(), "bale": object()}, "postgresql:///unused")
    assert set(leads.states()) == {
        "ledger:telegram", "broadcasts:telegram", "ledger:bale", "broadcasts:bale"
    }
    assert set(leads.states().values()) == {"standby"}


async def test_a_new_leader_holds_off_a_second_then_starts_without_burst():
    """The old leader may have sent a full second's worth just before it died: the new one sends
    nothing for a second (TAKEOVER_HOLD), then its bucket and its gate start empty, so no
    1-second window holds both leaders' sends and the new one's first send waits 1/rate more."""
    from bot.background.jobs import TAKEOVER_HOLD, Dispatcher, TokenBucket
    from bot.background.schedule import MESSENGER_JOBS

    now = [100.0]
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(round(seconds, 6))
        now[0] += seconds

    bucket = TokenBucket(20, burst=10, monotonic=lambda: now[0], sleep=sleep)
    dispatcher = Dispatcher(
        ledger=None, deliverer=None, platform="telegram", batch_size=1, bucket=bucket
    )  # type: ignore[arg-type]
    app = type("App", (), {"bot_data": {"dispatcher": dispatcher}})()
    [ledger] = [job for job in MESSENGER_JOBS if job.name == "ledger"]
    await bucket.acquire()
    assert waits == []  # a process that leads from the start may burst
    ledger.on_lead(app)
    assert not bucket.take()  # a row marked now would be put back
    await bucket.ready()
    assert TAKEOVER_HOLD == 1.0 and waits == [1.0, 0.05]  # the first call 1.05 s after
    assert bucket.take()
    assert not bucket.take()  # and no burst after it
