"""The needs assessment as people live it, through the real Application, in Persian and English:
complete runs, every kind of wrong input, back, skip, skip rules, edits from the review, old
buttons, and continuing after /cancel or a restart."""

from __future__ import annotations

from typing import Any

from bot.questionnaire import load_questionnaire
from tests.handlers.harness import Chatter, make_bot

Q = load_questionnaire(None)
SKIP = object()
CONTACT = object()

LABELS = {
    "fa": {"skip": "رد شدن", "done": "پایان انتخاب", "contact": "ارسال شمارهٔ من"},
    "en": {"skip": "Skip", "done": "Done", "contact": "Share my number"},
}

MARYAM = {  # what Maryam types or presses at each question, as she sees the buttons
    "full_name": "مريم احمدي",  # Arabic ي: normalised
    "national_id": "٠٠٧٦٢٢٩٦٤٥",  # Arabic-Indic digits
    "mobile": CONTACT,
    "role": "مدیرعامل",
    "gender": SKIP,
    "education": "کارشناسی",
    "coop_name": "شرکت تعاونی فرش دستباف ورامین",
    "coop_national_id": SKIP,
    "coop_reg_no": "۴۵۶۷",
    "coop_kind": "تولیدی",
    "coop_activity": "تولید فرش دستباف",
    "coop_place": ("تهران", "ورامین"),
    "coop_members": "۴۰",
    "coop_founded": "۱۳۹۸",
    "last_assembly": "۱۴۰۴/۰۳/۱۵",
    "small_startup": "خیر",
    "internet_based": "بله",
    "online_address": "farsh-varamin.ir",
    "topics": ["حسابداری و صورت‌های مالی", "بازاریابی دیجیتال و تجارت الکترونیکی"],
    "urgency.accounting": "فوری؛ همین چند ماه",
    "urgency.digital_marketing": "در سال جاری",
    "members_needing": "12",
    "delivery_mode": "حضوری",
    "preferred_days": ["شنبه", "دوشنبه"],
    "preferred_time": "صبح (۸ تا ۱۲)",
    "self_requested": "بله",
    "consent": "بله",
}

SAM = {
    "full_name": "Sam Rahimi",
    "national_id": "0076229645",
    "mobile": "+98 912 765 4321",
    "role": "Board member",
    "gender": "Male",
    "education": SKIP,
    "coop_name": "Pardis Digital Services Cooperative",
    "coop_national_id": "10100387926",  # soft checksum fails: saved with a warning
    "coop_reg_no": "991",
    "coop_kind": "Services",
    "coop_activity": "Web design for small shops",
    "coop_place": ("Tehran", "Pardis"),
    "coop_members": "9",
    "coop_founded": "1403",
    "last_assembly": SKIP,
    "small_startup": "Yes",
    "internet_based": "No",
    "topics": ["Computer and ICT skills", "Another topic"],
    "topic_other": "Cyber security basics",
    "urgency.ict": "No hurry",
    "urgency.other": "Within this year",
    "members_needing": "9",
    "delivery_mode": "Online",
    "preferred_days": ["Monday"],
    "preferred_time": "Evening (16–20)",
    "self_requested": "No",
    "consent": "No",
}


def last_answer_text(bot) -> str:
    """What the bot said in its latest answer to a button press (forged presses included)."""
    return bot.sandbox.calls("answerCallbackQuery")[-1].params.get("text") or ""


async def step_of(bot, member_id: int) -> str | None:
    state = await bot.services.chat_state.get(member_id)
    return state.step if state is not None else None


async def give(person: Chatter, key: str, value: Any, locale: str) -> None:
    labels = LABELS[locale]
    if value is SKIP:
        await person.press(labels["skip"])
    elif value is CONTACT:
        await person.press(labels["contact"])
    elif isinstance(value, tuple):
        for label in value:
            await person.press(label)
    elif isinstance(value, list):
        for label in value:
            await person.press(label)
        await person.press(labels["done"])
    elif Q.question(key.split(".")[0]).type in ("single", "yes_no"):
        await person.press(value)
    else:
        await person.send(value)


async def answer_all(bot, person: Chatter, member_id: int, answers: dict, locale="fa", until=None):
    """Answer question after question, as shown, until the review (or the step `until`)."""
    for _ in range(60):
        key = await step_of(bot, member_id)
        if key in ("review", until):
            return
        await give(person, key, answers[key], locale)
    raise AssertionError("the questionnaire did not end")


