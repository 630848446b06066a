"""staff invitations (one-time links that make a person staff or admin)

Revision ID: 0006
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

from storage.schema.types import UtcDateTime

revision = "0006"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_invitations",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("created_by", sa.Integer, nullable=True),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("expires_at", UtcDateTime, nullable=False),
        sa.Column("used_by", sa.Integer, nullable=True),
        sa.Column("used_at", UtcDateTime, nullable=True),
        sa.Column("revoked_at", UtcDateTime, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_staff_invitations"),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["members.id"],
            name="fk_staff_invitations_created_by_members",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["used_by"],
            ["members.id"],
            name="fk_staff_invitations_used_by_members",
            ondelete="SET NULL",
        ),
    )
    op.create_index(
        "uq_staff_invitations_token_hash", "staff_invitations", ["token_hash"], unique=True
    )
    # The audit log is read by time and by who acted (storage/audit.py).
    op.create_index("ix_course_audit_at", "course_audit", ["at"])
    op.create_index("ix_course_audit_actor_id", "course_audit", ["actor_id"])


def downgrade() -> None:
    op.drop_index("ix_course_audit_actor_id", table_name="course_audit")
    op.drop_index("ix_course_audit_at", table_name="course_audit")
    op.drop_index("uq_staff_invitations_token_hash", table_name="staff_invitations")
    op.drop_table("staff_invitations")
