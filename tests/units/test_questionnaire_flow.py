"""Skip logic, repeated questions, progress, and the parsing of every kind of answer."""

from __future__ import annotations

from datetime import date

import pytest

from bot.questionnaire import answers as parsing
from bot.questionnaire import load_questionnaire
from bot.questionnaire.answers import Invalid, Valid
from bot.questionnaire.flow import (
    effective_answers,
    first_unanswered,
    missing_steps,
    next_after,
    position,
    previous_step,
    visible_steps,
)

Q = load_questionnaire(None)
TODAY = date(2025, 11, 16)  # 25 Aban 1404


def keys(answers):
    return [s.key for s in visible_steps(Q, answers)]


def test_skip_rules_and_repeats_follow_the_answers():
    base = keys({})
    assert "online_address" not in base and "topic_other" not in base
    assert not any(k.startswith("urgency.") for k in base)
    answers = {"internet_based": "yes", "topics": ["ict", "accounting", "other"]}
    shown = keys(answers)
    assert "online_address" in shown and "topic_other" in shown
    # urgency is asked once per chosen topic, in the order of the options
    assert [k for k in shown if k.startswith("urgency.")] == [
        "urgency.accounting",
        "urgency.ict",
        "urgency.other",
    ]


def test_hidden_answers_do_not_count():
    answers = {"internet_based": "no", "online_address": "shop.ir", "topics": ["ict"]}
    effective = effective_answers(Q, answers)
    assert "online_address" not in effective
    assert effective["topics"] == ["ict"]


def test_skipped_answer_is_answered_but_satisfies_no_condition():
    answers = {"internet_based": None}
    assert "internet_based" not in [s.key for s in missing_steps(Q, answers)]
    assert "online_address" not in keys(answers)


def test_consent_comes_first_and_no_personal_question_follows_a_no():
    assert first_unanswered(Q, {}).key == "consent"
    assert {"national_id", "mobile"} <= set(keys({"consent": "yes"}))
    assert not {"national_id", "mobile"} & set(keys({"consent": "no"}))


def test_the_counter_never_jumps_back_and_its_total_never_changes():
    total = len(Q.questions)
    runs = [
        {"consent": "no", "internet_based": "no", "topics": ["ict"]},
        {"consent": "yes", "internet_based": "yes", "topics": ["accounting", "ict", "other"]},
    ]
    for answers in runs:
        seen = [position(Q, answers, s.key) for s in visible_steps(Q, answers)]
        assert {p.total for p in seen} == {total}
        numbers = [p.number for p in seen]
        assert numbers == sorted(numbers) and numbers[0] == 1 and numbers[-1] == total
    # the total is the same before the topics are chosen and after
    assert position(Q, {}, "full_name").total == total
    # a question asked per chosen topic counts once, with which one of how many
    chosen = {"consent": "yes", "topics": ["accounting", "ict", "other"]}
    urgency = [position(Q, chosen, f"urgency.{t}") for t in ("accounting", "ict", "other")]
    assert len({p.number for p in urgency}) == 1
    assert [(p.item, p.items) for p in urgency] == [(1, 3), (2, 3), (3, 3)]


def test_progress_back_and_next():
    answers = {"consent": "yes", "full_name": "مریم احمدی"}
    assert first_unanswered(Q, answers).key == "national_id"
    where = position(Q, answers, "national_id")
    assert (where.number, where.total, where.item) == (3, len(Q.questions), None)
    assert previous_step(Q, answers, "national_id").key == "full_name"
    assert previous_step(Q, answers, "consent") is None
    # after answering a question revisited with "back", go on to the first unanswered one
    answers.update(national_id="0076229645", mobile="09121234567")
    assert next_after(Q, answers, "full_name").key == "role"
    # nothing missing after it: wrap round to what is still missing before it
    everything = {s.key: "x" for s in visible_steps(Q, {})}
    del everything["role"]
    assert next_after(Q, everything, "consent").key == "role"


def q(qid):
    return Q.question(qid)


