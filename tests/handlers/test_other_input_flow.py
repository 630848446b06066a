"""Messages a step does not expect, and bad input at every free-text step, as people send them.

Every message that is not a command goes through one path (handlers/text_router.py) to the flow
the person is in. A flow answers a sticker, photo, voice, video, file, location, someone else's
contact, animation, poll… with what it is waiting for at that step, and changes nothing (the
broadcast compose step keeps taking photos, videos and documents; the course import takes a
file). With no flow open, the short fallback with the menu. Typed input that is too long, has
letters in a number, is made of invisible characters only, or is an emoji gets a polite answer
naming what is expected; old and forged buttons are answered as no longer active.
"""

from __future__ import annotations

from collections.abc import Awaitable, Iterable

import pytest
from telegram import Update

from bot.persian.normalize import to_persian_digits
from tests.handlers.harness import Chatter, make_bot
from tests.handlers.test_assessment_flow import MARYAM, answer_all, step_of

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

STAFF = 9001  # in ADMINS of the harness
OTHER_KINDS = (
    "sticker",
    "photo",
    "voice",
    "audio",
    "video",
    "video_note",
    "document",
    "location",
    "venue",
    "contact",
    "animation",
    "poll",
    "dice",
)
MEDIA = ("photo", "video", "document")  # what the broadcast compose step takes
LONG = "ف" * 5000
INVISIBLE = "  \u200c\u200d\u200f "  # spaces, ZWNJ, ZWJ, RLM: nothing to read
ARABIC_DIGITS = "٠١٢٣"
PERSIAN_DIGITS = "۰۱۲۳"
LETTERS_IN_NUMBER = "12a4"
EMOJI = "😀"

SAMPLE_NAMES = {
    LONG: "5000-chars",
    INVISIBLE: "invisible",
    "\u200d\u200d\u200d": "zwj",
    "\u200d\u200d": "zwj",
    ARABIC_DIGITS: "arabic-digits",
    PERSIAN_DIGITS: "persian-digits",
    LETTERS_IN_NUMBER: "letters-in-number",
    EMOJI: "emoji",
    EMOJI * 2: "emoji",
    EMOJI * 3: "emoji",
    EMOJI * 4: "emoji",
}


def case_id(value) -> str:
    """Readable test ids: the step (or the answers before it) and the kind of bad input."""
    if isinstance(value, list):
        return f"step{len(value) + 1}"
    if value in SAMPLE_NAMES:
        return SAMPLE_NAMES[value]
    return value if value.isascii() else "-"  # the expected answer: left out of the id


NOT_TEXT_FA = "این نوع پیام را در این گام نمی‌توانم بپذیرم."
EMPTY_FA = "در پیام شما نوشته‌ای برای خواندن نبود."
STALE_FA = "این دکمه دیگر فعال نیست؛ چیزی تغییر نکرد."


async def send_kind(person: Chatter, kind: str):
    """One message of `kind`; a contact is someone else's card (not a contact step's answer)."""
    if kind == "sticker":
        return await person.sticker()
    if kind == "photo":
        return await person.photo()
    if kind == "document":
        return await person._do("send_document")
    if kind == "contact":
        return await person.share_contact("989121112233", user_id=777, first_name="دیگری")
    return await person.send_other(kind)


async def state_of(bot, member_id: int):
    state = await bot.services.chat_state.get(member_id)
    return None if state is None else (state.flow, state.step, state.data)


async def asks_again(
    bot, attempts: Iterable[tuple[Awaitable[list], str]], contains: str = "", member_id: int = 1
) -> None:
    """Each attempt (a message being sent, and how the answer starts) is answered so, the answer
    contains `contains` (the step's question), and the person's dialog state does not change."""
    before = await state_of(bot, member_id)
    for attempt, starts in attempts:
        replies = await attempt
        assert replies[-1].text.startswith(starts), (starts, replies[-1].text)
        assert contains in replies[-1].text, replies[-1].text
        assert await state_of(bot, member_id) == before


def last_callback_text(bot) -> str:
    return bot.sandbox.calls("answerCallbackQuery")[-1].params.get("text") or ""