async def test_complete_run_in_persian_with_every_kind_of_wrong_input(tmp_path):
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001, "مریم")
        replies = await maryam.command("/assess")
        assert replies[0].text.startswith("نیازسنجی آموزشی تعاونی‌ها")
        # consent first, before anything personal is asked
        assert replies[1].text.startswith("سؤال ۱ از ۲۷")
        assert "پیش از آغاز، آیا موافقید" in replies[1].text
        await maryam.press("بله")
        assert "نام و نام خانوادگی" in maryam.last().text and "سؤال ۲ از ۲۷" in maryam.last().text
        await answer_all(bot, maryam, 1, MARYAM, until="national_id")

        # a wrong national ID, then letters in it: explained, the same question again
        replies = await maryam.send("1234567890")
        assert replies[-1].text.startswith("کد ملی واردشده درست نیست")
        assert "سؤال ۳ از ۲۷" in replies[-1].text
        replies = await maryam.send("00762a9645")
        assert replies[-1].text.startswith("کد ملی واردشده درست نیست")
        assert await step_of(bot, 1) == "national_id"
        await answer_all(bot, maryam, 1, MARYAM, until="role")

        # a sticker and a photo during a question
        replies = await maryam.sticker()
        assert replies[-1].text.startswith("این نوع پیام را نمی‌توانم به‌عنوان پاسخ بپذیرم")
        assert "نقش شما در تعاونی چیست؟" in replies[-1].text
        await maryam.photo()
        assert "نقش شما در تعاونی چیست؟" in maryam.last().text
        # typing where buttons are expected
        replies = await maryam.send("مدیرعامل هستم")
        assert replies[-1].text.startswith("لطفاً پاسخ را با دکمه‌های زیر پرسش انتخاب کنید")
        # typing a button's exact label is as good as pressing it
        await maryam.send("مديرعامل")
        assert await step_of(bot, 1) == "gender"
        await maryam.press("بازگشت")
        await answer_all(bot, maryam, 1, MARYAM, until="coop_activity")

        # a 5,000-character message
        replies = await maryam.send("ف" * 5000)
        assert replies[-1].text.startswith("پاسخ بیش از اندازه بلند است")
        assert "۲۰۰ نویسه" in replies[-1].text
        await answer_all(bot, maryam, 1, MARYAM, until="coop_members")

        # letters in a number, a number out of range
        replies = await maryam.send("۴۰ نفر")
        assert replies[-1].text.startswith("لطفاً فقط یک عدد صحیح بنویسید")
        replies = await maryam.send("0")
        assert replies[-1].text.startswith("لطفاً عددی از ۱ تا ۱٬۰۰۰٬۰۰۰ وارد کنید")
        await answer_all(bot, maryam, 1, MARYAM, until="coop_founded")
        replies = await maryam.send("2019")
        assert replies[-1].text.startswith("لطفاً عددی از ۱۳۰۰ تا ۱۴۰۴ وارد کنید")
        await answer_all(bot, maryam, 1, MARYAM, until="last_assembly")
        replies = await maryam.send("1404/07/31")
        assert replies[-1].text.startswith("تاریخ را نشناختم")
        replies = await maryam.send("۱۴۰۴/۰۹/۰۱")
        assert replies[-1].text.startswith("این تاریخ هنوز نرسیده است")
        await answer_all(bot, maryam, 1, MARYAM, until="members_needing")
        replies = await maryam.send("۵۰")  # more than the 40 members
        assert replies[-1].text.startswith("این عدد نمی‌تواند از پاسخ «تعداد اعضا» (۴۰) بیشتر")
        await answer_all(bot, maryam, 1, MARYAM)

        # the review: every answer, her own IDs unmasked, an edit button each, then submit
        review = maryam.last().text
        assert review.startswith("مرور پاسخ‌ها")
        assert "• کد ملی: ۰۰۷۶۲۲۹۶۴۵" in review
        assert "• تلفن همراه: ۰۹۱۲۰۰۰۱۰۰۱" in review
        assert "• نام و نام خانوادگی: مریم احمدی" in review
        assert "• شمارهٔ ثبت: ۴۵۶۷" in review
        assert "• استان و شهرستان: تهران، ورامین" in review
        assert "• آخرین مجمع عمومی: ۱۵ خرداد ۱۴۰۴" in review
        assert "• جنسیت: (بی‌پاسخ)" in review
        assert "• فوریت «حسابداری و صورت‌های مالی»: فوری؛ همین چند ماه" in review
        assert "✏️ کد ملی" in maryam.buttons()
        await maryam.press("ثبت نهایی")

        thanks, roadmap, menu = (m.text for m in maryam.messages()[-3:])
        assert menu.startswith("منوی اصلی")  # below the roadmap, which stays in the chat
        assert "نقشهٔ راه آموزشی تعاونی" in maryam.buttons()
        assert "به‌روزرسانی نیازسنجی" in maryam.buttons()
        assert thanks.startswith("تعاونگر گرامی، نیازسنجی شما ثبت شد")
        # 30 (accounting, urgent) + 20 (digital marketing, this year) + 6 (12 members)
        # + 20 (asked for training) + 10 (internet-based)
        assert "امتیاز نیاز شما: ۸۶" in thanks
        assert "چرا این اولویت؟" in thanks
        assert "«حسابداری و صورت‌های مالی» با فوریت «فوری؛ همین چند ماه»: ۳۰ امتیاز" in thanks
        assert "«درخواست آموزش از سوی تعاونی»: ۲۰ امتیاز" in thanks
        assert roadmap.startswith("نقشهٔ راه آموزشی تعاونی «شرکت تعاونی فرش دستباف ورامین»")
        assert "۱. حسابداری و صورت‌های مالی" in roadmap
        assert "دوره‌های پیشنهادی:" in roadmap
        assert all(a.answered for a in maryam.callback_answers())

        latest = await bot.services.assessment.latest(1)
        assert latest.need_score == 86 and latest.consent
        profile = await bot.services.assessment.member_profile(1)
        assert (profile.full_name, profile.national_id) == ("مریم احمدی", "0076229645")
        assert profile.mobile == "09120001001"  # from the shared contact
        assert await bot.services.chat_state.get(1) is None


