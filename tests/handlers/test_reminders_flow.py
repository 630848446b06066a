"""Reminders as people live them: the course is about to start, a session reminder with two
buttons, "can't come" to the first session, /reminders to turn kinds off.

Courses and registrations are the real courses feature; the dispatcher is the one the
Application schedules, ticked by hand (the JobQueue does not run in flow tests).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.clock import FixedClock
from bot.persian.jalali import TEHRAN, to_utc
from bot.services.reminders import CAUSE_SESSION, CAUSE_WITHDRAWAL
from storage.courses import CoursesRepo
from storage.members import MembersRepo
from storage.registrations import RegistrationsRepo
from tests.handlers.harness import make_bot
from tests.services.courses_support import course_data

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

ADMIN = 9001  # in ADMINS of the harness
# The course of courses_support: first session Saturday 15 Azar 1404 at 09:00 Tehran.
FIRST = to_utc(datetime(2025, 12, 6, 9, 0, tzinfo=TEHRAN))


def tehran(month: int, day: int, hh: int, mm: int = 0) -> datetime:
    return to_utc(datetime(2025, month, day, hh, mm, tzinfo=TEHRAN))


async def confirmed(bot, user_id: int) -> tuple[int, int]:
    """A course and a TVTO-confirmed registration of the person (as after the monthly list)."""
    await bot.services.courses.import_courses([course_data()])
    now = bot.clock.now()
    async with bot.services.db.write() as conn:
        course = await CoursesRepo(conn).get_by_ref("c1")
        member = await MembersRepo(conn).get("telegram", user_id)
        regs = RegistrationsRepo(conn)
        reg = await regs.create(
            course_id=course.id,
            member_id=member.id,
            status="requested",
            need_score=5,
            cooperative_id=None,
            assessment_id=None,
            now=now,
        )
        await regs.set_status(reg.id, "confirmed", now)
    return course.id, reg.id


def last_answer_text(bot) -> str:
    """What the bot said in its latest answer to a button press (forged presses included)."""
    return bot.sandbox.calls("answerCallbackQuery")[-1].params.get("text") or ""


async def deliver(bot) -> None:
    """The planner and the dispatcher run (the sandbox's flood control sees time pass)."""
    bot.sandbox_clock.advance(60)
    await bot.services.reminders.plan_courses()
    await bot.app.bot_data["dispatcher"].tick()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(tehran(12, 4, 12))  # Thursday 13 Azar, 12:00 Tehran


async def test_course_start_and_session_reminders_then_cant_come(tmp_path, clock):
    async with make_bot(tmp_path, clock=clock, delivery_rate_per_second=1000) as bot:
        admin = bot.person(ADMIN, "مدیر")
        await admin.command("/start")
        maryam = bot.person(1001, "مریم")
        await maryam.command("/start")
        _, reg_id = await confirmed(bot, 1001)

        await deliver(bot)  # two days before: the course starts soon
        start = maryam.last().text
        assert start.startswith("تعاونگر گرامی، دورهٔ «حسابداری مقدماتی» به‌زودی آغاز می‌شود.")
        assert "نخستین جلسه: ۱۵ آذر ۱۴۰۴، ساعت ۰۹:۰۰" in start
        assert "مکان: مرکز آموزش فنی و حرفه‌ای شماره ۱ تهران، تهران، خیابان آزادی" in start
        assert "کارت ملی" in start

        clock.set(tehran(12, 5, 9))  # 24 hours before the first session
        await deliver(bot)
        reminder = maryam.last()
        assert reminder.text.startswith("تعاونگر گرامی، یادآوری جلسهٔ دورهٔ «حسابداری مقدماتی»:")
        assert "زمان: ۱۵ آذر ۱۴۰۴، ساعت ۰۹:۰۰" in reminder.text
        assert maryam.buttons() == ["شرکت می‌کنم", "نمی‌توانم بیایم"]

        # "can't come" to the first session asks first, and "no" keeps everything
        await maryam.press("نمی‌توانم بیایم")
        assert maryam.last().text.startswith("این جلسه، نخستین جلسهٔ دورهٔ «حسابداری مقدماتی» است.")
        assert maryam.buttons() == ["بله، ثبت‌نامم لغو شود", "نه، ثبت‌نامم بماند"]
        await maryam.press("نه، ثبت‌نامم بماند")
        assert maryam.last().text.startswith("ثبت‌نام شما سر جایش ماند و نبودنتان در این جلسه")
        registration = await bot.services.registration.registration(reg_id)
        assert registration.status == "confirmed"

        # her absence from the first session is noted: no 2-hour reminder for it ...
        before = len(maryam.messages())
        clock.set(tehran(12, 6, 8))  # (at 07:00 it waits for the end of the quiet hours)
        await deliver(bot)
        assert len(maryam.messages()) == before
        # ... but the next session's reminder comes as usual
        clock.set(tehran(12, 7, 9))
        await deliver(bot)
        assert "زمان: ۱۷ آذر ۱۴۰۴، ساعت ۰۹:۰۰" in maryam.last().text


async def test_cant_come_on_the_first_day_is_too_late_to_cancel(tmp_path, clock):
    async with make_bot(tmp_path, clock=clock, delivery_rate_per_second=1000) as bot:
        admin = bot.person(ADMIN, "مدیر")
        await admin.command("/start")
        maryam = bot.person(1001, "مریم")
        await maryam.command("/start")
        _, reg_id = await confirmed(bot, 1001)
        clock.set(tehran(12, 6, 7))  # the 2-hour reminder is due, in the quiet hours
        await deliver(bot)
        assert maryam.last().text.startswith("منوی اصلی")
        clock.set(tehran(12, 6, 8))
        await deliver(bot)
        assert "زمان: ۱۵ آذر ۱۴۰۴، ساعت ۰۹:۰۰" in maryam.last().text
        await maryam.press("نمی‌توانم بیایم")
        await maryam.press("بله، ثبت‌نامم لغو شود")
        assert maryam.last().text.startswith("دوره آغاز شده است و لغو ثبت‌نام دیگر ممکن نیست")
        assert (await bot.services.registration.registration(reg_id)).status == "confirmed"
        await deliver(bot)
        assert admin.last().text.startswith("کارشناس گرامی، مریم اعلام کرد که نمی‌تواند در نخستین")


async def test_cant_come_before_the_start_frees_the_seat(tmp_path, clock):
    async with make_bot(tmp_path, clock=clock, delivery_rate_per_second=1000) as bot:
        admin = bot.person(ADMIN, "مدیر")
        await admin.command("/start")
        maryam = bot.person(1001, "مریم")
        await maryam.command("/start")
        course_id, reg_id = await confirmed(bot, 1001)
        clock.set(tehran(12, 5, 9))
        await deliver(bot)
        await maryam.press("نمی‌توانم بیایم")
        await maryam.press("بله، ثبت‌نامم لغو شود")
        assert maryam.last().text == (
            "ثبت‌نام شما در دورهٔ «حسابداری مقدماتی» لغو شد و به کارشناس اداره اطلاع داده شد."
            " امیدواریم در دوره‌های بعدی همراه ما باشید."
        )
        assert (await bot.services.registration.registration(reg_id)).status == "cancelled"
        me = await bot.services.members.get(1)
        pending = await bot.services.ledger.find(member_id=me.id, status="pending")
        assert [r.cause for r in pending if r.cause == CAUSE_SESSION] == []
        await deliver(bot)
        assert admin.last().text.startswith("کارشناس گرامی، مریم اعلام کرد که نمی‌تواند در دورهٔ")
        told = await bot.services.ledger.find(cause=CAUSE_WITHDRAWAL, status="sent")
        assert len(told) == 1 and told[0].group_key == f"course:{course_id}"
        # the same confirmation again (a double tap, a modified client) changes nothing
        await maryam.forge(f"rem:wd:{reg_id}")
        assert last_answer_text(bot).startswith("این یادآوری دیگر معتبر نیست")


async def test_attending_a_later_session_and_forged_buttons(tmp_path, clock):
    async with make_bot(tmp_path, clock=clock, delivery_rate_per_second=1000) as bot:
        maryam = bot.person(1001, "مریم")
        await maryam.command("/start")
        ali = bot.person(1002, "علی")
        await ali.command("/start")
        _, reg_id = await confirmed(bot, 1001)
        clock.set(tehran(12, 7, 9))  # Sunday: the next session is Monday 09:00
        await deliver(bot)
        await maryam.press("شرکت می‌کنم")
        text = maryam.last().text
        assert text.startswith("تعاونگر گرامی، یادآوری جلسهٔ دورهٔ")  # the reminder stays
        assert text.endswith("سپاس‌گزاریم؛ شرکت شما در جلسهٔ ۱۷ آذر ۱۴۰۴، ساعت ۰۹:۰۰ ثبت شد.")
        assert maryam.buttons(maryam.last()) == []
        # Ali sends Maryam's button data from a modified client: refused
        await ali.forge(f"rem:att:{reg_id}:no:202512080530")
        assert last_answer_text(bot).startswith("این یادآوری دیگر معتبر نیست")
        replies = await bot.services.reminders.attendance(1)
        assert [(r.registration_id, r.answer) for r in replies] == [(reg_id, "yes")]


async def test_turning_reminder_kinds_off_and_on(tmp_path, clock):
    async with make_bot(tmp_path, clock=clock, delivery_rate_per_second=1000) as bot:
        maryam = bot.person(1001, "مریم")
        await maryam.command("/start")
        await confirmed(bot, 1001)
        await maryam.command("/reminders")
        assert maryam.last().text.startswith("یادآوری‌هایی که بات برایتان می‌فرستد:")
        # each button says the state it is in and what pressing it does
        assert maryam.buttons() == [
            "\u200f✅ یادآوری جلسه‌های دوره: روشن — برای خاموش کردن بزنید",
            "\u200f✅ یادآوری آغاز دوره: روشن — برای خاموش کردن بزنید",
            "\u200f✅ یادآوری تکمیل نیازسنجی: روشن — برای خاموش کردن بزنید",
            "بازگشت به منوی اصلی",
        ]
        await maryam.press("\u200f✅ یادآوری جلسه‌های دوره: روشن — برای خاموش کردن بزنید")
        await maryam.press("\u200f✅ یادآوری آغاز دوره: روشن — برای خاموش کردن بزنید")
        assert maryam.buttons()[:2] == [
            "\u200f🔕 یادآوری جلسه‌های دوره: خاموش — برای روشن کردن بزنید",
            "\u200f🔕 یادآوری آغاز دوره: خاموش — برای روشن کردن بزنید",
        ]
        assert last_answer_text(bot) == "تنظیم یادآوری‌ها ذخیره شد."
        before = len(maryam.messages())
        await deliver(bot)
        clock.set(tehran(12, 5, 9))
        await deliver(bot)
        assert len(maryam.messages()) == before  # nothing while they are off
        await maryam.forge("rem:tog:staff")  # a staff kind from a member: just the screen again
        assert "اعلان‌های کارشناسی" not in " ".join(maryam.buttons())
        await maryam.press("\u200f🔕 یادآوری جلسه‌های دوره: خاموش — برای روشن کردن بزنید")
        await deliver(bot)
        assert maryam.last().text.startswith("تعاونگر گرامی، یادآوری جلسهٔ دورهٔ")


async def test_english_reminder_and_command_menu(tmp_path, clock):
    async with make_bot(tmp_path, clock=clock, delivery_rate_per_second=1000) as bot:
        john = bot.person(1003, "John", language_code="en")
        await john.command("/start")
        await confirmed(bot, 1003)
        clock.set(tehran(12, 5, 9))
        await deliver(bot)
        text = john.last().text
        assert text.startswith("Reminder: a session of the course “Basic accounting”.")
        assert "When: 15 Azar 1404, 09:00" in text
        assert john.buttons() == ["I'll attend", "I can't come"]
        await john.command("/reminders")
        assert john.buttons()[0] == "✅ Reminders of course sessions: on — press to turn off"
        await john.press(john.buttons()[0])
        assert john.buttons()[0] == "🔕 Reminders of course sessions: off — press to turn on"
        commands = bot.sandbox.commands(language_code="en")
        assert {"command": "reminders", "description": "Reminder settings"} in commands
        assert FIRST == datetime(2025, 12, 6, 5, 30, tzinfo=UTC)