# --- no flow open -------------------------------------------------------------------------------


async def test_with_no_flow_every_kind_gets_the_short_fallback_with_the_menu(tmp_path):
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001, "مریم")
        await maryam.command("/start")
        for kind in OTHER_KINDS:
            replies = await send_kind(maryam, kind)
            assert len(replies) == 1, kind
            expected = "پیام شما را دریافت کردم" if kind == "contact" else "این نوع پیام را"
            assert replies[0].text.startswith(expected), (kind, replies[0].text)
            assert "راهنما" in maryam.buttons(), kind
        # a flow this version no longer has: forgotten, and the same fallback
        await bot.services.chat_state.set(1, "retired-flow", "q1")
        replies = await maryam.sticker()
        assert replies[0].text.startswith("این نوع پیام را نمی‌توانم پردازش کنم")
        assert await bot.services.chat_state.get(1) is None


async def test_a_service_message_gets_no_answer(tmp_path):
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001, "مریم")
        await maryam.command("/assess")
        before = await state_of(bot, 1)
        pinned = maryam.last().to_api()
        data = maryam.person._message_update(False, pinned_message=pinned)
        update = Update.de_json(bot.repair(data), bot.app.bot)
        count = len(maryam.messages())
        await bot.app.process_update(update)  # the person pinned the question
        assert len(maryam.messages()) == count
        assert await state_of(bot, 1) == before


async def test_an_edited_message_is_not_taken_as_an_answer(tmp_path):
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001, "مریم")
        await maryam.command("/assess")
        await maryam.press("بله")
        await maryam.send("مریم احمدی")
        assert await step_of(bot, 1) == "national_id"
        sent = [m for m in maryam.person.chat.messages.values() if not m.from_bot][-1]
        replies = await maryam.edit(sent, "0076229645")
        assert [r.text for r in replies] == [
            "پیام ویرایش‌شده را به‌عنوان پاسخ نمی‌خوانم؛ اگر پاسخی را اصلاح کرده‌اید، لطفاً آن را "
            "دوباره بفرستید."
        ]
        assert await step_of(bot, 1) == "national_id"
        assert "national_id" not in (await bot.services.assessment.draft(1)).answers


# --- the assessment -----------------------------------------------------------------------------


async def test_assessment_asks_the_same_question_again_for_every_other_kind(tmp_path):
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001, "مریم")
        await maryam.command("/assess")
        await answer_all(bot, maryam, 1, MARYAM, until="national_id")
        answers = dict((await bot.services.assessment.draft(1)).answers)
        not_taken = "این نوع پیام را نمی‌توانم به‌عنوان پاسخ بپذیرم"
        no_phone = "الان منتظر شمارهٔ تلفن نیستم"  # a phone number where a national ID is asked
        attempts = [
            (send_kind(maryam, kind), no_phone if kind == "contact" else not_taken)
            for kind in OTHER_KINDS
        ]
        await asks_again(bot, attempts, "لطفاً کد ملی ده‌رقمی خود را وارد کنید.")
        assert (await bot.services.assessment.draft(1)).answers == answers
        # at the mobile step a contact is the answer, but only one's own
        await answer_all(bot, maryam, 1, MARYAM, until="mobile")
        replies = await send_kind(maryam, "contact")
        assert any(r.text.startswith("لطفاً شمارهٔ خودتان را") for r in replies)
        replies = await send_kind(maryam, "voice")
        assert any("این نوع پیام را نمی‌توانم" in r.text for r in replies)
        assert await step_of(bot, 1) == "mobile"


