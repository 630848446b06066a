"""Courses as people live them: browse, register, wait, get an offer, cancel; staff run the month.

The assessment is stood in by a fake (its own flows are tested by that feature): what matters here
is what registering does once a person has (or has not) submitted one.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import BytesIO

import openpyxl

from bot.core.clock import FixedClock
from storage.members import MembersRepo
from tests.handlers.harness import make_bot
from tests.services.courses_support import FakeNeeds, course_data

STAFF = 9001  # in ADMINS of the harness


async def add_course(bot, **kw):
    await bot.services.courses.import_courses([course_data(**kw)])
    [course] = [c for c in await bot.services.courses.browsable() if c.ref == kw.get("ref", "c1")]
    return course


async def add_january_course(bot, *, capacity: int, end: date):
    """A course starting 10 Dey 1404 (2026-01-10), registration until 11 Dey."""
    return await add_course(
        bot,
        capacity=capacity,
        start=date(2026, 1, 10),
        end=end,
        deadline=datetime(2026, 1, 1, tzinfo=UTC),
    )


async def member_id(bot, user_id: int) -> int:
    async with bot.services.db.read() as conn:
        member = await MembersRepo(conn).get("telegram", user_id)
    assert member is not None
    return member.id


def clock_at_19_aban() -> FixedClock:
    return FixedClock(datetime(2025, 11, 10, 7, 0, tzinfo=UTC))  # 1404/08/19 10:30 Tehran


async def test_browse_register_see_my_courses_and_cancel(tmp_path):
    needs = FakeNeeds()
    async with make_bot(tmp_path, clock=clock_at_19_aban(), fakes={"needs": needs}) as bot:
        course = await add_course(bot, capacity=10)
        maryam = bot.person(1001, "مریم")
        await maryam.command("/start")
        assert "دوره‌های آموزشی" in maryam.buttons()

        await maryam.command("/courses")
        assert maryam.buttons()[:3] == ["پیشنهاد برای من", "بر پایهٔ موضوع", "بر پایهٔ شهرستان"]
        await maryam.press("پیشنهاد برای من")
        assert maryam.last().text.startswith("برای پیشنهاد دوره، نخست لطفاً نیازسنجی")
        assert "شروع نیازسنجی" in maryam.buttons()
        await maryam.press("بازگشت")
        await maryam.press("بر پایهٔ موضوع")
        await maryam.press("حسابداری و صورت‌های مالی")
        assert maryam.last().text.startswith("دوره‌های «حسابداری و صورت‌های مالی»")
        await maryam.press(f"crs:view:{course.id}")
        card = maryam.last().text
        assert card.startswith("«حسابداری مقدماتی»")
        assert "از ۱۵ آذر ۱۴۰۴ تا ۹ بهمن ۱۴۰۴" in card
        assert "روزهای شنبه، ساعت ۰۹:۰۰ تا ۱۲:۰۰؛ روزهای دوشنبه" in card
        assert "ظرفیت باقی‌مانده: ۱۰ از ۱۰" in card
        assert "کد استاندارد: ۰۰۱۲۳۴۵۶۷۸" in card

        # no assessment yet: the bot offers to start it, and nothing is registered
        await maryam.press("ثبت‌نام در این دوره")
        assert maryam.last().text.startswith("برای ثبت‌نام، نخست لطفاً نیازسنجی")
        assert "شروع نیازسنجی" in maryam.buttons()
        me = await member_id(bot, 1001)
        assert await bot.services.registration.my_courses(me) == []

        needs.submit(me, 7.5, cooperative_id=1)
        await maryam.press("بازگشت")
        await maryam.press("ثبت‌نام در این دوره")
        text = maryam.last().text
        assert text.startswith("درخواست شما ثبت شد.")
        assert "ظرفیت باقی‌مانده: ۹ از ۱۰" in text
        assert "وضعیت شما: درخواست ثبت شد" in text
        assert "ثبت‌نام در این دوره" not in maryam.buttons()

        await maryam.command("/mycourses")
        assert maryam.last().text.startswith("دوره‌های شما:")
        assert "«حسابداری مقدماتی» — درخواست ثبت شد" in maryam.last().text

        await maryam.press("حسابداری مقدماتی")
        await maryam.press("انصراف از این دوره")
        assert maryam.last().text.startswith("آیا مطمئن هستید")
        await maryam.press("بله، انصراف می‌دهم")
        assert maryam.last().text.startswith("انصراف شما ثبت شد.")
        assert "ظرفیت باقی‌مانده: ۱۰ از ۱۰" in maryam.last().text


async def test_full_course_waitlist_then_offer_accepted(tmp_path):
    needs = FakeNeeds()
    async with make_bot(tmp_path, clock=clock_at_19_aban(), fakes={"needs": needs}) as bot:
        course = await add_course(bot, capacity=1)
        ali, sara = bot.person(1001, "علی"), bot.person(1002, "سارا")
        for person, score in ((ali, 3), (sara, 9)):
            await person.command("/start")
            needs.submit(await member_id(bot, person.person.user_id), score)
            await person.forge(f"crs:reg:{course.id}")
        assert sara.last().text.startswith("ظرفیت این دوره پر است؛ نام شما در فهرست انتظار")
        assert "جایگاه شما: ۱" in sara.last().text
        assert "جایگاه شما در فهرست انتظار: ۱" in sara.last().text

        await ali.forge(f"crs:canok:{course.id}")
        assert ali.last().text.startswith("انصراف شما ثبت شد.")
        # the offer goes out through the ledger; sara also sees it on the course card
        await sara.command("/mycourses")
        assert "جای خالی به شما پیشنهاد شده است" in sara.last().text
        await sara.press("حسابداری مقدماتی")
        assert "مهلت پاسخ به پیشنهاد:" in sara.last().text
        # ali cannot answer sara's offer
        offer = next(b for b in sara.buttons() if b == "می‌پذیرم")
        await sara.press(offer)
        assert sara.last().text.startswith("پیشنهاد را پذیرفتید")
        assert "وضعیت شما: درخواست ثبت شد" in sara.last().text


async def test_a_member_cannot_use_staff_commands_or_buttons(tmp_path):
    clock = clock_at_19_aban()
    needs = FakeNeeds()
    async with make_bot(tmp_path, clock=clock, fakes={"needs": needs}) as bot:
        course = await add_january_course(bot, capacity=2, end=date(2026, 3, 1))
        maryam = bot.person(1001, "مریم")
        await maryam.command("/start")
        needs.submit(await member_id(bot, 1001), 5)
        await maryam.forge(f"crs:reg:{course.id}")
        clock.set(datetime(2025, 11, 16, 6, 0, tzinfo=UTC))  # after 25 Aban 09:00 Tehran
        month = await bot.services.nomination.freeze_due()
        assert month is not None

        assert "فهرست ماهانهٔ معرفی" not in maryam.buttons()
        replies = await maryam.command("/nominations")
        assert replies[-1].text.startswith("پوزش می‌خواهیم؛ این بخش ویژهٔ کارشناسان")
        for forged in (f"nom:apok:{month.id}", f"nom:x:{month.id}", f"nom:cfa:{month.id}"):
            replies = await maryam.forge(forged)
            assert replies == []  # only the query is answered (with the refusal)
        assert (await bot.services.nomination.month(month.id)).status == "frozen"
        assert all(m.kind != "document" for m in maryam.messages())
        help_text = (await maryam.command("/help"))[-1].text
        assert "/nominations" not in help_text and "/mycourses" in help_text


async def test_staff_run_the_month_and_the_member_gets_the_calendar(tmp_path):
    clock = clock_at_19_aban()
    needs = FakeNeeds()
    async with make_bot(tmp_path, clock=clock, fakes={"needs": needs}) as bot:
        course = await add_january_course(bot, capacity=2, end=date(2026, 1, 31))
        maryam, boss = bot.person(1001, "مریم"), bot.person(STAFF, "کارشناس")
        await maryam.command("/start")
        needs.submit(await member_id(bot, 1001), 5, cooperative_id=3)
        await maryam.forge(f"crs:reg:{course.id}")
        clock.set(datetime(2025, 11, 16, 6, 0, tzinfo=UTC))

        await boss.command("/start")
        assert "فهرست ماهانهٔ معرفی" in boss.buttons()
        await boss.command("/nominations")
        assert boss.last().text.startswith("فهرست ماهانهٔ معرفی به سازمان آموزش فنی و حرفه‌ای")
        await boss.press("فهرست آبان ۱۴۰۴: بسته‌شده، در انتظار بررسی")
        assert "جای‌گرفته: ۱؛ جای‌نگرفته: ۰" in boss.last().text
        await boss.press("حسابداری مقدماتی")
        assert "ردیف ۱. مریم — امتیاز نیاز ۵ — جای گرفت" in boss.last().text

        # taking someone out asks why; the reason is recorded with who did it
        await boss.press("برداشتن ردیف ۱ از فهرست")
        assert boss.last().text.startswith("لطفاً دلیل این جابه‌جایی را بنویسید")
        await boss.send("مدارک ناقص")
        assert boss.last().text.startswith("جابه‌جایی با دلیل شما ثبت شد.")
        [entry] = (await bot.services.nomination.view(1)).courses[0].unplaced
        [trail] = await bot.services.nomination.audit_trail("entry", entry.id)
        assert (trail.actor_id, trail.reason) == (await member_id(bot, STAFF), "مدارک ناقص")
        await boss.press("حسابداری مقدماتی")
        await boss.press("افزودن ردیف ۱ به فهرست")
        await boss.send("مدارک رسید")

        await boss.press("تأیید فهرست")
        await boss.press("بله، انجام شود")
        assert boss.last().text.startswith("انجام شد و به اعضا خبر داده می‌شود.")
        screen = boss.last().message_id
        await boss.press("خروجی اکسل")
        document = boss.last()
        assert document.kind == "document" and document.file.file_name == "nominees-1404-08.xlsx"
        sheet = openpyxl.load_workbook(BytesIO(document.file.data)).active
        assert sheet["M2"].value == "حسابداری مقدماتی" and sheet["N2"].value == "0012345678"
        assert document.caption.startswith("فهرست معرفی‌شدگان آبان ۱۴۰۴")

        await boss.press("ثبت فرستادن به سازمان")
        await boss.press("بله، انجام شود")
        await boss.press("ثبت تأیید سازمان")
        await boss.press("همه تأیید شدند")
        assert boss.person.message(screen).text.startswith("تأیید ۱ نفر ثبت شد.")

        await maryam.command("/mycourses")
        assert "تأییدشده" in maryam.last().text
        await maryam.press("حسابداری مقدماتی")
        await maryam.press("افزودن به تقویم گوشی")
        ics = maryam.last()
        assert ics.kind == "document" and ics.file.file_name.endswith(".ics")
        body = ics.file.data.decode()
        assert body.count("BEGIN:VEVENT") == 7  # Saturdays and Mondays, 10-31 Jan 2026
        assert "DTSTART;TZID=Asia/Tehran:20260110T090000" in body


async def test_a_whole_day_deadline_shows_just_the_date(tmp_path):
    needs = FakeNeeds()
    async with make_bot(tmp_path, clock=clock_at_19_aban(), fakes={"needs": needs}) as bot:
        # the catalogue's «1404/09/10»: registration closes at the end of that day, Tehran
        day = await add_course(bot, ref="day")
        # «1404/09/10 18:00» has a time of day
        timed = await add_course(
            bot, ref="timed", deadline=datetime(2025, 12, 1, 14, 30, tzinfo=UTC)
        )
        maryam = bot.person(1001, "مریم")
        sam = bot.person(1002, "Sam", language_code="en")
        await maryam.command("/courses")
        await maryam.forge(f"crs:view:{day.id}")
        card = maryam.last().text
        assert "مهلت ثبت‌نام: ۱۰ آذر ۱۴۰۴\n" in card and "۰۰:۰۰" not in card
        await maryam.forge(f"crs:view:{timed.id}")
        assert "مهلت ثبت‌نام: ۱۰ آذر ۱۴۰۴، ساعت ۱۸:۰۰\n" in maryam.last().text
        await sam.command("/courses")
        await sam.forge(f"crs:view:{day.id}")
        assert "10 Azar 1404\n" in sam.last().text and "00:00" not in sam.last().text


async def test_staff_preview_the_open_month_before_it_closes(tmp_path):
    """Before the cut-off staff see who the list would place if it closed now; nothing is
    written; a member pressing the preview's button is refused."""
    needs = FakeNeeds()
    async with make_bot(tmp_path, clock=clock_at_19_aban(), fakes={"needs": needs}) as bot:
        course = await add_january_course(bot, capacity=1, end=date(2026, 1, 31))
        people = [bot.person(1001 + i, name) for i, name in enumerate(("مریم", "علی", "رضا"))]
        for score, person in enumerate(people, start=1):
            await person.command("/start")
            needs.submit(await member_id(bot, 1000 + score), score, cooperative_id=score)
            await person.forge(f"crs:reg:{course.id}")
        boss = bot.person(STAFF, "کارشناس")
        await boss.command("/nominations")
        assert "درخواست‌های در انتظار فهرست: ۳" in boss.last().text
        await boss.press("پیش‌نمایش فهرست آبان ۱۴۰۴")
        preview = boss.last().text
        assert preview.startswith("پیش‌نمایش فهرست آبان ۱۴۰۴ (اگر همین حالا بسته می‌شد")
        assert "«حسابداری مقدماتی»: ۱ از ۳" in preview
        # the people, by need: whom the list would place and whom not, and why
        assert "ردیف ۱. رضا — امتیاز نیاز ۳ — جای گرفت" in preview
        assert "ردیف ۲. علی — امتیاز نیاز ۲ — جای نگرفت (نبود ظرفیت)" in preview
        assert "ردیف ۳. مریم — امتیاز نیاز ۱ — جای نگرفت (نبود ظرفیت)" in preview
        months = (await bot.services.nomination.overview()).months
        assert all((m.year, m.month) != (1404, 8) for m in months)  # Aban's list not written
        await people[0].forge("nom:pv")
        assert await bot.services.nomination.preview()  # still there; the member got a refusal
        assert not people[0].last().text.startswith("پیش‌نمایش")

        # right after Aban's cut-off its requests wait for its review, not for Azar's list
        bot.services.clock.set(datetime(2025, 11, 16, 6, 0, tzinfo=UTC))  # 25 Aban 09:30
        await boss.command("/nominations")
        screen = boss.last().text
        assert "فهرست آذر ۱۴۰۴" in screen and "درخواست‌های در انتظار فهرست: ۰" in screen
        assert "در فهرست بسته‌شدهٔ آبان ۱۴۰۴، در انتظار بررسی: ۳" in screen
        assert "پیش‌نمایش فهرست آذر ۱۴۰۴" not in boss.buttons()
        sam = bot.person(1010, "Sam", language_code="en")
        await sam.command("/start")
        needs.submit(await member_id(bot, 1010), 4, cooperative_id=9)
        await sam.forge(f"crs:reg:{course.id}")
        await boss.command("/nominations")
        assert "درخواست‌های در انتظار فهرست: ۱" in boss.last().text
        await boss.press("پیش‌نمایش فهرست آذر ۱۴۰۴")
        preview = boss.last().text
        assert "«حسابداری مقدماتی»: ۰ از ۱" in preview  # Aban's three are not counted again
        assert "ردیف ۱. Sam — امتیاز نیاز ۴ — جای نگرفت (نبود ظرفیت)" in preview


