"""The course dialog on the dialog kit (bot/chat/dialog.py): adding a course field by field,
editing one field, an existing course's capacity, the reason of a cancellation (flow
`course_admin`). The import waiting for its file is imports.py.

Each step is a row of a table: its screen (views.py), what it does with typed text, and its
buttons. A button of another step or a forged one is answered as no longer active and the
current step is shown again; the role is read from the database at every message and press."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.chat import dialog as kit
from bot.chat.callbacks import Callback
from bot.chat.context import CoopContext
from bot.chat.replies import reply
from bot.persian.jalali import WEEKDAYS_EN, format_date_numeric, jalali_weekday_index, tehran_today
from bot.persian.normalize import normalize_text
from bot.questionnaire.places import Places
from bot.services.course_admin import CHOICES, OPTIONAL, STEPS, CourseInvalid, EditOutcome
from handlers.authz import refuse, reread
from handlers.course_admin import questions, views
from handlers.course_admin.actions import course_screen, list_screen
from handlers.course_admin.draft import FIELD_STEPS, At, CourseDraft
from handlers.course_admin.texts import EDIT_RESULT_KEYS, problem_text
from handlers.features import Flow
from handlers.text_router import reason_problem

Turn = kit.Turn[At, CourseDraft]


def today(ctx: CoopContext) -> date:
    return tehran_today(ctx.services.clock.now())


def places(ctx: CoopContext) -> Places:
    return ctx.services.assessment.questionnaire.places


# --- screens of the steps --------------------------------------------------------------------


def field_screen(turn: Turn) -> kit.Screen:
    return questions.field_view(
        turn.ctx, turn.step.value, turn.draft, today(turn.ctx), places(turn.ctx)
    )


def session_time_screen(turn: Turn) -> kit.Screen:
    return questions.session_time_view(turn.ctx, turn.draft)


def review_screen(turn: Turn) -> kit.Screen:
    return questions.review_view(turn.ctx, turn.draft)


def capacity_screen(turn: Turn) -> kit.Screen:
    return views.typed_view(turn.ctx, "course-admin-ask-capacity")


def reason_screen(turn: Turn) -> kit.Screen:
    return views.typed_view(turn.ctx, "course-admin-cancel-reason")


# --- answers ---------------------------------------------------------------------------------


async def accepted(turn: Turn, field: str, value: Any, draft: CourseDraft | None = None) -> None:
    """A valid answer: the next step (new), the review (fixing) or saved at once (edit)."""
    draft = draft or turn.draft
    if draft.mode == "edit":
        await turn.leave()
        outcome = await turn.ctx.services.admin.courses.edit(
            turn.ctx.require_member(), draft.course_id, {field: value}
        )
        note = "\n".join([edit_note(turn.ctx, outcome), *problems_of(turn.ctx, outcome)])
        await course_screen(turn.update, turn.ctx, draft.course_id, note)
        return
    fixing = draft.fixing
    draft = draft.with_value(field, value, fixing=False)
    if fixing:
        await turn.goto(At.REVIEW, draft)
        return
    index = STEPS.index(field)
    await turn.goto(FIELD_STEPS[index + 1] if index + 1 < len(STEPS) else At.REVIEW, draft)


def edit_note(ctx: CoopContext, outcome: EditOutcome) -> str:
    note = ctx.t(EDIT_RESULT_KEYS[outcome.result], taken=outcome.taken)
    if outcome.offered:
        note = f"{note}\n{ctx.t('course-admin-offers-sent', count=outcome.offered)}"
    return note


def problems_of(ctx: CoopContext, outcome: EditOutcome) -> list[str]:
    return [problem_text(ctx, p) for p in outcome.problems]


async def typed_field(turn: Turn, text: str) -> None:
    field = turn.step.value
    tools = turn.ctx.services.admin.courses
    value, problem = tools.check(field, text, turn.draft.values, new=turn.draft.mode == "new")
    if problem is not None:
        await turn.again(problem_text(turn.ctx, problem))
        return
    draft = turn.draft.model_copy(update={"province_id": None}) if field == "province" else None
    await accepted(turn, field, value, draft)


async def typed_time(turn: Turn, text: str) -> None:
    tools = turn.ctx.services.admin.courses
    value, problem = tools.check("sessions", f"{turn.draft.day or ''} {text}")
    if problem is not None:
        await turn.again(problem_text(turn.ctx, problem))
        return
    draft = turn.draft.with_value("sessions", [*turn.draft.sessions, *value], day=None)
    await turn.goto(At.SESSIONS, draft, turn.ctx.t("course-admin-session-added"))


async def typed_capacity(turn: Turn, text: str) -> None:
    ctx = turn.ctx
    course_id = turn.draft.course_id
    outcome = await ctx.services.admin.courses.set_capacity(ctx.require_member(), course_id, text)
    note = edit_note(ctx, outcome)
    if outcome.result in ("invalid", "below_taken"):  # wrong: the same question again
        if outcome.result == "invalid":
            note = problem_text(ctx, outcome.problems[0])
        screen = capacity_screen(turn)
        await reply(turn.update, ctx, f"{note}\n{screen.text}", screen.markup)
        return
    await turn.leave()
    await course_screen(turn.update, ctx, course_id, note)


async def typed_reason(turn: Turn, text: str) -> None:
    ctx = turn.ctx
    problem = reason_problem(ctx, text)
    if problem is not None:
        await turn.again(problem)
        return
    await turn.leave()
    course_id = turn.draft.course_id
    affected = await ctx.services.admin.courses.cancel(
        ctx.require_member(), course_id, normalize_text(text)
    )
    key = "course-admin-cancelled" if affected is not None else "course-admin-edit-cancelled"
    await course_screen(turn.update, ctx, course_id, ctx.t(key, count=affected or 0))


# --- buttons (their data are user input: checked against the step) ---------------------------


async def chose(turn: Turn, data: Callback) -> None:
    value = data.arg(0)
    if value not in CHOICES.get(turn.step.value, ()):
        await turn.stale()
        return
    await accepted(turn, turn.step.value, value)


async def chose_province(turn: Turn, data: Callback) -> None:
    province = places(turn.ctx).province(data.arg(0))
    if province is None:
        await turn.stale()
        return
    draft = turn.draft.model_copy(update={"province_id": province.id})
    await accepted(turn, "province", province.fa, draft)


async def chose_county(turn: Turn, data: Callback) -> None:
    county = places(turn.ctx).county(turn.draft.province_id, data.arg(0))
    if county is None:
        await turn.stale()
    elif county.id == "other":
        await turn.again(turn.ctx.t("course-admin-type-county"))
    else:
        await accepted(turn, "county", county.fa)


async def chose_weekday(turn: Turn, data: Callback) -> None:
    weekday = data.int_arg(0)
    if weekday is None or weekday > 6:
        await turn.stale()
        return
    day = WEEKDAYS_EN[jalali_weekday_index(weekday)]
    await turn.goto(At.SESSION_TIME, turn.draft.model_copy(update={"day": day}))


async def sessions_done(turn: Turn, data: Callback) -> None:
    if not turn.draft.sessions:
        await turn.stale()
        return
    value, problem = turn.ctx.services.admin.courses.check("sessions", turn.draft.sessions)
    if problem is not None:
        await turn.again(problem_text(turn.ctx, problem))
        return
    await accepted(turn, "sessions", value)


async def sessions_clear(turn: Turn, data: Callback) -> None:
    await turn.again(draft=turn.draft.with_value("sessions", []))


async def skip(turn: Turn, data: Callback) -> None:
    await accepted(turn, turn.step.value, "")


async def picked_date(turn: Turn, data: Callback) -> None:
    day = picked(data.arg(0))
    if day is None:
        await turn.stale()
        return
    await typed_field(turn, format_date_numeric(day, "en"))


def picked(text: str | None) -> date | None:
    """`20251206` -> a date (None for anything else)."""
    if not text or len(text) != 8 or not text.isascii() or not text.isdigit():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


async def fix(turn: Turn, data: Callback) -> None:
    field = data.arg(0)
    if field not in STEPS:
        await turn.stale()
        return
    draft = turn.draft.model_copy(update={"fixing": True})
    if field == "sessions":
        draft = draft.with_value("sessions", [])
    await turn.goto(At(field), draft)


async def save(turn: Turn, data: Callback) -> None:
    ctx = turn.ctx
    try:
        course = await ctx.services.admin.courses.create(ctx.require_member(), turn.draft.values)
    except CourseInvalid as exc:
        await turn.again("\n".join(problem_text(ctx, p) for p in exc.problems))
        return
    await turn.leave()
    await course_screen(turn.update, ctx, course.id, ctx.t("course-admin-saved"))


async def leave(turn: kit.Turn[Any, Any], data: Callback) -> None:
    """«Leave», at any step of either flow: back to the course, or to the list."""
    course_id = getattr(turn.draft, "course_id", None)
    await turn.leave()
    if course_id:
        await course_screen(turn.update, turn.ctx, course_id, turn.ctx.t("course-admin-left"))
    else:
        await list_screen(turn.update, turn.ctx, 0, False)


def field_step(field: At) -> kit.Step[At, CourseDraft]:
    buttons: dict[str, kit.ButtonHandler[At, CourseDraft]] = {}
    if field in CHOICES:
        buttons["ch"] = chose
    elif field == At.PROVINCE:
        buttons["pv"] = chose_province
    elif field == At.COUNTY:
        buttons["ct"] = chose_county
    elif field == At.SESSIONS:
        buttons |= {"wd": chose_weekday, "sd": sessions_done, "sc": sessions_clear}
    elif field in (At.START, At.END, At.DEADLINE):
        buttons["dt"] = picked_date
    if field in OPTIONAL:
        buttons["skip"] = skip
    typed = None if field in CHOICES else typed_field  # a choice is made with its buttons
    return kit.Step(field_screen, on_text=typed, buttons=buttons)


COURSE_FLOW: kit.Flow[At, CourseDraft] = kit.Flow(
    name=Flow.COURSE_ADMIN,
    steps=At,
    draft=CourseDraft,
    role="staff",
    table={
        **{field: field_step(field) for field in FIELD_STEPS},
        At.SESSION_TIME: kit.Step(session_time_screen, on_text=typed_time),
        At.REVIEW: kit.Step(review_screen, buttons={"save": save, "fix": fix}),
        At.SET_CAPACITY: kit.Step(capacity_screen, on_text=typed_capacity),
        At.CANCEL_REASON: kit.Step(reason_screen, on_text=typed_reason),
    },
    buttons={"quit": leave},
)
COURSE_DIALOG = kit.Dialog(COURSE_FLOW, reread=reread, refuse=refuse)