async def test_complete_run_in_english(tmp_path):
    async with make_bot(tmp_path) as bot:
        sam = bot.person(1002, "Sam", language_code="en")
        replies = await sam.command("/assess")
        assert replies[0].text.startswith("Cooperative training needs assessment")
        assert replies[1].text.startswith("Question 1 of ")
        await answer_all(bot, sam, 1, SAM, locale="en", until="coop_reg_no")
        # the soft checksum of the cooperative's national ID only warns
        assert sam.last().text.startswith("The national ID is saved, but it does not match")
        assert "registration number" in sam.last().text
        await answer_all(bot, sam, 1, SAM, locale="en", until="topic_other")
        assert "describe the other training topic" in sam.last().text  # asked: "other" chosen
        await answer_all(bot, sam, 1, SAM, locale="en")
        review = sam.last().text
        assert review.startswith("Review: please check your answers.")
        assert "• Online address" not in review  # not internet-based: not asked
        # no consent: neither the national ID nor the mobile was asked
        assert "• Mobile" not in review and "• National ID" not in review
        assert "• Education: (skipped)" in review
        assert '• Urgency of "Cyber security basics": Within this year' in review
        await sam.press("Submit")
        thanks, roadmap, _menu = (m.text for m in sam.messages()[-3:])
        # 10 (ICT, no hurry) + 20 (other, this year) + 4.5 (9 members) + 10 (start-up)
        assert "Your need score: 44.5" in thanks
        assert "as you did not agree to be nominated" in thanks
        assert roadmap.startswith('Training roadmap of "Pardis Digital Services Cooperative"')
        assert "1. Other topics" in roadmap  # 20 points, above ICT's 10
        assert "Topics described by members: Cyber security basics" in roadmap
        latest = await bot.services.assessment.latest(1)
        assert latest.consent is False and latest.topics == ["ict", "other"]


