"""The questionnaire as data: a pydantic model of the file an office can edit without code.

Every rule that can be checked before the bot starts is checked here (ids, options, skip rules,
references to earlier questions, scoring, whether button data fits Telegram's 64 bytes), so a
broken file stops start-up with a sentence naming the question instead of failing mid-chat.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    field_validator,
    model_validator,
)

from bot.chat.features import Feature
from bot.questionnaire.places import Places
from bot.services.topics import TOPICS

# Button data is `assess:<action>:<version>:<step>:<value>` (bot.chat.callbacks format, ≤ 64 bytes);
# actions are one letter, so the longest possible data is checked with a one-letter action.
CALLBACK_FEATURE = Feature.ASSESSMENT
MAX_CALLBACK_BYTES = 64

QuestionId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=24)]
OptionId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]*$", max_length=24)]
VersionTag = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.\-]+$", max_length=8)]

QuestionType = Literal[
    "single",  # one option (buttons)
    "multi",  # several options (toggle buttons + done)
    "yes_no",
    "text",  # free text with length limits (and an optional pattern)
    "integer",  # whole number with a range
    "national_id",  # کد ملی, checksum
    "mobile",  # 09xxxxxxxxx, contact-share button or typed
    "coop_national_id",  # شناسه ملی, 11 digits, soft checksum (warn only)
    "date",  # Jalali date
    "place",  # province → county
]
CHOICE_TYPES = ("single", "multi", "yes_no")
TYPED_TYPES = ("text", "integer", "national_id", "mobile", "coop_national_id", "date")
YES_NO = ("yes", "no")
ITEM = "{item}"  # in the text of a repeated question: the option it is asked about

# Answers that the bot understands (profile, cooperative record, scoring), and the question types
# that can provide them.
FIELDS: dict[str, tuple[str, ...]] = {
    "person.full_name": ("text",),
    "person.national_id": ("national_id",),
    "person.mobile": ("mobile",),
    "person.role": ("single",),
    "person.gender": ("single",),
    "person.education": ("single",),
    "coop.name": ("text",),
    "coop.national_id": ("coop_national_id",),
    "coop.registration_no": ("text", "integer"),
    "coop.kind": ("single",),
    "coop.activity": ("text",),
    "coop.place": ("place",),
    "coop.member_count": ("integer",),
    "coop.founded_year": ("integer",),
    "coop.small_startup": ("yes_no",),
    "coop.internet_based": ("yes_no",),
    "needs.topics": ("multi",),
    "needs.topic_other": ("text",),
    "needs.urgency": ("single",),
    "needs.members_needing": ("integer",),
    "needs.delivery_mode": ("single",),
    "needs.self_requested": ("yes_no",),
    "consent": ("yes_no",),
}
REQUIRED_FIELDS = ("coop.name", "needs.topics", "consent")


def _yaml_scalar(value: Any) -> Any:
    """YAML 1.1 reads `yes`/`no` as booleans and `3` as a number; ids are strings."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, int | float):
        return str(value)
    return value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Model):
    """A text in both languages of the bot."""

    fa: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, locale: str | None) -> str:
        return self.en if locale == "en" else self.fa


class Option(_Model):
    id: OptionId
    text: Text
    weight: float = Field(default=1.0, ge=0, le=100)

    _id = field_validator("id", mode="before")(_yaml_scalar)


class Condition(_Model):
    """Ask a question only if an earlier answer …; exactly one operator per condition."""

    question: QuestionId
    equals: str | None = None
    not_equals: str | None = None
    one_of: list[str] | None = None
    includes: str | None = None  # multi-choice answer contains this option
    answered: bool | None = None  # answered (not skipped) / skipped

    @field_validator("equals", "not_equals", "includes", mode="before")
    @classmethod
    def _scalar(cls, value: Any) -> Any:
        return _yaml_scalar(value)

    @field_validator("one_of", mode="before")
    @classmethod
    def _scalars(cls, value: Any) -> Any:
        return [_yaml_scalar(v) for v in value] if isinstance(value, list) else value

    @model_validator(mode="after")
    def _one_operator(self) -> Condition:
        set_ = [n for n in self.operators() if getattr(self, n) is not None]
        if len(set_) != 1:
            raise ValueError(
                "a condition needs exactly one of equals, not_equals, one_of, includes, answered"
            )
        return self

    @staticmethod
    def operators() -> tuple[str, ...]:
        return ("equals", "not_equals", "one_of", "includes", "answered")

    def option_values(self) -> list[str]:
        """The option ids this condition names (checked against the question's options)."""
        if self.one_of is not None:
            return list(self.one_of)
        value = self.equals or self.not_equals or self.includes
        return [value] if value is not None else []

    def holds(self, answers: dict[str, Any]) -> bool:
        """Missing or skipped answers satisfy only `answered: false`."""
        value = answers.get(self.question)
        if self.answered is not None:
            return (value is not None) == self.answered
        if value is None:
            return False
        if self.includes is not None:
            return isinstance(value, list) and self.includes in value
        if self.equals is not None:
            return bool(value == self.equals)
        if self.not_equals is not None:
            return bool(value != self.not_equals)
        return value in (self.one_of or [])


