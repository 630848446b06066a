"""The dispatcher against the local Bot API sandbox: rendering, outcomes, 429/5xx, restarts.

No real sleeps: the token bucket and flood waits use a fake clock and a recording sleep.
"""

from __future__ import annotations

import asyncio
import base64
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
import telegram

from bot.background.delivery import Deliverer
from bot.background.jobs import Dispatcher, TokenBucket
from bot.core.i18n import Translator
from bot.messenger.platforms import PROFILES
from bot.services.ledger import LedgerService, Notice, at, button, label, localized, message
from sandbox import ManualClock, Sandbox, SandboxConfig
from storage.members import MembersRepo
from tests.services.reminder_fakes import add_member

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

TOKENS = {"telegram": "123456:TEST-telegram", "bale": "654321:TEST-bale"}
SESSION = datetime(2025, 11, 18, 6, 30, tzinfo=UTC)  # 27 Aban 1404, 10:00 Tehran


@dataclass
class FakeTime:
    """A monotonic clock and a sleep that only moves it (and records what was asked)."""

    now: float = 1000.0
    sleeps: list[float] = field(default_factory=list)

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds
        await asyncio.sleep(0)


@pytest.fixture
async def sandbox():
    async with Sandbox(SandboxConfig(clock=ManualClock())) as sb:
        for platform, token in TOKENS.items():
            sb.add_bot(token, platform)
        yield sb


@pytest.fixture
async def bots(sandbox):
    out = {}
    for platform, token in TOKENS.items():
        out[platform] = telegram.Bot(
            token, base_url=sandbox.base_url, base_file_url=sandbox.base_file_url
        )
        await out[platform].initialize()
    yield out
    for bot in out.values():
        await bot.shutdown()


def dispatcher(ledger, bot, platform="telegram", worker="w1", rate=1000.0, batch=50):
    fake = FakeTime()
    d = Dispatcher(
        ledger=ledger,
        deliverer=Deliverer(bot, PROFILES[platform], Translator()),
        platform=platform,
        batch_size=batch,
        bucket=TokenBucket(rate, monotonic=fake, sleep=fake.sleep),
        worker=worker,
    )
    d.fake_time = fake  # type: ignore[attr-defined]
    return d


def reminder(member_id: int, occurrence: str, due, **kw) -> Notice:
    return Notice(
        member_id,
        "test.reminder",
        occurrence,
        due,
        message(
            "reminders-session",
            title=localized(fa="حسابداری", en="Accounting"),
            start=at(SESSION),
            place={"text": "reminders-place-online"},
            buttons=[[button("reminders-attend-yes", "rem:att:1:yes:202511180630")]],
        ),
        **kw,
    )


async def person(sandbox, db, clock, user_id, platform="telegram", locale="fa"):
    sandbox.person(user_id, platform=platform)
    member_id = await add_member(db, clock, user_id, platform=platform)
    if locale != "fa":
        async with db.write() as conn:
            await MembersRepo(conn).set_locale(member_id, locale)
    return member_id


async def test_rows_are_rendered_in_each_recipients_language(
    sqlite_db, clock, settings, sandbox, bots
):
    db = sqlite_db
    ledger = LedgerService(db, clock, settings)
    fa = await person(sandbox, db, clock, 1)
    en = await person(sandbox, db, clock, 2, locale="en")
    await ledger.plan([reminder(fa, "a", clock.now()), reminder(en, "a", clock.now())])
    report = await dispatcher(ledger, bots["telegram"]).tick()
    assert report.sent == 2
    fa_msg = sandbox.messages(1, TOKENS["telegram"])[-1]
    assert "«حسابداری»" in fa_msg.text
    assert "۲۷ آبان ۱۴۰۴، ساعت ۱۰:۰۰" in fa_msg.text and "برخط" in fa_msg.text
    assert fa_msg.buttons == [["شرکت می‌کنم"]]
    en_msg = sandbox.messages(2, TOKENS["telegram"])[-1]
    assert "“Accounting”" in en_msg.text and "27 Aban 1404, 10:00" in en_msg.text
    assert en_msg.callback_data == [["rem:att:1:yes:202511180630"]]
    rows = {r.member_id: r for r in await ledger.find()}
    assert rows[fa].status == "sent" and rows[fa].message_id == fa_msg.message_id
    assert rows[fa].finished_at == clock.now()


