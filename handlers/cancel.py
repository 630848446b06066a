"""/cancel: leave whatever dialog the person is in; answers already saved stay saved."""

from __future__ import annotations

from telegram import Update

from bot.chat import keyboards
from bot.chat.context import CoopContext
from bot.chat.replies import reply
from handlers.registration import Registrar
from handlers.start import main_menu


async def cancel(update: Update, ctx: CoopContext) -> None:
    member = ctx.require_member()
    had_state = await ctx.services.chat_state.clear(member.id)
    key = "cancel-done" if had_state else "cancel-nothing"
    await reply(update, ctx, ctx.t(key), keyboards.remove())
    await reply(update, ctx, ctx.t("menu-title"), await main_menu(ctx))


def register(r: Registrar) -> None:
    r.command("cancel", cancel, "cmd-cancel")
