"""Need scores from the weights in the questionnaire file, and the parts that explain them."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.questionnaire import load_questionnaire
from bot.services.roadmap import build_roadmap
from bot.services.scoring import (
    Needs,
    Score,
    ScorePart,
    cooperative_score,
    extract_needs,
    member_score,
)
from storage.assessments import SubmittedAssessment

Q = load_questionnaire(None)  # per_topic 10; urgency high 3, medium 2, low 1;
# 0.5 per member needing, capped at 25; bonuses: self_requested 20, small_startup 10, internet 10


def submitted(member_id: int, needs: Needs) -> SubmittedAssessment:
    """A member's submitted assessment in cooperative 7, on 2025-11-<member_id>."""
    return SubmittedAssessment(
        id=member_id,
        member_id=member_id,
        cooperative_id=7,
        version="1",
        need_score=0,
        consent=True,
        topics=list(needs.topics),
        delivery_mode=None,
        submitted_at=datetime(2025, 11, member_id, tzinfo=UTC),
        needs=needs.to_json(),
    )


def test_needs_come_from_visible_answers_only():
    answers = {
        "topics": ["accounting", "ict"],
        "urgency.accounting": "high",
        "urgency.ict": "low",
        "urgency.coop_law": "high",  # left over from an earlier choice: not a need
        "members_needing": 12,
        "self_requested": "yes",
        "small_startup": "no",
        "internet_based": "yes",
    }
    needs = extract_needs(Q, answers)
    assert needs == Needs(
        topics={"accounting": "high", "ict": "low"},
        members_needing=12,
        bonuses=("self_requested", "internet_based"),
    )
    assert Needs.from_json(needs.to_json()) == needs
    # what "other" means travels with the needs, only while "other" is chosen
    with_other = {**answers, "topics": ["other"], "topic_other": "پرورش زنبور عسل"}
    assert extract_needs(Q, with_other).other_topic == "پرورش زنبور عسل"
    answers["topic_other"] = "پرورش زنبور عسل"
    assert extract_needs(Q, answers).other_topic is None


def test_member_score_adds_up_its_parts():
    needs = Needs(
        {"accounting": "high", "ict": "low"}, members_needing=12, bonuses=("self_requested",)
    )
    score = member_score(Q, needs)
    assert score.parts == (
        ScorePart("topic", 30.0, topic="accounting", urgency="high"),
        ScorePart("topic", 10.0, topic="ict", urgency="low"),
        ScorePart("members", 6.0, count=12),
        ScorePart("bonus", 20.0, question="self_requested"),
    )
    assert score.total == 66.0
    assert Score.from_json(score.to_json()) == score


def test_members_part_is_capped():
    score = member_score(Q, Needs({"ict": None}, members_needing=500))
    assert score.parts[0] == ScorePart("topic", 10.0, topic="ict", urgency=None)  # no urgency: ×1
    assert score.parts[1] == ScorePart("members", 25.0, count=500)


def test_cooperative_needs_add_up_and_bonuses_count_once():
    a = Needs({"accounting": "high", "ict": "low"}, members_needing=10, bonuses=("self_requested",))
    b = Needs({"accounting": "medium"}, members_needing=30, bonuses=("self_requested",))
    c = Needs({"digital_marketing": "high"}, members_needing=None, bonuses=())
    score = cooperative_score(Q, [a, b, c])
    assert score.parts == (
        ScorePart("topic", 50.0, topic="accounting", urgency="high", respondents=2),
        ScorePart("topic", 30.0, topic="digital_marketing", urgency="high", respondents=1),
        ScorePart("topic", 10.0, topic="ict", urgency="low", respondents=1),
        ScorePart("members", 15.0, count=30),
        ScorePart("bonus", 20.0, question="self_requested"),
    )
    assert score.total == 125.0


def test_roadmap_ranks_topics_and_maps_them_to_course_categories():
    roadmap = build_roadmap(
        Q,
        7,
        None,
        [
            submitted(1, Needs({"ict": "medium", "accounting": "low"}, members_needing=4)),
            submitted(2, Needs({"ict": "high"}, members_needing=None)),
        ],
    )
    assert [i.topic for i in roadmap.items] == ["ict", "accounting"]
    ict = roadmap.items[0]
    assert (ict.score, ict.urgency, ict.respondents, ict.members_needing) == (50.0, "high", 2, 4)
    assert ict.categories and ict.categories[0].fa
    assert roadmap.respondents == 2
    assert roadmap.updated_at == datetime(2025, 11, 2, tzinfo=UTC)
    empty = build_roadmap(Q, 8, None, [])
    assert empty.items == [] and empty.need_score == 0


def test_what_members_wrote_for_other_stays_under_other():
    carpet = Needs({"accounting": "high", "other": "high"}, other_topic="طراحی نقشهٔ فرش")
    bees = Needs({"other": "low"}, other_topic="پرورش زنبور عسل")
    roadmap = build_roadmap(Q, 7, None, [submitted(1, carpet), submitted(2, bees)])
    by_topic = {i.topic: i for i in roadmap.items}
    assert by_topic["other"].requests == ("طراحی نقشهٔ فرش", "پرورش زنبور عسل")
    assert by_topic["accounting"].requests == ()
