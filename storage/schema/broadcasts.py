"""Staff broadcasts: one announcement to many members, sent through the delivery ledger.

Life of a broadcast:

    draft --confirm--> sending ---------> done        (every ledger row has an outcome)
      |                  |  ^
      +--schedule--> scheduled (start time reached)
      |                  |
      +--------------> cancelled  (before it started)
                         sending --Stop--> stopped    (pending rows cancelled; stays stopped)

The recipients are written to the ledger (`deliveries`, cause "broadcast", occurrence "b<id>",
group key "broadcast:<id>") in batches, each in its own write transaction together with
`enqueue_cursor` (the last member id written), so an interrupted enqueue resumes where it stopped;
the ledger's unique key makes a repeated batch harmless. Progress and the report are counted from
the ledger rows. `finished_at` is set once every row has its outcome and the report was posted.
"""

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from storage.schema.base import metadata
from storage.schema.types import UtcDateTime

BROADCAST_STATUSES = ("draft", "scheduled", "sending", "stopped", "done", "cancelled")
# text, photo, document, video: a message staff sent, copied to every recipient (copyMessage);
# template: a prepared text of locales/*/broadcast.ftl, rendered in each recipient's language.
BROADCAST_KINDS = ("text", "photo", "document", "video", "template")

broadcasts = Table(
    "broadcasts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_by", Integer, ForeignKey("members.id", ondelete="SET NULL"), nullable=True),
    # The messenger the message was written on: copies go out from there.
    Column("platform", String(16), nullable=False),
    Column("source_chat_id", BigInteger, nullable=True),
    Column("source_message_id", BigInteger, nullable=True),
    Column("kind", String(16), nullable=False),
    # The text (or caption) as written: shown in lists, and sent as plain text to members of
    # the other messenger (a message can only be copied within one messenger).
    Column("body", Text, nullable=True),
    Column("template", String(64), nullable=True),
    Column("audience", JSON, nullable=False),
    Column("audience_size", Integer, nullable=True),
    Column("status", String(16), nullable=False, server_default="draft"),
    Column("urgent", Boolean, nullable=False, server_default="0"),
    Column("scheduled_at", UtcDateTime, nullable=True),
    Column("started_at", UtcDateTime, nullable=True),
    Column("stopped_at", UtcDateTime, nullable=True),
    Column("finished_at", UtcDateTime, nullable=True),
    Column("stopped_by", Integer, ForeignKey("members.id", ondelete="SET NULL"), nullable=True),
    Column("enqueue_cursor", Integer, nullable=False, server_default="0"),
    Column("enqueue_done", Boolean, nullable=False, server_default="0"),
    Column("enqueued", Integer, nullable=False, server_default="0"),
    # The live progress message (edited in place), in the chat of whoever started it.
    Column("status_chat_id", BigInteger, nullable=True),
    Column("status_message_id", BigInteger, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Index("ix_broadcasts_status", "status"),
)
