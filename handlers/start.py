"""/start, /help and the main menu; `/start <payload>` deep links go through one dispatcher.

A feature registers a payload prefix (`registry.add_deep_link("inv_", handler)`); `/start
<payload>` goes straight to that handler instead of the greeting. A payload nobody knows gets a
polite sentence, then the normal greeting; so does one its handler turns down (expired, used).
"""

from __future__ import annotations

from telegram import Update

from bot.chat import callbacks, keyboards
from bot.chat.context import CoopContext
from bot.chat.menu import Registry
from bot.chat.replies import answer, pressed, reply, show
from handlers.features import Feature
from handlers.registration import Registrar


async def main_menu(ctx: CoopContext) -> keyboards.InlineKeyboardMarkup:
    """The person's main menu now: their role's entries, each labelled for where they stand."""
    registry: Registry = ctx.application.bot_data["registry"]
    member = ctx.require_member()
    buttons: list[keyboards.Button] = []
    for entry in registry.menu_for(member.role):
        label = await entry.label(ctx) if entry.label is not None else ctx.t(entry.label_key)
        if label is not None:
            buttons.append((label, entry.callback))
    buttons.append((ctx.t("menu-help"), callbacks.encode(Feature.MAIN_MENU, "help")))
    buttons.append((ctx.t("menu-language"), callbacks.encode(Feature.LANGUAGE, "menu")))
    return keyboards.inline(keyboards.grid(buttons, 2))


async def start(update: Update, ctx: CoopContext) -> None:
    """/start, or /start <payload> from a deep link."""
    payload = ctx.args[0] if ctx.args else None
    if payload and await open_deep_link(update, ctx, payload):
        return
    await greet(update, ctx)


async def open_deep_link(update: Update, ctx: CoopContext, payload: str) -> bool:
    """True when the payload's handler answered; False when the greeting should follow."""
    registry: Registry = ctx.application.bot_data["registry"]
    handler = registry.deep_link_for(payload)
    if handler is None:
        await reply(update, ctx, ctx.t("start-link-unknown"))
        return False
    return await handler(update, ctx, payload)


async def welcome_text(ctx: CoopContext) -> str:
    """The full introduction (the first step is the needs assessment) for someone who has not
    begun it; a short welcome back with where they stand for someone who has. One honorific."""
    member = ctx.require_member()
    name = (member.first_name or "").strip()
    standing = await ctx.services.assessment.standing(member.id)
    if not (standing.submitted or standing.unfinished):
        return ctx.t("start-welcome-named", name=name) if name else ctx.t("start-welcome")
    hello = ctx.t("start-back-named", name=name) if name else ctx.t("start-back")
    where = "start-back-submitted" if standing.submitted else "start-back-unfinished"
    return f"{hello}\n{ctx.t(where)}"


async def greet(update: Update, ctx: CoopContext) -> None:
    await reply(update, ctx, await welcome_text(ctx), keyboards.remove())
    await reply(update, ctx, ctx.t("menu-title"), await main_menu(ctx))


async def help_(update: Update, ctx: CoopContext) -> None:
    registry: Registry = ctx.application.bot_data["registry"]
    member = ctx.require_member()
    lines = [ctx.t("help-intro")]
    for command in registry.commands_for(member.role):
        lines.append(f"/{command.name} — {ctx.t(command.description_key)}")
    await show(update, ctx, "\n".join(lines), await main_menu(ctx))


async def on_menu(update: Update, ctx: CoopContext) -> None:
    query = update.callback_query
    data = await pressed(update, ctx, "main", "help")
    if data is None:
        return
    await answer(query)
    if data.action == "help":
        await help_(update, ctx)
        return
    await show(update, ctx, ctx.t("menu-title"), await main_menu(ctx))


def register(r: Registrar) -> None:
    r.command("start", start, "cmd-start")
    r.command("help", help_, "cmd-help")
    r.command("menu", greet)
    r.buttons(Feature.MAIN_MENU, on_menu)
