from datetime import UTC, datetime

from sqlalchemy import event

from bot.core.config import Settings
from bot.services.chat_state import ChatStateService
from bot.services.members import (
    MemberCache,
    MemberService,
    Visitor,
    forget_member,
    locale_for,
    member_cache,
)


def visitor(platform="telegram", user_id=5, language_code=None, first_name="مریم"):
    return Visitor(
        platform=platform,
        user_id=user_id,
        chat_id=user_id,
        first_name=first_name,
        last_name=None,
        username=None,
        language_code=language_code,
    )


async def test_admins_from_settings_get_the_admin_role(db, clock):
    settings = Settings(_env_file=None, admins=[("bale", 77)])
    service = MemberService(db, clock, settings)
    admin = await service.seen(visitor("bale", 77))
    same_id_other_platform = await service.seen(visitor("telegram", 77))
    assert admin.role == "admin"
    assert same_id_other_platform.role == "member"


async def test_locale_resolution(db, clock):
    service = MemberService(db, clock, Settings(_env_file=None))
    english_client = await service.seen(visitor(user_id=1, language_code="en-US"))
    bale_no_code = await service.seen(visitor("bale", 2, language_code=None))
    assert service.locale(english_client) == "en"
    assert service.locale(bale_no_code) == "fa"
    await service.set_locale(english_client.id, "fa")
    chosen = await service.get(english_client.id)
    assert service.locale(chosen) == "fa"
    assert locale_for(chosen.model_copy(update={"locale": None}), "fa") == "en"


async def test_chat_state_round_trip(db, clock):
    members = MemberService(db, clock, Settings(_env_file=None))
    member = await members.seen(visitor())
    states = ChatStateService(db, clock)
    assert await states.get(member.id) is None
    await states.set(member.id, "assessment", "q3", {"n": "۱"})
    state = await states.get(member.id)
    assert (state.flow, state.step, state.data) == ("assessment", "q3", {"n": "۱"})
    assert not await states.clear(member.id, "other-flow")
    assert await states.clear(member.id)
    assert await states.get(member.id) is None


async def test_a_visit_writes_only_when_something_changed(db, clock):
    """Every update passes through seen(); most of them must not take the write lock."""
    service = MemberService(db, clock, Settings(_env_file=None))
    first = await service.seen(visitor())
    first_visit = clock.now()

    clock.advance(minutes=2)
    again = await service.seen(visitor())
    assert again.last_seen == first_visit  # a read: nothing new to record

    renamed = await service.seen(visitor(first_name="مریم‌السادات"))
    assert renamed.first_name == "مریم‌السادات"
    assert renamed.last_seen == clock.now()  # the messenger told us something new

    clock.advance(minutes=6)
    later = await service.seen(visitor(first_name="مریم‌السادات"))
    assert later.last_seen == clock.now()  # last_seen kept to five minutes
    assert later.id == first.id


async def test_a_message_from_a_blocked_member_unblocks_at_once(db, clock):
    from storage.members import MembersRepo

    service = MemberService(db, clock, Settings(_env_file=None))
    member = await service.seen(visitor())
    async with db.write() as conn:  # as LedgerService.blocked does on a 403
        await MembersRepo(conn).mark_blocked(member.id, clock.now())
    forget_member(db, member.id)
    clock.advance(seconds=30)
    back = await service.seen(visitor())
    assert not back.is_blocked
    assert (await service.get(member.id)).is_blocked is False


def count_statements(db) -> list[str]:
    statements: list[str] = []
    event.listen(
        db.engine.sync_engine,
        "before_cursor_execute",
        lambda _c, _cur, statement, *_a: statements.append(statement.split()[0].upper()),
    )
    return statements


async def test_a_person_who_wrote_lately_costs_no_database_round_trip(db, clock):
    service = MemberService(db, clock, Settings(_env_file=None))
    first = await service.seen(visitor())
    statements = count_statements(db)
    clock.advance(minutes=4)
    assert await service.seen(visitor()) == first
    assert statements == []
    clock.advance(minutes=2)  # last_seen older than five minutes: written, straight away
    later = await service.seen(visitor())
    assert later.last_seen == clock.now()
    assert "SELECT" not in statements and ("INSERT" in statements or "UPDATE" in statements)


