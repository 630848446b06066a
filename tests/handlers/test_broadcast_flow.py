"""Staff broadcasts as people live them: a staff member writes an announcement, picks who gets it,
previews, sends; members receive a copy; the status message shows progress; Stop; schedule,
edit and cancel; the report and its export. Members are refused everywhere.

The JobQueue does not run in flow tests: the broadcast job and the ledger dispatcher are ticked
by hand.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from sandbox import StoredMessage
from storage.members import MembersRepo
from tests.handlers.harness import make_bot

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

ADMIN = 9001  # in ADMINS of the harness


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 10.0  # every tick is "later": the status message may be edited
        return self.now


async def members(bot, *user_ids: int, language_code: str = "fa"):
    people = []
    for user_id in user_ids:
        person = bot.person(user_id, f"عضو{user_id}", language_code=language_code)
        await person.command("/start")
        people.append(person)
    return people


async def run_jobs(bot, rounds: int = 3) -> None:
    """The broadcast job (start, write recipients, status) and the dispatcher, a few times."""
    job = bot.app.bot_data["broadcast_progress"]
    if not isinstance(job.monotonic, FakeMonotonic):
        job.monotonic = FakeMonotonic()
    for _ in range(rounds):
        bot.sandbox_clock.advance(60)
        await job.tick()
        await bot.app.bot_data["dispatcher"].tick()
    await job.tick()


def copies(bot, person) -> list[StoredMessage]:
    return [m for m in person.messages() if m.copied_from is not None]


async def compose_text(admin, text: str = "جلسهٔ توجیهی دوره‌ها فردا ساعت ۱۰ برگزار می‌شود."):
    replies = await admin.command("/broadcast")
    assert replies[-1].text.startswith("لطفاً پیامی را")
    replies = await admin.send(text)
    return replies[-1]


async def test_staff_send_a_message_to_everyone_and_see_the_report(tmp_path):
    async with make_bot(tmp_path, delivery_rate_per_second=1000) as bot:
        admin = bot.person(ADMIN, "کارشناس")
        await admin.command("/start")
        people = await members(bot, 2001, 2002, 2003)

        screen = await compose_text(admin)
        assert screen.text.startswith("گیرندگان پیام شمارهٔ ۱ را انتخاب کنید")
        assert "همهٔ اعضا (بدون فیلتر)" in screen.text
        assert "تعداد گیرندگان: ۴ نفر" in screen.text  # three members and the staff member
        assert "پیش‌نمایش" in admin.buttons() and "ادامه" in admin.buttons()

        await admin.press("پیش‌نمایش")
        preview = copies(bot, admin)
        assert len(preview) == 1 and preview[0].text.startswith("جلسهٔ توجیهی")
        assert admin.last().text.startswith("گیرندگان پیام شمارهٔ ۱")  # the screen again, below

        await admin.press("ادامه")
        assert admin.last().text.startswith("پیام شمارهٔ ۱ آمادهٔ ارسال برای ۴ نفر است.")
        assert "فوری نیست" in admin.last().text
        await admin.press("ارسال اکنون")
        status = admin.last()
        assert status.text.startswith("در حال ارسال پیام شمارهٔ ۱")
        assert admin.buttons() == ["توقف ارسال"]

        await run_jobs(bot)
        for person in people:
            got = copies(bot, person)
            assert len(got) == 1 and got[0].text.startswith("جلسهٔ توجیهی")
        summary = admin.person.message(status.message_id)
        assert summary.text.startswith("ارسال پیام شمارهٔ ۱ به پایان رسید.")
        assert "رسید: ۴ از ۴" in summary.text
        report = admin.last()
        assert report.text.startswith("گزارش پیام گروهی شمارهٔ ۱: ارسال به پایان رسید.")
        assert "رسید: ۴ از ۴" in report.text and "مسدودکرده (از این پس" in report.text

        # the report's button opens the broadcast in /broadcasts; export the outcomes
        await admin.press("جزئیات و خروجی")
        assert admin.last().text.startswith("پیام گروهی شمارهٔ ۱ (متن: جلسهٔ توجیهی")
        assert "وضعیت: فرستاده‌شده" in admin.last().text
        await admin.press("خروجی اکسل")
        document = admin.last()
        sheet = load_workbook(io.BytesIO(admin.person.file_bytes(document))).active
        table = list(sheet.values)
        assert table[0][:3] == ("ردیف", "شناسهٔ عضو", "پیام‌رسان")
        assert len(table) == 5 and {row[6] for row in table[1:]} == {"رسید"}
        await admin.press("خروجی CSV")
        csv_text = admin.person.file_bytes(admin.last()).decode("utf-8-sig")
        assert csv_text.count("\r\n") == 5


async def test_members_are_refused_and_change_nothing(tmp_path):
    async with make_bot(tmp_path) as bot:
        admin = bot.person(ADMIN, "کارشناس")
        await admin.command("/start")
        (maryam,) = await members(bot, 2001)
        replies = await maryam.command("/broadcast")
        assert replies[-1].text.startswith("این بخش ویژهٔ کارشناسان اداره تعاون است")
        replies = await maryam.command("/broadcasts")
        assert replies[-1].text.startswith("این بخش ویژهٔ کارشناسان")
        assert "/broadcast" not in (await maryam.command("/help"))[-1].text

        await compose_text(admin)
        # a member replays staff buttons (a modified client can send any callback data)
        for data in ("bc:now:1", "bc:plat:1", "bc:stop:1", "bcs:open:1", "bcs:cancelok:1"):
            await maryam.forge(data)
            answer = bot.sandbox.calls("answerCallbackQuery")[-1].params
            assert answer.get("text", "").startswith("این بخش ویژهٔ کارشناسان"), data
        b = await bot.services.broadcast.get(1)
        assert b.status == "draft" and b.audience.is_everyone()
        # and a member who types into the staff flow (state forged) gets nothing done
        await bot.services.chat_state.set(b.created_by + 1, "broadcast", "compose", {})
        replies = await maryam.send("پیام جعلی")
        assert replies[-1].text.startswith("این بخش ویژهٔ کارشناسان")
        assert await bot.services.broadcast.get(2) is None


async def test_audience_filters_narrow_the_count(tmp_path):
    async with make_bot(tmp_path) as bot:
        admin = bot.person(ADMIN, "کارشناس")
        await admin.command("/start")
        await members(bot, 2001, 2002)
        await bot.services.assessment.begin(3)  # member 3 (2002) has an unfinished assessment
        await compose_text(admin)

        await admin.press("پیام‌رسان: همه")
        assert "پیام‌رسان: تلگرام" in admin.last().text
        await admin.press("پیام‌رسان: تلگرام")
        assert "پیام‌رسان: بله" in admin.last().text
        assert "تعداد گیرندگان: ۰ نفر" in admin.last().text
        await admin.press("پیام‌رسان: بله")  # back to all
        await admin.press("نیازسنجی ناتمام")
        assert "فقط کسانی که نیازسنجی را ناتمام گذاشته‌اند" in admin.last().text
        assert "تعداد گیرندگان: ۱ نفر" in admin.last().text
        await admin.press("نیاز آموزشی")
        assert admin.last().text.startswith("نیاز آموزشی گیرندگان را انتخاب کنید")
        await admin.press("حسابداری و صورت‌های مالی")
        assert "✅ حسابداری و صورت‌های مالی" in admin.buttons()
        await admin.press("بازگشت")
        assert "نیاز آموزشی: حسابداری و صورت‌های مالی" in admin.last().text
        assert "تعداد گیرندگان: ۰ نفر" in admin.last().text
        await admin.press("تاریخ عضویت")
        await admin.press("تاریخ دلخواه")
        replies = await admin.send("۱۴۰۴/۰۸/۰۱")
        assert replies[-1].text.startswith("لطفاً تاریخ پایان را وارد کنید")
        replies = await admin.send("1404/07/30")
        assert replies[-1].text.startswith("تاریخ پایان باید پس از تاریخ شروع باشد")
        replies = await admin.send("1404/08/30")
        assert "عضویت در بات: از ۱ آبان ۱۴۰۴ تا ۳۰ آبان ۱۴۰۴" in replies[-1].text
        await admin.press("حذف همهٔ فیلترها")
        assert "همهٔ اعضا (بدون فیلتر)" in admin.last().text
        assert "تعداد گیرندگان: ۳ نفر" in admin.last().text

        await admin.press("ادامه")
        await admin.press("فوری: خیر")
        assert "فوری است" in admin.last().text and "فوری: بله" in admin.buttons()


async def test_schedule_edit_and_cancel_before_the_start(tmp_path):
    async with make_bot(tmp_path, delivery_rate_per_second=1000) as bot:
        admin = bot.person(ADMIN, "کارشناس")
        await admin.command("/start")
        (maryam,) = await members(bot, 2001)
        await compose_text(admin)
        await admin.press("ادامه")
        await admin.press("زمان‌بندی")
        assert admin.last().text.startswith("لطفاً تاریخ و ساعت ارسال را")
        # the example is tomorrow (the clock says 25 Aban 1404), never a day gone by
        assert admin.last().text.endswith("مثلاً \u200f۱۴۰۴/۰۸/۲۶ ساعت ۱۰:۳۰")
        replies = await admin.send("فردا صبح")
        assert replies[-1].text.startswith("این تاریخ و ساعت را نتوانستم بخوانم")
        assert "مانند \u200f۱۴۰۴/۰۸/۲۶ ساعت ۱۰:۳۰ وارد کنید" in replies[-1].text
        replies = await admin.send("۱۴۰۴/۰۸/۲۰ ساعت ۱۰")
        assert replies[-1].text.startswith("این زمان گذشته است")
        replies = await admin.send("۱۴۰۴/۰۸/۲۷ ساعت ۲۳:۰۰")
        assert replies[-1].text.startswith(
            "پیام شمارهٔ ۱ برای ۲۷ آبان ۱۴۰۴، ساعت ۲۳:۰۰ زمان‌بندی شد (۲ نفر)"
        )
        assert "ساعت سکوت است؛ ارسال از ۲۸ آبان ۱۴۰۴، ساعت ۰۸:۰۰ آغاز می‌شود" in replies[-1].text

        await admin.command("/broadcasts")
        assert admin.buttons()[0].startswith("شمارهٔ ۱ — زمان‌بندی‌شده — متن: جلسهٔ توجیهی")
        await admin.press(admin.buttons()[0])
        assert "زمان ارسال: ۲۷ آبان ۱۴۰۴، ساعت ۲۳:۰۰" in admin.last().text
        await admin.press("تغییر زمان")
        await admin.send("1404/08/26 10:00")
        assert (await bot.services.broadcast.get(1)).scheduled_at == datetime(
            2025, 11, 17, 6, 30, tzinfo=UTC
        )
        await admin.command("/broadcasts")
        await admin.press(admin.buttons()[0])
        await admin.press("لغو ارسال")
        assert admin.last().text.startswith("آیا ارسال پیام شمارهٔ ۱ لغو شود؟")
        await admin.press("بله، لغو شود")
        assert admin.last().text == "ارسال پیام شمارهٔ ۱ لغو شد."

        bot.clock.advance(days=2)
        await run_jobs(bot)
        assert copies(bot, maryam) == []
        await admin.forge("bc:now:1")  # an old confirm screen: too late, nothing happens
        assert bot.sandbox.calls("answerCallbackQuery")[-1].params["text"].startswith(
            "وضعیت این پیام تغییر کرده است"
        )


async def test_a_scheduled_broadcast_starts_by_itself_with_its_status_message(tmp_path):
    async with make_bot(tmp_path, delivery_rate_per_second=1000) as bot:
        admin = bot.person(ADMIN, "کارشناس")
        await admin.command("/start")
        (maryam,) = await members(bot, 2001)
        await compose_text(admin)
        await admin.press("ادامه")
        await admin.press("زمان‌بندی")
        await admin.send("1404/08/25 12:00")  # today at noon (it is 09:30)
        await run_jobs(bot)
        assert copies(bot, maryam) == []
        bot.clock.advance(hours=3)
        await run_jobs(bot)
        assert len(copies(bot, maryam)) == 1
        texts = [m.text for m in admin.messages()]
        assert any(t.startswith("ارسال پیام شمارهٔ ۱ به پایان رسید.") for t in texts)
        assert texts[-1].startswith("گزارش پیام گروهی شمارهٔ ۱")


async def test_stop_cancels_what_is_not_sent_yet(tmp_path):
    async with make_bot(tmp_path, delivery_rate_per_second=1000, delivery_batch_size=2) as bot:
        admin = bot.person(ADMIN, "کارشناس")
        await admin.command("/start")
        people = await members(bot, *range(2001, 2008))
        await compose_text(admin)
        await admin.press("ادامه")
        await admin.press("ارسال اکنون")
        status = admin.last().message_id
        job = bot.app.bot_data["broadcast_progress"]
        job.monotonic = FakeMonotonic()
        await job.tick()  # recipients written
        dispatcher = bot.app.bot_data["dispatcher"]
        bot.sandbox_clock.advance(60)
        batch = await bot.services.ledger.claim("telegram", dispatcher.worker, 2)
        await dispatcher.process(batch)  # one batch of two goes out
        await job.tick()
        assert "ارسال‌شده: ۲ از ۸" in admin.person.message(status).text

        await admin.press("توقف ارسال", message_id=status)
        answer = bot.sandbox.calls("answerCallbackQuery")[-1].params["text"]
        assert answer == "ارسال متوقف شد؛ ۶ پیام ارسال‌نشده لغو شد."
        await run_jobs(bot)
        delivered = sum(len(copies(bot, p)) for p in people) + len(copies(bot, admin))
        assert delivered == 2
        report = admin.last().text
        assert report.startswith("گزارش پیام گروهی شمارهٔ ۱: ارسال متوقف شد.")
        assert "لغوشده با توقف: ۶" in report
        await admin.forge("bc:stop:1")
        answer = bot.sandbox.calls("answerCallbackQuery")[-1].params["text"]
        assert answer.startswith("این ارسال پیش‌تر به پایان رسیده")


async def test_a_template_reaches_each_member_in_their_language(tmp_path):
    async with make_bot(tmp_path, delivery_rate_per_second=1000) as bot:
        admin = bot.person(ADMIN, "کارشناس")
        await admin.command("/start")
        (maryam,) = await members(bot, 2001)
        (sam,) = await members(bot, 2002, language_code="en")
        await admin.command("/broadcast")
        await admin.press("قالب: تکمیل نیازسنجی")
        await admin.press("پیش‌نمایش")
        assert any(
            m.text.startswith("تعاونگر گرامی، برای این‌که دوره‌ها") for m in admin.messages()
        )
        await admin.press("ادامه")
        await admin.press("ارسال اکنون")
        await run_jobs(bot)
        assert maryam.last().text.startswith("تعاونگر گرامی، برای این‌که دوره‌ها")
        assert sam.last().text.startswith("Dear cooperative member, so that courses")


async def test_a_photo_goes_only_to_its_messenger_and_blocked_members_are_skipped(tmp_path):
    async with make_bot(tmp_path, delivery_rate_per_second=1000) as bot:
        admin = bot.person(ADMIN, "کارشناس")
        await admin.command("/start")
        people = await members(bot, 2001, 2002)
        async with bot.services.db.write() as conn:  # a Bale member, and one who blocked us
            repo = MembersRepo(conn)
            await repo.seen(
                platform="bale",
                user_id=5,
                chat_id=5,
                first_name="بله",
                last_name=None,
                username=None,
                language_code=None,
                now=bot.clock.now(),
            )
            blocked = await repo.get("telegram", 2002)
            await repo.mark_blocked(blocked.id, bot.clock.now())
        await admin.command("/broadcast")
        replies = await admin.photo()
        screen = replies[-1].text
        assert "تعداد گیرندگان: ۲ نفر" in screen  # admin and 2001
        assert "۱ نفر از این گیرندگان در بله هستند و این پیام را دریافت نمی‌کنند" in screen
        await admin.press("ادامه")
        await admin.press("ارسال اکنون")
        await run_jobs(bot)
        assert [m.kind for m in copies(bot, people[0])] == ["photo"]
        assert copies(bot, people[1]) == []
