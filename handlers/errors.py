"""Any error: logged with context (never tokens or personal data), the person gets a polite line."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application

from bot.context import CoopContext
from bot.replies import chat_id_of

log = logging.getLogger("coopbot.errors")


def describe(update: object, ctx: CoopContext) -> str:
    """Context for the log line: kinds and internal ids only, no names, texts or phone numbers."""
    if not isinstance(update, Update):
        return "no update"
    kind = "callback" if update.callback_query else "message" if update.message else "other"
    member = ctx.member.id if getattr(ctx, "member", None) else None
    handler_data = ""
    if update.callback_query and update.callback_query.data:
        handler_data = f" data={update.callback_query.data.split(':', 2)[:2]}"
    return f"platform={ctx.platform.name} update={update.update_id} kind={kind} member={member}" + (
        handler_data
    )


async def on_error(update: object, ctx: CoopContext) -> None:
    error = ctx.error
    where = describe(update, ctx)
    if isinstance(error, Forbidden):
        log.info("blocked by the person (%s)", where)
        return
    if isinstance(error, RetryAfter | TimedOut | NetworkError):
        log.warning("messenger API trouble (%s): %s", where, type(error).__name__)
    else:
        log.error("error while handling an update (%s)", where, exc_info=error)
    if not isinstance(update, Update) or update.effective_user is None:
        return
    try:
        if update.callback_query:
            await update.callback_query.answer()
        text = ctx.services.translator(getattr(ctx, "locale", None), "error-generic")
        await ctx.bot.send_message(chat_id=chat_id_of(update), text=text)
    except Exception as exc:  # the apology itself failed: nothing more to do
        log.warning("could not tell the person about the error (%s): %s", where, type(exc).__name__)


def register(app: Application) -> None:
    app.add_error_handler(on_error)
