"""The course screens: pure functions of a Reader (translation, locale, digits) and the models a
service returned → text or a Screen. No I/O (tests/handlers/views renders them in fa and en)."""

from __future__ import annotations

from datetime import datetime

from bot.chat import callbacks, keyboards
from bot.chat.dialog import Screen
from bot.chat.reader import Reader
from bot.persian.jalali import (
    format_date,
    format_datetime,
    format_deadline,
    format_time,
    format_weekday,
)
from bot.questionnaire.places import Places
from bot.services.courses import Course, CourseCard, Recommendation
from bot.services.registration import CANCELLABLE, RegisterOutcome
from bot.services.topics import topic_key
from handlers.courses.texts import (
    COURSE_STATUS_KEYS,
    FROM_MY,
    MAX_LISTED,
    MY_STATUS_KEYS,
    PROVIDER_KEYS,
    REGISTER_KEYS,
    cb,
)
from handlers.features import Feature


def noted(note: str, text: str) -> str:
    return f"{note}\n\n{text}" if note else text


def sessions_text(r: Reader, course: Course) -> str:
    parts = [
        r.t(
            "courses-session",
            weekday=format_weekday(s.weekday, r.locale),
            start=format_time(s.start, r.locale),
            end=format_time(s.end, r.locale),
        )
        for s in course.sessions
    ]
    return ("؛ " if r.locale == "fa" else "; ").join(parts)


def deadline_text(r: Reader, deadline: datetime) -> str:
    """A registration deadline: the day alone when it is a whole day, else with its time."""
    return format_deadline(deadline, r.locale)


def card_text(r: Reader, card: CourseCard) -> str:
    course = card.course
    if course.delivery_mode == "online":
        place = r.t("courses-place-online")
    else:
        place = "، ".join(p for p in (course.provider_name, course.provider_address) if p)
    lines = [
        r.t(
            "courses-card",
            title=course.title(r.locale),
            code=r.digits(course.standard_code),
            topic=r.t(topic_key(course.topic)),
            provider=course.provider_name,
            kind=r.t(PROVIDER_KEYS[course.provider_kind]),
            place=place,
            phone=r.digits(course.provider_phone or "—"),
            county=course.county,
            province=course.province,
            start=format_date(course.start_date, r.locale),
            end=format_date(course.end_date, r.locale),
            sessions=sessions_text(r, course),
            hours=course.total_hours,
            deadline=deadline_text(r, course.registration_deadline),
            status=r.t(COURSE_STATUS_KEYS[card.status]),
            seats=card.seats_left,
            capacity=course.capacity,
        )
    ]
    registration = card.registration
    if registration is not None:
        lines.append(r.t("courses-card-mine", mine=r.t(MY_STATUS_KEYS[registration.status])))
        if card.waitlist_position is not None:
            lines.append(r.t("courses-card-position", position=card.waitlist_position))
        if registration.status == "offered" and registration.offer_deadline is not None:
            deadline = format_datetime(registration.offer_deadline, r.locale)
            lines.append(r.t("courses-card-offer", deadline=deadline))
    return "\n".join(lines)


def back_from_card(origin: str | None) -> str:
    return callbacks.encode(Feature.MY_COURSES, "list") if origin == FROM_MY else cb("menu")


def card_buttons(
    r: Reader, card: CourseCard, origin: str | None = None
) -> keyboards.InlineKeyboardMarkup:
    course = card.course
    trail = (FROM_MY,) if origin == FROM_MY else ()
    rows: list[list[keyboards.Button]] = []
    registration = card.registration
    if card.can_register:
        rows.append([(r.t("courses-button-register"), cb("reg", course.id))])
    if registration is not None and registration.status == "offered":
        rows.append(
            [
                (r.t("courses-offer-accept"), cb("acc", registration.id)),
                (r.t("courses-offer-decline"), cb("dec", registration.id)),
            ]
        )
    if registration is not None and registration.status == "confirmed":
        rows.append([(r.t("courses-ics-button"), cb("ics", course.id))])
    if (
        registration is not None
        and registration.status in CANCELLABLE
        and card.status != "started"
        and registration.status != "offered"
    ):
        rows.append([(r.t("courses-button-cancel"), cb("can", course.id, *trail))])
    rows.append([(r.t("courses-button-back"), back_from_card(origin))])
    return keyboards.inline(rows)