async def test_placing_one_more_of_a_cooperative_over_its_cap_asks_first(tmp_path):
    """Four people of one cooperative ask for a course with room for five; the cap is three.
    Putting the fourth in warns the staff member: going back changes nothing; confirming asks
    for the reason, and the move is recorded as over the cap."""
    clock = clock_at_19_aban()
    needs = FakeNeeds()
    async with make_bot(tmp_path, clock=clock, fakes={"needs": needs}) as bot:
        course = await add_january_course(bot, capacity=5, end=date(2026, 1, 31))
        names = ("مریم", "علی", "رضا", "سارا")
        for i, name in enumerate(names):
            person = bot.person(1001 + i, name)
            await person.command("/start")
            needs.submit(await member_id(bot, 1001 + i), 10 - i, cooperative_id=7)
            await person.forge(f"crs:reg:{course.id}")
        clock.set(datetime(2025, 11, 16, 6, 0, tzinfo=UTC))  # Aban's list has closed
        boss = bot.person(STAFF, "کارشناس")
        await boss.command("/nominations")
        await boss.press("فهرست آبان ۱۴۰۴: بسته‌شده، در انتظار بررسی")
        await boss.press("حسابداری مقدماتی")
        assert "ردیف ۴. سارا — امتیاز نیاز ۷ — جای نگرفت (سقف تعاونی)" in boss.last().text

        await boss.press("افزودن ردیف ۴ به فهرست")
        warning = boss.last().text
        assert "۳ نفر در این دوره جای گرفته‌اند و سقف هر تعاونی ۳ نفر است" in warning
        await boss.press("بازگشت")  # back to the course: nothing changed
        assert "ردیف ۴. سارا — امتیاز نیاز ۷ — جای نگرفت (سقف تعاونی)" in boss.last().text

        await boss.press("افزودن ردیف ۴ به فهرست")
        await boss.press("بله، با وجود سقف افزوده شود")
        assert boss.last().text.startswith("لطفاً دلیل این جابه‌جایی را بنویسید")
        await boss.send("درخواست کتبی هیئت مدیره؛ متقاضی دیگری نیست")
        assert boss.last().text.startswith("جابه‌جایی با دلیل شما ثبت شد.")
        assert "جای‌گرفته: ۴؛ جای‌نگرفته: ۰" in boss.last().text
        [allocation] = (await bot.services.nomination.view(1)).courses
        fourth = allocation.placed[-1]
        [trail] = await bot.services.nomination.audit_trail("entry", fourth.id)
        assert trail.after["over_cap"] is True and trail.reason.startswith("درخواست کتبی")