async def test_every_change_of_a_members_row_is_seen_at_the_next_visit(db, clock):
    """The language, a role, a block and an erasure each go through a service that forgets the
    person kept in memory; the next update reads the row as stored."""
    from bot.services.privacy import PrivacyService
    from bot.services.roles import RoleService

    settings = Settings(_env_file=None, admins=[("telegram", 1)])
    service = MemberService(db, clock, settings)
    admin = await service.seen(visitor(user_id=1))
    member = await service.seen(visitor())

    await service.set_locale(member.id, "en")
    assert (await service.seen(visitor())).locale == "en"

    outcome = await RoleService(db, clock, settings).set_role(admin, member.id, "staff")
    assert outcome.result == "changed"
    assert (await service.seen(visitor())).role == "staff"

    await PrivacyService(db, clock).erase(member.id)
    again = await service.seen(visitor())
    assert again.id != member.id and again.role == "member"  # a new person from now on


async def test_a_visit_read_before_a_change_is_not_kept(db, clock):
    """forget() between reading a row and keeping it: what was read is not kept."""
    cache = member_cache(db)
    service = MemberService(db, clock, Settings(_env_file=None))
    member = await service.seen(visitor())
    forget_member(db, member.id)
    assert cache.get("telegram", 5) is None
    epoch = cache.epoch
    forget_member(db, 12345)  # anyone's change, while a visit is under way
    cache.put(member, epoch)
    assert cache.get("telegram", 5) is None
    cache.put(member, cache.epoch)
    assert cache.get("telegram", 5) == member


def test_the_cache_keeps_at_most_its_size():
    from storage.members import Member

    cache = MemberCache(maxsize=3)
    now = datetime(2025, 11, 16, tzinfo=UTC)
    for i in range(1, 11):
        cache.put(
            Member(
                id=i,
                platform="bale",
                user_id=100 + i,
                chat_id=100 + i,
                first_name=None,
                last_name=None,
                username=None,
                language_code=None,
                locale=None,
                role="member",
                is_blocked=False,
                blocked_at=None,
                first_seen=now,
                last_seen=now,
            ),
            cache.epoch,
        )
    assert len(cache) == 3 and cache.get("bale", 110) is not None and cache.get("bale", 101) is None
    cache.forget(10)
    assert cache.get("bale", 110) is None


async def test_a_member_added_to_admins_later_becomes_admin_on_the_next_visit(db, clock):
    member = await MemberService(db, clock, Settings(_env_file=None)).seen(visitor("bale", 77))
    assert member.role == "member"
    promoted = MemberService(db, clock, Settings(_env_file=None, admins=[("bale", 77)]))
    assert (await promoted.seen(visitor("bale", 77))).role == "admin"


async def test_a_chosen_language_is_kept_in_memory_without_reading_again(db, clock):
    service = MemberService(db, clock, Settings(_env_file=None))
    member = await service.seen(visitor())
    await service.set_locale(member.id, "en")
    statements = count_statements(db)
    assert (await service.seen(visitor())).locale == "en"
    assert statements == []
    assert (await service.get(member.id)).locale == "en"


async def test_a_first_visit_is_told_once_with_the_new_members_id(db, clock):
    told: list[int] = []
    service = MemberService(db, clock, Settings(_env_file=None), on_first_visit=told.append)
    member = await service.seen(visitor())
    await service.seen(visitor(first_name="زهرا"))  # written again, not a first visit
    forget_member(db, member.id)
    await service.seen(visitor())  # read again, not a first visit
    assert told == [member.id]


async def test_many_first_visits_at_once_share_a_few_statements(db, clock):
    """An announcement: a hundred people write at once. Their visits share transactions and
    their rows are inserted a batch at a time, not one transaction and statement each."""
    import asyncio

    told: list[int] = []
    service = MemberService(db, clock, Settings(_env_file=None), on_first_visit=told.append)
    statements = count_statements(db)
    members = await asyncio.gather(*(service.seen(visitor(user_id=100 + i)) for i in range(100)))
    assert [m.user_id for m in members] == [100 + i for i in range(100)]
    assert sorted(told) == sorted(m.id for m in members)
    assert 1 <= statements.count("INSERT") <= 3
