"""The /broadcast screens: pure functions of the reader's words (`Words`) and the models, giving a
text and its buttons. Nothing here reads the database or sends; handlers/broadcast/screens.py
gathers what a screen needs and shows it.

Callback data `bc:<action>:<broadcast id>[:<arg>]` (handlers/broadcast/texts.py).
"""

from __future__ import annotations

from datetime import date, datetime, time

from bot.chat import keyboards
from bot.chat.dialog import Screen
from bot.persian.jalali import format_date_numeric, format_datetime, format_time
from bot.services.broadcast import COURSE_GROUPS, TEMPLATES, Broadcast
from bot.services.courses import Course
from bot.services.topics import TOPICS, topic_key
from handlers.broadcast.texts import GROUP_KEYS, Words, audience_lines, cb, list_cb, mark

COURSES_PER_PAGE = 8


def back_or_quit(w: Words, b: Broadcast) -> tuple[str, str]:
    """A draft can be dropped; a scheduled broadcast goes back to its page in /broadcasts."""
    if b.status == "scheduled":
        return w("broadcast-btn-back"), list_cb("open", b.id)
    return w("broadcast-quit"), cb("quit", b.id)


def back(w: Words, b: Broadcast) -> list[tuple[str, str]]:
    return [(w("broadcast-btn-back"), cb("aud", b.id))]


def compose(w: Words) -> Screen:
    rows = [[(w(label), cb("tpl", 0, template))] for template, (label, _) in TEMPLATES.items()]
    rows.append([(w("broadcast-quit"), cb("quit", 0))])
    return Screen(w("broadcast-compose"), keyboards.inline(rows))


def audience(
    w: Words, b: Broadcast, course: Course | None, count: int, by_platform: dict[str, int]
) -> Screen:
    """Who gets it: the filters in words, the count, notes on messengers, toggle buttons."""
    a = b.audience
    lines = [w("broadcast-audience-title", id=b.id)]
    lines += [f"• {line}" for line in audience_lines(w, a, course)]
    lines.append(w("broadcast-audience-count", count=count))
    if b.kind != "template":
        for platform, n in by_platform.items():
            if platform == b.platform or not n:
                continue
            key = "broadcast-media-one-platform" if b.only_platform else "broadcast-relay-note"
            lines.append(w(key, count=n, platform=w.platform(platform)))
    lines.append(w("broadcast-audience-blocked-note"))
    rows = [
        [(w("broadcast-btn-platform", value=w.platform(a.platform)), cb("plat", b.id))],
        [
            (mark(bool(a.coop_kinds), w("broadcast-btn-kinds")), cb("kinds", b.id)),
            (mark(bool(a.province), w("broadcast-btn-place")), cb("prov", b.id)),
        ],
        [
            (mark(a.course_id is not None, w("broadcast-btn-course")), cb("crs", b.id, 0)),
            (mark(bool(a.topics), w("broadcast-btn-topics")), cb("tops", b.id)),
        ],
        [
            (mark(a.unfinished_assessment, w("broadcast-btn-unfinished")), cb("unf", b.id)),
            (
                mark(bool(a.registered_since or a.registered_before), w("broadcast-btn-range")),
                cb("rng", b.id),
            ),
        ],
    ]
    if not a.is_everyone():
        rows.append([(w("broadcast-btn-clear"), cb("clr", b.id))])
    rows.append(
        [
            (w("broadcast-btn-preview"), cb("prev", b.id)),
            (w("broadcast-btn-next"), cb("next", b.id)),
        ]
    )
    rows.append([back_or_quit(w, b)])
    return Screen("\n".join(lines), keyboards.inline(rows))


def kinds(w: Words, b: Broadcast) -> Screen:
    chosen = b.audience.coop_kinds
    buttons = [(mark(k in chosen, label), cb("kind", b.id, k)) for k, label in w.coop_kinds()]
    rows = [*keyboards.grid(buttons, 2), back(w, b)]
    return Screen(w("broadcast-kinds-title"), keyboards.inline(rows))


def provinces(w: Words, b: Broadcast, found: list[tuple[str, int]]) -> Screen:
    """`found`: (province, members there) of the provinces members named."""
    if not found:
        return Screen(w("broadcast-place-none"), keyboards.inline([back(w, b)]))
    current = b.audience.province
    buttons = [
        (mark(p == current, f"{w.place(p)} ({w.digits(n)})"), cb("pv", b.id, p)) for p, n in found
    ]
    rows = [*keyboards.grid(buttons, 2), [(w("broadcast-place-any"), cb("pv", b.id, "-"))]]
    rows.append(back(w, b))
    return Screen(w("broadcast-place-title"), keyboards.inline(rows))


