"""What a step of the assessment does with what the person sends: a typed answer, a contact, a
sticker; a press of an option, back, skip, next, edit, review or submit. Each valid answer is
saved by the service as it arrives; anything else is answered and changes nothing."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from telegram import Message

from bot.chat import dialog as kit
from bot.chat import keyboards
from bot.chat.callbacks import Callback
from bot.chat.context import CoopContext
from bot.chat.replies import answer, reply
from bot.persian.normalize import normalize_text
from bot.questionnaire import answers as parsing
from bot.questionnaire.flow import Step, previous_step, step_for
from bot.services.assessment import STALE, Outcome
from handlers.assessment import views
from handlers.assessment.actions import entry, submit
from handlers.assessment.screens import (
    FLOW,
    REVIEW,
    Place,
    advance,
    questionnaire,
    screen,
    stale,
)

Turn = kit.Turn[StrEnum, Place]


async def _answers(turn: Turn) -> dict[str, Any] | None:
    """The open draft's answers; None (and the assessment opened again) when there is none."""
    ctx = turn.ctx
    draft = await ctx.services.assessment.draft(turn.member_id)
    if draft is not None:
        return draft.answers
    # submitted meanwhile (another device, an old state)
    if turn.update.callback_query is not None:
        await answer(turn.update.callback_query, ctx.t("assessment-closed"))
    else:
        await ctx.services.chat_state.clear(turn.member_id, FLOW)
    await entry(turn.update, ctx)
    return None


# --- typed answers, contacts and other messages -------------------------------------------------


async def typed(turn: Turn, text: str) -> None:
    await _message(turn, text, None)


async def other(turn: Turn, message: Message) -> None:
    """A contact (the mobile question's answer), or a sticker, photo, voice…: asked again."""
    await _message(turn, None, message)


async def _message(turn: Turn, text: str | None, message: Message | None) -> None:
    answers = await _answers(turn)
    if answers is None:
        return
    update, ctx, place = turn.update, turn.ctx, turn.draft
    member = ctx.require_member()
    service = ctx.services.assessment
    q = questionnaire(ctx)
    key = turn.step.value
    contact = message.contact if message is not None else None

    async def again(notice: str) -> None:
        await screen(update, ctx, answers, key, edit=place.edit, notice=notice, place=place)

    if text is None and contact is None:
        await again(ctx.t("assessment-error-kind"))
        return
    step = step_for(q, answers, key) if key != REVIEW else None
    if step is None:
        await again(views.error_text(ctx, q, parsing.Invalid(parsing.USE_BUTTONS), None))
        return
    if contact is not None:
        if step.question.type != "mobile":
            await again(ctx.t("assessment-error-contact"))
            return
        if contact.user_id != update.effective_user.id:
            await again(ctx.t("assessment-error-contact-other"))  # someone else's card
            return
        raw = contact.phone_number
    else:
        raw = text or ""
    option = typed_option(ctx, step, raw) if contact is None else None
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
    had_keyboard = place.kb
    if step.question.type == "mobile":
        await reply(update, ctx, ctx.t("assessment-mobile-saved"), keyboards.remove())
        had_keyboard = False
    warning = views.WARNING_KEYS.get(outcome.warning or "")
    await advance(
        update,
        ctx,
        outcome.draft.answers,
        key,
        edit=place.edit,
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


# --- buttons ------------------------------------------------------------------------------------


async def pressed(turn: Turn, data: Callback) -> None:
    """Any button of the assessment's screens at the person's current step: a button of another
    question (an older message) is answered as outdated and the current question sent again."""
    answers = await _answers(turn)
    if answers is None:
        return
    update, ctx, place = turn.update, turn.ctx, turn.draft
    q = questionnaire(ctx)
    current = turn.step.value
    action = data.action
    if action == "r":
        await answer(update.callback_query)
        await screen(update, ctx, answers, REVIEW, edit=True)
        return
    if action == "ok":
        if current != REVIEW:
            await stale(update, ctx, answers, current, place)
            return
        await submit(update, ctx)
        return
    key = data.arg(1) or ""
    step = step_for(q, answers, key)
    if step is None or (key != current and not (action == "e" and current == REVIEW)):
        await stale(update, ctx, answers, current, place)
        return
    await on_step(turn, action, step, data.arg(2), answers)


async def on_step(
    turn: Turn, action: str, step: Step, value: str | None, answers: dict[str, Any]
) -> None:
    update, ctx, place = turn.update, turn.ctx, turn.draft
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
