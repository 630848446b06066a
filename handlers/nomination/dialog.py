"""The list's two typed steps (flow `nomination`): the reason for moving a person in or out of
a frozen list (step `reason`), and TVTO's reason for not taking someone (step `reject`)."""

from __future__ import annotations

from telegram import Update

from bot.chat.context import CoopContext
from bot.chat.replies import reply, show
from bot.persian.normalize import normalize_text
from handlers.authz import staff_now
from handlers.nomination import screens, views
from handlers.text_router import reason_problem, typed_text
from storage.chat_states import ChatState

FLOW = "nomination"

MOVE_KEYS = {
    "moved": "nomination-moved",  # i18n
    "unchanged": "nomination-unchanged",  # i18n
    "no_seat": "nomination-no-seat",  # i18n
    "over_cap": "nomination-over-cap",  # i18n
    "not_frozen": "nomination-not-frozen",  # i18n
    "not_found": "nomination-not-found",  # i18n
}
REJECT_KEYS = {
    "done": "nomination-rejection-done",  # i18n
    "wrong_status": "nomination-not-waiting",  # i18n
    "not_found": "nomination-not-found",  # i18n
}


async def ask_reason(
    update: Update, ctx: CoopContext, entry_id: int, placed: bool, over_cap: bool = False
) -> None:
    member = ctx.require_member()
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
            await show(update, ctx, *views.over_cap_screen(ctx, entry, same, cap))
            return
    data = {"entry": entry_id, "placed": placed, "month": entry.month_id, "over_cap": over_cap}
    await ctx.services.chat_state.set(member.id, FLOW, "reason", data)
    await reply(update, ctx, ctx.t("nomination-ask-reason"))


async def ask_rejection(update: Update, ctx: CoopContext, month_id: int, reg_id: int) -> None:
    """TVTO did not take one person: ask for TVTO's reason (it is told to the person)."""
    member = ctx.require_member()
    sent = await ctx.services.nomination.sent_registrations(month_id)
    found = next((r for r, _ in sent if r.id == reg_id), None)
    if found is None:  # answered already, or an old button
        await screens.confirm(update, ctx, month_id, ctx.t("nomination-not-waiting"))
        return
    name = (await ctx.services.nomination.names([found.member_id]))[found.member_id]
    data = {"month": month_id, "registration": reg_id}
    await ctx.services.chat_state.set(member.id, FLOW, "reject", data)
    await reply(update, ctx, ctx.t("nomination-ask-rejection", name=name))


async def on_reason(update: Update, ctx: CoopContext, state: ChatState) -> None:
    member = ctx.require_member()
    if not await staff_now(ctx):
        await ctx.services.chat_state.clear(member.id, FLOW)
        await screens.refuse(update, ctx)
        return
    rejecting = state.step == "reject"
    typed = typed_text(update.effective_message)
    note = reason_problem(ctx, typed)
    if note is not None:  # ask again; nothing changes
        again = ctx.t("nomination-ask-rejection-again" if rejecting else "nomination-ask-reason")
        await reply(update, ctx, f"{note}\n{again}")
        return
    await ctx.services.chat_state.clear(member.id, FLOW)
    data = state.data
    if rejecting:
        month_id = int(data["month"])
        result = await ctx.services.nomination.reject(
            month_id,
            int(data["registration"]),
            actor_id=member.id,
            reason=normalize_text(typed),
        )
        await screens.confirm(update, ctx, month_id, ctx.t(REJECT_KEYS[result]))
        return
    moved = await ctx.services.nomination.move(
        int(data["entry"]),
        placed=bool(data["placed"]),
        actor_id=member.id,
        reason=normalize_text(typed),
        over_cap=bool(data.get("over_cap")),
    )
    await screens.month(update, ctx, int(data["month"]), ctx.t(MOVE_KEYS[moved]))