async def test_each_messenger_sends_only_its_members(sqlite_db, clock, settings, sandbox, bots):
    db = sqlite_db
    ledger = LedgerService(db, clock, settings)
    tg = await person(sandbox, db, clock, 5, "telegram")
    bale = await person(sandbox, db, clock, 5, "bale")
    await ledger.plan([reminder(tg, "a", clock.now()), reminder(bale, "a", clock.now())])
    assert (await dispatcher(ledger, bots["telegram"], "telegram").tick()).sent == 1
    assert sandbox.delivered(5, TOKENS["bale"]) == 0
    assert (await dispatcher(ledger, bots["bale"], "bale").tick()).sent == 1
    bale_msg = sandbox.messages(5, TOKENS["bale"])[-1]
    assert bale_msg.parse_mode is None  # plain text on Bale


async def test_blocked_person_is_marked_and_skipped(db, clock, settings, sandbox, bots):
    ledger = LedgerService(db, clock, settings)
    m = await person(sandbox, db, clock, 1)
    sandbox.person(1, platform="telegram").block()
    await ledger.plan([reminder(m, str(i), clock.now()) for i in range(3)])
    report = await dispatcher(ledger, bots["telegram"]).tick()
    assert report.blocked == 3 and report.sent == 0
    assert len(sandbox.calls("sendMessage")) == 1  # one 403, the other two never tried
    rows = await ledger.find(member_id=m)
    assert {r.status for r in rows} == {"blocked"}
    assert any("blocked by the user" in (r.reason or "") for r in rows)
    async with db.read() as conn:
        assert (await MembersRepo(conn).get_by_id(m)).is_blocked
    await ledger.plan([reminder(m, "later", clock.now())])
    assert (await dispatcher(ledger, bots["telegram"]).tick()).blocked == 1
    assert len(sandbox.calls("sendMessage")) == 1


async def test_5xx_is_retried_after_a_backoff(db, clock, settings, sandbox, bots):
    ledger = LedgerService(db, clock, settings)
    m = await person(sandbox, db, clock, 1)
    await ledger.plan([reminder(m, "a", clock.now())])
    sandbox.fail_next(1, 502, methods="sendMessage")
    d = dispatcher(ledger, bots["telegram"])
    assert (await d.tick()).retried == 1
    [row] = await ledger.find(member_id=m)
    assert row.status == "pending" and row.available_at == clock.now() + timedelta(seconds=5)
    assert "Bad Gateway" in row.reason
    assert (await d.tick()).claimed == 0  # not before the backoff
    clock.advance(seconds=5)
    assert (await d.tick()).sent == 1
    assert sandbox.delivered(1, TOKENS["telegram"]) == 1
    [row] = await ledger.find(member_id=m)
    assert row.status == "sent" and row.attempts == 2


async def test_5xx_every_time_ends_failed(sqlite_db, clock, settings, sandbox, bots):
    s = settings.model_copy(update={"delivery_max_attempts": 3})
    ledger = LedgerService(sqlite_db, clock, s)
    m = await person(sandbox, sqlite_db, clock, 1)
    await ledger.plan([reminder(m, "a", clock.now())])
    sandbox.fail_next(10, 503, methods="sendMessage")
    d = dispatcher(ledger, bots["telegram"])
    for _ in range(5):
        await d.tick()
        clock.advance(seconds=600)
    [row] = await ledger.find(member_id=m)
    assert row.status == "failed" and row.attempts == 3 and "Service Unavailable" in row.reason
    assert sandbox.delivered(1, TOKENS["telegram"]) == 0


