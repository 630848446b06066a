"""`coopbot demo --staff`: the seeded office and /closemonth, through the real Application.

The office's admin closes this month's list now and finds it in /nominations; a member and a
staff member are refused and nothing changes; a bot built for `coopbot run` has no /closemonth.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.__main__ import SAMPLE_COURSES
from bot.app import load_catalogue_file
from bot.cli.demo_courses import write_demo_catalogue
from bot.core.clock import FixedClock
from bot.persian.ids import national_id
from bot.persian.jalali import tehran_today
from bot.services.demo import OFFICE, seed_office, with_check_digit
from storage.nominations import NominationsRepo
from tests.handlers.harness import make_bot

NOW = datetime(2025, 11, 10, 7, 0, tzinfo=UTC)  # 19 Aban 1404, 10:30 Tehran: before the cut-off


async def office(bot, tmp_path) -> None:
    catalogue = write_demo_catalogue(SAMPLE_COURSES, tmp_path / "demo.yaml", tehran_today(NOW))
    await load_catalogue_file(bot.services, catalogue)
    s = bot.services
    await seed_office(s.db, s.members, s.assessment, s.registration, bot.platform)
    bot.clock.advance(minutes=5)  # the admin comes a little later


async def month_row(bot):
    async with bot.services.db.read() as conn:
        return await NominationsRepo(conn).month(1404, 8)


def test_demo_national_ids_are_valid():
    assert all(national_id(with_check_digit(p.national_id)) for p in OFFICE)


async def test_admin_closes_the_month_now_and_reviews_it(tmp_path):
    async with make_bot(tmp_path, clock=FixedClock(NOW), demo=True) as bot:
        await office(bot, tmp_path)
        await office(bot, tmp_path)  # a second demo start finds the office as it was
        members = [await bot.services.admin.roles.find("telegram", p.user_id) for p in OFFICE]
        assert all(m is not None and m.role == "member" for m in members)

        zahra = bot.person(OFFICE[0].user_id, "زهرا")
        (refusal,) = await zahra.command("/closemonth")
        assert refusal.text == "پوزش می‌خواهیم؛ این بخش ویژهٔ مدیران است و چیزی تغییر نکرد."
        assert await month_row(bot) is None

        sara = bot.person(9001, "سارا")
        (closed,) = await sara.command("/closemonth")
        assert closed.text.startswith("فهرست آبان ۱۴۰۴ همین حالا بسته شد")
        frozen = await month_row(bot)
        assert frozen is not None and frozen.status == "frozen"
        view = await bot.services.nomination.view(frozen.id)
        assert (view.placed_count, view.unplaced_count) == (8, 0)  # four people, two courses each
        (again,) = await sara.command("/closemonth")
        assert again.text == "فهرست آبان ۱۴۰۴ پیش‌تر بسته شده است؛ برای دیدنش /nominations را بزنید."

        overview = await sara.command("/nominations")
        assert any("آبان ۱۴۰۴" in b for b in sara.buttons(overview[-1]))


async def test_staff_are_refused_and_run_has_no_closemonth(tmp_path):
    async with make_bot(tmp_path, clock=FixedClock(NOW), demo=True) as bot:
        await office(bot, tmp_path)
        sara = bot.person(9001, "سارا")
        await sara.command("/start")
        ali = bot.person(OFFICE[1].user_id, "علی")
        member = await bot.services.admin.roles.find("telegram", OFFICE[1].user_id)
        admin = await bot.services.admin.roles.find("telegram", 9001)
        assert (
            await bot.services.admin.roles.set_role(admin, member.id, "staff")
        ).result == "changed"
        replies = await ali.command("/closemonth")
        assert replies[-1].text == "پوزش می‌خواهیم؛ این بخش ویژهٔ مدیران است و چیزی تغییر نکرد."
        assert await month_row(bot) is None
    async with make_bot(tmp_path / "run", clock=FixedClock(NOW)) as bot:
        (answer,) = await bot.person(9001, "سارا").command("/closemonth")
        assert answer.text.startswith("این فرمان را نمی‌شناسم")
