"""The delivery ledger as a service: planning notices, quiet hours, expiry, and the dispatcher's
bookkeeping (claims and outcomes). No telegram here: bot/background/delivery.py renders and sends.

Planning (for any feature):

    from bot.services.ledger import Notice, at, localized, message, button
    notice = Notice(member_id=m, cause="course.status", occurrence=f"{reg_id}:v{version}",
                    due_at=now, payload=message("courses-status-confirmed", title=localized(
                        fa=course.title_fa, en=course.title_en), start=at(first_session)),
                    group_key=f"course:{course_id}")
    async with db.write() as conn:          # the state change and its notice commit together
        ...
        await notice.enqueue(conn)          # or LedgerRepo(conn).enqueue(...) directly

Payload arguments are rendered at send time in the recipient's language (see
bot/background/delivery.py):
plain str/int, `at(dt)` (date and time), `on(dt)` (date), `label("fluent-key")`, `topic("ict")`,
and `localized(fa=..., en=...)` (a value that exists in each language, e.g. a course title).

Quiet hours (Tehran wall time) defer non-urgent rows: during them the dispatcher claims only
urgent rows. A row whose `expires_at` has passed is recorded as expired instead of being sent, so
after downtime a reminder that is still useful goes out late and one whose moment passed does not.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from types import TracebackType
from typing import Any, Literal, cast

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.clock import Clock
from bot.core.config import Settings
from bot.persian.jalali import TEHRAN
from bot.services.members import forget_member
from storage.engine import Database
from storage.group_commit import GroupCommit
from storage.ledger import ClaimedDelivery, Delivery, LedgerRepo, PlannedRow, payload_json
from storage.members import MembersRepo

log = logging.getLogger(__name__)

PLAN_CHUNK = 2000  # rows per write transaction when planning many (keeps SQLite's lock short)

# --- payload helpers (pure) -----------------------------------------------------------------


def _iso(dt: datetime) -> str:
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("payload times must be timezone-aware")
    return dt.astimezone(UTC).isoformat()


def at(dt: datetime) -> dict[str, str]:
    """A date and time, shown in Tehran time: «۲۵ آبان ۱۴۰۴، ساعت ۰۹:۳۰» / "25 Aban 1404, 09:30"."""
    return {"datetime": _iso(dt)}


def until(dt: datetime) -> dict[str, str]:
    """A deadline: the Jalali day alone when it is a whole day, else with its time
    (bot.persian.jalali.format_deadline)."""
    return {"deadline": _iso(dt)}


def on(dt: datetime) -> dict[str, str]:
    """A Jalali date: «۲۵ آبان ۱۴۰۴» / "25 Aban 1404"."""
    return {"date": _iso(dt)}


def label(key: str) -> dict[str, str]:
    """Another text, translated in the recipient's language."""
    return {"text": key}


def topic(name: str) -> dict[str, str]:
    """A need topic's name (bot/services/topics.py)."""
    return {"topic": name}


def localized(**by_locale: str) -> dict[str, dict[str, str]]:
    """A value given per language (`fa=..., en=...`); the default language's is the fallback."""
    return {"by_locale": dict(by_locale)}


def button(key: str, data: str) -> dict[str, str]:
    return {"key": key, "data": data}


def message(
    key: str, *, buttons: list[list[dict[str, str]]] | None = None, **args: Any
) -> dict[str, Any]:
    payload: dict[str, Any] = {"text": {"key": key, "args": args}}
    if buttons:
        payload["buttons"] = buttons
    return payload


def plain(body: str) -> dict[str, Any]:
    """A text sent as written (bot/i18n.as_written), e.g. a relayed announcement of any length."""
    return {"plain": body}


_PROBES = (987_654_321_012_345, 987_654_321_054_321)  # longer than any real id


class PayloadTemplate:
    """The payload of many notices that differ only by one number (e.g. a registration id in
    their buttons): its JSON is written once and the number put in per row, for planners that
    write hundreds of thousands of rows. `make(number)` builds one payload the ordinary way; the
    text is checked with two probe numbers, and a payload where the number cannot be told apart
    (the same digits by chance in a title) is serialised row by row instead."""

    __slots__ = ("_parts", "make")

    def __init__(self, make: Callable[[int], dict[str, Any]]) -> None:
        self.make = make
        first, second = (payload_json(make(probe)) for probe in _PROBES)
        parts = first.split(str(_PROBES[0]))
        self._parts = parts if str(_PROBES[1]).join(parts) == second else None

    @classmethod
    def constant(cls, payload: dict[str, Any]) -> PayloadTemplate:
        return cls(lambda _number: payload)

    def json(self, number: int) -> str:
        if self._parts is None:
            return payload_json(self.make(number))
        return str(number).join(self._parts)