async def test_429_waits_retry_after_and_sends_the_same_row(db, clock, settings, sandbox, bots):
    ledger = LedgerService(db, clock, settings)
    m = await person(sandbox, db, clock, 1)
    await ledger.plan([reminder(m, "a", clock.now())])
    sandbox.fail_next(
        1, 429, methods="sendMessage", retry_after=3, description="Too Many Requests: retry after 3"
    )
    d = dispatcher(ledger, bots["telegram"])
    report = await d.tick()
    assert report.floods == 1 and report.sent == 1
    assert 3.0 in d.fake_time.sleeps
    assert sandbox.delivered(1, TOKENS["telegram"]) == 1
    [row] = await ledger.find(member_id=m)
    assert row.status == "sent" and row.attempts == 1


async def test_bale_429_without_retry_after_waits_a_second(
    sqlite_db, clock, settings, sandbox, bots
):
    ledger = LedgerService(sqlite_db, clock, settings)
    m = await person(sandbox, sqlite_db, clock, 1, platform="bale")
    await ledger.plan([reminder(m, "a", clock.now())])
    sandbox.fail_next(1, 429, methods="sendMessage", description="bot limit exceed")
    d = dispatcher(ledger, bots["bale"], "bale")
    report = await d.tick()
    assert report.floods == 1 and report.sent == 1
    assert d.fake_time.sleeps == [1.0]


async def test_a_long_flood_wait_gives_the_row_back(sqlite_db, clock, settings, sandbox, bots):
    ledger = LedgerService(sqlite_db, clock, settings)
    m = await person(sandbox, sqlite_db, clock, 1)
    await ledger.plan([reminder(m, "a", clock.now())])
    sandbox.fail_next(1, 429, methods="sendMessage", retry_after=120)
    report = await dispatcher(ledger, bots["telegram"]).tick()
    assert report.released == 1 and report.sent == 0
    [row] = await ledger.find(member_id=m)
    assert row.status == "pending" and row.attempts == 0
    assert row.available_at == clock.now() + timedelta(seconds=120)


async def test_a_crash_mid_batch_neither_loses_nor_repeats(db, clock, settings, sandbox, bots):
    """Process A claims a batch, sends two rows and dies (kill -9): the rest stay claimed. A new
    process B gets them after the lease, and every person has exactly one message."""
    ledger = LedgerService(db, clock, settings)
    members = [await person(sandbox, db, clock, uid) for uid in range(1, 6)]
    await ledger.plan([reminder(m, "a", clock.now()) for m in members])
    a = dispatcher(ledger, bots["telegram"], worker="A")
    batch = await ledger.claim("telegram", "A", 50)
    await a.process(batch[:2])  # ... and then the process is gone
    b = dispatcher(ledger, bots["telegram"], worker="B")
    assert (await b.tick()).claimed == 0  # A's lease still holds
    clock.advance(seconds=settings.delivery_lease_seconds)
    assert (await b.tick()).sent == 3
    assert [sandbox.delivered(uid, TOKENS["telegram"]) for uid in range(1, 6)] == [1] * 5
    assert await ledger.counts() == {"sent": 5}
    clock.advance(hours=1)
    assert (await b.tick()).claimed == 0


async def test_a_process_killed_during_a_send_never_sends_that_row_again(
    db, clock, settings, sandbox, bots, caplog
):
    """Process A marks a row "sending" and dies during its HTTP call: whether the message
    arrived is unknown. After A's lease, B records the row "uncertain" and does not send it;
    A's other claimed rows, never started, are sent by B once each."""
    ledger = LedgerService(db, clock, settings)
    members = [await person(sandbox, db, clock, uid) for uid in range(1, 4)]
    await ledger.plan([reminder(m, "a", clock.now()) for m in members])
    batch = await ledger.claim("telegram", "A", 50)
    in_flight = next(d for d in batch if d.member_id == members[0])
    assert await ledger.begin_send(in_flight, "A")  # ... and the process is gone
    b = dispatcher(ledger, bots["telegram"], worker="B")
    assert (await b.tick()).claimed == 0 and (await b.tick()).uncertain == 0  # A's lease holds
    clock.advance(seconds=settings.delivery_lease_seconds)
    with caplog.at_level("WARNING", logger="bot.services.ledger"):
        report = await b.tick()
    assert (report.uncertain, report.sent) == (1, 2)
    assert f"delivery {in_flight.id} was being sent by A" in caplog.text
    assert [sandbox.delivered(uid, TOKENS["telegram"]) for uid in range(1, 4)] == [0, 1, 1]
    assert await ledger.counts() == {"sent": 2, "uncertain": 1}
    clock.advance(hours=2)
    assert (await b.tick()).claimed == 0
    assert sandbox.delivered(1, TOKENS["telegram"]) == 0


