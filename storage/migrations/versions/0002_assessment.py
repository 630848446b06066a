"""needs assessment: cooperatives, assessments (drafts and history), answers, member profiles

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from storage.schema.types import UtcDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cooperatives",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("national_id", sa.String(11), nullable=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("identity_key", sa.String(300), nullable=False),
        sa.Column("registration_no", sa.String(20), nullable=True),
        sa.Column("kind", sa.String(32), nullable=True),
        sa.Column("activity", sa.String(400), nullable=True),
        sa.Column("province", sa.String(32), nullable=True),
        sa.Column("county", sa.String(32), nullable=True),
        sa.Column("member_count", sa.Integer, nullable=True),
        sa.Column("founded_year", sa.Integer, nullable=True),
        sa.Column("small_startup", sa.Boolean, nullable=True),
        sa.Column("internet_based", sa.Boolean, nullable=True),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("updated_at", UtcDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_cooperatives"),
        sa.UniqueConstraint("national_id", name="uq_cooperatives_national_id"),
        sa.UniqueConstraint("identity_key", name="uq_cooperatives_identity_key"),
    )
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("member_id", sa.Integer, nullable=False),
        sa.Column("version", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("cooperative_id", sa.Integer, nullable=True),
        sa.Column("need_score", sa.Float, nullable=True),
        sa.Column("consent", sa.Boolean, nullable=True),
        sa.Column("topics", sa.JSON, nullable=True),
        sa.Column("delivery_mode", sa.String(32), nullable=True),
        sa.Column("needs", sa.JSON, nullable=True),
        sa.Column("score_detail", sa.JSON, nullable=True),
        sa.Column("started_at", UtcDateTime, nullable=False),
        sa.Column("updated_at", UtcDateTime, nullable=False),
        sa.Column("submitted_at", UtcDateTime, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_assessments"),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name="fk_assessments_member_id_members",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["cooperative_id"],
            ["cooperatives.id"],
            name="fk_assessments_cooperative_id_cooperatives",
            ondelete="SET NULL",
        ),
    )
    op.create_index(
        "uq_assessments_one_draft",
        "assessments",
        ["member_id"],
        unique=True,
        sqlite_where=sa.text("status = 'draft'"),
        postgresql_where=sa.text("status = 'draft'"),
    )
    op.create_index("ix_assessments_member_status", "assessments", ["member_id", "status"])
    op.create_index("ix_assessments_cooperative", "assessments", ["cooperative_id"])
    op.create_table(
        "assessment_answers",
        sa.Column("assessment_id", sa.Integer, nullable=False),
        sa.Column("key", sa.String(80), nullable=False),
        sa.Column("value", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("answered_at", UtcDateTime, nullable=False),
        sa.PrimaryKeyConstraint("assessment_id", "key", name="pk_assessment_answers"),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name="fk_assessment_answers_assessment_id_assessments",
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "member_profiles",
        sa.Column("member_id", sa.Integer, nullable=False),
        sa.Column("full_name", sa.String(200), nullable=True),
        sa.Column("national_id", sa.String(10), nullable=True),
        sa.Column("mobile", sa.String(11), nullable=True),
        sa.Column("role", sa.String(32), nullable=True),
        sa.Column("gender", sa.String(16), nullable=True),
        sa.Column("education", sa.String(32), nullable=True),
        sa.Column("cooperative_id", sa.Integer, nullable=True),
        sa.Column("assessment_id", sa.Integer, nullable=True),
        sa.Column("updated_at", UtcDateTime, nullable=False),
        sa.PrimaryKeyConstraint("member_id", name="pk_member_profiles"),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name="fk_member_profiles_member_id_members",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["cooperative_id"],
            ["cooperatives.id"],
            name="fk_member_profiles_cooperative_id_cooperatives",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name="fk_member_profiles_assessment_id_assessments",
            ondelete="SET NULL",
        ),
    )


def downgrade() -> None:
    op.drop_table("member_profiles")
    op.drop_table("assessment_answers")
    op.drop_index("ix_assessments_cooperative", table_name="assessments")
    op.drop_index("ix_assessments_member_status", table_name="assessments")
    op.drop_index("uq_assessments_one_draft", table_name="assessments")
    op.drop_table("assessments")
    op.drop_table("cooperatives")
