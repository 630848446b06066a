"""The needs assessment in the chat: one generic handler serves every question of the file.

One question at a time with «سؤال ۴ از ۱۸», back, skip (optional questions), a review screen
with an edit button per answer, then submit. Every valid answer is saved as it arrives (by the
service); the dialog position lives in the chat state (flow "assessment"), so a restart,
/cancel or a week away continue at the first unanswered question.

- `views.py`   the screens (pure: reader, questionnaire, answers → text and buttons)
- `screens.py` show a question or the review and remember it as the person's place
- `answers.py` what a step does with a typed answer, a contact, another message, a press
- `actions.py` open, redo, submit; the main menu's label
- `dialog.py`  the flow on the dialog kit (steps from the questionnaire), routing of presses

Callback data `assess:<action>:<version>:<step>[:<value>]` names the step and the questionnaire
version: a press on an older message (another step) or an older version is answered and the
current question is sent again; nothing is saved from it.
  a answer (single, yes/no)    t toggle (multi)    d done (multi)
  p province, l province list, c county (place: value `province.county`)
  b back    s skip    n next (keep the answer)    e edit (from the review)
  r review    ok submit (`assess:ok:<version>`)    `assess:start`, `assess:redo`
"""

from __future__ import annotations

from typing import Any

from bot.chat import callbacks
from bot.chat.context import CoopContext
from bot.questionnaire.flow import Step
from handlers.assessment import views
from handlers.assessment.actions import entry, menu_label
from handlers.assessment.dialog import on_callback, on_message, place
from handlers.assessment.screens import FLOW, questionnaire
from handlers.features import Feature, Flow
from handlers.registration import Registrar

__all__ = ["FLOW", "answer_label", "display", "entry", "register"]


def display(ctx: CoopContext, step: Step, value: Any) -> str:
    """An answer as its owner sees it (their review, their data download)."""
    return views.display(ctx, questionnaire(ctx), step, value)


def answer_label(ctx: CoopContext, step: Step, answers: dict[str, Any]) -> str:
    """A question's short label (with the option a repeated question is about)."""
    return views.label(ctx, questionnaire(ctx), step, answers)


_label = answer_label  # the name handlers/privacy_document.py imports


def register(r: Registrar) -> None:
    r.menu("assessment-menu", callbacks.encode(Feature.ASSESSMENT, "start"), label=menu_label)
    r.command("assess", entry, "cmd-assess")
    r.buttons(Feature.ASSESSMENT, on_callback)
    r.flow(Flow.ASSESSMENT, on_message, place=place)
