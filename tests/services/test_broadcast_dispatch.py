"""A broadcast through the real ledger dispatcher against the sandbox, in-process: every
deliverable recipient gets the copy exactly once, blocked people are marked and counted, 5xx
answers are retried, and the report counts what the sandbox saw. No real sleeps."""

from __future__ import annotations

import pytest
import telegram

from bot.background.delivery import Deliverer
from bot.background.jobs import Dispatcher, TokenBucket
from bot.core.i18n import Translator
from bot.messenger.platforms import PROFILES
from bot.services.broadcast import BroadcastService
from bot.services.ledger import LedgerService, Notice, at, message
from sandbox import ManualClock, Sandbox, SandboxConfig
from storage.members import MembersRepo
from tests.services.test_ledger_dispatch import FakeTime, StopAfter
from tests.storage.test_audience import Seed

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

TOKEN = "123456:TEST-broadcast"


async def test_exactly_once_with_blocked_people_and_server_errors(sqlite_db, clock, settings):
    db = sqlite_db
    settings = settings.model_copy(update={"delivery_retry_seconds": 1})
    ledger = LedgerService(db, clock, settings)
    service = BroadcastService(db, clock, settings, ledger)
    seed = Seed(db)
    async with Sandbox(SandboxConfig(clock=ManualClock(), failure_rate=0.1, seed=7)) as sandbox:
        sandbox.add_bot(TOKEN, "telegram")
        staff_user = 1
        sandbox.person(staff_user, "کارشناس")
        staff = await seed.member(role="staff", user_id=staff_user)
        people = {}
        for user_id in range(100, 160):
            people[user_id] = sandbox.person(user_id, f"عضو{user_id}")
            await seed.member(user_id=user_id)
        blocked = [people[u] for u in range(100, 160, 10)]
        for person in blocked:
            person.block()
        source = sandbox.person(staff_user).send_text("اطلاعیهٔ آزمایشی", queue=False)

        b = await service.create(
            staff,
            platform="telegram",
            kind="text",
            chat_id=staff_user,
            message_id=source["message"]["message_id"],
            body="اطلاعیهٔ آزمایشی",
        )
        await service.send_now(staff, b.id)
        await service.enqueue(b.id, batch=7)

        bot = telegram.Bot(TOKEN, base_url=sandbox.base_url, base_file_url=sandbox.base_file_url)
        await bot.initialize()
        fake = FakeTime()
        dispatcher = Dispatcher(
            ledger=ledger,
            deliverer=Deliverer(bot, PROFILES["telegram"], Translator()),
            platform="telegram",
            batch_size=20,
            bucket=TokenBucket(1000, monotonic=fake, sleep=fake.sleep),
            sleep=fake.sleep,
        )
        try:
            for _ in range(30):
                sandbox.config.clock.advance(60)  # flood control sees time pass
                await dispatcher.tick()
                clock.advance(seconds=60)  # retries become due
                if (await service.progress(b.id)).open == 0:
                    break
        finally:
            await bot.shutdown()

        report = await service.finish(b.id)
        assert report is not None and report.broadcast.status == "done"
        deliverable = [p for p in people.values() if p not in blocked]
        assert all(p.delivered == 1 for p in deliverable)
        assert all(p.delivered == 0 for p in blocked)
        assert sandbox.delivered(staff_user) == 1
        assert sandbox.calls("copyMessage", ok=False), "no 5xx was injected"
        assert report.total == 61
        assert (
            report.sent
            == len(deliverable) + 1
            == sum(sandbox.delivered(u) for u in [staff_user, *people])
        )
        assert report.blocked == len(blocked) and report.failed == 0
        async with db.read() as conn:
            repo = MembersRepo(conn)
            for person in blocked:
                assert (await repo.get("telegram", person.user_id)).is_blocked
        # blocked people are skipped from then on: a new broadcast does not count them
        assert await service.count(b.audience) == 61 - len(blocked)


