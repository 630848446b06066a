"""Needs assessment: cooperatives, assessments (drafts and submitted history), answers, profiles."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    text,
)

from storage.schema.base import metadata
from storage.schema.types import UtcDateTime

# One record per cooperative, shared by all its members who answer (so their needs add up).
# Matched by national ID (شناسه ملی), else by identity_key = normalised name | registration
# number | province.county.
cooperatives = Table(
    "cooperatives",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("national_id", String(11), nullable=True),
    Column("name", String(200), nullable=False),
    Column("identity_key", String(300), nullable=False),
    Column("registration_no", String(20), nullable=True),
    Column("kind", String(32), nullable=True),
    Column("activity", String(400), nullable=True),
    Column("province", String(32), nullable=True),
    Column("county", String(32), nullable=True),
    Column("member_count", Integer, nullable=True),
    Column("founded_year", Integer, nullable=True),
    Column("small_startup", Boolean, nullable=True),
    Column("internet_based", Boolean, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    UniqueConstraint("national_id", name="uq_cooperatives_national_id"),
    UniqueConstraint("identity_key", name="uq_cooperatives_identity_key"),
)

# A person's questionnaire: at most one draft at a time; submitted ones are kept as history and
# the latest counts. `needs` holds the facts scoring uses (topics with urgency, members needing
# training, bonuses that applied); `score_detail` the parts of the need score.
assessments = Table(
    "assessments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
    Column("version", String(16), nullable=False),
    Column("status", String(16), nullable=False),  # draft | submitted
    Column(
        "cooperative_id",
        Integer,
        ForeignKey("cooperatives.id", ondelete="SET NULL"),
        nullable=True,
    ),
    Column("need_score", Float, nullable=True),
    Column("consent", Boolean, nullable=True),
    Column("topics", JSON, nullable=True),
    Column("delivery_mode", String(32), nullable=True),
    Column("needs", JSON, nullable=True),
    Column("score_detail", JSON, nullable=True),
    Column("started_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("submitted_at", UtcDateTime, nullable=True),
    Index(
        "uq_assessments_one_draft",
        "member_id",
        unique=True,
        sqlite_where=text("status = 'draft'"),
        postgresql_where=text("status = 'draft'"),
    ),
    Index("ix_assessments_member_status", "member_id", "status"),
    Index("ix_assessments_cooperative", "cooperative_id"),
)

# One row per answered step (`urgency.accounting` for repeated questions); value None = skipped.
assessment_answers = Table(
    "assessment_answers",
    metadata,
    Column(
        "assessment_id",
        Integer,
        ForeignKey("assessments.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("key", String(80), primary_key=True),
    Column("value", JSON(none_as_null=True), nullable=True),
    Column("answered_at", UtcDateTime, nullable=False),
)

# Who the person is, from their latest submitted assessment (for nominee lists).
member_profiles = Table(
    "member_profiles",
    metadata,
    Column("member_id", Integer, ForeignKey("members.id", ondelete="CASCADE"), primary_key=True),
    Column("full_name", String(200), nullable=True),
    Column("national_id", String(10), nullable=True),
    Column("mobile", String(11), nullable=True),
    Column("role", String(32), nullable=True),
    Column("gender", String(16), nullable=True),
    Column("education", String(32), nullable=True),
    Column(
        "cooperative_id",
        Integer,
        ForeignKey("cooperatives.id", ondelete="SET NULL"),
        nullable=True,
    ),
    Column(
        "assessment_id",
        Integer,
        ForeignKey("assessments.id", ondelete="SET NULL"),
        nullable=True,
    ),
    Column("updated_at", UtcDateTime, nullable=False),
)
