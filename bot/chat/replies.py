"""Handler-side shortcuts over bot/chat/sender.py: answer the person behind the current update."""

from __future__ import annotations

import logging

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, TelegramError

from bot.chat import callbacks, sender
from bot.chat.context import CoopContext
from bot.messenger import presses
from bot.messenger.updates import start_beside

log = logging.getLogger(__name__)


def chat_id_of(update: Update) -> int:
    chat = update.effective_chat
    if chat is not None:
        return chat.id
    assert update.effective_user is not None
    return update.effective_user.id


async def reply(
    update: Update,
    ctx: CoopContext,
    text: str,
    markup: sender.Markup = None,
    *,
    html_markup: bool = False,
) -> Message:
    return await sender.send(
        ctx.bot, ctx.platform, chat_id_of(update), text, markup, html_markup=html_markup
    )


async def answer(query: CallbackQuery, text: str | None = None, *, alert: bool = False) -> None:
    """Always answer a callback query (the client shows a spinner otherwise); never fail on it.
    A press is answered once: a second call for the same press sends nothing
    (bot/messenger/presses.py).

    The answer goes out beside what the handler does next (the edit of the pressed message,
    say), so the person sees the result one round trip sooner; the update is done when both are
    (bot/messenger/updates.py). Where updates are processed one at a time it is awaited here."""
    if not presses.claim(query):
        return
    call = _answer(query, text, alert)
    if not start_beside(call):
        await call


async def _answer(query: CallbackQuery, text: str | None, alert: bool) -> None:
    try:
        await query.answer(text=text, show_alert=alert)
    except BadRequest:
        pass  # too old or already answered: nothing to do
    except TelegramError as exc:  # timed out, or the response was lost: not sent again
        log.info("the answer to a press failed: %s", type(exc).__name__)


async def stale(update: Update, ctx: CoopContext) -> None:
    """An old button (of a finished or cancelled dialog) or forged callback data: say so in the
    answer to the press; nothing changes, no screen is redrawn."""
    await answer(update.callback_query, ctx.t("button-stale"))


async def pressed(update: Update, ctx: CoopContext, *actions: str) -> callbacks.Callback | None:
    """The press's callback data when its action is one of `actions` (the press is not answered
    yet); anything else is answered as no longer active, and None comes back."""
    data = callbacks.parse(update.callback_query.data)
    if data is None or data.action not in actions:
        await stale(update, ctx)
        return None
    return data


async def show(
    update: Update,
    ctx: CoopContext,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
    *,
    html_markup: bool = False,
) -> Message | bool:
    """Show a screen: edit the pressed message in place, or send a new one for typed input."""
    query = update.callback_query
    if query is not None and isinstance(query.message, Message):
        return await sender.edit(
            ctx.bot, ctx.platform, query.message, text, markup, html_markup=html_markup
        )
    return await reply(update, ctx, text, markup, html_markup=html_markup)