@pytest.mark.parametrize(
    ("qid", "raw", "expected"),
    [
        ("full_name", "  مريم   احمدي  ", Valid("مریم احمدی")),  # Arabic letters normalised
        ("full_name", "اب", Invalid(parsing.TOO_SHORT, {"min": 3})),
        ("full_name", "ا" * 5000, Invalid(parsing.TOO_LONG, {"max": 80, "length": 5000})),
        ("full_name", "\u200f\u200e", Invalid(parsing.EMPTY)),
        ("national_id", "۰۰۷۶۲۲۹۶۴۵", Valid("0076229645")),  # Persian digits
        ("national_id", "٠٠٧٦٢٢٩٦٤٥", Valid("0076229645")),  # Arabic-Indic digits
        ("national_id", "76229645", Valid("0076229645")),  # zero-padded
        ("national_id", "1234567890", Invalid(parsing.NATIONAL_ID)),
        ("national_id", "007622964x", Invalid(parsing.NATIONAL_ID)),
        ("mobile", "+98 912 123 4567", Valid("09121234567")),
        ("mobile", "۰۹۱۲-۱۲۳-۴۵۶۷", Valid("09121234567")),
        ("mobile", "0912abc4567", Invalid(parsing.MOBILE)),
        ("coop_national_id", "۱۰۱۰۰۳۸۷۹۲۲", Valid("10100387922", None)),
        ("coop_national_id", "10100387926", Valid("10100387926", parsing.COOP_ID_CHECKSUM)),
        ("coop_national_id", "1234", Invalid(parsing.COOP_ID)),
        ("coop_reg_no", "۱۲۳۴۵", Valid("12345")),
        ("coop_reg_no", "12a45", Invalid(parsing.PATTERN)),
        ("coop_members", "۱۲۰", Valid(120)),
        ("coop_members", "12,500", Valid(12500)),
        ("coop_members", "12 نفر", Invalid(parsing.NUMBER)),
        ("coop_members", "0", Invalid(parsing.RANGE, {"min": 1, "max": 1_000_000})),
        ("coop_founded", "1404", Valid(1404)),
        ("coop_founded", "1405", Invalid(parsing.RANGE, {"min": 1300, "max": 1404})),
        ("coop_founded", "2020", Invalid(parsing.RANGE, {"min": 1300, "max": 1404})),
        ("last_assembly", "۱۴۰۴/۰۳/۱۵", Valid("2025-06-05")),
        ("last_assembly", "15 خرداد 1404", Valid("2025-06-05")),
        ("last_assembly", "1404/07/31", Invalid(parsing.DATE)),  # Mehr has 30 days
        ("last_assembly", "1404/09/01", Invalid(parsing.DATE_FUTURE)),
        ("role", "عضو", Invalid(parsing.USE_BUTTONS)),
        ("coop_place", "تهران", Invalid(parsing.USE_BUTTONS)),
    ],
)
def test_typed_answers(qid, raw, expected):
    assert parsing.parse_typed(q(qid), raw, {}, TODAY) == expected


def test_members_needing_cannot_exceed_the_members():
    result = parsing.parse_typed(q("members_needing"), "50", {"coop_members": 20}, TODAY)
    assert result == Invalid(parsing.ABOVE_ANSWER, {"max": 20})
    assert parsing.parse_typed(q("members_needing"), "20", {"coop_members": 20}, TODAY) == Valid(20)


def test_choices():
    assert parsing.parse_choice(q("role"), "ceo") == Valid("ceo")
    assert parsing.parse_choice(q("role"), "king") == Invalid(parsing.UNKNOWN_OPTION)
    assert parsing.parse_choice(q("consent"), "yes") == Valid("yes")
    assert parsing.parse_multi(q("topics"), ["ict", "accounting"]) == Valid(["accounting", "ict"])
    assert parsing.parse_multi(q("topics"), []) == Invalid(parsing.TOO_FEW, {"min": 1})
    assert parsing.parse_multi(q("topics"), ["cooking"]) == Invalid(parsing.UNKNOWN_OPTION)


def test_places():
    question = q("coop_place")
    assert parsing.parse_place(question, Q.places, "tehran", "shemiranat") == Valid(
        {"province": "tehran", "county": "shemiranat"}
    )
    # Tehran's list is complete: no "other county"; Fars's is not
    assert parsing.parse_place(question, Q.places, "tehran", "other") == Invalid(
        parsing.UNKNOWN_OPTION
    )
    assert isinstance(parsing.parse_place(question, Q.places, "fars", "other"), Valid)
    assert parsing.parse_place(question, Q.places, "fars", "shemiranat") == Invalid(
        parsing.UNKNOWN_OPTION
    )
    assert Q.places.label("tehran", "rey", "fa") == "تهران، ری"
    assert Q.places.label("tehran", "rey", "en") == "Rey, Tehran"


def test_still_valid_checks_stored_values_against_the_current_questions():
    places = Q.places
    assert parsing.still_valid(q("role"), "ceo", places, {}, TODAY)
    assert not parsing.still_valid(q("role"), "king", places, {}, TODAY)
    assert parsing.still_valid(q("gender"), None, places, {}, TODAY)  # optional, skipped
    assert not parsing.still_valid(q("role"), None, places, {}, TODAY)
    assert parsing.still_valid(q("last_assembly"), "2025-06-05", places, {}, TODAY)
    assert not parsing.still_valid(q("last_assembly"), "2026-06-05", places, {}, TODAY)
    assert parsing.still_valid(q("coop_members"), 12, places, {}, TODAY)
    assert parsing.still_valid(
        q("coop_place"), {"province": "tehran", "county": "rey"}, places, {}, TODAY
    )
