"""The assessment's screens (handlers/assessment/views.py) in Persian and English for fixed
answers of the bundled questionnaire, compared with snapshot files (tests/handlers/views/
snapshots/; to write them again: UPDATE_SNAPSHOTS=1). Persian screens show Persian digits and
Jalali dates."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.chat.dialog import Screen
from bot.chat.reader import Lang, Reader
from bot.core.i18n import Translator
from bot.questionnaire import answers as parsing
from bot.questionnaire import load_questionnaire
from bot.questionnaire.flow import Step, step_for
from handlers.assessment import views
from tests.handlers.views.snapshots import check, render

NOW = datetime(2025, 11, 16, 6, 0, tzinfo=UTC)  # 1404-08-25 09:30 Tehran
Q = load_questionnaire(None)
TRANSLATOR = Translator()
ANSWERS: dict[str, Any] = {
    "consent": "yes",
    "full_name": "مریم رضایی",
    "national_id": "0012345678",
    "mobile": "09121234567",
    "role": "board",
    "gender": None,  # skipped
    "education": "bachelor",
    "coop_name": "تعاونی فرش دستباف",
    "coop_national_id": "10100123456",
    "coop_reg_no": "1234",
    "coop_kind": "production",
    "coop_activity": "بافت فرش",
    "coop_place": {"province": "isfahan", "county": "kashan"},
    "coop_members": 12000,
    "coop_founded": 1390,
    "last_assembly": "2024-05-20",
    "small_startup": "no",
    "internet_based": "no",
    "topics": ["accounting", "other"],
    "topic_other": "طراحی نقشهٔ فرش",
    "urgency.accounting": "high",
    "urgency.other": "medium",
    "members_needing": 8,
    "delivery_mode": "either",
    "preferred_days": ["sat", "mon"],
    "preferred_time": "morning",
    "self_requested": "yes",
}
BEFORE_PLACE = {k: v for k, v in ANSWERS.items() if k in list(ANSWERS)[:12]}


def step(key: str, answers: dict[str, Any] = ANSWERS) -> Step:
    found = step_for(Q, answers, key)
    assert found is not None, key
    return found


Make = Callable[[Reader], Screen]


def question(key: str, answers: dict[str, Any] = ANSWERS, **data: Any) -> Make:
    return lambda r: views.question_screen(r, Q, answers, step(key, answers), data)


def error(code: str, key: str, **args: Any) -> Make:
    return lambda r: Screen(views.error_text(r, Q, parsing.Invalid(code, args), step(key)))


SCREENS: dict[str, Make] = {
    "first": question("consent", {}),
    "text-answered": question("full_name"),
    "single-chosen": question("role"),
    "multi-selecting": question("topics", sel=["coop_law", "accounting"]),
    "place-provinces": question("coop_place", BEFORE_PLACE),
    "place-counties": question("coop_place", BEFORE_PLACE, prov="isfahan"),
    "repeated-own-words": question("urgency.other"),
    "date-answered": question("last_assembly"),
    "edit-optional": question("gender", edit=True),
    "review": lambda r: views.review_screen(r, Q, ANSWERS),
    "intro": lambda r: Screen(views.intro_text(r, Q)),
    "already": lambda r: views.already_screen(r, NOW),
    "error-range": error(parsing.RANGE, "coop_founded", min=1300, max=1404),
    "error-above-answer": error(parsing.ABOVE_ANSWER, "members_needing", max=12000),
    "error-too-many": error(parsing.TOO_MANY, "topics", max=3),
}
LATIN_DIGIT = re.compile("[0-9]")


@pytest.mark.parametrize("locale", ["fa", "en"])
@pytest.mark.parametrize("name", sorted(SCREENS))
def test_screen_matches_its_snapshot(name: str, locale: str) -> None:
    rendered = check(f"assessment-{name}", locale, SCREENS[name](Lang(TRANSLATOR, locale)))
    if locale == "fa":  # what a person reads (the callback data after → are not shown)
        shown = [line.split(" → ")[0] for line in re.split(r"\n| \| ", rendered)]
        assert not [line for line in shown if LATIN_DIGIT.search(line)]


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("review", "۳۱ اردیبهشت ۱۴۰۳"),  # the last assembly, Jalali
        ("review", "۱۲٬۰۰۰"),  # a large count grouped
        ("already", "۲۵ آبان ۱۴۰۴"),
        ("repeated-own-words", "طراحی نقشهٔ فرش"),  # the member's own words name the item
    ],
)
def test_persian_screens_show_jalali_dates_and_persian_digits(name: str, shown: str) -> None:
    assert shown in render(SCREENS[name](Lang(TRANSLATOR, "fa")))


def test_buttons_carry_the_version_and_the_step() -> None:
    screen = SCREENS["single-chosen"](Lang(TRANSLATOR, "en"))
    data = [b.callback_data for row in screen.markup.inline_keyboard for b in row]
    assert f"assess:a:{Q.version}:role:board" in data
    assert f"assess:n:{Q.version}:role" in data


def test_a_changed_view_fails_its_snapshot() -> None:
    screen = SCREENS["review"](Lang(TRANSLATOR, "fa"))
    changed = Screen(screen.text + "!", screen.markup)
    with pytest.raises(AssertionError, match="differs"):
        check("assessment-review", "fa", changed, update=False)
