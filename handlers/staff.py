"""Admins manage staff: invitation links (one-time, expiring), promotion and demotion by user id,
the list of staff. A person who opens an invitation link (`/start inv_<token>`, dispatched by
handlers/start.py) becomes staff.

Callback data (`stf:...`, admins only, re-checked on every press):
- `stf:menu`                      the staff list and the tools
- `stf:inv:<staff|admin>`         make a new invitation link
- `stf:invs`, `stf:rev:<id>`      open invitations; revoke one
- `stf:ask`                       type a user id (`123456` or `bale:123456`)
- `stf:who:<member>`              one person: their role and the changes allowed
- `stf:set:<member>:<role>`       make them member, staff or admin
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel
from telegram import Update

from bot.chat import callbacks, keyboards
from bot.chat import dialog as kit
from bot.chat.context import CoopContext
from bot.chat.replies import answer, chat_id_of, pressed, reply, show
from bot.persian.jalali import format_datetime
from bot.services.roles import INVITE_PREFIX, is_staff, parse_target
from handlers.authz import refresh_commands, refuse, reread
from handlers.features import Feature, Flow
from handlers.registration import Registrar
from storage.members import Member

ROLE_KEYS = {
    "member": "staff-role-member",
    "staff": "staff-role-staff",
    "admin": "staff-role-admin",
}
CHANGE_KEYS = {
    "changed": "staff-changed",
    "unchanged": "staff-unchanged",
    "not_found": "staff-not-found",
    "configured_admin": "staff-configured-admin",
    "self": "staff-self",
}
REDEEM_KEYS = {
    "joined": "staff-join-done",
    "already": "staff-join-already",
    "expired": "staff-join-expired",
    "used": "staff-join-used",
    "invalid": "staff-join-invalid",
}
ACTIONS = frozenset({"menu", "inv", "invs", "rev", "ask", "who", "set"})


def cb(action: str, *args: object) -> str:
    return callbacks.encode(Feature.STAFF, action, *args)


def who(ctx: CoopContext, member: Member) -> str:
    """«سارا (تلگرام ۱۰۰۲)»: the name, the messenger and the user id in the reader's digits."""
    name = " ".join(p for p in (member.first_name, member.last_name) if p) or "—"
    platform = ctx.t(f"broadcast-platform-{member.platform}")
    return f"{name} ({platform} {ctx.digits(member.user_id)})"


def back_row(ctx: CoopContext) -> list[tuple[str, str]]:
    return [
        (ctx.t("staff-back"), cb("menu")),
        (ctx.t("admin-back"), callbacks.encode(Feature.ADMIN, "menu")),
    ]


async def menu_screen(update: Update, ctx: CoopContext, note: str = "") -> None:
    people = await ctx.services.admin.roles.staff()
    lines = [ctx.t("staff-title", count=len(people))]
    for member in people:
        lines.append(ctx.t("staff-line", who=who(ctx, member), role=ctx.t(ROLE_KEYS[member.role])))
    rows = [
        [
            (ctx.t("staff-invite-staff"), cb("inv", "staff")),
            (ctx.t("staff-invite-admin"), cb("inv", "admin")),
        ],
        [(ctx.t("staff-by-id"), cb("ask")), (ctx.t("staff-invitations"), cb("invs"))],
    ]
    rows += [[(who(ctx, m), cb("who", m.id))] for m in people]
    rows.append([(ctx.t("admin-back"), callbacks.encode(Feature.ADMIN, "menu"))])
    text = "\n".join(lines)
    await show(update, ctx, f"{note}\n\n{text}" if note else text, keyboards.inline(rows))


async def invite(update: Update, ctx: CoopContext, role: str | None) -> None:
    if role not in ("staff", "admin"):
        await menu_screen(update, ctx)
        return
    new = await ctx.services.admin.roles.invite(ctx.require_member(), role)  # type: ignore[arg-type]
    link = new.link(ctx.platform.name, ctx.bot.username)
    text = ctx.t(
        "staff-invite-made",
        role=ctx.t(ROLE_KEYS[role]),
        link=link,
        command=f"/start {new.payload}",
        until=format_datetime(new.invitation.expires_at, ctx.locale),
    )
    await show(update, ctx, text, keyboards.inline([back_row(ctx)]))


async def invitations(update: Update, ctx: CoopContext, note: str = "") -> None:
    found = await ctx.services.admin.roles.open_invitations()
    lines = [ctx.t("staff-invitations-title", count=len(found))]
    rows = []
    for invitation in found:
        until = format_datetime(invitation.expires_at, ctx.locale)
        label = ctx.t("staff-invitation-line", role=ctx.t(ROLE_KEYS[invitation.role]), until=until)
        lines.append(label)
        rows.append([(ctx.t("staff-revoke", until=until), cb("rev", invitation.id))])
    rows.append(back_row(ctx))
    text = "\n".join(lines)
    await show(update, ctx, f"{note}\n\n{text}" if note else text, keyboards.inline(rows))


