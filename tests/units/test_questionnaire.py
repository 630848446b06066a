"""The questionnaire file: the default loads, and every kind of mistake stops start-up with a
sentence that names the question and the problem."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from bot.questionnaire import DEFAULT_FILE, QuestionnaireError, load_questionnaire
from bot.questionnaire.loader import button_values
from bot.services.topics import TOPICS


def minimal() -> dict:
    def t(fa: str, en: str) -> dict:
        return {"fa": fa, "en": en}

    return {
        "version": "t1",
        "title": t("نیازسنجی", "Assessment"),
        "questions": [
            {
                "id": "coop_name",
                "type": "text",
                "field": "coop.name",
                "label": t("نام", "Name"),
                "text": t("نام تعاونی؟", "Name?"),
            },
            {
                "id": "topics",
                "type": "multi",
                "field": "needs.topics",
                "label": t("موضوع", "Topics"),
                "text": t("موضوع‌ها؟", "Topics?"),
                "options": [
                    {"id": "accounting", "text": t("حسابداری", "Accounting")},
                    {"id": "other", "text": t("دیگر", "Other")},
                ],
            },
            {
                "id": "consent",
                "type": "yes_no",
                "field": "consent",
                "label": t("رضایت", "Consent"),
                "text": t("موافقید؟", "Agree?"),
            },
        ],
    }


def write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "q.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def error_of(tmp_path: Path, data: dict) -> str:
    with pytest.raises(QuestionnaireError) as info:
        load_questionnaire(write(tmp_path, data))
    message = str(info.value)
    assert message.endswith(".") and "\n" not in message
    return message


def test_default_questionnaire_loads_with_all_provinces():
    q = load_questionnaire(None)
    assert q.version
    assert len(q.places.provinces) == 31
    tehran = q.places.province("tehran")
    assert tehran is not None and tehran.complete and len(tehran.counties) == 16
    assert {o.id for o in q.by_field("needs.topics").options} <= set(TOPICS)
    kinds = {qq.type for qq in q.questions}
    assert kinds == {
        "single",
        "multi",
        "yes_no",
        "text",
        "integer",
        "national_id",
        "mobile",
        "coop_national_id",
        "date",
        "place",
    }
    assert set(q.roadmap) == set(TOPICS)


def test_default_is_the_same_as_explicit_path():
    assert load_questionnaire(DEFAULT_FILE).version == load_questionnaire(None).version


def test_every_button_fits_in_64_bytes():
    q = load_questionnaire(None)
    for _qid, key, value in button_values(q):
        assert len(f"assess:x:{q.version}:{key}:{value}".encode()) <= 64


def test_minimal_file_loads(tmp_path):
    q = load_questionnaire(write(tmp_path, minimal()))
    assert [x.id for x in q.questions] == ["coop_name", "topics", "consent"]
    assert q.places.province("tehran") is not None  # the bundled places file


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["questions"][0].update(type="essay"), "question 'coop_name' (number 1), type"),
        (lambda d: d["questions"][0]["text"].pop("en"), "question 'coop_name' (number 1), text.en"),
        (lambda d: d["questions"][1]["options"].pop(), "needs at least two options"),
        (
            lambda d: d["questions"][1]["options"].append(d["questions"][1]["options"][0]),
            "option id 'accounting' appears twice",
        ),
        (lambda d: d["questions"][1]["options"][0].update(id="Bad Id"), "options.0.id"),
        (lambda d: d["questions"][0].update(max_length=5000), "max_length"),
        (lambda d: d["questions"][0].update(pattern="\\d+"), "write [0-9]"),
        (lambda d: d["questions"][0].update(pattern="[0-9"), "does not compile"),
        (lambda d: d["questions"][0].update(min=3), "'min' is only for integer questions"),
        (lambda d: d["questions"][2].update(options=[]), None),  # empty list is fine
        (lambda d: d["questions"].append(copy.deepcopy(d["questions"][0])), "used twice"),
        (lambda d: d["questions"].pop(0), "no question provides the field 'coop.name'"),
        (lambda d: d["questions"][0].update(field="coop.colour"), "unknown field 'coop.colour'"),
        (lambda d: d["questions"][0].update(field="consent"), "field 'consent' needs a yes_no"),
        (lambda d: d["questions"][1]["options"][0].update(id="cooking"), "not a need topic"),
        (lambda d: d.update(version="far-too-long"), "version"),
        (lambda d: d.update(roadmap={"cooking": []}), "roadmap: 'cooking'"),
        (lambda d: d.update(unexpected=1), "unexpected"),
    ],
)
def test_broken_files_name_the_problem(tmp_path, mutate, expected):
    data = minimal()
    mutate(data)
    if expected is None:
        load_questionnaire(write(tmp_path, data))
        return
    message = error_of(tmp_path, data)
    assert expected in message, message


def _extra(**question) -> dict:
    base = {"label": {"fa": "الف", "en": "A"}, "text": {"fa": "الف؟", "en": "A?"}}
    return {**base, **question}


def test_skip_rule_must_name_an_earlier_question(tmp_path):
    data = minimal()
    data["questions"].insert(
        0, _extra(id="early", type="text", ask_if={"question": "topics", "includes": "other"})
    )
    message = error_of(tmp_path, data)
    assert "question 'early': ask_if names 'topics', which is not an earlier question" in message


def test_skip_rule_must_name_a_real_option(tmp_path):
    data = minimal()
    data["questions"].append(
        _extra(id="why", type="text", ask_if={"question": "consent", "equals": "maybe"})
    )
    message = error_of(tmp_path, data)
    assert "question 'why': ask_if names answer 'maybe'" in message


def test_yaml_yes_is_read_as_the_option_yes(tmp_path):
    data = minimal()
    data["questions"].append(
        _extra(id="why", type="text", ask_if={"question": "consent", "equals": True})
    )
    q = load_questionnaire(write(tmp_path, data))
    assert q.question("why").ask_if[0].equals == "yes"


def test_includes_needs_a_multi_choice_question(tmp_path):
    data = minimal()
    data["questions"].append(
        _extra(id="why", type="text", ask_if={"question": "consent", "includes": "yes"})
    )
    assert "'includes' needs a multi-choice question" in error_of(tmp_path, data)


def test_condition_needs_exactly_one_operator(tmp_path):
    data = minimal()
    data["questions"].append(
        _extra(id="why", type="text", ask_if={"question": "consent", "equals": "yes", "one_of": []})
    )
    message = error_of(tmp_path, data)
    assert "question 'why' (number 4)" in message and "exactly one of" in message


def test_repeat_needs_an_earlier_multi_and_the_item_placeholder(tmp_path):
    data = minimal()
    data["questions"].append(
        _extra(
            id="urgency",
            type="single",
            repeat_for="consent",
            text={"fa": "فوریت {item}؟", "en": "Urgency of {item}?"},
            options=[{"id": "high", "text": {"fa": "زیاد", "en": "High"}}] * 1
            + [{"id": "low", "text": {"fa": "کم", "en": "Low"}}],
        )
    )
    assert "repeat_for names 'consent'" in error_of(tmp_path, data)
    data["questions"][-1]["repeat_for"] = "topics"
    data["questions"][-1]["text"] = {"fa": "فوریت؟", "en": "Urgency?"}
    assert "must contain {item}" in error_of(tmp_path, data)


def test_bonus_must_name_an_answer_of_the_question(tmp_path):
    data = minimal()
    data["scoring"] = {"bonuses": [{"question": "consent", "answer": "maybe", "points": 5}]}
    assert "bonus for question 'consent' names answer 'maybe'" in error_of(tmp_path, data)


def test_button_data_over_64_bytes_is_refused(tmp_path):
    data = minimal()
    data["version"] = "12345678"
    data["questions"][1]["id"] = "a_rather_long_question_id"
    message = error_of(tmp_path, data)
    assert "question 'a_rather_long_question_id' (number 2), id" in message  # over 24 chars
    data["questions"][1]["id"] = "very_long_topic_question"
    data["questions"][1]["options"].append(
        {"id": "digital_marketing", "text": {"fa": "الف", "en": "A"}}
    )
    data["questions"].append(
        _extra(
            id="urgency_of_the_topic_xx",
            type="single",
            repeat_for="very_long_topic_question",
            text={"fa": "فوریت {item}؟", "en": "Urgency of {item}?"},
            options=[
                {"id": "extremely_urgent_level", "text": {"fa": "زیاد", "en": "High"}},
                {"id": "low", "text": {"fa": "کم", "en": "Low"}},
            ],
        )
    )
    message = error_of(tmp_path, data)
    assert "over the 64 Telegram allows" in message or "longer than 40" in message


def test_missing_and_unreadable_files(tmp_path):
    with pytest.raises(QuestionnaireError, match="does not exist"):
        load_questionnaire(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nquestions: [\n", encoding="utf-8")
    with pytest.raises(QuestionnaireError, match="not valid YAML at line"):
        load_questionnaire(bad)
    bad.write_text("- a list\n", encoding="utf-8")
    with pytest.raises(QuestionnaireError, match="must be a mapping"):
        load_questionnaire(bad)


def test_places_file_is_validated(tmp_path):
    data = minimal()
    data["places_file"] = "places.yaml"
    (tmp_path / "places.yaml").write_text(
        yaml.safe_dump(
            {
                "other_county": {"id": "other", "fa": "سایر", "en": "Other"},
                "provinces": [
                    {"id": "tehran", "fa": "تهران", "en": "Tehran", "counties": []},
                ],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    message = error_of(tmp_path, data)
    assert "places file" in message and "province 'tehran' (number 1), counties" in message