async def test_recommended_courses_in_another_province_are_marked(tmp_path):
    """A member whose cooperative is in Kashan asks for recommendations: the Kashan course comes
    first; the Tehran course is listed after it, marked with its province, in Persian and in
    English."""
    from tests.services.test_registration_browse import NeedsWithProfile

    needs = NeedsWithProfile(county="kashan", province="isfahan")
    async with make_bot(tmp_path, clock=clock_at_19_aban(), fakes={"needs": needs}) as bot:
        tehran = await add_course(bot, ref="tehran")
        kashan = await add_course(bot, ref="kashan", province="اصفهان", county="کاشان")
        maryam = bot.person(1001, "مریم")
        sam = bot.person(1002, "Sam", language_code="en")
        for user_id, person in ((1001, maryam), (1002, sam)):
            await person.command("/start")
            needs.submit(await member_id(bot, user_id), 5, cooperative_id=4)
        needs.roadmaps[4] = ["accounting"]

        await maryam.command("/courses")
        await maryam.press("پیشنهاد برای من")
        assert "در استانی جز استان تعاونی شما برگزار می‌شوند" in maryam.last().text
        first, second = maryam.last().callback_data[:2]
        assert (first, second) == ([f"crs:view:{kashan.id}"], [f"crs:view:{tehran.id}"])
        labels = maryam.buttons()
        assert labels[0] == "حسابداری مقدماتی — ۱۵ آذر ۱۴۰۴"
        assert labels[1] == "حسابداری مقدماتی — ۱۵ آذر ۱۴۰۴ — استان تهران"

        await sam.command("/courses")
        await sam.press("Recommended for me")
        assert "held in another province" in sam.last().text
        assert sam.buttons()[1] == "Basic accounting — 15 Azar 1404 — in Tehran province"


