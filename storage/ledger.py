"""The delivery ledger: every message the bot sends on its own, written before it is sent.

Callers own the transaction. Services enqueue inside their own write transaction, so a state
change and its notice commit together:

    async with db.write() as conn:
        ...change something...
        await LedgerRepo(conn).enqueue(member_id=..., cause="course.status", occurrence="42:closed",
                                       due_at=now, payload={"text": {"key": "...", "args": {}}})

The unique key (member_id, cause, occurrence) makes a second enqueue of the same notice a no-op.
The dispatcher claims due rows with a lease (`claim`), sends them, and records one outcome per row.
On PostgreSQL the claim locks with `FOR UPDATE SKIP LOCKED`, so several processes never claim the
same row; on SQLite write transactions are serialised already.

Right before each single send the dispatcher marks the row "sending" (`begin_send`, committed
before the HTTP call): only a row still claimed by this dispatcher can be marked, so a row
cancelled meanwhile (a staff Stop, a cancelled reminder) or taken over by another process is not
sent. The outcome replaces the mark after the call. A row found still "sending" once its lease is
over belongs to a process that died during the call: nobody knows whether the message arrived
(the Bot API has no idempotency key), so it is recorded "uncertain" (`settle_interrupted`) and is
never sent again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict
from sqlalchemy import ColumnElement, and_, func, literal_column, null, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.dialect import for_update_skip_locked, insert
from storage.schema.ledger import DeliveryStatus, deliveries
from storage.schema.members import members

Status = DeliveryStatus
FinalStatus = Literal["blocked", "failed", "cancelled", "expired"]
OPEN = ("pending", "claimed")  # claimable (a claimed row whose lease ran out is claimed again)
UNFINISHED = ("pending", "claimed", "sending")  # no outcome yet
CANCELLABLE = ("pending", "claimed")  # a row being sent ("sending") finishes
# A row of the dispatcher that holds it: claimed, being sent, or found uncertain by another
# process while this one was still waiting for the answer (its real outcome then replaces that).
_HELD = ("claimed", "sending", "uncertain")
UNCERTAIN_REASON = "the process stopped during the send; whether it arrived is not known"
_CHUNK = 1000  # parameter sets per execute
_PENDING: ColumnElement[str] = literal_column("'pending'")
_CANCELLED: ColumnElement[str] = literal_column("'cancelled'")


class Delivery(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    member_id: int
    cause: str
    occurrence: str
    group_key: str | None
    payload: dict[str, Any]
    urgent: bool
    due_at: datetime
    available_at: datetime
    expires_at: datetime | None
    status: Status
    attempts: int
    claimed_at: datetime | None
    claimed_by: str | None
    finished_at: datetime | None
    message_id: int | None
    reason: str | None
    created_at: datetime | None


class ClaimedDelivery(Delivery):
    """A claimed row with what the sender needs to know about its recipient."""

    platform: str
    chat_id: int | None
    user_id: int
    locale: str | None
    language_code: str | None
    member_blocked: bool


def payload_json(payload: Mapping[str, Any]) -> str:
    """A payload as JSON text for the bulk path: compact, Persian as UTF-8 rather than \\u
    escapes (about 40 % fewer bytes to write than SQLAlchemy's default `json.dumps`; read back
    the same)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


class PlannedRow(NamedTuple):
    """A notice a planner writes in bulk (`LedgerRepo.insert_planned`), its payload already JSON
    text: the planners write hundreds of thousands of rows that differ only by a number or two
    (bot.services.ledger.PayloadTemplate)."""

    member_id: int
    cause: str
    occurrence: str
    due_at: datetime
    expires_at: datetime | None
    group_key: str | None
    payload_json: str
    urgent: bool = False


