"""Staff broadcasts: an announcement to many members, sent through the delivery ledger.

    service = services.broadcast
    b = await service.create(staff_id, platform="telegram", kind="text", chat_id=...,
                             message_id=..., body="...")      # a draft: everyone by default
    await service.count(Audience(topics=("accounting",)), b.only_platform)   # shown before confirm
    b = await service.set_audience(staff_id, b.id, Audience(topics=("accounting",)))
    b = await service.send_now(staff_id, b.id)                 # or schedule(staff_id, b.id, at)
    await service.enqueue(b.id)                                # one ledger row per recipient
    progress = await service.progress(b.id)                    # counted from the ledger rows
    await service.stop(staff_id, b.id)                         # cancels every pending row

Every change checks that the actor is staff or admin (`bot.services.roles.NotAllowed`
otherwise) and the broadcast's current status (a second press of the same button changes
nothing). Creating, scheduling, starting (by staff, or by the clock for a scheduled one),
cancelling and stopping are written to the audit log in the same transaction, with the actor.

Recipients are written as ledger rows (cause "broadcast", occurrence "b<id>", group key
"broadcast:<id>") in batches of ENQUEUE_BATCH members, each in its own write transaction with the
broadcast's cursor (the last member id written). A crash in the middle resumes from the cursor
(the periodic job calls `resume()`); a repeated batch adds nothing (the ledger's unique key).
Each batch locks the broadcast row (PostgreSQL) and checks it is still sending, so a Stop that
committed is never followed by new rows; the Stop cancels the rows already written (also those
a dispatcher has claimed: it checks each row right before sending it), so once the few messages
on the wire at that moment are out, nothing more is sent.

What each recipient gets (`payload_for`):
- a text written in the web console (no message in a chat): that text, plain, to everyone;
- a message staff wrote: a copy (copyMessage) on the messenger it was written on, so formatting and
  media survive; members of the other messenger get the text as plain text (a copy cannot cross
  messengers), and photos, documents and videos reach only members of the messenger they were sent
  on (`Broadcast.only_platform`);
- a prepared template: a text of locales/*/broadcast.ftl in the recipient's own language.
Quiet hours apply unless the broadcast is marked urgent (the ledger defers non-urgent rows).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any, Protocol

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.chat import callbacks
from bot.chat.features import Feature
from bot.core.clock import Clock
from bot.core.config import Settings
from bot.core.i18n import LOCALES, format_number
from bot.persian.jalali import (
    TEHRAN,
    format_date_numeric,
    format_time,
    parse_jalali_date,
    parse_time,
    tehran_today,
)
from bot.persian.normalize import normalize_text
from bot.services.audit import audit
from bot.services.cells import csv_row, xlsx_row
from bot.services.ledger import button, localized, message, plain, quiet_hours_end
from bot.services.roles import NotAllowed, require_staff
from storage.audience import COURSE_GROUPS, Audience, AudienceRepo
from storage.broadcasts import Broadcast, BroadcastsRepo, Outcome
from storage.courses import Course, CoursesRepo
from storage.engine import Database
from storage.ledger import UNFINISHED, LedgerRepo
from storage.members import Member, MembersRepo

# What handlers use of the storage models (handlers do not import storage themselves).
__all__ = ["COURSE_GROUPS", "Audience", "Broadcast", "BroadcastService", "NotAllowed", "Progress"]

CAUSE = "broadcast"
REPORT_CAUSE = "broadcast.report"
ENQUEUE_BATCH = 1000  # members per write transaction (keeps SQLite's write lock short)
RATE_WINDOW = timedelta(seconds=30)  # the sending rate for the ETA is measured over this
EDITABLE = ("draft", "scheduled")
AUDIT_SUBJECT = "broadcast"

# Prepared templates: id -> (button label key, text key). Texts are rendered in each recipient's
# language; `day` is the Jalali day of the monthly nomination cut-off.
TEMPLATES: dict[str, tuple[str, str]] = {
    "courses": (
        "broadcast-template-courses-label",
        "broadcast-template-courses",
    ),
    "assessment": (
        "broadcast-template-assessment-label",
        "broadcast-template-assessment",
    ),
    "deadline": (
        "broadcast-template-deadline-label",
        "broadcast-template-deadline",
    ),
}


def reason_lines(reasons: Sequence[tuple[str, int]]) -> dict[str, Any] | str:
    """«• reason (count)» a line each, the count in each language's digits (a ledger argument
    given per language); "-" when nothing failed."""
    if not reasons:
        return "-"
    return localized(
        **{
            locale: "\n".join(f"• {reason} ({format_number(n, locale)})" for reason, n in reasons)
            for locale in LOCALES
        }
    )


def group_key(broadcast_id: int) -> str:
    return f"broadcast:{broadcast_id}"


def occurrence(broadcast_id: int) -> str:
    return f"b{broadcast_id}"


def template_payload(template: str, settings: Settings) -> dict[str, Any]:
    _, key = TEMPLATES[template]
    return message(key, day=settings.nomination_cutoff_day)


def payload_for(broadcast: Broadcast, platform: str, settings: Settings) -> dict[str, Any]:
    """What a recipient on `platform` gets (see the module docstring)."""
    if broadcast.kind == "template":
        assert broadcast.template is not None
        return template_payload(broadcast.template, settings)
    if platform == broadcast.platform and broadcast.source_message_id is not None:
        return {
            "copy": {
                "from_chat_id": broadcast.source_chat_id,
                "message_id": broadcast.source_message_id,
            }
        }
    return plain(broadcast.body or "")


# --- the schedule staff type: a Jalali date and a Tehran time ---------------------------------

_WHEN = re.compile(r"(.+?)[ ،,]+((?:ساعت )?[0-9]{1,2}(?: ?[:.] ?[0-9]{2})?)")


def parse_when(text: str | None) -> datetime | None:
    """`1404/08/27 10:30`, `۲۷ آبان ۱۴۰۴ ساعت ۱۰` … -> the instant (UTC), or None."""
    m = _WHEN.fullmatch(normalize_text(text))
    if m is None:
        return None
    day = parse_jalali_date(m.group(1))
    at = parse_time(m.group(2))
    if day is None or at is None:
        return None
    return datetime.combine(day, at, tzinfo=TEHRAN).astimezone(UTC)


def range_start(day_text: str | None) -> datetime | None:
    """The first instant (UTC) of a typed Jalali day in Tehran."""
    day = parse_jalali_date(day_text)
    if day is None:
        return None
    return datetime.combine(day, time(0, 0), tzinfo=TEHRAN).astimezone(UTC)


# --- progress and report ----------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    broadcast: Broadcast
    total: int  # recipients (rows written; while writing, at least the audience size)
    sent: int
    blocked: int
    failed: int
    cancelled: int
    expired: int
    uncertain: int  # the process stopped during the send: may have arrived, not sent again
    open: int  # rows still to be sent (pending or being sent)
    reasons: tuple[tuple[str, int], ...]  # the most frequent failure reasons
    rate: float | None  # outcomes per second, recently
    eta_seconds: float | None
    quiet_until: datetime | None  # non-urgent rows wait for the end of quiet hours

    @property
    def done(self) -> int:
        """Rows with an outcome."""
        return sum(
            (self.sent, self.blocked, self.failed, self.cancelled, self.expired, self.uncertain)
        )

    @property
    def finished(self) -> bool:
        b = self.broadcast
        written = b.enqueue_done or b.status == "stopped"
        return b.status in ("sending", "stopped", "done") and written and self.open == 0

    @property
    def fraction(self) -> float:
        if self.total <= 0:
            return 1.0 if self.finished else 0.0
        return min(1.0, self.done / self.total)


class QuietHours(Protocol):
    """LedgerService.quiet (bot/services/ledger.py): are we in the quiet hours?"""

    def quiet(self, at_utc: datetime | None = None) -> bool: ...


class BroadcastService:
    def __init__(
        self, db: Database, clock: Clock, settings: Settings, ledger: QuietHours
    ) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        self.ledger = ledger

    # --- who may ---------------------------------------------------------------------------

    @staticmethod
    async def _staff(conn: AsyncConnection, actor_id: int) -> Member:
        return require_staff(await MembersRepo(conn).get_by_id(actor_id))

    async def _audit(
        self,
        conn: AsyncConnection,
        actor_id: int | None,
        action: str,
        b: Broadcast,
        **after: Any,
    ) -> None:
        """An audit entry for a broadcast, in the caller's transaction."""
        now = self.clock.now()
        after = {"status": b.status, **after}
        await audit(conn, now, actor_id, f"broadcast.{action}", AUDIT_SUBJECT, b.id, after=after)

    # --- audience ----------------------------------------------------------------------------

    async def count(self, audience: Audience, only_platform: str | None = None) -> int:
        async with self.db.read() as conn:
            return await AudienceRepo(conn).count(audience, only_platform)

    async def count_by_platform(self, audience: Audience) -> dict[str, int]:
        async with self.db.read() as conn:
            return await AudienceRepo(conn).count_by_platform(audience)

    async def courses(self) -> list[Course]:
        """Courses that have not ended and were not cancelled (for the course filter)."""
        today = tehran_today(self.clock.now())
        async with self.db.read() as conn:
            return await CoursesRepo(conn).listing(
                statuses=("open", "full", "closed"), ends_on_or_after=today
            )

    async def course(self, course_id: int) -> Course | None:
        async with self.db.read() as conn:
            return await CoursesRepo(conn).get(course_id)

    def joined_since(self, days: int) -> datetime:
        """The start (UTC) of the Tehran day `days - 1` days ago: "the last `days` days"."""
        day = tehran_today(self.clock.now()) - timedelta(days=days - 1)
        return datetime.combine(day, time(0, 0), tzinfo=TEHRAN).astimezone(UTC)

    async def provinces(self) -> list[tuple[str, int]]:
        async with self.db.read() as conn:
            return await AudienceRepo(conn).provinces()

    async def counties(self, province: str) -> list[tuple[str, int]]:
        async with self.db.read() as conn:
            return await AudienceRepo(conn).counties(province)

    # --- drafts and changes before the start ----------------------------------------------------

    async def create(
        self,
        actor_id: int,
        *,
        platform: str,
        kind: str,
        chat_id: int | None = None,
        message_id: int | None = None,
        body: str | None = None,
        template: str | None = None,
    ) -> Broadcast:
        """A draft: a message staff sent (copied later), a text written in the web console
        (no chat message: everyone gets `body` as plain text) or a prepared template."""
        if kind == "template":
            if template not in TEMPLATES:
                raise ValueError(f"unknown template {template!r}")
        elif kind == "text" and (chat_id is None or message_id is None):
            if not body or not normalize_text(body):
                raise ValueError("a text written outside the chat needs its body")
        elif chat_id is None or message_id is None:
            raise ValueError("a broadcast of a message needs its chat and message id")
        async with self.db.write() as conn:
            await self._staff(conn, actor_id)
            created = await BroadcastsRepo(conn).create(
                created_by=actor_id,
                platform=platform,
                kind=kind,
                source_chat_id=chat_id,
                source_message_id=message_id,
                body=body,
                template=template,
                now=self.clock.now(),
            )
            await self._audit(
                conn, actor_id, "create", created, kind=kind, platform=platform, template=template
            )
            return created

    async def get(self, broadcast_id: int) -> Broadcast | None:
        async with self.db.read() as conn:
            return await BroadcastsRepo(conn).get(broadcast_id)

    async def _change(
        self,
        actor_id: int,
        broadcast_id: int,
        expect: Sequence[str],
        audit: str | None = None,
        **values: Any,
    ) -> Broadcast | None:
        """Change a broadcast in one of the `expect` statuses; with `audit`, record the action."""
        async with self.db.write() as conn:
            await self._staff(conn, actor_id)
            changed = await BroadcastsRepo(conn).update(
                broadcast_id, now=self.clock.now(), expect=expect, **values
            )
            if changed is not None and audit is not None:
                when = changed.scheduled_at.isoformat() if changed.scheduled_at else None
                await self._audit(conn, actor_id, audit, changed, scheduled_at=when)
            return changed

    async def set_audience(
        self, actor_id: int, broadcast_id: int, audience: Audience
    ) -> Broadcast | None:
        return await self._change(actor_id, broadcast_id, EDITABLE, audience=audience)

    async def set_urgent(self, actor_id: int, broadcast_id: int, urgent: bool) -> Broadcast | None:
        return await self._change(actor_id, broadcast_id, EDITABLE, urgent=urgent)

    async def schedule(self, actor_id: int, broadcast_id: int, at: datetime) -> Broadcast | None:
        """Send at `at` (UTC; must be in the future). None when it can no longer be changed."""
        if at <= self.clock.now():
            raise ValueError("the time has passed")
        return await self._change(
            actor_id, broadcast_id, EDITABLE, "schedule", status="scheduled", scheduled_at=at
        )

    async def cancel(self, actor_id: int, broadcast_id: int) -> Broadcast | None:
        """Cancel before it started. None when it already started (or was cancelled)."""
        return await self._change(actor_id, broadcast_id, EDITABLE, "cancel", status="cancelled")

    # --- sending -------------------------------------------------------------------------------

    async def send_now(self, actor_id: int, broadcast_id: int) -> Broadcast | None:
        """Start now (recipients are written by `enqueue`). None when it cannot start."""
        now = self.clock.now()
        async with self.db.write() as conn:
            await self._staff(conn, actor_id)
            return await self._start(conn, broadcast_id, now, EDITABLE, actor_id)

    async def _start(
        self,
        conn: AsyncConnection,
        broadcast_id: int,
        now: datetime,
        expect: Sequence[str],
        actor_id: int | None,
    ) -> Broadcast | None:
        """Start sending (`actor_id` None: a scheduled broadcast started by the clock)."""
        repo = BroadcastsRepo(conn)
        current = await repo.get(broadcast_id, for_update=True)
        if current is None or current.status not in expect:
            return None
        size = await AudienceRepo(conn).count(current.audience, current.only_platform)
        started = await repo.update(
            broadcast_id,
            now=now,
            expect=expect,
            status="sending",
            started_at=now,
            audience_size=size,
        )
        if started is not None:
            await self._audit(
                conn,
                actor_id,
                "start",
                started,
                audience=started.audience.to_json(),
                audience_size=size,
                urgent=started.urgent,
            )
        return started

    async def start_due(self, platform: str | None = None) -> list[Broadcast]:
        """Start the scheduled broadcasts whose time has come (of staff on one messenger, when
        given; the periodic job calls this)."""
        now = self.clock.now()
        started = []
        async with self.db.read() as conn:
            due = await BroadcastsRepo(conn).due(now, platform=platform)
        for b in due:
            async with self.db.write() as conn:
                begun = await self._start(conn, b.id, now, ("scheduled",), None)
            if begun is not None:
                started.append(begun)
        return started

    async def enqueue(self, broadcast_id: int, *, batch: int = ENQUEUE_BATCH) -> int:
        """Write the remaining recipients as ledger rows, batch by batch. Returns how many rows
        were added. Safe to call again at any time (after a crash, or twice at once)."""
        added = 0
        while True:
            now = self.clock.now()
            async with self.db.write() as conn:
                repo = BroadcastsRepo(conn)
                b = await repo.get(broadcast_id, for_update=True)
                if b is None or b.status != "sending" or b.enqueue_done:
                    return added
                page = await AudienceRepo(conn).page(
                    b.audience,
                    after_id=b.enqueue_cursor,
                    limit=batch,
                    only_platform=b.only_platform,
                )
                due = max(now, b.scheduled_at or now)
                rows = [
                    {
                        "member_id": r.member_id,
                        "cause": CAUSE,
                        "occurrence": occurrence(b.id),
                        "due_at": due,
                        "payload": payload_for(b, r.platform, self.settings),
                        "urgent": b.urgent,
                        "group_key": b.group_key,
                        "created_at": now,
                    }
                    for r in page
                ]
                new = await LedgerRepo(conn).enqueue_many(rows)
                added += new
                if page:
                    await repo.advance_cursor(b.id, page[-1].member_id, new, now)
                if len(page) < batch:
                    counts = await LedgerRepo(conn).counts(b.group_key)
                    await repo.update(
                        b.id, now=now, enqueue_done=True, audience_size=sum(counts.values())
                    )
                    return added

    async def resume(self, platform: str | None = None) -> int:
        """Finish writing the recipients of broadcasts that are sending (after a restart)."""
        async with self.db.read() as conn:
            sending = await BroadcastsRepo(conn).with_status(("sending",), platform=platform)
        total = 0
        for b in sending:
            if not b.enqueue_done:
                total += await self.enqueue(b.id)
        return total

    async def stop(self, actor_id: int, broadcast_id: int) -> tuple[Broadcast | None, int]:
        """Stop sending: every pending row is cancelled in the same transaction; messages being
        sent at this moment finish. Returns (the broadcast, or None if it was not sending;
        how many rows were cancelled). Stopped stays stopped, also after a restart."""
        now = self.clock.now()
        async with self.db.write() as conn:
            await self._staff(conn, actor_id)
            repo = BroadcastsRepo(conn)
            # the row lock makes a concurrent enqueue batch finish (or see "stopped") first
            current = await repo.get(broadcast_id, for_update=True)
            if current is None or current.status != "sending":
                return None, 0
            stopped = await repo.update(
                broadcast_id,
                now=now,
                expect=("sending",),
                status="stopped",
                stopped_at=now,
                stopped_by=actor_id,
            )
            cancelled = await LedgerRepo(conn).cancel(
                group_key=group_key(broadcast_id), now=now, reason="stopped by staff"
            )
            assert stopped is not None
            await self._audit(conn, actor_id, "stop", stopped, cancelled=cancelled)
            return stopped, cancelled

    async def set_status_message(self, broadcast_id: int, chat_id: int, message_id: int) -> None:
        async with self.db.write() as conn:
            await BroadcastsRepo(conn).update(
                broadcast_id,
                now=self.clock.now(),
                status_chat_id=chat_id,
                status_message_id=message_id,
            )

    async def active(self, platform: str | None = None) -> list[Broadcast]:
        """Broadcasts being sent or stopped whose report is not posted yet (of one messenger's
        staff, when given)."""
        async with self.db.read() as conn:
            return await BroadcastsRepo(conn).unfinished(platform=platform)

    async def recent(self, limit: int = 10, offset: int = 0) -> list[Broadcast]:
        async with self.db.read() as conn:
            return await BroadcastsRepo(conn).recent(limit, offset=offset)

    # --- progress and report ---------------------------------------------------------------------

    async def progress(self, broadcast_id: int) -> Progress | None:
        now = self.clock.now()
        async with self.db.read() as conn:
            repo = BroadcastsRepo(conn)
            b = await repo.get(broadcast_id)
            if b is None:
                return None
            counts = await LedgerRepo(conn).counts(b.group_key)
            reasons = await repo.failure_reasons(b.group_key) if counts.get("failed") else []
            window = RATE_WINDOW
            if b.started_at is not None:
                window = max(min(RATE_WINDOW, now - b.started_at), timedelta(seconds=1))
            recent = await repo.finished_since(b.group_key, now - window)
        return self._progress(b, counts, reasons, recent, window, now)

    def _progress(
        self,
        b: Broadcast,
        counts: dict[str, int],
        reasons: list[tuple[str, int]],
        recent: int,
        window: timedelta,
        now: datetime,
    ) -> Progress:
        written = sum(counts.values())
        total = (
            written
            if b.enqueue_done or b.status == "stopped"
            else max(written, b.audience_size or 0)
        )
        open_rows = sum(counts.get(s, 0) for s in UNFINISHED)
        remaining = open_rows + (total - written if b.status == "sending" else 0)
        rate = recent / window.total_seconds() if recent else None
        eta = None
        if remaining and b.status == "sending":
            eta = remaining / (rate or self.settings.delivery_rate_per_second)
        quiet_until = None
        if remaining and not b.urgent and self.ledger.quiet(now):
            s = self.settings
            quiet_until = quiet_hours_end(now, s.quiet_hours_start, s.quiet_hours_end)
        return Progress(
            broadcast=b,
            total=total,
            sent=counts.get("sent", 0),
            blocked=counts.get("blocked", 0),
            failed=counts.get("failed", 0),
            cancelled=counts.get("cancelled", 0),
            expired=counts.get("expired", 0),
            uncertain=counts.get("uncertain", 0),
            open=open_rows,
            reasons=tuple(reasons),
            rate=rate,
            eta_seconds=eta,
            quiet_until=quiet_until,
        )

    async def finish(self, broadcast_id: int) -> Progress | None:
        """If every row has its outcome: mark the broadcast done (or keep it stopped), set
        finished_at, and enqueue the report to whoever created it — all in one transaction, so
        the report is sent exactly once. Returns the final progress, or None if not finished."""
        now = self.clock.now()
        async with self.db.write() as conn:
            repo = BroadcastsRepo(conn)
            b = await repo.get(broadcast_id, for_update=True)
            if b is None or b.finished_at is not None or b.status not in ("sending", "stopped"):
                return None
            counts = await LedgerRepo(conn).counts(b.group_key)
            progress = self._progress(b, counts, [], 0, RATE_WINDOW, now)
            if not progress.finished:
                return None
            reasons = await repo.failure_reasons(b.group_key) if counts.get("failed") else []
            status = "done" if b.status == "sending" else "stopped"
            final = await repo.update(b.id, now=now, status=status, finished_at=now)
            assert final is not None
            progress = self._progress(final, counts, reasons, 0, RATE_WINDOW, now)
            if b.created_by is not None:
                await LedgerRepo(conn).enqueue(
                    member_id=b.created_by,
                    cause=REPORT_CAUSE,
                    occurrence=occurrence(b.id),
                    due_at=now,
                    urgent=True,
                    payload=self.report_payload(progress),
                    created_at=now,
                )
            return progress

    @staticmethod
    def report_payload(p: Progress) -> dict[str, Any]:
        """The report to the author, rendered when sent in the author's language: the counts
        are numbers, and the reasons' lines (joined here) are given in each language, their
        counts in its digits."""
        b = p.broadcast
        key = "broadcast-report-stopped" if b.status == "stopped" else "broadcast-report-done"
        return message(
            key,
            id=b.id,
            total=p.total,
            sent=p.sent,
            blocked=p.blocked,
            failed=p.failed,
            cancelled=p.cancelled + p.expired,
            uncertain=p.uncertain,
            reasons=reason_lines(p.reasons),
            buttons=[
                [button("broadcast-open", callbacks.encode(Feature.BROADCAST_LIST, "open", b.id))]
            ],
        )

    async def outcomes(self, broadcast_id: int) -> AsyncIterator[Outcome]:
        """Every recipient's outcome, in member order (for the export)."""
        async with self.db.read() as conn:
            async for row in BroadcastsRepo(conn).outcomes(group_key(broadcast_id)):
                yield row


