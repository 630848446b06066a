"""The list's two typed steps on the dialog kit (flow `nomination`, staff only): the reason for
moving a person in or out of a frozen list (step `reason`), and TVTO's reason for not taking
someone (step `reject`). The question goes out as a message of its own under the list's screen;
a reason the audit log cannot take is asked for again and nothing changes."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict
from telegram import Update

from bot.chat import dialog as kit
from bot.chat.context import CoopContext
from bot.chat.replies import reply, show
from bot.persian.normalize import normalize_text
from bot.services.nomination_texts import MOVE_KEYS, REJECT_KEYS
from handlers.authz import refuse, reread
from handlers.features import Flow
from handlers.nomination import screens, views
from handlers.text_router import reason_problem


class At(StrEnum):
    REASON = "reason"  # why a person moves in or out of a frozen list
    REJECT = "reject"  # why TVTO did not take someone sent to it


class Pending(BaseModel):
    """What waits for its reason (chat_states.data; the keys stored since the first version)."""

    model_config = ConfigDict(extra="ignore")

    month: int
    entry: int | None = None  # REASON: the list entry, in (`placed`) or out, over the cap or not
    placed: bool = False
    over_cap: bool = False
    registration: int | None = None  # REJECT: the registration TVTO did not take


Turn = kit.Turn[At, Pending]


def reason_view(turn: Turn) -> kit.Screen:
    return views.ask_reason_screen(turn.ctx)


def rejection_view(turn: Turn) -> kit.Screen:
    return views.ask_rejection_again_screen(turn.ctx)


async def _checked(turn: Turn, text: str) -> str | None:
    """The reason as typed, or None when it was asked for again."""
    note = reason_problem(turn.ctx, text)
    if note is not None:
        await turn.show(note)
        return None
    await turn.leave()
    return normalize_text(text)


async def took_reason(turn: Turn, text: str) -> None:
    reason = await _checked(turn, text)
    if reason is None or turn.draft.entry is None:
        return
    draft = turn.draft
    moved = await turn.ctx.services.nomination.move(
        draft.entry,
        placed=draft.placed,
        actor_id=turn.member_id,
        reason=reason,
        over_cap=draft.over_cap,
    )
    await screens.month(turn.update, turn.ctx, draft.month, turn.ctx.t(MOVE_KEYS[moved]))


async def took_rejection(turn: Turn, text: str) -> None:
    reason = await _checked(turn, text)
    if reason is None or turn.draft.registration is None:
        return
    month_id = turn.draft.month
    result = await turn.ctx.services.nomination.reject(
        month_id, turn.draft.registration, actor_id=turn.member_id, reason=reason
    )
    await screens.confirm(turn.update, turn.ctx, month_id, turn.ctx.t(REJECT_KEYS[result]))


FLOW = kit.Flow(
    name=Flow.NOMINATION,
    steps=At,
    draft=Pending,
    role="staff",
    table={
        At.REASON: kit.Step(reason_view, on_text=took_reason),
        At.REJECT: kit.Step(rejection_view, on_text=took_rejection),
    },
)
DIALOG = kit.Dialog(FLOW, reread=reread, refuse=refuse)


async def ask(update: Update, ctx: CoopContext, step: At, draft: Pending, question: str) -> None:
    """Open the step (saved first) and ask its question in a new message."""
    await kit.Turn(DIALOG, update, ctx, step, draft).save()
    await reply(update, ctx, question)


async def ask_reason(
    update: Update, ctx: CoopContext, entry_id: int, placed: bool, over_cap: bool = False
) -> None:
    service = ctx.services.nomination
    entry = await service.entry(entry_id)
    if entry is None:
        await screens.overview(update, ctx)
        return
    if placed and not over_cap:
        same = await service.cap_reached(entry_id)
        if same:  # one more of this cooperative would pass the cap: warn, ask to confirm
            month = await service.month(entry.month_id)
            cap = month.coop_cap if month else same
            screen = views.over_cap_screen(ctx, entry, same, cap)
            await show(update, ctx, screen.text, screen.markup)
            return
    draft = Pending(month=entry.month_id, entry=entry_id, placed=placed, over_cap=over_cap)
    await ask(update, ctx, At.REASON, draft, views.ask_reason_screen(ctx).text)


async def ask_rejection(update: Update, ctx: CoopContext, month_id: int, reg_id: int) -> None:
    """TVTO did not take one person: ask for TVTO's reason (it is told to the person)."""
    sent = await ctx.services.nomination.sent_registrations(month_id)
    found = next((r for r, _ in sent if r.id == reg_id), None)
    if found is None:  # answered already, or an old button
        await screens.confirm(update, ctx, month_id, ctx.t("nomination-not-waiting"))
        return
    name = (await ctx.services.nomination.names([found.member_id]))[found.member_id]
    draft = Pending(month=month_id, registration=reg_id)
    await ask(update, ctx, At.REJECT, draft, ctx.t("nomination-ask-rejection", name=name))