@pytest.mark.parametrize(
    ("until", "typed", "expected"),
    [
        ("full_name", LONG, "پاسخ بیش از اندازه بلند است؛ لطفاً آن را در ۸۰ نویسه"),
        ("full_name", ARABIC_DIGITS, "لطفاً پاسخ را با حروف بنویسید"),
        ("full_name", PERSIAN_DIGITS, "لطفاً پاسخ را با حروف بنویسید"),
        ("full_name", EMOJI * 3, "لطفاً پاسخ را با حروف بنویسید"),
        ("full_name", INVISIBLE, "لطفاً پاسخ را بنویسید."),
        ("full_name", "\u200d\u200d\u200d", "لطفاً پاسخ را بنویسید."),
        ("national_id", LETTERS_IN_NUMBER, "کد ملی واردشده درست نیست"),
        ("national_id", ARABIC_DIGITS, "کد ملی واردشده درست نیست"),
        ("national_id", EMOJI, "کد ملی واردشده درست نیست"),
        ("national_id", INVISIBLE, "لطفاً پاسخ را بنویسید."),
        ("national_id", LONG, "کد ملی واردشده درست نیست"),
        ("mobile", LETTERS_IN_NUMBER, "شمارهٔ همراه"),
        ("mobile", INVISIBLE, "لطفاً پاسخ را بنویسید."),
        ("coop_name", "\u200d\u200d", "لطفاً پاسخ را بنویسید."),
        ("coop_name", EMOJI * 2, "لطفاً پاسخ را با حروف بنویسید"),
        ("coop_reg_no", LETTERS_IN_NUMBER, "پاسخ با شکل خواسته‌شده جور نیست"),
        ("coop_reg_no", EMOJI, "پاسخ با شکل خواسته‌شده جور نیست"),
        ("coop_members", LETTERS_IN_NUMBER, "لطفاً فقط یک عدد صحیح بنویسید"),
        ("coop_members", EMOJI, "لطفاً فقط یک عدد صحیح بنویسید"),
        ("coop_members", LONG, "لطفاً فقط یک عدد صحیح بنویسید"),
        ("coop_founded", ARABIC_DIGITS, "لطفاً عددی از ۱۳۰۰ تا ۱۴۰۴ وارد کنید"),
        ("last_assembly", PERSIAN_DIGITS, "تاریخ را نشناختم"),
        ("role", EMOJI, "لطفاً پاسخ را با دکمه‌های زیر پرسش انتخاب کنید"),
        ("role", LONG, "لطفاً پاسخ را با دکمه‌های زیر پرسش انتخاب کنید"),
    ],
    ids=case_id,
)
async def test_assessment_bad_input_is_explained_and_changes_nothing(
    tmp_path, until, typed, expected
):
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001, "مریم")
        await maryam.command("/assess")
        await answer_all(bot, maryam, 1, MARYAM, until=until)
        before = await state_of(bot, 1)
        answers = dict((await bot.services.assessment.draft(1)).answers)
        replies = await maryam.send(typed)
        assert any(r.text.startswith(expected) for r in replies), [r.text for r in replies]
        assert await state_of(bot, 1) == before
        assert (await bot.services.assessment.draft(1)).answers == answers


async def test_assessment_takes_digits_in_every_script(tmp_path):
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001, "مریم")
        await maryam.command("/assess")
        await answer_all(bot, maryam, 1, MARYAM, until="coop_members")
        await maryam.send("٤٠")  # Arabic-Indic
        await maryam.send("1398")  # ASCII (coop_founded)
        answers = (await bot.services.assessment.draft(1)).answers
        assert (answers["coop_members"], answers["coop_founded"]) == (40, 1398)


# --- the course dialog and the import (staff) ---------------------------------------------------


async def open_course_dialog(bot) -> Chatter:
    staff = bot.person(STAFF, "کارشناس")
    await staff.command("/admin")
    await staff.press("افزودن دورهٔ تازه")
    assert staff.last().text.startswith("گام ۱ از ۱۷")
    return staff


async def test_course_dialog_asks_the_same_step_again_for_every_other_kind(tmp_path):
    async with make_bot(tmp_path) as bot:
        staff = await open_course_dialog(bot)
        attempts = [
            (send_kind(staff, kind), f"{NOT_TEXT_FA}\n\nگام ۱ از ۱۷") for kind in OTHER_KINDS
        ]
        await asks_again(bot, attempts, "عنوان فارسی")
        assert "خروج" in staff.buttons()
        # at the weekly sessions' time, too
        for typed in ("حسابداری مقدماتی", "Accounting", "0012345678"):
            await staff.send(typed)
        for label in ("حسابداری و صورت‌های مالی", "مرکز آموزش فنی و حرفه‌ای"):
            await staff.press(label)
        await staff.send("مرکز شماره ۱")
        await staff.press("رد شدن")
        await staff.send("02166000000")
        for label in ("تهران", "تهران", "حضوری"):
            await staff.press(label)
        await staff.send("۱۵ آذر ۱۴۰۴")
        await staff.send("1404/11/30")
        await staff.press("شنبه")
        await asks_again(bot, [(send_kind(staff, "voice"), NOT_TEXT_FA)], "جلسهٔ روز شنبه")


