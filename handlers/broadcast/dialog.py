"""The typed steps of /broadcast on the dialog kit (bot/chat/dialog.py), flow "broadcast":

- `compose`: the message itself (text, photo, document or video; every message reaches the flow
  through handlers/text_router.py), or a prepared template (its buttons: actions.py);
- `audience`: buttons only (actions.py); a message gets the audience screen again;
- `when`: the schedule, a Jalali date and a Tehran time;
- `from` / `to`: a date range of when people joined the bot.
A message a step cannot take gets that step's question again, and nothing changes. The draft
names the broadcast; a broadcast that can no longer change (it started, or was cancelled) ends
the dialog.

The buttons of the broadcast screens name the broadcast they change and work outside the dialog
too (an older screen, /broadcasts), so they are routed by action in actions.py, not by step;
`bc:quit` is the flow's own button.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel
from telegram import Message, Update

from bot.chat.callbacks import Callback
from bot.chat.context import CoopContext
from bot.chat.dialog import Dialog, Flow, Screen, Step, Turn
from bot.chat.replies import reply, show
from bot.services.broadcast import Broadcast, parse_when, range_start
from handlers.authz import reread
from handlers.broadcast import screens, views
from handlers.broadcast.screens import refuse, schedule_example, words
from handlers.features import Flow as Flows
from handlers.text_router import unreadable_note


class At(StrEnum):
    COMPOSE = "compose"
    AUDIENCE = "audience"
    WHEN = "when"
    FROM = "from"
    TO = "to"


class Draft(BaseModel):
    id: int = 0  # the broadcast (none while composing)
    since: datetime | None = None  # the start of the range (step `to`)


BroadcastTurn = Turn[At, Draft]


def kind_of(message: Message) -> str | None:
    if message.text:
        return "text"
    return next((kind for kind in ("photo", "video", "document") if getattr(message, kind)), None)


async def editable(turn: BroadcastTurn) -> Broadcast | None:
    """The broadcast of the draft while it can still change; otherwise the dialog ends here."""
    b = await screens.editable(turn.ctx, turn.draft.id)
    if b is None:
        await turn.leave()
        await reply(turn.update, turn.ctx, turn.ctx.t("broadcast-gone"))
        return None
    return b


# --- the steps' screens --------------------------------------------------------------------------


def compose_view(turn: BroadcastTurn) -> Screen:
    return views.compose(words(turn.ctx))


async def audience_view(turn: BroadcastTurn) -> Screen:
    b = await screens.editable(turn.ctx, turn.draft.id)
    if b is None:
        return Screen(turn.ctx.t("broadcast-gone"))
    return await screens.audience_screen(turn.ctx, b)


def when_view(turn: BroadcastTurn) -> Screen:
    return Screen(turn.ctx.t("broadcast-schedule-ask", example=schedule_example(turn.ctx)))


def from_view(turn: BroadcastTurn) -> Screen:
    return Screen(turn.ctx.t("broadcast-range-ask-from"))


def to_view(turn: BroadcastTurn) -> Screen:
    return Screen(turn.ctx.t("broadcast-range-ask-to"))


# --- what each step takes ------------------------------------------------------------------------


async def take_text(turn: BroadcastTurn, text: str) -> None:
    await take_message(turn, turn.update.effective_message)


async def take_message(turn: BroadcastTurn, message: Message) -> None:
    """Text, a photo, a video or a document makes the broadcast; anything else is answered with
    what the step takes, and nothing is made."""
    ctx = turn.ctx
    kind = kind_of(message)
    if kind is None:
        await compose_unsupported(turn, None)
        return
    b = await ctx.services.broadcast.create(
        turn.member_id,
        platform=ctx.platform.name,
        kind=kind,
        chat_id=message.chat_id,
        message_id=message.message_id,
        body=message.text or message.caption or "",
    )
    await turn.goto(At.AUDIENCE, Draft(id=b.id))


async def compose_unsupported(turn: BroadcastTurn, text: str | None) -> None:
    await reply(turn.update, turn.ctx, turn.ctx.t("broadcast-compose-unsupported"))


async def ask_again(turn: BroadcastTurn, text: str | None) -> None:
    """A message a typed step cannot read: why, and its question again; nothing changes."""
    if await editable(turn) is not None:
        screen = await turn.screen()
        await reply(turn.update, turn.ctx, f"{unreadable_note(turn.ctx, text)}\n{screen.text}")


async def buttons_again(turn: BroadcastTurn, _: object) -> None:
    """Typed (or sent) while the buttons are expected: show them again."""
    if await editable(turn) is not None:
        await turn.show()


async def take_when(turn: BroadcastTurn, text: str) -> None:
    ctx = turn.ctx
    b = await editable(turn)
    if b is None:
        return
    at = parse_when(text)
    if at is None:
        await reply(
            turn.update, ctx, ctx.t("broadcast-schedule-bad", example=schedule_example(ctx))
        )
        return
    if at <= ctx.services.clock.now():
        await reply(turn.update, ctx, ctx.t("broadcast-schedule-past"))
        return
    service = ctx.services.broadcast
    scheduled = await service.schedule(turn.member_id, b.id, at)
    await turn.leave()
    if scheduled is None:
        await reply(turn.update, ctx, ctx.t("broadcast-gone"))
        return
    count = await service.count(scheduled.audience, scheduled.only_platform)
    starts = ctx.services.ledger.send_time(at, scheduled.urgent)
    await reply(turn.update, ctx, views.scheduled(words(ctx), b, at, count, starts))


async def take_from(turn: BroadcastTurn, text: str) -> None:
    if await editable(turn) is None:
        return
    since = range_start(text)
    if since is None:
        await reply(turn.update, turn.ctx, turn.ctx.t("broadcast-range-bad"))
        return
    await turn.goto(At.TO, turn.draft.model_copy(update={"since": since}))


async def take_to(turn: BroadcastTurn, text: str) -> None:
    ctx = turn.ctx
    b = await editable(turn)
    if b is None:
        return
    since = turn.draft.since
    if since is None:  # not stored by this version: ask for the start again
        await turn.goto(At.FROM)
        return
    before = None
    if text.strip() not in ("-", "—"):
        last = range_start(text)
        if last is None:
            await reply(turn.update, ctx, ctx.t("broadcast-range-bad"))
            return
        before = last + timedelta(days=1)
        if before <= since:
            await reply(turn.update, ctx, ctx.t("broadcast-range-order"))
            return
    audience = b.audience.model_copy(
        update={"registered_since": since, "registered_before": before}
    )
    updated = await ctx.services.broadcast.set_audience(turn.member_id, b.id, audience)
    if updated is None:
        await turn.leave()
        await reply(turn.update, ctx, ctx.t("broadcast-gone"))
        return
    await turn.goto(At.AUDIENCE, Draft(id=b.id))


async def quit_dialog(turn: BroadcastTurn, data: Callback) -> None:
    """Leave the dialog; a draft stays a draft (never sent, not listed)."""
    await turn.leave()
    await show(turn.update, turn.ctx, turn.ctx.t("broadcast-quit-done"))


FLOW: Flow[At, Draft] = Flow(
    name=Flows.BROADCAST,
    steps=At,
    draft=Draft,
    role="staff",
    table={
        At.COMPOSE: Step(
            compose_view, on_text=take_text, on_other=take_message, unreadable=compose_unsupported
        ),
        At.AUDIENCE: Step(audience_view, on_text=buttons_again, unreadable=buttons_again),
        At.WHEN: Step(when_view, on_text=take_when, unreadable=ask_again),
        At.FROM: Step(from_view, on_text=take_from, unreadable=ask_again),
        At.TO: Step(to_view, on_text=take_to, unreadable=ask_again),
    },
    buttons={"quit": quit_dialog},
)
DIALOG = Dialog(FLOW, reread=reread, refuse=refuse)


async def enter(update: Update, ctx: CoopContext, step: At, draft: Draft) -> None:
    """Open the dialog at a step from a button or a command: the step's screen comes as a new
    message (the pressed screen stays as it was)."""
    turn = Turn(DIALOG, update, ctx, step, draft)
    await turn.save()
    screen = await turn.screen()
    await reply(update, ctx, screen.text, screen.markup)


async def begin(update: Update, ctx: CoopContext) -> None:
    await enter(update, ctx, At.COMPOSE, Draft())


async def ask_when(update: Update, ctx: CoopContext, b: Broadcast) -> None:
    await enter(update, ctx, At.WHEN, Draft(id=b.id))


async def ask_from(update: Update, ctx: CoopContext, b: Broadcast) -> None:
    await enter(update, ctx, At.FROM, Draft(id=b.id))


async def choose_audience(update: Update, ctx: CoopContext, b: Broadcast) -> None:
    """A template was chosen (the compose screen is pressed): the audience screen in its place."""
    await Turn(DIALOG, update, ctx, At.AUDIENCE, Draft(id=b.id)).goto(At.AUDIENCE)
