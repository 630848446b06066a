"""/courses: browse (recommended for me, by topic, by county), the course card, register, cancel,
waitlist offers and the .ics of a confirmed course.

Callback data (`crs:...`, re-checked against the database on every press):
- `crs:menu`, `crs:rec`, `crs:topics`, `crs:topic:<topic>`, `crs:counties`, `crs:county:<i>`
- `crs:view:<course>`, `crs:reg:<course>`, `crs:can:<course>`, `crs:canok:<course>`
- `crs:acc:<registration>` / `crs:dec:<registration>`  (offer buttons, also sent by the ledger)
- `crs:ics:<course>`
"""

from __future__ import annotations

import logging
from datetime import datetime

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.chat import callbacks, keyboards, sender
from bot.chat.context import CoopContext
from bot.chat.menu import Command, MenuEntry, Registry
from bot.chat.replies import answer, chat_id_of, show, stale
from bot.persian.jalali import (
    format_date,
    format_datetime,
    format_deadline,
    format_time,
    format_weekday,
)
from bot.services.courses import Course, CourseCard
from bot.services.registration import CANCELLABLE
from bot.services.topics import TOPICS, topic_key

log = logging.getLogger(__name__)

FEATURE = "crs"
MAX_LISTED = 20

COURSE_STATUS_KEYS = {
    "open": "courses-course-open",  # i18n
    "full": "courses-course-full",  # i18n
    "closed": "courses-course-closed",  # i18n
    "cancelled": "courses-course-cancelled",  # i18n
    "started": "courses-course-started",  # i18n
}
MY_STATUS_KEYS = {
    "requested": "courses-status-requested",  # i18n
    "nominated": "courses-status-nominated",  # i18n
    "sent": "courses-status-sent",  # i18n
    "confirmed": "courses-status-confirmed",  # i18n
    "rejected": "courses-status-rejected",  # i18n
    "waitlisted": "courses-status-waitlisted",  # i18n
    "offered": "courses-status-offered",  # i18n
    "cancelled": "courses-status-cancelled",  # i18n
    "attended": "courses-status-attended",  # i18n
    "completed": "courses-status-completed",  # i18n
}
PROVIDER_KEYS = {
    "tvto_centre": "courses-kind-tvto-centre",  # i18n
    "private_institute": "courses-kind-private-institute",  # i18n
}
REGISTER_KEYS = {
    "requested": "courses-register-requested",  # i18n
    "already": "courses-register-already",  # i18n
    "need_assessment": "courses-register-need-assessment",  # i18n
    "need_consent": "courses-register-need-consent",  # i18n
    "closed": "courses-register-closed",  # i18n
    "not_found": "courses-not-found",  # i18n
}
CANCEL_KEYS = {
    "cancelled": "courses-cancel-done",  # i18n
    "not_registered": "courses-cancel-not-registered",  # i18n
    "too_late": "courses-cancel-too-late",  # i18n
    "not_found": "courses-not-found",  # i18n
}
OFFER_KEYS = {
    "accepted": "courses-offer-accepted",  # i18n
    "declined": "courses-offer-declined",  # i18n
    "expired": "courses-offer-expired",  # i18n
    "not_offered": "courses-offer-not-offered",  # i18n
    "not_found": "courses-offer-not-offered",  # i18n
}


# What the buttons may ask; anything else is an old or forged button.
BROWSE_ACTIONS = frozenset({"menu", "rec", "topics", "topic", "counties", "county"})
COURSE_ACTIONS = frozenset({"view", "reg", "can", "canok", "acc", "dec", "ics"})


def cb(action: str, *args: object) -> str:
    return callbacks.encode(FEATURE, action, *args)


# --- rendering -----------------------------------------------------------------------------------


def sessions_text(ctx: CoopContext, course: Course) -> str:
    parts = [
        ctx.t(
            "courses-session",
            weekday=format_weekday(s.weekday, ctx.locale),
            start=format_time(s.start, ctx.locale),
            end=format_time(s.end, ctx.locale),
        )
        for s in course.sessions
    ]
    return ("؛ " if ctx.locale == "fa" else "; ").join(parts)


def deadline_text(ctx: CoopContext, deadline: datetime) -> str:
    """A registration deadline: the day alone when it is a whole day, else with its time."""
    return format_deadline(deadline, ctx.locale)


