"""The monthly list's screens (handlers/nomination/views.py) in Persian and English for fixed
models, compared with snapshot files (tests/handlers/views/snapshots/; to write them again:
UPDATE_SNAPSHOTS=1). Persian screens show Persian digits and Jalali dates."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from bot.chat.dialog import Screen
from bot.chat.reader import Lang, Reader
from bot.core.i18n import Translator
from bot.services.nomination import CourseAllocation, MonthView, Overview, PreviewLine
from handlers.nomination import views
from storage.nominations import NewEntry, NominationEntry, NominationMonth
from tests.handlers.views.snapshots import check, render
from tests.handlers.views.test_course_admin_views import course

NOW = datetime(2025, 11, 16, 6, 0, tzinfo=UTC)  # 1404-08-25 09:30 Tehran
TRANSLATOR = Translator()
COURSE = course()


def month(status: str, month_id: int = 3, number: int = 8) -> NominationMonth:
    return NominationMonth(
        id=month_id,
        year=1404,
        month=number,
        status=status,
        cutoff_at=NOW,
        frozen_at=NOW,
        frozen_by=None,
        approved_at=None,
        approved_by=None,
        sent_at=None,
        sent_by=None,
        confirmed_at=None,
        coop_cap=3,
    )


def entry(entry_id: int, rank: int, placed: bool, **more: object) -> NominationEntry:
    more.setdefault("reason", None)
    return NominationEntry(
        id=entry_id,
        month_id=3,
        registration_id=20 + entry_id,
        course_id=COURSE.id,
        member_id=40 + entry_id,
        cooperative_id=5,
        need_score=10 - rank * 1.25,
        requested_at=NOW,
        rank=rank,
        placed=placed,
        **more,
    )


FIRST = entry(1, 1, True)
SECOND = entry(2, 2, False, reason="cap")
THIRD = entry(3, 3, True, rejected_at=NOW, rejected_by=9, rejection_reason="مدرک ناقص")
NAMES = {41: "زهرا محمدی", 42: "علی احمدی", 43: "سارا کریمی"}
FROZEN = MonthView(month("frozen"), [CourseAllocation(COURSE, [FIRST, THIRD], [SECOND])])
SENT = MonthView(month("sent"), [CourseAllocation(COURSE, [FIRST], [])])
OVERVIEW = Overview((1404, 9), NOW, 5, [month("frozen"), month("sent", 2, 7)], in_review=2)
PREVIEW = [
    PreviewLine(
        COURSE,
        requests=2,
        placed=1,
        people=[
            NewEntry(**FIRST.model_dump(include=set(NewEntry.model_fields))),
            NewEntry(**SECOND.model_dump(include=set(NewEntry.model_fields))),
        ],
    )
]

SCREENS: dict[str, Callable[[Reader], Screen]] = {
    "overview": lambda r: views.overview_screen(r, OVERVIEW),
    "overview-empty": lambda r: views.overview_screen(r, Overview((1404, 9), NOW, 0, [])),
    "preview": lambda r: views.preview_screen(r, OVERVIEW, PREVIEW, NAMES),
    "preview-empty": lambda r: views.preview_screen(r, OVERVIEW, [], {}),
    "month-frozen": lambda r: views.month_screen(r, FROZEN),
    "month-sent-noted": lambda r: views.month_screen(r, SENT, r.t("nomination-done")),
    "course-frozen": lambda r: views.course_screen(r, FROZEN, FROZEN.courses[0], NAMES),
    "course-sent": lambda r: views.course_screen(r, SENT, SENT.courses[0], NAMES),
    "over-cap": lambda r: views.over_cap_screen(r, SECOND, 3, 3),
    "approve-question": lambda r: views.confirm_step_screen(
        r, 3, "nomination-approve-question", views.cb("apok", 3)
    ),
    "confirm": lambda r: views.confirm_screen(r, 2, [(21, NAMES[41], COURSE)]),
    "confirm-empty": lambda r: views.confirm_screen(r, 2, [], r.t("nomination-not-waiting")),
    "ask-reason": views.ask_reason_screen,
    "ask-rejection-again": views.ask_rejection_again_screen,
}
LATIN_DIGIT = re.compile("[0-9]")


@pytest.mark.parametrize("locale", ["fa", "en"])
@pytest.mark.parametrize("name", sorted(SCREENS))
def test_screen_matches_its_snapshot(name: str, locale: str) -> None:
    rendered = check(f"nomination-{name}", locale, SCREENS[name](Lang(TRANSLATOR, locale)))
    if locale == "fa":  # what a person reads (the callback data after → are not shown)
        shown = [line.split(" → ")[0] for line in re.split(r"\n| \| ", rendered)]
        assert not [line for line in shown if LATIN_DIGIT.search(line)]


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("overview", "آذر ۱۴۰۴"),  # the month collecting requests, Jalali
        ("month-frozen", "۲۵ آبان ۱۴۰۴"),  # its cut-off
        ("course-frozen", "ردیف ۱. زهرا محمدی — امتیاز نیاز ۸٫۸"),
        ("course-frozen", "مدرک ناقص"),  # TVTO's reason, as staff wrote it
    ],
)
def test_persian_screens_show_jalali_dates_and_persian_digits(name: str, shown: str) -> None:
    assert shown in render(SCREENS[name](Lang(TRANSLATOR, "fa")))


def test_moves_are_offered_only_while_the_month_is_frozen() -> None:
    frozen = render(SCREENS["course-frozen"](Lang(TRANSLATOR, "en")))
    sent = render(SCREENS["course-sent"](Lang(TRANSLATOR, "en")))
    assert "nom:mv:1:0" in frozen and "nom:mv:2:1" in frozen
    assert "nom:mv:" not in sent


def test_a_changed_view_fails_its_snapshot() -> None:
    screen = SCREENS["month-frozen"](Lang(TRANSLATOR, "fa"))
    changed = Screen(screen.text, None)
    with pytest.raises(AssertionError, match="differs"):
        check("nomination-month-frozen", "fa", changed, update=False)