def course_list(
    r: Reader, courses: list[Course], back: str, notes: dict[int, str] | None = None
) -> keyboards.InlineKeyboardMarkup:
    """One button per course (title — start date), with a course's note after it if any."""
    notes = notes or {}
    rows = [
        [
            (
                " — ".join(
                    p
                    for p in (
                        c.title(r.locale),
                        format_date(c.start_date, r.locale),
                        notes.get(c.id),
                    )
                    if p
                ),
                cb("view", c.id),
            )
        ]
        for c in courses[:MAX_LISTED]
    ]
    rows.append([(r.t("courses-button-back"), back)])
    return keyboards.inline(rows)


def browse_menu(r: Reader) -> keyboards.InlineKeyboardMarkup:
    return keyboards.inline(
        [
            [(r.t("courses-button-recommended"), cb("rec"))],
            [
                (r.t("courses-button-by-topic"), cb("topics")),
                (r.t("courses-button-by-county"), cb("counties")),
            ],
            [(r.t("courses-button-my-courses"), callbacks.encode(Feature.MY_COURSES, "list"))],
            [(r.t("courses-button-main-menu"), callbacks.encode(Feature.MAIN_MENU, "main"))],
        ]
    )


# --- screens -------------------------------------------------------------------------------------


def browse_screen(r: Reader, note: str = "") -> Screen:
    return Screen(noted(note, r.t("courses-browse-title")), browse_menu(r))


def not_found_screen(r: Reader) -> Screen:
    return Screen(r.t("courses-not-found"), browse_menu(r))


def card_screen(r: Reader, card: CourseCard, note: str = "", origin: str | None = None) -> Screen:
    return Screen(noted(note, card_text(r, card)), card_buttons(r, card, origin))


def need_assessment_screen(r: Reader, text_key: str, back: str) -> Screen:
    """Recommendations and registration wait for the assessment (or its consent)."""
    rows = [
        [(r.t("courses-button-assessment"), callbacks.encode(Feature.ASSESSMENT, "start"))],
        [(r.t("courses-button-back"), back)],
    ]
    return Screen(r.t(text_key), keyboards.inline(rows))


def recommended_screen(r: Reader, found: list[Recommendation], places: Places) -> Screen:
    text = r.t("courses-list-recommended") if found else r.t("courses-list-empty")
    notes = {
        rec.course.id: r.t(
            "courses-elsewhere", province=places.province_name(rec.course.province, r.locale)
        )
        for rec in found
        if rec.elsewhere
    }
    if notes:
        text = f"{text}\n{r.t('courses-list-elsewhere')}"
    courses = [rec.course for rec in found]
    return Screen(text, course_list(r, courses, cb("menu"), notes))


def topics_screen(r: Reader, available: list[str]) -> Screen:
    buttons = [(r.t(topic_key(t)), cb("topic", t)) for t in available]
    rows = [*keyboards.grid(buttons, 1), [(r.t("courses-button-back"), cb("menu"))]]
    text = r.t("courses-choose-topic") if available else r.t("courses-list-empty")
    return Screen(text, keyboards.inline(rows))


def topic_screen(r: Reader, topic: str, found: list[Course]) -> Screen:
    text = (
        r.t("courses-list-topic", topic=r.t(topic_key(topic)))
        if found
        else r.t("courses-list-empty")
    )
    return Screen(text, course_list(r, found, cb("topics")))


def counties_screen(r: Reader, available: list[str]) -> Screen:
    buttons = [(name, cb("county", i)) for i, name in enumerate(available)]
    rows = [*keyboards.grid(buttons, 2), [(r.t("courses-button-back"), cb("menu"))]]
    text = r.t("courses-choose-county") if available else r.t("courses-list-empty")
    return Screen(text, keyboards.inline(rows))


def county_screen(r: Reader, county: str, found: list[Course]) -> Screen:
    text = r.t("courses-list-county", county=county) if found else r.t("courses-list-empty")
    return Screen(text, course_list(r, found, cb("counties")))


def register_note(r: Reader, outcome: RegisterOutcome) -> str:
    """What a registration came to, above the course card."""
    if outcome.result == "waitlisted":
        note = r.t("courses-register-waitlisted", position=outcome.position or 1)
    else:
        note = r.t(REGISTER_KEYS[outcome.result])
    if outcome.overlaps:
        titles = "»، «".join(c.title(r.locale) for c in outcome.overlaps)
        note = f"{note}\n{r.t('courses-overlap-warning', titles=titles)}"
    return note


def cancel_confirm_screen(r: Reader, course: Course, origin: str | None = None) -> Screen:
    trail = (FROM_MY,) if origin == FROM_MY else ()
    markup = keyboards.inline(
        [
            [(r.t("courses-button-cancel-yes"), cb("canok", course.id, *trail))],
            [(r.t("courses-button-back"), cb("view", course.id, *trail))],
        ]
    )
    return Screen(r.t("courses-cancel-confirm", title=course.title(r.locale)), markup)
