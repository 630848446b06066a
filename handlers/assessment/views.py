"""The assessment's screens: pure functions of the reader, the questionnaire and the answers.

Every callback data here is `assess:<action>:<version>:<step>[:<value>]` (see the package's
docstring); a view only builds them, the dialog checks them when they come back.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from bot.chat import callbacks, keyboards
from bot.chat.dialog import Screen
from bot.chat.reader import Reader
from bot.core.i18n import format_number
from bot.persian.jalali import format_date
from bot.questionnaire import answers as parsing
from bot.questionnaire.flow import Step, position, previous_step, visible_steps
from bot.questionnaire.model import ITEM, Questionnaire
from bot.questionnaire.places import OTHER_COUNTY
from handlers.features import Feature

CHOSEN = "✅ "
ITEM_LABEL_MAX = 40  # a member's own words standing for an option are cut to this in labels


ERROR_KEYS = {
    parsing.EMPTY: "assessment-error-empty",
    parsing.LETTERS: "assessment-error-letters",
    parsing.TOO_LONG: "assessment-error-too-long",
    parsing.TOO_SHORT: "assessment-error-too-short",
    parsing.PATTERN: "assessment-error-pattern",
    parsing.NUMBER: "assessment-error-number",
    parsing.RANGE: "assessment-error-range",
    parsing.ABOVE_ANSWER: "assessment-error-above-answer",
    parsing.NATIONAL_ID: "assessment-error-national-id",
    parsing.MOBILE: "assessment-error-mobile",
    parsing.COOP_ID: "assessment-error-coop-id",
    parsing.DATE: "assessment-error-date",
    parsing.DATE_FUTURE: "assessment-error-date-future",
    parsing.USE_BUTTONS: "assessment-error-use-buttons",
    parsing.UNKNOWN_OPTION: "assessment-error-unknown-option",
    parsing.TOO_FEW: "assessment-error-too-few",
    parsing.TOO_MANY: "assessment-error-too-many",
    parsing.NOT_OPTIONAL: "assessment-error-not-optional",
}
WARNING_KEYS = {
    parsing.COOP_ID_CHECKSUM: "assessment-warning-coop-id",
}


def cb(action: str, *args: object) -> str:
    return callbacks.encode(Feature.ASSESSMENT, action, *args)


def digits(r: Reader, value: Any) -> str:
    """Numbers in the reader's digits; large counts grouped (1,000,000), years and IDs not."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000:
        return format_number(value, r.locale)
    return r.digits(value)


def item_label(r: Reader, q: Questionnaire, step: Step, answers: Mapping[str, Any]) -> str:
    """The option a repeated question is about, e.g. «حسابداری»; for an option the member
    described in their own words (\"another topic\" → «طراحی نقشهٔ فرش»), those words."""
    source = q.question(step.question.repeat_for or "")
    option = source.option(step.item) if source is not None and step.item else None
    if source is None or option is None:
        return step.item or ""
    own = answers.get(describing_question(q, source.id, option.id) or "")
    if isinstance(own, str) and own.strip():
        own = own.strip()
        return own if len(own) <= ITEM_LABEL_MAX else own[: ITEM_LABEL_MAX - 1].rstrip() + "…"
    return option.text.get(r.locale)


def describing_question(q: Questionnaire, source_id: str, option_id: str) -> str | None:
    """The free-text question asked only when `option_id` of `source_id` is chosen."""
    for question in q.questions:
        if question.type == "text" and any(
            cond.question == source_id and cond.includes == option_id for cond in question.ask_if
        ):
            return question.id
    return None


def label(r: Reader, q: Questionnaire, step: Step, answers: Mapping[str, Any]) -> str:
    return step.question.label.get(r.locale).replace(ITEM, item_label(r, q, step, answers))


def option_label(r: Reader, step: Step, option_id: str) -> str:
    if step.question.type == "yes_no":
        return r.t("assessment-yes") if option_id == "yes" else r.t("assessment-no")
    option = step.question.option(option_id)
    return option.text.get(r.locale) if option is not None else option_id


def display(r: Reader, q: Questionnaire, step: Step, value: Any) -> str:
    """An answer as the person sees it in their own review (IDs unmasked: it is theirs)."""
    if value is None:
        return r.t("assessment-skipped")
    kind = step.question.type
    locale = r.locale
    if kind in ("single", "yes_no"):
        return option_label(r, step, value)
    if kind == "multi":
        sep = "، " if locale == "fa" else ", "
        return sep.join(option_label(r, step, v) for v in value)
    if kind == "place":
        return q.places.label(value.get("province"), value.get("county"), locale)
    if kind == "date":
        return format_date(date.fromisoformat(value), locale)
    if kind in ("integer", "national_id", "mobile", "coop_national_id"):
        return digits(r, value)
    text = str(value)
    return digits(r, text) if text.isascii() and text.isdigit() else text


def in_order(places: list, locale: str) -> list:
    """Places as the file lists them (Persian order, the office's province first), or
    alphabetically by their English names for English readers; «other county» stays last."""
    if locale != "en":
        return list(places)
    return sorted(places, key=lambda p: (getattr(p, "id", None) == OTHER_COUNTY, p.en))