@dataclass(frozen=True)
class Notice:
    """One message to plan: the ledger row before it exists."""

    member_id: int
    cause: str
    occurrence: str
    due_at: datetime
    payload: dict[str, Any]
    expires_at: datetime | None = None
    urgent: bool = False
    group_key: str | None = None

    @property
    def key(self) -> tuple[int, str, str]:
        return (self.member_id, self.cause, self.occurrence)

    def row(self, created_at: datetime | None = None) -> dict[str, Any]:
        return {
            "member_id": self.member_id,
            "cause": self.cause,
            "occurrence": self.occurrence,
            "due_at": self.due_at,
            "payload": self.payload,
            "expires_at": self.expires_at,
            "urgent": self.urgent,
            "group_key": self.group_key,
            "created_at": created_at,
        }

    async def enqueue(self, conn: AsyncConnection, now: datetime | None = None) -> bool:
        return await LedgerRepo(conn).enqueue(**self.row(now))


# --- quiet hours (pure) -----------------------------------------------------------------------


def in_quiet_hours(at_utc: datetime, start: time, end: time) -> bool:
    """Whether the instant falls in the quiet window [start, end) of Tehran wall time (the window
    may wrap midnight, e.g. 22:00-08:00). start == end: no quiet hours."""
    if start == end:
        return False
    wall = at_utc.astimezone(TEHRAN).time().replace(tzinfo=None)
    if start < end:
        return start <= wall < end
    return wall >= start or wall < end


def quiet_hours_end(at_utc: datetime, start: time, end: time) -> datetime:
    """The first instant at or after `at_utc` outside quiet hours (UTC)."""
    if not in_quiet_hours(at_utc, start, end):
        return at_utc
    local = at_utc.astimezone(TEHRAN)
    candidate = datetime.combine(local.date(), end, tzinfo=TEHRAN)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), end, tzinfo=TEHRAN)
    return candidate.astimezone(UTC)


# --- group commit -----------------------------------------------------------------------------

class BulkWriter:
    """Planned rows written in chunks of PLAN_CHUNK, each its own transaction (SQLite's lock is
    held briefly), in the background while the planner goes on computing: the database inserts
    one chunk while this process prepares the next. At most IN_FLIGHT chunks are being written;
    `add` waits when they are, and raises at once if one failed. Leaving the `async with` writes
    the rest and waits for all (after an error: stops the writes under way)."""

    IN_FLIGHT = 2

    def __init__(self, db: Database, now: datetime) -> None:
        self.db = db
        self.now = now
        self.written = 0
        self._rows: list[PlannedRow] = []
        self._running: set[asyncio.Task[int]] = set()

    async def __aenter__(self) -> BulkWriter:
        return self

    async def add(self, rows: Iterable[PlannedRow]) -> None:
        self._rows.extend(rows)
        while len(self._rows) >= PLAN_CHUNK:
            chunk, self._rows = self._rows[:PLAN_CHUNK], self._rows[PLAN_CHUNK:]
            await self._start(chunk)

    async def _start(self, chunk: list[PlannedRow]) -> None:
        while len(self._running) >= self.IN_FLIGHT:
            done, self._running = await asyncio.wait(
                self._running, return_when=asyncio.FIRST_COMPLETED
            )
            self.written += sum(task.result() for task in done)  # re-raises a failed write
        self._running.add(asyncio.get_running_loop().create_task(self._write(chunk)))

    async def _write(self, chunk: list[PlannedRow]) -> int:
        async with self.db.write() as conn:
            return await LedgerRepo(conn).insert_planned(chunk, created_at=self.now)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        failed = exc_type is not None
        try:
            if not failed and self._rows:
                rest, self._rows = self._rows, []
                await self._start(rest)
        except BaseException:
            failed = True
            raise
        finally:
            running, self._running = self._running, set()
            if failed:  # the plan is abandoned: stop what is being written (rolled back)
                for task in running:
                    task.cancel()
            results = await asyncio.gather(*running, return_exceptions=True)
        errors = [r for r in results if isinstance(r, BaseException)]
        if failed:
            return
        if errors:
            raise errors[0]
        self.written += sum(cast(list[int], results))  # no exception among them (raised above)


