"""The assessment service against both engines: answers saved as they arrive, resumption,
submission, redo with history, one cooperative record per cooperative, roadmaps."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.questionnaire import answers as parsing
from bot.questionnaire import load_questionnaire
from bot.questionnaire.flow import first_unanswered
from bot.services.assessment import (
    STALE,
    AssessmentService,
    Incomplete,
    cooperative_identity_key,
    masked,
)
from bot.services.demo import answer_everything
from storage.members import MembersRepo

Q = load_questionnaire(None)


async def new_member(db, clock, user_id: int) -> int:
    async with db.write() as conn:
        member = await MembersRepo(conn).seen(
            platform="telegram",
            user_id=user_id,
            chat_id=user_id,
            first_name="x",
            last_name=None,
            username=None,
            language_code="fa",
            now=clock.now(),
        )
    return member.id


def person(**over: Any) -> dict[str, Any]:
    """Typed answers (as a person types them) and button presses for a complete run."""
    answers: dict[str, Any] = {
        "full_name": "مریم احمدی",
        "national_id": "۰۰۷۶۲۲۹۶۴۵",
        "mobile": "۰۹۱۲ ۱۲۳ ۴۵۶۷",
        "role": "ceo",
        "gender": None,  # skipped
        "education": "bachelor",
        "coop_name": "شرکت تعاونی فرش دستباف ورامین",
        "coop_national_id": None,
        "coop_reg_no": "۴۵۶۷",
        "coop_kind": "production",
        "coop_activity": "تولید فرش دستباف",
        "coop_place": ("tehran", "varamin"),
        "coop_members": "40",
        "coop_founded": "1398",
        "last_assembly": None,
        "small_startup": "no",
        "internet_based": "no",
        "topics": ["accounting", "digital_marketing"],
        "urgency.accounting": "high",
        "urgency.digital_marketing": "medium",
        "members_needing": "12",
        "delivery_mode": "in_person",
        "preferred_days": ["sat", "mon"],
        "preferred_time": "morning",
        "self_requested": "yes",
        "consent": "yes",
    }
    answers.update(over)
    return answers


async def answer_all(service: AssessmentService, member_id: int, answers: dict[str, Any]):
    """Every question answered as in the chat (the demo office answers the same way)."""
    await answer_everything(service, member_id, answers)


@pytest.fixture
def service(db, clock) -> AssessmentService:
    return AssessmentService(db, clock, Q)


async def test_answers_are_saved_one_by_one_and_survive_a_new_service(db, clock, service):
    member = await new_member(db, clock, 1)
    assert not await service.has_unfinished(member)
    await service.begin(member)
    assert await service.has_unfinished(member)
    assert await service.members_with_unfinished() == [member]
    await service.choose(member, "consent", "yes")
    outcome = await service.answer_text(member, "full_name", "مريم احمدي")
    assert outcome.saved and outcome.next_step.key == "national_id"
    # a restart: a new service object, same database
    again = AssessmentService(db, clock, Q)
    draft = await again.draft(member)
    assert draft.answers == {"consent": "yes", "full_name": "مریم احمدی"}
    assert first_unanswered(Q, draft.answers).key == "national_id"


async def test_invalid_answers_store_nothing(db, clock, service):
    member = await new_member(db, clock, 1)
    await service.begin(member)
    for key, raw in [
        ("national_id", "1234567890"),
        ("national_id", "۱۲۳"),
        ("full_name", "ب" * 5000),
    ]:
        outcome = await service.answer_text(member, key, raw)
        assert not outcome.saved and outcome.error is not None
    bad_choice = await service.choose(member, "role", "king")
    assert bad_choice.error.code == parsing.UNKNOWN_OPTION
    not_optional = await service.skip(member, "role")
    assert not_optional.error.code == parsing.NOT_OPTIONAL
    hidden = await service.answer_text(member, "online_address", "shop.ir")  # not asked now
    assert hidden.error.code == STALE
    assert (await service.draft(member)).answers == {}


async def test_answer_without_a_draft_is_stale(db, clock, service):
    member = await new_member(db, clock, 1)
    outcome = await service.answer_text(member, "full_name", "مریم احمدی")
    assert outcome.error.code == STALE and outcome.draft is None


async def test_soft_checksum_saves_with_a_warning(db, clock, service):
    member = await new_member(db, clock, 1)
    await service.begin(member)
    outcome = await service.answer_text(member, "coop_national_id", "10100387926")
    assert outcome.saved and outcome.warning == parsing.COOP_ID_CHECKSUM


async def test_submit_needs_everything_then_scores_links_and_keeps_history(db, clock, service):
    member = await new_member(db, clock, 1)
    await service.begin(member)
    with pytest.raises(Incomplete) as info:
        await service.submit(member)
    assert info.value.key == "consent"  # asked first
    await answer_all(service, member, person())
    submitted = await service.submit(member)
    assert not await service.has_unfinished(member)
    # accounting high 30 + digital marketing medium 20 + 12 members × 0.5 + self-requested 20
    assert submitted.need_score == 76.0
    assert submitted.consent is True
    assert submitted.topics == ["accounting", "digital_marketing"]
    assert submitted.delivery_mode == "in_person"
    assert submitted.version == Q.version
    latest = await service.latest(member)
    assert latest == submitted
    profile = await service.member_profile(member)
    assert profile.full_name == "مریم احمدی"
    assert profile.national_id == "0076229645"
    assert profile.mobile == "09121234567"
    assert profile.role == "ceo" and profile.gender is None
    shown = masked(profile)
    assert (shown.national_id, shown.mobile) == ("******9645", "0912***4567")
    coop = profile.cooperative
    assert coop.name == "شرکت تعاونی فرش دستباف ورامین"
    assert (coop.province, coop.county, coop.registration_no) == ("tehran", "varamin", "4567")
    assert coop.member_count == 40 and coop.small_startup is False
    parts = service.score_of(submitted).parts
    assert [p.kind for p in parts] == ["topic", "topic", "members", "bonus"]

    # redo: starts from the previous answers, so only the changes need answering
    clock.advance(days=30)
    redo = await service.begin(member)
    assert first_unanswered(Q, redo.answers) is None
    # revising a submitted assessment is not "unfinished": the last submission counts
    assert not await service.has_unfinished(member)
    assert await service.members_with_unfinished() == []
    await service.choose_many(member, "topics", ["ict"])
    draft = await service.draft(member)
    assert first_unanswered(Q, draft.answers).key == "urgency.ict"
    await service.choose(member, "urgency.ict", "low")
    second = await service.submit(member)
    assert second.id != submitted.id and second.topics == ["ict"]
    assert [a.id for a in await service.history(member)] == [submitted.id, second.id]
    assert (await service.latest(member)).id == second.id
    # answers of topics no longer chosen are not kept with the new submission
    kept = await service.submitted_answers(second.id)
    assert "urgency.accounting" not in kept and kept["urgency.ict"] == "low"


async def test_members_of_one_cooperative_share_one_record_and_their_needs_add_up(
    db, clock, service
):
    ids = [await new_member(db, clock, uid) for uid in (1, 2, 3, 4)]
    # 1: full answers, no cooperative national ID
    await answer_all(service, ids[0], person())
    first = await service.submit(ids[0])
    # 2: same cooperative written differently (no «شرکت», Arabic ي), same number and county
    await answer_all(
        service,
        ids[1],
        person(
            coop_name="تعاوني  فرش دستباف ورامين",
            topics=["accounting"],
            **{"urgency.accounting": "medium"},
            members_needing="30",
            self_requested="no",
        ),
    )
    second = await service.submit(ids[1])
    assert second.cooperative_id == first.cooperative_id
    # 3: gives the national ID: still the same record, which now learns its national ID
    await answer_all(service, ids[2], person(coop_national_id="10100387922"))
    third = await service.submit(ids[2])
    assert third.cooperative_id == first.cooperative_id
    coop = await service.cooperative(first.cooperative_id)
    assert coop.national_id == "10100387922"
    # 4: same national ID, a different spelling and county: matched by the national ID
    await answer_all(
        service,
        ids[3],
        person(
            coop_name="فرش ورامین", coop_national_id="10100387922", coop_place=("tehran", "rey")
        ),
    )
    fourth = await service.submit(ids[3])
    assert fourth.cooperative_id == first.cooperative_id

    roadmap = await service.roadmap(first.cooperative_id)
    assert roadmap.respondents == 4
    assert roadmap.items[0].topic == "accounting"
    accounting = roadmap.items[0]
    assert accounting.respondents == 4 and accounting.urgency == "high"
    assert accounting.score == 30 + 20 + 30 + 30
    assert accounting.members_needing == 30
    assert [i.topic for i in roadmap.items] == ["accounting", "digital_marketing"]
    assert (await service.member_roadmap(ids[1])).cooperative_id == first.cooperative_id


async def test_a_different_registration_number_is_a_different_cooperative(db, clock, service):
    a, b = await new_member(db, clock, 1), await new_member(db, clock, 2)
    await answer_all(service, a, person())
    await answer_all(service, b, person(coop_reg_no="9999"))
    assert (await service.submit(a)).cooperative_id != (await service.submit(b)).cooperative_id


async def test_latest_assessment_counts_for_the_roadmap(db, clock, service):
    a = await new_member(db, clock, 1)
    await answer_all(service, a, person())
    old = await service.submit(a)
    clock.advance(timedelta(days=1))
    await service.begin(a)
    await service.answer_text(a, "coop_reg_no", "777")  # now answers for another cooperative
    new = await service.submit(a)
    assert new.cooperative_id != old.cooperative_id
    assert (await service.roadmap(old.cooperative_id)).respondents == 0
    assert (await service.roadmap(new.cooperative_id)).respondents == 1


async def test_draft_of_an_older_version_keeps_what_the_new_version_accepts(db, clock, service):
    member = await new_member(db, clock, 1)
    await service.begin(member)
    await service.answer_text(member, "full_name", "مریم احمدی")
    await service.choose(member, "role", "ceo")
    newer = Q.model_copy(
        update={
            "version": "3",
            "questions": [
                (
                    qq.model_copy(update={"options": [o for o in qq.options if o.id != "ceo"]})
                    if qq.id == "role"
                    else qq
                )
                for qq in Q.questions
            ],
        }
    )
    newer.with_places(Q.places)
    upgraded = AssessmentService(db, clock, newer)
    draft = await upgraded.draft(member)
    assert draft.version == "3"
    assert draft.answers == {"full_name": "مریم احمدی"}  # "ceo" is no longer an option


async def test_answers_given_when_consent_was_asked_last_stay_valid(db, clock):
    """Version 1 asked consent last and the national ID and mobile of everyone; version 2 asks
    consent first. A draft or a redo from version 1 keeps every answer."""
    consent = Q.question("consent")
    others = [
        qq.model_copy(update={"ask_if": []}) if qq.id in ("national_id", "mobile") else qq
        for qq in Q.questions
        if qq.id != "consent"
    ]
    older = Q.model_copy(update={"version": "1", "questions": [*others, consent]})
    older.with_places(Q.places)
    member = await new_member(db, clock, 1)
    before = AssessmentService(db, clock, older)
    await before.begin(member)
    await before.answer_text(member, "full_name", "مریم احمدی")
    await before.answer_text(member, "national_id", "0076229645")
    await before.choose(member, "role", "ceo")
    await before.choose(member, "consent", "yes")
    draft = await AssessmentService(db, clock, Q).draft(member)
    assert draft.version == Q.version
    assert draft.answers == {
        "full_name": "مریم احمدی",
        "national_id": "0076229645",
        "role": "ceo",
        "consent": "yes",
    }
    assert first_unanswered(Q, draft.answers).key == "mobile"


def test_identity_key_ignores_spelling_noise():
    a = cooperative_identity_key("شرکت تعاونی مسکن‌ فرهنگیان", "12", "tehran", "rey")
    b = cooperative_identity_key("تعاوني مسکن فرهنگيان", "12", "tehran", "rey")
    c = cooperative_identity_key("تعاونی مسکن فرهنگیان", "13", "tehran", "rey")
    assert a == b != c


async def test_standing_follows_begin_submit_and_forget(db, clock, service):
    """The main menu's view of a person, kept in memory, moves with what this service does."""
    from bot.services.assessment import Standing

    member = await new_member(db, clock, 1)
    assert await service.standing(member) == Standing(unfinished=False, submitted=False)
    await service.begin(member)
    assert await service.standing(member) == Standing(unfinished=True, submitted=False)
    await answer_all(service, member, person())
    await service.submit(member)
    assert await service.standing(member) == Standing(unfinished=False, submitted=True)
    async with db.write() as conn:  # erased elsewhere (the privacy service)
        await conn.exec_driver_sql("DELETE FROM assessment_answers")
        await conn.exec_driver_sql("DELETE FROM assessments")
    assert (await service.standing(member)).submitted  # still the remembered standing
    service.forget(member)
    assert await service.standing(member) == Standing(unfinished=False, submitted=False)


async def test_a_first_visit_means_no_assessment_without_a_read(db, clock):
    from sqlalchemy import event

    service = AssessmentService(db, clock, load_questionnaire())
    service.first_visit(4242)
    statements: list[str] = []
    event.listen(db.engine.sync_engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    standing = await service.standing(4242)
    assert (standing.unfinished, standing.submitted) == (False, False)
    assert statements == []