@pytest.mark.parametrize(
    ("steps", "typed", "expected"),
    [
        ([], LONG, "«عنوان فارسی» خیلی بلند است."),
        ([], ARABIC_DIGITS, "لطفاً «عنوان فارسی» را با حروف بنویسید"),
        ([], PERSIAN_DIGITS, "لطفاً «عنوان فارسی» را با حروف بنویسید"),
        ([], EMOJI * 4, "لطفاً «عنوان فارسی» را با حروف بنویسید"),
        ([], INVISIBLE, EMPTY_FA),
        (["حسابداری"], "\u200d\u200d", EMPTY_FA),
        (["حسابداری", "Accounting"], LETTERS_IN_NUMBER, "کد استاندارد باید با رقم آغاز شود"),
        (["حسابداری", "Accounting"], EMOJI, "کد استاندارد باید با رقم آغاز شود"),
        (["حسابداری", "Accounting", "0012345678"], ARABIC_DIGITS, "لطفاً از دکمه‌ها استفاده کنید."),
    ],
    ids=case_id,
)
async def test_course_dialog_bad_input_is_explained_and_changes_nothing(
    tmp_path, steps, typed, expected
):
    async with make_bot(tmp_path) as bot:
        staff = await open_course_dialog(bot)
        for answer in steps:
            await staff.send(answer)
        before = await state_of(bot, 1)
        replies = await staff.send(typed)
        assert replies[-1].text.startswith(expected), replies[-1].text
        assert await state_of(bot, 1) == before


async def test_course_dialog_word_fields_and_numbers_in_every_script(tmp_path):
    async with make_bot(tmp_path) as bot:
        staff = await open_course_dialog(bot)
        await staff.send("حسابداری مقدماتی")
        await staff.send("Accounting")
        await staff.send("٠٠١٢٣٤٥٦٧٨")  # Arabic-Indic digits: a standard code
        state = await bot.services.chat_state.get(1)
        assert state.data["draft"]["standard_code"] == "0012345678"
        await staff.press("حسابداری و صورت‌های مالی")
        await staff.press("مرکز آموزش فنی و حرفه‌ای")
        note = "لطفاً «برگزارکننده» را با حروف بنویسید"
        await asks_again(bot, [(staff.send(typed), note) for typed in (EMOJI, "۱۲۳", "12.4")])


def bad_reasons(person: Chatter) -> list[tuple[Awaitable[list], str]]:
    """Reasons (for the audit log) a step must not take, and how the answer starts."""
    length = "لطفاً دلیل را در ۳ تا ۵۰۰ نویسه بنویسید."
    return [
        (send_kind(person, "photo"), NOT_TEXT_FA),
        (person.send(INVISIBLE), EMPTY_FA),
        (person.send("نه"), length),
        (person.send(LONG), length),
    ]


async def test_capacity_and_cancel_reason_ask_again(tmp_path):
    from tests.handlers.test_admin_flow import load_course

    async with make_bot(tmp_path) as bot:
        admin = bot.person(STAFF, "مدیر")
        await admin.command("/start")
        course_id = await load_course(bot, admin)
        await admin.forge(f"cad:cap:{course_id}")
        attempts = [
            (send_kind(admin, "sticker"), NOT_TEXT_FA),
            (admin.send(INVISIBLE), EMPTY_FA),
            (admin.send(LETTERS_IN_NUMBER), "لطفاً یک عدد درست برای «ظرفیت» بنویسید."),
            (admin.send(LONG), "لطفاً یک عدد درست برای «ظرفیت» بنویسید."),
        ]
        await asks_again(bot, attempts, "لطفاً ظرفیت دوره")
        await admin.send("۳")
        assert (await bot.services.courses.find(course_id)).capacity == 3

        await admin.forge(f"cad:cxy:{course_id}")
        await asks_again(bot, bad_reasons(admin), "لطفاً دلیل لغو دوره را")
        assert (await bot.services.courses.find(course_id)).status != "cancelled"


