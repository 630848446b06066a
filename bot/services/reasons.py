"""The reason staff give for a change (kept in the audit log and sometimes told to the person):
the same bounds in the chat (handlers/text_router.py) and the web console."""

from __future__ import annotations

from bot.persian.normalize import looks_empty, normalize_text

REASON_LENGTH = (3, 500)


def clean_reason(text: str | None) -> str | None:
    """The reason as stored (normalized), or None when it is empty or outside REASON_LENGTH."""
    if text is None or looks_empty(text):
        return None
    cleaned = normalize_text(text)
    shortest, longest = REASON_LENGTH
    return cleaned if shortest <= len(cleaned) <= longest else None
