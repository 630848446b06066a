"""What nothing else answered: unknown commands, stray text, stickers, outdated buttons, edits.

Stray messages of every kind come here through handlers/text_router.py (no flow open); an edited
message comes straight here: it is not read as an answer, and the person is told so.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot.chat.context import CoopContext
from bot.chat.replies import answer, reply
from handlers.registration import Registrar
from handlers.start import main_menu


async def unknown_command(update: Update, ctx: CoopContext) -> None:
    await reply(update, ctx, ctx.t("fallback-command"), await main_menu(ctx))


async def unknown_text(update: Update, ctx: CoopContext) -> None:
    await reply(update, ctx, ctx.t("fallback-text"), await main_menu(ctx))


async def unsupported(update: Update, ctx: CoopContext) -> None:
    await reply(update, ctx, ctx.t("fallback-unsupported"), await main_menu(ctx))


async def edited(update: Update, ctx: CoopContext) -> None:
    await reply(update, ctx, ctx.t("fallback-edited"))


async def stale_button(update: Update, ctx: CoopContext) -> None:
    await answer(update.callback_query, ctx.t("fallback-button"), alert=False)
    await reply(update, ctx, ctx.t("menu-title"), await main_menu(ctx))


def register(r: Registrar) -> None:
    """Registered last in group 0: only what no feature handler took reaches these."""
    r.add(MessageHandler(filters.COMMAND, unknown_command))
    r.add(CallbackQueryHandler(stale_button))
    r.add(MessageHandler(filters.UpdateType.EDITED_MESSAGE, edited))
    r.add(MessageHandler(~filters.StatusUpdate.ALL, unsupported))