async def test_stop_in_the_middle_of_a_claimed_batch_and_an_uncertain_copy(
    sqlite_db, clock, settings
):
    """Staff press Stop while the dispatcher works through a claimed batch: nothing more goes
    out. A copy whose process died during the call is reported as unknown, never sent again."""
    db = sqlite_db
    ledger = LedgerService(db, clock, settings)
    service = BroadcastService(db, clock, settings, ledger)
    seed = Seed(db)
    async with Sandbox(SandboxConfig(clock=ManualClock())) as sandbox:
        sandbox.add_bot(TOKEN, "telegram")
        sandbox.person(1, "کارشناس")
        staff = await seed.member(role="staff", user_id=1)
        for user_id in range(100, 130):
            sandbox.person(user_id, f"عضو{user_id}")
            await seed.member(user_id=user_id)
        source = sandbox.person(1).send_text("اطلاعیه", queue=False)
        b = await service.create(
            staff,
            platform="telegram",
            kind="text",
            chat_id=1,
            message_id=source["message"]["message_id"],
            body="اطلاعیه",
        )
        await service.send_now(staff, b.id)
        await service.enqueue(b.id)
        # a process that died during its first call (claimed, marked sending, killed)
        [lost] = await ledger.claim("telegram", "dead", 1)
        assert await ledger.begin_send(lost, "dead")
        clock.advance(seconds=settings.delivery_lease_seconds)

        bot = telegram.Bot(TOKEN, base_url=sandbox.base_url, base_file_url=sandbox.base_file_url)
        await bot.initialize()
        fake = FakeTime()
        dispatcher = Dispatcher(
            ledger=ledger,
            deliverer=StopAfter(
                Deliverer(bot, PROFILES["telegram"], Translator()),
                5,
                lambda: service.stop(staff, b.id),
            ),
            platform="telegram",
            batch_size=50,
            bucket=TokenBucket(1000, monotonic=fake, sleep=fake.sleep),
            sleep=fake.sleep,
            max_in_flight=1,
        )
        try:
            report = await dispatcher.tick()
        finally:
            await bot.shutdown()
        assert (report.uncertain, report.claimed, report.sent, report.cancelled) == (1, 30, 5, 25)
        assert len(sandbox.calls("copyMessage", ok=True)) == 5

        final = await service.finish(b.id)
        assert final is not None and final.broadcast.status == "stopped"
        assert (final.total, final.sent, final.cancelled, final.uncertain) == (31, 5, 25, 1)
        args = service.report_payload(final)["text"]["args"]
        assert (args["sent"], args["cancelled"], args["uncertain"]) == (5, 25, 1)
        text = Translator()("fa", "broadcast-report-stopped", **args)
        assert "وضعیت نامعلوم (بات در میانهٔ ارسال متوقف شد؛ دوباره فرستاده نشد): ۱" in text


BALE_TOKEN = "654321:TEST-broadcast"


async def test_a_long_announcement_reaches_the_other_messenger_whole(sqlite_db, clock, settings):
    """A 4,000-character announcement written on Telegram is relayed to Bale members as written
    (Fluent would put `{???}` in place of a placeable over 2,500 characters), in Persian and
    English; a notice that Fluent cannot render is recorded as failed, never as delivered."""
    db = sqlite_db
    ledger = LedgerService(db, clock, settings)
    service = BroadcastService(db, clock, settings, ledger)
    seed = Seed(db)
    body = ("اطلاعیهٔ بلند دربارهٔ دوره‌های رایگان آموزش فنی و حرفه‌ای. " * 70)[:4000]
    async with Sandbox(SandboxConfig(clock=ManualClock())) as sandbox:
        sandbox.add_bot(BALE_TOKEN, "bale")
        staff = await seed.member(role="staff", user_id=1)
        sandbox.person(2, "عضو", platform="bale")
        sandbox.person(3, "Member", platform="bale")
        await seed.member(platform="bale", user_id=2)
        await seed.member(platform="bale", user_id=3, locale="en")
        b = await service.create(
            staff, platform="telegram", kind="text", chat_id=1, message_id=9, body=body
        )
        await service.send_now(staff, b.id)
        await service.enqueue(b.id)
        bot = telegram.Bot(
            BALE_TOKEN, base_url=sandbox.base_url, base_file_url=sandbox.base_file_url
        )
        await bot.initialize()
        fake = FakeTime()
        dispatcher = Dispatcher(
            ledger=ledger,
            deliverer=Deliverer(bot, PROFILES["bale"], Translator()),
            platform="bale",
            batch_size=20,
            bucket=TokenBucket(1000, monotonic=fake, sleep=fake.sleep),
            sleep=fake.sleep,
        )
        try:
            await dispatcher.tick()
            persian = sandbox.messages(2, BALE_TOKEN)
            english = sandbox.messages(3, BALE_TOKEN)
            assert [m.text for m in persian] == ["\u200f" + body]
            assert [m.text for m in english] == [body]
            progress = await service.progress(b.id)  # the staff member's copy: not here
            assert (progress.sent, progress.failed, progress.open) == (2, 0, 1)

            # a Fluent text whose argument is over the limit: failed with the reason, not sent
            member = await seed.member(platform="bale", user_id=4)
            sandbox.person(4, "عضو دیگر", platform="bale")
            await ledger.plan(
                [
                    Notice(
                        member,
                        "t",
                        "long",
                        clock.now(),
                        message(
                            "reminders-session",
                            title=body,
                            start=at(clock.now()),
                            place={"text": "reminders-place-online"},
                        ),
                    )
                ]
            )
            assert (await dispatcher.tick()).failed == 1
            assert sandbox.messages(4, BALE_TOKEN) == []
            [row] = await ledger.find(status="failed")
            assert "placeable" in row.reason
        finally:
            await bot.shutdown()
