"""The needs assessment in the chat: one generic handler serves every question of the file.

One question at a time with «سؤال ۴ از ۱۸», back, skip (optional questions), a review screen
with an edit button per answer, then submit. Every valid answer is saved as it arrives (by the
service); the dialog position lives in the chat state (flow "assessment"), so a restart,
/cancel or a week away continue at the first unanswered question.

Callback data `assess:<action>:<version>:<step>[:<value>]` names the step and the questionnaire
version: a press on an older message (another step) or an older version is answered and the
current question is sent again; nothing is saved from it.
  a answer (single, yes/no)    t toggle (multi)    d done (multi)
  p province, l province list, c county (place: value `province.county`)
  b back    s skip    n next (keep the answer)    e edit (from the review)
  r review    ok submit (`assess:ok:<version>`)    `assess:start`, `assess:redo`
"""

from __future__ import annotations

from datetime import date
from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.chat import callbacks, keyboards
from bot.chat.context import CoopContext
from bot.chat.menu import Command, MenuEntry, Registry
from bot.chat.replies import answer, reply, show
from bot.core.i18n import format_number
from bot.persian.jalali import format_date
from bot.persian.normalize import normalize_text, to_persian_digits
from bot.questionnaire import answers as parsing
from bot.questionnaire.flow import (
    Step,
    first_unanswered,
    missing_steps,
    next_after,
    position,
    previous_step,
    step_for,
    visible_steps,
)
from bot.questionnaire.model import CALLBACK_FEATURE, ITEM, Questionnaire
from bot.questionnaire.places import OTHER_COUNTY
from bot.services.assessment import STALE, Incomplete
from handlers.roadmap import points_text, roadmap_text, standing_of, why_lines
from handlers.start import main_menu

FLOW = "assessment"
REVIEW = "review"
CHOSEN = "✅ "
STEP_ACTIONS = ("a", "t", "d", "p", "l", "c", "b", "s", "n", "e")

ERROR_KEYS = {
    parsing.EMPTY: "assessment-error-empty",  # i18n
    parsing.LETTERS: "assessment-error-letters",  # i18n
    parsing.TOO_LONG: "assessment-error-too-long",  # i18n
    parsing.TOO_SHORT: "assessment-error-too-short",  # i18n
    parsing.PATTERN: "assessment-error-pattern",  # i18n
    parsing.NUMBER: "assessment-error-number",  # i18n
    parsing.RANGE: "assessment-error-range",  # i18n
    parsing.ABOVE_ANSWER: "assessment-error-above-answer",  # i18n
    parsing.NATIONAL_ID: "assessment-error-national-id",  # i18n
    parsing.MOBILE: "assessment-error-mobile",  # i18n
    parsing.COOP_ID: "assessment-error-coop-id",  # i18n
    parsing.DATE: "assessment-error-date",  # i18n
    parsing.DATE_FUTURE: "assessment-error-date-future",  # i18n
    parsing.USE_BUTTONS: "assessment-error-use-buttons",  # i18n
    parsing.UNKNOWN_OPTION: "assessment-error-unknown-option",  # i18n
    parsing.TOO_FEW: "assessment-error-too-few",  # i18n
    parsing.TOO_MANY: "assessment-error-too-many",  # i18n
    parsing.NOT_OPTIONAL: "assessment-error-not-optional",  # i18n
}
WARNING_KEYS = {
    parsing.COOP_ID_CHECKSUM: "assessment-warning-coop-id",  # i18n
}


def _q(ctx: CoopContext) -> Questionnaire:
    return ctx.services.assessment.questionnaire


def _cb(action: str, *args: object) -> str:
    return callbacks.encode(CALLBACK_FEATURE, action, *args)