async def test_back_next_skip_and_skip_rules(tmp_path):
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001)
        await maryam.command("/assess")
        await answer_all(bot, maryam, 1, MARYAM, until="gender")
        # optional question: skip; back shows it again with "next" to keep the answer
        await maryam.press("رد شدن")
        assert await step_of(bot, 1) == "education"
        await maryam.press("بازگشت")
        assert await step_of(bot, 1) == "gender"
        assert "بعدی" in maryam.buttons() and "رد شدن" not in maryam.buttons()
        await maryam.press("بازگشت")
        assert "✅ مدیرعامل" in maryam.buttons()  # the current answer is marked
        await maryam.press("بعدی")
        # "next" goes on to the first unanswered question
        assert await step_of(bot, 1) == "education"
        await maryam.press("بازگشت")
        await maryam.press("زن")
        assert await step_of(bot, 1) == "education"
        # a required question has no skip button, and a forged skip is refused
        await answer_all(bot, maryam, 1, MARYAM, until="coop_name")
        assert "رد شدن" not in maryam.buttons()
        await maryam.forge(f"assess:s:{Q.version}:coop_name")
        assert last_answer_text(bot).startswith("پاسخ به این پرسش لازم")
        await answer_all(bot, maryam, 1, MARYAM, until="internet_based")
        # skip rule: no website question when the business is not internet-based
        await maryam.press("خیر")
        assert await step_of(bot, 1) == "topics"
        await maryam.press("بازگشت")
        await maryam.press("بله")
        assert await step_of(bot, 1) == "online_address"
        await maryam.send("farsh.ir")
        # multi-choice: toggle on and off; done with nothing chosen is refused
        await maryam.press("مشارکت اعضا")
        assert "✅ مشارکت اعضا" in maryam.buttons()
        await maryam.press("✅ مشارکت اعضا")
        await maryam.press("پایان انتخاب")
        assert last_answer_text(bot).startswith("لطفاً دست‌کم ۱ گزینه")
        assert await step_of(bot, 1) == "topics"
        await maryam.press("موضوع دیگر")
        await maryam.press("پایان انتخاب")
        assert await step_of(bot, 1) == "topic_other"  # asked because "other" was chosen
        await maryam.send("نگهداری دام")
        assert await step_of(bot, 1) == "urgency.other"
        # the option is named in her own words
        assert "نیاز به آموزش «نگهداری دام» چقدر فوری است؟" in maryam.last().text
        # progress numbers the questions of the file: the total stays 27 whatever is chosen
        assert maryam.last().text.startswith("سؤال ۲۲ از ۲۷")


async def test_place_choice_and_edit_from_review(tmp_path):
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001)
        await maryam.command("/assess")
        await answer_all(bot, maryam, 1, MARYAM, until="coop_place")
        await maryam.press("فارس")
        assert "استان: فارس" in maryam.last().text
        assert "سایر شهرستان‌ها" in maryam.buttons()  # Fars lists only its main counties
        await maryam.press("تغییر استان")
        await maryam.press("تهران")
        assert "سایر شهرستان‌ها" not in maryam.buttons()  # Tehran's 16 counties are complete
        assert len([b for b in maryam.buttons() if b not in ("تغییر استان", "بازگشت")]) == 16
        await maryam.press("شمیرانات")
        await answer_all(bot, maryam, 1, MARYAM)

        # edit one answer from the review: straight back to the review
        await maryam.press("✏️ نقش در تعاونی")
        assert "بازگشت به مرور پاسخ‌ها" in maryam.buttons()
        await maryam.press("بازرس")
        assert maryam.last().text.startswith("مرور پاسخ‌ها")
        assert "• نقش در تعاونی: بازرس" in maryam.last().text
        # a choice left half-made (no "done") is not saved
        await maryam.press("✏️ موضوع‌های آموزشی")
        await maryam.press("مشارکت اعضا")
        await maryam.press("بازگشت به مرور پاسخ‌ها")
        assert maryam.last().text.startswith("مرور پاسخ‌ها")
        assert "مشارکت اعضا" not in maryam.last().text
        # an edit that adds a topic asks its urgency, then returns to the review
        await maryam.press("✏️ موضوع‌های آموزشی")
        assert "مشارکت اعضا" in maryam.buttons()  # the half-made choice is gone
        await maryam.press("بازرسی و نظارت مالی")
        await maryam.press("پایان انتخاب")
        assert await step_of(bot, 1) == "urgency.inspection"
        await maryam.press("بدون عجله")
        assert maryam.last().text.startswith("مرور پاسخ‌ها")
        assert "• فوریت «بازرسی و نظارت مالی»: بدون عجله" in maryam.last().text
        # a typed answer edited from the review
        await maryam.press("✏️ تعداد اعضا")
        assert "پاسخ فعلی: ۴۰" in maryam.last().text
        replies = await maryam.send("۴۵")
        assert replies[-1].text.startswith("مرور پاسخ‌ها")
        assert "• تعداد اعضا: ۴۵" in replies[-1].text
        await maryam.press("ثبت نهایی")
        latest = await bot.services.assessment.latest(1)
        assert latest.topics == ["accounting", "digital_marketing", "inspection"]
        coop = (await bot.services.assessment.member_profile(1)).cooperative
        assert (coop.county, coop.member_count) == ("shemiranat", 45)


