"""The office at work in the chat: invitations and roles, the add-course dialog in Persian and
English (with wrong input), editing, capacity, closing and cancelling a course, course lists,
the XLSX template and import, statistics with charts, the audit log, /mydata and /deleteme."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from bot.services.catalogue import FIELDS
from bot.services.registration import RegistrationService
from storage.schema.courses import courses, registrations
from storage.schema.ledger import deliveries
from storage.schema.members import members
from tests.handlers.harness import make_bot

PNG = b"\x89PNG\r\n\x1a\n"


async def send_file(person, name: str, data: bytes):
    """The person sends a document (the harness's Chatter has no shortcut for it)."""
    return await person._do(
        "send_document",
        file_name=name,
        data=data,
        mime_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def screen(person) -> str:
    """The newest text the person sees (a screen edited in place may sit above a file)."""
    return [m for m in person.messages() if m.text][-1].text


async def count(bot, table) -> int:
    async with bot.services.db.read() as conn:
        return (await conn.execute(select(func.count()).select_from(table))).scalar_one()


async def audit_actions(bot) -> list[str]:
    page = await bot.services.admin.audit.page(0, 100)
    return [e.action for e in reversed(page.entries)]


async def invite_link(admin, role_button: str) -> str:
    await admin.command("/admin")
    await admin.press("کارشناسان و مدیران")
    await admin.press(role_button)
    return re.search(r"/start (inv_[A-Za-z0-9_-]+)", admin.last().text).group(1)


# --- roles ---------------------------------------------------------------------------------------


async def test_invitation_link_makes_staff_once(tmp_path):
    async with make_bot(tmp_path) as bot:
        admin = bot.person(9001, "مدیر")
        payload = await invite_link(admin, "دعوت کارشناس تازه")
        assert "https://t.me/" in admin.last().text and "یک بار" in admin.last().text

        sara = bot.person(1002, "سارا")
        replies = await sara.command("/start", payload)
        assert len(replies) == 1  # straight to the invitation, no greeting before it
        assert replies[-1].text.startswith("همکار گرامی، خوش آمدید!")
        assert "«کارشناس»" in replies[-1].text
        replies = await sara.command("/admin")
        assert replies[-1].text.startswith("ابزارهای کارشناسان اداره")
        assert "کارشناسان و مدیران" not in sara.buttons()  # admins only

        # the same link again, by someone else: used
        reza = bot.person(1003, "رضا")
        replies = await reza.command("/start", payload)
        assert replies[0].text.startswith("پوزش می‌خواهیم؛ این پیوند دعوت پیش‌تر به کار رفته")
        assert replies[1].text.startswith("\u200fرضا گرامی، به بات")  # then the greeting
        replies = await reza.command("/admin")
        assert replies[-1].text.startswith("پوزش می‌خواهیم؛ این بخش ویژهٔ کارشناسان")

        # an expired link
        late = await invite_link(admin, "دعوت کارشناس تازه")
        bot.clock.advance(timedelta(hours=73))
        replies = await reza.command("/start", late)
        assert "مهلت این پیوند دعوت گذشته است" in replies[0].text
        # a made-up one
        replies = await reza.command("/start", "inv_" + "A" * 24)
        assert replies[0].text.startswith("پوزش می‌خواهیم؛ این پیوند دعوت معتبر نیست")
        assert (await bot.services.members.get(3)).role == "member"
        assert await audit_actions(bot) == ["role.invite", "role.join", "role.invite"]


async def test_admin_promotes_and_demotes_by_user_id(tmp_path):
    async with make_bot(tmp_path) as bot:
        admin = bot.person(9001, "مدیر")
        leila = bot.person(1004, "لیلا")
        await leila.command("/start")
        await admin.command("/admin")
        await admin.press("کارشناسان و مدیران")
        await admin.press("افزودن با شناسهٔ کاربری")
        await admin.send("نه")
        assert admin.last().text.startswith("این شناسه درست نیست")
        await admin.send("۵۵۵۵")
        assert admin.last().text.startswith("کسی با این شناسه هنوز بات را آغاز نکرده")
        await admin.send("۱۰۰۴")
        assert "لیلا (تلگرام ۱۰۰۴)" in admin.last().text
        await admin.press("تغییر نقش به «کارشناس»")
        assert admin.last().text.startswith("نقش به «کارشناس» تغییر کرد")
        assert (await bot.services.members.get(1)).role == "staff"  # leila came first
        async with bot.services.db.read() as conn:
            notice = (
                await conn.execute(select(deliveries.c.payload).where(deliveries.c.member_id == 1))
            ).scalar_one()
        assert notice["text"]["key"] == "staff-notice-now-staff"
        await admin.press("تغییر نقش به «عضو»")
        assert (await bot.services.members.get(1)).role == "member"
        # the ADMINS admin cannot be changed, not even by another admin
        await admin.press("بازگشت به فهرست کارشناسان")
        await admin.press("مدیر (تلگرام ۹۰۰۱)")
        assert "تنظیمات بات (ADMINS)" in admin.last().text
        await admin.press("تغییر نقش به «عضو»")
        assert "نقش خودتان را نمی‌توانید تغییر دهید" in admin.last().text
        assert await audit_actions(bot) == ["role.change", "role.change"]


# --- the add-course dialog ----------------------------------------------------------------------

FA_DIALOG = [
    ("send", "ح", "«عنوان فارسی» خیلی کوتاه است."),
    ("send", "حسابداری مقدماتی ۱", "گام ۲ از ۱۷"),
    ("send", "Basic accounting 1", "گام ۳ از ۱۷"),
    ("send", "abc", "کد استاندارد باید با رقم آغاز شود"),
    ("send", "۰۰۱۲۳۴۵۶۷۸", "لطفاً موضوع دوره را انتخاب کنید"),
    ("send", "حسابداری", "لطفاً از دکمه‌ها استفاده کنید."),
    ("press", "حسابداری و صورت‌های مالی", "لطفاً نوع برگزارکننده"),
    ("press", "مرکز آموزش فنی و حرفه‌ای", "لطفاً نام مرکز"),
    ("send", "مرکز شماره ۱ تهران", "لطفاً نشانی"),
    ("press", "رد شدن", "لطفاً تلفن"),
    ("send", "12", "شمارهٔ تلفن باید ۴ تا ۱۵ رقم باشد"),
    ("send", "021-66000000", "لطفاً استان"),
    ("press", "تهران", "لطفاً شهرستان"),
    ("press", "اسلامشهر", "لطفاً شیوهٔ برگزاری"),
    ("press", "حضوری", "لطفاً تاریخ آغاز"),
    ("send", "1404/07/31", "این تاریخ شمسی معتبر نیست"),
    ("send", "1404/08/01", "«تاریخ آغاز» نباید امروز یا گذشته باشد."),
    ("send", "۱۵ آذر ۱۴۰۴", "لطفاً تاریخ پایان"),
    ("send", "1404/09/01", "تاریخ پایان نباید پیش از تاریخ آغاز باشد."),
    ("send", "1404/11/30", "جلسه‌های تاکنون: —"),
    ("press", "شنبه", "جلسهٔ روز شنبه"),
    ("send", "12-9", "این جلسه درست نیست"),
    ("send", "09:00-12:00", "جلسه افزوده شد."),
    ("press", "دوشنبه", "جلسهٔ روز دوشنبه"),
    ("send", "۱۴:۰۰-۱۶:۳۰", "دوشنبه ساعت ۱۴:۰۰ تا ۱۶:۳۰"),
    ("press", "پایان جلسه‌ها", "لطفاً مدت کل دوره"),
    ("send", "چهل", "لطفاً یک عدد درست برای «مدت (ساعت)» بنویسید."),
    ("send", "48", "لطفاً ظرفیت دوره"),
    ("send", "0", "عدد «ظرفیت» بیرون از بازهٔ مجاز است."),
    ("send", "۲", "لطفاً آخرین روز ثبت‌نام"),
    ("send", "1404/09/20", "مهلت ثبت‌نام نباید پس از آغاز دوره باشد."),
    ("send", "1404/09/10", "لطفاً اطلاعات دوره را بازبینی کنید."),
]

EN_DIALOG = [
    ("send", "آموزش بازاریابی دیجیتال", "Step 2 of 17"),
    ("send", "Digital marketing", "Step 3 of 17"),
    ("send", "0412/34-5", "Please choose the topic"),
    ("press", "Digital marketing and e-commerce", "kind of provider"),
    ("press", "Private institute", "name of the centre"),
    ("send", "Institute Rayan", "address"),
    ("send", "Tehran, Enghelab St.", "phone"),
    ("press", "Skip", "province"),
    ("send", "X", '"Province" is too short.'),
    ("send", "البرز", "county"),
    ("send", "کرج", "how the course is held"),
    ("press", "Online", "start date"),
    ("send", "2025-12-20", "That is not a valid Jalali date."),
    ("press", "15 Azar 1404", "end date"),  # picked: the next Saturdays are offered
    ("press", "10 Bahman 1404", "Sessions so far: —"),
    ("send", "Sunday 17:00-19:00; Tuesday 17:00-19:00", "total length"),
    ("send", "24", "capacity"),
    ("send", "30", "last day of registration"),
    ("send", "1404/09/28 18:00", "Registration must close before the course starts."),
    ("send", "1404/09/12 18:00", "Please review the course."),
]


async def run_dialog(person, steps) -> None:
    for kind, value, expected in steps:
        if kind == "send":
            await person.send(value)
        else:
            await person.press(value)
        assert expected in person.last().text, (value, person.last().text)


async def test_add_course_dialog_in_persian_with_wrong_input(tmp_path):
    async with make_bot(tmp_path) as bot:
        staff = bot.person(9001, "کارشناس")
        await staff.command("/admin")
        await staff.press("افزودن دورهٔ تازه")
        assert staff.last().text.startswith("گام ۱ از ۱۷")
        await run_dialog(staff, FA_DIALOG)
        review = staff.last().text
        assert "مهلت ثبت‌نام: تا پایان روز ۱۰ آذر ۱۴۰۴" in review
        assert "شهرستان: اسلامشهر" in review and "نشانی: —" in review
        # fix a field from the review, then save
        await staff.press("عنوان انگلیسی")
        assert "عنوان انگلیسی" in staff.last().text
        await staff.send("Basic Accounting I")
        assert "عنوان انگلیسی: Basic Accounting I" in staff.last().text
        await staff.press("ذخیرهٔ دوره")
        assert staff.last().text.startswith("دوره ذخیره شد")
        assert "ظرفیت باقی‌مانده: ۲ از ۲" in staff.last().text
        course = (await bot.services.admin.courses.courses())[0]
        assert course.title_en == "Basic Accounting I" and course.county == "اسلامشهر"
        assert course.provider_phone == "02166000000" and course.standard_code == "0012345678"
        assert [(s.weekday, s.start.hour) for s in course.sessions] == [(5, 9), (0, 14)]
        assert await bot.services.chat_state.get(1) is None
        assert await audit_actions(bot) == ["course.add"]


async def test_add_course_dialog_in_english(tmp_path):
    async with make_bot(tmp_path) as bot:
        staff = bot.person(9001, "Sam", language_code="en")
        await staff.command("/admin")
        await staff.press("Add a new course")
        await run_dialog(staff, EN_DIALOG)
        assert "Registration deadline: 12 Azar 1404, 18:00" in staff.last().text
        assert "Start date: 15 Azar 1404" in staff.last().text
        assert "End date: 10 Bahman 1404" in staff.last().text
        await staff.press("Save the course")
        assert staff.last().text.startswith("The course was saved")
        course = (await bot.services.admin.courses.courses())[0]
        assert course.delivery_mode == "online" and course.province == "البرز"
        assert course.provider_address == "Tehran, Enghelab St." and course.provider_phone == ""


async def test_leaving_the_dialog_and_old_buttons(tmp_path):
    async with make_bot(tmp_path) as bot:
        staff = bot.person(9001, "کارشناس")
        await staff.command("/admin")
        await staff.press("افزودن دورهٔ تازه")
        await staff.send("حسابداری مقدماتی")
        await staff.send("Accounting")
        await staff.send("0012345678")
        await staff.press("حسابداری و صورت‌های مالی")
        # a topic button of the earlier step (an old message, a replay): the current step is
        # shown again and nothing changes
        await staff.forge("cad:ch:ict")
        assert "لطفاً نوع برگزارکننده" in staff.last().text
        state = await bot.services.chat_state.get(1)
        assert state.data["draft"]["topic"] == "accounting"
        await staff.press("خروج")
        assert await bot.services.chat_state.get(1) is None
        assert await count(bot, courses) == 0


# --- one course: edit, capacity, close, cancel, lists -------------------------------------------


async def load_course(bot, admin) -> int:
    rows = [
        {
            "ref": "acc-1",
            "standard_code": "0012345678",
            "title_fa": "حسابداری مقدماتی",
            "title_en": "Basic accounting",
            "topic": "accounting",
            "provider_kind": "tvto_centre",
            "provider_name": "مرکز شماره ۱",
            "province": "تهران",
            "county": "تهران",
            "delivery_mode": "in_person",
            "start": "1404/10/01",
            "end": "1404/11/30",
            "sessions": "شنبه 09:00-12:00",
            "total_hours": 48,
            "capacity": 1,
            "deadline": "1404/09/25",
        }
    ]
    report = await bot.services.admin.imports.import_xlsx(None, spreadsheet(rows))
    assert report.imported, report
    return (await bot.services.admin.courses.courses())[0].id


def spreadsheet(rows: list[dict], header=FIELDS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append([row.get(h, "") for h in header])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def register(bot, member_id: int, course_id: int) -> str:
    class Latest:
        id, cooperative_id, need_score, consent, topics = member_id, None, 1.0, True, []

    async def latest(_member_id):
        return Latest()

    s = bot.services
    needs = type("N", (), {"latest": staticmethod(latest)})()
    registration = RegistrationService(s.db, s.clock, s.settings, needs)  # same database
    return (await registration.register(member_id, course_id)).result


async def test_edit_capacity_close_and_cancel_a_course(tmp_path):
    async with make_bot(tmp_path) as bot:
        admin = bot.person(9001, "مدیر")
        await admin.command("/start")
        course_id = await load_course(bot, admin)
        people = [bot.person(2000 + i, f"عضو{i}") for i in range(3)]
        for p in people:
            await p.command("/start")
        assert [await register(bot, i, course_id) for i in (2, 3, 4)] == [
            "requested",
            "waitlisted",
            "waitlisted",
        ]
        await admin.command("/admin")
        await admin.press("مدیریت دوره‌ها")
        await admin.press("«حسابداری مقدماتی» — ۱ دی ۱۴۰۴ — ظرفیت پر است؛ ثبت‌نام در فهرست انتظار")
        assert "صندلی‌ها: ۱ گرفته‌شده از ۱؛ ۰ خالی" in admin.last().text

        # edit the place: a field from the edit menu
        await admin.press("ویرایش")
        await admin.press("شهرستان")
        assert "مقدار کنونی: تهران" in admin.last().text
        await admin.press("پردیس")
        assert admin.last().text.startswith("تغییر ذخیره شد.")
        assert "شهرستان: پردیس، استان تهران" in admin.last().text
        # an edit that breaks the dates is refused
        await admin.press("ویرایش")
        await admin.press("تاریخ پایان")
        await admin.send("1404/09/01")
        assert "تاریخ پایان نباید پیش از تاریخ آغاز باشد." in admin.last().text

        # capacity: below the seats taken refused; more seats → offers to the waitlist
        await admin.press("خروج")
        await admin.press("تغییر ظرفیت")
        await admin.send("0")
        assert "بیرون از بازهٔ مجاز" in admin.last().text
        await admin.send("۳")
        assert "به ۲ نفر از فهرست انتظار جای خالی پیشنهاد شد." in admin.last().text
        async with bot.services.db.read() as conn:
            statuses = sorted((await conn.execute(select(registrations.c.status))).scalars().all())
        assert statuses == ["offered", "offered", "requested"]

        # the lists, IDs masked
        await admin.press("ثبت‌نام‌شدگان")
        assert admin.last().text.startswith("فهرست «ثبت‌نام‌شدگان» (۳ نفر)")
        await admin.press("بازگشت به دوره")
        await admin.press("دریافت فهرست افراد (اکسل)")
        document = admin.last()
        book = load_workbook(io.BytesIO(admin.person.file_bytes(document)))
        assert book.worksheets[0].cell(1, 3).value == "کد ملی"

        # close and reopen registration
        await admin.press("بستن ثبت‌نام")
        assert screen(admin).startswith("ثبت‌نام این دوره بسته شد")
        await admin.press("بازگشایی ثبت‌نام")
        assert screen(admin).startswith("ثبت‌نام این دوره دوباره باز شد")

        # cancel with a reason: everyone told through the ledger
        await admin.press("لغو دوره")
        assert "۳ ثبت‌نام فعال لغو می‌شود" in screen(admin)
        await admin.press("بله، دوره را لغو کن")
        await admin.send("مربی در دسترس نیست")
        assert admin.last().text.startswith("دوره لغو شد؛ ۳ ثبت‌نام لغو")
        assert "ویرایش" not in admin.buttons()
        async with bot.services.db.read() as conn:
            told = (
                await conn.execute(
                    select(func.count())
                    .select_from(deliveries)
                    .where(
                        deliveries.c.payload["text"]["key"].as_string().like("%course-cancelled")
                    )
                )
            ).scalar_one()
        assert told == 3
        assert await audit_actions(bot) == [
            "course.import",
            "course.edit",
            "course.capacity",
            "course.export",
            "course.close",
            "course.reopen",
            "course_cancelled",
        ]
        page = await bot.services.admin.audit.page(0, 1)
        assert page.entries[0].reason == "مربی در دسترس نیست"


# --- XLSX: template and import ------------------------------------------------------------------


async def test_template_and_import_with_good_and_bad_rows(tmp_path):
    async with make_bot(tmp_path) as bot:
        staff = bot.person(9001, "کارشناس")
        await staff.command("/admin")
        await staff.press("دریافت قالب اکسل دوره‌ها")
        template = [m for m in staff.messages() if m.file is not None][-1]
        book = load_workbook(io.BytesIO(staff.person.file_bytes(template)))
        assert tuple(c.value for c in book.worksheets[0][1]) == FIELDS
        assert book.worksheets[1].title == "راهنما"
        await staff.press("بارگذاری فایل اکسل دوره‌ها")
        assert staff.last().text.startswith("لطفاً فایل اکسل پرشده را همین‌جا بفرستید")
        await staff.send("این فایل است")
        assert staff.last().text.startswith("این نوع پیام را در این گام نمی‌توانم بپذیرم.")
        assert "لطفاً فایل اکسل پرشده" in staff.last().text

        good = {
            "standard_code": "0012345678",
            "title_fa": "حسابداری",
            "title_en": "Accounting",
            "topic": "accounting",
            "provider_kind": "tvto_centre",
            "provider_name": "مرکز",
            "province": "تهران",
            "county": "تهران",
            "delivery_mode": "in_person",
            "start": "1404/10/01",
            "end": "1404/11/30",
            "sessions": "شنبه 09:00-12:00",
            "total_hours": 48,
            "capacity": 20,
            "deadline": "1404/09/25",
        }
        bad = {**good, "ref": "b", "topic": "cooking", "deadline": "1404/10/05"}
        await send_file(staff, "courses.xlsx", spreadsheet([good, bad, {**good, "capacity": "ده"}]))
        report = staff.last().text
        assert report.startswith("هیچ دوره‌ای بارگذاری نشد: ۲ ردیف از ۳ ردیف نادرست است.")
        assert "ردیف ۳ (شناسه b): موضوع: مقدار «موضوع» از گزینه‌های مجاز نیست." in report
        assert "ردیف ۴ (شناسه —): ظرفیت:" in report
        assert await count(bot, courses) == 0
        await send_file(staff, "notes.pdf", b"%PDF")
        assert "لطفاً فایل اکسل (xlsx) قالب را بفرستید" in staff.last().text
        await send_file(staff, "courses.xlsx", spreadsheet([good, {**good, "title_fa": "دوم"}]))
        assert staff.last().text == "بارگذاری انجام شد: ۲ دورهٔ تازه افزوده و ۰ دوره به‌روز شد."
        assert await count(bot, courses) == 2
        assert await bot.services.chat_state.get(1) is None

        await staff.command("/admin")
        await staff.press("دریافت فهرست همهٔ دوره‌ها (اکسل)")
        exported = load_workbook(io.BytesIO(staff.person.file_bytes(staff.last())))
        filled = [r for r in exported.worksheets[0].iter_rows(values_only=True) if any(r)]
        assert len(filled) == 3  # the header and two courses


# --- statistics, the audit log ------------------------------------------------------------------


async def test_stats_send_a_summary_and_chart_images(tmp_path):
    async with make_bot(tmp_path) as bot:
        staff = bot.person(9001, "کارشناس")
        for i in range(3):
            await bot.person(3000 + i, f"عضو{i}").command("/start")
        replies = await staff.command("/stats")
        assert replies[0].text.startswith("آمار بات — از آغاز تاکنون")
        assert "اعضا: ۴ نفر" in replies[0].text
        photos = [r for r in replies if r.file is not None]
        assert len(photos) == 2
        for photo in photos:
            assert staff.person.file_bytes(photo).startswith(PNG)
        await staff.press("ثبت‌نام‌ها به تفکیک وضعیت")
        assert staff.person.file_bytes(staff.last()).startswith(PNG)
        replies = await staff.command("/stats", "1404/08/20 1404/08/25")
        assert replies[0].text.startswith("آمار بات — از ۲۰ آبان ۱۴۰۴ تا ۲۵ آبان ۱۴۰۴")
        replies = await staff.command("/stats", "دیروز")
        assert replies[0].text.startswith("«دیروز» تاریخ شمسی معتبری نیست.")


async def test_audit_log_in_the_chat_and_exported(tmp_path):
    async with make_bot(tmp_path) as bot:
        admin = bot.person(9001, "مدیر")
        await invite_link(admin, "دعوت مدیر تازه")
        await admin.command("/audit")
        text = admin.last().text
        assert text.startswith("گزارش کارها، صفحهٔ ۱ از ۱ (۱ مورد")
        # readable Persian: the number, the subject and the change, times in Jalali Tehran time
        assert "شمارهٔ ۱، ۲۵ آبان ۱۴۰۴، ساعت ۰۹:۳۰، مدیر (#۱): ساخت پیوند دعوت (دعوت‌نامه ۱)" in text
        assert "پیش از: — ← پس از: نقش: مدیر، اعتبار تا: ۲۸ آبان ۱۴۰۴، ساعت ۰۹:۳۰" in text
        assert "expires_at" not in text and "{" not in text
        await admin.press("دریافت همهٔ گزارش (اکسل)")
        sheet = load_workbook(io.BytesIO(admin.person.file_bytes(admin.last()))).worksheets[0]
        assert sheet.cell(1, 5).value == "کار" and sheet.cell(2, 5).value == "ساخت پیوند دعوت"
        # the changes as office staff read them: a line per detail, Jalali time, Persian digits
        assert sheet.cell(1, 9).value == "تغییرات"
        assert sheet.cell(2, 9).value.splitlines() == [
            "نقش: مدیر",
            "اعتبار تا: ۲۸ آبان ۱۴۰۴، ساعت ۰۹:۳۰",
        ]
        assert await audit_actions(bot) == ["role.invite", "audit.export"]


# --- privacy -------------------------------------------------------------------------------------


async def test_mydata_and_deleteme(tmp_path):
    async with make_bot(tmp_path) as bot:
        nasrin = bot.person(4004, "Nasrinzadeh")
        await nasrin.command("/start")
        await nasrin.command("/language")
        await nasrin.press("English")
        replies = await nasrin.command("/mydata")
        assert replies[0].text.startswith("Dear member, everything the bot stores")
        data = json.loads(nasrin.person.file_bytes(replies[-1]))
        assert data["tables"]["members"][0]["first_name"] == "Nasrinzadeh"

        await nasrin.command("/deleteme")
        assert nasrin.last().text.startswith("Dear member, erase your personal data?")
        await nasrin.press("No, keep it")
        assert nasrin.last().text == "Nothing was erased."
        await nasrin.command("/deleteme")
        await nasrin.press("Yes, erase my personal data")
        assert nasrin.last().text.startswith("Your personal data was erased (0 active")
        async with bot.services.db.read() as conn:
            rows = (await conn.execute(select(members))).all()
        assert len(rows) == 1 and rows[0].first_name is None and rows[0].user_id == -1
        assert "Nasrinzadeh" not in json.dumps([dict(r._mapping) for r in rows], default=str)
        # writing again: a new, unknown person
        replies = await nasrin.command("/start")
        assert await count(bot, members) == 2