def _digits(value: Any, locale: str) -> str:
    """Numbers in the reader's digits; large counts grouped (1,000,000), years and IDs not."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000:
        return format_number(value, locale)
    return to_persian_digits(str(value)) if locale == "fa" else str(value)


# --- rendering -----------------------------------------------------------------------------------


ITEM_LABEL_MAX = 40  # a member's own words standing for an option are cut to this in labels


def _item_label(ctx: CoopContext, step: Step, answers: dict[str, Any]) -> str:
    """The option a repeated question is about, e.g. «حسابداری»; for an option the member
    described in their own words (\"another topic\" → «طراحی نقشهٔ فرش»), those words."""
    q = _q(ctx)
    source = q.question(step.question.repeat_for or "")
    option = source.option(step.item) if source is not None and step.item else None
    if option is None:
        return step.item or ""
    own = answers.get(_describing_question(q, source.id, option.id) or "")
    if isinstance(own, str) and own.strip():
        own = own.strip()
        return own if len(own) <= ITEM_LABEL_MAX else own[: ITEM_LABEL_MAX - 1].rstrip() + "…"
    return option.text.get(ctx.locale)


def _describing_question(q: Questionnaire, source_id: str, option_id: str) -> str | None:
    """The free-text question asked only when `option_id` of `source_id` is chosen."""
    for question in q.questions:
        if question.type == "text" and any(
            cond.question == source_id and cond.includes == option_id for cond in question.ask_if
        ):
            return question.id
    return None


def _label(ctx: CoopContext, step: Step, answers: dict[str, Any]) -> str:
    return step.question.label.get(ctx.locale).replace(ITEM, _item_label(ctx, step, answers))


def _option_label(ctx: CoopContext, step: Step, option_id: str) -> str:
    if step.question.type == "yes_no":
        return ctx.t("assessment-yes") if option_id == "yes" else ctx.t("assessment-no")
    option = step.question.option(option_id)
    return option.text.get(ctx.locale) if option is not None else option_id


def display(ctx: CoopContext, step: Step, value: Any) -> str:
    """An answer as the person sees it in their own review (IDs unmasked: it is theirs)."""
    if value is None:
        return ctx.t("assessment-skipped")
    kind = step.question.type
    locale = ctx.locale
    if kind in ("single", "yes_no"):
        return _option_label(ctx, step, value)
    if kind == "multi":
        sep = "، " if locale == "fa" else ", "
        return sep.join(_option_label(ctx, step, v) for v in value)
    if kind == "place":
        return _q(ctx).places.label(value.get("province"), value.get("county"), locale)
    if kind == "date":
        return format_date(date.fromisoformat(value), locale)
    if kind in ("integer", "national_id", "mobile", "coop_national_id"):
        return _digits(value, locale)
    text = str(value)
    return _digits(text, locale) if text.isascii() and text.isdigit() else text


def _in_order(places: list, locale: str) -> list:
    """Places as the file lists them (Persian order, the office's province first), or
    alphabetically by their English names for English readers; «other county» stays last."""
    if locale != "en":
        return list(places)
    return sorted(places, key=lambda p: (getattr(p, "id", None) == OTHER_COUNTY, p.en))


def question_screen(
    ctx: CoopContext, answers: dict[str, Any], step: Step, data: dict[str, Any]
) -> tuple[str, keyboards.InlineKeyboardMarkup | None]:
    q = _q(ctx)
    question = step.question
    key = step.key
    version = q.version
    where = position(q, answers, key)
    progress = ctx.t("assessment-progress", number=where.number, total=where.total)
    if where.items is not None and where.items > 1:
        progress += ctx.t("assessment-progress-item", item=where.item, items=where.items)
    lines = [progress, ""]
    lines.append(question.text.get(ctx.locale).replace(ITEM, _item_label(ctx, step, answers)))
    if question.hint is not None:
        lines.append(question.hint.get(ctx.locale))
    if question.optional:
        lines.append(ctx.t("assessment-optional"))
    answered = key in answers
    rows: list[list[keyboards.Button]] = []
    kind = question.type
    if kind in ("single", "yes_no"):
        current = answers.get(key)
        buttons = [
            (
                (CHOSEN if oid == current else "") + _option_label(ctx, step, oid),
                _cb("a", version, key, oid),
            )
            for oid in question.option_ids()
        ]
        rows += keyboards.grid(buttons, question.per_row)
    elif kind == "multi":
        chosen = data["sel"] if "sel" in data else (answers.get(key) or [])
        buttons = [
            (
                (CHOSEN if oid in chosen else "") + _option_label(ctx, step, oid),
                _cb("t", version, key, oid),
            )
            for oid in question.option_ids()
        ]
        rows += keyboards.grid(buttons, question.per_row)
        rows.append([(ctx.t("assessment-done"), _cb("d", version, key))])
        lines.append(ctx.t("assessment-multi-hint"))
    elif kind == "place":
        places = q.places
        province = places.province(data.get("prov"))
        if province is not None:
            lines.append(ctx.t("assessment-place-county", province=province.name(ctx.locale)))
            buttons = [
                (c.name(ctx.locale), _cb("c", version, key, f"{province.id}.{c.id}"))
                for c in _in_order(places.counties(province.id), ctx.locale)
            ]
            rows += keyboards.grid(buttons, question.per_row)
            rows.append([(ctx.t("assessment-provinces"), _cb("l", version, key))])
        else:
            lines.append(ctx.t("assessment-place-province"))
            buttons = [
                (p.name(ctx.locale), _cb("p", version, key, p.id))
                for p in _in_order(places.provinces, ctx.locale)
            ]
            rows += keyboards.grid(buttons, question.per_row)
    if answered and kind not in ("single", "yes_no", "multi"):
        lines.append(ctx.t("assessment-current", value=display(ctx, step, answers[key])))
    nav: list[keyboards.Button] = []
    if data.get("edit"):
        if question.optional:
            nav.append((ctx.t("assessment-skip"), _cb("s", version, key)))
        nav.append((ctx.t("assessment-to-review"), _cb("r", version)))
    else:
        if previous_step(q, answers, key) is not None:
            nav.append((ctx.t("assessment-back"), _cb("b", version, key)))
        if question.optional and not answered:
            nav.append((ctx.t("assessment-skip"), _cb("s", version, key)))
        if answered:
            nav.append((ctx.t("assessment-next"), _cb("n", version, key)))
    if nav:
        rows.append(nav)
    return "\n".join(lines), keyboards.inline(rows) if rows else None


def review_screen(
    ctx: CoopContext, answers: dict[str, Any]
) -> tuple[str, keyboards.InlineKeyboardMarkup]:
    q = _q(ctx)
    lines = [ctx.t("assessment-review-title"), ""]
    edits: list[keyboards.Button] = []
    for step in visible_steps(q, answers):
        label = _label(ctx, step, answers)
        lines.append(f"• {label}: {display(ctx, step, answers.get(step.key))}")
        edits.append((f"✏️ {label}", _cb("e", q.version, step.key)))
    lines += ["", ctx.t("assessment-review-hint")]
    rows = keyboards.grid(edits, 2)
    rows.append([(ctx.t("assessment-submit"), _cb("ok", q.version))])
    return "\n".join(lines), keyboards.inline(rows)


def error_text(ctx: CoopContext, error: parsing.Invalid, step: Step | None) -> str:
    args: dict[str, Any] = {k: _digits(v, ctx.locale) for k, v in error.args.items()}
    # the number itself too (`min_n`), for the plural: "at least one option" / "2 options"
    args.update({f"{k}_n": v for k, v in error.args.items() if isinstance(v, int)})
    if error.code == parsing.ABOVE_ANSWER and step is not None:
        ref = _q(ctx).question(step.question.max_answer_of or "")
        args["label"] = ref.label.get(ctx.locale) if ref is not None else ""
    return ctx.t(ERROR_KEYS.get(error.code, "assessment-error-unknown-option"), **args)


# --- moving between screens -------------------------------------------------------------------


def _resume_target(q: Questionnaire, answers: dict[str, Any]) -> str:
    step = first_unanswered(q, answers)
    return step.key if step is not None else REVIEW


async def _screen(
    update: Update,
    ctx: CoopContext,
    answers: dict[str, Any],
    target: str,
    *,
    edit: bool = False,
    notice: str | None = None,
    new: bool = False,
    data: dict[str, Any] | None = None,
    had_keyboard: bool = False,
) -> None:
    """Show a question (or the review) and remember it as the person's place in the dialog."""
    q = _q(ctx)
    member = ctx.require_member()
    asked = target
    step = step_for(q, answers, target) if target != REVIEW else None
    if target != REVIEW and step is None:  # not asked (any more): where the person is
        target = _resume_target(q, answers)
        step = step_for(q, answers, target) if target != REVIEW else None
    if target == REVIEW and missing_steps(q, answers):
        target = _resume_target(q, answers)
        step = step_for(q, answers, target)
    if target != asked:
        data = None  # a half-made choice belongs to the screen it was made on
    contact = step is not None and step.question.type == "mobile"
    state = {**(data or {}), "v": q.version, "edit": edit}
    state.pop("kb", None)
    if contact:
        state["kb"] = True
    await ctx.services.chat_state.set(member.id, FLOW, target, state)
    if had_keyboard and not contact:  # take the contact button away
        await reply(update, ctx, ctx.t("assessment-ok"), keyboards.remove())
        new = True
    if step is None:
        text, markup = review_screen(ctx, answers)
    else:
        text, markup = question_screen(ctx, answers, step, state)
    if notice:
        text = f"{notice}\n\n{text}"
    if new or update.callback_query is None:
        await reply(update, ctx, text, markup)
    else:
        await show(update, ctx, text, markup)
    if contact:
        await reply(
            update,
            ctx,
            ctx.t("assessment-contact-prompt"),
            keyboards.contact_request(ctx.t("assessment-contact-button")),
        )


async def _advance(
    update: Update,
    ctx: CoopContext,
    answers: dict[str, Any],
    key: str,
    *,
    edit: bool,
    notice: str | None = None,
    had_keyboard: bool = False,
) -> None:
    """After an answer: the next unanswered question, or the review when all are answered
    (straight back to the review when the answer was an edit from it)."""
    q = _q(ctx)
    following = first_unanswered(q, answers) if edit else next_after(q, answers, key)
    target = following.key if following is not None else REVIEW
    await _screen(
        update,
        ctx,
        answers,
        target,
        edit=edit and following is not None,
        notice=notice,
        had_keyboard=had_keyboard,
    )


async def entry(update: Update, ctx: CoopContext) -> None:
    """/assess and the menu: continue the open assessment, or offer the last one, or begin."""
    member = ctx.require_member()
    service = ctx.services.assessment
    q = _q(ctx)
    draft = await service.draft(member.id)
    if draft is None:
        latest = await service.latest(member.id)
        if latest is not None:
            markup = keyboards.inline(
                [
                    [(ctx.t("assessment-roadmap-button"), callbacks.encode("roadmap", "show"))],
                    [(ctx.t("assessment-redo"), _cb("redo"))],
                ]
            )
            date_text = format_date(latest.submitted_at, ctx.locale)
            await reply(update, ctx, ctx.t("assessment-already", date=date_text), markup)
            return
        draft = await service.begin(member.id)
        intro = q.title.get(ctx.locale)
        if q.intro is not None:
            intro = f"{intro}\n\n{q.intro.get(ctx.locale)}"
        await reply(update, ctx, intro)
        await _screen(update, ctx, draft.answers, _resume_target(q, draft.answers), new=True)
        return
    state = await ctx.services.chat_state.get(member.id)
    notice = ctx.t("assessment-welcome-back") if draft.answers else None
    await _screen(
        update,
        ctx,
        draft.answers,
        _resume_target(q, draft.answers),
        notice=notice,
        new=True,
        had_keyboard=bool(state and state.flow == FLOW and state.data.get("kb")),
    )


async def redo(update: Update, ctx: CoopContext) -> None:
    """Answer again: a new draft starts from the last submitted answers."""
    member = ctx.require_member()
    q = _q(ctx)
    draft = await ctx.services.assessment.begin(member.id)
    target = _resume_target(q, draft.answers)
    notice = ctx.t("assessment-redo-started") if target == REVIEW else None
    await _screen(update, ctx, draft.answers, target, notice=notice, new=True)


async def submit(update: Update, ctx: CoopContext) -> None:
    member = ctx.require_member()
    service = ctx.services.assessment
    query = update.callback_query
    try:
        submitted = await service.submit(member.id)
    except Incomplete as exc:
        await answer(query, ctx.t("assessment-error-incomplete"))
        draft = await service.draft(member.id)
        await _screen(update, ctx, draft.answers if draft else {}, exc.key, new=True)
        return
    except LookupError:
        await answer(query, ctx.t("assessment-closed"))
        await entry(update, ctx)
        return
    await answer(query)
    await ctx.services.chat_state.clear(member.id, FLOW)
    score = service.score_of(submitted)
    lines = [
        ctx.t("assessment-submitted"),
        "",
        ctx.t("assessment-score", score=points_text(score.total, ctx.locale)),
        *why_lines(ctx, score),
    ]
    if not submitted.consent:
        lines += ["", ctx.t("assessment-consent-no")]
    await show(update, ctx, "\n".join(lines))
    if submitted.cooperative_id is not None:
        roadmap = await service.roadmap(submitted.cooperative_id)
        # the roadmap stays in the chat: the menu comes in a message of its own, below it
        await reply(update, ctx, roadmap_text(ctx, roadmap))
    await reply(update, ctx, ctx.t("menu-title"), await main_menu(ctx))


# --- typed answers, contacts and other messages -------------------------------------------------


async def on_message(update: Update, ctx: CoopContext, state: Any) -> None:
    """Any message while the person is in the assessment (routed by handlers/text_router): a text
    or contact is an answer; anything else gets the current question again with a note."""
    member = ctx.require_member()
    service = ctx.services.assessment
    q = _q(ctx)
    message = update.effective_message
    data = dict(state.data or {})
    edit = bool(data.get("edit"))
    had_keyboard = bool(data.get("kb"))
    draft = await service.draft(member.id)
    if draft is None:  # submitted meanwhile (another device, an old state)
        await ctx.services.chat_state.clear(member.id, FLOW)
        await entry(update, ctx)
        return
    key = state.step or REVIEW
    if message.text is None and message.contact is None:  # a sticker, photo, voice…: ask again
        notice = ctx.t("assessment-error-kind")
        await _screen(update, ctx, draft.answers, key, edit=edit, notice=notice, data=data)
        return
    step = step_for(q, draft.answers, key) if key != REVIEW else None
    if step is None:
        notice = error_text(ctx, parsing.Invalid(parsing.USE_BUTTONS), None)
        await _screen(update, ctx, draft.answers, key, edit=edit, notice=notice, data=data)
        return
    if message.contact is not None:
        wrong = None
        if step.question.type != "mobile":
            wrong = ctx.t("assessment-error-contact")
        elif message.contact.user_id != update.effective_user.id:
            wrong = ctx.t("assessment-error-contact-other")  # someone else's card
        if wrong is not None:
            await _screen(update, ctx, draft.answers, key, edit=edit, notice=wrong, data=data)
            return
        raw = message.contact.phone_number
    else:
        raw = message.text or ""
    option = _typed_option(ctx, step, raw) if message.contact is None else None
    if option is not None:  # the label of a button, typed (or pasted) instead of pressed
        outcome = await service.choose(member.id, key, option)
    else:
        outcome = await service.answer_text(member.id, key, raw)
    if not outcome.saved:
        if outcome.error is not None and outcome.error.code == STALE:
            notice = ctx.t("assessment-stale")
        else:
            notice = error_text(ctx, outcome.error, step)
        await _screen(update, ctx, draft.answers, key, edit=edit, notice=notice, data=data)
        return
    if step.question.type == "mobile":
        await reply(update, ctx, ctx.t("assessment-mobile-saved"), keyboards.remove())
        had_keyboard = False
    notice = ctx.t(WARNING_KEYS[outcome.warning]) if outcome.warning in WARNING_KEYS else None
    await _advance(
        update,
        ctx,
        outcome.draft.answers,
        key,
        edit=edit,
        notice=notice,
        had_keyboard=had_keyboard,
    )


def _typed_option(ctx: CoopContext, step: Step, text: str) -> str | None:
    """The option of a single-choice or yes/no question whose label (in either language) is
    exactly what was typed."""
    if step.question.type not in ("single", "yes_no") or len(text) > 200:
        return None
    typed = normalize_text(text).casefold()
    translate = ctx.services.translator
    for option_id in step.question.option_ids():
        if step.question.type == "yes_no":
            key = "assessment-yes" if option_id == "yes" else "assessment-no"
            labels = [translate(locale, key) for locale in ("fa", "en")]
        else:
            text_of = step.question.option(option_id).text
            labels = [text_of.fa, text_of.en]
        if typed in (normalize_text(label).casefold() for label in labels):
            return option_id
    return None


# --- buttons -------------------------------------------------------------------------------------


async def on_callback(update: Update, ctx: CoopContext) -> None:
    query = update.callback_query
    data = callbacks.parse(query.data)
    action = data.action if data is not None else None
    if action == "start":
        await answer(query)
        await entry(update, ctx)
        return
    if action == "redo":
        await answer(query)
        await redo(update, ctx)
        return
    q = _q(ctx)
    if data is None or action not in (*STEP_ACTIONS, "r", "ok"):
        await answer(query, ctx.t("assessment-stale"))
        await entry(update, ctx)
        return
    if data.arg(0) != q.version:
        await answer(query, ctx.t("assessment-stale-version"))
        await entry(update, ctx)
        return
    member = ctx.require_member()
    draft = await ctx.services.assessment.draft(member.id)
    if draft is None:
        await answer(query, ctx.t("assessment-closed"))
        await entry(update, ctx)
        return
    state = await ctx.services.chat_state.get(member.id)
    if state is not None and state.flow != FLOW:
        state = None  # another dialog was open: the press brings the person back here
    sdata = dict(state.data or {}) if state is not None else {}
    current = state.step if state is not None and state.step else _resume_target(q, draft.answers)
    answers = draft.answers
    if action == "r":
        await answer(query)
        await _screen(update, ctx, answers, REVIEW, edit=True)
        return
    if action == "ok":
        if current != REVIEW:
            await _stale(update, ctx, answers, current, sdata)
            return
        await submit(update, ctx)
        return
    key = data.arg(1) or ""
    step = step_for(q, answers, key)
    if step is None or (key != current and not (action == "e" and current == REVIEW)):
        await _stale(update, ctx, answers, current, sdata)
        return
    await _on_step(update, ctx, action, step, data.arg(2), answers, sdata)


async def _stale(
    update: Update, ctx: CoopContext, answers: dict[str, Any], current: str, data: dict[str, Any]
) -> None:
    """A button of another question (or another screen): nothing changes; here is where we are."""
    await answer(update.callback_query, ctx.t("assessment-stale"))
    await _screen(update, ctx, answers, current, edit=bool(data.get("edit")), new=True, data=data)


async def _on_step(
    update: Update,
    ctx: CoopContext,
    action: str,
    step: Step,
    value: str | None,
    answers: dict[str, Any],
    data: dict[str, Any],
) -> None:
    query = update.callback_query
    member = ctx.require_member()
    service = ctx.services.assessment
    q = _q(ctx)
    key = step.key
    edit = bool(data.get("edit"))
    had_keyboard = bool(data.get("kb"))
    question = step.question

    async def again(notice: str | None = None, **changes: Any) -> None:
        await _screen(update, ctx, answers, key, edit=edit, notice=notice, data={**data, **changes})

    async def saved_or_alert(outcome) -> None:
        if not outcome.saved:
            await answer(query, error_text(ctx, outcome.error, step), alert=True)
            return
        await answer(query)
        await _advance(
            update, ctx, outcome.draft.answers, key, edit=edit, had_keyboard=had_keyboard
        )

    if action == "e":
        await answer(query)
        await _screen(update, ctx, answers, key, edit=True)
    elif action == "a":
        await saved_or_alert(await service.choose(member.id, key, value or ""))
    elif action == "t":
        chosen = list(data["sel"] if "sel" in data else (answers.get(key) or []))
        if question.type != "multi" or value not in question.option_ids():
            await answer(query)
            await again()
            return
        if value in chosen:
            chosen.remove(value)
        else:
            top = question.max_choices or len(question.options)
            if len(chosen) >= top:
                error = parsing.Invalid(parsing.TOO_MANY, {"max": top})
                await answer(query, error_text(ctx, error, step), alert=True)
                return
            chosen.append(value)
        await answer(query)
        await again(sel=[o for o in question.option_ids() if o in chosen])
    elif action == "d":
        chosen = list(data["sel"] if "sel" in data else (answers.get(key) or []))
        await saved_or_alert(await service.choose_many(member.id, key, chosen))
    elif action == "p":
        await answer(query)
        if question.type == "place" and q.places.province(value) is not None:
            await again(prov=value)
        else:
            await again()
    elif action == "l":
        await answer(query)
        await again(prov=None)
    elif action == "c":
        province, _, county = (value or "").partition(".")
        await saved_or_alert(await service.choose_place(member.id, key, province, county))
    elif action == "b":
        await answer(query)
        previous = previous_step(q, answers, key)
        target = previous.key if previous is not None else key
        await _screen(update, ctx, answers, target, had_keyboard=had_keyboard)
    elif action == "s":
        await saved_or_alert(await service.skip(member.id, key))
    elif action == "n":
        await answer(query)
        if key not in answers:
            await again()
            return
        await _advance(update, ctx, answers, key, edit=edit, had_keyboard=had_keyboard)


async def menu_label(ctx: CoopContext) -> str:
    """«نیازسنجی آموزشی», «ادامهٔ نیازسنجی» while one is unfinished, «به‌روزرسانی نیازسنجی» after."""
    standing = await standing_of(ctx)
    if standing.unfinished:
        return ctx.t("assessment-menu-continue")
    if standing.submitted:
        return ctx.t("assessment-menu-again")
    return ctx.t("assessment-menu")


def register(app: Application, registry: Registry) -> None:
    registry.add_menu(
        MenuEntry("assessment-menu", callbacks.encode(CALLBACK_FEATURE, "start"), label=menu_label)
    )
    registry.add_command(Command("assess", "cmd-assess"))
    registry.add_flow(FLOW, on_message)
    app.add_handler(CommandHandler("assess", entry))
    app.add_handler(CallbackQueryHandler(on_callback, pattern=callbacks.pattern(CALLBACK_FEATURE)))