class StopAfter:
    """A deliverer that runs `stop` (a staff Stop, a cancelled reminder) right after its n-th
    send: the rest of the claimed batch must not go out."""

    def __init__(self, inner: Deliverer, n: int, stop) -> None:
        self.inner, self.n, self.stop, self.calls = inner, n, stop, 0
        self.ready, self.budget_ready = inner.ready, inner.budget_ready

    async def deliver(self, delivery):
        result = await self.inner.deliver(delivery)
        self.calls += 1
        if self.calls == self.n:
            await self.stop()
        return result


async def test_cancelling_stops_the_rest_of_a_claimed_batch(db, clock, settings, sandbox, bots):
    ledger = LedgerService(db, clock, settings)
    members = [await person(sandbox, db, clock, uid) for uid in range(1, 11)]
    await ledger.plan([reminder(m, "a", clock.now(), group_key="g") for m in members])
    d = dispatcher(ledger, bots["telegram"])
    d.deliverer = StopAfter(d.deliverer, 3, lambda: ledger.cancel(group_key="g"))
    d._in_flight = asyncio.Semaphore(1)  # one send at a time: exactly 3 go out
    report = await d.tick()
    assert (report.claimed, report.sent, report.cancelled) == (10, 3, 7)
    assert sum(sandbox.delivered(uid, TOKENS["telegram"]) for uid in range(1, 11)) == 3
    assert await ledger.counts("g") == {"sent": 3, "cancelled": 7}


async def test_a_row_cancelled_during_a_flood_wait_is_not_sent(
    sqlite_db, clock, settings, sandbox, bots
):
    ledger = LedgerService(sqlite_db, clock, settings)
    m = await person(sandbox, sqlite_db, clock, 1)
    await ledger.plan([reminder(m, "a", clock.now())])
    sandbox.fail_next(1, 429, methods="sendMessage", retry_after=3)
    d = dispatcher(ledger, bots["telegram"])
    sleep = d.fake_time.sleep

    async def sleep_then_cancel(seconds: float) -> None:
        await sleep(seconds)
        if seconds == 3.0:  # the flood wait: the reminder is cancelled meanwhile
            await ledger.cancel(member_id=m, reason="turned off")

    d.bucket.sleep = sleep_then_cancel
    report = await d.tick()
    assert (report.floods, report.sent, report.cancelled) == (1, 0, 1)
    assert sandbox.delivered(1, TOKENS["telegram"]) == 0
    [row] = await ledger.find(member_id=m)
    assert row.status == "cancelled" and row.attempts == 1


async def test_rows_whose_lease_is_almost_over_are_given_back(
    sqlite_db, clock, settings, sandbox, bots
):
    """After long flood waits a row's lease may be nearly over: another process could claim it
    any moment, so it is given back (not counted as an attempt) instead of being sent."""
    ledger = LedgerService(sqlite_db, clock, settings)
    m = await person(sandbox, sqlite_db, clock, 1)
    await ledger.plan([reminder(m, "a", clock.now())])
    batch = await ledger.claim("telegram", "w1", 10)
    clock.advance(seconds=settings.delivery_lease_seconds - 10)
    d = dispatcher(ledger, bots["telegram"])
    report = await d.process(batch)
    assert report.released == 1 and report.sent == 0
    [row] = await ledger.find(member_id=m)
    assert row.status == "pending" and row.attempts == 0
    assert (await d.tick()).sent == 1
    assert sandbox.delivered(1, TOKENS["telegram"]) == 1