async def test_course_import_waits_for_a_file(tmp_path):
    async with make_bot(tmp_path) as bot:
        staff = bot.person(STAFF, "کارشناس")
        await staff.command("/admin")
        await staff.press("بارگذاری فایل اکسل دوره‌ها")
        kinds = ("sticker", "photo", "voice", "location", "poll", "contact")
        expected = f"{NOT_TEXT_FA}\nلطفاً فایل اکسل پرشده را همین‌جا بفرستید"
        await asks_again(bot, [(send_kind(staff, kind), expected) for kind in kinds])


# --- broadcasts (staff) -------------------------------------------------------------------------


async def test_broadcast_compose_takes_media_and_refuses_the_rest(tmp_path):
    async with make_bot(tmp_path) as bot:
        staff = bot.person(STAFF, "کارشناس")
        await staff.command("/broadcast")
        refused = "لطفاً متن، عکس، سند یا ویدیو بفرستید"
        attempts = [(send_kind(staff, k), refused) for k in OTHER_KINDS if k not in MEDIA]
        attempts += [(staff.send(typed), refused) for typed in (INVISIBLE, "\u200d")]
        await asks_again(bot, attempts)
        assert await bot.services.broadcast.get(1) is None
        for number, kind in enumerate(MEDIA, start=1):
            await staff.command("/broadcast")
            replies = await send_kind(staff, kind)
            heading = f"گیرندگان پیام شمارهٔ {to_persian_digits(number)}"
            assert replies[-1].text.startswith(heading), kind
            assert (await bot.services.broadcast.get(number)).kind == kind


@pytest.mark.parametrize("step", ["when", "from", "to"])
async def test_broadcast_typed_steps_ask_again(tmp_path, step):
    async with make_bot(tmp_path) as bot:
        staff = bot.person(STAFF, "کارشناس")
        await staff.command("/broadcast")
        await bot.person(2001, "عضو").command("/start")
        await staff.send("جلسهٔ توجیهی دوره‌ها فردا ساعت ۱۰ برگزار می‌شود.")
        if step == "when":
            await staff.press("ادامه")
            await staff.press("زمان‌بندی")
            prompt, bad = "لطفاً تاریخ و ساعت ارسال را", "این تاریخ و ساعت را نتوانستم بخوانم"
        else:
            await staff.press("تاریخ عضویت")
            await staff.press("تاریخ دلخواه")
            prompt, bad = "لطفاً تاریخ شروع را", "این تاریخ را نتوانستم بخوانم"
            if step == "to":
                await staff.send("۱۴۰۴/۰۸/۰۱")
                prompt = "لطفاً تاریخ پایان را"
        assert (await state_of(bot, 1))[1] == step
        kinds = ("sticker", "photo", "voice", "location", "contact")
        attempts = [(send_kind(staff, kind), f"{NOT_TEXT_FA}\n{prompt}") for kind in kinds]
        attempts.append((staff.send(INVISIBLE), f"{EMPTY_FA}\n{prompt}"))
        typed = (LONG, LETTERS_IN_NUMBER, EMOJI, ARABIC_DIGITS, PERSIAN_DIGITS)
        attempts += [(staff.send(text), bad) for text in typed]
        await asks_again(bot, attempts)
        b = await bot.services.broadcast.get(1)
        assert b.status == "draft" and b.audience.registered_since is None


# --- staff ids and nomination reasons -----------------------------------------------------------