async def test_old_buttons_and_forged_data_change_nothing(tmp_path):
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001)
        await maryam.command("/assess")
        await answer_all(bot, maryam, 1, MARYAM, until="national_id")
        id_question = maryam.last().message_id
        await answer_all(bot, maryam, 1, MARYAM, until="role")
        # "back" on the national ID question, scrolled up in the chat: answered, re-asked
        await maryam.press("بازگشت", message_id=id_question)
        assert last_answer_text(bot).startswith("این دکمه مربوط به پرسش دیگری است")
        assert "نقش شما در تعاونی چیست؟" in maryam.last().text
        assert await step_of(bot, 1) == "role"
        role_message = maryam.last().message_id
        await maryam.press("مدیرعامل")
        await maryam.press("زن")
        now_at = await step_of(bot, 1)
        assert now_at == "education"
        before = (await bot.services.assessment.draft(1)).answers
        # the role question's message was edited into later questions; an old copy of its
        # data (a second device, a stale client) is refused and the current question re-sent
        await maryam.forge(f"assess:a:{Q.version}:role:member", message_id=role_message)
        assert last_answer_text(bot).startswith("این دکمه مربوط به پرسش دیگری است")
        assert "میزان تحصیلات شما چیست؟" in maryam.last().text
        # a button of an earlier questionnaire version
        await maryam.forge("assess:a:0:education:master")
        assert last_answer_text(bot).startswith("پرسش‌نامه به‌روز شده است")
        # garbage, unknown options and steps, other people's ideas of a county
        for junk in (
            f"assess:a:{Q.version}:education:king",
            f"assess:a:{Q.version}:nothing:x",
            f"assess:c:{Q.version}:education:tehran.rey",
            f"assess:zz:{Q.version}",
            "assess:a",
            f"assess:ok:{Q.version}",
        ):
            await maryam.forge(junk)
        assert (await bot.services.assessment.draft(1)).answers == before
        assert await step_of(bot, 1) == "education"
        assert all(a.answered for a in maryam.callback_answers())


async def test_continue_after_cancel_a_week_away_and_from_the_menu(tmp_path):
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001)
        await maryam.command("/assess")
        await answer_all(bot, maryam, 1, MARYAM, until="role")
        replies = await maryam.command("/cancel")
        assert replies[0].text.startswith("کار جاری لغو شد")
        replies = await maryam.send("کارشناسی")  # no longer in the dialog
        assert replies[0].text.startswith("پیام شما را دریافت کردم")
        bot.clock.advance(days=7)
        replies = await maryam.command("/assess")
        assert replies[-1].text.startswith("تعاونگر گرامی، خوش آمدید")
        assert "سؤال ۵ از " in replies[-1].text and "نقش شما در تعاونی" in replies[-1].text
        # a button of the question she stopped at still works after /cancel
        await maryam.command("/cancel")
        await maryam.press("مدیرعامل")
        assert await step_of(bot, 1) == "gender"
        await maryam.command("/cancel")
        await maryam.command("/start")
        await maryam.press("ادامهٔ نیازسنجی")  # the menu says where she stands
        assert "سؤال ۶ از " in maryam.last().text


async def test_restart_loses_nothing(tmp_path):
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001)
        await maryam.command("/assess")
        await answer_all(bot, maryam, 1, MARYAM, until="coop_reg_no")
    async with make_bot(tmp_path) as bot:  # a new process on the same database
        maryam = bot.person(1001)
        replies = await maryam.send("۴۵۶۷")  # the answer she was typing
        assert "نوع تعاونی شما کدام است؟" in replies[-1].text
        draft = await bot.services.assessment.draft(1)
        assert draft.answers["coop_reg_no"] == "4567"
        assert draft.answers["national_id"] == "0076229645"