# --- the per-recipient export ---------------------------------------------------------------

EXPORT_COLUMNS = (
    "row",
    "member",
    "platform",
    "user",
    "name",
    "username",
    "status",
    "reason",
    "attempts",
    "time",
)


COLUMN_KEYS = {
    "row": "broadcast-col-row",
    "member": "broadcast-col-member",
    "platform": "broadcast-col-platform",
    "user": "broadcast-col-user",
    "name": "broadcast-col-name",
    "username": "broadcast-col-username",
    "status": "broadcast-col-status",
    "reason": "broadcast-col-reason",
    "attempts": "broadcast-col-attempts",
    "time": "broadcast-col-time",
}
OUTCOME_KEYS = {
    "pending": "broadcast-outcome-pending",
    "claimed": "broadcast-outcome-claimed",
    "sending": "broadcast-outcome-claimed",
    "sent": "broadcast-outcome-sent",
    "blocked": "broadcast-outcome-blocked",
    "failed": "broadcast-outcome-failed",
    "cancelled": "broadcast-outcome-cancelled",
    "expired": "broadcast-outcome-expired",
    "uncertain": "broadcast-outcome-uncertain",
}
PLATFORM_LABEL_KEYS = {
    "telegram": "broadcast-platform-telegram",
    "bale": "broadcast-platform-bale",
}