def _choices(
    r: Reader, q: Questionnaire, step: Step, answers: Mapping[str, Any], data: Mapping[str, Any]
) -> tuple[list[str], list[list[keyboards.Button]]]:
    """The lines under the question and the buttons of its options."""
    question = step.question
    key = step.key
    version = q.version
    lines: list[str] = []
    rows: list[list[keyboards.Button]] = []
    kind = question.type
    if kind in ("single", "yes_no"):
        current = answers.get(key)
        buttons = [
            (
                (CHOSEN if oid == current else "") + option_label(r, step, oid),
                cb("a", version, key, oid),
            )
            for oid in question.option_ids()
        ]
        rows += keyboards.grid(buttons, question.per_row)
    elif kind == "multi":
        chosen = data["sel"] if data.get("sel") is not None else (answers.get(key) or [])
        buttons = [
            (
                (CHOSEN if oid in chosen else "") + option_label(r, step, oid),
                cb("t", version, key, oid),
            )
            for oid in question.option_ids()
        ]
        rows += keyboards.grid(buttons, question.per_row)
        rows.append([(r.t("assessment-done"), cb("d", version, key))])
        lines.append(r.t("assessment-multi-hint"))
    elif kind == "place":
        places = q.places
        province = places.province(data.get("prov"))
        if province is not None:
            lines.append(r.t("assessment-place-county", province=province.name(r.locale)))
            buttons = [
                (c.name(r.locale), cb("c", version, key, f"{province.id}.{c.id}"))
                for c in in_order(places.counties(province.id), r.locale)
            ]
            rows += keyboards.grid(buttons, question.per_row)
            rows.append([(r.t("assessment-provinces"), cb("l", version, key))])
        else:
            lines.append(r.t("assessment-place-province"))
            buttons = [
                (p.name(r.locale), cb("p", version, key, p.id))
                for p in in_order(places.provinces, r.locale)
            ]
            rows += keyboards.grid(buttons, question.per_row)
    return lines, rows


def question_screen(
    r: Reader,
    q: Questionnaire,
    answers: Mapping[str, Any],
    step: Step,
    data: Mapping[str, Any],
) -> Screen:
    """One question: «سؤال ۴ از ۱۸», its text and hint, its options, back/skip/next.
    `data` is the place in the dialog: `edit` (came from the review), `sel` (a multi-choice
    selection not yet done), `prov` (the province chosen for a place)."""
    question = step.question
    key = step.key
    version = q.version
    where = position(q, dict(answers), key)
    progress = r.t("assessment-progress", number=where.number, total=where.total)
    if where.items is not None and where.items > 1:
        progress += r.t("assessment-progress-item", item=where.item, items=where.items)
    lines = [progress, ""]
    lines.append(question.text.get(r.locale).replace(ITEM, item_label(r, q, step, answers)))
    if question.hint is not None:
        lines.append(question.hint.get(r.locale))
    if question.optional:
        lines.append(r.t("assessment-optional"))
    answered = key in answers
    more, rows = _choices(r, q, step, answers, data)
    lines += more
    if answered and question.type not in ("single", "yes_no", "multi"):
        lines.append(r.t("assessment-current", value=display(r, q, step, answers[key])))
    nav: list[keyboards.Button] = []
    if data.get("edit"):
        if question.optional:
            nav.append((r.t("assessment-skip"), cb("s", version, key)))
        nav.append((r.t("assessment-to-review"), cb("r", version)))
    else:
        if previous_step(q, dict(answers), key) is not None:
            nav.append((r.t("assessment-back"), cb("b", version, key)))
        if question.optional and not answered:
            nav.append((r.t("assessment-skip"), cb("s", version, key)))
        if answered:
            nav.append((r.t("assessment-next"), cb("n", version, key)))
    if nav:
        rows.append(nav)
    return Screen("\n".join(lines), keyboards.inline(rows) if rows else None)


def review_screen(r: Reader, q: Questionnaire, answers: Mapping[str, Any]) -> Screen:
    """Every answer with an edit button each, then submit."""
    lines = [r.t("assessment-review-title"), ""]
    edits: list[keyboards.Button] = []
    for step in visible_steps(q, dict(answers)):
        name = label(r, q, step, answers)
        lines.append(f"• {name}: {display(r, q, step, answers.get(step.key))}")
        edits.append((f"✏️ {name}", cb("e", q.version, step.key)))
    lines += ["", r.t("assessment-review-hint")]
    rows = keyboards.grid(edits, 2)
    rows.append([(r.t("assessment-submit"), cb("ok", q.version))])
    return Screen("\n".join(lines), keyboards.inline(rows))


def error_text(r: Reader, q: Questionnaire, error: parsing.Invalid, step: Step | None) -> str:
    args: dict[str, Any] = {k: digits(r, v) for k, v in error.args.items()}
    # the number itself too (`min_n`), for the plural: "at least one option" / "2 options"
    args.update({f"{k}_n": v for k, v in error.args.items() if isinstance(v, int)})
    if error.code == parsing.ABOVE_ANSWER and step is not None:
        ref = q.question(step.question.max_answer_of or "")
        args["label"] = ref.label.get(r.locale) if ref is not None else ""
    return r.t(ERROR_KEYS.get(error.code, "assessment-error-unknown-option"), **args)


def intro_text(r: Reader, q: Questionnaire) -> str:
    """The questionnaire's title and introduction, before its first question."""
    intro = q.title.get(r.locale)
    return f"{intro}\n\n{q.intro.get(r.locale)}" if q.intro is not None else intro


def already_screen(r: Reader, submitted_at: datetime) -> Screen:
    """For someone who submitted: their roadmap, or answer again."""
    markup = keyboards.inline(
        [
            [(r.t("assessment-roadmap-button"), callbacks.encode(Feature.ROADMAP, "show"))],
            [(r.t("assessment-redo"), cb("redo"))],
        ]
    )
    return Screen(r.t("assessment-already", date=format_date(submitted_at, r.locale)), markup)