async def test_staff_id_step_asks_again(tmp_path):
    async with make_bot(tmp_path) as bot:
        admin = bot.person(STAFF, "مدیر")
        await admin.command("/admin")
        await admin.press("کارشناسان و مدیران")
        await admin.press("افزودن با شناسهٔ کاربری")
        ask = "لطفاً شناسهٔ کاربری همکار"
        kinds = ("sticker", "photo", "contact", "poll")
        # the dialog kit's layout: the note, a blank line, the step's question
        attempts = [(send_kind(admin, kind), f"{NOT_TEXT_FA}\n\n{ask}") for kind in kinds]
        attempts.append((admin.send(INVISIBLE), f"{EMPTY_FA}\n\n{ask}"))
        wrong = "این شناسه درست نیست"
        attempts += [(admin.send(typed), wrong) for typed in (LONG, LETTERS_IN_NUMBER, EMOJI)]
        await asks_again(bot, attempts)
        replies = await admin.send("٩٠٠١")  # Arabic-Indic digits: the admin's own id
        assert "مدیر (تلگرام ۹۰۰۱)" in replies[-1].text


async def test_nomination_reason_asks_again(tmp_path):
    async with make_bot(tmp_path) as bot:
        staff = bot.person(STAFF, "کارشناس")
        await staff.command("/start")
        # a move is waiting for its reason (what `nom:mv` leaves in the chat state)
        await bot.services.chat_state.set(
            1, "nomination", "reason", {"entry": 999, "placed": True, "month": 999}
        )
        attempts = [(send_kind(staff, "voice"), NOT_TEXT_FA), *bad_reasons(staff)]
        await asks_again(bot, attempts, "لطفاً دلیل این جابه‌جایی را بنویسید")


# --- old and forged buttons ---------------------------------------------------------------------

MEMBER_FORGERIES = [
    "menu:drop",
    "lang:set:de",
    "lang:x",
    "roadmap:x",
    "crs:view",
    "crs:view:abc",
    "crs:x:1",
    "my:x",
    "rem:x",
    "rem:tog:nothing",
    "prv:x",
    "nope:x",
]
STAFF_FORGERIES = [
    "adm:x",
    "stf:x",
    "cad:x",
    "cad:ch:ict",  # a dialog button with no dialog open
    "cad:quit",  # «Leave» of a dialog already left
    "cad:v:999",  # a course that is not there
    "cad:cxy:999",
    "cad:p:999:registrants",
    "sts:x",
    "sts:ch:nothing:all",
    "aud:x",
    "nom:x",
    "nom:m",
    "bc:x:1",
    "bc:tpl:0:nothing",
    "bc:quit:0",
    "bcs:x",
]


async def test_old_and_forged_buttons_are_answered_and_change_nothing(tmp_path):
    from tests.handlers.test_authorization_matrix import dump

    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001, "مریم")
        staff = bot.person(STAFF, "کارشناس")
        await maryam.command("/start")
        await staff.command("/start")
        baseline = await dump(bot)
        for person, forgeries in ((maryam, MEMBER_FORGERIES), (staff, STAFF_FORGERIES)):
            for data in forgeries:
                before = [(m.message_id, m.text) for m in person.messages()]
                await person.forge(data)
                answer = last_callback_text(bot)
                if data.startswith("nope"):  # no feature: the fallback sends a fresh menu
                    assert answer.startswith("این دکمه دیگر معتبر نیست"), data
                    continue
                assert answer == STALE_FA, (data, answer)
                assert [(m.message_id, m.text) for m in person.messages()] == before, data
        assert await dump(bot) == baseline
        assert all(a.answered for a in maryam.callback_answers())


async def test_buttons_of_a_finished_dialog_are_no_longer_active(tmp_path):
    async with make_bot(tmp_path) as bot:
        staff = await open_course_dialog(bot)
        await staff.send("حسابداری مقدماتی")
        await staff.send("Accounting")
        await staff.send("0012345678")
        await staff.press("خروج")
        assert await bot.services.chat_state.get(1) is None
        await staff.forge("cad:ch:accounting")  # the topic button, pressed on an old copy
        assert last_callback_text(bot) == STALE_FA
        assert await bot.services.chat_state.get(1) is None

        # a broadcast left with /cancel: its buttons name a draft that can still be changed,
        # but «Leave» of the dialog is no longer active
        await staff.command("/broadcast")
        compose = staff.last().message_id
        await staff.command("/cancel")
        await staff.press("انصراف", message_id=compose)
        assert last_callback_text(bot) == STALE_FA
