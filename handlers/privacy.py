"""/mydata: everything the bot stores about me, as a page to read in my language and as JSON
(handlers/privacy_document.py). /deleteme: erase my personal data after I confirm (what the
statistics count stays, without me); my other accounts with the same national ID are sent a
button to erase there too, and the confirmation names their messengers.

Callback data (`prv:...`, anyone, about themselves only): `prv:data`, `prv:del`, `prv:yes`,
`prv:no`.
"""

from __future__ import annotations

from telegram import Update

from bot.chat import callbacks, keyboards, sender
from bot.chat.context import CoopContext
from bot.chat.replies import answer, chat_id_of, pressed, reply, show
from handlers.features import Feature
from handlers.privacy_document import readable_file
from handlers.registration import Registrar


def cb(action: str) -> str:
    return callbacks.encode(Feature.PRIVACY, action)


async def my_data(update: Update, ctx: CoopContext) -> None:
    """Two files: a page to read (the person's language) and the same data as JSON."""
    member = ctx.require_member()
    data = await ctx.services.admin.privacy.collect(member.id)
    await reply(update, ctx, ctx.t("privacy-data-intro"))
    chat = chat_id_of(update)
    name, page = readable_file(ctx, data)
    await sender.send_document(ctx.bot, chat, page, name, ctx.t("privacy-data-caption"))
    name, machine = data.json_file()
    await sender.send_document(ctx.bot, chat, machine, name, ctx.t("privacy-data-caption-json"))


async def ask(update: Update, ctx: CoopContext) -> None:
    markup = keyboards.inline(
        [
            [(ctx.t("privacy-delete-yes"), cb("yes"))],
            [(ctx.t("privacy-delete-no"), cb("no"))],
            [(ctx.t("privacy-data-button"), cb("data"))],
        ]
    )
    await show(update, ctx, ctx.t("privacy-delete-ask"), markup)


async def erase(update: Update, ctx: CoopContext) -> None:
    member = ctx.require_member()
    erasure = await ctx.services.admin.privacy.erase(member.id)
    ctx.services.assessment.forget(member.id)
    text = ctx.t("privacy-delete-done", courses=erasure.registrations_cancelled)
    if erasure.other_accounts:
        platforms = " / ".join(ctx.t(f"broadcast-platform-{p}") for p in erasure.other_accounts)
        text += "\n\n" + ctx.t("privacy-delete-done-others", platforms=platforms)
    await show(update, ctx, text, None)


async def on_callback(update: Update, ctx: CoopContext) -> None:
    query = update.callback_query
    data = await pressed(update, ctx, "data", "del", "yes", "no")
    if data is None:
        return
    action = data.action
    await answer(query)
    if action == "yes":
        await erase(update, ctx)
    elif action == "no":  # nothing changes; the way on is the main menu
        menu = keyboards.inline(
            [[(ctx.t("menu-main"), callbacks.encode(Feature.MAIN_MENU, "main"))]]
        )
        await show(update, ctx, ctx.t("privacy-delete-kept"), menu)
    elif action == "data":
        await my_data(update, ctx)
    else:
        await ask(update, ctx)


def register(r: Registrar) -> None:
    r.command("mydata", my_data, "privacy-cmd-mydata")
    r.command("deleteme", ask, "privacy-cmd-deleteme")
    r.buttons(Feature.PRIVACY, on_callback)
