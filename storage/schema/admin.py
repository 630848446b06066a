"""Staff and admin tools: one-time invitation links that make a person staff (or admin).

Only a hash of each token is stored: the link itself is shown once, to the admin who made it.
The audit of every staff/admin action is the one `course_audit` table (storage/schema/courses.py,
read and written through storage/audit.py): one log for the whole office.
"""

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table

from storage.schema.base import metadata
from storage.schema.courses import course_audit
from storage.schema.types import UtcDateTime

staff_invitations = Table(
    "staff_invitations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False),  # sha256 hex of the token in the link
    Column("role", String(16), nullable=False),  # staff | admin
    Column("created_by", Integer, ForeignKey("members.id", ondelete="SET NULL"), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("used_by", Integer, ForeignKey("members.id", ondelete="SET NULL"), nullable=True),
    Column("used_at", UtcDateTime, nullable=True),
    Column("revoked_at", UtcDateTime, nullable=True),
    Index("uq_staff_invitations_token_hash", "token_hash", unique=True),
)

# The audit log is read newest first, by time and by who acted (migration 0006 adds these).
Index("ix_course_audit_at", course_audit.c.at)
Index("ix_course_audit_actor_id", course_audit.c.actor_id)
