"""The assessment's steps: one per question of the file (and per chosen option for a repeated
question), then the review. The position is chat state (flow `assessment`, step = the question's
key or `review`, data = `Place`); the answers are the service's draft, saved as they arrive."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict
from telegram import Update

from bot.chat import keyboards
from bot.chat.context import CoopContext
from bot.chat.replies import answer, reply, show
from bot.persian.normalize import normalize_text
from bot.questionnaire import answers as parsing
from bot.questionnaire.flow import (
    Step,
    first_unanswered,
    missing_steps,
    next_after,
    previous_step,
    step_for,
)
from bot.questionnaire.model import Questionnaire
from bot.services.assessment import STALE, Outcome
from handlers.assessment import views
from handlers.features import Flow

FLOW = Flow.ASSESSMENT
REVIEW = "review"
STEP_ACTIONS = ("a", "t", "d", "p", "l", "c", "b", "s", "n", "e")


class Place(BaseModel):
    """Where the person is on the current screen (chat_states.data)."""

    model_config = ConfigDict(extra="ignore")

    v: str | None = None  # the questionnaire version the screen was made for
    edit: bool = False  # came from the review: back to it after the answer
    sel: list[str] | None = None  # a multi-choice selection not yet done
    prov: str | None = None  # the province chosen on a place question
    kb: bool = False  # the contact keyboard is up


def questionnaire(ctx: CoopContext) -> Questionnaire:
    return ctx.services.assessment.questionnaire


def resume_target(q: Questionnaire, answers: dict[str, Any]) -> str:
    step = first_unanswered(q, answers)
    return step.key if step is not None else REVIEW


async def screen(
    update: Update,
    ctx: CoopContext,
    answers: dict[str, Any],
    target: str,
    *,
    edit: bool = False,
    notice: str | None = None,
    new: bool = False,
    place: Place | None = None,
    had_keyboard: bool = False,
) -> None:
    """Show a question (or the review) and remember it as the person's place in the dialog."""
    q = questionnaire(ctx)
    member = ctx.require_member()
    asked = target
    step = step_for(q, answers, target) if target != REVIEW else None
    if target != REVIEW and step is None:  # not asked (any more): where the person is
        target = resume_target(q, answers)
        step = step_for(q, answers, target) if target != REVIEW else None
    if target == REVIEW and missing_steps(q, answers):
        target = resume_target(q, answers)
        step = step_for(q, answers, target)
    if target != asked or place is None:
        place = Place()  # a half-made choice belongs to the screen it was made on
    contact = step is not None and step.question.type == "mobile"
    place = place.model_copy(update={"v": q.version, "edit": edit, "kb": contact})
    await ctx.services.chat_state.set(
        member.id, FLOW, target, place.model_dump(mode="json", exclude_none=True)
    )
    if had_keyboard and not contact:  # take the contact button away
        await reply(update, ctx, ctx.t("assessment-ok"), keyboards.remove())
        new = True
    if step is None:
        text, markup = views.review_screen(ctx, q, answers)
    else:
        text, markup = views.question_screen(ctx, q, answers, step, place.model_dump())
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


