"""staff broadcasts (one announcement to many members, sent through the delivery ledger)

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

from storage.schema.types import UtcDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "broadcasts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_by", sa.Integer, nullable=True),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("source_chat_id", sa.BigInteger, nullable=True),
        sa.Column("source_message_id", sa.BigInteger, nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("body", sa.Text, nullable=True),
        sa.Column("template", sa.String(64), nullable=True),
        sa.Column("audience", sa.JSON, nullable=False),
        sa.Column("audience_size", sa.Integer, nullable=True),
        sa.Column("status", sa.String(16), nullable=False, server_default="draft"),
        sa.Column("urgent", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("scheduled_at", UtcDateTime, nullable=True),
        sa.Column("started_at", UtcDateTime, nullable=True),
        sa.Column("stopped_at", UtcDateTime, nullable=True),
        sa.Column("finished_at", UtcDateTime, nullable=True),
        sa.Column("stopped_by", sa.Integer, nullable=True),
        sa.Column("enqueue_cursor", sa.Integer, nullable=False, server_default="0"),
        sa.Column("enqueue_done", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("enqueued", sa.Integer, nullable=False, server_default="0"),
        sa.Column("status_chat_id", sa.BigInteger, nullable=True),
        sa.Column("status_message_id", sa.BigInteger, nullable=True),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("updated_at", UtcDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_broadcasts"),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["members.id"],
            name="fk_broadcasts_created_by_members",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["stopped_by"],
            ["members.id"],
            name="fk_broadcasts_stopped_by_members",
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_broadcasts_status", "broadcasts", ["status"])


def downgrade() -> None:
    op.drop_index("ix_broadcasts_status", table_name="broadcasts")
    op.drop_table("broadcasts")
