"""A button press is answered exactly once: by its handler, or else by the error handler.

While an update is processed (`CoopApplication.process_update`) the callback queries whose
answer was started are remembered; `bot.chat.replies.answer` starts at most one answer per query,
and
the error handler answers only a press nobody answered. An answer that failed on the way (timed
out, or its response was lost) is not sent again: the messenger may well have it, and would refuse
a second answer anyway ("query is too old or already answered").

The record lives in the processing context of the update, so the error handler (which gets a
fresh CallbackContext) sees what the handler did, and nothing outlives the update.
"""

from __future__ import annotations

from contextvars import ContextVar

from telegram import CallbackQuery
from telegram.ext import Application

# The ids of the callback queries answered while processing the current update (None: no
# update is being processed here, e.g. a job, or a test calling a handler directly).
_answered: ContextVar[set[str] | None] = ContextVar("answered", default=None)


def claim(query: CallbackQuery) -> bool:
    """True the first time for `query` within its update: the caller sends the one answer.
    Outside the processing of an update there is no record, and every call is True."""
    answered = _answered.get()
    if answered is None:
        return True
    if query.id in answered:
        return False
    answered.add(query.id)
    return True


def was_answered(query: CallbackQuery) -> bool:
    """Whether an answer to `query` was started while processing the current update."""
    answered = _answered.get()
    return answered is not None and query.id in answered


class CoopApplication(Application):
    """python-telegram-bot's Application, keeping the record above for each update."""

    __slots__ = ()

    async def process_update(self, update: object) -> None:
        token = _answered.set(set())
        try:
            await super().process_update(update)
        finally:
            _answered.reset(token)