class Question(_Model):
    id: QuestionId
    type: QuestionType
    text: Text
    label: Text  # short name, for the review screen and explanations
    hint: Text | None = None
    optional: bool = False
    ask_if: list[Condition] = Field(default_factory=list)  # all must hold
    options: list[Option] = Field(default_factory=list)
    per_row: int = Field(default=2, ge=1, le=4)
    # multi
    min_choices: int = Field(default=1, ge=0)
    max_choices: int | None = Field(default=None, ge=1)
    # text
    min_length: int = Field(default=1, ge=1)
    max_length: int = Field(default=200, ge=1, le=1000)
    pattern: str | None = None
    # integer
    min: int | None = None
    max: int | None = None
    max_answer_of: QuestionId | None = None  # not more than the answer to an earlier question
    max_current_year: bool = False  # not after the current Jalali year
    # date
    not_in_future: bool = False
    # asked once per option chosen in an earlier multi-choice question
    repeat_for: QuestionId | None = None
    field: str | None = None

    @field_validator("ask_if", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, dict) else value

    @model_validator(mode="after")
    def _per_type(self) -> Question:
        kind = self.type
        if kind in ("single", "multi"):
            if len(self.options) < 2:
                raise ValueError(f"a {kind} question needs at least two options")
            ids = [o.id for o in self.options]
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise ValueError(f"option id '{dupes[0]}' appears twice")
        elif self.options:
            raise ValueError(f"a {kind} question has no options (remove 'options')")
        if kind == "multi":
            top = self.max_choices if self.max_choices is not None else len(self.options)
            if not self.min_choices <= top <= len(self.options):
                raise ValueError(
                    f"min_choices {self.min_choices} and max_choices {top} do not fit "
                    f"{len(self.options)} options"
                )
        if kind == "text":
            if self.min_length > self.max_length:
                raise ValueError(f"min_length {self.min_length} is above max_length")
            if self.pattern is not None:
                if "\\d" in self.pattern:
                    raise ValueError(r"the pattern uses \d (any script's digits); write [0-9]")
                try:
                    re.compile(self.pattern)
                except re.error as exc:
                    raise ValueError(f"the pattern does not compile: {exc}") from None
        if kind == "integer":
            if self.min is not None and self.max is not None and self.min > self.max:
                raise ValueError(f"min {self.min} is above max {self.max}")
        else:
            for name in ("min", "max", "max_answer_of"):
                if getattr(self, name) is not None:
                    raise ValueError(f"'{name}' is only for integer questions")
            if self.max_current_year:
                raise ValueError("'max_current_year' is only for integer questions")
        if self.not_in_future and kind != "date":
            raise ValueError("'not_in_future' is only for date questions")
        if self.repeat_for is not None:
            if kind not in ("single", "yes_no", "integer"):
                raise ValueError("only single, yes_no and integer questions can repeat_for")
            if ITEM not in self.text.fa or ITEM not in self.text.en:
                raise ValueError(f"a repeated question's text must contain {ITEM} in fa and en")
        if self.field is not None:
            allowed = FIELDS.get(self.field)
            if allowed is None:
                raise ValueError(f"unknown field '{self.field}' (known: {', '.join(FIELDS)})")
            if kind not in allowed:
                raise ValueError(f"field '{self.field}' needs a {' or '.join(allowed)} question")
        return self

    def choices(self) -> list[Option]:
        """The options shown as buttons (yes/no questions get theirs from the bot's texts)."""
        return list(self.options)

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    def option_ids(self) -> tuple[str, ...]:
        if self.type == "yes_no":
            return YES_NO
        return tuple(o.id for o in self.options)

    def weight(self, option_id: str | None) -> float:
        option = self.option(option_id) if option_id else None
        return option.weight if option else 1.0


class Bonus(_Model):
    """Points added when a question has a given answer (e.g. the cooperative asked for training)."""

    question: QuestionId
    answer: str
    points: float = Field(ge=0, le=1000)

    _answer = field_validator("answer", mode="before")(_yaml_scalar)


class Scoring(_Model):
    """Need score = Σ per chosen topic (per_topic × urgency weight)
    + min(members_cap, per_member_needing × members needing training) + bonuses."""

    per_topic: float = Field(default=10, ge=0, le=1000)
    per_member_needing: float = Field(default=1, ge=0, le=1000)
    members_cap: float = Field(default=30, ge=0, le=10_000)
    bonuses: list[Bonus] = Field(default_factory=list)


