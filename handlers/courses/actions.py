"""What the course buttons and /courses do: read the services, then show a view's screen."""

from __future__ import annotations

from telegram import Update

from bot.chat import callbacks, sender
from bot.chat.context import CoopContext
from bot.chat.dialog import Screen
from bot.chat.replies import answer, chat_id_of, show, stale
from bot.services.topics import TOPICS
from handlers.courses import views
from handlers.courses.texts import (
    BROWSE_ACTIONS,
    CANCEL_KEYS,
    COURSE_ACTIONS,
    FROM_MY,
    MAX_LISTED,
    OFFER_KEYS,
    cb,
)


async def put(update: Update, ctx: CoopContext, screen: Screen) -> None:
    await show(update, ctx, screen.text, screen.markup)


async def browse(update: Update, ctx: CoopContext) -> None:
    await put(update, ctx, views.browse_screen(ctx))


async def show_card(
    update: Update, ctx: CoopContext, course_id: int, note: str = "", origin: str | None = None
) -> None:
    member = ctx.require_member()
    card = await ctx.services.courses.card(course_id, member.id)
    if card is None:
        await put(update, ctx, views.not_found_screen(ctx))
        return
    await put(update, ctx, views.card_screen(ctx, card, note, origin))


async def recommended(update: Update, ctx: CoopContext) -> None:
    member = ctx.require_member()
    found = await ctx.services.courses.recommended(member.id, limit=MAX_LISTED)
    if found is None:
        key = "courses-recommended-need-assessment"
        await put(update, ctx, views.need_assessment_screen(ctx, key, cb("menu")))
        return
    places = ctx.services.assessment.questionnaire.places
    await put(update, ctx, views.recommended_screen(ctx, found, places))


async def topics(update: Update, ctx: CoopContext) -> None:
    await put(update, ctx, views.topics_screen(ctx, await ctx.services.courses.topics()))


async def by_topic(update: Update, ctx: CoopContext, topic: str | None) -> None:
    if topic not in TOPICS:
        await topics(update, ctx)
        return
    found = await ctx.services.courses.by_topic(topic)
    await put(update, ctx, views.topic_screen(ctx, topic, found))


async def counties(update: Update, ctx: CoopContext) -> None:
    await put(update, ctx, views.counties_screen(ctx, await ctx.services.courses.counties()))


async def by_county(update: Update, ctx: CoopContext, index: int | None) -> None:
    available = await ctx.services.courses.counties()
    if index is None or not 0 <= index < len(available):
        await counties(update, ctx)
        return
    county = available[index]
    found = await ctx.services.courses.by_county(county)
    await put(update, ctx, views.county_screen(ctx, county, found))


async def register_for(update: Update, ctx: CoopContext, course_id: int) -> None:
    member = ctx.require_member()
    outcome = await ctx.services.registration.register(member.id, course_id)
    if outcome.result in ("need_assessment", "need_consent"):
        key = views.REGISTER_KEYS[outcome.result]
        await put(update, ctx, views.need_assessment_screen(ctx, key, cb("view", course_id)))
        return
    await show_card(update, ctx, course_id, views.register_note(ctx, outcome))


async def ask_cancel(
    update: Update, ctx: CoopContext, course_id: int, origin: str | None = None
) -> None:
    member = ctx.require_member()
    card = await ctx.services.courses.card(course_id, member.id)
    if card is None or card.registration is None or not card.registration.active:
        note = ctx.t("courses-cancel-not-registered")
        await show_card(update, ctx, course_id, note, origin)
        return
    await put(update, ctx, views.cancel_confirm_screen(ctx, card.course, origin))


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
        await show(update, ctx, note, views.browse_menu(ctx))
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