async def test_expired_rows_are_recorded_not_sent(db, clock, settings, sandbox, bots):
    ledger = LedgerService(db, clock, settings)
    m = await person(sandbox, db, clock, 1)
    now = clock.now()
    await ledger.plan(
        [
            reminder(m, "passed", now - timedelta(hours=5), expires_at=now - timedelta(hours=1)),
            reminder(m, "useful", now - timedelta(hours=5), expires_at=now + timedelta(hours=1)),
        ]
    )
    report = await dispatcher(ledger, bots["telegram"]).tick()
    assert (report.expired, report.sent) == (1, 1)
    statuses = {r.occurrence: r.status for r in await ledger.find(member_id=m)}
    assert statuses == {"passed": "expired", "useful": "sent"}


async def test_quiet_hours_hold_non_urgent_rows(sqlite_db, clock, settings, sandbox, bots):
    ledger = LedgerService(sqlite_db, clock, settings)
    m = await person(sandbox, sqlite_db, clock, 1)
    clock.set(datetime(2025, 11, 16, 19, 30, tzinfo=UTC))  # 23:00 Tehran
    await ledger.plan(
        [reminder(m, "normal", clock.now()), reminder(m, "urgent", clock.now(), urgent=True)]
    )
    d = dispatcher(ledger, bots["telegram"])
    assert (await d.tick()).sent == 1
    clock.set(datetime(2025, 11, 17, 4, 30, tzinfo=UTC))  # 08:00 Tehran
    assert (await d.tick()).sent == 1
    assert {r.occurrence: r.status for r in await ledger.find()} == {
        "normal": "sent",
        "urgent": "sent",
    }


async def test_documents_copies_and_bad_payloads(sqlite_db, clock, settings, sandbox, bots):
    ledger = LedgerService(sqlite_db, clock, settings)
    m = await person(sandbox, sqlite_db, clock, 1)
    doc = {
        "document": {"filename": "list.csv", "b64": base64.b64encode(b"a,b\n1,2\n").decode()},
        "caption": {"key": "reminders-place-online", "args": {}},
    }
    now = clock.now()
    await ledger.plan(
        [
            Notice(m, "t", "doc", now, doc),
            Notice(m, "t", "bad", now, message("reminders-session", title={"weird": 1})),
            Notice(m, "t", "empty", now, {"nothing": True}),
        ]
    )
    report = await dispatcher(ledger, bots["telegram"]).tick()
    assert (report.sent, report.failed) == (1, 2)
    sent = sandbox.messages(1, TOKENS["telegram"])[-1]
    assert sent.document.file_name == "list.csv" and sent.caption == "برخط (آنلاین)"
    reasons = {r.occurrence: r.reason for r in await ledger.find(status="failed")}
    assert reasons["bad"].startswith("payload:") and reasons["empty"].startswith("payload:")
    # a copy of a message (broadcasts): copyMessage from a chat the bot can read
    source = sandbox.messages(1, TOKENS["telegram"])[-1]
    copy = {"copy": {"from_chat_id": 1, "message_id": source.message_id}}
    await ledger.plan([Notice(m, "t", "copy", now, copy)])
    assert (await dispatcher(ledger, bots["telegram"]).tick()).sent == 1
    assert len(sandbox.calls("copyMessage", ok=True)) == 1


async def test_label_args_and_the_rate_of_the_bucket():
    fake = FakeTime()
    bucket = TokenBucket(5, monotonic=fake, sleep=fake.sleep)
    for _ in range(11):
        await bucket.acquire()
    assert fake.now - 1000.0 == pytest.approx(2.0)  # 1 at once, then 10 at 5 per second
    bucket.pause(3)
    await bucket.acquire()
    assert fake.now - 1000.0 == pytest.approx(5.0)  # held 3 s, then a refilled token
    assert label("x") == {"text": "x"}