class Questionnaire(_Model):
    version: VersionTag
    title: Text
    intro: Text | None = None
    places_file: str | None = None  # relative to the questionnaire file; None = bundled
    questions: list[Question] = Field(min_length=1)
    scoring: Scoring = Field(default_factory=Scoring)
    # topic → course categories (TVTO training families) shown on the roadmap
    roadmap: dict[str, list[Text]] = Field(default_factory=dict)
    _places: Places | None = PrivateAttr(default=None)  # set by the loader

    @field_validator("version", mode="before")
    @classmethod
    def _version(cls, value: Any) -> Any:
        return _yaml_scalar(value)

    @model_validator(mode="after")
    def _cross_checks(self) -> Questionnaire:
        seen: dict[str, Question] = {}
        fields: dict[str, str] = {}
        for q in self.questions:
            if q.id in seen:
                raise ValueError(f"question '{q.id}': the id is used twice")
            _check_references(q, seen)
            if q.field is not None:
                if q.field in fields:
                    raise ValueError(
                        f"question '{q.id}': field '{q.field}' is already given by "
                        f"question '{fields[q.field]}'"
                    )
                fields[q.field] = q.id
            seen[q.id] = q
        for name in REQUIRED_FIELDS:
            if name not in fields:
                raise ValueError(f"no question provides the field '{name}'")
        topics_q = seen[fields["needs.topics"]]
        unknown = [o.id for o in topics_q.options if o.id not in TOPICS]
        if unknown:
            raise ValueError(
                f"question '{topics_q.id}': option '{unknown[0]}' is not a need topic "
                f"(known: {', '.join(TOPICS)})"
            )
        if "needs.urgency" in fields:
            urgency = seen[fields["needs.urgency"]]
            if urgency.repeat_for != topics_q.id:
                raise ValueError(
                    f"question '{urgency.id}': the urgency question must have "
                    f"repeat_for: {topics_q.id}"
                )
        if "needs.topic_other" in fields:
            other = seen[fields["needs.topic_other"]]
            if not other.ask_if:
                raise ValueError(
                    f"question '{other.id}': ask it only when '{topics_q.id}' includes 'other' "
                    f"(add ask_if)"
                )
        for bonus in self.scoring.bonuses:
            bonus_q = seen.get(bonus.question)
            if bonus_q is None:
                raise ValueError(f"scoring: bonus names unknown question '{bonus.question}'")
            if q.type not in ("single", "yes_no") or bonus.answer not in q.option_ids():
                raise ValueError(
                    f"scoring: bonus for question '{q.id}' names answer '{bonus.answer}', "
                    f"which is not one of its options"
                )
        for topic in self.roadmap:
            if topic not in TOPICS:
                raise ValueError(f"roadmap: '{topic}' is not a need topic")
        return self

    # --- look-ups ------------------------------------------------------------------------------

    @property
    def places(self) -> Places:
        if self._places is None:
            raise RuntimeError("places are not loaded: use load_questionnaire()")
        return self._places

    def with_places(self, places: Places) -> Questionnaire:
        self._places = places
        return self

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def by_field(self, field: str) -> Question | None:
        return next((q for q in self.questions if q.field == field), None)

    def index(self, question_id: str) -> int:
        return next(i for i, q in enumerate(self.questions) if q.id == question_id)


def _check_references(q: Question, earlier: dict[str, Question]) -> None:
    """Skip rules, repeats and range references may only name earlier questions."""
    for cond in q.ask_if:
        ref = earlier.get(cond.question)
        if ref is None:
            raise ValueError(
                f"question '{q.id}': ask_if names '{cond.question}', which is not an earlier "
                f"question"
            )
        if ref.repeat_for is not None:
            raise ValueError(
                f"question '{q.id}': ask_if cannot name '{ref.id}', which is asked once per "
                f"option of '{ref.repeat_for}'"
            )
        if cond.includes is not None and ref.type != "multi":
            raise ValueError(
                f"question '{q.id}': 'includes' needs a multi-choice question, "
                f"'{ref.id}' is {ref.type}"
            )
        if cond.answered is None and ref.type in CHOICE_TYPES:
            for value in cond.option_values():
                if value not in ref.option_ids():
                    raise ValueError(
                        f"question '{q.id}': ask_if names answer '{value}', which is not an "
                        f"option of '{ref.id}'"
                    )
    if q.repeat_for is not None:
        ref = earlier.get(q.repeat_for)
        if ref is None or ref.type != "multi":
            raise ValueError(
                f"question '{q.id}': repeat_for names '{q.repeat_for}', which is not an earlier "
                f"multi-choice question"
            )
    if q.max_answer_of is not None:
        ref = earlier.get(q.max_answer_of)
        if ref is None or ref.type != "integer" or ref.repeat_for is not None:
            raise ValueError(
                f"question '{q.id}': max_answer_of names '{q.max_answer_of}', which is not an "
                f"earlier integer question"
            )
