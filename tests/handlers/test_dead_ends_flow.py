"""No screen leaves a person without a way on, and «بازگشت» goes back where they came from:
every spot reported by a colleague who tried the bot as a new user, reproduced as they met it."""

from __future__ import annotations

from tests.handlers.harness import make_bot
from tests.handlers.test_courses_flow import (
    add_course,
    clock_at_19_aban,
    member_id,
)
from tests.services.courses_support import FakeNeeds


async def test_keeping_my_data_leads_back_to_the_main_menu(tmp_path):
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001, "مریم")
        await maryam.command("/deleteme")
        await maryam.press("نه، نگه دار")
        assert maryam.buttons() == ["منوی اصلی"]
        await maryam.press("منوی اصلی")
        assert maryam.last().text.startswith("منوی اصلی: لطفاً یکی از گزینه‌ها")
        assert "دوره‌های آموزشی" in maryam.buttons()


async def test_empty_my_courses_offers_the_way_to_courses(tmp_path):
    async with make_bot(tmp_path, clock=clock_at_19_aban(), fakes={"needs": FakeNeeds()}) as bot:
        await add_course(bot, capacity=10)
        maryam = bot.person(1001, "مریم")
        await maryam.command("/mycourses")
        assert maryam.last().text.startswith("هنوز در هیچ دوره‌ای ثبت‌نام نکرده‌اید")
        assert maryam.buttons() == ["پیشنهاد برای من", "دوره‌های آموزشی", "منوی اصلی"]
        await maryam.press("دوره‌های آموزشی")
        assert "بر پایهٔ موضوع" in maryam.buttons()
        sam = bot.person(1002, "Sam", language_code="en")
        await sam.command("/mycourses")
        assert sam.buttons() == ["Recommended for me", "Training courses", "Main menu"]


async def test_back_from_a_course_opened_in_my_courses_returns_to_my_courses(tmp_path):
    needs = FakeNeeds()
    async with make_bot(tmp_path, clock=clock_at_19_aban(), fakes={"needs": needs}) as bot:
        course = await add_course(bot, capacity=10)
        maryam = bot.person(1001, "مریم")
        await maryam.command("/start")
        needs.submit(await member_id(bot, 1001), 7.5, cooperative_id=1)
        await maryam.forge(f"crs:reg:{course.id}")
        await maryam.command("/mycourses")
        await maryam.press("حسابداری مقدماتی")
        assert maryam.last().text.startswith("«حسابداری مقدماتی»")
        await maryam.press("بازگشت")
        assert maryam.last().text.startswith("دوره‌های شما:")
        # through the cancel question and back, still from My courses
        await maryam.press("حسابداری مقدماتی")
        await maryam.press("انصراف از این دوره")
        await maryam.press("بازگشت")
        assert maryam.last().text.startswith("«حسابداری مقدماتی»")
        await maryam.press("انصراف از این دوره")
        await maryam.press("بله، انصراف می‌دهم")
        assert maryam.last().text.startswith("انصراف شما ثبت شد.")
        await maryam.press("بازگشت")  # My courses, empty now
        assert maryam.last().text.startswith("هنوز در هیچ دوره‌ای ثبت‌نام نکرده‌اید")
        # a course opened from the catalogue goes back to the catalogue
        await maryam.forge(f"crs:view:{course.id}")
        await maryam.press("بازگشت")
        assert "بر پایهٔ موضوع" in maryam.buttons()
        # a forged origin is ignored: back to the catalogue
        await maryam.forge(f"crs:view:{course.id}:elsewhere")
        await maryam.press("بازگشت")
        assert "بر پایهٔ موضوع" in maryam.buttons()


async def test_a_wrong_capacity_asks_again_without_leaving_the_dialog(tmp_path):
    from tests.handlers.test_admin_flow import load_course, register

    async with make_bot(tmp_path) as bot:
        admin = bot.person(9001, "مدیر")
        await admin.command("/start")
        course_id = await load_course(bot, admin)  # one seat
        for i in range(3):
            await bot.person(2000 + i, f"عضو{i}").command("/start")
        assert [await register(bot, i, course_id) for i in (2, 3, 4)] == [
            "requested",
            "waitlisted",
            "waitlisted",
        ]
        await admin.command("/admin")
        await admin.forge(f"cad:cap:{course_id}")
        await admin.send("۳")  # two more seats, offered to the waitlist
        assert "به ۲ نفر از فهرست انتظار جای خالی پیشنهاد شد." in admin.last().text
        await admin.forge(f"cad:cap:{course_id}")
        wrongs = (("۲", "ظرفیت نمی‌تواند کمتر از ۳ صندلی"), ("ده", "لطفاً یک عدد درست برای «ظرفیت»"))
        for wrong, says in wrongs:
            await admin.send(wrong)
            assert admin.last().text.startswith(says), wrong
            assert "لطفاً ظرفیت دوره برای این برنامه را بنویسید" in admin.last().text
            assert admin.buttons() == ["خروج"]
            state = await bot.services.chat_state.get(1)
            assert state is not None and state.step == "set_capacity"
        await admin.send("5")
        assert admin.buttons() != ["خروج"]  # back on the course's screen
        [course] = await bot.services.admin.courses.courses()
        assert course.capacity == 5


async def test_reminders_my_data_and_erasing_are_reachable_from_the_menu(tmp_path):
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001, "مریم")
        await maryam.command("/start")
        await maryam.press("تنظیمات و حریم خصوصی")
        assert maryam.last().text.startswith("تنظیمات و حریم خصوصی:")
        assert maryam.buttons() == [
            "یادآوری‌ها",
            "زبان / Language",
            "دریافت داده‌های من",
            "پاک کردن داده‌های من",
            "منوی اصلی",
        ]
        await maryam.press("یادآوری‌ها")
        assert maryam.last().text.startswith("یادآوری‌هایی که بات برایتان می‌فرستد:")
        await maryam.press("بازگشت به منوی اصلی")
        await maryam.press("تنظیمات و حریم خصوصی")
        await maryam.press("دریافت داده‌های من")
        assert maryam.last().document is not None
        await maryam.command("/start")
        await maryam.press("تنظیمات و حریم خصوصی")
        await maryam.press("پاک کردن داده‌های من")
        assert "نه، نگه دار" in maryam.buttons()
        await maryam.press("نه، نگه دار")
        await maryam.press("منوی اصلی")
        await maryam.press("تنظیمات و حریم خصوصی")
        await maryam.press("زبان / Language")
        assert maryam.buttons() == ["فارسی", "English"]
        sam = bot.person(1002, "Sam", language_code="en")
        await sam.command("/start")
        await sam.press("Settings and privacy")
        assert sam.buttons()[0] == "Reminders" and "Erase my data" in sam.buttons()


async def test_english_place_and_choice_wording(tmp_path):
    from tests.handlers.test_assessment_flow import SAM, answer_all, last_answer_text

    async with make_bot(tmp_path) as bot:
        sam = bot.person(1002, "Sam", language_code="en")
        await sam.command("/assess")
        await answer_all(bot, sam, 1, SAM, locale="en", until="coop_place")
        await sam.press("East Azerbaijan")
        buttons = sam.buttons()
        counties = buttons[: buttons.index("Change province")]
        assert counties[-1] == "Other county"  # last, not sorted in among the names
        assert counties[:-1] == sorted(counties[:-1])
        await sam.press("Other county")
        await answer_all(bot, sam, 1, SAM, locale="en", until="topics")
        await sam.press("Done")
        assert last_answer_text(bot) == "Please choose at least one of the options."
