from bot.config import Settings
from bot.services.chat_state import ChatStateService
from bot.services.members import MemberService, Visitor, locale_for


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
    async with db.write() as conn:
        await MembersRepo(conn).mark_blocked(member.id, clock.now())
    clock.advance(seconds=30)
    back = await service.seen(visitor())
    assert not back.is_blocked
    assert (await service.get(member.id)).is_blocked is False


async def test_a_member_added_to_admins_later_becomes_admin_on_the_next_visit(db, clock):
    member = await MemberService(db, clock, Settings(_env_file=None)).seen(visitor("bale", 77))
    assert member.role == "member"
    promoted = MemberService(db, clock, Settings(_env_file=None, admins=[("bale", 77)]))
    assert (await promoted.seen(visitor("bale", 77))).role == "admin"
