"""/mydata as a person reads it: one HTML page in their language (Persian labels, right to left,
Jalali dates and Persian digits in Persian; a phone opens it in its browser), beside the
machine-readable JSON file (bot/services/privacy.py, every row as stored).

The page is built from the same rows as the JSON: the account, the profile, each assessment with
its answers as the review screen shows them, registrations with course titles, the messages the
bot sent or has queued, reminder settings, attendance replies; any other table (a staff member's
records, a dialog left half-way) is named with its number of rows, its details are in the JSON.
"""

from __future__ import annotations

import html
from datetime import date, datetime
from typing import Any

from bot.core.i18n import format_number
from bot.persian import to_persian_digits
from bot.persian.jalali import format_date, format_datetime
from bot.questionnaire.flow import visible_steps
from bot.services.privacy import MyData
from handlers.assessment import _label as answer_label
from handlers.assessment import display
from handlers.roadmap import points_text

LANGUAGES = {"fa": "فارسی", "en": "English"}
SHOWN = frozenset(
    {
        "members",
        "member_profiles",
        "assessments",
        "assessment_answers",
        "registrations",
        "deliveries",
        "reminder_prefs",
        "attendance_replies",
    }
)
STYLE = (
    "body{font-family:Vazirmatn,Tahoma,sans-serif;line-height:1.8;max-width:42em;margin:auto;"
    "padding:1em}h1{font-size:1.3em}h2{font-size:1.1em;border-bottom:1px solid #bbb;"
    "margin-top:1.5em}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em}"
    "dt{color:#555}dd{margin:0}li{margin:.2em 0}.small{color:#555;font-size:.9em}"
)


class _Page:
    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.locale = ctx.locale
        self.parts: list[str] = []

    def t(self, key: str, **args: object) -> str:
        text: str = self.ctx.t(key, **args)  # CoopContext.t
        return text

    def when(self, value: datetime | date | None) -> str:
        if value is None:
            return "—"
        if isinstance(value, datetime):
            return format_datetime(value, self.locale)
        return format_date(value, self.locale)

    def digits(self, value: object) -> str:
        text = "—" if value in (None, "") else str(value)
        return to_persian_digits(text) if self.locale == "fa" else text

    def number(self, value: int | float) -> str:
        return format_number(value, self.locale)

    def heading(self, text: str) -> None:
        self.parts.append(f"<h2>{html.escape(text)}</h2>")

    def fields(self, pairs: list[tuple[str, str]]) -> None:
        rows = "".join(
            f"<dt>{html.escape(label)}</dt><dd>{html.escape(value or '—')}</dd>"
            for label, value in pairs
        )
        self.parts.append(f"<dl>{rows}</dl>")

    def items(self, lines: list[str]) -> None:
        self.parts.append("<ul>" + "".join(f"<li>{html.escape(x)}</li>" for x in lines) + "</ul>")

    def note(self, text: str) -> None:
        self.parts.append(f'<p class="small">{html.escape(text)}</p>')


def _option(ctx: Any, question_id: str, value: Any) -> str:
    """A profile value stored as an option id (role, gender, education) in the reader's words."""
    if value is None:
        return "—"
    question = ctx.services.assessment.questionnaire.question(question_id)
    option = question.option(value) if question is not None else None
    return option.text.get(ctx.locale) if option is not None else str(value)


def _cooperative(data: MyData, row: dict[str, Any]) -> str:
    return data.cooperative_names.get(row.get("cooperative_id") or 0, "")


def _language(row: dict[str, Any]) -> str:
    """The language chosen in the bot, else the one the messenger reported (`fa-IR` → fa)."""
    code = row.get("locale") or (row.get("language_code") or "").split("-")[0]
    return LANGUAGES.get(code, code)


def _account(page: _Page, row: dict[str, Any]) -> None:
    page.heading(page.t("privacy-doc-account"))
    name = " ".join(p for p in (row.get("first_name"), row.get("last_name")) if p)
    page.fields(
        [
            (page.t("privacy-doc-messenger"), page.t(f"broadcast-platform-{row['platform']}")),
            (page.t("privacy-doc-user-id"), page.digits(row.get("user_id"))),
            (page.t("privacy-doc-name"), name),
            (page.t("privacy-doc-username"), f"@{row['username']}" if row.get("username") else ""),
            (page.t("privacy-doc-language"), _language(row)),
            (page.t("privacy-doc-role"), page.t("privacy-doc-role-value", role=row["role"])),
            (page.t("privacy-doc-first-seen"), page.when(row.get("first_seen"))),
            (page.t("privacy-doc-last-seen"), page.when(row.get("last_seen"))),
        ]
    )


def _profile(page: _Page, row: dict[str, Any], data: MyData) -> None:
    page.heading(page.t("privacy-doc-profile"))
    ctx = page.ctx
    page.fields(
        [
            (page.t("privacy-doc-full-name"), row.get("full_name") or ""),
            (page.t("privacy-doc-national-id"), page.digits(row.get("national_id"))),
            (page.t("privacy-doc-mobile"), page.digits(row.get("mobile"))),
            (page.t("privacy-doc-coop-role"), _option(ctx, "role", row.get("role"))),
            (page.t("privacy-doc-gender"), _option(ctx, "gender", row.get("gender"))),
            (page.t("privacy-doc-education"), _option(ctx, "education", row.get("education"))),
            (page.t("privacy-doc-cooperative"), _cooperative(data, row)),
            (page.t("privacy-doc-updated"), page.when(row.get("updated_at"))),
        ]
    )


