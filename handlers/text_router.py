"""Free text and shared contacts go to the flow the person is in (state lives in the database)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, MessageHandler, filters

from bot.context import CoopContext
from bot.menu import Registry
from handlers.fallback import unknown_text


async def route(update: Update, ctx: CoopContext) -> None:
    member = ctx.require_member()
    state = await ctx.services.chat_state.get(member.id)
    registry: Registry = ctx.application.bot_data["registry"]
    handler = registry.flows.get(state.flow) if state is not None else None
    if handler is None:
        if state is not None:  # a flow this version no longer has
            await ctx.services.chat_state.clear(member.id)
        await unknown_text(update, ctx)
        return
    await handler(update, ctx, state)


def register(app: Application, registry: Registry) -> None:
    app.add_handler(MessageHandler((filters.TEXT & ~filters.COMMAND) | filters.CONTACT, route))
