"""A cooperative's training roadmap: its need topics ranked, each mapped to course categories.

Built from each member's latest submitted assessment that names the cooperative, so it changes
as more members answer (or answer again).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.questionnaire.model import Questionnaire, Text
from bot.services.scoring import OTHER_TOPIC, Needs, Score, cooperative_score
from storage.assessments import SubmittedAssessment
from storage.cooperatives import Cooperative


@dataclass(frozen=True)
class RoadmapItem:
    topic: str
    score: float
    members_needing: int  # the largest estimate among those who chose it (at least their number)
    urgency: str | None  # the most urgent level anyone gave (option id of the urgency question)
    respondents: int = 0  # members who chose the topic
    categories: tuple[Text, ...] = ()  # course categories from the questionnaire file
    requests: tuple[str, ...] = ()  # for "other": the topics members described themselves


@dataclass(frozen=True)
class Roadmap:
    cooperative_id: int
    cooperative: Cooperative | None
    respondents: int  # members whose latest assessment counts here
    score: Score  # the cooperative's need score with its parts
    items: list[RoadmapItem] = field(default_factory=list)
    updated_at: datetime | None = None  # the latest submission that counts

    @property
    def need_score(self) -> float:
        return self.score.total


def build_roadmap(
    q: Questionnaire,
    cooperative_id: int,
    cooperative: Cooperative | None,
    submitted: list[SubmittedAssessment],
) -> Roadmap:
    everyone = [Needs.from_json(s.needs) for s in submitted]
    score = cooperative_score(q, everyone)
    items: list[RoadmapItem] = []
    for part in score.parts:
        if part.kind != "topic" or part.topic is None:
            continue
        choosers = [n for n in everyone if part.topic in n.topics]
        estimates = [n.members_needing for n in choosers if n.members_needing]
        items.append(
            RoadmapItem(
                topic=part.topic,
                score=part.points,
                members_needing=max([len(choosers), *estimates]),
                urgency=part.urgency,
                respondents=len(choosers),
                categories=tuple(q.roadmap.get(part.topic, ())),
                requests=_described(choosers) if part.topic == OTHER_TOPIC else (),
            )
        )
    return Roadmap(
        cooperative_id=cooperative_id,
        cooperative=cooperative,
        respondents=len(submitted),
        score=score,
        items=items,
        updated_at=max((s.submitted_at for s in submitted), default=None),
    )


def _described(choosers: list[Needs]) -> tuple[str, ...]:
    """What the members who chose "other" wrote it means, each wording once."""
    return tuple(dict.fromkeys(n.other_topic for n in choosers if n.other_topic is not None))
