"""The member's course screens (handlers/courses/views.py) in Persian and English for fixed
models, compared with snapshot files (tests/handlers/views/snapshots/; to write them again:
UPDATE_SNAPSHOTS=1). Persian screens show Persian digits and Jalali dates."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot.chat.dialog import Screen
from bot.chat.reader import Lang
from bot.core.i18n import Translator
from bot.questionnaire import DEFAULT_PLACES, load_places
from bot.services.courses import CourseCard, Recommendation
from bot.services.registration import RegisterOutcome
from handlers.courses import views
from storage.registrations import Registration
from tests.handlers.views.snapshots import check
from tests.handlers.views.test_course_admin_views import NOW, course

PLACES = load_places(DEFAULT_PLACES)
TRANSLATOR = Translator()
COURSE = course()
ONLINE = course(
    8, title_fa="بازاریابی دیجیتال", title_en="Digital marketing", delivery_mode="online"
)


def registration(status: str, **changes: object) -> Registration:
    data: dict[str, object] = {
        "id": 41,
        "course_id": COURSE.id,
        "member_id": 3,
        "status": status,
        "need_score": 0.5,
        "cooperative_id": 1,
        "assessment_id": 1,
        "requested_at": NOW,
        "status_at": NOW,
        "offer_deadline": None,
        "reason": None,
        "carry_overs": 0,
        "version": 1,
    }
    return Registration(**{**data, **changes})


OFFERED = registration("offered", offer_deadline=NOW + timedelta(hours=36))
SCREENS = {
    "courses-browse": lambda r: views.browse_screen(r),
    "courses-card-open": lambda r: views.card_screen(r, CourseCard(COURSE, "open", 13, None, None)),
    "courses-card-waitlisted": lambda r: views.card_screen(
        r,
        CourseCard(COURSE, "full", 0, registration("waitlisted"), 2),
        views.register_note(r, RegisterOutcome("waitlisted", COURSE, position=2)),
    ),
    "courses-card-offered-from-my": lambda r: views.card_screen(
        r, CourseCard(COURSE, "full", 0, OFFERED, None), origin="my"
    ),
    "courses-card-confirmed-online": lambda r: views.card_screen(
        r, CourseCard(ONLINE, "open", 3, registration("confirmed", course_id=8), None)
    ),
    "courses-recommended": lambda r: views.recommended_screen(
        r, [Recommendation(COURSE, True), Recommendation(ONLINE, False)], PLACES
    ),
    "courses-recommended-none": lambda r: views.recommended_screen(r, [], PLACES),
    "courses-need-assessment": lambda r: views.need_assessment_screen(
        r, "courses-register-need-assessment", views.cb("view", COURSE.id)
    ),
    "courses-topics": lambda r: views.topics_screen(r, ["accounting", "ict"]),
    "courses-topic": lambda r: views.topic_screen(r, "accounting", [COURSE]),
    "courses-counties": lambda r: views.counties_screen(r, ["تهران", "ری", "شمیرانات"]),
    "courses-county-empty": lambda r: views.county_screen(r, "ری", []),
    "courses-cancel-confirm": lambda r: views.cancel_confirm_screen(r, COURSE, "my"),
}


@pytest.mark.parametrize("locale", ["fa", "en"])
@pytest.mark.parametrize("name", sorted(SCREENS))
def test_course_screens_match_their_snapshots(name, locale):
    screen: Screen = SCREENS[name](Lang(TRANSLATOR, locale))
    check(name, locale, screen)
    if locale == "fa":
        assert not re.search(r"[0-9]", screen.text), "Latin digits in a Persian screen"
    else:
        assert not re.search(r"[۰-۹]", screen.text)


def test_a_snapshot_differing_from_the_view_fails(tmp_path, monkeypatch):
    from tests.handlers.views import snapshots

    monkeypatch.setattr(snapshots, "SNAPSHOTS", tmp_path)
    screen = views.browse_screen(Lang(TRANSLATOR, "fa"))
    check("x", "fa", screen, update=True)
    (tmp_path / "x.fa.txt").write_text("something else\n", encoding="utf-8")
    with pytest.raises(AssertionError):
        check("x", "fa", screen, update=False)