def card_text(ctx: CoopContext, card: CourseCard) -> str:
    course = card.course
    if course.delivery_mode == "online":
        place = ctx.t("courses-place-online")
    else:
        place = "، ".join(p for p in (course.provider_name, course.provider_address) if p)
    lines = [
        ctx.t(
            "courses-card",
            title=course.title(ctx.locale),
            code=ctx.digits(course.standard_code),
            topic=ctx.t(topic_key(course.topic)),
            provider=course.provider_name,
            kind=ctx.t(PROVIDER_KEYS[course.provider_kind]),
            place=place,
            phone=ctx.digits(course.provider_phone or "—"),
            county=course.county,
            province=course.province,
            start=format_date(course.start_date, ctx.locale),
            end=format_date(course.end_date, ctx.locale),
            sessions=sessions_text(ctx, course),
            hours=course.total_hours,
            deadline=deadline_text(ctx, course.registration_deadline),
            status=ctx.t(COURSE_STATUS_KEYS[card.status]),
            seats=card.seats_left,
            capacity=course.capacity,
        )
    ]
    registration = card.registration
    if registration is not None:
        lines.append(ctx.t("courses-card-mine", mine=ctx.t(MY_STATUS_KEYS[registration.status])))
        if card.waitlist_position is not None:
            lines.append(ctx.t("courses-card-position", position=card.waitlist_position))
        if registration.status == "offered" and registration.offer_deadline is not None:
            deadline = format_datetime(registration.offer_deadline, ctx.locale)
            lines.append(ctx.t("courses-card-offer", deadline=deadline))
    return "\n".join(lines)


# Where a course card was opened from: its «بازگشت» goes back there ("my": My courses).
FROM_MY = "my"


def back_from_card(origin: str | None) -> str:
    return callbacks.encode("my", "list") if origin == FROM_MY else cb("menu")


def card_buttons(
    ctx: CoopContext, card: CourseCard, origin: str | None = None
) -> keyboards.InlineKeyboardMarkup:
    course = card.course
    trail = (FROM_MY,) if origin == FROM_MY else ()
    rows: list[list[keyboards.Button]] = []
    registration = card.registration
    if card.can_register:
        rows.append([(ctx.t("courses-button-register"), cb("reg", course.id))])
    if registration is not None and registration.status == "offered":
        rows.append(
            [
                (ctx.t("courses-offer-accept"), cb("acc", registration.id)),
                (ctx.t("courses-offer-decline"), cb("dec", registration.id)),
            ]
        )
    if registration is not None and registration.status == "confirmed":
        rows.append([(ctx.t("courses-ics-button"), cb("ics", course.id))])
    if (
        registration is not None
        and registration.status in CANCELLABLE
        and card.status != "started"
        and registration.status != "offered"
    ):
        rows.append([(ctx.t("courses-button-cancel"), cb("can", course.id, *trail))])
    rows.append([(ctx.t("courses-button-back"), back_from_card(origin))])
    return keyboards.inline(rows)


def course_list(
    ctx: CoopContext, courses: list[Course], back: str, notes: dict[int, str] | None = None
) -> keyboards.InlineKeyboardMarkup:
    """One button per course (title — start date), with a course's note after it if any."""
    notes = notes or {}
    rows = [
        [
            (
                " — ".join(
                    p
                    for p in (
                        c.title(ctx.locale),
                        format_date(c.start_date, ctx.locale),
                        notes.get(c.id),
                    )
                    if p
                ),
                cb("view", c.id),
            )
        ]
        for c in courses[:MAX_LISTED]
    ]
    rows.append([(ctx.t("courses-button-back"), back)])
    return keyboards.inline(rows)


def browse_menu(ctx: CoopContext) -> keyboards.InlineKeyboardMarkup:
    return keyboards.inline(
        [
            [(ctx.t("courses-button-recommended"), cb("rec"))],
            [
                (ctx.t("courses-button-by-topic"), cb("topics")),
                (ctx.t("courses-button-by-county"), cb("counties")),
            ],
            [(ctx.t("courses-button-my-courses"), callbacks.encode("my", "list"))],
            [(ctx.t("courses-button-main-menu"), callbacks.encode("menu", "main"))],
        ]
    )


# --- screens ---------------------------------------------------------------------------------


async def browse(update: Update, ctx: CoopContext) -> None:
    await show(update, ctx, ctx.t("courses-browse-title"), browse_menu(ctx))


