"""/mydata: a file of everything the bot stores about me. /deleteme: erase my personal data after
I confirm (what the statistics count stays, without me).

Callback data (`prv:...`, anyone, about themselves only): `prv:data`, `prv:del`, `prv:yes`,
`prv:no`.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot import callbacks, keyboards, sender
from bot.context import CoopContext
from bot.menu import Command, Registry
from bot.replies import answer, chat_id_of, pressed, reply, show

FEATURE = "prv"


def cb(action: str) -> str:
    return callbacks.encode(FEATURE, action)


async def my_data(update: Update, ctx: CoopContext) -> None:
    member = ctx.require_member()
    name, data = await ctx.services.admin.privacy.export(member.id)
    await reply(update, ctx, ctx.t("privacy-data-intro"))
    await sender.send_document(
        ctx.bot, chat_id_of(update), data, name, ctx.t("privacy-data-caption")
    )


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
    await show(
        update,
        ctx,
        ctx.t("privacy-delete-done", courses=erasure.registrations_cancelled),
        None,
    )


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
        menu = keyboards.inline([[(ctx.t("menu-main"), callbacks.encode("menu", "main"))]])
        await show(update, ctx, ctx.t("privacy-delete-kept"), menu)
    elif action == "data":
        await my_data(update, ctx)
    else:
        await ask(update, ctx)


def register(app: Application, registry: Registry) -> None:
    registry.add_command(Command("mydata", "privacy-cmd-mydata"))
    registry.add_command(Command("deleteme", "privacy-cmd-deleteme"))
    app.add_handler(CommandHandler("mydata", my_data))
    app.add_handler(CommandHandler("deleteme", ask))
    app.add_handler(CallbackQueryHandler(on_callback, pattern=callbacks.pattern(FEATURE)))
