"""The monthly list's screens: pure functions of the reader and what the service returned."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.chat import callbacks, keyboards
from bot.chat.dialog import Screen
from bot.chat.reader import Reader
from bot.core.i18n import localize_digits
from bot.persian.jalali import format_datetime, month_label
from bot.services.courses import Course
from bot.services.nomination import (
    CourseAllocation,
    ListEntry,
    MonthView,
    NominationEntry,
    Overview,
    PreviewLine,
)
from bot.services.nomination_texts import MONTH_STATUS_KEYS, REASON_KEYS
from handlers.features import Feature

PREVIEW_LINES = 30  # courses listed in the preview; the rest are counted
PREVIEW_PEOPLE = 10  # people named per course in the preview, by rank; the rest are counted


def cb(action: str, *args: object) -> str:
    return callbacks.encode(Feature.NOMINATION, action, *args)


def score_text(score: float, locale: str) -> str:
    """A need score with at most one decimal: «۷٫۵» / "7.5"."""
    return localize_digits(f"{round(score, 1):g}", locale)


def overview_screen(r: Reader, info: Overview) -> Screen:
    """The months of the list, newest first; a preview of the open month when people wait."""
    text = r.t(
        "nomination-overview",
        month=month_label(*info.collecting, r.locale),
        cutoff=format_datetime(info.cutoff, r.locale),
        waiting=info.waiting,
    )
    rows = [
        [
            (
                r.t(
                    "nomination-month-button",
                    month=month_label(m.year, m.month, r.locale),
                    status=r.t(MONTH_STATUS_KEYS[m.status]),
                ),
                cb("m", m.id),
            )
        ]
        for m in info.months
    ]
    review = next((m for m in info.months if m.status == "frozen"), None)
    if info.in_review and review is not None:
        month = month_label(review.year, review.month, r.locale)
        text = f"{text}\n{r.t('nomination-overview-review', month=month, count=info.in_review)}"
    if not info.months:
        text = f"{text}\n{r.t('nomination-none')}"
    if info.waiting:
        month = month_label(*info.collecting, r.locale)
        rows.insert(0, [(r.t("nomination-preview-button", month=month), cb("pv"))])
    return Screen(text, keyboards.inline(rows) if rows else None)


def entry_line(r: Reader, entry: ListEntry, name: str) -> str:
    """«ردیف ۱. زهرا محمدی — امتیاز نیاز ۷٫۵ — جای گرفت»: one person of a list, by rank."""
    if isinstance(entry, NominationEntry) and entry.rejected_at is not None:  # not a preview's
        state = r.t("nomination-rejected", reason=entry.rejection_reason or "—")
    elif entry.placed:
        state = r.t("nomination-placed")
    else:
        reason = r.t(REASON_KEYS.get(entry.reason or "seats", REASON_KEYS["seats"]))
        state = r.t("nomination-unplaced", reason=reason)
    return r.t(
        "nomination-entry",
        rank=entry.rank,
        name=name,
        score=score_text(entry.need_score, r.locale),
        state=state,
    )


def preview_people(lines: Sequence[PreviewLine]) -> list[int]:
    """The members the preview names (their names are read before it is drawn)."""
    shown = lines[:PREVIEW_LINES]
    return sorted({e.member_id for line in shown for e in line.people[:PREVIEW_PEOPLE]})


def preview_screen(
    r: Reader, info: Overview, lines: Sequence[PreviewLine], names: Mapping[int, str]
) -> Screen:
    """The open month's list as it would be if it closed now: per course, placed of requests."""
    text = [
        r.t(
            "nomination-preview-title",
            month=month_label(*info.collecting, r.locale),
            cutoff=format_datetime(info.cutoff, r.locale),
        ),
        "",
    ]
    for line in lines[:PREVIEW_LINES]:
        text.append(
            r.t(
                "nomination-preview-line",
                title=line.course.title(r.locale),
                placed=line.placed,
                requests=line.requests,
            )
        )
        for entry in line.people[:PREVIEW_PEOPLE]:
            text.append(entry_line(r, entry, names[entry.member_id]))
        if len(line.people) > PREVIEW_PEOPLE:
            more = len(line.people) - PREVIEW_PEOPLE
            text.append(r.t("nomination-preview-more-people", count=more))
    if len(lines) > PREVIEW_LINES:
        text.append(r.t("nomination-preview-more", count=len(lines) - PREVIEW_LINES))
    if not lines:
        text.append(r.t("nomination-preview-empty"))
    back = keyboards.inline([[(r.t("nomination-button-back"), cb("home"))]])
    return Screen("\n".join(text), back)


