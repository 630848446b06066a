"""/mydata as a person reads it (a page in their language beside the JSON), and /deleteme for a
person who also uses the bot on the other messenger, in Persian and English."""

from __future__ import annotations

import json
import re
from html import unescape

from storage.assessments import AssessmentsRepo
from storage.ledger import LedgerRepo
from storage.members import MembersRepo
from tests.handlers.harness import make_bot
from tests.handlers.test_assessment_flow import MARYAM, SAM, answer_all


def page_text(html: str) -> str:
    """The page as a reader sees it: tags become line breaks."""
    return unescape(re.sub(r"\n+", "\n", re.sub(r"<[^>]+>", "\n", html)))


async def test_mydata_in_persian_is_a_page_to_read_beside_the_json(tmp_path):
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001, "مریم")
        await maryam.command("/assess")
        await answer_all(bot, maryam, 1, MARYAM)
        await maryam.press("ثبت نهایی")

        intro, page, machine = await maryam.command("/mydata")

        assert intro.text.startswith("تعاونگر گرامی، همهٔ داده‌هایی که بات دربارهٔ شما")
        assert page.file.file_name == "coopbot-mydata-1404-08-25.html"
        assert page.caption == "داده‌های شما در بات آموزش تعاونگران (برای خواندن)"
        html = maryam.person.file_bytes(page).decode("utf-8")
        assert '<html lang="fa" dir="rtl">' in html
        text = page_text(html)
        assert "تهیه‌شده در ۲۵ آبان ۱۴۰۴، ساعت ۰۹:۳۰" in text  # Jalali, Tehran time
        assert "پیام‌رسان\nتلگرام" in text and "نام\nمریم" in text
        assert "زبان\nفارسی" in text  # as the messenger reported it
        assert "کد ملی\n۰۰۷۶۲۲۹۶۴۵" in text  # Persian digits, as typed (Arabic-Indic)
        assert "سمت در تعاونی\nمدیرعامل" in text
        assert "تعاونی\nشرکت تعاونی فرش دستباف ورامین" in text
        assert "نیازسنجی ۱" in text and "وضعیت\nثبت‌شده" in text
        assert "استان و شهرستان: تهران، ورامین" in text  # answers as the review shows them
        assert "آخرین مجمع عمومی: ۱۵ خرداد ۱۴۰۴" in text
        assert "امتیاز نیاز\n۸۶\n" in text
        assert "2025" not in text and "submitted" not in text  # no UTC stamps, no English codes
        assert "coopbot-mydata-1404-08-25.json" in text  # names the file beside it

        assert machine.file.file_name == "coopbot-mydata-1404-08-25.json"
        data = json.loads(maryam.person.file_bytes(machine))
        assert data["tables"]["member_profiles"][0]["national_id"] == "0076229645"
        assert data["exported_at"] == "2025-11-16T06:00:00+00:00"


async def test_mydata_on_bale(tmp_path):
    async with make_bot(tmp_path, platform="bale") as bot:
        leila = bot.person(2002, "لیلا")  # Bale sends no language: the office's default
        await leila.command("/start")
        _intro, page, machine = await leila.command("/mydata")
        text = page_text(leila.person.file_bytes(page).decode("utf-8"))
        assert "پیام‌رسان\nبله" in text and "شناسهٔ کاربری\n۲۰۰۲" in text
        assert "نیازسنجی" not in text  # nothing about an assessment she never began
        assert json.loads(leila.person.file_bytes(machine))["tables"]["members"][0]["platform"] == (
            "bale"
        )


async def test_mydata_in_english_reads_left_to_right(tmp_path):
    async with make_bot(tmp_path) as bot:
        sam = bot.person(1002, "Sam", language_code="en")
        await sam.command("/assess")
        await answer_all(bot, sam, 1, SAM, locale="en")
        await sam.press("Submit")
        await sam.command("/reminders")  # a setting changed: shown too
        intro, page, machine = await sam.command("/mydata")
        assert intro.text.startswith("Dear member, everything the bot stores about you")
        text = page_text(sam.person.file_bytes(page).decode("utf-8"))
        assert 'dir="ltr"' in sam.person.file_bytes(page).decode("utf-8")
        assert "Prepared on 25 Aban 1404, 09:30" in text
        # Sam declined the nomination consent (the first question): no ID or mobile was asked
        assert "Consent to nomination: No" in text
        assert "National ID\n—" in text and "Mobile\n—" in text
        assert "Role in the cooperative\nBoard member" in text
        assert "Education\n—" in text  # skipped
        assert 'Urgency of "Cyber security basics": Within this year' in text
        assert machine.caption == "The same data for computers (JSON, times in UTC)"


async def test_deleteme_names_the_other_messenger_and_it_is_asked_there(tmp_path):
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001, "مریم")
        await maryam.command("/assess")
        await answer_all(bot, maryam, 1, MARYAM)
        await maryam.press("ثبت نهایی")
        now = bot.clock.now()
        async with bot.services.db.write() as conn:  # the same woman, on Bale
            on_bale = await MembersRepo(conn).seen(
                platform="bale",
                user_id=1001,
                chat_id=1001,
                first_name="مریم",
                last_name=None,
                username=None,
                language_code=None,
                now=now,
            )
            await AssessmentsRepo(conn).save_profile(
                on_bale.id, {"full_name": "مریم احمدی", "national_id": "0076229645"}, now
            )

        await maryam.command("/deleteme")
        assert "آن حساب پیامی با دکمهٔ پاک کردن می‌گیرد" in maryam.last().text
        await maryam.press("بله، داده‌های شخصی‌ام پاک شود")

        done = maryam.last().text
        assert done.startswith("داده‌های شخصی شما پاک شد")
        assert "حساب دیگری با همین کد ملی در بله هست" in done
        async with bot.services.db.read() as conn:
            asked = await LedgerRepo(conn).find(cause="privacy.linked")
            kept = await AssessmentsRepo(conn).profile(on_bale.id)
        assert [d.member_id for d in asked] == [on_bale.id]
        assert kept is not None and kept.national_id == "0076229645"  # until she confirms there

        # Yes again (an old button, from another copy of the chat) asks nobody twice
        await maryam.forge("prv:yes")
        async with bot.services.db.read() as conn:
            assert len(await LedgerRepo(conn).find(cause="privacy.linked")) == 1
