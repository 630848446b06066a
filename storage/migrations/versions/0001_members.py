"""members (people keyed by platform and user id) and chat_states (what each is doing)

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from storage.schema.types import UtcDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "members",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("user_id", sa.BigInteger, nullable=False),
        sa.Column("chat_id", sa.BigInteger, nullable=True),
        sa.Column("first_name", sa.String(256), nullable=True),
        sa.Column("last_name", sa.String(256), nullable=True),
        sa.Column("username", sa.String(64), nullable=True),
        sa.Column("language_code", sa.String(16), nullable=True),
        sa.Column("locale", sa.String(8), nullable=True),
        sa.Column("role", sa.String(16), nullable=False, server_default="member"),
        sa.Column("is_blocked", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("blocked_at", UtcDateTime, nullable=True),
        sa.Column("first_seen", UtcDateTime, nullable=False),
        sa.Column("last_seen", UtcDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_members"),
        sa.UniqueConstraint("platform", "user_id", name="uq_members_platform_user"),
    )
    op.create_table(
        "chat_states",
        sa.Column("member_id", sa.Integer, nullable=False),
        sa.Column("flow", sa.String(32), nullable=False),
        sa.Column("step", sa.String(64), nullable=True),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("updated_at", UtcDateTime, nullable=False),
        sa.PrimaryKeyConstraint("member_id", name="pk_chat_states"),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name="fk_chat_states_member_id_members",
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    op.drop_table("chat_states")
    op.drop_table("members")