def _answer_lines(page: _Page, answers: dict[str, Any]) -> list[str]:
    ctx = page.ctx
    questionnaire = ctx.services.assessment.questionnaire
    lines, seen = [], set()
    for step in visible_steps(questionnaire, answers):
        if step.key not in answers:
            continue
        seen.add(step.key)
        try:
            shown = display(ctx, step, answers[step.key])
        except (TypeError, ValueError, AttributeError):  # from an older questionnaire
            shown = str(answers[step.key])
        lines.append(f"{answer_label(ctx, step, answers)}: {shown}")
    # answers the current questionnaire no longer asks: as stored
    lines += [f"{key}: {page.digits(value)}" for key, value in answers.items() if key not in seen]
    return lines


def _assessments(page: _Page, data: MyData) -> None:
    answers_of: dict[int, dict[str, Any]] = {}
    for row in data.tables.get("assessment_answers", []):
        answers_of.setdefault(row["assessment_id"], {})[row["key"]] = row["value"]
    for number, row in enumerate(data.tables.get("assessments", []), start=1):
        page.heading(page.t("privacy-doc-assessment", number=page.digits(number)))
        score = row.get("need_score")
        page.fields(
            [
                (
                    page.t("privacy-doc-status"),
                    page.t("privacy-doc-assessment-status", status=row["status"]),
                ),
                (page.t("privacy-doc-started"), page.when(row.get("started_at"))),
                (page.t("privacy-doc-submitted"), page.when(row.get("submitted_at"))),
                (
                    page.t("privacy-doc-need-score"),
                    points_text(round(score, 1), page.locale) if score is not None else "",
                ),
                (page.t("privacy-doc-cooperative"), _cooperative(data, row)),
            ]
        )
        page.items(_answer_lines(page, answers_of.get(row["id"], {})))


def _registrations(page: _Page, data: MyData) -> None:
    rows = data.tables.get("registrations", [])
    if not rows:
        return
    page.heading(page.t("privacy-doc-registrations"))
    lines = []
    for row in rows:
        fa, en = data.course_titles.get(row["course_id"], (str(row["course_id"]),) * 2)
        status = f"courses-status-{row['status']}"
        status_text = page.t(status) if page.ctx.services.translator.has(status) else row["status"]
        lines.append(
            f"«{fa if page.locale == 'fa' else en}» — {status_text} — "
            + page.t("privacy-doc-registered", when=page.when(row.get("requested_at")))
        )
    page.items(lines)


def _messages(page: _Page, data: MyData) -> None:
    rows = data.tables.get("deliveries", [])
    if not rows:
        return
    page.heading(page.t("privacy-doc-messages", count=page.number(len(rows))))
    page.items(
        [
            f"{page.when(r.get('finished_at') or r['due_at'])} — "
            + page.t("privacy-doc-message-status", status=r["status"])
            for r in sorted(rows, key=lambda r: r["due_at"])
        ]
    )


def _reminders(page: _Page, data: MyData) -> None:
    prefs = data.tables.get("reminder_prefs", [])
    if prefs:
        page.heading(page.t("privacy-doc-reminders"))
        page.items(
            [
                page.t(
                    "reminders-state-on" if p["enabled"] else "reminders-state-off",
                    kind=page.t(f"reminders-kind-{p['kind']}"),
                )
                for p in prefs
            ]
        )
    replies = data.tables.get("attendance_replies", [])
    if replies:
        page.heading(page.t("privacy-doc-attendance"))
        page.items(
            [
                page.t(
                    "privacy-doc-attendance-answer",
                    answer=r["answer"],
                    when=page.when(r["session_at"]),
                )
                for r in replies
            ]
        )


def _others(page: _Page, data: MyData) -> None:
    others = [(name, rows) for name, rows in data.tables.items() if name not in SHOWN and rows]
    if not others:
        return
    page.heading(page.t("privacy-doc-other"))
    page.items(
        [
            page.t(
                "privacy-doc-rows",
                table=page.t("privacy-doc-table", table=name),
                count=page.number(len(rows)),
            )
            for name, rows in others
        ]
    )
    page.note(page.t("privacy-doc-other-hint"))


def readable_file(ctx: Any, data: MyData) -> tuple[str, bytes]:
    """(file name, UTF-8 HTML) of `data` in the reader's language."""
    page = _Page(ctx)
    json_name, _ = data.json_file()
    for row in data.tables.get("members", []):
        _account(page, row)
    for row in data.tables.get("member_profiles", []):
        _profile(page, row, data)
    _assessments(page, data)
    _registrations(page, data)
    _messages(page, data)
    _reminders(page, data)
    _others(page, data)
    title = html.escape(page.t("privacy-doc-title"))
    direction = "rtl" if page.locale == "fa" else "ltr"
    document = (
        f'<!doctype html>\n<html lang="{page.locale}" dir="{direction}"><head>'
        '<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{STYLE}</style></head><body>"
        f"<h1>{title}</h1>"
        f"<p>{html.escape(page.t('privacy-doc-made', when=page.when(data.exported_at)))}</p>"
        f'<p class="small">{html.escape(page.t("privacy-doc-json", file=json_name))}</p>'
        + "".join(page.parts)
        + "</body></html>\n"
    )
    return f"{data.file_stem()}.html", document.encode("utf-8")
