"""The questions of the course dialog: pure functions of a Reader, the draft, today's date and
the places → Screen (tests/handlers/views/ renders them in fa and en)."""

from __future__ import annotations

from datetime import date, timedelta

from bot.chat import keyboards
from bot.chat.course_texts import CHOICE_KEYS, sessions_display, value_display
from bot.chat.dialog import Screen
from bot.chat.reader import Reader
from bot.persian.jalali import WEEKDAYS_EN, format_date, format_date_numeric, format_weekday
from bot.questionnaire.places import Places
from bot.services.catalogue import parse_day
from bot.services.course_admin import CHOICES, OPTIONAL, STEPS
from bot.services.topics import topic_key
from handlers.course_admin.draft import CourseDraft
from handlers.course_admin.texts import ASK_KEYS, cb, field_label
from handlers.course_admin.views import Rows, quit_rows


def date_picks(field: str, draft: CourseDraft, today: date) -> list[date]:
    """Dates to pick instead of typing: the next Saturdays (the Jalali week starts on Saturday)
    for the start; 4, 8 or 12 weeks later for the end; a week, three days or a day before the
    start for the registration deadline."""
    start = None
    raw_start = draft.values.get("start")
    if raw_start:
        try:
            start = parse_day(raw_start)
        except ValueError:
            start = None
    if field == "start":
        first = today + timedelta(days=(5 - today.weekday()) % 7 or 7)
        return [first + timedelta(weeks=n) for n in range(4)]
    if start is None:
        return []
    if field == "end":
        return [start + timedelta(weeks=n, days=-1) for n in (4, 8, 12)]
    return [d for d in (start - timedelta(days=n) for n in (7, 3, 1)) if d > today]


def field_rows(r: Reader, field: str, draft: CourseDraft, today: date, places: Places) -> Rows:
    rows: Rows = []
    if field in CHOICES:
        labels = [
            (r.t(topic_key(v)) if field == "topic" else r.t(CHOICE_KEYS[v]), cb("ch", v))
            for v in CHOICES[field]
        ]
        rows += keyboards.grid(labels, 2)
    elif field == "province":
        rows += keyboards.grid([(p.name(r.locale), cb("pv", p.id)) for p in places.provinces], 3)
    elif field == "county" and draft.province_id:
        counties = places.counties(draft.province_id)
        rows += keyboards.grid([(c.name(r.locale), cb("ct", c.id)) for c in counties], 3)
    elif field == "sessions":
        days = [(format_weekday((i - 2) % 7, r.locale), cb("wd", (i - 2) % 7)) for i in range(7)]
        rows += keyboards.grid(days, 4)
        if draft.sessions:
            rows.append(
                [
                    (r.t("course-admin-sessions-done"), cb("sd")),
                    (r.t("course-admin-sessions-clear"), cb("sc")),
                ]
            )
    elif field in ("start", "end", "deadline"):
        picks = [
            (format_date(day, r.locale), cb("dt", f"{day:%Y%m%d}"))
            for day in date_picks(field, draft, today)
        ]
        rows += keyboards.grid(picks, 2)
    if field in OPTIONAL:
        rows.append([(r.t("course-admin-skip"), cb("skip"))])
    return rows + quit_rows(r)


def field_text(r: Reader, field: str, draft: CourseDraft, today: date) -> str:
    days = 90 if field == "end" else 20 if field == "deadline" else 30
    example = format_date_numeric(today + timedelta(days=days), r.locale)
    text = r.t(ASK_KEYS[field], example=example)
    if field == "sessions":
        so_far = r.t("course-admin-sessions-so-far", sessions=sessions_display(r, draft.sessions))
        text = f"{text}\n{so_far}"
    if draft.mode == "new":
        progress = r.t("course-admin-progress", step=STEPS.index(field) + 1, total=len(STEPS))
        text = f"{progress}\n{text}"
    elif draft.mode == "edit":
        current = value_display(r, field, draft.original.get(field))
        text = f"{text}\n{r.t('course-admin-current', value=current)}"
    return text


def field_view(r: Reader, field: str, draft: CourseDraft, today: date, places: Places) -> Screen:
    """The question of one course field, with its choices, date picks, skip and leave."""
    rows = field_rows(r, field, draft, today, places)
    return Screen(field_text(r, field, draft, today), keyboards.inline(rows))


def session_time_view(r: Reader, draft: CourseDraft) -> Screen:
    day = draft.day or ""
    weekday = (WEEKDAYS_EN.index(day) - 2) % 7 if day in WEEKDAYS_EN else 0
    text = r.t("course-admin-ask-session-time", weekday=format_weekday(weekday, r.locale))
    return Screen(text, keyboards.inline(quit_rows(r)))


def review_view(r: Reader, draft: CourseDraft) -> Screen:
    lines = [r.t("course-admin-review")]
    for field in STEPS:
        lines.append(f"{field_label(r, field)}: {value_display(r, field, draft.values.get(field))}")
    fixes = [(field_label(r, f), cb("fix", f)) for f in STEPS]
    rows = [[(r.t("course-admin-save"), cb("save"))], *keyboards.grid(fixes, 3), *quit_rows(r)]
    return Screen("\n".join(lines), keyboards.inline(rows))
