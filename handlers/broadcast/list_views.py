"""The /broadcasts screens: the list, one broadcast with its report, the cancel question. Pure
functions of the reader's words and the models; handlers/broadcast/history.py shows them.

Callback data `bcs:<action>[:<arg>]` (handlers/broadcast/history.py lists them).
"""

from __future__ import annotations

from bot.chat import keyboards
from bot.chat.dialog import Screen
from bot.persian.jalali import format_datetime
from bot.services.broadcast import Broadcast, Progress
from bot.services.courses import Course
from handlers.broadcast.texts import KIND_KEYS, STATUS_KEYS, Words, audience_lines, cb, list_cb

PAGE = 8
SNIPPET = 40
REPORTED = ("sending", "stopped", "done")  # statuses with a report (and an export)


def what(w: Words, b: Broadcast) -> str:
    """A short description: the kind and the start of the text."""
    kind = w(KIND_KEYS[b.kind])
    text = (b.body or "").replace("\n", " ").strip()
    if b.kind == "template" or not text:
        return kind
    snippet = text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"
    return f"{kind}: {snippet}"


def listing(w: Words, found: list[Broadcast], offset: int) -> Screen:
    """A page of the list: `found` holds up to PAGE + 1 broadcasts from `offset` (one more means
    there is a next page)."""
    if not found and offset == 0:
        return Screen(w("broadcast-list-empty"))
    rows = [
        [
            (
                w("broadcast-list-item", id=b.id, status=w(STATUS_KEYS[b.status]), what=what(w, b)),
                list_cb("open", b.id),
            )
        ]
        for b in found[:PAGE]
    ]
    if len(found) > PAGE:
        rows.append([(w("broadcast-list-more"), list_cb("list", offset + PAGE))])
    return Screen(w("broadcast-list-title"), keyboards.inline(rows))


def detail(w: Words, progress: Progress, course: Course | None, report: str) -> Screen:
    """One broadcast: status, audience, times, the report so far (`report`: its status message,
    bot/background/broadcast_progress.py), and what can be done with it."""
    b = progress.broadcast
    lines = [
        w("broadcast-detail-title", id=b.id, what=what(w, b)),
        w("broadcast-detail-status", status=w(STATUS_KEYS[b.status])),
    ]
    lines += [
        w("broadcast-detail-audience", value=line) for line in audience_lines(w, b.audience, course)
    ]
    if b.urgent:
        lines.append(w("broadcast-detail-urgent"))
    if b.status == "scheduled" and b.scheduled_at is not None:
        lines.append(
            w("broadcast-detail-scheduled", when=format_datetime(b.scheduled_at, w.locale))
        )
    if b.started_at is not None:
        lines.append(w("broadcast-detail-started", when=format_datetime(b.started_at, w.locale)))
    if b.finished_at is not None:
        lines.append(w("broadcast-detail-finished", when=format_datetime(b.finished_at, w.locale)))
    rows = []
    if b.status in REPORTED:
        # the live view (or the final summary) of the report
        lines.append("")
        lines.append(report)
        rows.append(
            [
                (w("broadcast-btn-export-xlsx"), list_cb("xlsx", b.id)),
                (w("broadcast-btn-export-csv"), list_cb("csv", b.id)),
            ]
        )
    if b.status == "sending":
        rows.append([(w("broadcast-btn-stop"), cb("stop", b.id))])
    if b.status == "scheduled":
        rows.append(
            [
                (w("broadcast-btn-edit-time"), cb("sch", b.id)),
                (
                    w("broadcast-btn-edit-audience"),
                    cb("aud", b.id),
                ),
            ]
        )
        rows.append([(w("broadcast-btn-cancel"), list_cb("cancel", b.id))])
    rows.append([(w("broadcast-btn-back"), list_cb("list", 0))])
    return Screen("\n".join(lines), keyboards.inline(rows))


def cancel_question(w: Words, b: Broadcast) -> Screen:
    rows = [
        [(w("broadcast-btn-cancel-yes"), list_cb("cancelok", b.id))],
        [(w("broadcast-btn-back"), list_cb("open", b.id))],
    ]
    return Screen(w("broadcast-cancel-confirm", id=b.id), keyboards.inline(rows))


def cancelled(w: Words, broadcast_id: int) -> Screen:
    rows = [[(w("broadcast-btn-back"), list_cb("list", 0))]]
    return Screen(w("broadcast-cancelled", id=broadcast_id), keyboards.inline(rows))