def month_screen(r: Reader, view: MonthView, note: str = "") -> Screen:
    """One month: counts per course and the actions its status allows."""
    month = view.month
    lines = [
        r.t(
            "nomination-month-title",
            month=month_label(month.year, month.month, r.locale),
            status=r.t(MONTH_STATUS_KEYS[month.status]),
            cutoff=format_datetime(month.cutoff_at, r.locale),
            cap=month.coop_cap,
            placed=view.placed_count,
            unplaced=view.unplaced_count,
        )
    ]
    if view.rejected_count:
        lines.append(r.t("nomination-month-rejected", count=view.rejected_count))
    rows: list[list[keyboards.Button]] = []
    for allocation in view.courses:
        title = allocation.course.title(r.locale)
        lines.append(
            r.t(
                "nomination-course-line",
                title=title,
                placed=len(allocation.placed),
                unplaced=len(allocation.unplaced),
            )
        )
        rows.append([(title, cb("c", month.id, allocation.course.id))])
    if month.status == "frozen":
        rows.append([(r.t("nomination-button-approve"), cb("ap", month.id))])
    if month.status in ("frozen", "approved", "sent", "confirmed"):
        rows.append(
            [
                (r.t("nomination-button-xlsx"), cb("x", month.id)),
                (r.t("nomination-button-csv"), cb("csv", month.id)),
            ]
        )
    if month.status == "approved":
        rows.append([(r.t("nomination-button-sent"), cb("snt", month.id))])
    if month.status == "sent":
        rows.append([(r.t("nomination-button-confirm"), cb("cf", month.id))])
    rows.append([(r.t("nomination-button-back"), cb("home"))])
    return Screen("\n".join(lines), keyboards.inline(rows)).noted(note)


def course_entries(allocation: CourseAllocation) -> list[NominationEntry]:
    return sorted(allocation.placed + allocation.unplaced, key=lambda e: e.rank)


def course_screen(
    r: Reader, view: MonthView, allocation: CourseAllocation, names: Mapping[int, str]
) -> Screen:
    """One course's allocation, by rank; while the month is frozen, a move button per person."""
    frozen = view.month.status == "frozen"
    lines = [r.t("nomination-review-title", title=allocation.course.title(r.locale))]
    rows: list[list[keyboards.Button]] = []
    for entry in course_entries(allocation):
        lines.append(entry_line(r, entry, names[entry.member_id]))
        if frozen:
            label_key = "nomination-button-unplace" if entry.placed else "nomination-button-place"
            rows.append(
                [(r.t(label_key, rank=entry.rank), cb("mv", entry.id, 0 if entry.placed else 1))]
            )
    rows.append([(r.t("nomination-button-back"), cb("m", view.month.id))])
    return Screen("\n".join(lines), keyboards.inline(rows))


def over_cap_screen(r: Reader, entry: NominationEntry, same: int, cap: int) -> Screen:
    """Placing one more of a cooperative at the month's cap: warn, ask to confirm."""
    question = r.t("nomination-over-cap-question", rank=entry.rank, count=same, cap=cap)
    markup = keyboards.inline(
        [
            [(r.t("nomination-button-over-cap"), cb("mvc", entry.id))],
            [(r.t("nomination-button-back"), cb("c", entry.month_id, entry.course_id))],
        ]
    )
    return Screen(question, markup)


def confirm_step_screen(r: Reader, month_id: int, question_key: str, yes: str) -> Screen:
    markup = keyboards.inline(
        [
            [(r.t("nomination-button-yes"), yes)],
            [(r.t("nomination-button-back"), cb("m", month_id))],
        ]
    )
    return Screen(r.t(question_key), markup)


def confirm_screen(
    r: Reader, month_id: int, sent: Sequence[tuple[int, str, Course]], note: str = ""
) -> Screen:
    """The people sent to TVTO (registration id, name, course): confirm each, or all, or say
    TVTO did not take one."""
    rows = [
        [
            (f"{name} — {course.title(r.locale)}", cb("cf1", month_id, reg_id)),
            (r.t("nomination-button-reject"), cb("rj", month_id, reg_id)),
        ]
        for reg_id, name, course in sent
    ]
    if sent:
        rows.append([(r.t("nomination-button-confirm-all"), cb("cfa", month_id))])
    rows.append([(r.t("nomination-button-back"), cb("m", month_id))])
    text = r.t("nomination-confirm-title") if sent else r.t("nomination-confirm-empty")
    return Screen(text, keyboards.inline(rows)).noted(note)


def ask_reason_screen(r: Reader) -> Screen:
    """A move waits for its reason (for the audit log)."""
    return Screen(r.t("nomination-ask-reason"))


def ask_rejection_again_screen(r: Reader) -> Screen:
    """TVTO's reason, asked again after an answer it could not take."""
    return Screen(r.t("nomination-ask-rejection-again"))


def export_caption(r: Reader, year: int, month: int, count: int) -> str:
    return r.t("nomination-export-caption", month=month_label(year, month, r.locale), count=count)
