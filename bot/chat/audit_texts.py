"""The audit log as people read it, in their language: what each recorded detail is called,
values in words (Jalali times, roles, statuses, the reader's digits), subjects and actors.
Shared by the chat's /audit (handlers/audit.py) and the web console's audit page; a `Reader`
(bot/chat/reader.py) is the reader's language and translator."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from bot.chat.course_texts import FIELD_KEYS, value_display
from bot.chat.reader import Reader
from bot.persian.jalali import format_datetime

_ISO_TIME = re.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}")
_SESSION = re.compile("([A-Za-z]+) ([0-9]{1,2}:[0-9]{2})-([0-9]{1,2}:[0-9]{2})")
_FIGURES = re.compile("[0-9][0-9.,:/-]*")


def _label(r: Reader, key: str) -> str:
    """What a recorded detail is called: a course field's name, or `audit-field-<key>`."""
    if key in FIELD_KEYS:
        return r.t(FIELD_KEYS[key])
    text_key = "audit-field-" + key.replace("_", "-")
    return r.t(text_key) if r.has(text_key) else key


# Recorded codes shown in words, by the detail that holds them: `audit-status-<subject>-<code>`
# (a registration's, a month's, a course's, a broadcast's status), `audit-kind-<code>`, ...;
# worded for the office, not the member's own status texts. An unknown code shows as recorded.
_CODED = {
    "status": "audit-status-{subject}-{code}",
    "kind": "audit-kind-{code}",
    "platform": "audit-platform-{code}",
    "course_groups": "audit-group-{code}",
}


def code_text(r: Reader, subject: str, key: str, code: str) -> str | None:
    """A recorded code (a status, a kind) in the reader's words, or None for an unknown one."""
    if key == "reason" and subject == "entry":  # why a monthly-list row is (not) placed
        pattern = "audit-entry-reason-{code}"
    elif key in _CODED:
        pattern = _CODED[key]
    else:
        return None
    text_key = pattern.format(subject=subject, code=code).replace("_", "-")
    return r.t(text_key) if r.has(text_key) else None


def value_text(r: Reader, key: str, value: Any, subject: str = "") -> str:
    """One recorded value as a person reads it: times in Jalali Tehran time, yes/no, roles,
    statuses and other codes by name (of `subject`'s kind), figures in the reader's digits;
    texts people typed (titles, reasons) as they are."""
    if value is None or value == "":
        return "—"
    if key == "sessions" and isinstance(value, str):  # kept as «Saturday 09:00-12:00; …»
        parts = ("day", "start", "end")
        value = [dict(zip(parts, found, strict=True)) for found in _SESSION.findall(value)]
    if key in FIELD_KEYS:
        return value_display(r, key, value)  # a course field, as the course dialog shows it
    if isinstance(value, bool):
        return r.t("audit-yes" if value else "audit-no")
    if isinstance(value, int | float):  # ungrouped: years, months and ids read as written
        return r.digits(value if isinstance(value, int) else f"{value:g}")
    if isinstance(value, list):
        return "، ".join(value_text(r, key, v, subject) for v in value) if value else "—"
    if isinstance(value, dict):
        return changes_text(r, value, subject)
    text = str(value)
    if _ISO_TIME.match(text):
        try:
            return format_datetime(datetime.fromisoformat(text), r.locale)
        except ValueError:
            pass
    role_key = f"staff-role-{text}"
    if key == "role" and r.has(role_key):
        return r.t(role_key)
    named = code_text(r, subject, key, text)
    if named is not None:
        return named
    if _FIGURES.fullmatch(text):  # a date, a time, a code: figures only
        return r.digits(text)
    return text


def changes_text(r: Reader, values: dict[str, Any] | None, subject: str = "") -> str:
    """«ظرفیت: ۲۰، جای گرفته: ۱۸» instead of the stored JSON; `subject` (an entry's, e.g.
    "registration") says whose statuses they are."""
    if not values:
        return "—"
    separator = "، " if r.locale == "fa" else ", "
    return separator.join(
        f"{_label(r, key)}: {value_text(r, key, value, subject)}"
        for key, value in values.items()
    )


def change_lines(
    r: Reader,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    subject: str = "",
) -> str:
    """What an entry changed, a line per recorded detail in the reader's words (the export):
    «ظرفیت: ۲۰ ← ۲۵» / "Capacity: 20 → 25"; a detail only recorded after a creation reads
    «name: value»; one that is gone reads «name: old ← —»."""
    before, after = before or {}, after or {}
    arrow = "←" if r.locale == "fa" else "→"
    lines = []
    for key in [*before, *(k for k in after if k not in before)]:
        new = value_text(r, key, after.get(key), subject)
        if not before or (key in before and key in after and before[key] == after[key]):
            lines.append(f"{_label(r, key)}: {new}")
            continue
        old = value_text(r, key, before.get(key), subject)
        lines.append(f"{_label(r, key)}: {old} {arrow} {new}")
    return "\n".join(lines)


_IMPORT_ROW = re.compile("row ([0-9]+)")


def reason_text(r: Reader, reason: str) -> str:
    """A reason staff typed, as typed; the importer's «row N» in the reader's words."""
    row = _IMPORT_ROW.fullmatch(reason)
    return r.t("audit-reason-row", row=int(row.group(1))) if row else reason


def subject_text(r: Reader, subject: str, subject_id: int) -> str:
    """«دوره ۱۲», «فهرست ماهانه ۳»; an entry about the whole thing (id 0) shows no number."""
    key = "audit-subject-" + subject.replace("_", "-")
    name = r.t(key) if r.has(key) else subject
    return f"{name} {r.digits(subject_id)}" if subject_id else name


def actor_text(r: Reader, actor_id: int | None, actors: dict) -> str:
    """A staff member's messenger name and their number here; no actor is the system."""
    if actor_id is None:
        return r.t("audit-system")
    member = actors.get(actor_id)
    name = " ".join(p for p in (member.first_name, member.last_name) if p) if member else ""
    number = f"#{r.digits(actor_id)}"
    return f"{name} ({number})" if name else number
