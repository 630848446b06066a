"""All tables. Each feature's tables live in a module of their own and are imported here."""

from storage.schema.admin import staff_invitations  # noqa: F401  (staff and admin tools)
from storage.schema.assessment import cooperatives  # noqa: F401  (and the assessment tables)
from storage.schema.base import metadata
from storage.schema.broadcasts import broadcasts  # noqa: F401  (staff broadcasts)
from storage.schema.courses import courses  # noqa: F401  (and registrations, nominations, audit)
from storage.schema.ledger import deliveries  # noqa: F401  (and the reminder tables)
from storage.schema.members import chat_states, members
from storage.schema.web import web_sessions  # noqa: F401  (the staff web console's sign-in)

__all__ = ["chat_states", "members", "metadata"]