async def test_contacts(tmp_path):
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001)
        await maryam.command("/assess")
        replies = await maryam.share_contact()  # at the name question: not expected
        assert replies[-1].text.startswith("الان منتظر شمارهٔ تلفن نیستم")
        await answer_all(bot, maryam, 1, MARYAM, until="mobile")
        replies = await maryam.share_contact("989121112233", user_id=5555)  # someone else's
        assert replies[0].text.startswith("لطفاً شمارهٔ خودتان را")
        assert replies[1].text.startswith("برای فرستادن شمارهٔ همراه")  # the button again
        assert maryam.person.reply_keyboard() == [["ارسال شمارهٔ من"]]
        assert await step_of(bot, 1) == "mobile"
        replies = await maryam.send("0912abc4567")
        assert replies[0].text.startswith("شمارهٔ همراه درست نیست")
        replies = await maryam.send("۰۹۱۲ ۳۴۵ ۶۷۸۹")
        assert replies[0].text == "شمارهٔ همراه شما ثبت شد."
        assert replies[0].reply_markup == {"remove_keyboard": True}
        assert (await bot.services.assessment.draft(1)).answers["mobile"] == "09123456789"


async def test_redo_keeps_history_and_members_of_one_cooperative_add_up(tmp_path):
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001)
        await maryam.command("/assess")
        await answer_all(bot, maryam, 1, MARYAM)
        await maryam.press("ثبت نهایی")
        reza = bot.person(1003, "رضا")
        await reza.command("/assess")
        reza_answers = {
            **MARYAM,
            "full_name": "رضا کریمی",
            "national_id": "0499370899",
            "coop_name": "تعاونی فرش دستباف ورامین",  # written without «شرکت»
            "topics": ["حسابداری و صورت‌های مالی"],
        }
        await answer_all(bot, reza, 2, reza_answers)
        await reza.press("ثبت نهایی")
        assert "بر پایهٔ پاسخ ۲ نفر از اعضا" in reza.messages()[-2].text
        replies = await maryam.command("/roadmap")
        assert "بر پایهٔ پاسخ ۲ نفر از اعضا" in replies[-1].text
        assert "۱. حسابداری و صورت‌های مالی" in replies[-1].text
        assert "نیاز ۱۲ نفر" in replies[-1].text

        # Maryam answers again a month later: her previous answers are filled in
        bot.clock.advance(days=30)
        replies = await maryam.command("/assess")
        assert replies[-1].text.startswith("تعاونگر گرامی، نیازسنجی شما در ۲۵ آبان ۱۴۰۴ ثبت")
        await maryam.press("پاسخ دوباره به نیازسنجی")
        assert maryam.last().text.startswith("پاسخ‌های قبلی شما آماده است")
        await maryam.press("✏️ اعضای نیازمند آموزش")
        await maryam.send("۲۰")
        await maryam.press("ثبت نهایی")
        history = await bot.services.assessment.history(1)
        assert len(history) == 2 and history[-1].submitted_at > history[0].submitted_at
        replies = await maryam.command("/roadmap")
        assert "نیاز ۲۰ نفر" in replies[-1].text


async def test_roadmap_before_any_assessment(tmp_path):
    async with make_bot(tmp_path) as bot:
        sam = bot.person(1002, "Sam", language_code="en")
        replies = await sam.command("/roadmap")
        assert replies[-1].text.startswith("You have not submitted the training needs assessment")
        await sam.press("Training needs assessment")
        assert sam.last().text.startswith("Question 1 of ")


async def test_on_bale(tmp_path):
    async with make_bot(tmp_path, platform="bale") as bot:
        maryam = bot.person(1001)
        await maryam.command("/assess")
        await answer_all(bot, maryam, 1, MARYAM, until="role")
        assert (await bot.services.assessment.draft(1)).answers["mobile"] == "09120001001"
        await answer_all(bot, maryam, 1, MARYAM)
        await maryam.press("ثبت نهایی")
        assert maryam.messages()[-2].text.startswith("نقشهٔ راه آموزشی تعاونی")
