"""/mydata and /deleteme: everything about a person as a file; erasing leaves nothing personal
behind (checked in every table of the database) while the statistics keep their counts."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import func, select

from bot.services.privacy import personal_answer
from storage.assessments import AssessmentsRepo
from storage.audit import AuditRepo
from storage.cooperatives import CooperativesRepo
from storage.ledger import LedgerRepo
from storage.schema import metadata
from storage.schema.assessment import assessment_answers, assessments
from storage.schema.courses import registrations
from storage.schema.ledger import deliveries
from storage.schema.members import members
from tests.services.admin_support import audit_actions, make_services, person
from tests.services.courses_support import add_course

NATIONAL_ID = "0076229645"
MOBILE = "09121234567"
FULL_NAME = "زروان کیان‌مهر"
ACTIVITY = "بافت فرش دستباف زروانی"
OTHER_TOPIC = "آموزش ویژهٔ کیان‌مهرها"
SECRETS = (
    "Zarvanius",
    "Kianmehrzadeh",
    "zarvan_kz",
    NATIONAL_ID,
    MOBILE,
    FULL_NAME,
    "کیان‌مهر",
    ACTIVITY,
    OTHER_TOPIC,
)


OTHER = {
    "first_name": "Shirin",
    "last_name": None,
    "username": None,
    "full_name": "شیرین دیگری",
    "national_id": "0013542419",
    "mobile": "09351112233",
    "activity": "خیاطی",
    "other_topic": "",
}
ZARVAN = {
    "first_name": "Zarvanius",
    "last_name": "Kianmehrzadeh",
    "username": "zarvan_kz",
    "full_name": FULL_NAME,
    "national_id": NATIONAL_ID,
    "mobile": MOBILE,
    "activity": ACTIVITY,
    "other_topic": OTHER_TOPIC,
}


async def submitted_person(db, clock, services, user_id=5005, who=ZARVAN, platform="telegram"):
    """A member with a submitted assessment (free texts, IDs), a profile and a cooperative."""
    zarvan = await person(
        db,
        clock,
        user_id,
        platform=platform,
        first_name=who["first_name"],
        last_name=who["last_name"],
        username=who["username"],
    )
    q = services.assessment.questionnaire
    answers = {
        "full_name": who["full_name"],
        "national_id": who["national_id"],
        "mobile": who["mobile"],
        "role": "ceo",
        "gender": "male",
        "coop_name": "تعاونی فرش نمونه",
        "coop_activity": who["activity"],
        "coop_kind": "production",
        "coop_members": 12,
        "topics": ["accounting", "other"],
        "topic_other": who["other_topic"],
        "urgency.accounting": "high",
        "consent": "yes",
    }
    now = clock.now()
    async with db.write() as conn:
        repo = AssessmentsRepo(conn)
        draft = await repo.create_draft(zarvan.id, q.version, now)
        for key, value in answers.items():
            await repo.set_answer(draft.id, key, value, now)
        coops = CooperativesRepo(conn)
        coop = await coops.by_identity_key("x|1|tehran") or await coops.insert(
            {"name": "تعاونی فرش نمونه", "identity_key": "x|1|tehran", "kind": "production"}, now
        )
        await repo.submit(
            draft.id,
            cooperative_id=coop.id,
            need_score=7.5,
            consent=True,
            topics=["accounting", "other"],
            delivery_mode="in_person",
            needs={"topics": {"accounting": "high"}},
            score_detail={},
            now=now,
        )
        await repo.save_profile(
            zarvan.id,
            {
                "full_name": who["full_name"],
                "national_id": who["national_id"],
                "mobile": who["mobile"],
                "role": "ceo",
                "cooperative_id": coop.id,
                "assessment_id": draft.id,
            },
            now,
        )
    return zarvan


async def table_texts(db) -> dict[str, str]:
    """Every table as one text (JSON values decoded), to search for what must be gone."""
    out = {}
    async with db.read() as conn:
        for table in metadata.sorted_tables:
            rows = (await conn.execute(select(table))).all()
            out[table.name] = json.dumps(
                [dict(r._mapping) for r in rows], ensure_ascii=False, default=str
            )
    return out


def test_personal_answers_are_recognised():
    from bot.questionnaire import load_questionnaire

    q = load_questionnaire()
    assert personal_answer(q, "full_name") and personal_answer(q, "national_id")
    assert personal_answer(q, "mobile") and personal_answer(q, "topic_other")
    assert personal_answer(q, "last_assembly")  # a date
    assert personal_answer(q, "no_such_question")  # unknown: erased
    assert not personal_answer(q, "topics") and not personal_answer(q, "urgency.accounting")
    assert not personal_answer(q, "coop_members") and not personal_answer(q, "gender")


async def test_mydata_has_everything_about_me(db, clock):
    services = make_services(db, clock)
    zarvan = await submitted_person(db, clock, services)
    other = await person(db, clock, 6006, first_name="Other")
    name, data = await services.admin.privacy.export(zarvan.id)
    assert name.startswith("coopbot-mydata-") and name.endswith(".json")
    document = json.loads(data.decode("utf-8"))
    tables = document["tables"]
    assert tables["members"][0]["first_name"] == "Zarvanius"
    assert tables["member_profiles"][0]["national_id"] == NATIONAL_ID
    answers = {a["key"]: a["value"] for a in tables["assessment_answers"]}
    assert answers["coop_activity"] == ACTIVITY and answers["mobile"] == MOBILE
    assert [a["status"] for a in tables["assessments"]] == ["submitted"]
    assert "Other" not in data.decode("utf-8")
    assert other.id not in [m["id"] for m in tables["members"]]


async def test_deleteme_leaves_no_personal_data_behind(db, clock):
    services = make_services(db, clock)
    zarvan = await submitted_person(db, clock, services)
    waiting = await submitted_person(db, clock, services, user_id=5006, who=OTHER)
    staff = await person(db, clock, 7007, "staff")
    course = await add_course(db, clock.now(), capacity=1)
    assert (await services.registration.register(zarvan.id, course.id)).result == "requested"
    assert (await services.registration.register(waiting.id, course.id)).result == "waitlisted"
    now = clock.now()
    async with db.write() as conn:
        ledger = LedgerRepo(conn)
        # a notice to staff that names the person, and a pending one for the person
        await ledger.enqueue(
            member_id=staff.id,
            cause="reminders.withdrawal",
            occurrence="r1",
            due_at=now,
            payload={"text": {"key": "x", "args": {"name": "Zarvanius Kianmehrzadeh"}}},
        )
        await ledger.enqueue(
            member_id=zarvan.id,
            cause="reminders.session",
            occurrence="s1",
            due_at=now + timedelta(days=1),
            payload={"text": {"key": "x", "args": {}}},
        )
        # a staff member's reason that names the person, in the audit log
        await AuditRepo(conn).add(
            at=now,
            actor_id=staff.id,
            action="nomination.move",
            subject="entry",
            subject_id=1,
            reason="Zarvanius Kianmehrzadeh asked by phone",
            after={"note": "زروان کیان‌مهر", "placed": True},
        )
    async with db.read() as conn:
        counts_before = {
            t.name: (await conn.execute(select(func.count()).select_from(t))).scalar_one()
            for t in (members, assessments, registrations)
        }
    before = await table_texts(db)
    assert any(NATIONAL_ID in text for text in before.values())

    erasure = await services.admin.privacy.erase(zarvan.id)

    assert erasure.registrations_cancelled == 1
    assert erasure.notices_cancelled >= 1 and erasure.notices_blanked == 1
    after = await table_texts(db)
    for secret in SECRETS:
        for table, text in after.items():
            assert secret not in text, f"{secret!r} is still in {table}"
    async with db.read() as conn:
        row = (await conn.execute(select(members).where(members.c.id == zarvan.id))).one()
        counts_after = {
            t.name: (await conn.execute(select(func.count()).select_from(t))).scalar_one()
            for t in (members, assessments, registrations)
        }
        kept = {
            k
            for (k,) in (
                await conn.execute(
                    select(assessment_answers.c.key)
                    .join(assessments, assessments.c.id == assessment_answers.c.assessment_id)
                    .where(assessments.c.member_id == zarvan.id)
                )
            ).all()
        }
        topics = (
            await conn.execute(
                select(assessments.c.topics).where(assessments.c.member_id == zarvan.id)
            )
        ).scalar_one()
        offer = (
            await conn.execute(
                select(registrations.c.status).where(registrations.c.member_id == waiting.id)
            )
        ).scalar_one()
        pending = (
            await conn.execute(
                select(func.count())
                .select_from(deliveries)
                .where(deliveries.c.member_id == zarvan.id, deliveries.c.status == "pending")
            )
        ).scalar_one()
    assert row.user_id == -zarvan.id and row.chat_id is None and row.is_blocked
    assert row.first_name is None and row.username is None and row.role == "member"
    assert counts_after == counts_before  # statistics keep their counts
    assert topics == ["accounting", "other"]
    assert kept == {
        "role",
        "gender",
        "coop_kind",
        "coop_members",
        "topics",
        "urgency.accounting",
        "consent",
    }
    assert offer == "offered"  # the freed seat went to the next on the waitlist
    assert pending == 0
    assert ("privacy.erase", zarvan.id, "member", zarvan.id) in await audit_actions(db)
    async with db.read() as conn:
        moved = await AuditRepo(conn).for_subject("entry", 1)
    assert moved[0].reason == "— asked by phone" and moved[0].after == {"note": "—", "placed": True}
    # the person's other member (the second one) is untouched
    async with db.read() as conn:
        profile = await AssessmentsRepo(conn).profile(waiting.id)
    assert profile is not None and profile.national_id == OTHER["national_id"]


async def test_the_same_person_on_the_other_messenger_is_asked_not_erased(db, clock):
    """Accounts with the same national ID are one person: erasing one sends each other account a
    message with a button to erase it too; none is erased from another account (anyone can type
    someone else's national ID)."""
    services = make_services(db, clock)
    on_telegram = await submitted_person(db, clock, services)
    on_bale = await submitted_person(db, clock, services, platform="bale")  # same user id, too
    stranger = await submitted_person(db, clock, services, user_id=5006, who=OTHER)

    erasure = await services.admin.privacy.erase(on_telegram.id)

    assert erasure.other_accounts == ("bale",)
    async with db.read() as conn:
        asked = await LedgerRepo(conn).find(cause="privacy.linked")
        bale_profile = await AssessmentsRepo(conn).profile(on_bale.id)
        stranger_profile = await AssessmentsRepo(conn).profile(stranger.id)
    assert [(d.member_id, d.status, d.urgent) for d in asked] == [(on_bale.id, "pending", True)]
    notice = json.dumps(asked[0].payload, ensure_ascii=False)
    assert asked[0].payload["text"] == {
        "key": "privacy-linked-notice",
        "args": {"platform": {"text": "broadcast-platform-telegram"}},
    }
    assert asked[0].payload["buttons"] == [[{"key": "privacy-linked-button", "data": "prv:del"}]]
    assert not any(secret in notice for secret in SECRETS)
    # nothing of the other account is erased until its owner confirms there
    assert bale_profile is not None and bale_profile.national_id == NATIONAL_ID
    assert stranger_profile is not None
    audit = [a for a in await audit_actions(db) if a[0] == "privacy.erase"]
    assert audit == [("privacy.erase", on_telegram.id, "member", on_telegram.id)]

    # the owner confirms on Bale: erased; the Telegram account is already gone, nobody is asked
    second = await services.admin.privacy.erase(on_bale.id)
    assert second.other_accounts == ()
    after = await table_texts(db)
    for secret in (NATIONAL_ID, MOBILE, FULL_NAME):
        assert not any(secret in text for text in after.values())
    assert OTHER["national_id"] in after["member_profiles"]


async def test_no_other_account_no_message(db, clock):
    services = make_services(db, clock)
    zarvan = await submitted_person(db, clock, services)
    await submitted_person(db, clock, services, user_id=5006, who=OTHER, platform="bale")
    no_profile = await person(db, clock, 5005, platform="bale")  # never did the assessment
    erasure = await services.admin.privacy.erase(zarvan.id)
    assert erasure.other_accounts == ()
    async with db.read() as conn:
        assert await LedgerRepo(conn).find(cause="privacy.linked") == []
    assert no_profile.id != zarvan.id


def _on_disk(folder) -> dict[str, bytes]:
    """The bytes of the SQLite database, its write-ahead log and its shared-memory index."""
    return {
        path.name: path.read_bytes()
        for path in sorted(folder.glob("test.sqlite3*"))
        if path.is_file()
    }


def _found(files: dict[str, bytes]) -> list[tuple[str, str]]:
    return [
        (secret, name)
        for secret in SECRETS
        for name, data in files.items()
        if secret.encode("utf-8") in data
    ]


async def test_sqlite_files_keep_no_copy_after_an_erasure(sqlite_db, clock, tmp_path):
    """Grep the bytes of the .sqlite3, -wal and -shm files while the database is open (the
    engine's pooled connections stay open): secure_delete zeroes what was deleted or
    overwritten, and the WAL is checkpointed and truncated right after the erasure."""
    db = sqlite_db
    services = make_services(db, clock)
    zarvan = await submitted_person(db, clock, services)
    await submitted_person(db, clock, services, user_id=5006, who=OTHER)
    async with db.read() as conn:  # a reader: its pooled connection stays open afterwards
        # on every connection (some SQLite builds have it on by default, others off)
        assert (await conn.exec_driver_sql("PRAGMA secure_delete")).scalar_one() == 1
    before = _on_disk(tmp_path)
    assert {"test.sqlite3", "test.sqlite3-wal"} <= set(before)
    assert (NATIONAL_ID, "test.sqlite3-wal") in _found(before)  # the check can fail

    await services.admin.privacy.erase(zarvan.id)

    after = _on_disk(tmp_path)
    assert _found(after) == []
    assert after.get("test.sqlite3-wal", b"") == b""  # truncated
    assert OTHER["national_id"].encode() in after["test.sqlite3"]  # the others' data is kept


async def test_wipe_log_waits_for_a_reader_then_gives_up_politely(sqlite_db, clock, caplog):
    """A reader holding an old snapshot keeps the checkpoint busy: wipe_log tries again, and
    says so (False, a warning) when the reader never lets go; once it does, the log is wiped."""
    db = sqlite_db
    services = make_services(db, clock)
    zarvan = await submitted_person(db, clock, services)
    async with db.read() as reader:
        await reader.execute(select(func.count()).select_from(members))  # holds a snapshot
        async with db.write() as conn:  # a write after the snapshot: the log must keep it
            touch = members.update().where(members.c.id == zarvan.id).values(locale="fa")
            await conn.execute(touch)
        assert await db.wipe_log(attempts=2, wait_s=0) is False
    assert "write-ahead log is in use" in caplog.text
    assert await db.wipe_log() is True