async def test_the_ledgers_sends_are_marked_bulk_and_replies_are_not(
    sqlite_db, clock, settings, sandbox
):
    """Only what the dispatcher sends takes from the bot-wide budget (bot/messenger/pacing.py)."""
    from telegram.ext import ExtBot

    from bot.messenger import pacing

    seen: list[tuple[str, bool]] = []

    class Recording(pacing.PacingRateLimiter):
        async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
            seen.append((endpoint, pacing._bulk.get()))
            return await super().process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )

    bot = ExtBot(
        TOKENS["telegram"],
        base_url=sandbox.base_url,
        base_file_url=sandbox.base_file_url,
        rate_limiter=Recording(chat_rate=0),
    )
    async with bot:
        db = sqlite_db
        ledger = LedgerService(db, clock, settings)
        member = await person(sandbox, db, clock, 11)
        await ledger.plan([reminder(member, "a", clock.now())])
        assert (await dispatcher(ledger, bot).tick()).sent == 1
        await bot.send_message(11, "a reply")
    assert [bulk for endpoint, bulk in seen if endpoint == "sendMessage"] == [True, False]


@pytest.mark.parametrize("blocked", [False, True])
async def test_the_next_batch_is_claimed_while_one_is_sending_a_persons_rows_stay_in_order(
    db, clock, settings, sandbox, bots, blocked
):
    """Pipelining: with half a batch still on the wire the next batch is claimed (here the first
    batch's last two sends wait until that claim: without it the tick would hang). Ali has a row
    in each batch: his second starts only after his first is done, and when his first met a
    403, his second is recorded blocked without a call."""
    ledger = LedgerService(db, clock, settings)
    users = [1, 2, 3, 4, 5, 6, 7]  # Ali is 1
    members = {uid: await person(sandbox, db, clock, uid) for uid in users}
    if blocked:
        sandbox.person(1, platform="telegram").block()
    start = clock.now()
    first = [
        reminder(members[u], "one", start + timedelta(seconds=i)) for i, u in enumerate(users[:4])
    ]
    second = [
        reminder(members[1], "two", start + timedelta(seconds=10)),
        *(
            reminder(members[u], "one", start + timedelta(seconds=11 + i))
            for i, u in enumerate(users[4:])
        ),
    ]
    await ledger.plan(first + second)
    clock.advance(seconds=20)
    d = dispatcher(ledger, bots["telegram"], batch=4)
    log: list[tuple[str, object]] = []
    claimed_twice = asyncio.Event()
    claim, deliver = ledger.claim, d.deliverer.deliver

    async def claim_logged(*args, **kw):
        got = await claim(*args, **kw)
        log.append(("claim", len(got)))
        if sum(1 for e in log if e[0] == "claim") == 2:
            claimed_twice.set()
        return got

    async def deliver_slowly(delivery):
        user = delivery.user_id
        if delivery.occurrence == "one" and user in (1, 2):  # the first batch's last two
            await claimed_twice.wait()
        result = await deliver(delivery)
        log.append(("sent", (user, delivery.occurrence)))
        return result

    ledger.claim, d.deliverer.deliver = claim_logged, deliver_slowly
    report = await asyncio.wait_for(d.tick(), 10)
    assert report.claimed == 8
    assert log.index(("claim", 4), 1) < log.index(("sent", (1, "one")))  # claimed ahead
    texts = [m.text for m in sandbox.messages(1, TOKENS["telegram"])]
    if blocked:
        assert report.blocked == 2 and ("sent", (1, "two")) not in log  # no second 403
    else:
        assert log.index(("sent", (1, "one"))) < log.index(("sent", (1, "two")))
        assert report.sent == 8 and len(texts) == 2
    assert await ledger.counts() == ({"sent": 6, "blocked": 2} if blocked else {"sent": 8})
