"""Any error: logged with context (never tokens or personal data), the person gets a polite line.

A refusal that escaped its handler (`NotAllowed` of the role service, or any PermissionError:
the role changed between the check and the change) gets the same polite refusal as
handlers/authz.py, not the apology for a fault; a typed flow step is left, as the guard does.

A press is answered once (bot/messenger/presses.py): the error handler answers only a press its
handler
did not answer (also when that answer timed out: it may have arrived); a refusal for a press
already answered comes as a message.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, NetworkError, RetryAfter, TimedOut

from bot.chat.context import CoopContext
from bot.chat.replies import answer, chat_id_of, reply
from bot.messenger import presses
from bot.services.roles import NotAllowed
from handlers.authz import REFUSAL_KEYS, refuse
from handlers.registration import Registrar

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


async def identify(update: object, ctx: CoopContext) -> None:
    """The error handler gets a fresh context: find the person again (read only, best effort)
    so the answer is in their language."""
    if getattr(ctx, "member", None) is not None or not isinstance(update, Update):
        return
    user = update.effective_user
    if user is None:
        return
    try:
        member = await ctx.services.admin.roles.find(ctx.platform.name, user.id)
    except Exception:  # the database may be what failed: answer in the default language
        return
    if member is not None:
        ctx.member = member
        ctx.locale = ctx.services.members.locale(member)


async def on_error(update: object, ctx: CoopContext) -> None:
    error = ctx.error
    await identify(update, ctx)
    where = describe(update, ctx)
    if isinstance(error, Forbidden):
        log.info("blocked by the person (%s)", where)
        return
    if isinstance(error, NotAllowed | PermissionError) and isinstance(update, Update):
        log.info("refused (%s): %s", where, type(error).__name__)
        await refused(update, ctx, getattr(error, "needed", "staff"), where)
        return
    if isinstance(error, RetryAfter | TimedOut | NetworkError):
        log.warning("messenger API trouble (%s): %s", where, type(error).__name__)
    else:
        log.error("error while handling an update (%s)", where, exc_info=error)
    if not isinstance(update, Update) or update.effective_user is None:
        return
    try:
        if update.callback_query:  # unless the handler answered it (bot/messenger/presses.py)
            await answer(update.callback_query)
        text = ctx.t("error-generic")
        await ctx.bot.send_message(chat_id=chat_id_of(update), text=text)
    except Exception as exc:  # the apology itself failed: nothing more to do
        log.warning("could not tell the person about the error (%s): %s", where, type(exc).__name__)


async def refused(update: Update, ctx: CoopContext, needed: str, where: str) -> None:
    member = getattr(ctx, "member", None)
    try:
        typed = update.message is not None and not (update.message.text or "").startswith("/")
        if member is not None and typed:  # a flow step: leave the dialog
            await ctx.services.chat_state.clear(member.id)
        needed = needed if needed in ("staff", "admin") else "staff"
        query = update.callback_query
        if query is not None and presses.was_answered(query):  # no second answer: a message
            await reply(update, ctx, ctx.t(REFUSAL_KEYS[needed]))
        else:
            await refuse(update, ctx, needed)
    except Exception as exc:  # the refusal itself failed: nothing more to do
        log.warning("could not send the refusal (%s): %s", where, type(exc).__name__)


def register(r: Registrar) -> None:
    r.app.add_error_handler(on_error)