async def show_card(
    update: Update, ctx: CoopContext, course_id: int, note: str = "", origin: str | None = None
) -> None:
    member = ctx.require_member()
    card = await ctx.services.courses.card(course_id, member.id)
    if card is None:
        await show(update, ctx, ctx.t("courses-not-found"), browse_menu(ctx))
        return
    text = card_text(ctx, card)
    await show(
        update, ctx, f"{note}\n\n{text}" if note else text, card_buttons(ctx, card, origin)
    )


async def recommended(update: Update, ctx: CoopContext) -> None:
    member = ctx.require_member()
    found = await ctx.services.courses.recommended(member.id, limit=MAX_LISTED)
    if found is None:
        markup = keyboards.inline(
            [
                [(ctx.t("courses-button-assessment"), callbacks.encode("assess", "start"))],
                [(ctx.t("courses-button-back"), cb("menu"))],
            ]
        )
        await show(update, ctx, ctx.t("courses-recommended-need-assessment"), markup)
        return
    text = ctx.t("courses-list-recommended") if found else ctx.t("courses-list-empty")
    places = ctx.services.assessment.questionnaire.places
    notes = {
        r.course.id: ctx.t(
            "courses-elsewhere", province=places.province_name(r.course.province, ctx.locale)
        )
        for r in found
        if r.elsewhere
    }
    if notes:
        text = f"{text}\n{ctx.t('courses-list-elsewhere')}"
    courses = [r.course for r in found]
    await show(update, ctx, text, course_list(ctx, courses, cb("menu"), notes))


async def topics(update: Update, ctx: CoopContext) -> None:
    available = await ctx.services.courses.topics()
    buttons = [(ctx.t(topic_key(t)), cb("topic", t)) for t in available]
    rows = [*keyboards.grid(buttons, 1), [(ctx.t("courses-button-back"), cb("menu"))]]
    text = ctx.t("courses-choose-topic") if available else ctx.t("courses-list-empty")
    await show(update, ctx, text, keyboards.inline(rows))


async def by_topic(update: Update, ctx: CoopContext, topic: str | None) -> None:
    if topic not in TOPICS:
        await topics(update, ctx)
        return
    found = await ctx.services.courses.by_topic(topic)
    text = (
        ctx.t("courses-list-topic", topic=ctx.t(topic_key(topic)))
        if found
        else ctx.t("courses-list-empty")
    )
    await show(update, ctx, text, course_list(ctx, found, cb("topics")))


async def counties(update: Update, ctx: CoopContext) -> None:
    available = await ctx.services.courses.counties()
    buttons = [(name, cb("county", i)) for i, name in enumerate(available)]
    rows = [*keyboards.grid(buttons, 2), [(ctx.t("courses-button-back"), cb("menu"))]]
    text = ctx.t("courses-choose-county") if available else ctx.t("courses-list-empty")
    await show(update, ctx, text, keyboards.inline(rows))


async def by_county(update: Update, ctx: CoopContext, index: int | None) -> None:
    available = await ctx.services.courses.counties()
    if index is None or not 0 <= index < len(available):
        await counties(update, ctx)
        return
    county = available[index]
    found = await ctx.services.courses.by_county(county)
    text = ctx.t("courses-list-county", county=county) if found else ctx.t("courses-list-empty")
    await show(update, ctx, text, course_list(ctx, found, cb("counties")))


async def register_for(update: Update, ctx: CoopContext, course_id: int) -> None:
    member = ctx.require_member()
    outcome = await ctx.services.registration.register(member.id, course_id)
    if outcome.result in ("need_assessment", "need_consent"):
        markup = keyboards.inline(
            [
                [(ctx.t("courses-button-assessment"), callbacks.encode("assess", "start"))],
                [(ctx.t("courses-button-back"), cb("view", course_id))],
            ]
        )
        await show(update, ctx, ctx.t(REGISTER_KEYS[outcome.result]), markup)
        return
    if outcome.result == "waitlisted":
        note = ctx.t("courses-register-waitlisted", position=outcome.position or 1)
    else:
        note = ctx.t(REGISTER_KEYS[outcome.result])
    if outcome.overlaps:
        titles = "»، «".join(c.title(ctx.locale) for c in outcome.overlaps)
        note = f"{note}\n{ctx.t('courses-overlap-warning', titles=titles)}"
    await show_card(update, ctx, course_id, note)


