"""Broadcasts in the background: scheduled starts, writing recipients, the live status message.

A periodic job per messenger (every TICK_SECONDS, see bot/background/schedule.py) for the
broadcasts staff wrote on that messenger:
1. starts scheduled broadcasts whose time has come, and writes the recipients of every broadcast
   that is sending but not fully written yet (after a restart it resumes by itself);
2. edits each one's status message in place, at most every EDIT_SECONDS: a progress bar, sent /
   total, blocked, failed, the estimated time left (or the end of quiet hours) and a Stop button
   (a scheduled broadcast that starts gets a new status message);
3. when every row has its outcome: `BroadcastService.finish` marks it done (or keeps it stopped)
   and enqueues the report to its author in the same transaction (exactly once, through the
   ledger); the status message turns into the final summary.

The sending itself is the ledger dispatcher's (bot/background/jobs.py). Nothing here is state that
matters
after a restart: what is sent, stopped or finished is in the database; the in-memory throttle only
spaces edits.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

from telegram import Chat, InlineKeyboardMarkup, Message
from telegram.error import TelegramError
from telegram.ext import Application

from bot.background.jobs import OneAtATime
from bot.chat import callbacks, keyboards, sender
from bot.chat.features import Feature
from bot.core.i18n import Translator, localize_digits
from bot.persian.jalali import format_time
from bot.services.broadcast import Progress
from bot.services.container import Services
from bot.services.members import locale_for

log = logging.getLogger(__name__)

TICK_SECONDS = 1.0
EDIT_SECONDS = 3.0  # one status message is edited at most this often
BAR_CELLS = 12


def progress_bar(fraction: float, cells: int = BAR_CELLS) -> str:
    filled = min(cells, max(0, math.floor(fraction * cells + 1e-9)))
    return "▰" * filled + "▱" * (cells - filled)


def eta_text(t: Translator, locale: str, seconds: float) -> str:
    seconds = max(1, math.ceil(seconds))
    if seconds < 90:
        return t(locale, "broadcast-eta-seconds", n=seconds)
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return t(locale, "broadcast-eta-minutes", n=minutes)
    return t(locale, "broadcast-eta-hours", n=minutes // 60, minutes=minutes % 60)


def progress_text(t: Translator, locale: str, p: Progress) -> str:
    """The status message: live while sending, the summary once finished."""
    b = p.broadcast
    if b.finished_at is not None or b.status in ("done", "stopped"):
        key = "broadcast-stopped-title" if b.status == "stopped" else "broadcast-done-title"
        lines = [t(locale, key, id=b.id)]
    else:
        lines = [t(locale, "broadcast-progress-title", id=b.id)]
    percent = math.floor(p.fraction * 100)
    lines.append(t(locale, "broadcast-progress-bar", bar=progress_bar(p.fraction), percent=percent))
    counts = {"sent": p.sent, "total": p.total, "blocked": p.blocked, "failed": p.failed}
    if b.finished_at is not None:
        cancelled = p.cancelled + p.expired
        lines.append(t(locale, "broadcast-report-counts", **counts, cancelled=cancelled))
        if p.uncertain:
            lines.append(t(locale, "broadcast-progress-uncertain", count=p.uncertain))
        if p.reasons:
            counted = [f"• {reason} ({localize_digits(n, locale)})" for reason, n in p.reasons]
            lines.append(t(locale, "broadcast-report-reasons", reasons="\n".join(counted)))
        return "\n".join(lines)
    lines.append(t(locale, "broadcast-progress-counts", **counts))
    if p.uncertain:
        lines.append(t(locale, "broadcast-progress-uncertain", count=p.uncertain))
    if b.status == "sending" and not b.enqueue_done:
        lines.append(t(locale, "broadcast-progress-preparing"))
    if p.quiet_until is not None:
        lines.append(t(locale, "broadcast-progress-quiet", when=format_time(p.quiet_until, locale)))
    elif p.eta_seconds is not None:
        lines.append(t(locale, "broadcast-progress-eta", eta=eta_text(t, locale, p.eta_seconds)))
    return "\n".join(lines)


def progress_markup(t: Translator, locale: str, p: Progress) -> InlineKeyboardMarkup | None:
    b = p.broadcast
    if b.status != "sending" or b.finished_at is not None:
        return None
    return keyboards.inline(
        [[(t(locale, "broadcast-btn-stop"), callbacks.encode(Feature.BROADCAST, "stop", b.id))]]
    )


def message_ref(chat_id: int, message_id: int, clock_now) -> Message:
    """A stand-in Message for bot.chat.sender.edit, which needs only the chat and message ids."""
    return Message(message_id=message_id, date=clock_now, chat=Chat(chat_id, Chat.PRIVATE))


@dataclass
class ProgressJob:
    app: Application
    monotonic: Callable[[], float] = time.monotonic
    _edited: dict[int, tuple[float, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.job = OneAtATime(self.tick, f"broadcast progress tick on {self.platform}")

    @property
    def services(self) -> Services:
        return cast(Services, self.app.bot_data["services"])  # set by bot/app.py

    @property
    def platform(self) -> str:
        return cast(str, self.app.bot_data["platform"].name)  # set by bot/app.py

    async def tick(self) -> None:
        service = self.services.broadcast
        await service.start_due(self.platform)
        await service.resume(self.platform)
        for b in await service.active(self.platform):
            progress = await service.progress(b.id)
            if progress is None:
                continue
            final = await service.finish(b.id) if progress.finished else None
            await self.show(final or progress, force=final is not None)

    async def show(self, p: Progress, *, force: bool = False) -> None:
        """Post or edit the status message (throttled unless `force`)."""
        b = p.broadcast
        last = self._edited.get(b.id)
        now = self.monotonic()
        if not force and last is not None and now - last[0] < EDIT_SECONDS:
            return
        author = await self.services.members.get(b.created_by) if b.created_by else None
        if author is None or author.chat_id is None:
            return
        t = self.services.translator
        locale = locale_for(author, t.default)
        text = progress_text(t, locale, p)
        if last is not None and last[1] == text and not force:
            return
        markup = progress_markup(t, locale, p)
        profile = self.app.bot_data["platform"]
        try:
            if b.status_message_id is None or b.status_chat_id is None:
                sent = await sender.send(self.app.bot, profile, author.chat_id, text, markup)
                await self.services.broadcast.set_status_message(
                    b.id, sent.chat_id, sent.message_id
                )
            else:
                ref = message_ref(b.status_chat_id, b.status_message_id, self.services.clock.now())
                edited = await sender.edit(self.app.bot, profile, ref, text, markup)
                if isinstance(edited, Message) and edited.message_id != b.status_message_id:
                    await self.services.broadcast.set_status_message(
                        b.id, edited.chat_id, edited.message_id
                    )
        except TelegramError as exc:  # shown again on a later tick
            log.warning("broadcast %s: status message not updated: %s", b.id, exc)
            return
        self._edited[b.id] = (now, text)
        if b.finished_at is not None:
            self._edited.pop(b.id, None)
