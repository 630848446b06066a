"""Need scores, from the weights in the questionnaire file, with the parts that explain them.

Member:       Σ over chosen topics (per_topic × urgency weight)
              + min(members_cap, per_member_needing × members who need training)
              + bonuses (e.g. the cooperative asked for training itself).
Cooperative:  its members' topic points add up (several members needing accounting weigh more
              than one); the members part uses the largest estimate given, and each bonus
              counts once if any member's answers earn it.

Pure functions: the "why this priority" text is rendered from the parts by the chat.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from bot.questionnaire.flow import visible_steps
from bot.questionnaire.model import Questionnaire

# The topic option whose meaning the member writes in their own words (needs.topic_other).
OTHER_TOPIC = "other"


@dataclass(frozen=True)
class Needs:
    """The facts scoring uses, taken from one person's answers (stored with the assessment)."""

    topics: dict[str, str | None] = field(default_factory=dict)  # topic → urgency option id
    members_needing: int | None = None
    bonuses: tuple[str, ...] = ()  # question ids whose bonus applies
    other_topic: str | None = None  # what "other" means, in the person's words

    def to_json(self) -> dict[str, Any]:
        return {
            "topics": dict(self.topics),
            "members_needing": self.members_needing,
            "bonuses": list(self.bonuses),
            "other_topic": self.other_topic,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Needs:
        data = data or {}
        topics = data.get("topics") or {}
        members = data.get("members_needing")
        return cls(
            topics={str(k): (str(v) if v is not None else None) for k, v in topics.items()},
            members_needing=members if isinstance(members, int) else None,
            bonuses=tuple(str(b) for b in data.get("bonuses") or ()),
            other_topic=data.get("other_topic")
            if isinstance(data.get("other_topic"), str)
            else None,
        )


@dataclass(frozen=True)
class ScorePart:
    kind: str  # "topic" | "members" | "bonus"
    points: float
    topic: str | None = None
    urgency: str | None = None  # option id of the urgency question
    respondents: int | None = None  # cooperative: how many members chose the topic
    count: int | None = None  # members who need training
    question: str | None = None  # the bonus question

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(frozen=True)
class Score:
    total: float
    parts: tuple[ScorePart, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"total": self.total, "parts": [p.to_json() for p in self.parts]}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Score:
        data = data or {}
        parts = tuple(ScorePart(**p) for p in data.get("parts") or ())
        return cls(total=float(data.get("total") or 0.0), parts=parts)


def extract_needs(q: Questionnaire, answers: dict[str, Any]) -> Needs:
    """Needs from the answers of the visible steps."""
    topics_q = q.by_field("needs.topics")
    urgency_q = q.by_field("needs.urgency")
    members_q = q.by_field("needs.members_needing")
    visible = {s.key for s in visible_steps(q, answers)}
    chosen = answers.get(topics_q.id) if topics_q and topics_q.id in visible else None
    topics: dict[str, str | None] = {}
    for topic in chosen or []:
        key = f"{urgency_q.id}.{topic}" if urgency_q else None
        urgency = answers.get(key) if key in visible else None
        topics[topic] = urgency if isinstance(urgency, str) else None
    members = answers.get(members_q.id) if members_q and members_q.id in visible else None
    other_q = q.by_field("needs.topic_other")
    other = answers.get(other_q.id) if other_q and other_q.id in visible else None
    bonuses = tuple(
        b.question
        for b in q.scoring.bonuses
        if b.question in visible and answers.get(b.question) == b.answer
    )
    return Needs(
        topics=topics,
        members_needing=members if isinstance(members, int) else None,
        bonuses=bonuses,
        other_topic=other if isinstance(other, str) and OTHER_TOPIC in topics else None,
    )


def urgency_weight(q: Questionnaire, urgency: str | None) -> float:
    question = q.by_field("needs.urgency")
    return question.weight(urgency) if question is not None else 1.0


def _members_points(q: Questionnaire, count: int | None) -> float:
    if not count:
        return 0.0
    return min(q.scoring.members_cap, q.scoring.per_member_needing * count)


def _bonus_points(q: Questionnaire, question_id: str) -> float:
    return next((b.points for b in q.scoring.bonuses if b.question == question_id), 0.0)


def _total(parts: Iterable[ScorePart]) -> float:
    return round(sum(p.points for p in parts), 1)


def member_score(q: Questionnaire, needs: Needs) -> Score:
    parts: list[ScorePart] = []
    for topic, urgency in needs.topics.items():
        points = round(q.scoring.per_topic * urgency_weight(q, urgency), 1)
        parts.append(ScorePart("topic", points, topic=topic, urgency=urgency))
    if needs.members_needing:
        points = round(_members_points(q, needs.members_needing), 1)
        parts.append(ScorePart("members", points, count=needs.members_needing))
    for question_id in needs.bonuses:
        parts.append(ScorePart("bonus", _bonus_points(q, question_id), question=question_id))
    return Score(_total(parts), tuple(parts))


def _most_urgent(q: Questionnaire, levels: list[str | None]) -> str | None:
    known = [u for u in levels if u is not None]
    return max(known, key=lambda u: urgency_weight(q, u)) if known else None


def cooperative_score(q: Questionnaire, everyone: list[Needs]) -> Score:
    """Topic parts are sorted by points (highest first): the cooperative's priorities."""
    order = list(q.by_field("needs.topics").option_ids())  # type: ignore[union-attr]
    topic_parts: list[ScorePart] = []
    for topic in order:
        levels = [n.topics[topic] for n in everyone if topic in n.topics]
        if not levels:
            continue
        points = round(sum(q.scoring.per_topic * urgency_weight(q, u) for u in levels), 1)
        topic_parts.append(
            ScorePart(
                "topic",
                points,
                topic=topic,
                urgency=_most_urgent(q, levels),
                respondents=len(levels),
            )
        )
    topic_parts.sort(key=lambda p: (-p.points, order.index(p.topic or "")))
    parts = list(topic_parts)
    estimates = [n.members_needing for n in everyone if n.members_needing]
    if estimates:
        parts.append(
            ScorePart("members", round(_members_points(q, max(estimates)), 1), count=max(estimates))
        )
    for bonus in q.scoring.bonuses:
        if any(bonus.question in n.bonuses for n in everyone):
            parts.append(ScorePart("bonus", bonus.points, question=bonus.question))
    return Score(_total(parts), tuple(parts))