async def advance(
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
    q = questionnaire(ctx)
    following = first_unanswered(q, answers) if edit else next_after(q, answers, key)
    target = following.key if following is not None else REVIEW
    await screen(
        update,
        ctx,
        answers,
        target,
        edit=edit and following is not None,
        notice=notice,
        had_keyboard=had_keyboard,
    )


async def stale(
    update: Update, ctx: CoopContext, answers: dict[str, Any], current: str, place: Place
) -> None:
    """A button of another question (or another screen): nothing changes; here is where we are."""
    await answer(update.callback_query, ctx.t("assessment-stale"))
    await screen(update, ctx, answers, current, edit=place.edit, new=True, place=place)


# --- typed answers, contacts and other messages -------------------------------------------------


async def on_typed(
    update: Update, ctx: CoopContext, answers: dict[str, Any], key: str, place: Place
) -> None:
    """A message at step `key` of an open draft: a text or contact is an answer; anything else
    gets the current question again with a note."""
    member = ctx.require_member()
    service = ctx.services.assessment
    q = questionnaire(ctx)
    message = update.effective_message
    edit = place.edit
    had_keyboard = place.kb

    async def again(notice: str) -> None:
        await screen(update, ctx, answers, key, edit=edit, notice=notice, place=place)

    if message.text is None and message.contact is None:  # a sticker, photo, voice…: ask again
        await again(ctx.t("assessment-error-kind"))
        return
    step = step_for(q, answers, key) if key != REVIEW else None
    if step is None:
        await again(views.error_text(ctx, q, parsing.Invalid(parsing.USE_BUTTONS), None))
        return
    if message.contact is not None:
        if step.question.type != "mobile":
            await again(ctx.t("assessment-error-contact"))
            return
        if message.contact.user_id != update.effective_user.id:
            await again(ctx.t("assessment-error-contact-other"))  # someone else's card
            return
        raw = message.contact.phone_number
    else:
        raw = message.text or ""
    option = typed_option(ctx, step, raw) if message.contact is None else None
    if option is not None:  # the label of a button, typed (or pasted) instead of pressed
        outcome = await service.choose(member.id, key, option)
    else:
        outcome = await service.answer_text(member.id, key, raw)
    if not outcome.saved:
        if outcome.error is not None and outcome.error.code == STALE:
            await again(ctx.t("assessment-stale"))
        else:
            await again(views.error_text(ctx, q, outcome.error, step))
        return
    if step.question.type == "mobile":
        await reply(update, ctx, ctx.t("assessment-mobile-saved"), keyboards.remove())
        had_keyboard = False
    warning = views.WARNING_KEYS.get(outcome.warning or "")
    await advance(
        update,
        ctx,
        outcome.draft.answers,
        key,
        edit=edit,
        notice=ctx.t(warning) if warning else None,
        had_keyboard=had_keyboard,
    )


def typed_option(ctx: CoopContext, step: Step, text: str) -> str | None:
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


# --- buttons of a question ----------------------------------------------------------------------


async def on_step(
    update: Update,
    ctx: CoopContext,
    action: str,
    step: Step,
    value: str | None,
    answers: dict[str, Any],
    place: Place,
) -> None:
    query = update.callback_query
    member = ctx.require_member()
    service = ctx.services.assessment
    q = questionnaire(ctx)
    key = step.key
    edit = place.edit
    had_keyboard = place.kb
    question = step.question

    async def again(**changes: Any) -> None:
        moved = place.model_copy(update=changes)
        await screen(update, ctx, answers, key, edit=edit, place=moved)

    async def saved_or_alert(outcome: Outcome) -> None:
        if not outcome.saved:
            await answer(query, views.error_text(ctx, q, outcome.error, step), alert=True)
            return
        await answer(query)
        await advance(update, ctx, outcome.draft.answers, key, edit=edit, had_keyboard=had_keyboard)

    def chosen_now() -> list[str]:
        return list(place.sel if place.sel is not None else (answers.get(key) or []))

    if action == "e":
        await answer(query)
        await screen(update, ctx, answers, key, edit=True)
    elif action == "a":
        await saved_or_alert(await service.choose(member.id, key, value or ""))
    elif action == "t":
        chosen = chosen_now()
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
                await answer(query, views.error_text(ctx, q, error, step), alert=True)
                return
            chosen.append(value)
        await answer(query)
        await again(sel=[o for o in question.option_ids() if o in chosen])
    elif action == "d":
        await saved_or_alert(await service.choose_many(member.id, key, chosen_now()))
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
        await screen(update, ctx, answers, target, had_keyboard=had_keyboard)
    elif action == "s":
        await saved_or_alert(await service.skip(member.id, key))
    elif action == "n":
        await answer(query)
        if key not in answers:
            await again()
            return
        await advance(update, ctx, answers, key, edit=edit, had_keyboard=had_keyboard)