async def ask_cancel(
    update: Update, ctx: CoopContext, course_id: int, origin: str | None = None
) -> None:
    member = ctx.require_member()
    card = await ctx.services.courses.card(course_id, member.id)
    if card is None or card.registration is None or not card.registration.active:
        note = ctx.t("courses-cancel-not-registered")
        await show_card(update, ctx, course_id, note, origin)
        return
    trail = (FROM_MY,) if origin == FROM_MY else ()
    markup = keyboards.inline(
        [
            [(ctx.t("courses-button-cancel-yes"), cb("canok", course_id, *trail))],
            [(ctx.t("courses-button-back"), cb("view", course_id, *trail))],
        ]
    )
    title = card.course.title(ctx.locale)
    await show(update, ctx, ctx.t("courses-cancel-confirm", title=title), markup)


async def cancel(
    update: Update, ctx: CoopContext, course_id: int, origin: str | None = None
) -> None:
    member = ctx.require_member()
    outcome = await ctx.services.registration.cancel(member.id, course_id)
    await show_card(update, ctx, course_id, ctx.t(CANCEL_KEYS[outcome.result]), origin)


async def answer_offer(
    update: Update, ctx: CoopContext, registration_id: int, *, accept: bool
) -> None:
    member = ctx.require_member()
    service = ctx.services.registration
    if accept:
        outcome = await service.accept_offer(member.id, registration_id)
    else:
        outcome = await service.decline_offer(member.id, registration_id)
    title = outcome.course.title(ctx.locale) if outcome.course else ""
    note = ctx.t(OFFER_KEYS[outcome.result], title=title)
    if outcome.course is None:
        await show(update, ctx, note, browse_menu(ctx))
        return
    await show_card(update, ctx, outcome.course.id, note)


async def calendar_file(update: Update, ctx: CoopContext, course_id: int) -> None:
    member = ctx.require_member()
    card = await ctx.services.courses.card(course_id, member.id)
    if card is None or card.registration is None or card.registration.status != "confirmed":
        await answer(update.callback_query, ctx.t("courses-ics-not-confirmed"), alert=True)
        return
    await answer(update.callback_query)
    filename, data = ctx.services.courses.calendar(card.course, ctx.locale)
    caption = ctx.t("courses-ics-caption", title=card.course.title(ctx.locale))
    await sender.send_document(ctx.bot, chat_id_of(update), data, filename, caption)


# --- routing -------------------------------------------------------------------------------------


async def command(update: Update, ctx: CoopContext) -> None:
    await browse(update, ctx)


async def on_callback(update: Update, ctx: CoopContext) -> None:
    query = update.callback_query
    data = callbacks.parse(query.data)
    number = data.int_arg(0) if data else None
    if data is None or not (
        data.action in BROWSE_ACTIONS or (data.action in COURSE_ACTIONS and number is not None)
    ):
        await stale(update, ctx)
        return
    action = data.action
    origin = FROM_MY if data.arg(1) == FROM_MY else None  # callback data is user input
    if action == "ics" and number is not None:
        await calendar_file(update, ctx, number)
        return
    await answer(query)
    if action == "rec":
        await recommended(update, ctx)
    elif action == "topics":
        await topics(update, ctx)
    elif action == "topic":
        await by_topic(update, ctx, data.arg(0) if data else None)
    elif action == "counties":
        await counties(update, ctx)
    elif action == "county":
        await by_county(update, ctx, number)
    elif number is not None and action == "view":
        await show_card(update, ctx, number, origin=origin)
    elif number is not None and action == "reg":
        await register_for(update, ctx, number)
    elif number is not None and action == "can":
        await ask_cancel(update, ctx, number, origin)
    elif number is not None and action == "canok":
        await cancel(update, ctx, number, origin)
    elif number is not None and action in ("acc", "dec"):
        await answer_offer(update, ctx, number, accept=action == "acc")
    else:
        await browse(update, ctx)


def register(app: Application, registry: Registry) -> None:
    registry.add_menu(MenuEntry("courses-menu", cb("menu")))
    registry.add_command(Command("courses", "cmd-courses"))
    app.add_handler(CommandHandler("courses", command))
    app.add_handler(CallbackQueryHandler(on_callback, pattern=callbacks.pattern(FEATURE)))
