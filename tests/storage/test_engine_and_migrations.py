from datetime import timedelta

import pytest
from sqlalchemy import text

from storage.engine import create_database
from storage.members import MembersRepo
from storage.migrate import DatabaseTooNew, current_revisions, head_revisions, upgrade


async def test_migrations_reach_head_and_are_idempotent(db):
    assert await current_revisions(db) == head_revisions()
    before, after = await upgrade(db)
    assert before == after == head_revisions()


async def test_sqlite_pragmas(sqlite_db):
    async with sqlite_db.write() as conn:
        assert (await conn.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
        assert (await conn.execute(text("PRAGMA foreign_keys"))).scalar() == 1
        assert (await conn.execute(text("PRAGMA busy_timeout"))).scalar() >= 5000


async def test_refuses_a_database_newer_than_the_code(tmp_path):
    db = create_database(f"sqlite+aiosqlite:///{tmp_path}/new.sqlite3")
    await upgrade(db)
    async with db.write() as conn:
        await conn.execute(text("INSERT INTO alembic_version VALUES ('from_the_future')"))
    with pytest.raises(DatabaseTooNew, match="newer version"):
        await upgrade(db)
    await db.dispose()


async def test_write_rolls_back_on_error(db, clock):
    with pytest.raises(RuntimeError):
        async with db.write() as conn:
            await MembersRepo(conn).seen(
                platform="telegram",
                user_id=1,
                chat_id=1,
                first_name="a",
                last_name=None,
                username=None,
                language_code=None,
                now=clock.now(),
            )
            raise RuntimeError("boom")
    async with db.read() as conn:
        assert await MembersRepo(conn).count() == 0


async def test_members_are_keyed_by_platform_and_user(db, clock):
    async with db.write() as conn:
        repo = MembersRepo(conn)
        kw = dict(chat_id=5, last_name=None, username=None, language_code=None)
        tg = await repo.seen(platform="telegram", user_id=5, first_name="T", now=clock.now(), **kw)
        bale = await repo.seen(platform="bale", user_id=5, first_name="B", now=clock.now(), **kw)
        assert tg.id != bale.id
        later = clock.now() + timedelta(minutes=5)
        again = await repo.seen(platform="telegram", user_id=5, first_name="T2", now=later, **kw)
    assert again.id == tg.id
    assert again.first_name == "T2"
    assert again.first_seen == clock.now()
    assert again.last_seen == later
    assert again.last_seen.tzinfo is not None


async def test_seen_clears_blocked_flag(db, clock):
    kw = dict(chat_id=5, first_name="x", last_name=None, username=None, language_code="fa")
    async with db.write() as conn:
        repo = MembersRepo(conn)
        m = await repo.seen(platform="bale", user_id=7, now=clock.now(), **kw)
        await repo.mark_blocked(m.id, clock.now())
        assert (await repo.get_by_id(m.id)).is_blocked
        m2 = await repo.seen(platform="bale", user_id=7, now=clock.now(), **kw)
    assert not m2.is_blocked and m2.blocked_at is None


async def test_the_tvto_rejection_migration_keeps_the_lists(db, clock):
    """0007 adds TVTO's rejection (when, by whom, why) to the monthly lists' entries: a list
    written before it is kept whole, its entries read as not rejected, and a rejection can be
    recorded; going back down to 0006 and up again works (both engines)."""
    from alembic import command

    from storage.migrate import alembic_config
    from storage.nominations import NewEntry, NominationsRepo
    from storage.registrations import RegistrationsRepo
    from tests.services.courses_support import add_course, add_members

    def migrate(connection, step, target):
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        step(cfg, target)

    async def to(step, target):
        async with db.engine.connect() as conn:
            await conn.run_sync(migrate, step, target)
            await conn.commit()

    await to(command.downgrade, "0006")
    assert "0007" not in await current_revisions(db)
    now = clock.now()
    course = await add_course(db, now)
    [member] = await add_members(db, now, 1)
    async with db.write() as conn:
        registration = await RegistrationsRepo(conn).create(
            course_id=course.id,
            member_id=member,
            status="sent",
            need_score=5.0,
            cooperative_id=None,
            assessment_id=None,
            now=now,
        )
        repo = NominationsRepo(conn)
        month = await repo.create_month(
            year=1404, month=8, cutoff_at=now, frozen_at=now, frozen_by=None, coop_cap=3
        )
        entry = NewEntry(
            registration_id=registration.id,
            course_id=course.id,
            member_id=member,
            cooperative_id=None,
            need_score=5.0,
            requested_at=now,
            rank=1,
            placed=True,
        )
        await repo.add_entries(month.id, [entry])

    await upgrade(db)
    assert await current_revisions(db) == head_revisions()
    async with db.write() as conn:
        repo = NominationsRepo(conn)
        [kept] = await repo.entries(month.id)
        assert (kept.registration_id, kept.placed, kept.rejected_at) == (
            registration.id,
            True,
            None,
        )
        await repo.set_rejected(kept.id, at=now, by=member, reason="ظرفیت کلاس پر است")
    async with db.read() as conn:
        [rejected] = await NominationsRepo(conn).entries(month.id)
    assert (rejected.rejected_at, rejected.rejected_by) == (now, member)
    assert rejected.rejection_reason == "ظرفیت کلاس پر است"
    await to(command.downgrade, "0006")
    await upgrade(db)
    async with db.read() as conn:
        [again] = await NominationsRepo(conn).entries(month.id)
    assert again.rejected_at is None and again.rank == 1


async def test_role_from_admins_backfill_marks_admins_without_a_chat_decision(db, clock):
    """Down to before 0007_role_from_admins and up again: an admin the audit log shows was made
    admin in the chat is the chat's; one with no such entry got the role from ADMINS."""
    from alembic import command

    from storage.audit import AuditRepo
    from storage.migrate import alembic_config

    def migrate(target: str, down: bool):
        def run(connection) -> None:
            cfg = alembic_config()
            cfg.attributes["connection"] = connection
            (command.downgrade if down else command.upgrade)(cfg, target)

        return run

    async with db.write() as conn:
        repo = MembersRepo(conn)
        ids = {}
        for user_id in (1, 2, 3):
            member = await repo.seen(
                platform="telegram",
                user_id=user_id,
                chat_id=user_id,
                first_name="x",
                last_name=None,
                username=None,
                language_code=None,
                now=clock.now(),
            )
            ids[user_id] = member.id
        await repo.set_role(ids[1], "admin")
        await repo.set_role(ids[2], "admin")
        await AuditRepo(conn).add(
            at=clock.now(),
            actor_id=ids[1],
            action="role.change",
            subject="member",
            subject_id=ids[2],
            before={"role": "member"},
            after={"role": "admin"},
        )
    async with db.engine.connect() as conn:
        await conn.run_sync(migrate("0007_role_from_admins@-1", down=True))
        await conn.commit()
    assert "0007_role_from_admins" not in await current_revisions(db)
    async with db.engine.connect() as conn:
        await conn.run_sync(migrate("heads", down=False))
        await conn.commit()
    async with db.read() as conn:
        repo = MembersRepo(conn)
        flags = {u: (await repo.get("telegram", u)).role_from_admins for u in (1, 2, 3)}
    assert flags == {1: True, 2: False, 3: False}
