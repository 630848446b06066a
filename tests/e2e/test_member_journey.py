"""A member's whole first month against the real `coopbot run` process, on Telegram and on Bale:
/start, the whole needs assessment read off the screen and answered as a person would (Arabic
digits, the contact button, multi-choice, the province then the county), the roadmap, a
recommended course, registration, /mycourses. Over HTTP on 127.0.0.1, the real clock."""

from __future__ import annotations

from typing import Any

import pytest

from bot.__main__ import SAMPLE_COURSES
from bot.cli.demo_courses import write_demo_catalogue
from bot.core.clock import SystemClock
from bot.persian.jalali import tehran_today
from bot.questionnaire.model import ITEM
from tests.e2e.botprocess import TOKENS, running_bot, sandbox_for
from tests.handlers.test_assessment_flow import CONTACT, LABELS, MARYAM, SKIP, Q

pytestmark = pytest.mark.e2e

TIMEOUT = 15.0
REVIEW = "review"


def question_key(text: str) -> str | None:
    """Which question (or the review) a message of the bot shows, read from its Persian text."""
    if text.startswith("مرور پاسخ‌ها"):
        return REVIEW
    for question in Q.questions:
        wording = question.text.get("fa")
        if question.repeat_for is None:
            if wording in text:
                return question.id
            continue
        for option in Q.question(question.repeat_for).options:
            if wording.replace(ITEM, option.text.get("fa")) in text:
                return f"{question.id}.{option.id}"
    return None


def shown(person) -> str | None:
    """The question on the screen: the newest bot message that shows one (hints come after)."""
    for message in reversed(person.messages()):
        key = question_key(message.text or "")
        if key is not None:
            return key
    return None


async def act(person, action: str, *args: Any, until=None) -> None:
    """Do something, then wait for the bot to change the chat (and for `until`, if given)."""
    version = person.version
    getattr(person, action)(*args)
    await person.wait_for(lambda p: p.version > version and (until is None or until(p)), TIMEOUT)


async def answer(person, key: str, value: Any) -> None:
    moved_on = lambda p: shown(p) not in (key, None)  # noqa: E731
    labels = LABELS["fa"]
    if value is SKIP:
        await act(person, "press", labels["skip"], until=moved_on)
    elif value is CONTACT:  # its button comes in a message of its own, after the question
        await person.wait_for(lambda p: p.reply_keyboard(), TIMEOUT)
        await act(person, "press", labels["contact"], until=moved_on)
    elif isinstance(value, tuple):  # the province, then the county
        await act(person, "press", value[0])
        await act(person, "press", value[1], until=moved_on)
    elif isinstance(value, list):  # multi-choice: each option, then "done"
        for label in value:
            await act(person, "press", label)
        await act(person, "press", labels["done"], until=moved_on)
    elif Q.question(key.split(".")[0]).type in ("single", "yes_no"):
        await act(person, "press", value, until=moved_on)
    else:
        await act(person, "send_text", value, until=moved_on)


def last_text(person) -> str:
    return person.last().text or ""


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_first_month_of_a_member(tmp_path, platform):
    today = tehran_today(SystemClock().now())
    courses = write_demo_catalogue(SAMPLE_COURSES, tmp_path / "courses.yaml", today)
    async with (
        sandbox_for(platform) as sandbox,
        running_bot(
            sandbox, tmp_path / "bot.sqlite3", (platform,), COURSES_FILE=str(courses)
        ) as bot,
    ):
        code = "fa" if platform == "telegram" else None  # Bale sends no language_code
        maryam = sandbox.person(6001, "مریم", code, token=TOKENS[platform])

        await act(maryam, "send_command", "/start", until=lambda p: "منوی اصلی" in last_text(p))
        assert any("مریم گرامی، به بات" in (m.text or "") for m in maryam.messages())

        await act(maryam, "press", "نیازسنجی آموزشی", until=lambda p: shown(p) is not None)
        for _ in range(60):
            key = shown(maryam)
            if key == REVIEW:
                break
            await answer(maryam, key, MARYAM[key])
        else:
            raise AssertionError(f"the questionnaire did not end; last: {last_text(maryam)}")
        review = last_text(maryam)
        assert "• کد ملی: ۰۰۷۶۲۲۹۶۴۵" in review  # typed in Arabic-Indic digits
        assert "• استان و شهرستان: تهران، ورامین" in review

        await act(
            maryam,
            "press",
            "ثبت نهایی",
            # the menu comes below the roadmap, now with the roadmap in it
            until=lambda p: any("نقشهٔ راه آموزشی تعاونی" in row for row in p.buttons()),
        )
        roadmap = maryam.messages()[-2].text
        assert "«شرکت تعاونی فرش دستباف ورامین»" in roadmap
        assert "حسابداری و صورت‌های مالی" in roadmap

        await act(maryam, "send_command", "/courses", until=lambda p: p.buttons())
        await act(maryam, "press", "پیشنهاد برای من", until=lambda p: len(p.buttons()) > 1)
        first_course = maryam.buttons()[0][0]
        title = first_course.split(" — ")[0]
        await act(maryam, "press", first_course, until=lambda p: title in last_text(p))
        assert "مهلت ثبت‌نام" in last_text(maryam)
        await act(
            maryam,
            "press",
            "ثبت‌نام در این دوره",
            until=lambda p: "وضعیت شما: درخواست ثبت شد" in last_text(p),
        )

        await act(maryam, "send_command", "/mycourses", until=lambda p: title in last_text(p))
        assert "درخواست ثبت شد" in last_text(maryam)

        log = bot.log()
        assert "Traceback" not in log and " ERROR " not in log, log[-2000:]
        assert "0076229645" not in log  # no personal data in the log
