"""The assessment on the dialog kit (bot/chat/dialog.py): its steps come from the questionnaire
(one per question, one per chosen option of a repeated question, then `review`), its draft is
the place on the current screen (`Place`), and every step has the same table row: the screen of
its question, typed answers (empty ones too: the question explains them), contacts and other
messages, and every button of the assessment. The kit loads and checks the stored state; a state
it cannot continue (a step an earlier questionnaire had) opens the assessment where it stands.

A press outside the dialog (another dialog open, or none) brings the person back to it at the
first unanswered question; one of an earlier questionnaire version is answered as outdated."""

from __future__ import annotations

from enum import StrEnum
from typing import cast

from telegram import Update

from bot.chat import callbacks
from bot.chat import dialog as kit
from bot.chat.context import CoopContext
from bot.chat.replies import answer, reply
from bot.questionnaire.flow import Step, step_for
from bot.questionnaire.model import Questionnaire
from handlers.assessment import answers, views
from handlers.assessment.actions import entry, redo
from handlers.assessment.screens import (
    FLOW,
    REVIEW,
    Place,
    questionnaire,
    resume_target,
    screen,
)
from handlers.authz import refuse, reread
from storage.chat_states import ChatState

ACTIONS = ("a", "t", "d", "p", "l", "c", "b", "s", "n", "e", "r", "ok")
Dialog = kit.Dialog[StrEnum, Place]


def step_keys(q: Questionnaire) -> list[str]:
    """Every step any answers can make visible, and the review."""
    keys: list[str] = []
    for question in q.questions:
        if question.repeat_for is None:
            keys.append(question.id)
            continue
        source = q.question(question.repeat_for)
        keys += [Step(question, o).key for o in (source.option_ids() if source else ())]
    return [*keys, REVIEW]


async def view(turn: answers.Turn) -> kit.Screen:
    """The step's screen as the answers stand (the kit shows it for what the step cannot take)."""
    ctx = turn.ctx
    q = questionnaire(ctx)
    draft = await ctx.services.assessment.draft(turn.member_id)
    given = draft.answers if draft is not None else {}
    step = step_for(q, given, turn.step.value)
    if step is None:
        return views.review_screen(ctx, q, given)
    return views.question_screen(ctx, q, given, step, turn.draft.model_dump())


async def gone(update: Update, ctx: CoopContext) -> None:
    """A stored place this questionnaire does not have: the assessment where it stands."""
    if update.callback_query is not None:
        await answer(update.callback_query, ctx.t("assessment-stale"))
    await entry(update, ctx)


STEP = kit.Step(
    view,
    on_text=answers.typed,
    on_other=answers.other,
    buttons=dict.fromkeys(ACTIONS, answers.pressed),
    takes_empty=True,
)
_dialogs: dict[int, tuple[Questionnaire, Dialog]] = {}


def dialog_for(q: Questionnaire) -> Dialog:
    """The assessment's dialog for a questionnaire (made once per questionnaire)."""
    known = _dialogs.get(id(q))
    if known is not None and known[0] is q:
        return known[1]
    keys = step_keys(q)
    steps = cast(type[StrEnum], StrEnum("AssessmentStep", [(k, k) for k in keys]))
    flow = kit.Flow(
        name=FLOW, steps=steps, draft=Place, table=dict.fromkeys(steps, STEP), gone=gone
    )
    made: Dialog = kit.Dialog(flow, reread=reread, refuse=refuse)
    if len(_dialogs) >= 8:
        _dialogs.clear()
    _dialogs[id(q)] = (q, made)
    return made


async def on_message(update: Update, ctx: CoopContext, state: ChatState) -> None:
    """Any message while the person is in the assessment (routed by handlers/text_router)."""
    await dialog_for(questionnaire(ctx)).on_message(update, ctx, state)


async def place(update: Update, ctx: CoopContext, state: ChatState, note: str) -> None:
    """Where the person is, with a note (handlers/resume.py): the first question the saved
    answers leave open (or the review), as /assess would continue. Not the stored step: the
    answer is saved before the step moves on, and a worker may have died between the two."""
    draft = await ctx.services.assessment.draft(ctx.require_member().id)
    if draft is None:  # submitted: what /assess says now
        await reply(update, ctx, note)
        await entry(update, ctx)
        return
    q = questionnaire(ctx)
    await screen(
        update,
        ctx,
        draft.answers,
        resume_target(q, draft.answers),
        notice=note,
        new=True,
        had_keyboard=bool(state.data.get("kb")),
    )


async def on_callback(update: Update, ctx: CoopContext) -> None:
    """`assess:...`: begin or redo; an old version's or an unknown button is outdated; any other
    goes to the dialog at the person's step."""
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
    q = questionnaire(ctx)
    if data is None or action not in ACTIONS:
        await answer(query, ctx.t("assessment-stale"))
        await entry(update, ctx)
        return
    if data.arg(0) != q.version:
        await answer(query, ctx.t("assessment-stale-version"))
        await entry(update, ctx)
        return
    dialog = dialog_for(q)
    state = await ctx.services.chat_state.get(ctx.require_member().id)
    if state is not None and state.flow == FLOW:
        await dialog.on_press(update, ctx, data, state)
        return
    # another dialog was open (or none): the press brings the person back here
    draft = await ctx.services.assessment.draft(ctx.require_member().id)
    target = resume_target(q, draft.answers) if draft is not None else REVIEW
    await answers.pressed(kit.Turn(dialog, update, ctx, dialog.flow.steps(target), Place()), data)
