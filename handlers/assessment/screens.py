"""Showing a question or the review, and remembering it as the person's place: the chat state
(flow `assessment`, step = the question's key or `review`, data = `Place`). The answers are the
service's draft, saved as they arrive."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict
from telegram import Update

from bot.chat import keyboards
from bot.chat.context import CoopContext
from bot.chat.replies import answer, reply, show
from bot.questionnaire.flow import first_unanswered, missing_steps, next_after, step_for
from bot.questionnaire.model import Questionnaire
from handlers.assessment import views
from handlers.features import Flow

FLOW = Flow.ASSESSMENT
REVIEW = "review"


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
        shown = views.review_screen(ctx, q, answers)
    else:
        shown = views.question_screen(ctx, q, answers, step, place.model_dump())
    shown = shown.noted(notice or "")
    if new or update.callback_query is None:
        await reply(update, ctx, shown.text, shown.markup)
    else:
        await show(update, ctx, shown.text, shown.markup)
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
