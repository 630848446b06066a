"""Staff manage courses in the chat: a guided add-course dialog (every field checked, Jalali
dates typed, weekly sessions by weekday and time), edit any field, capacity, close/reopen,
cancel; the people of a course (IDs masked) and their XLSX export; the XLSX template, import
and catalogue export.

Dialog state lives in the database (flow `course_admin`; the import waits in flow
`course_import` for the file). Callback data (`cad:...`, staff only, re-checked every press):
- `cad:list:<page>[:all]`, `cad:v:<course>`                          the courses, one course
- `cad:new`, `cad:ch:<value>`, `cad:pv:<province>`, `cad:ct:<county>`  the dialog's choices
- `cad:wd:<weekday>`, `cad:sd`, `cad:sc`, `cad:skip`, `cad:dt:<yyyymmdd>`   sessions, skip, dates
- `cad:save`, `cad:fix:<field>`, `cad:quit`                          review, fix a field, leave
- `cad:e:<course>`, `cad:f:<course>:<field>`, `cad:cap:<course>`     edit
- `cad:cls:<course>`, `cad:opn:<course>`, `cad:cx:<course>`, `cad:cxy:<course>`
- `cad:p:<course>:<list>`, `cad:att:<course>`, `cad:xp:<course>`     people, attendance, export
- `cad:tpl`, `cad:imp`, `cad:exp`                                    template, import, export
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler

from bot.chat import callbacks, course_texts, keyboards, sender
from bot.chat.context import CoopContext
from bot.chat.menu import Registry
from bot.chat.reading import Reader
from bot.chat.replies import answer, chat_id_of, pressed, reply, show, stale
from bot.core.i18n import format_number
from bot.persian.jalali import (
    WEEKDAYS_EN,
    format_date,
    format_date_numeric,
    format_datetime,
    format_weekday,
    jalali_weekday_index,
    tehran_today,
)
from bot.persian.normalize import looks_empty, normalize_text
from bot.services.catalogue import parse_day
from bot.services.course_admin import (
    CHOICES,
    LISTS,
    OPTIONAL,
    STEPS,
    CourseInvalid,
    Problem,
    raw_of,
)
from bot.services.course_import import MAX_BYTES, ImportReport
from bot.services.courses import effective_status
from bot.services.topics import topic_key
from handlers.authz import staff_only
from handlers.courses import COURSE_STATUS_KEYS, MY_STATUS_KEYS, card_text
from handlers.text_router import reason_problem, typed_text, unreadable_note
from storage.chat_states import ChatState

FEATURE = "cad"
FLOW = "course_admin"
IMPORT_FLOW = "course_import"
PER_PAGE = 8
MAX_PEOPLE = 40

ASK_KEYS = {
    "standard_code": "course-admin-ask-standard-code",  # i18n
    "title_fa": "course-admin-ask-title-fa",  # i18n
    "title_en": "course-admin-ask-title-en",  # i18n
    "topic": "course-admin-ask-topic",  # i18n
    "provider_kind": "course-admin-ask-provider-kind",  # i18n
    "provider_name": "course-admin-ask-provider-name",  # i18n
    "provider_address": "course-admin-ask-provider-address",  # i18n
    "provider_phone": "course-admin-ask-provider-phone",  # i18n
    "province": "course-admin-ask-province",  # i18n
    "county": "course-admin-ask-county",  # i18n
    "delivery_mode": "course-admin-ask-delivery-mode",  # i18n
    "start": "course-admin-ask-start",  # i18n
    "end": "course-admin-ask-end",  # i18n
    "sessions": "course-admin-ask-sessions",  # i18n
    "total_hours": "course-admin-ask-total-hours",  # i18n
    "capacity": "course-admin-ask-capacity",  # i18n
    "deadline": "course-admin-ask-deadline",  # i18n
}
# What a valid value looks like, shown when the typed one is not (field by field).
CHOICE_KEYS = course_texts.CHOICE_KEYS
LIST_KEYS = {
    "registrants": "course-admin-list-registrants",  # i18n
    "waitlist": "course-admin-list-waitlist",  # i18n
    "nominees": "course-admin-list-nominees",  # i18n
    "cancelled": "course-admin-list-cancelled",  # i18n
}
# Steps that only take typed text, and what they ask for.
TYPED_PROMPTS = {
    "set_capacity": "course-admin-ask-capacity",  # i18n
    "cancel_reason": "course-admin-cancel-reason",  # i18n
}
EDIT_RESULT_KEYS = {
    "changed": "course-admin-edit-changed",  # i18n
    "unchanged": "course-admin-edit-unchanged",  # i18n
    "not_found": "course-admin-not-found",  # i18n
    "cancelled": "course-admin-edit-cancelled",  # i18n
    "invalid": "course-admin-edit-invalid",  # i18n
    "below_taken": "course-admin-capacity-below-taken",  # i18n
    "deadline_passed": "course-admin-reopened-deadline-passed",  # i18n
}
STATUS_RESULT_KEYS = {
    "close": "course-admin-closed",  # i18n
    "reopen": "course-admin-reopened",  # i18n
}
EXPORT_HEADER_KEYS = {
    "row": "course-admin-col-row",  # i18n
    "name": "course-admin-col-name",  # i18n
    "national_id": "course-admin-col-national-id",  # i18n
    "mobile": "course-admin-col-mobile",  # i18n
    "cooperative": "course-admin-col-cooperative",  # i18n
    "status": "course-admin-col-status",  # i18n
    "score": "course-admin-col-score",  # i18n
    "date": "course-admin-col-date",  # i18n
    "sheet-registrants": "course-admin-list-registrants",  # i18n
    "sheet-waitlist": "course-admin-list-waitlist",  # i18n
    "sheet-nominees": "course-admin-list-nominees",  # i18n
    "sheet-cancelled": "course-admin-list-cancelled",  # i18n
}


def cb(action: str, *args: object) -> str:
    return callbacks.encode(FEATURE, action, *args)


def field_label(ctx: CoopContext, field: str) -> str:
    return course_texts.field_label(ctx.t, field)


def problem_text(ctx: CoopContext, problem: Problem) -> str:
    return course_texts.problem_text(ctx.t, problem)


def number(ctx: CoopContext, value: int) -> str:
    return format_number(value, ctx.locale)


def reader_of(ctx: CoopContext) -> Reader:
    return Reader(ctx.services.translator, ctx.locale)


def sessions_display(ctx: CoopContext, items: list[dict[str, str]] | None) -> str:
    return course_texts.sessions_display(reader_of(ctx), items)


def value_display(ctx: CoopContext, field: str, value: Any) -> str:
    return course_texts.value_display(reader_of(ctx), field, value)


def staff_id(ctx: CoopContext) -> int:
    return ctx.require_member().id


# --- course lists and screens ---------------------------------------------------------------


async def list_screen(update: Update, ctx: CoopContext, page: int, everything: bool) -> None:
    tools = ctx.services.admin.courses
    found = await tools.courses(include_past=everything)
    pages = max(1, -(-len(found) // PER_PAGE))
    page = min(max(page, 0), pages - 1)
    chosen = found[page * PER_PAGE : (page + 1) * PER_PAGE]
    now = ctx.services.clock.now()
    rows = []
    for course in chosen:
        status = ctx.t(COURSE_STATUS_KEYS[effective_status(course, now)])
        label = ctx.t(
            "course-admin-list-line",
            title=course.title(ctx.locale)[:40],
            start=format_date(course.start_date, ctx.locale),
            status=status,
        )
        rows.append([(label, cb("v", course.id))])
    flag = "all" if everything else "now"
    nav = []
    if page > 0:
        nav.append((ctx.t("course-admin-previous"), cb("list", page - 1, flag)))
    if page + 1 < pages:
        nav.append((ctx.t("course-admin-next"), cb("list", page + 1, flag)))
    if nav:
        rows.append(nav)
    toggle = "course-admin-show-current" if everything else "course-admin-show-all"
    rows.append([(ctx.t(toggle), cb("list", 0, "now" if everything else "all"))])
    rows.append([(ctx.t("admin-menu-add-course"), cb("new"))])
    rows.append([(ctx.t("admin-back"), callbacks.encode("adm", "menu"))])
    key = "course-admin-list-title" if found else "course-admin-list-empty"
    await show(
        update,
        ctx,
        ctx.t(key, count=len(found), page=page + 1, pages=pages),
        keyboards.inline(rows),
    )


async def course_screen(
    update: Update, ctx: CoopContext, course_id: int | None, note: str = ""
) -> None:
    tools = ctx.services.admin.courses
    overview = await tools.overview(course_id) if course_id is not None else None
    card = await ctx.services.courses.card(course_id, None) if overview is not None else None
    if overview is None or card is None:
        await list_screen(update, ctx, 0, False)
        return
    course = overview.course
    counts = [
        ctx.t("course-admin-count", name=ctx.t(MY_STATUS_KEYS[s]), count=n)
        for s, n in overview.counts.items()
    ]
    lines = [
        card_text(ctx, card),
        "",
        ctx.t(
            "course-admin-seats",
            taken=overview.seats_taken,
            capacity=course.capacity,
            left=overview.seats_left,
        ),
        ctx.t("course-admin-counts", counts="\n".join(counts) or "—"),
    ]
    rows = []
    if course.status != "cancelled":
        rows.append(
            [
                (ctx.t("course-admin-edit"), cb("e", course.id)),
                (ctx.t("course-admin-capacity"), cb("cap", course.id)),
            ]
        )
        toggle = (
            (ctx.t("course-admin-reopen"), cb("opn", course.id))
            if course.status == "closed"
            else (ctx.t("course-admin-close"), cb("cls", course.id))
        )
        rows.append([toggle, (ctx.t("course-admin-cancel"), cb("cx", course.id))])
    rows.append(
        [(ctx.t(LIST_KEYS[name]), cb("p", course.id, name)) for name in ("registrants", "waitlist")]
    )
    rows.append(
        [
            (ctx.t(LIST_KEYS["nominees"]), cb("p", course.id, "nominees")),
            (ctx.t("course-admin-attendance"), cb("att", course.id)),
        ]
    )
    rows.append([(ctx.t("course-admin-export"), cb("xp", course.id))])
    rows.append([(ctx.t("course-admin-back-list"), cb("list", 0))])
    text = "\n".join(lines)
    await show(update, ctx, f"{note}\n\n{text}" if note else text, keyboards.inline(rows))


async def people_screen(
    update: Update, ctx: CoopContext, course_id: int | None, listing: str | None
) -> None:
    if course_id is None or listing not in LISTS:
        await list_screen(update, ctx, 0, False)
        return
    tools = ctx.services.admin.courses
    people = await tools.people(course_id, listing)  # type: ignore[arg-type]
    lines = [ctx.t("course-admin-people-title", list=ctx.t(LIST_KEYS[listing]), count=len(people))]
    for number_, p in enumerate(people[:MAX_PEOPLE], start=1):
        lines.append(
            ctx.t(
                "course-admin-person",
                n=number_,
                name=p.name or f"#{ctx.digits(p.member_id)}",
                national_id=ctx.digits(p.national_id or "—"),
                mobile=ctx.digits(p.mobile or "—"),
                status=ctx.t(MY_STATUS_KEYS[p.status]),
                score=ctx.digits(f"{p.need_score:g}"),
            )
            + (ctx.t("course-admin-person-position", position=p.position) if p.position else "")
        )
    if len(people) > MAX_PEOPLE:
        lines.append(ctx.t("course-admin-people-more", count=len(people) - MAX_PEOPLE))
    rows = [
        [(ctx.t("course-admin-export"), cb("xp", course_id))],
        [(ctx.t("course-admin-back-course"), cb("v", course_id))],
    ]
    await show(update, ctx, "\n".join(lines), keyboards.inline(rows))


async def attendance_screen(update: Update, ctx: CoopContext, course_id: int | None) -> None:
    if course_id is None:
        await list_screen(update, ctx, 0, False)
        return
    lines = [ctx.t("course-admin-attendance-title")]
    for line in await ctx.services.admin.courses.attendance(course_id):
        lines.append(
            ctx.t(
                "course-admin-attendance-line",
                when=format_datetime(line.session_at, ctx.locale),
                coming=line.coming,
                absent=line.not_coming,
                names=("، " if ctx.locale == "fa" else ", ").join(line.names_not_coming) or "—",
            )
        )
    if len(lines) == 1:
        lines.append(ctx.t("course-admin-attendance-none"))
    rows = [[(ctx.t("course-admin-back-course"), cb("v", course_id))]]
    await show(update, ctx, "\n".join(lines), keyboards.inline(rows))


async def export_people(update: Update, ctx: CoopContext, course_id: int | None) -> None:
    if course_id is None:
        return
    headers = {name: ctx.t(key) for name, key in EXPORT_HEADER_KEYS.items()}
    headers["rtl"] = "yes" if ctx.locale == "fa" else "no"
    made = await ctx.services.admin.courses.export_people(
        ctx.require_member(),
        course_id,
        headers=headers,
        status_label=lambda status: ctx.t(MY_STATUS_KEYS[status]),
    )
    if made is None:
        await list_screen(update, ctx, 0, False)
        return
    name, data = made
    await sender.send_document(
        ctx.bot, chat_id_of(update), data, name, ctx.t("course-admin-export-caption")
    )


# --- the add / edit dialog --------------------------------------------------------------------


def progress(ctx: CoopContext, field: str) -> str:
    return ctx.t("course-admin-progress", step=STEPS.index(field) + 1, total=len(STEPS))


def example_date(ctx: CoopContext, days: int) -> str:
    today = tehran_today(ctx.services.clock.now())
    return format_date_numeric(today + timedelta(days=days), ctx.locale)


def step_keyboard(
    ctx: CoopContext, field: str, data: dict[str, Any]
) -> list[list[tuple[str, str]]]:
    rows: list[list[tuple[str, str]]] = []
    if field in CHOICES:
        labels = [
            (ctx.t(topic_key(v)) if field == "topic" else ctx.t(CHOICE_KEYS[v]), cb("ch", v))
            for v in CHOICES[field]
        ]
        rows += keyboards.grid(labels, 2)
    elif field == "province":
        places = ctx.services.assessment.questionnaire.places
        rows += keyboards.grid([(p.name(ctx.locale), cb("pv", p.id)) for p in places.provinces], 3)
    elif field == "county" and data.get("province_id"):
        places = ctx.services.assessment.questionnaire.places
        counties = places.counties(data["province_id"])
        rows += keyboards.grid([(c.name(ctx.locale), cb("ct", c.id)) for c in counties], 3)
    elif field == "sessions":
        days = [(format_weekday((i - 2) % 7, ctx.locale), cb("wd", (i - 2) % 7)) for i in range(7)]
        rows += keyboards.grid(days, 4)
        if data.get("draft", {}).get("sessions"):
            rows.append(
                [
                    (ctx.t("course-admin-sessions-done"), cb("sd")),
                    (ctx.t("course-admin-sessions-clear"), cb("sc")),
                ]
            )
    elif field in ("start", "end", "deadline"):
        picks = [
            (format_date(day, ctx.locale), cb("dt", f"{day:%Y%m%d}"))
            for day in date_picks(ctx, field, data)
        ]
        rows += keyboards.grid(picks, 2)
    if field in OPTIONAL:
        rows.append([(ctx.t("course-admin-skip"), cb("skip"))])
    rows.append([(ctx.t("course-admin-quit"), cb("quit"))])
    return rows


def date_picks(ctx: CoopContext, field: str, data: dict[str, Any]) -> list[date]:
    """Dates to pick instead of typing: the next Saturdays (the Jalali week starts on Saturday)
    for the start; 4, 8 or 12 weeks later for the end; a week, three days or a day before the
    start for the registration deadline."""
    today = tehran_today(ctx.services.clock.now())
    start = None
    raw_start = data.get("draft", {}).get("start")
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


def prompt_text(ctx: CoopContext, field: str, data: dict[str, Any]) -> str:
    args: dict[str, Any] = {"example": example_date(ctx, 30 if field != "deadline" else 20)}
    if field == "end":
        args["example"] = example_date(ctx, 90)
    text = ctx.t(ASK_KEYS[field], **args)
    if field == "sessions":
        chosen = data.get("draft", {}).get("sessions") or []
        so_far = ctx.t("course-admin-sessions-so-far", sessions=sessions_display(ctx, chosen))
        text = f"{text}\n{so_far}"
    if data.get("mode") == "new":
        text = f"{progress(ctx, field)}\n{text}"
    elif data.get("mode") == "edit":
        current = value_display(ctx, field, data.get("original", {}).get(field))
        text = f"{text}\n{ctx.t('course-admin-current', value=current)}"
    return text


async def ask(
    update: Update, ctx: CoopContext, field: str, data: dict[str, Any], note: str = ""
) -> None:
    await ctx.services.chat_state.set(staff_id(ctx), FLOW, field, data)
    text = prompt_text(ctx, field, data)
    if note:
        text = f"{note}\n\n{text}"
    await show(update, ctx, text, keyboards.inline(step_keyboard(ctx, field, data)))


async def ask_time(update: Update, ctx: CoopContext, data: dict[str, Any], note: str = "") -> None:
    await ctx.services.chat_state.set(staff_id(ctx), FLOW, "session_time", data)
    day = data.get("day", "")
    weekday = (WEEKDAYS_EN.index(day) - 2) % 7 if day in WEEKDAYS_EN else 0
    text = ctx.t("course-admin-ask-session-time", weekday=format_weekday(weekday, ctx.locale))
    if note:
        text = f"{note}\n\n{text}"
    await show(update, ctx, text, keyboards.inline([[(ctx.t("course-admin-quit"), cb("quit"))]]))


async def review(update: Update, ctx: CoopContext, data: dict[str, Any], note: str = "") -> None:
    await ctx.services.chat_state.set(staff_id(ctx), FLOW, "review", data)
    draft = data.get("draft", {})
    lines = [ctx.t("course-admin-review")]
    for field in STEPS:
        lines.append(f"{field_label(ctx, field)}: {value_display(ctx, field, draft.get(field))}")
    fixes = [(field_label(ctx, f), cb("fix", f)) for f in STEPS]
    rows = [[(ctx.t("course-admin-save"), cb("save"))], *keyboards.grid(fixes, 3)]
    rows.append([(ctx.t("course-admin-quit"), cb("quit"))])
    text = "\n".join(lines)
    await show(update, ctx, f"{note}\n\n{text}" if note else text, keyboards.inline(rows))


async def accepted(
    update: Update, ctx: CoopContext, data: dict[str, Any], field: str, value: Any
) -> None:
    """A valid answer: store it, then the next step (new), the review (fixing) or save (edit)."""
    if data.get("mode") == "edit":
        await apply_edit(update, ctx, data, {field: value})
        return
    data.setdefault("draft", {})[field] = value
    if data.pop("fixing", False):
        await review(update, ctx, data)
        return
    index = STEPS.index(field)
    if index + 1 < len(STEPS):
        await ask(update, ctx, STEPS[index + 1], data)
    else:
        await review(update, ctx, data)


def edit_note(ctx: CoopContext, outcome) -> str:
    note = ctx.t(EDIT_RESULT_KEYS[outcome.result], taken=outcome.taken)
    if outcome.offered:
        note = f"{note}\n{ctx.t('course-admin-offers-sent', count=outcome.offered)}"
    return note


async def apply_edit(
    update: Update, ctx: CoopContext, data: dict[str, Any], changes: dict[str, Any]
) -> None:
    member = ctx.require_member()
    course_id = data.get("course_id")
    await ctx.services.chat_state.clear(member.id, FLOW)
    outcome = await ctx.services.admin.courses.edit(member, course_id, changes)
    note = edit_note(ctx, outcome)
    if outcome.problems:
        note = "\n".join([note, *(problem_text(ctx, p) for p in outcome.problems)])
    await course_screen(update, ctx, course_id, note)


async def answer_typed(update: Update, ctx: CoopContext, state: ChatState, text: str) -> None:
    data = dict(state.data or {})
    step = state.step or ""
    tools = ctx.services.admin.courses
    member = ctx.require_member()
    if step == "set_capacity":
        await ctx.services.chat_state.clear(member.id, FLOW)
        outcome = await tools.set_capacity(member, data.get("course_id"), text)
        note = edit_note(ctx, outcome)
        if outcome.result in ("invalid", "below_taken"):  # wrong: the same question again
            await ctx.services.chat_state.set(member.id, FLOW, "set_capacity", data)
            if outcome.result == "invalid":
                note = problem_text(ctx, outcome.problems[0])
            note = f"{note}\n{ctx.t('course-admin-ask-capacity')}"
            await reply(
                update, ctx, note, keyboards.inline([[(ctx.t("course-admin-quit"), cb("quit"))]])
            )
            return
        await course_screen(update, ctx, data.get("course_id"), note)
        return
    if step == "cancel_reason":
        reason_note = reason_problem(ctx, text)
        if reason_note is not None:
            await resume(update, ctx, state, reason_note)
            return
        await ctx.services.chat_state.clear(member.id, FLOW)
        affected = await tools.cancel(member, data.get("course_id"), normalize_text(text))
        key = "course-admin-cancelled" if affected is not None else "course-admin-edit-cancelled"
        await course_screen(update, ctx, data.get("course_id"), ctx.t(key, count=affected or 0))
        return
    if step == "session_time":
        day = data.get("day", "")
        value, problem = tools.check("sessions", f"{day} {text}")
        if problem is not None:
            await ask_time(update, ctx, data, problem_text(ctx, problem))
            return
        draft = data.setdefault("draft", {})
        draft["sessions"] = [*(draft.get("sessions") or []), *value]
        data.pop("day", None)
        await ask(update, ctx, "sessions", data, ctx.t("course-admin-session-added"))
        return
    if step == "review":
        await review(update, ctx, data, ctx.t("course-admin-use-buttons"))
        return
    if step not in STEPS:
        await ctx.services.chat_state.clear(member.id, FLOW)
        await list_screen(update, ctx, 0, False)
        return
    if step in CHOICES:
        await ask(update, ctx, step, data, ctx.t("course-admin-use-buttons"))
        return
    draft = data.get("draft", {})
    value, problem = tools.check(step, text, draft, new=data.get("mode") == "new")
    if problem is not None:
        await ask(update, ctx, step, data, problem_text(ctx, problem))
        return
    if step == "province":
        data.pop("province_id", None)
    await accepted(update, ctx, data, step, value)


@staff_only
async def on_text(update: Update, ctx: CoopContext, state: ChatState) -> None:
    """Any message in the dialog (routed by handlers/text_router): a readable text is an answer;
    anything else gets the current step again with a note, and nothing changes."""
    text = typed_text(update.effective_message)
    if text is None or looks_empty(text):
        await resume(update, ctx, state, unreadable_note(ctx, text))
        return
    await answer_typed(update, ctx, state, text)


async def on_dialog_button(update: Update, ctx: CoopContext, data: callbacks.Callback) -> None:
    """A button of the dialog: valid only for the step the person is at now. An old button (of
    an earlier step, or of a dialog already left) or forged data is answered as no longer active
    and changes nothing; within the dialog the current step is shown again."""
    query = update.callback_query
    member = ctx.require_member()
    state = await ctx.services.chat_state.get(member.id)
    if state is None or state.flow != FLOW:
        await stale(update, ctx)
        return
    values = dict(state.data or {})
    step = state.step or ""
    action, arg = data.action, data.arg(0)
    tools = ctx.services.admin.courses
    places = ctx.services.assessment.questionnaire.places
    province = places.province(arg) if action == "pv" and step == "province" else None
    county = places.county(values.get("province_id"), arg) if step == "county" else None
    weekday = data.int_arg(0) if action == "wd" and step == "sessions" else None
    sessions = values.get("draft", {}).get("sessions")
    if action == "ch" and step in CHOICES and arg in CHOICES[step]:
        await answer(query)
        await accepted(update, ctx, values, step, arg)
    elif province is not None:
        await answer(query)
        values["province_id"] = province.id
        await accepted(update, ctx, values, "province", province.fa)
    elif action == "ct" and county is not None:
        await answer(query)
        if county.id == "other":
            await ask(update, ctx, step, values, ctx.t("course-admin-type-county"))
            return
        await accepted(update, ctx, values, "county", county.fa)
    elif weekday is not None and 0 <= weekday <= 6:
        await answer(query)
        values["day"] = WEEKDAYS_EN[jalali_weekday_index(weekday)]
        await ask_time(update, ctx, values)
    elif action == "sd" and step == "sessions" and sessions:
        await answer(query)
        value, problem = tools.check("sessions", sessions)
        if problem is not None:
            await ask(update, ctx, step, values, problem_text(ctx, problem))
            return
        await accepted(update, ctx, values, "sessions", value)
    elif action == "sc" and step == "sessions":
        await answer(query)
        values.setdefault("draft", {})["sessions"] = []
        await ask(update, ctx, step, values)
    elif action == "skip" and step in OPTIONAL:
        await answer(query)
        await accepted(update, ctx, values, step, "")
    elif action == "fix" and step == "review" and arg in STEPS:
        await answer(query)
        values["fixing"] = True
        if arg == "sessions":
            values.setdefault("draft", {})["sessions"] = []
        await ask(update, ctx, arg, values)
    elif action == "dt" and step in ("start", "end", "deadline") and picked(arg):
        await answer(query)
        await answer_typed(update, ctx, state, format_date_numeric(picked(arg), "en"))
    elif action == "save" and step == "review":
        await answer(query)
        await save(update, ctx, values)
    else:  # an old button of an earlier step, or forged: say so, show the current step again
        await stale(update, ctx)
        await resume(update, ctx, state)


def picked(text: str | None) -> date | None:
    """`20251206` -> a date (None for anything else)."""
    if not text or len(text) != 8 or not text.isascii() or not text.isdigit():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


async def resume(update: Update, ctx: CoopContext, state: ChatState, note: str = "") -> None:
    """The current step again (after an old button or a message it cannot take)."""
    values = dict(state.data or {})
    step = state.step or ""
    if step == "review":
        await review(update, ctx, values, note)
    elif step == "session_time":
        await ask_time(update, ctx, values, note)
    elif step in STEPS:
        await ask(update, ctx, step, values, note)
    elif step in TYPED_PROMPTS:
        text = ctx.t(TYPED_PROMPTS[step])
        quit_row = keyboards.inline([[(ctx.t("course-admin-quit"), cb("quit"))]])
        await show(update, ctx, f"{note}\n\n{text}" if note else text, quit_row)
    else:
        await show(update, ctx, ctx.t("course-admin-type-answer"))


async def save(update: Update, ctx: CoopContext, values: dict[str, Any]) -> None:
    member = ctx.require_member()
    try:
        course = await ctx.services.admin.courses.create(member, values.get("draft", {}))
    except CourseInvalid as exc:
        notes = "\n".join(problem_text(ctx, p) for p in exc.problems)
        await review(update, ctx, values, notes)
        return
    await ctx.services.chat_state.clear(member.id, FLOW)
    await course_screen(update, ctx, course.id, ctx.t("course-admin-saved"))


async def start_new(update: Update, ctx: CoopContext) -> None:
    await ask(update, ctx, STEPS[0], {"mode": "new", "draft": {}})


async def edit_menu(update: Update, ctx: CoopContext, course_id: int | None) -> None:
    course = await ctx.services.courses.find(course_id) if course_id is not None else None
    if course is None:
        await list_screen(update, ctx, 0, False)
        return
    fields = [(field_label(ctx, f), cb("f", course.id, f)) for f in STEPS if f != "capacity"]
    rows = keyboards.grid(fields, 3)
    rows.append([(ctx.t("course-admin-capacity"), cb("cap", course.id))])
    rows.append([(ctx.t("course-admin-back-course"), cb("v", course.id))])
    await show(
        update,
        ctx,
        ctx.t("course-admin-edit-which", title=course.title(ctx.locale)),
        keyboards.inline(rows),
    )


async def start_edit(
    update: Update, ctx: CoopContext, course_id: int | None, field: str | None
) -> None:
    course = await ctx.services.courses.find(course_id) if course_id is not None else None
    if course is None or field not in STEPS or course.status == "cancelled":
        await course_screen(update, ctx, course_id)
        return
    original = raw_of(course)
    data: dict[str, Any] = {
        "mode": "edit",
        "course_id": course.id,
        "original": original,
        "draft": {},
    }
    if field == "capacity":
        await ctx.services.chat_state.set(staff_id(ctx), FLOW, "set_capacity", data)
        await show(
            update,
            ctx,
            ctx.t("course-admin-ask-capacity"),
            keyboards.inline([[(ctx.t("course-admin-quit"), cb("quit"))]]),
        )
        return
    data["draft"] = {k: v for k, v in original.items() if k != "sessions"}
    places = ctx.services.assessment.questionnaire.places
    province = next((p for p in places.provinces if p.fa == original["province"]), None)
    if province is not None:
        data["province_id"] = province.id
    await ask(update, ctx, field, data)


async def quit_dialog(update: Update, ctx: CoopContext) -> None:
    """«Leave»: the dialog (or the waiting import) ends; of a dialog already left, the button is
    no longer active."""
    member = ctx.require_member()
    state = await ctx.services.chat_state.get(member.id)
    if state is None or state.flow not in (FLOW, IMPORT_FLOW):
        await stale(update, ctx)
        return
    await answer(update.callback_query)
    await ctx.services.chat_state.clear(member.id, FLOW)
    await ctx.services.chat_state.clear(member.id, IMPORT_FLOW)
    course_id = (state.data or {}).get("course_id") if state is not None else None
    if course_id:
        await course_screen(update, ctx, course_id, ctx.t("course-admin-left"))
    else:
        await list_screen(update, ctx, 0, False)


# --- status changes ------------------------------------------------------------------------------


async def change_status(
    update: Update, ctx: CoopContext, course_id: int | None, action: str
) -> None:
    if course_id is None:
        return
    tools = ctx.services.admin.courses
    member = ctx.require_member()
    outcome = await (
        tools.close(member, course_id) if action == "cls" else tools.reopen(member, course_id)
    )
    if outcome.result == "changed":
        note = ctx.t(STATUS_RESULT_KEYS["close" if action == "cls" else "reopen"])
    else:
        note = ctx.t(EDIT_RESULT_KEYS[outcome.result], taken=0)
    await course_screen(update, ctx, course_id, note)


async def ask_cancel(update: Update, ctx: CoopContext, course_id: int | None) -> None:
    course = await ctx.services.courses.find(course_id) if course_id is not None else None
    if course is None or course.status == "cancelled":
        await course_screen(update, ctx, course_id)
        return
    active = await ctx.services.admin.courses.active_registrations(course.id)
    rows = [
        [(ctx.t("course-admin-cancel-yes"), cb("cxy", course.id))],
        [(ctx.t("course-admin-back-course"), cb("v", course.id))],
    ]
    text = ctx.t("course-admin-cancel-ask", title=course.title(ctx.locale), count=active)
    await show(update, ctx, text, keyboards.inline(rows))


async def ask_cancel_reason(update: Update, ctx: CoopContext, course_id: int | None) -> None:
    course = await ctx.services.courses.find(course_id) if course_id is not None else None
    if course is None or course.status == "cancelled":  # cancelled meanwhile: nothing to ask
        await course_screen(update, ctx, course_id)
        return
    await ctx.services.chat_state.set(
        staff_id(ctx), FLOW, "cancel_reason", {"course_id": course_id}
    )
    await show(
        update,
        ctx,
        ctx.t("course-admin-cancel-reason"),
        keyboards.inline([[(ctx.t("course-admin-quit"), cb("quit"))]]),
    )


async def ask_capacity(update: Update, ctx: CoopContext, course_id: int | None) -> None:
    await start_edit(update, ctx, course_id, "capacity")


# --- XLSX: template, import, export --------------------------------------------------------------


async def send_template(update: Update, ctx: CoopContext) -> None:
    name, data = ctx.services.admin.imports.template(lambda key: ctx.t(key), rtl=ctx.locale == "fa")
    await sender.send_document(
        ctx.bot, chat_id_of(update), data, name, ctx.t("course-import-template-caption")
    )
    markup = keyboards.inline(
        [
            [(ctx.t("admin-menu-import"), cb("imp"))],
            [(ctx.t("admin-back"), callbacks.encode("adm", "menu"))],
        ]
    )
    await reply(update, ctx, ctx.t("course-import-template-help"), markup)


async def ask_file(update: Update, ctx: CoopContext) -> None:
    await ctx.services.chat_state.set(staff_id(ctx), IMPORT_FLOW, "file")
    markup = keyboards.inline(
        [[(ctx.t("admin-menu-template"), cb("tpl"))], [(ctx.t("course-admin-quit"), cb("quit"))]]
    )
    await show(update, ctx, ctx.t("course-import-send-file"), markup)


async def send_catalogue(update: Update, ctx: CoopContext) -> None:
    name, data = await ctx.services.admin.imports.export(
        ctx.require_member(), lambda key: ctx.t(key), rtl=ctx.locale == "fa"
    )
    await sender.send_document(
        ctx.bot, chat_id_of(update), data, name, ctx.t("course-import-export-caption")
    )


def report_text(ctx: CoopContext, report: ImportReport) -> str:
    return course_texts.import_report(ctx.t, report, "؛ " if ctx.locale == "fa" else "; ")


@staff_only
async def on_import_message(update: Update, ctx: CoopContext, state: ChatState) -> None:
    """While the import waits: a document is the filled template; anything else gets a hint."""
    message = update.effective_message
    document = message.document if isinstance(message, Message) else None
    markup = keyboards.inline([[(ctx.t("course-admin-quit"), cb("quit"))]])
    if document is None:  # ask again; nothing changes
        note = f"{ctx.t('flow-not-text')}\n{ctx.t('course-import-send-file')}"
        await reply(update, ctx, note, markup)
        return
    name = (document.file_name or "").lower()
    if not name.endswith((".xlsx", ".xlsm")):
        await reply(
            update, ctx, ctx.t("course-admin-problem-not-xlsx", field="", detail=""), markup
        )
        return
    if (document.file_size or 0) > MAX_BYTES:  # not even downloaded
        too_big = ctx.t("course-admin-problem-too-big", detail=MAX_BYTES // (1024 * 1024))
        await reply(update, ctx, too_big, markup)
        return
    try:
        file = await ctx.bot.get_file(document.file_id)
        data = bytes(await file.download_as_bytearray())
    except TelegramError:
        await reply(update, ctx, ctx.t("course-import-download-failed"), markup)
        return
    report = await ctx.services.admin.imports.import_xlsx(ctx.require_member(), data)
    if report.imported:
        await ctx.services.chat_state.clear(ctx.require_member().id, IMPORT_FLOW)
        done = keyboards.inline([[(ctx.t("admin-menu-courses"), cb("list", 0))]])
        await reply(update, ctx, report_text(ctx, report), done)
        return
    await reply(update, ctx, report_text(ctx, report), markup)


# --- dispatch --------------------------------------------------------------------------------

DIALOG_ACTIONS = frozenset({"ch", "pv", "ct", "wd", "sd", "sc", "skip", "fix", "save", "dt"})
COURSE_ACTIONS = frozenset({"v", "e", "f", "cap", "cls", "opn", "cx", "cxy", "p", "att", "xp"})
OTHER_ACTIONS = COURSE_ACTIONS | {"list", "new", "quit", "tpl", "imp", "exp"}


@staff_only
async def on_callback(update: Update, ctx: CoopContext) -> None:
    query = update.callback_query
    data = await pressed(update, ctx, *DIALOG_ACTIONS, *OTHER_ACTIONS)
    if data is None:
        return
    if data.action in DIALOG_ACTIONS:  # answered there: valid only at the current step
        await on_dialog_button(update, ctx, data)
        return
    if data.action == "quit":  # answered there: only while a dialog is open
        await quit_dialog(update, ctx)
        return
    action = data.action
    course_id = data.int_arg(0)
    if action in COURSE_ACTIONS and (
        course_id is None or await ctx.services.courses.find(course_id) is None
    ):  # a course that is not there (any more): nothing to show or change
        await stale(update, ctx)
        return
    await answer(query)
    if action == "list":
        await list_screen(update, ctx, course_id or 0, data.arg(1) == "all")
    elif action == "v":
        await course_screen(update, ctx, course_id)
    elif action == "new":
        await start_new(update, ctx)
    elif action == "e":
        await edit_menu(update, ctx, course_id)
    elif action == "f":
        await start_edit(update, ctx, course_id, data.arg(1))
    elif action == "cap":
        await ask_capacity(update, ctx, course_id)
    elif action in ("cls", "opn"):
        await change_status(update, ctx, course_id, action)
    elif action == "cx":
        await ask_cancel(update, ctx, course_id)
    elif action == "cxy":
        await ask_cancel_reason(update, ctx, course_id)
    elif action == "p":
        await people_screen(update, ctx, course_id, data.arg(1))
    elif action == "att":
        await attendance_screen(update, ctx, course_id)
    elif action == "xp":
        await export_people(update, ctx, course_id)
    elif action == "tpl":
        await send_template(update, ctx)
    elif action == "imp":
        await ask_file(update, ctx)
    elif action == "exp":
        await send_catalogue(update, ctx)
    else:
        await list_screen(update, ctx, 0, False)


def register(app: Application, registry: Registry) -> None:
    registry.add_flow(FLOW, on_text)
    registry.add_flow(IMPORT_FLOW, on_import_message)
    app.add_handler(CallbackQueryHandler(on_callback, pattern=callbacks.pattern(FEATURE)))
