"""The delivery ledger and the reminder tables.

`deliveries`: one row per message the bot sends on its own, keyed by (member, cause, occurrence),
written before it is sent. Life of a row:

    pending --claim--> claimed --begin send--> sending --answer--> sent | blocked | failed
       ^                |                         |
       +-- retry later -+-------------------------+        (a claimed row may also end expired)
                                                  +--lease over: the process died during the
                                                     call--> uncertain

Pending and claimed rows can be cancelled (a claimed one is then skipped: the dispatcher checks
before each send); a cancelled row stays cancelled unless a planner re-plans the same key. A row
"sending" is never sent again: after a crash it becomes "uncertain" (it may or may not have
arrived).

`available_at` is when the row may be claimed: the due time, then a retry time, and while claimed
the end of the lease (so a row claimed by a process that died is claimed again after the lease);
while sending, the end of the send's lease (after it the row is recorded uncertain).
"""

from typing import Literal, get_args

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from storage.schema.base import metadata
from storage.schema.types import UtcDateTime

DeliveryStatus = Literal[
    "pending",
    "claimed",
    "sending",
    "sent",
    "blocked",
    "failed",
    "cancelled",
    "expired",
    "uncertain",
]
DELIVERY_STATUSES: tuple[str, ...] = get_args(DeliveryStatus)

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
    Column("cause", String(48), nullable=False),
    Column("occurrence", String(128), nullable=False),
    Column("group_key", String(96), nullable=True),
    Column("payload", JSON, nullable=False),
    Column("urgent", Boolean, nullable=False, server_default="0"),
    Column("due_at", UtcDateTime, nullable=False),
    Column("available_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=True),
    Column("status", String(16), nullable=False, server_default="pending"),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("claimed_at", UtcDateTime, nullable=True),
    Column("claimed_by", String(64), nullable=True),
    Column("finished_at", UtcDateTime, nullable=True),
    Column("message_id", Integer, nullable=True),
    Column("reason", Text, nullable=True),
    Column("created_at", UtcDateTime, nullable=True),
    UniqueConstraint("member_id", "cause", "occurrence", name="uq_deliveries_key"),
    Index("ix_deliveries_status_available", "status", "available_at"),
    Index("ix_deliveries_group_key", "group_key"),
)

# Reminder kinds a person turned off (or on again); a missing row means "on".
reminder_prefs = Table(
    "reminder_prefs",
    metadata,
    Column("member_id", Integer, ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("enabled", Boolean, nullable=False),
    PrimaryKeyConstraint("member_id", "kind", name="pk_reminder_prefs"),
)

# Answers to the attendance buttons of session reminders («شرکت می‌کنم» / «نمی‌توانم بیایم»).
# Registrations live in the courses tables (another migration branch): plain ids, no foreign key.
attendance_replies = Table(
    "attendance_replies",
    metadata,
    Column("registration_id", Integer, nullable=False),
    Column("session_at", UtcDateTime, nullable=False),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
    Column("course_id", Integer, nullable=False),
    Column("answer", String(8), nullable=False),
    Column("answered_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("registration_id", "session_at", name="pk_attendance_replies"),
    Index("ix_attendance_replies_course_id", "course_id"),
)

# The last schedule (sessions and place) the reminder planner saw for each course: a different
# fingerprint means the schedule changed, and the people affected are told once.
reminder_schedules = Table(
    "reminder_schedules",
    metadata,
    Column("course_id", Integer, primary_key=True, autoincrement=False),
    Column("fingerprint", String(64), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)
