"""courses, registrations, nomination months and entries, and the audit of staff changes

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from storage.schema.types import UtcDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "courses",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("ref", sa.String(64), nullable=True),
        sa.Column("standard_code", sa.String(64), nullable=False),
        sa.Column("title_fa", sa.String(256), nullable=False),
        sa.Column("title_en", sa.String(256), nullable=False),
        sa.Column("topic", sa.String(32), nullable=False),
        sa.Column("provider_kind", sa.String(32), nullable=False),
        sa.Column("provider_name", sa.String(256), nullable=False),
        sa.Column("provider_address", sa.String(512), nullable=False, server_default=""),
        sa.Column("provider_phone", sa.String(32), nullable=False, server_default=""),
        sa.Column("province", sa.String(64), nullable=False),
        sa.Column("county", sa.String(64), nullable=False),
        sa.Column("delivery_mode", sa.String(16), nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date, nullable=False),
        sa.Column("sessions", sa.JSON, nullable=False),
        sa.Column("total_hours", sa.Integer, nullable=False),
        sa.Column("capacity", sa.Integer, nullable=False),
        sa.Column("registration_deadline", UtcDateTime, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="open"),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("updated_at", UtcDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_courses"),
        sa.UniqueConstraint("ref", name="uq_courses_ref"),
    )
    op.create_index("ix_courses_topic", "courses", ["topic"])
    op.create_index("ix_courses_county", "courses", ["county"])

    op.create_table(
        "registrations",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("course_id", sa.Integer, nullable=False),
        sa.Column("member_id", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("need_score", sa.Float, nullable=False, server_default="0"),
        sa.Column("cooperative_id", sa.Integer, nullable=True),
        sa.Column("assessment_id", sa.Integer, nullable=True),
        sa.Column("requested_at", UtcDateTime, nullable=False),
        sa.Column("status_at", UtcDateTime, nullable=False),
        sa.Column("offer_deadline", UtcDateTime, nullable=True),
        sa.Column("reason", sa.String(64), nullable=True),
        sa.Column("carry_overs", sa.Integer, nullable=False, server_default="0"),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.PrimaryKeyConstraint("id", name="pk_registrations"),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name="fk_registrations_course_id_courses",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name="fk_registrations_member_id_members",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("course_id", "member_id", name="uq_registrations_course_member"),
    )
    op.create_index("ix_registrations_course_status", "registrations", ["course_id", "status"])
    op.create_index("ix_registrations_member", "registrations", ["member_id"])

    op.create_table(
        "nomination_months",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("month", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("cutoff_at", UtcDateTime, nullable=False),
        sa.Column("frozen_at", UtcDateTime, nullable=False),
        sa.Column("frozen_by", sa.Integer, nullable=True),
        sa.Column("approved_at", UtcDateTime, nullable=True),
        sa.Column("approved_by", sa.Integer, nullable=True),
        sa.Column("sent_at", UtcDateTime, nullable=True),
        sa.Column("sent_by", sa.Integer, nullable=True),
        sa.Column("confirmed_at", UtcDateTime, nullable=True),
        sa.Column("coop_cap", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_nomination_months"),
        sa.UniqueConstraint("year", "month", name="uq_nomination_months_year_month"),
        *(
            sa.ForeignKeyConstraint(
                [column],
                ["members.id"],
                name=f"fk_nomination_months_{column}_members",
                ondelete="SET NULL",
            )
            for column in ("frozen_by", "approved_by", "sent_by")
        ),
    )

    op.create_table(
        "nomination_entries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("month_id", sa.Integer, nullable=False),
        sa.Column("registration_id", sa.Integer, nullable=False),
        sa.Column("course_id", sa.Integer, nullable=False),
        sa.Column("member_id", sa.Integer, nullable=False),
        sa.Column("cooperative_id", sa.Integer, nullable=True),
        sa.Column("need_score", sa.Float, nullable=False),
        sa.Column("requested_at", UtcDateTime, nullable=False),
        sa.Column("rank", sa.Integer, nullable=False),
        sa.Column("placed", sa.Boolean, nullable=False),
        sa.Column("reason", sa.String(16), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_nomination_entries"),
        sa.ForeignKeyConstraint(
            ["month_id"],
            ["nomination_months.id"],
            name="fk_nomination_entries_month_id_nomination_months",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name="fk_nomination_entries_registration_id_registrations",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("month_id", "registration_id", name="uq_nomination_entries_month_reg"),
    )
    op.create_index(
        "ix_nomination_entries_month_course", "nomination_entries", ["month_id", "course_id"]
    )

    op.create_table(
        "course_audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.Column("actor_id", sa.Integer, nullable=True),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("subject", sa.String(16), nullable=False),
        sa.Column("subject_id", sa.Integer, nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("before", sa.JSON, nullable=True),
        sa.Column("after", sa.JSON, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_course_audit"),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["members.id"],
            name="fk_course_audit_actor_id_members",
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_course_audit_subject", "course_audit", ["subject", "subject_id"])


def downgrade() -> None:
    op.drop_index("ix_course_audit_subject", table_name="course_audit")
    op.drop_table("course_audit")
    op.drop_index("ix_nomination_entries_month_course", table_name="nomination_entries")
    op.drop_table("nomination_entries")
    op.drop_table("nomination_months")
    op.drop_index("ix_registrations_member", table_name="registrations")
    op.drop_index("ix_registrations_course_status", table_name="registrations")
    op.drop_table("registrations")
    op.drop_index("ix_courses_county", table_name="courses")
    op.drop_index("ix_courses_topic", table_name="courses")
    op.drop_table("courses")
