"""delivery ledger (deliveries), reminder preferences, attendance replies,
schedules seen by the reminder planner

Revision ID: 0004
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from storage.schema.types import UtcDateTime

revision = "0004"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("member_id", sa.Integer, nullable=False),
        sa.Column("cause", sa.String(48), nullable=False),
        sa.Column("occurrence", sa.String(128), nullable=False),
        sa.Column("group_key", sa.String(96), nullable=True),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("urgent", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("due_at", UtcDateTime, nullable=False),
        sa.Column("available_at", UtcDateTime, nullable=False),
        sa.Column("expires_at", UtcDateTime, nullable=True),
        sa.Column("status", sa.String(16), nullable=False, server_default="pending"),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("claimed_at", UtcDateTime, nullable=True),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        sa.Column("finished_at", UtcDateTime, nullable=True),
        sa.Column("message_id", sa.Integer, nullable=True),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("created_at", UtcDateTime, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_deliveries"),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name="fk_deliveries_member_id_members",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("member_id", "cause", "occurrence", name="uq_deliveries_key"),
    )
    op.create_index("ix_deliveries_status_available", "deliveries", ["status", "available_at"])
    op.create_index("ix_deliveries_group_key", "deliveries", ["group_key"])

    op.create_table(
        "reminder_prefs",
        sa.Column("member_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("enabled", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("member_id", "kind", name="pk_reminder_prefs"),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name="fk_reminder_prefs_member_id_members",
            ondelete="CASCADE",
        ),
    )

    op.create_table(
        "attendance_replies",
        sa.Column("registration_id", sa.Integer, nullable=False),
        sa.Column("session_at", UtcDateTime, nullable=False),
        sa.Column("member_id", sa.Integer, nullable=False),
        sa.Column("course_id", sa.Integer, nullable=False),
        sa.Column("answer", sa.String(8), nullable=False),
        sa.Column("answered_at", UtcDateTime, nullable=False),
        sa.PrimaryKeyConstraint("registration_id", "session_at", name="pk_attendance_replies"),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name="fk_attendance_replies_member_id_members",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_attendance_replies_course_id", "attendance_replies", ["course_id"])

    op.create_table(
        "reminder_schedules",
        sa.Column("course_id", sa.Integer, nullable=False, autoincrement=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("updated_at", UtcDateTime, nullable=False),
        sa.PrimaryKeyConstraint("course_id", name="pk_reminder_schedules"),
    )


def downgrade() -> None:
    op.drop_table("reminder_schedules")
    op.drop_index("ix_attendance_replies_course_id", table_name="attendance_replies")
    op.drop_table("attendance_replies")
    op.drop_table("reminder_prefs")
    op.drop_index("ix_deliveries_group_key", table_name="deliveries")
    op.drop_index("ix_deliveries_status_available", table_name="deliveries")
    op.drop_table("deliveries")