async def test_staff_record_that_tvto_rejected_someone(tmp_path):
    """One seat, two requests. The list goes to TVTO, which does not take Maryam: staff record
    it with TVTO's reason (a too-short reason is asked again), the list and the export show
    it, Maryam is told in her language and sees it in her courses, Ali (waiting) is offered the
    seat, and a member pressing the button is refused."""
    clock = clock_at_19_aban()
    needs = FakeNeeds()
    async with make_bot(tmp_path, clock=clock, fakes={"needs": needs}) as bot:
        course = await add_january_course(bot, capacity=1, end=date(2026, 1, 31))
        maryam, ali = bot.person(1001, "مریم"), bot.person(1002, "علی")
        for user_id, person, score in ((1001, maryam, 5), (1002, ali, 3)):
            await person.command("/start")
            needs.submit(await member_id(bot, user_id), score, cooperative_id=user_id)
            await person.forge(f"crs:reg:{course.id}")
        clock.set(datetime(2025, 11, 16, 6, 0, tzinfo=UTC))
        boss = bot.person(STAFF, "کارشناس")
        await boss.command("/nominations")
        await boss.press("فهرست آبان ۱۴۰۴: بسته‌شده، در انتظار بررسی")
        await boss.press("تأیید فهرست")
        await boss.press("بله، انجام شود")
        await boss.press("ثبت فرستادن به سازمان")
        await boss.press("بله، انجام شود")
        await boss.press("ثبت تأیید سازمان")
        assert boss.buttons()[:2] == ["مریم — حسابداری مقدماتی", "رد سازمان"]

        assert await ali.forge("nom:rj:1:1") == []  # refused (the query is answered): no step
        assert await bot.services.chat_state.get(await member_id(bot, 1002)) is None
        await boss.press("رد سازمان")
        assert boss.last().text.startswith("لطفاً دلیلی را که سازمان برای نپذیرفتن مریم")
        await boss.send("نه")
        assert "لطفاً دلیل سازمان را بنویسید" in boss.last().text
        await boss.send("مدرک تحصیلی دیپلم لازم است")
        assert boss.last().text.startswith("ردِ سازمان با دلیل آن ثبت شد")
        assert "کسی در انتظار تأیید سازمان نیست." in boss.last().text

        await boss.press("بازگشت")
        assert "نپذیرفته از سوی سازمان: ۱" in boss.last().text
        assert "تأییدشده از سوی سازمان" in boss.last().text  # nobody waits for an answer
        await boss.press("حسابداری مقدماتی")
        assert "ردیف ۱. مریم — امتیاز نیاز ۵ — سازمان نپذیرفت: مدرک تحصیلی دیپلم لازم است" in (
            boss.last().text
        )
        await boss.press("بازگشت")
        await boss.press("خروجی اکسل")
        sheet = openpyxl.load_workbook(BytesIO(boss.last().file.data)).active
        assert sheet["Q1"].value == "پاسخ سازمان"
        assert sheet["Q2"].value == "رد شد، مدرک تحصیلی دیپلم لازم است"

        await maryam.command("/mycourses")
        assert "ردشده از سوی سازمان فنی و حرفه‌ای" in maryam.last().text
        ledger = bot.services.ledger
        [told] = [
            d
            for d in await ledger.find(member_id=await member_id(bot, 1001))
            if d.payload.get("text", {}).get("key") == "courses-notice-rejected"
        ]
        assert told.payload["text"]["args"]["reason"] == "مدرک تحصیلی دیپلم لازم است"
        await ali.command("/mycourses")
        assert "جای خالی به شما پیشنهاد شده است" in ali.last().text
