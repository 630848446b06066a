"""The typed steps of /broadcast, with the chat state (flow "broadcast"): `compose` (the message
itself: text, photo, document or video; every message reaches the flow through
handlers/text_router.py), `audience` (buttons only), `when` (the schedule: a Jalali date and a
Tehran time), `from` / `to` (a date range). A message a step cannot take gets that step's
question again, and nothing changes."""

from __future__ import annotations

from datetime import datetime, timedelta

from telegram import Message, Update

from bot.chat.context import CoopContext
from bot.chat.replies import reply
from bot.persian.normalize import looks_empty
from bot.services.broadcast import Broadcast, parse_when, range_start
from handlers.authz import staff_now
from handlers.broadcast import screens, views
from handlers.broadcast.screens import refuse, schedule_example, words
from handlers.text_router import typed_text, unreadable_note
from storage.chat_states import ChatState

FLOW = "broadcast"
EDITABLE = ("draft", "scheduled")

# Steps that take typed text, and what they ask for.
TYPED_PROMPTS = {
    "when": "broadcast-schedule-ask",  # i18n
    "from": "broadcast-range-ask-from",  # i18n
    "to": "broadcast-range-ask-to",  # i18n
}


def kind_of(message: Message) -> str | None:
    if message.text:
        return "text"
    if message.photo:
        return "photo"
    if message.video:
        return "video"
    if message.document:
        return "document"
    return None


async def begin(update: Update, ctx: CoopContext) -> None:
    """The compose step: write the message, or start from a prepared template."""
    await ctx.services.chat_state.set(ctx.require_member().id, FLOW, "compose", {})
    screen = views.compose(words(ctx))
    await reply(update, ctx, screen.text, screen.markup)


async def ask_when(update: Update, ctx: CoopContext, b: Broadcast) -> None:
    await ctx.services.chat_state.set(ctx.require_member().id, FLOW, "when", {"id": b.id})
    await reply(update, ctx, ctx.t("broadcast-schedule-ask", example=schedule_example(ctx)))


async def ask_from(update: Update, ctx: CoopContext, b: Broadcast) -> None:
    await ctx.services.chat_state.set(ctx.require_member().id, FLOW, "from", {"id": b.id})
    await reply(update, ctx, ctx.t("broadcast-range-ask-from"))


async def choose_audience(update: Update, ctx: CoopContext, b: Broadcast) -> None:
    await ctx.services.chat_state.set(ctx.require_member().id, FLOW, "audience", {"id": b.id})
    await screens.audience(update, ctx, b)


async def leave(ctx: CoopContext) -> bool:
    """Leave the dialog; True when the person was in it."""
    return await ctx.services.chat_state.clear(ctx.require_member().id, FLOW)


async def on_flow(update: Update, ctx: CoopContext, state: ChatState) -> None:
    member = ctx.require_member()
    if not await staff_now(ctx):
        await ctx.services.chat_state.clear(member.id, FLOW)
        await refuse(update, ctx)
        return
    message = update.effective_message
    data = dict(state.data or {})
    if state.step == "compose":
        await take_message(update, ctx, message)
        return
    b = await ctx.services.broadcast.get(int(data.get("id", 0)))
    if b is None or b.status not in EDITABLE:
        await ctx.services.chat_state.clear(member.id, FLOW)
        await reply(update, ctx, ctx.t("broadcast-gone"))
        return
    text = typed_text(message)
    prompt = TYPED_PROMPTS.get(state.step or "")
    if prompt is not None and (text is None or looks_empty(text)):  # ask again; nothing changes
        asked = ctx.t(prompt, example=schedule_example(ctx))
        await reply(update, ctx, f"{unreadable_note(ctx, text)}\n{asked}")
    elif state.step == "when":
        await take_when(update, ctx, b, text)
    elif state.step in ("from", "to"):
        await take_range(update, ctx, b, state.step, text, data)
    else:  # typed (or sent) while the buttons are expected: show them again
        await screens.audience(update, ctx, b)


async def take_message(update: Update, ctx: CoopContext, message: Message) -> None:
    """The compose step takes text, a photo, a video or a document; anything else (or a text
    with nothing to read in it) is answered with what it takes, and nothing is made."""
    member = ctx.require_member()
    kind = kind_of(message)
    if kind is None or (kind == "text" and looks_empty(message.text)):
        await reply(update, ctx, ctx.t("broadcast-compose-unsupported"))
        return
    b = await ctx.services.broadcast.create(
        member.id,
        platform=ctx.platform.name,
        kind=kind,
        chat_id=message.chat_id,
        message_id=message.message_id,
        body=message.text or message.caption or "",
    )
    await choose_audience(update, ctx, b)


async def take_when(update: Update, ctx: CoopContext, b: Broadcast, text: str) -> None:
    member = ctx.require_member()
    service = ctx.services.broadcast
    at = parse_when(text)
    if at is None:
        await reply(update, ctx, ctx.t("broadcast-schedule-bad", example=schedule_example(ctx)))
        return
    if at <= ctx.services.clock.now():
        await reply(update, ctx, ctx.t("broadcast-schedule-past"))
        return
    scheduled = await service.schedule(member.id, b.id, at)
    await ctx.services.chat_state.clear(member.id, FLOW)
    if scheduled is None:
        await reply(update, ctx, ctx.t("broadcast-gone"))
        return
    count = await service.count(scheduled.audience, scheduled.only_platform)
    starts = ctx.services.ledger.send_time(at, scheduled.urgent)
    await reply(update, ctx, views.scheduled(words(ctx), b, at, count, starts))


async def take_range(
    update: Update, ctx: CoopContext, b: Broadcast, step: str, text: str, data: dict
) -> None:
    member = ctx.require_member()
    state = ctx.services.chat_state
    if step == "from":
        since = range_start(text)
        if since is None:
            await reply(update, ctx, ctx.t("broadcast-range-bad"))
            return
        await state.set(member.id, FLOW, "to", {"id": b.id, "from": since.isoformat()})
        await reply(update, ctx, ctx.t("broadcast-range-ask-to"))
        return
    since = datetime.fromisoformat(data["from"])
    if text.strip() in ("-", "—"):
        before = None
    else:
        last = range_start(text)
        if last is None:
            await reply(update, ctx, ctx.t("broadcast-range-bad"))
            return
        before = last + timedelta(days=1)
        if before <= since:
            await reply(update, ctx, ctx.t("broadcast-range-order"))
            return
    audience = b.audience.model_copy(
        update={"registered_since": since, "registered_before": before}
    )
    updated = await ctx.services.broadcast.set_audience(member.id, b.id, audience)
    await state.set(member.id, FLOW, "audience", {"id": b.id})
    if updated is None:
        await reply(update, ctx, ctx.t("broadcast-gone"))
        return
    await screens.audience(update, ctx, updated)
