"""The screens of course management: pure functions of a Reader (translation, locale, digits) and
the models a service returned → a Screen (text and buttons). No I/O: the time, the places and
the course card are passed in (tests/handlers/views/ renders them in fa and en)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.chat import course_texts, keyboards
from bot.chat.callbacks import encode
from bot.chat.dialog import Screen
from bot.chat.reader import Reader
from bot.persian.jalali import (
    format_date,
    format_datetime,
)
from bot.services.course_admin import STEPS, AttendanceLine, Overview, Person
from bot.services.course_import import ImportReport
from bot.services.courses import Course, effective_status
from handlers.course_admin.texts import (
    LIST_KEYS,
    cb,
    field_label,
    separator,
)
from handlers.courses import COURSE_STATUS_KEYS, MY_STATUS_KEYS
from handlers.features import Feature

PER_PAGE = 8
MAX_PEOPLE = 40
Rows = list[list[keyboards.Button]]


def _noted(note: str, text: str) -> str:
    return f"{note}\n\n{text}" if note else text


def quit_rows(r: Reader) -> Rows:
    return [[(r.t("course-admin-quit"), cb("quit"))]]


def admin_menu_button(r: Reader) -> keyboards.Button:
    return (r.t("admin-back"), encode(Feature.ADMIN, "menu"))


# --- course lists and screens ---------------------------------------------------------------


def list_view(
    r: Reader, found: Sequence[Course], page: int, everything: bool, now: datetime
) -> Screen:
    pages = max(1, -(-len(found) // PER_PAGE))
    page = min(max(page, 0), pages - 1)
    rows: Rows = []
    for course in found[page * PER_PAGE : (page + 1) * PER_PAGE]:
        label = r.t(
            "course-admin-list-line",
            title=course.title(r.locale)[:40],
            start=format_date(course.start_date, r.locale),
            status=r.t(COURSE_STATUS_KEYS[effective_status(course, now)]),
        )
        rows.append([(label, cb("v", course.id))])
    flag = "all" if everything else "now"
    nav = []
    if page > 0:
        nav.append((r.t("course-admin-previous"), cb("list", page - 1, flag)))
    if page + 1 < pages:
        nav.append((r.t("course-admin-next"), cb("list", page + 1, flag)))
    if nav:
        rows.append(nav)
    toggle = "course-admin-show-current" if everything else "course-admin-show-all"
    rows.append([(r.t(toggle), cb("list", 0, "now" if everything else "all"))])
    rows.append([(r.t("admin-menu-add-course"), cb("new"))])
    rows.append([admin_menu_button(r)])
    key = "course-admin-list-title" if found else "course-admin-list-empty"
    return Screen(r.t(key, count=len(found), page=page + 1, pages=pages), keyboards.inline(rows))


def course_view(r: Reader, overview: Overview, card: str, note: str = "") -> Screen:
    """One course for staff: its card (as people see it, `card`), seats, counts and tools."""
    course = overview.course
    counts = [
        r.t("course-admin-count", name=r.t(MY_STATUS_KEYS[s]), count=n)
        for s, n in overview.counts.items()
    ]
    lines = [
        card,
        "",
        r.t(
            "course-admin-seats",
            taken=overview.seats_taken,
            capacity=course.capacity,
            left=overview.seats_left,
        ),
        r.t("course-admin-counts", counts="\n".join(counts) or "—"),
    ]
    rows: Rows = []
    if course.status != "cancelled":
        rows.append(
            [
                (r.t("course-admin-edit"), cb("e", course.id)),
                (r.t("course-admin-capacity"), cb("cap", course.id)),
            ]
        )
        toggle = (
            (r.t("course-admin-reopen"), cb("opn", course.id))
            if course.status == "closed"
            else (r.t("course-admin-close"), cb("cls", course.id))
        )
        rows.append([toggle, (r.t("course-admin-cancel"), cb("cx", course.id))])
    rows.append(
        [(r.t(LIST_KEYS[name]), cb("p", course.id, name)) for name in ("registrants", "waitlist")]
    )
    rows.append(
        [
            (r.t(LIST_KEYS["nominees"]), cb("p", course.id, "nominees")),
            (r.t("course-admin-attendance"), cb("att", course.id)),
        ]
    )
    rows.append([(r.t("course-admin-export"), cb("xp", course.id))])
    rows.append([(r.t("course-admin-back-list"), cb("list", 0))])
    return Screen(_noted(note, "\n".join(lines)), keyboards.inline(rows))


def people_view(r: Reader, course_id: int, listing: str, people: Sequence[Person]) -> Screen:
    lines = [r.t("course-admin-people-title", list=r.t(LIST_KEYS[listing]), count=len(people))]
    for n, p in enumerate(people[:MAX_PEOPLE], start=1):
        lines.append(
            r.t(
                "course-admin-person",
                n=n,
                name=p.name or f"#{r.digits(p.member_id)}",
                national_id=r.digits(p.national_id or "—"),
                mobile=r.digits(p.mobile or "—"),
                status=r.t(MY_STATUS_KEYS[p.status]),
                score=r.digits(f"{p.need_score:g}"),
            )
            + (r.t("course-admin-person-position", position=p.position) if p.position else "")
        )
    if len(people) > MAX_PEOPLE:
        lines.append(r.t("course-admin-people-more", count=len(people) - MAX_PEOPLE))
    rows = [
        [(r.t("course-admin-export"), cb("xp", course_id))],
        [(r.t("course-admin-back-course"), cb("v", course_id))],
    ]
    return Screen("\n".join(lines), keyboards.inline(rows))


def attendance_view(r: Reader, course_id: int, found: Sequence[AttendanceLine]) -> Screen:
    lines = [r.t("course-admin-attendance-title")]
    for line in found:
        lines.append(
            r.t(
                "course-admin-attendance-line",
                when=format_datetime(line.session_at, r.locale),
                coming=line.coming,
                absent=line.not_coming,
                names=("، " if r.locale == "fa" else ", ").join(line.names_not_coming) or "—",
            )
        )
    if not found:
        lines.append(r.t("course-admin-attendance-none"))
    rows = [[(r.t("course-admin-back-course"), cb("v", course_id))]]
    return Screen("\n".join(lines), keyboards.inline(rows))


def edit_menu_view(r: Reader, course: Course) -> Screen:
    fields = [(field_label(r, f), cb("f", course.id, f)) for f in STEPS if f != "capacity"]
    rows = keyboards.grid(fields, 3)
    rows.append([(r.t("course-admin-capacity"), cb("cap", course.id))])
    rows.append([(r.t("course-admin-back-course"), cb("v", course.id))])
    text = r.t("course-admin-edit-which", title=course.title(r.locale))
    return Screen(text, keyboards.inline(rows))


def cancel_ask_view(r: Reader, course: Course, active: int) -> Screen:
    rows = [
        [(r.t("course-admin-cancel-yes"), cb("cxy", course.id))],
        [(r.t("course-admin-back-course"), cb("v", course.id))],
    ]
    text = r.t("course-admin-cancel-ask", title=course.title(r.locale), count=active)
    return Screen(text, keyboards.inline(rows))


# --- XLSX: template and import ---------------------------------------------------------------


def template_help_view(r: Reader) -> Screen:
    rows = [[(r.t("admin-menu-import"), cb("imp"))], [admin_menu_button(r)]]
    return Screen(r.t("course-import-template-help"), keyboards.inline(rows))


def file_view(r: Reader) -> Screen:
    rows = [[(r.t("admin-menu-template"), cb("tpl"))], *quit_rows(r)]
    return Screen(r.t("course-import-send-file"), keyboards.inline(rows))


def report_view(r: Reader, report: ImportReport) -> Screen:
    """What an import did; after a successful one a way to the courses, else leave."""
    text = course_texts.import_report(r.t, report, separator(r))
    if report.imported:
        return Screen(text, keyboards.inline([[(r.t("admin-menu-courses"), cb("list", 0))]]))
    return Screen(text, keyboards.inline(quit_rows(r)))


def typed_view(r: Reader, key: str) -> Screen:
    """A step that only takes typed text (an existing course's capacity, a cancel reason)."""
    return Screen(r.t(key), keyboards.inline(quit_rows(r)))
