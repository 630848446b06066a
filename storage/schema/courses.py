"""Courses, registrations, the monthly nomination lists to TVTO, and the audit of staff changes.

- A course's calendar dates (start, end) are Tehran calendar dates (`Date`); instants (deadlines,
  request times) are UTC. Weekly sessions are JSON `[{"weekday": 0..6 (Monday = 0), "start":
  "HH:MM", "end": "HH:MM"}]` in Tehran wall time.
- One registration per (course, member): a person who cancels and registers again reuses the row.
- Seat-holding statuses are counted under a lock on the course (see bot/services/registration.py).
"""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from storage.schema.base import metadata
from storage.schema.types import UtcDateTime

courses = Table(
    "courses",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # The key of the course in the catalogue file it was loaded from (reloading updates it).
    Column("ref", String(64), nullable=True),
    Column("standard_code", String(64), nullable=False),
    Column("title_fa", String(256), nullable=False),
    Column("title_en", String(256), nullable=False),
    Column("topic", String(32), nullable=False),
    Column("provider_kind", String(32), nullable=False),  # tvto_centre | private_institute
    Column("provider_name", String(256), nullable=False),
    Column("provider_address", String(512), nullable=False, server_default=""),
    Column("provider_phone", String(32), nullable=False, server_default=""),
    Column("province", String(64), nullable=False),
    Column("county", String(64), nullable=False),
    Column("delivery_mode", String(16), nullable=False),  # in_person | online
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=False),
    Column("sessions", JSON, nullable=False),
    Column("total_hours", Integer, nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("registration_deadline", UtcDateTime, nullable=False),
    Column("status", String(16), nullable=False, server_default="open"),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    UniqueConstraint("ref", name="uq_courses_ref"),
    Index("ix_courses_topic", "topic"),
    Index("ix_courses_county", "county"),
)

registrations = Table(
    "registrations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "course_id",
        Integer,
        ForeignKey("courses.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column(
        "member_id",
        Integer,
        ForeignKey("members.id", ondelete="CASCADE"),
        nullable=False,
    ),
    # requested, nominated, sent, confirmed, rejected (by TVTO), waitlisted, offered, cancelled,
    # attended, completed
    Column("status", String(16), nullable=False),
    # Snapshots taken at registration from the person's latest submitted assessment.
    Column("need_score", Float, nullable=False, server_default="0"),
    Column("cooperative_id", Integer, nullable=True),
    Column("assessment_id", Integer, nullable=True),
    Column("requested_at", UtcDateTime, nullable=False),
    Column("status_at", UtcDateTime, nullable=False),
    Column("offer_deadline", UtcDateTime, nullable=True),
    Column("reason", String(64), nullable=True),  # why the last change happened (a short code)
    Column("carry_overs", Integer, nullable=False, server_default="0"),
    # Bumped on every status change: makes each notice's ledger occurrence unique.
    Column("version", Integer, nullable=False, server_default="1"),
    UniqueConstraint("course_id", "member_id", name="uq_registrations_course_member"),
    Index("ix_registrations_course_status", "course_id", "status"),
    Index("ix_registrations_member", "member_id"),
)

nomination_months = Table(
    "nomination_months",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("year", Integer, nullable=False),  # Jalali
    Column("month", Integer, nullable=False),  # Jalali 1..12
    Column("status", String(16), nullable=False),  # frozen, approved, sent, confirmed
    Column("cutoff_at", UtcDateTime, nullable=False),
    Column("frozen_at", UtcDateTime, nullable=False),
    Column("frozen_by", Integer, ForeignKey("members.id", ondelete="SET NULL"), nullable=True),
    Column("approved_at", UtcDateTime, nullable=True),
    Column("approved_by", Integer, ForeignKey("members.id", ondelete="SET NULL"), nullable=True),
    Column("sent_at", UtcDateTime, nullable=True),
    Column("sent_by", Integer, ForeignKey("members.id", ondelete="SET NULL"), nullable=True),
    Column("confirmed_at", UtcDateTime, nullable=True),
    Column("coop_cap", Integer, nullable=False),
    UniqueConstraint("year", "month", name="uq_nomination_months_year_month"),
)

nomination_entries = Table(
    "nomination_entries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "month_id",
        Integer,
        ForeignKey("nomination_months.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column(
        "registration_id",
        Integer,
        ForeignKey("registrations.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("course_id", Integer, nullable=False),
    Column("member_id", Integer, nullable=False),
    Column("cooperative_id", Integer, nullable=True),
    Column("need_score", Float, nullable=False),
    Column("requested_at", UtcDateTime, nullable=False),
    Column("rank", Integer, nullable=False),  # 1 = greatest need within the course
    Column("placed", Boolean, nullable=False),
    Column("reason", String(16), nullable=True),  # why unplaced: cap | seats; staff: moved
    # TVTO did not take this placed person: when, recorded by whom, and TVTO's reason.
    Column("rejected_at", UtcDateTime, nullable=True),
    Column("rejected_by", Integer, ForeignKey("members.id", ondelete="SET NULL"), nullable=True),
    Column("rejection_reason", Text, nullable=True),
    UniqueConstraint("month_id", "registration_id", name="uq_nomination_entries_month_reg"),
    Index("ix_nomination_entries_month_course", "month_id", "course_id"),
)

# Every change staff make (and the automatic freeze): who, what, why, before and after.
course_audit = Table(
    "course_audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UtcDateTime, nullable=False),
    Column("actor_id", Integer, ForeignKey("members.id", ondelete="SET NULL"), nullable=True),
    Column("action", String(32), nullable=False),
    Column("subject", String(16), nullable=False),  # course | registration | month | entry
    Column("subject_id", Integer, nullable=False),
    Column("reason", Text, nullable=True),
    Column("before", JSON, nullable=True),
    Column("after", JSON, nullable=True),
    Index("ix_course_audit_subject", "subject", "subject_id"),
)
