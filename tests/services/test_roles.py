"""Roles: ADMINS are admins, admins promote and demote, one-time invitation links."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.services.roles import (
    NotAllowed,
    invitation_token,
    parse_target,
    require_admin,
    require_staff,
    token_hash,
)
from storage.members import MembersRepo
from storage.schema.admin import staff_invitations
from storage.schema.ledger import deliveries
from tests.services.admin_support import audit_actions, make_services, person


def test_require_helpers(clock):
    from storage.members import Member

    base = dict(
        id=1,
        platform="telegram",
        user_id=1,
        chat_id=1,
        first_name=None,
        last_name=None,
        username=None,
        language_code=None,
        locale=None,
        is_blocked=False,
        blocked_at=None,
        first_seen=clock.now(),
        last_seen=clock.now(),
    )
    member = Member(role="member", **base)
    staff = Member(role="staff", **base)
    admin = Member(role="admin", **base)
    with pytest.raises(NotAllowed):
        require_staff(member)
    with pytest.raises(NotAllowed):
        require_staff(None)
    with pytest.raises(NotAllowed) as refused:
        require_admin(staff)
    assert refused.value.needed == "admin"
    assert require_staff(staff) is staff and require_staff(admin) is admin
    assert require_admin(admin) is admin


def test_parse_target_and_tokens():
    assert parse_target("۱۲۳۴۵", "telegram") == ("telegram", 12345)
    assert parse_target("bale:42", "telegram") == ("bale", 42)
    assert parse_target("Bale 42", "telegram") == ("bale", 42)
    assert parse_target("whatsapp:42", "telegram") is None
    assert parse_target("abc", "bale") is None
    assert invitation_token("inv_" + "a" * 24) == "a" * 24
    assert invitation_token("inv_short") is None
    assert invitation_token("ref_" + "a" * 24) is None
    assert invitation_token(None) is None


async def test_invitation_is_single_use_and_expires(db, clock):
    services = make_services(db, clock, invite_hours=72)
    roles = services.admin.roles
    admin = await person(db, clock, 9001, "admin")
    maryam = await person(db, clock, 1001)
    reza = await person(db, clock, 1002)

    new = await roles.invite(admin)
    assert new.payload.startswith("inv_") and len(new.payload) <= 64
    assert new.invitation.expires_at == clock.now() + timedelta(hours=72)
    # only the hash is stored
    async with db.read() as conn:
        stored = (await conn.execute(select(staff_invitations.c.token_hash))).scalars().all()
    assert stored == [token_hash(new.token)] and new.token not in stored[0]

    joined = await roles.redeem(maryam, new.payload)
    assert (joined.result, joined.role) == ("joined", "staff")
    assert (await roles.get(maryam.id)).role == "staff"
    # again by the same person: already; by someone else: used
    assert (
        await roles.redeem(maryam.model_copy(update={"role": "staff"}), new.payload)
    ).result in ("already",)
    assert (await roles.redeem(reza, new.payload)).result == "used"
    assert (await roles.get(reza.id)).role == "member"

    late = await roles.invite(admin)
    clock.advance(timedelta(hours=72, seconds=1))
    assert (await roles.redeem(reza, late.payload)).result == "expired"
    assert (await roles.redeem(reza, "inv_" + "x" * 24)).result == "invalid"
    assert (await roles.get(reza.id)).role == "member"

    actions = [a[0] for a in await audit_actions(db)]
    assert actions == ["role.invite", "role.join", "role.invite"]


async def test_revoked_invitation_and_admin_only(db, clock):
    services = make_services(db, clock)
    roles = services.admin.roles
    admin = await person(db, clock, 9001, "admin")
    staff = await person(db, clock, 1003, "staff")
    maryam = await person(db, clock, 1001)
    with pytest.raises(NotAllowed):
        await roles.invite(staff)
    with pytest.raises(NotAllowed):
        await roles.set_role(staff, maryam.id, "staff")
    new = await roles.invite(admin, "admin")
    assert [i.id for i in await roles.open_invitations()] == [new.invitation.id]
    assert await roles.revoke(admin, new.invitation.id) is True
    assert await roles.revoke(admin, new.invitation.id) is False
    assert (await roles.redeem(maryam, new.payload)).result == "invalid"
    assert await roles.open_invitations() == []


async def test_promote_demote_rules_and_notice(db, clock):
    services = make_services(db, clock)
    roles = services.admin.roles
    admin = await person(db, clock, 9001, "admin")  # in ADMINS
    other_admin = await person(db, clock, 9002, "admin")  # promoted earlier
    maryam = await person(db, clock, 1001)

    outcome = await roles.set_role(admin, maryam.id, "staff", reason="new colleague")
    assert (outcome.result, outcome.before, outcome.member.role) == ("changed", "member", "staff")
    assert (await roles.set_role(admin, maryam.id, "staff")).result == "unchanged"
    assert (await roles.set_role(admin, admin.id, "member")).result == "self"
    assert (await roles.set_role(other_admin, admin.id, "member")).result == "configured_admin"
    assert (await roles.set_role(admin, 99999, "staff")).result == "not_found"
    assert (await roles.set_role(admin, other_admin.id, "staff")).result == "changed"
    assert [m.id for m in await roles.staff()] == [admin.id, other_admin.id, maryam.id]
    assert (await roles.set_role(admin, maryam.id, "member")).result == "changed"
    assert maryam.id not in [m.id for m in await roles.staff()]

    async with db.read() as conn:
        rows = (
            await conn.execute(
                select(deliveries.c.member_id, deliveries.c.cause, deliveries.c.payload).order_by(
                    deliveries.c.id
                )
            )
        ).all()
    assert [(r.member_id, r.payload["text"]["key"]) for r in rows] == [
        (maryam.id, "staff-notice-now-staff"),
        (other_admin.id, "staff-notice-now-staff"),
        (maryam.id, "staff-notice-now-member"),
    ]
    audit = await audit_actions(db)
    assert [a[0] for a in audit] == ["role.change"] * 3
    assert all(a[1] == admin.id and a[2] == "member" for a in audit)


async def test_configured_admin_keeps_the_role_after_a_visit(db, clock):
    services = make_services(db, clock)
    async with db.write() as conn:
        member = await MembersRepo(conn).seen(
            platform="telegram",
            user_id=9001,
            chat_id=9001,
            first_name="a",
            last_name=None,
            username=None,
            language_code="fa",
            now=clock.now(),
        )
    from bot.services.members import Visitor

    seen = await services.members.seen(Visitor("telegram", 9001, 9001, "a", None, None, "fa"))
    assert member.role == "member" and seen.role == "admin"


async def test_admins_setting_is_the_source_of_truth_for_the_role_it_gives(db, clock):
    """Yesterday ADMINS named 9001 and 9002; 9003 was made admin in the chat by 9001. Today
    ADMINS names only 9002: at start-up 9001 is a member again (audited), 9003 keeps the role
    the chat gave, and 9002 stays. Naming 9001 again makes them admin at their next message."""
    from bot.services.members import Visitor

    yesterday = make_services(db, clock, admins=[("telegram", 9001), ("telegram", 9002)])
    for user_id in (9001, 9002, 9003):
        await yesterday.members.seen(Visitor("telegram", user_id, user_id, "a", None, None, "fa"))
    first = await yesterday.admin.roles.find("telegram", 9001)
    third = await yesterday.admin.roles.find("telegram", 9003)
    assert first.role == "admin" and first.role_from_admins
    outcome = await yesterday.admin.roles.set_role(first, third.id, "admin")
    assert outcome.result == "changed"

    today = make_services(db, clock, admins=[("telegram", 9002)])
    ended = await today.admin.roles.follow_admins_setting()
    assert [m.user_id for m in ended] == [9001]
    roles = {u: (await today.admin.roles.find("telegram", u)).role for u in (9001, 9002, 9003)}
    assert roles == {9001: "member", 9002: "admin", 9003: "admin"}
    assert (await audit_actions(db))[-1] == ("role.admins_setting", None, "member", first.id)
    seen = await today.members.seen(Visitor("telegram", 9001, 9001, "a", None, None, "fa"))
    assert seen.role == "member"  # and not made admin again by the visit
    assert await today.admin.roles.follow_admins_setting() == []  # nothing more to end

    again = make_services(db, clock, admins=[("telegram", 9001)])
    seen = await again.members.seen(Visitor("telegram", 9001, 9001, "a", None, None, "fa"))
    assert seen.role == "admin" and seen.role_from_admins
    ended = await make_services(db, clock, admins=[]).admin.roles.follow_admins_setting()
    assert {m.user_id for m in ended} == {9001, 9002}
    assert (await again.admin.roles.find("telegram", 9003)).role == "admin"
