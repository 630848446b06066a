"""/language: فارسی or English, remembered per person."""

from __future__ import annotations

from telegram import Update

from bot.chat import callbacks, keyboards
from bot.chat.context import CoopContext
from bot.chat.replies import answer, show, stale
from bot.services.members import SUPPORTED_LOCALES
from handlers.features import Feature
from handlers.registration import Registrar
from handlers.start import main_menu

LABELS = {"fa": "فارسی", "en": "English"}


def _choices() -> keyboards.InlineKeyboardMarkup:
    return keyboards.inline(
        [
            [
                (LABELS[loc], callbacks.encode(Feature.LANGUAGE, "set", loc))
                for loc in SUPPORTED_LOCALES
            ]
        ]
    )


async def ask(update: Update, ctx: CoopContext) -> None:
    if update.callback_query:
        await answer(update.callback_query)
    await show(update, ctx, ctx.t("language-choose"), _choices())


async def choose(update: Update, ctx: CoopContext) -> None:
    query = update.callback_query
    data = callbacks.parse(query.data)
    locale = data.arg(0) if data else None
    if data is None or data.action != "set" or locale not in SUPPORTED_LOCALES:
        await ask(update, ctx)
        return
    member = ctx.require_member()
    await ctx.services.members.set_locale(member.id, locale)
    ctx.locale = locale
    await answer(query, ctx.t("language-set"))
    text = f"{ctx.t('language-set')}\n\n{ctx.t('menu-title')}"
    await show(update, ctx, text, await main_menu(ctx))


async def on_callback(update: Update, ctx: CoopContext) -> None:
    data = callbacks.parse(update.callback_query.data)
    if data is not None and data.action == "set" and data.arg(0) in SUPPORTED_LOCALES:
        await choose(update, ctx)
    elif data is not None and data.action == "menu":
        await ask(update, ctx)
    else:
        await stale(update, ctx)


def register(r: Registrar) -> None:
    r.command("language", ask, "cmd-language")
    r.buttons(Feature.LANGUAGE, on_callback)