async def person_screen(
    update: Update, ctx: CoopContext, member_id: int | None, note: str = ""
) -> None:
    roles = ctx.services.admin.roles
    target = await roles.get(member_id) if member_id is not None else None
    if target is None or target.user_id < 0:
        await menu_screen(update, ctx, ctx.t("staff-not-found"))
        return
    text = ctx.t("staff-person", who=who(ctx, target), role=ctx.t(ROLE_KEYS[target.role]))
    if roles.is_configured_admin(target):
        text = f"{text}\n{ctx.t('staff-configured-admin')}"
    rows = [
        [(ctx.t("staff-make", role=ctx.t(ROLE_KEYS[role])), cb("set", target.id, role))]
        for role in ("member", "staff", "admin")
        if role != target.role
    ]
    rows.append(back_row(ctx))
    await show(update, ctx, f"{note}\n\n{text}" if note else text, keyboards.inline(rows))


async def set_role(
    update: Update, ctx: CoopContext, member_id: int | None, role: str | None
) -> None:
    if member_id is None or role not in ROLE_KEYS:
        await menu_screen(update, ctx)
        return
    outcome = await ctx.services.admin.roles.set_role(ctx.require_member(), member_id, role)  # type: ignore[arg-type]
    note = ctx.t(CHANGE_KEYS[outcome.result], role=ctx.t(ROLE_KEYS[role]))
    if outcome.result == "changed" and outcome.member is not None:
        target = outcome.member
        if target.platform == ctx.platform.name and target.chat_id is not None:
            locale = ctx.services.members.locale(target)
            await refresh_commands(ctx, target.chat_id, target.role, locale)
    await person_screen(update, ctx, member_id, note)


async def on_callback(update: Update, ctx: CoopContext) -> None:
    query = update.callback_query
    data = await pressed(update, ctx, *ACTIONS)
    if data is None:
        return
    action = data.action
    await answer(query)
    member = ctx.require_member()
    if action == "ask":
        await STAFF_DIALOG.begin(update, ctx, At.TARGET, NoDraft())
        return
    await STAFF_DIALOG.leave(update, ctx)
    if action == "inv":
        await invite(update, ctx, data.arg(0))
    elif action == "invs":
        await invitations(update, ctx)
    elif action == "rev":
        invitation_id = data.int_arg(0)
        done = invitation_id is not None and await ctx.services.admin.roles.revoke(
            member, invitation_id
        )
        await invitations(update, ctx, ctx.t("staff-revoked" if done else "staff-revoke-gone"))
    elif action == "who":
        await person_screen(update, ctx, data.int_arg(0))
    elif action == "set":
        await set_role(update, ctx, data.int_arg(0), data.arg(1))
    else:
        await menu_screen(update, ctx)


# The one-step dialog: an admin types the user id of the person whose role changes.


class At(StrEnum):
    TARGET = "target"


class NoDraft(BaseModel):
    """The step needs nothing kept between messages."""


def ask_id(turn: kit.Turn[At, NoDraft]) -> kit.Screen:
    return kit.Screen(turn.ctx.t("staff-ask-id"), keyboards.inline([back_row(turn.ctx)]))


async def took_id(turn: kit.Turn[At, NoDraft], text: str) -> None:
    update, ctx = turn.update, turn.ctx
    target = parse_target(text, ctx.platform.name)
    found = await ctx.services.admin.roles.find(*target) if target is not None else None
    if found is None:  # the step stays; its answer says why
        key = "staff-ask-id-again" if target is None else "staff-unknown-id"
        await reply(update, ctx, ctx.t(key), keyboards.inline([back_row(ctx)]))
        return
    await turn.leave()
    await person_screen(update, ctx, found.id)


STAFF_DIALOG = kit.Dialog(
    kit.Flow(
        name=Flow.STAFF,
        steps=At,
        draft=NoDraft,
        table={At.TARGET: kit.Step(ask_id, on_text=took_id)},
    ),  # the admin role is checked where it is registered
    reread=reread,
    refuse=refuse,
)


async def on_invitation(update: Update, ctx: CoopContext, payload: str) -> bool:
    """`/start inv_<token>` (the deep link, dispatched by handlers/start.py): become staff.

    True when the person is staff now (answered with the way to /admin); False otherwise, after
    one sentence on why (expired, used, not valid): the normal greeting follows."""
    member = ctx.require_member()
    outcome = await ctx.services.admin.roles.redeem(member, payload)
    result = outcome.result
    if result == "already" and not is_staff(member):
        result = "used"  # used by this person, who has since been made a member again
    role = member.role if result == "already" else outcome.role or member.role
    text = ctx.t(REDEEM_KEYS[result], role=ctx.t(ROLE_KEYS.get(role, "staff-role-staff")))
    if result not in ("joined", "already"):
        await reply(update, ctx, text)
        return False
    if result == "joined":
        ctx.member = member.model_copy(update={"role": role})
        await refresh_commands(ctx, chat_id_of(update), role, ctx.locale)
    markup = keyboards.inline(
        [[(ctx.t("admin-menu-button"), callbacks.encode(Feature.ADMIN, "menu"))]]
    )
    await reply(update, ctx, text, markup)
    return True


def register(r: Registrar) -> None:
    r.flow(Flow.STAFF, STAFF_DIALOG.on_message, role="admin", place=STAFF_DIALOG.place)
    r.buttons(Feature.STAFF, on_callback, role="admin")
    r.deep_link(INVITE_PREFIX, on_invitation)
