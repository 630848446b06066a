"""«تنظیمات و حریم خصوصی»: the main menu's way to what otherwise only commands reach —
reminder settings (/reminders), the language, my data (/mydata) and erasing it (/deleteme).

Callback data: `set:menu`. The buttons lead to the features' own callbacks (`rem:menu`,
`lang:menu`, `prv:data`, `prv:del`), which check and answer as they always do.
"""

from __future__ import annotations

from telegram import Update

from bot.chat import callbacks, keyboards
from bot.chat.context import CoopContext
from bot.chat.replies import answer, pressed, show
from handlers.features import Feature
from handlers.registration import Registrar


async def settings_screen(update: Update, ctx: CoopContext) -> None:
    if await pressed(update, ctx, "menu") is None:
        return
    await answer(update.callback_query)
    rows = [
        [(ctx.t("settings-reminders"), callbacks.encode(Feature.REMINDERS, "menu"))],
        [(ctx.t("menu-language"), callbacks.encode(Feature.LANGUAGE, "menu"))],
        [(ctx.t("settings-mydata"), callbacks.encode(Feature.PRIVACY, "data"))],
        [(ctx.t("settings-deleteme"), callbacks.encode(Feature.PRIVACY, "del"))],
        [(ctx.t("menu-main"), callbacks.encode(Feature.MAIN_MENU, "main"))],
    ]
    await show(update, ctx, ctx.t("settings-title"), keyboards.inline(rows))


def register(r: Registrar) -> None:
    r.menu("settings-menu", callbacks.encode(Feature.SETTINGS, "menu"))
    r.buttons(Feature.SETTINGS, settings_screen)
