"""The answer to an update whose effect is in but whose reply may have been lost.

In the cluster a worker can die after an update's first write committed and before its reply
went out; the update's job is run again by another worker, which stops at that write
(storage/claims.py: nothing is applied twice). Without an answer the person would wait for
nothing, so the run again answers with where the person is now, a note above it: the dialog's
current step (the next question, in the assessment: usually exactly the lost reply), or the
main menu. It writes nothing; a button press is answered (and its message shows the step).
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.chat.context import CoopContext
from bot.chat.menu import Registry
from bot.chat.replies import answer, reply
from handlers.identify import identify
from handlers.registration import Registrar
from handlers.start import main_menu


async def answer_again(update: Update, ctx: CoopContext) -> None:
    try:
        await identify(update, ctx)  # the error handler's context knows nobody yet
    except ApplicationHandlerStop:  # not a person in a private chat: nothing to answer
        return
    member = ctx.require_member()
    note = ctx.t("resume-saved")
    state = await ctx.services.chat_state.get(member.id)
    registry: Registry = ctx.application.bot_data["registry"]
    place = registry.places.get(state.flow) if state is not None else None
    if place is not None:
        await place(update, ctx, state, note)
        return
    query = update.callback_query
    if query is not None:
        await answer(query)
    await reply(update, ctx, f"{note}\n\n{ctx.t('menu-title')}", await main_menu(ctx))


def register(r: Registrar) -> None:
    r.after_loss(answer_again)
