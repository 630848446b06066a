"""The broadcast screens (handlers/broadcast/views.py for /broadcast, list_views.py for
/broadcasts) in Persian and English for fixed models, compared with snapshot files
(tests/handlers/views/snapshots/broadcast-*; to write them again: UPDATE_SNAPSHOTS=1). Persian
screens show Persian digits and Jalali dates."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.background.broadcast_progress import progress_text
from bot.chat.dialog import Screen
from bot.chat.reader import Lang
from bot.core.i18n import Translator
from bot.questionnaire import load_questionnaire
from bot.services.broadcast import Audience, Broadcast, Progress
from handlers.broadcast import list_views, views
from handlers.broadcast.texts import Words
from storage.courses import Course
from tests.handlers.views.snapshots import check, render
from tests.handlers.views.test_course_admin_views import course

NOW = datetime(2025, 11, 16, 6, 0, tzinfo=UTC)  # 1404-08-25 09:30 Tehran
TOMORROW = date(2025, 11, 17)  # 1404-08-26
TRANSLATOR = Translator()
QUESTIONNAIRE = load_questionnaire()
QUIET = (time(22, 0), time(8, 0))
BODY = "جلسهٔ توجیهی دوره‌های حسابداری تعاونی‌ها فردا ساعت ۱۰ در سالن اجتماعات برگزار می‌شود."


def broadcast(broadcast_id: int = 1, **changes: object) -> Broadcast:
    fields: dict[str, object] = {
        "id": broadcast_id,
        "created_by": 1,
        "platform": "telegram",
        "source_chat_id": 9001,
        "source_message_id": 40,
        "kind": "text",
        "body": BODY,
        "template": None,
        "audience": Audience(),
        "audience_size": None,
        "status": "draft",
        "urgent": False,
        "scheduled_at": None,
        "started_at": None,
        "stopped_at": None,
        "finished_at": None,
        "stopped_by": None,
        "enqueue_cursor": 0,
        "enqueue_done": False,
        "enqueued": 0,
        "status_chat_id": None,
        "status_message_id": None,
        "created_at": NOW,
        "updated_at": NOW,
    }
    return Broadcast.model_validate({**fields, **changes})


def progress(b: Broadcast, **counts: object) -> Progress:
    values: dict[str, object] = {
        "total": 120,
        "sent": 45,
        "blocked": 3,
        "failed": 2,
        "cancelled": 0,
        "expired": 0,
        "uncertain": 0,
        "open": 70,
        "reasons": (("Forbidden: bot was blocked by the user", 3),),
        "rate": 5.0,
        "eta_seconds": 840.0,
        "quiet_until": None,
    }
    return Progress(broadcast=b, **{**values, **counts})  # type: ignore[arg-type]


COURSE: Course = course()
COURSES = [course(i, title_fa=f"دورهٔ شمارهٔ {i}", title_en=f"Course {i}") for i in range(1, 11)]
FILTERED = Audience(
    platform="telegram",
    coop_kinds=("production", "housing"),
    province="tehran",
    county="rey",
    course_id=COURSE.id,
    course_groups=("registrants", "waitlist"),
    topics=("accounting", "coop_law"),
    unfinished_assessment=True,
    registered_since=datetime(2025, 10, 22, 20, 30, tzinfo=UTC),  # 1 Aban 1404, Tehran
    registered_before=datetime(2025, 11, 20, 20, 30, tzinfo=UTC),  # after 29 Aban 1404
)
DRAFT = broadcast()
CHOSEN = broadcast(audience=FILTERED)
SCHEDULED = broadcast(
    2,
    kind="photo",
    body="",
    status="scheduled",
    urgent=True,
    scheduled_at=datetime(2025, 11, 17, 19, 30, tzinfo=UTC),  # 26 Aban 1404, 23:00
    audience=Audience(topics=("accounting",)),
)
TEMPLATE = broadcast(3, kind="template", body=None, template="assessment")
SENDING = broadcast(4, status="sending", started_at=NOW, audience=Audience(platform="bale"))
DONE = broadcast(
    5,
    status="done",
    started_at=NOW,
    finished_at=NOW + timedelta(minutes=25),
    audience=Audience(course_id=COURSE.id),
)
BY_PLATFORM = {"telegram": 1230, "bale": 45}

SCREENS: dict[str, Callable[[Words], Screen]] = {
    "compose": views.compose,
    "audience": lambda w: views.audience(w, DRAFT, None, 1275, BY_PLATFORM),
    "audience-filtered": lambda w: views.audience(w, CHOSEN, COURSE, 17, {"telegram": 17}),
    "audience-photo-scheduled": lambda w: views.audience(w, SCHEDULED, None, 80, BY_PLATFORM),
    "audience-template": lambda w: views.audience(w, TEMPLATE, None, 1275, {}),
    "kinds": lambda w: views.kinds(w, CHOSEN),
    "provinces": lambda w: views.provinces(w, CHOSEN, [("tehran", 900), ("east_azerbaijan", 12)]),
    "provinces-none": lambda w: views.provinces(w, DRAFT, []),
    "counties": lambda w: views.counties(w, CHOSEN, "tehran", [("tehran", 700), ("rey", 150)]),
    "courses-first-page": lambda w: views.courses(w, DRAFT, COURSES, 0),
    "courses-last-page": lambda w: views.courses(w, CHOSEN, COURSES, 5),
    "courses-none": lambda w: views.courses(w, DRAFT, [], 0),
    "groups": lambda w: views.groups(w, CHOSEN, COURSE),
    "topics": lambda w: views.topics(w, CHOSEN),
    "ranges": lambda w: views.ranges(w, CHOSEN),
    "confirm": lambda w: views.confirm(w, CHOSEN, COURSE, 17, QUIET),
    "confirm-scheduled": lambda w: views.confirm(w, SCHEDULED, None, 80, QUIET),
    "confirm-nobody": lambda w: views.confirm(w, DRAFT, None, 0, QUIET),
    "schedule-example": lambda w: Screen(views.schedule_example(w, TOMORROW)),
    "scheduled-after-quiet-hours": lambda w: Screen(
        views.scheduled(
            w,
            SCHEDULED,
            datetime(2025, 11, 17, 19, 30, tzinfo=UTC),
            80,
            datetime(2025, 11, 18, 4, 30, tzinfo=UTC),
        )
    ),
    "list": lambda w: list_views.listing(
        w, [DONE, SENDING, TEMPLATE, SCHEDULED, *[broadcast(i) for i in range(6, 11)]], 0
    ),
    "list-empty": lambda w: list_views.listing(w, [], 0),
    "detail-scheduled": lambda w: detail_of(w, progress(SCHEDULED, total=80), None),
    "detail-sending": lambda w: detail_of(w, progress(SENDING), None),
    "detail-done": lambda w: detail_of(
        w, progress(DONE, sent=115, open=0, eta_seconds=None, rate=None), COURSE
    ),
    "cancel-question": lambda w: list_views.cancel_question(w, SCHEDULED),
    "cancelled": lambda w: list_views.cancelled(w, 2),
}
LATIN_DIGIT = re.compile("[0-9]")


def words(locale: str) -> Words:
    return Words(Lang(TRANSLATOR, locale), QUESTIONNAIRE)


def detail_of(w: Words, p: Progress, course: Course | None) -> Screen:
    """The /broadcasts page of a broadcast, with its report as the status message reads."""
    return list_views.detail(w, p, course, progress_text(TRANSLATOR, w.locale, p))


@pytest.mark.parametrize("locale", ["fa", "en"])
@pytest.mark.parametrize("name", sorted(SCREENS))
def test_screen_matches_its_snapshot(name: str, locale: str) -> None:
    rendered = check(f"broadcast-{name}", locale, SCREENS[name](words(locale)))
    if locale == "fa":  # what a person reads (the callback data after → are not shown)
        shown = [line.split(" → ")[0] for line in re.split(r"\n| \| ", rendered)]
        assert not [line for line in shown if LATIN_DIGIT.search(line)]


@pytest.mark.parametrize(
    ("name", "jalali"),
    [
        ("audience-filtered", "از ۱ آبان ۱۴۰۴ تا ۲۹ آبان ۱۴۰۴"),
        ("confirm-scheduled", "۲۶ آبان ۱۴۰۴، ساعت ۲۳:۰۰"),
        ("schedule-example", "۱۴۰۴/۰۸/۲۶ ساعت ۱۰:۳۰"),
        ("scheduled-after-quiet-hours", "۲۷ آبان ۱۴۰۴، ساعت ۰۸:۰۰"),
        ("detail-done", "۲۵ آبان ۱۴۰۴"),
    ],
)
def test_persian_screens_show_jalali_dates(name: str, jalali: str) -> None:
    assert jalali in render(SCREENS[name](words("fa")))


def test_buttons_keep_the_callback_data_old_messages_carry() -> None:
    rendered = render(views.audience(words("en"), CHOSEN, COURSE, 17, {}))
    for data in ("bc:plat:1", "bc:kinds:1", "bc:prov:1", "bc:crs:1:0", "bc:tops:1", "bc:unf:1"):
        assert f"→ {data}\n" in rendered or f"→ {data} |" in rendered, data
    detail = render(detail_of(words("en"), progress(SCHEDULED), None))
    assert "→ bc:sch:2" in detail and "→ bc:aud:2" in detail and "→ bcs:cancel:2" in detail


def test_a_changed_view_fails_its_snapshot() -> None:
    screen = SCREENS["confirm"](words("fa"))
    changed = Screen(screen.text.replace("۱۷", "۱۸"), screen.markup)
    with pytest.raises(AssertionError, match="differs"):
        check("broadcast-confirm", "fa", changed, update=False)