_BULK_COLUMNS = "member_id, cause, occurrence, group_key, payload, urgent, due_at, available_at, "
_BULK_COLUMNS += "expires_at, created_at"
_ON_KEY = "ON CONFLICT (member_id, cause, occurrence) DO NOTHING"
# PostgreSQL: one statement per call, every column an array (unnest); the server sees one INSERT.
_BULK_PG = text(
    f"INSERT INTO deliveries ({_BULK_COLUMNS}) "
    "SELECT m, c, o, g, p, u, d, d, e, CAST(:created AS TIMESTAMP WITHOUT TIME ZONE) FROM unnest("
    "CAST(:m AS INTEGER[]), CAST(:c AS VARCHAR[]), CAST(:o AS VARCHAR[]), CAST(:g AS VARCHAR[]), "
    "CAST(:p AS JSON[]), CAST(:u AS BOOLEAN[]), CAST(:d AS TIMESTAMP WITHOUT TIME ZONE[]), "
    f"CAST(:e AS TIMESTAMP WITHOUT TIME ZONE[])) AS t(m, c, o, g, p, u, d, e) {_ON_KEY}"
)
# SQLite: the driver's executemany of one prepared statement (a loop in C).
_BULK_SQLITE = f"INSERT INTO deliveries ({_BULK_COLUMNS}) VALUES ({', '.join('?' * 10)}) {_ON_KEY}"


def _time_binder(conn: AsyncConnection) -> Callable[[datetime | None], Any]:
    """The column type's own conversion of a time (UTC, naive; text on SQLite), done once per
    distinct value: a plan has a few hundred distinct times for hundreds of thousands of rows."""
    column = deliveries.c.due_at.type.dialect_impl(conn.dialect)
    process: Callable[[Any], Any] = column.bind_processor(conn.dialect) or (lambda value: value)
    seen: dict[datetime, Any] = {}

    def bind(value: datetime | None) -> Any:
        if value is None:
            return None
        found = seen.get(value)
        if found is None:
            found = seen[value] = process(value)
        return found

    return bind


def _row_values(
    *,
    member_id: int,
    cause: str,
    occurrence: str,
    due_at: datetime,
    payload: dict[str, Any],
    expires_at: datetime | None = None,
    urgent: bool = False,
    group_key: str | None = None,
    created_at: datetime | None = None,
) -> dict[str, Any]:
    if not cause or not occurrence:
        raise ValueError("a delivery needs a cause and an occurrence")
    return {
        "member_id": member_id,
        "cause": cause,
        "occurrence": occurrence,
        "group_key": group_key,
        "payload": payload,
        "urgent": urgent,
        "due_at": due_at,
        "available_at": due_at,
        "expires_at": expires_at,
        "created_at": created_at,
    }  # status "pending" and attempts 0 are the columns' server defaults


def _reason(reason: str | None) -> str | None:
    return (reason or "")[:500] or None


def _starts_with(prefix: str) -> ColumnElement[bool]:
    return deliveries.c.occurrence.startswith(prefix, autoescape=True)


class LedgerRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    # --- writing notices ------------------------------------------------------------------------

    async def enqueue(self, **notice: Any) -> bool:
        """Insert-or-ignore one notice on (member_id, cause, occurrence): the keywords of
        `_row_values` (member_id, cause, occurrence, due_at, payload; expires_at, urgent,
        group_key, created_at). True when the row is new."""
        return await self.enqueue_many([notice]) == 1

    async def enqueue_many(self, rows: Iterable[Mapping[str, Any]]) -> int:
        """Insert-or-ignore many notices (each a mapping of `enqueue`'s arguments). Returns new."""
        return await self._write_many(rows, revive=False)

    async def upsert_planned(self, rows: Iterable[Mapping[str, Any]]) -> int:
        """Make planned notices exist as given: insert new ones; rewrite the due time, payload and
        expiry of those still pending; bring back those that were cancelled (a planner decided
        again that they are wanted). Rows already claimed or finished are left alone.
        Returns how many rows were inserted or changed."""
        return await self._write_many(rows, revive=True)

    async def _write_many(self, rows: Iterable[Mapping[str, Any]], *, revive: bool) -> int:
        values = [_row_values(**row) for row in rows]
        if not values:
            return 0
        key = [deliveries.c.member_id, deliveries.c.cause, deliveries.c.occurrence]
        stmt = insert(self.conn, deliveries)
        if revive:
            new = stmt.excluded
            stmt = stmt.on_conflict_do_update(
                index_elements=key,
                set_={
                    "status": _PENDING,
                    "payload": new.payload,
                    "urgent": new.urgent,
                    "due_at": new.due_at,
                    "available_at": new.available_at,
                    "expires_at": new.expires_at,
                    "group_key": new.group_key,
                    "finished_at": null(),
                    "reason": null(),
                },
                # No bound parameters outside VALUES: SQLAlchemy then sends the rows in
                # multi-row batches ("insertmanyvalues") instead of one statement per row.
                where=deliveries.c.status.in_([_PENDING, _CANCELLED]),
            )
        else:
            stmt = stmt.on_conflict_do_nothing(index_elements=key)
        # One statement executed for many parameter sets: compiled once, sent in multi-row
        # batches by SQLAlchemy ("insertmanyvalues"); RETURNING gives the rows written.
        stmt = stmt.returning(deliveries.c.id)
        changed = 0
        for start in range(0, len(values), _CHUNK):
            result = await self.conn.execute(stmt, values[start : start + _CHUNK])
            changed += len(result.all())
        return changed

    async def insert_planned(
        self, rows: Sequence[PlannedRow], *, created_at: datetime | None = None
    ) -> int:
        """Insert-or-ignore many planned notices with one statement, on (member_id, cause,
        occurrence); returns how many rows are new. No per-value type processing: the payloads
        are JSON text already and each distinct time is converted once."""
        if not rows:
            return 0
        bind = _time_binder(self.conn)
        created = bind(created_at)
        if self.conn.dialect.name == "postgresql":
            m, c, o, d, e, g, p, u = map(list, zip(*rows, strict=True))
            params = {"m": m, "c": c, "o": o, "g": g, "p": p, "u": u, "created": created}
            params |= {"d": [bind(x) for x in d], "e": [bind(x) for x in e]}
            result = await self.conn.execute(_BULK_PG, params)
        else:
            values = [
                (m, c, o, g, p, u, bind(d), bind(d), bind(e), created)
                for m, c, o, d, e, g, p, u in rows
            ]
            result = await self.conn.exec_driver_sql(_BULK_SQLITE, values)
        return result.rowcount

    async def cancel(
        self,
        *,
        group_key: str | None = None,
        cause: str | None = None,
        member_id: int | None = None,
        occurrence_prefix: str | None = None,
        ids: Sequence[int] | None = None,
        now: datetime | None = None,
        reason: str | None = None,
    ) -> int:
        """Cancel the rows without an outcome matching every filter given (at least one): pending
        rows, and claimed rows a dispatcher holds but has not started to send (it checks before
        each send and skips them). A row being sent right now ("sending") or finished is not
        touched. Returns how many were cancelled."""
        conditions: list[ColumnElement[bool]] = [deliveries.c.status.in_(CANCELLABLE)]
        if group_key is not None:
            conditions.append(deliveries.c.group_key == group_key)
        if cause is not None:
            conditions.append(deliveries.c.cause == cause)
        if member_id is not None:
            conditions.append(deliveries.c.member_id == member_id)
        if occurrence_prefix is not None:
            conditions.append(_starts_with(occurrence_prefix))
        if ids is not None:
            if not ids:
                return 0
            conditions.append(deliveries.c.id.in_(list(ids)))
        if len(conditions) == 1:
            raise ValueError("cancel needs at least one filter; refusing to cancel everything")
        stmt = (
            update(deliveries)
            .where(*conditions)
            .values(status="cancelled", finished_at=now, reason=reason)
        )
        return (await self.conn.execute(stmt)).rowcount or 0

    # --- the dispatcher -------------------------------------------------------------------------

    async def claim(
        self,
        *,
        platform: str,
        worker: str,
        now: datetime,
        lease_until: datetime,
        limit: int,
        urgent_only: bool = False,
    ) -> list[ClaimedDelivery]:
        """Claim up to `limit` rows of members of `platform` that are due: pending rows whose time
        has come, and claimed rows whose lease ran out (their process died). Each claim counts
        one attempt. Expired rows and rows of blocked members are claimed too, so the dispatcher
        records their outcome."""
        earlier = deliveries.alias("earlier")
        conditions = [
            deliveries.c.status.in_(OPEN),
            deliveries.c.available_at <= now,
            deliveries.c.member_id.in_(select(members.c.id).where(members.c.platform == platform)),
            # one person's rows in order across dispatchers: not while an earlier row of theirs
            # is held by another (a dead leader's claim, until its lease ends and it is claimed
            # again here; a row it left "sending", until recover() records it); a dispatcher
            # orders the rows it holds itself
            ~select(earlier.c.id)
            .where(
                earlier.c.member_id == deliveries.c.member_id,
                earlier.c.id < deliveries.c.id,
                earlier.c.status.in_(("claimed", "sending")),
                earlier.c.claimed_by != worker,
            )
            .exists(),
        ]
        if urgent_only:
            # Quiet hours: only urgent rows, plus rows that have expired (to record that).
            conditions.append(
                or_(
                    deliveries.c.urgent.is_(True),
                    and_(deliveries.c.expires_at.is_not(None), deliveries.c.expires_at <= now),
                )
            )
        pick = (
            select(deliveries.c.id)
            .where(*conditions)
            .order_by(deliveries.c.available_at, deliveries.c.id)
            .limit(limit)
        )
        ids = list((await self.conn.execute(for_update_skip_locked(self.conn, pick))).scalars())
        if not ids:
            return []
        claimed = (
            update(deliveries)
            .where(
                deliveries.c.id.in_(ids),
                deliveries.c.status.in_(OPEN),
                deliveries.c.available_at <= now,
            )
            .values(
                status="claimed",
                claimed_at=now,
                claimed_by=worker,
                available_at=lease_until,
                attempts=deliveries.c.attempts + 1,
            )
            .returning(deliveries.c.id)
        )
        got = list((await self.conn.execute(claimed)).scalars())
        if not got:
            return []
        rows = await self.conn.execute(
            select(
                deliveries,
                members.c.platform,
                members.c.chat_id,
                members.c.user_id,
                members.c.locale,
                members.c.language_code,
                members.c.is_blocked.label("member_blocked"),
            )
            .join(members, members.c.id == deliveries.c.member_id)
            .where(deliveries.c.id.in_(got))
            .order_by(deliveries.c.due_at, deliveries.c.id)
        )
        return [ClaimedDelivery.model_validate(dict(r._mapping)) for r in rows]

    def _mine(
        self, delivery_id: int, worker: str, statuses: Sequence[str] = _HELD
    ) -> ColumnElement[bool]:
        return and_(
            deliveries.c.id == delivery_id,
            deliveries.c.status.in_(statuses),
            deliveries.c.claimed_by == worker,
        )

    async def _set(
        self, delivery_id: int, worker: str, statuses: Sequence[str], **values: Any
    ) -> bool:
        stmt = update(deliveries).where(self._mine(delivery_id, worker, statuses)).values(**values)
        return ((await self.conn.execute(stmt)).rowcount or 0) > 0

    async def begin_send(
        self, delivery_id: int, *, worker: str, now: datetime, lease_until: datetime
    ) -> bool:
        """Mark a claimed row "sending", right before its HTTP call (commit before the call).
        False when the row is no longer this worker's claim (cancelled meanwhile, or taken over
        by another process): it must not be sent. `lease_until`: until when the send may take
        before another process may record the row as uncertain."""
        return await self._set(
            delivery_id, worker, ("claimed",), status="sending", available_at=lease_until
        )

    async def end_send(self, delivery_id: int, *, worker: str) -> bool:
        """Back from "sending" to claimed when the answer proves nothing was sent (a 429): the
        next try checks again whether the row was cancelled."""
        return await self._set(delivery_id, worker, ("sending",), status="claimed")

    async def settle_interrupted(self, *, now: datetime) -> list[tuple[int, str | None]]:
        """Rows still "sending" after their lease: their process died during the call. Record
        them "uncertain" (never sent again). Returns (id, worker) of each."""
        stmt = (
            update(deliveries)
            .where(deliveries.c.status == "sending", deliveries.c.available_at <= now)
            .values(status="uncertain", finished_at=now, reason=UNCERTAIN_REASON)
            .returning(deliveries.c.id, deliveries.c.claimed_by)
        )
        return [(i, w) for i, w in (await self.conn.execute(stmt)).all()]

    async def mark_sent(
        self, delivery_id: int, *, worker: str, now: datetime, message_id: int | None
    ) -> bool:
        """Record a delivery. False when the claim was lost (another worker took the row over)."""
        return await self._set(
            delivery_id,
            worker,
            _HELD,
            status="sent",
            finished_at=now,
            message_id=message_id,
            reason=None,
        )

    async def mark_final(
        self,
        delivery_id: int,
        *,
        worker: str,
        status: FinalStatus,
        now: datetime,
        reason: str | None = None,
    ) -> bool:
        """Record an outcome without a message: blocked, failed, cancelled or expired."""
        return await self._set(
            delivery_id, worker, _HELD, status=status, finished_at=now, reason=_reason(reason)
        )

    async def retry_later(
        self,
        delivery_id: int,
        *,
        worker: str,
        available_at: datetime,
        reason: str | None = None,
        count_attempt: bool = True,
    ) -> bool:
        """Put a claimed row back to pending, to be claimed again at `available_at`.
        With count_attempt=False the claim does not count as an attempt (nothing was tried)."""
        values: dict[str, Any] = {
            "status": "pending",
            "available_at": available_at,
            "reason": _reason(reason),
            "claimed_by": None,
        }
        if not count_attempt:
            values["attempts"] = deliveries.c.attempts - 1
        return await self._set(delivery_id, worker, ("claimed", "sending"), **values)

    # --- reading --------------------------------------------------------------------------------

    async def get(self, delivery_id: int) -> Delivery | None:
        row = (
            await self.conn.execute(select(deliveries).where(deliveries.c.id == delivery_id))
        ).one_or_none()
        return Delivery.model_validate(dict(row._mapping)) if row else None

    async def find(
        self,
        *,
        member_id: int | None = None,
        cause: str | None = None,
        group_key: str | None = None,
        status: str | Sequence[str] | None = None,
        occurrence_prefix: str | None = None,
        limit: int | None = None,
    ) -> list[Delivery]:
        stmt = select(deliveries).order_by(deliveries.c.due_at, deliveries.c.id)
        if member_id is not None:
            stmt = stmt.where(deliveries.c.member_id == member_id)
        if cause is not None:
            stmt = stmt.where(deliveries.c.cause == cause)
        if group_key is not None:
            stmt = stmt.where(deliveries.c.group_key == group_key)
        if isinstance(status, str):
            stmt = stmt.where(deliveries.c.status == status)
        elif status is not None:
            stmt = stmt.where(deliveries.c.status.in_(list(status)))
        if occurrence_prefix is not None:
            stmt = stmt.where(_starts_with(occurrence_prefix))
        if limit is not None:
            stmt = stmt.limit(limit)
        rows = await self.conn.execute(stmt)
        return [Delivery.model_validate(dict(r._mapping)) for r in rows]

    async def statuses(
        self,
        *,
        causes: Sequence[str],
        group_keys: Sequence[str] | None = None,
        due_since: datetime | None = None,
    ) -> dict[tuple[int, str, str], tuple[int, str]]:
        """(member_id, cause, occurrence) -> (id, status) of the rows of some causes (optionally
        only of some groups, or due since a time): for a planner to diff what should exist
        against what does. Plain tuples: planners read hundreds of thousands of them."""
        stmt = select(
            deliveries.c.member_id,
            deliveries.c.cause,
            deliveries.c.occurrence,
            deliveries.c.id,
            deliveries.c.status,
        ).where(deliveries.c.cause.in_(list(causes)))
        if group_keys is not None:
            stmt = stmt.where(deliveries.c.group_key.in_(list(group_keys)))
        if due_since is not None:
            stmt = stmt.where(deliveries.c.due_at >= due_since)
        rows = await self.conn.execute(stmt)
        return {(m, c, o): (i, st) for m, c, o, i, st in rows.all()}

    async def counts(
        self, group_key: str | None = None, *, cause: str | None = None
    ) -> dict[str, int]:
        """How many rows are in each status: of one group (e.g. one broadcast,
        "broadcast:<id>"), of one cause, or of the whole ledger."""
        stmt = select(deliveries.c.status, func.count()).group_by(deliveries.c.status)
        if group_key is not None:
            stmt = stmt.where(deliveries.c.group_key == group_key)
        if cause is not None:
            stmt = stmt.where(deliveries.c.cause == cause)
        return {status: n for status, n in (await self.conn.execute(stmt)).all()}

    async def next_available(self, *, platform: str | None = None) -> datetime | None:
        """When the next open row becomes claimable (for tests and status screens)."""
        stmt = select(func.min(deliveries.c.available_at)).where(deliveries.c.status.in_(OPEN))
        if platform is not None:
            stmt = stmt.where(
                deliveries.c.member_id.in_(
                    select(members.c.id).where(members.c.platform == platform)
                )
            )
        earliest: datetime | None = (await self.conn.execute(stmt)).scalar()
        return earliest