async def export_outcomes(
    service: BroadcastService, broadcast_id: int, fmt: str, t: Callable[[str], str], *, rtl: bool
) -> tuple[str, bytes] | None:
    """(file name, CSV or XLSX) of every recipient's outcome, in the reader's words (`t` bound
    to their language); None when it has no recipients yet (not started, or nobody)."""
    b = await service.get(broadcast_id)
    if b is None or b.status not in ("sending", "stopped", "done"):
        return None
    statuses = {status: t(key) for status, key in OUTCOME_KEYS.items()}
    platforms = {platform: t(key) for platform, key in PLATFORM_LABEL_KEYS.items()}
    rows: list[list[object]] = []
    async for outcome in service.outcomes(b.id):
        rows.append(outcome_cells(len(rows) + 1, outcome, statuses, platforms))
    if not rows:
        return None
    headers = [t(COLUMN_KEYS[column]) for column in EXPORT_COLUMNS]
    if fmt == "csv":
        return f"broadcast-{b.id}.csv", table_csv(headers, rows)
    return f"broadcast-{b.id}.xlsx", table_xlsx(headers, rows, rtl=rtl)


def outcome_cells(
    number: int, o: Outcome, statuses: dict[str, str], platforms: dict[str, str]
) -> list[object]:
    """One recipient as written in the export (labels already translated; the time in Tehran,
    Jalali, `1404/08/25 09:30`)."""
    name = " ".join(part for part in (o.first_name, o.last_name) if part)
    when = ""
    if o.finished_at is not None:
        when = f"{format_date_numeric(o.finished_at)} {format_time(o.finished_at, 'en')}"
    return [
        number,
        o.member_id,
        platforms.get(o.platform, o.platform),
        str(o.user_id),
        name,
        o.username or "",
        statuses.get(o.status, o.status),
        o.reason or "",
        o.attempts,
        when,
    ]


def table_csv(headers: list[str], rows: Iterable[list[object]]) -> bytes:
    """UTF-8 with a byte-order mark (Excel reads Persian correctly), CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(csv_row(headers))
    writer.writerows(csv_row(row) for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def table_xlsx(headers: list[str], rows: Iterable[list[object]], *, rtl: bool) -> bytes:
    """A write-only workbook (streams rows); the user id column is text (no lost digits); text
    through the cell policy (bot/services/cells.py)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("broadcast")
    sheet.sheet_view.rightToLeft = rtl
    sheet.append(xlsx_row(sheet, headers))
    user_column = EXPORT_COLUMNS.index("user")
    for row in rows:
        cells: list[Any] = xlsx_row(sheet, row)
        cell = WriteOnlyCell(sheet, value=cells[user_column])
        cell.number_format = "@"
        cells[user_column] = cell
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
