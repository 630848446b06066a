"""Every new message that is not a command goes to the flow the person is in (state lives in the
database): text, a shared contact, and everything else (sticker, photo, voice, video, document,
location, animation, poll…), through this one path.

A flow takes what it can at its step (the broadcast compose step takes photos, the course import
takes a file) and answers anything else with what it is waiting for at that step, changing
nothing. With no flow open, the short helpful fallback with the menu.
"""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import Application, MessageHandler, filters

from bot.chat.context import CoopContext
from bot.chat.menu import Registry
from bot.persian.normalize import looks_empty, normalize_text
from bot.services.reasons import REASON_LENGTH
from handlers.fallback import unknown_text, unsupported


def typed_text(message: Message | None) -> str | None:
    """The text of a typed message; None for anything else (sticker, photo, contact…)."""
    return message.text if message is not None and message.text is not None else None


def unreadable_note(ctx: CoopContext, text: str | None) -> str:
    """One sentence on why the step did not take this message (its question follows)."""
    return ctx.t("flow-not-text" if text is None else "flow-empty-text")


def reason_problem(ctx: CoopContext, text: str | None) -> str | None:
    """What is wrong with a typed reason (for the audit log), or None when it will do."""
    if text is None or looks_empty(text):
        return unreadable_note(ctx, text)
    shortest, longest = REASON_LENGTH
    if not shortest <= len(normalize_text(text)) <= longest:
        return ctx.t("flow-reason-length", min=shortest, max=longest)
    return None


async def route(update: Update, ctx: CoopContext) -> None:
    member = ctx.require_member()
    state = await ctx.services.chat_state.get(member.id)
    registry: Registry = ctx.application.bot_data["registry"]
    handler = registry.flows.get(state.flow) if state is not None else None
    if handler is None:
        if state is not None:  # a flow this version no longer has
            await ctx.services.chat_state.clear(member.id)
        message = update.effective_message
        if typed_text(message) is not None or (message is not None and message.contact):
            await unknown_text(update, ctx)
        else:
            await unsupported(update, ctx)
        return
    await handler(update, ctx, state)


def register(app: Application, registry: Registry) -> None:
    # new messages only: an edited message is not an answer (handlers/fallback.py says so); a
    # service message (a pin, say) is nobody's answer and gets no reply
    people = filters.UpdateType.MESSAGE & ~filters.COMMAND & ~filters.StatusUpdate.ALL
    app.add_handler(MessageHandler(people, route))
