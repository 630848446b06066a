"""TVTO's rejection of a person on a monthly list: when, recorded by whom, and the reason

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

from storage.schema.types import UtcDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch mode: SQLite adds a column with a foreign key by copying the table
    with op.batch_alter_table("nomination_entries") as table:
        table.add_column(sa.Column("rejected_at", UtcDateTime, nullable=True))
        table.add_column(sa.Column("rejected_by", sa.Integer, nullable=True))
        table.add_column(sa.Column("rejection_reason", sa.Text, nullable=True))
        table.create_foreign_key(
            "fk_nomination_entries_rejected_by_members",
            "members",
            ["rejected_by"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("nomination_entries") as table:
        table.drop_constraint("fk_nomination_entries_rejected_by_members", type_="foreignkey")
        table.drop_column("rejection_reason")
        table.drop_column("rejected_by")
        table.drop_column("rejected_at")