# --- the service ------------------------------------------------------------------------------

Triage = Literal["send", "expired", "blocked", "release"]
LEASE_MARGIN = timedelta(seconds=15)


@dataclass(frozen=True)
class RetryDecision:
    retry: bool  # False: attempts are used up, the row was recorded as failed
    at: datetime | None


class LedgerService:
    def __init__(self, db: Database, clock: Clock, settings: Settings) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        self._rows = GroupCommit(db)  # the dispatcher's per-row writes

    # planning ----------------------------------------------------------------------------------

    async def plan(self, notices: Iterable[Notice]) -> int:
        """Insert-or-ignore notices, in chunks of their own transactions. Returns how many new."""
        return await self._write(notices, revive=False)

    async def replan(self, notices: Iterable[Notice]) -> int:
        """Make notices exist as given (pending ones rewritten, cancelled ones brought back)."""
        return await self._write(notices, revive=True)

    def bulk(self) -> BulkWriter:
        """`async with ledger.bulk() as writer: await writer.add(rows)`: insert-or-ignore many
        planned rows (PlannedRow, payloads already JSON text), written in chunks while the
        planner goes on computing; `writer.written` counts the new ones (see BulkWriter)."""
        return BulkWriter(self.db, self.clock.now())

    async def _write(self, notices: Iterable[Notice], *, revive: bool) -> int:
        now = self.clock.now()
        rows = [n.row(now) for n in notices]
        total = 0
        for start in range(0, len(rows), PLAN_CHUNK):  # each chunk its own transaction
            async with self.db.write() as conn:
                repo, chunk = LedgerRepo(conn), rows[start : start + PLAN_CHUNK]
                total += await (repo.upsert_planned(chunk) if revive else repo.enqueue_many(chunk))
        return total

    async def cancel(self, **filters: Any) -> int:
        """Cancel pending rows (filters of LedgerRepo.cancel: group_key, cause, member_id,
        occurrence_prefix, ids)."""
        async with self.db.write() as conn:
            return await LedgerRepo(conn).cancel(now=self.clock.now(), **filters)

    async def find(self, **filters: Any) -> list[Delivery]:
        async with self.db.read() as conn:
            return await LedgerRepo(conn).find(**filters)

    async def counts(
        self, group_key: str | None = None, *, cause: str | None = None
    ) -> dict[str, int]:
        """Rows per status: of one group (e.g. "broadcast:7"), of one cause, or all."""
        async with self.db.read() as conn:
            return await LedgerRepo(conn).counts(group_key, cause=cause)

    def quiet(self, at_utc: datetime | None = None) -> bool:
        s = self.settings
        return in_quiet_hours(at_utc or self.clock.now(), s.quiet_hours_start, s.quiet_hours_end)

    def send_time(self, due_at: datetime, urgent: bool = False) -> datetime:
        """When a row due at `due_at` will go out at the earliest (quiet hours defer it)."""
        if urgent:
            return due_at
        s = self.settings
        return quiet_hours_end(due_at, s.quiet_hours_start, s.quiet_hours_end)

    # dispatching -------------------------------------------------------------------------------

    async def claim(self, platform: str, worker: str, limit: int) -> list[ClaimedDelivery]:
        """Claim due rows of one messenger's members (only urgent ones during quiet hours)."""
        now = self.clock.now()
        async with self.db.write() as conn:
            return await LedgerRepo(conn).claim(
                platform=platform,
                worker=worker,
                now=now,
                lease_until=now + self._lease(),
                limit=limit,
                urgent_only=self.quiet(now),
            )

    def _lease(self) -> timedelta:
        return timedelta(seconds=self.settings.delivery_lease_seconds)

    async def recover(self) -> int:
        """Record rows whose process died during their send (still "sending" after the lease)
        as uncertain: they may have arrived, so they are not sent again. Returns how many."""
        async with self.db.write() as conn:
            found = await LedgerRepo(conn).settle_interrupted(now=self.clock.now())
        for delivery_id, worker in found:
            log.warning(
                "delivery %s was being sent by %s when that process stopped: recorded as "
                "uncertain (it may have arrived), not sent again",
                delivery_id,
                worker,
            )
        return len(found)

    async def begin_send(self, delivery: Delivery, worker: str) -> bool:
        """Mark the row "sending" right before its HTTP call. False when it must not be sent:
        cancelled since the claim (a staff Stop, a cancelled reminder) or taken over."""
        now, lease = self.clock.now(), self._lease()
        return await self._rows.run(
            lambda conn: LedgerRepo(conn).begin_send(
                delivery.id, worker=worker, now=now, lease_until=now + lease
            )
        )

    async def end_send(self, delivery: Delivery, worker: str) -> bool:
        """The answer proved nothing was sent (a 429): the row is claimed again, not sending."""
        return await self._rows.run(
            lambda conn: LedgerRepo(conn).end_send(delivery.id, worker=worker)
        )

    def triage(self, delivery: ClaimedDelivery) -> Triage:
        """What to do with a claimed row before sending it. A row whose lease is about to run
        out (long flood waits) is given back rather than sent: another process may claim it
        once the lease is over (the check before the send, `begin_send`, then refuses it here
        anyway; giving it back early lets it go out sooner)."""
        now = self.clock.now()
        if delivery.expires_at is not None and delivery.expires_at <= now:
            return "expired"
        if delivery.member_blocked or delivery.chat_id is None:
            return "blocked"
        if delivery.available_at - now < min(LEASE_MARGIN, self._lease() / 4):  # the lease's end
            return "release"
        return "send"

    async def sent(self, delivery: Delivery, worker: str, message_id: int | None) -> bool:
        now = self.clock.now()
        ok = await self._rows.run(
            lambda conn: LedgerRepo(conn).mark_sent(
                delivery.id, worker=worker, now=now, message_id=message_id
            )
        )
        if not ok:
            log.warning("delivery %s was sent but its claim had been taken over", delivery.id)
        return ok

    async def finish(
        self,
        delivery: Delivery,
        worker: str,
        status: Literal["failed", "expired", "cancelled"],
        reason: str | None = None,
    ) -> bool:
        now = self.clock.now()
        return await self._rows.run(
            lambda conn: LedgerRepo(conn).mark_final(
                delivery.id, worker=worker, status=status, now=now, reason=reason
            )
        )

    async def blocked(
        self, delivery: Delivery, worker: str, reason: str, *, mark_member: bool = True
    ) -> bool:
        """The person blocked the bot: record it and mark the member blocked (their rows are
        skipped from then on, until they write to the bot again)."""
        now = self.clock.now()

        async def write(conn: AsyncConnection) -> bool:
            ok = await LedgerRepo(conn).mark_final(
                delivery.id, worker=worker, status="blocked", now=now, reason=reason
            )
            if mark_member:
                await MembersRepo(conn).mark_blocked(delivery.member_id, now)
            return ok

        done = await self._rows.run(write)
        if mark_member:
            forget_member(self.db, delivery.member_id)
        return done

    def backoff(self, attempts: int) -> timedelta:
        """Delay before attempt `attempts + 1`: retry_seconds doubled per attempt, bounded."""
        s = self.settings
        seconds = s.delivery_retry_seconds * (2 ** max(0, attempts - 1))
        return timedelta(seconds=min(seconds, s.delivery_retry_max_seconds))

    async def retry_or_fail(self, delivery: Delivery, worker: str, reason: str) -> RetryDecision:
        """A transient error (5xx, timeout): try again after a backoff, or record failed once the
        attempts are used up or the row would expire before the retry."""
        now = self.clock.now()
        when = now + self.backoff(delivery.attempts)
        expired = delivery.expires_at is not None and delivery.expires_at <= when
        if delivery.attempts >= self.settings.delivery_max_attempts or expired:
            await self.finish(delivery, worker, "failed", f"{reason} (after {delivery.attempts})")
            return RetryDecision(False, None)
        await self._rows.run(
            lambda conn: LedgerRepo(conn).retry_later(
                delivery.id, worker=worker, available_at=when, reason=reason
            )
        )
        return RetryDecision(True, when)

    async def postpone(self, delivery: Delivery, worker: str, seconds: float, reason: str) -> None:
        """Give a claimed row back without counting an attempt (e.g. a long flood wait)."""
        when = self.clock.now() + timedelta(seconds=seconds)
        await self._rows.run(
            lambda conn: LedgerRepo(conn).retry_later(
                delivery.id, worker=worker, available_at=when, reason=reason, count_attempt=False
            )
        )
