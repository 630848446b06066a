"""The course-management screens (handlers/course_admin/views.py) in Persian and English for
fixed models, compared with snapshot files (tests/handlers/views/snapshots/; to write them
again: UPDATE_SNAPSHOTS=1). Persian screens show Persian digits and Jalali dates."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from bot.chat.dialog import Screen
from bot.chat.reader import Lang, Reader
from bot.core.i18n import Translator
from bot.persian.jalali import tehran_today
from bot.questionnaire import DEFAULT_PLACES, load_places
from bot.services.course_admin import AttendanceLine, Overview, Person, Problem, build
from bot.services.course_import import ImportReport, RowReport
from bot.services.courses import CourseCard
from handlers.course_admin import questions, views
from handlers.course_admin.draft import CourseDraft
from handlers.courses import card_text
from storage.courses import Course
from tests.handlers.views.snapshots import check, render

NOW = datetime(2025, 11, 16, 6, 0, tzinfo=UTC)  # 1404-08-25 09:30 Tehran, a Sunday
TODAY = tehran_today(NOW)
PLACES = load_places(DEFAULT_PLACES)
TRANSLATOR = Translator()
RAW = {
    "ref": "acc-1",
    "standard_code": "0012345678",
    "title_fa": "حسابداری مقدماتی",
    "title_en": "Introductory accounting",
    "topic": "accounting",
    "provider_kind": "tvto_centre",
    "provider_name": "مرکز آموزش فنی و حرفه‌ای شمارهٔ یک",
    "provider_address": "خیابان آزادی",
    "provider_phone": "02166001122",
    "province": "تهران",
    "county": "تهران",
    "delivery_mode": "in_person",
    "start": "1404/09/15",
    "end": "1404/10/30",
    "sessions": [
        {"day": "Saturday", "start": "09:00", "end": "12:00"},
        {"day": "Monday", "start": "16:00", "end": "18:30"},
    ],
    "total_hours": 48,
    "capacity": 25,
    "deadline": "1404/09/10",
}


def course(course_id: int = 7, status: str = "open", **changes: object) -> Course:
    data = build({**RAW, **changes}).model_dump()
    return Course(**data, id=course_id, status=status, created_at=NOW, updated_at=NOW)


COURSE = course()
SECOND = course(8, "closed", title_fa="تعاونی‌های تولیدی", title_en="Production co-ops")
OVERVIEW = Overview(COURSE, "open", {"confirmed": 12, "waitlisted": 3}, seats_taken=12)
PEOPLE = [
    Person(1, 41, "مریم رضایی", "001*****89", "0912***4567", "تعاونی فرش", "confirmed", 7.5, NOW),
    Person(2, 42, "", "", "", "", "waitlisted", 12.0, NOW, position=1),
]
ATTENDANCE = [AttendanceLine(NOW, 9, 2, ("مریم رضایی", "علی احمدی"))]
NEW = CourseDraft(mode="new", values={k: v for k, v in RAW.items() if k != "ref"})
EDIT = CourseDraft(mode="edit", course_id=7, original=RAW, values=dict(RAW), province_id="tehran")
IMPORTED = ImportReport(rows=[RowReport(2, "acc-1", "حسابداری", "add")], imported=True)
REJECTED = ImportReport(
    rows=[
        RowReport(2, "acc-1", "حسابداری", "add"),
        RowReport(3, None, "?", None, (Problem("capacity", "number"), Problem("start", "date"))),
    ]
)

SCREENS: dict[str, Callable[[Reader], Screen]] = {
    "list": lambda r: views.list_view(r, [COURSE, SECOND], 0, False, NOW),
    "list-empty": lambda r: views.list_view(r, [], 0, True, NOW),
    "course": lambda r: views.course_view(
        r, OVERVIEW, card_text(r, CourseCard(COURSE, "open", 13, None, None)), "note"
    ),
    "course-closed": lambda r: views.course_view(r, Overview(SECOND, "closed", {}, 0), "card", ""),
    "people": lambda r: views.people_view(r, 7, "registrants", PEOPLE),
    "attendance": lambda r: views.attendance_view(r, 7, ATTENDANCE),
    "attendance-none": lambda r: views.attendance_view(r, 7, []),
    "edit-menu": lambda r: views.edit_menu_view(r, COURSE),
    "cancel-ask": lambda r: views.cancel_ask_view(r, COURSE, 12),
    "template-help": views.template_help_view,
    "import-file": views.file_view,
    "import-done": lambda r: views.report_view(r, IMPORTED),
    "import-rejected": lambda r: views.report_view(r, REJECTED),
    "ask-title": lambda r: questions.field_view(
        r, "title_fa", CourseDraft(mode="new"), TODAY, PLACES
    ),
    "ask-topic": lambda r: questions.field_view(r, "topic", NEW, TODAY, PLACES),
    "ask-phone": lambda r: questions.field_view(r, "provider_phone", NEW, TODAY, PLACES),
    "ask-county": lambda r: questions.field_view(r, "county", EDIT, TODAY, PLACES),
    "ask-start": lambda r: questions.field_view(r, "start", NEW, TODAY, PLACES),
    "ask-sessions": lambda r: questions.field_view(r, "sessions", NEW, TODAY, PLACES),
    "ask-deadline-edit": lambda r: questions.field_view(r, "deadline", EDIT, TODAY, PLACES),
    "ask-session-time": lambda r: questions.session_time_view(
        r, NEW.model_copy(update={"day": "Monday"})
    ),
    "review": lambda r: questions.review_view(r, NEW),
    "ask-capacity": lambda r: views.typed_view(r, "course-admin-ask-capacity"),
}
LATIN_DIGIT = re.compile("[0-9]")


@pytest.mark.parametrize("locale", ["fa", "en"])
@pytest.mark.parametrize("name", sorted(SCREENS))
def test_screen_matches_its_snapshot(name: str, locale: str) -> None:
    rendered = check(f"course-admin-{name}", locale, SCREENS[name](Lang(TRANSLATOR, locale)))
    if locale == "fa":  # what a person reads (the callback data after → are not shown)
        shown = [line.split(" → ")[0] for line in re.split(r"\n| \| ", rendered)]
        assert not [line for line in shown if LATIN_DIGIT.search(line)]


@pytest.mark.parametrize(
    ("name", "jalali"),
    [("list", "۱۵ آذر ۱۴۰۴"), ("course", "۱۵ آذر ۱۴۰۴"), ("review", "۱۰ آذر ۱۴۰۴")],
)
def test_persian_screens_show_jalali_dates(name: str, jalali: str) -> None:
    assert jalali in render(SCREENS[name](Lang(TRANSLATOR, "fa")))  # text or buttons


def test_a_changed_view_fails_its_snapshot() -> None:
    screen = SCREENS["list"](Lang(TRANSLATOR, "fa"))
    changed = Screen(screen.text + "!", screen.markup)
    with pytest.raises(AssertionError, match="differs"):
        check("course-admin-list", "fa", changed, update=False)
