"""Which questions are asked, in what order, given the answers so far (pure functions).

A *step* is one question, or one instance of a question that repeats for each option chosen in
an earlier multi-choice question (`urgency.accounting`). Answers are keyed by the step key; a
skipped optional question has the value None. Skip rules see only answers of visible steps, so an
answer left behind by a question that is now hidden changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.questionnaire.model import Question, Questionnaire


@dataclass(frozen=True)
class Step:
    question: Question
    item: str | None = None  # the option of the repeat_for question this instance is about

    @property
    def key(self) -> str:
        return self.question.id if self.item is None else f"{self.question.id}.{self.item}"

    @property
    def optional(self) -> bool:
        return self.question.optional


def visible_steps(q: Questionnaire, answers: dict[str, Any]) -> list[Step]:
    steps: list[Step] = []
    effective: dict[str, Any] = {}
    for question in q.questions:
        if not all(cond.holds(effective) for cond in question.ask_if):
            continue
        if question.repeat_for is not None:
            chosen = effective.get(question.repeat_for) or []
            source = q.question(question.repeat_for)
            order = source.option_ids() if source else ()
            for item in (o for o in order if o in chosen):
                steps.append(Step(question, item))
            continue
        steps.append(Step(question))
        if question.id in answers:
            effective[question.id] = answers[question.id]
    return steps


def effective_answers(q: Questionnaire, answers: dict[str, Any]) -> dict[str, Any]:
    """Only the answers of steps that are asked now."""
    return {s.key: answers[s.key] for s in visible_steps(q, answers) if s.key in answers}


def step_for(q: Questionnaire, answers: dict[str, Any], key: str) -> Step | None:
    return next((s for s in visible_steps(q, answers) if s.key == key), None)


def first_unanswered(q: Questionnaire, answers: dict[str, Any]) -> Step | None:
    return next((s for s in visible_steps(q, answers) if s.key not in answers), None)


def previous_step(q: Questionnaire, answers: dict[str, Any], key: str) -> Step | None:
    """The step before `key` (for "back"); for an unknown key, the last step."""
    steps = visible_steps(q, answers)
    keys = [s.key for s in steps]
    if key not in keys:
        return steps[-1] if steps else None
    index = keys.index(key)
    return steps[index - 1] if index > 0 else None


def next_after(q: Questionnaire, answers: dict[str, Any], key: str) -> Step | None:
    """Where to go after answering `key`: the first unanswered step after it, else any
    unanswered step before it, else None (everything answered: the review screen)."""
    steps = visible_steps(q, answers)
    keys = [s.key for s in steps]
    start = keys.index(key) + 1 if key in keys else 0
    for step in steps[start:] + steps[:start]:
        if step.key not in answers:
            return step
    return None


@dataclass(frozen=True)
class Progress:
    """Where a step stands, for «سؤال ۲۰ از ۲۷، مورد ۲ از ۳».

    Questions are numbered as the file lists them, out of all its questions: the total never
    changes and the number never goes back when skip rules hide or show a question (a hidden
    one is passed over, like a numbered question on a paper form that does not apply). A
    question asked once per chosen option counts once; `item` of `items` says which instance.
    """

    number: int
    total: int
    item: int | None = None
    items: int | None = None


def position(q: Questionnaire, answers: dict[str, Any], key: str) -> Progress:
    ids = [question.id for question in q.questions]
    total = len(ids)
    steps = visible_steps(q, answers)
    step = next((s for s in steps if s.key == key), None)
    if step is None:
        return Progress(total, total)
    number = ids.index(step.question.id) + 1
    if step.item is None:
        return Progress(number, total)
    siblings = [s.key for s in steps if s.question.id == step.question.id]
    return Progress(number, total, siblings.index(key) + 1, len(siblings))


def missing_steps(q: Questionnaire, answers: dict[str, Any]) -> list[Step]:
    return [s for s in visible_steps(q, answers) if s.key not in answers]
