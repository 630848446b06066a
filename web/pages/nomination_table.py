"""The monthly list's rows as the table shows them: every cell's text made once here, in the
reader's language and digits, so the template only writes them out (5,000 rows stay fast)."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from bot.persian.normalize import to_persian_digits
from bot.services.nomination_desk import DeskPage
from bot.services.nomination_texts import REASON_KEYS

REGISTRATION_STATUSES = (
    "requested",
    "nominated",
    "sent",
    "confirmed",
    "rejected",
    "waitlisted",
    "offered",
    "cancelled",
    "attended",
    "completed",
)


class RowView(NamedTuple):
    entry: int
    registration: int
    rank: str
    name: str
    course: str
    cooperative: str
    county: str
    score: str
    css: str  # placed, unplaced or rejected
    state: str
    placed: bool
    awaiting_tvto: bool  # placed and sent: TVTO's answer can be recorded


def figures(locale: str) -> Callable[[str], str]:
    if locale != "fa":
        return str
    return lambda text: to_persian_digits(text.replace(".", "٫"))


def state_labels(t: Callable[..., str]) -> tuple[dict[str, str], dict[str, str]]:
    """(the list's states: placed and each reason for not, the registration statuses)."""
    states = {"placed": t("nomination-placed")}
    for reason, key in REASON_KEYS.items():
        states[reason] = t("nomination-unplaced", reason=t(key))
    statuses = {s: t(f"audit-status-registration-{s}") for s in REGISTRATION_STATUSES}
    return states, statuses


def table(page: DeskPage, locale: str, t: Callable[..., str]) -> list[RowView]:
    states, statuses = state_labels(t)
    digits = figures(locale)
    titles = {k: c.title(locale) for k, c in page.courses.items()}
    under_review = page.month.status == "frozen"
    out = []
    for row in page.rows:
        if row.rejected_at is not None:
            css, state = "rejected", t("nomination-rejected", reason=row.rejection_reason or "—")
        else:
            css = "placed" if row.placed else "unplaced"
            unplaced = states.get(row.reason or "", states["seats"])
            state = states["placed"] if row.placed else unplaced
            if not under_review:
                state = f"{state} · {statuses.get(row.status, row.status)}"
        out.append(
            RowView(
                entry=row.entry_id,
                registration=row.registration_id,
                rank=digits(str(row.rank)),
                name=page.name(row),
                course=titles.get(row.course_id, ""),
                cooperative=row.cooperative_name or "",
                county=page.county(row),
                score=digits(f"{round(row.need_score, 1):g}"),
                css=css,
                state=state,
                placed=row.placed,
                awaiting_tvto=row.placed and row.status == "sent",
            )
        )
    return out