def counties(w: Words, b: Broadcast, province: str, found: list[tuple[str, int]]) -> Screen:
    current = b.audience.county
    buttons = [
        (mark(c == current, f"{w.county(province, c)} ({w.digits(n)})"), cb("ct", b.id, c))
        for c, n in found
    ]
    rows = [*keyboards.grid(buttons, 2), [(w("broadcast-county-any"), cb("ct", b.id, "-"))]]
    rows.append(back(w, b))
    text = w("broadcast-county-title", province=w.place(province))
    return Screen(text, keyboards.inline(rows))


def courses(w: Words, b: Broadcast, found: list[Course], page: int) -> Screen:
    """One page of the courses (`page` is kept within the pages there are)."""
    if not found:
        return Screen(w("broadcast-course-none"), keyboards.inline([back(w, b)]))
    pages = max(1, -(-len(found) // COURSES_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    chunk = found[page * COURSES_PER_PAGE : (page + 1) * COURSES_PER_PAGE]
    rows = [
        [(mark(c.id == b.audience.course_id, c.title(w.locale)), cb("cs", b.id, c.id))]
        for c in chunk
    ]
    nav = []
    if page > 0:
        nav.append(("«", cb("crs", b.id, page - 1)))
    if page < pages - 1:
        nav.append(("»", cb("crs", b.id, page + 1)))
    if nav:
        rows.append(nav)
    rows.append([(w("broadcast-course-any"), cb("cs", b.id, "-"))])
    rows.append(back(w, b))
    return Screen(w("broadcast-course-title"), keyboards.inline(rows))


def groups(w: Words, b: Broadcast, course: Course | None) -> Screen:
    title = course.title(w.locale) if course else ""
    chosen = b.audience.course_groups
    rows = [[(mark(g in chosen, w(GROUP_KEYS[g])), cb("grp", b.id, g))] for g in COURSE_GROUPS]
    rows.append(back(w, b))
    return Screen(w("broadcast-course-groups", title=title), keyboards.inline(rows))


def topics(w: Words, b: Broadcast) -> Screen:
    chosen = b.audience.topics
    buttons = [(mark(t in chosen, w(topic_key(t))), cb("tp", b.id, t)) for t in TOPICS]
    rows = [*keyboards.grid(buttons, 2), back(w, b)]
    return Screen(w("broadcast-topics-title"), keyboards.inline(rows))


def ranges(w: Words, b: Broadcast) -> Screen:
    rows = [
        [
            (w("broadcast-range-7"), cb("rg", b.id, 7)),
            (w("broadcast-range-30"), cb("rg", b.id, 30)),
        ],
        [(w("broadcast-range-type"), cb("rg", b.id, "type"))],
        [(w("broadcast-range-clear"), cb("rg", b.id, "clear"))],
        back(w, b),
    ]
    return Screen(w("broadcast-range-title"), keyboards.inline(rows))


def confirm(
    w: Words, b: Broadcast, course: Course | None, count: int, quiet: tuple[time, time]
) -> Screen:
    """Ready to go: the count, the audience, urgency (quiet hours `quiet`), send or schedule."""
    hours = {"start": format_time(quiet[0], w.locale), "end": format_time(quiet[1], w.locale)}
    lines = [w("broadcast-confirm", id=b.id, count=count)]
    lines += [f"• {line}" for line in audience_lines(w, b.audience, course)]
    lines.append(
        w("broadcast-confirm-urgent-on" if b.urgent else "broadcast-confirm-urgent-off", **hours)
    )
    if b.status == "scheduled" and b.scheduled_at is not None:
        lines.append(
            w("broadcast-confirm-scheduled", when=format_datetime(b.scheduled_at, w.locale))
        )
    rows = []
    if count == 0:
        lines.append(w("broadcast-confirm-empty"))
    else:
        rows.append(
            [
                (w("broadcast-btn-now"), cb("now", b.id)),
                (w("broadcast-btn-schedule"), cb("sch", b.id)),
            ]
        )
        urgent = w("broadcast-btn-urgent-on" if b.urgent else "broadcast-btn-urgent-off")
        rows.append([(urgent, cb("urg", b.id))])
    rows.append(back(w, b))
    rows.append([back_or_quit(w, b)])
    return Screen("\n".join(lines), keyboards.inline(rows))


def schedule_example(w: Words, tomorrow: date) -> str:
    """Tomorrow at 10:30 as a person types it («۱۴۰۴/۰۸/۲۶ ساعت ۱۰:۳۰»): always in the future."""
    date_text = format_date_numeric(tomorrow, w.locale)
    return w("broadcast-schedule-example", date=date_text, time=w.digits("10:30"))


def scheduled(w: Words, b: Broadcast, at: datetime, count: int, starts: datetime) -> str:
    """Scheduled for `at`; `starts`: when it really goes out (after quiet hours)."""
    lines = [w("broadcast-scheduled", id=b.id, when=format_datetime(at, w.locale), count=count)]
    if starts != at:
        lines.append(w("broadcast-scheduled-quiet", when=format_datetime(starts, w.locale)))
    return "\n".join(lines)
