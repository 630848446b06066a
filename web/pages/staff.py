"""Staff and invitations, for admins: who is staff or admin, open invitations (revoke), a new
one-time invitation, and a role change by messenger user id — bot/services/roles.py, which
checks the admin role again, refuses one's own role and the ADMINS setting's admins, tells the
person and writes the audit entry."""

from __future__ import annotations

from typing import Literal

from aiohttp import web

from bot.core.config import PLATFORMS
from bot.services.roles import RoleService, parse_target
from web.auth import admin_only, user_of
from web.keys import bot_names_of, services_of
from web.pages import NavItem
from web.templating import redirect, render

routes = web.RouteTableDef()
NAV = [NavItem("/staff", "web-nav-staff", role="admin")]
ROLES: dict[str, Literal["member", "staff", "admin"]] = {
    "member": "member",
    "staff": "staff",
    "admin": "admin",
}
INVITABLE: dict[str, Literal["staff", "admin"]] = {"staff": "staff", "admin": "admin"}
RESULT_KEYS = {
    "changed": "web-staff-changed",
    "unchanged": "staff-unchanged",
    "not_found": "web-staff-unknown",
    "configured_admin": "staff-configured-admin",
    "self": "staff-self",
    "revoked": "staff-revoked",
    "revoke_gone": "staff-revoke-gone",
}


def roles_of(request: web.Request) -> RoleService:
    return services_of(request).admin.roles


async def staff_page(
    request: web.Request,
    *,
    status: int = 200,
    note_key: str | None = None,
    problem_key: str | None = None,
    invitation: str | None = None,
    links: list[tuple[str, str]] | None = None,
    role_name: str | None = None,
) -> web.Response:
    roles = roles_of(request)
    return render(
        request,
        "staff.html",
        status=status,
        people=await roles.staff(),
        invitations=await roles.open_invitations(),
        note_key=note_key or RESULT_KEYS.get(request.query.get("note", "")),
        problem_key=problem_key,
        invitation=invitation,
        links=links or [],
        role_name=role_name,
        roles=ROLES,
        platforms=PLATFORMS,
        configured=roles.is_configured_admin,
        invite_hours=roles.invite_hours,
    )


@routes.get("/staff")
@admin_only
async def staff(request: web.Request) -> web.Response:
    user_of(request)
    return await staff_page(request)


@routes.post("/staff/invite")
@admin_only
async def invite(request: web.Request) -> web.Response:
    user = user_of(request)
    form = await request.post()
    role = INVITABLE.get(str(form.get("role")))
    if role is None:
        return await staff_page(request, status=400, problem_key="web-staff-bad-role")
    made = await roles_of(request).invite(user.member, role)
    # The token is shown once, now: only its hash is stored.
    links = [(p, made.link(p, name)) for p, name in sorted(bot_names_of(request).items())]
    return await staff_page(
        request, invitation=f"/start {made.payload}", links=links, role_name=role
    )


@routes.post("/staff/invitations/{invitation_id}/revoke")
@admin_only
async def revoke(request: web.Request) -> web.Response:
    user = user_of(request)
    text = request.match_info["invitation_id"]
    if not text.isdigit() or len(text) > 9:
        raise web.HTTPNotFound()
    done = await roles_of(request).revoke(user.member, int(text))
    return redirect(f"/staff?note={'revoked' if done else 'revoke_gone'}")


@routes.post("/staff/role")
@admin_only
async def set_role(request: web.Request) -> web.Response:
    user = user_of(request)
    roles = roles_of(request)
    form = await request.post()
    role = ROLES.get(str(form.get("role")))
    platform = str(form.get("platform") or user.member.platform)
    reason = str(form.get("reason") or "").strip()[:300] or None
    target = parse_target(str(form.get("user_id") or "")[:40], platform)
    if role is None:
        return await staff_page(request, status=400, problem_key="web-staff-bad-role")
    if target is None:
        return await staff_page(request, status=400, problem_key="staff-ask-id-again")
    found = await roles.find(*target)
    if found is None:
        return await staff_page(request, status=400, problem_key="web-staff-unknown")
    outcome = await roles.set_role(user.member, found.id, role, reason=reason)
    if outcome.result != "changed":
        return await staff_page(request, status=400, problem_key=RESULT_KEYS[outcome.result])
    return redirect("/staff?note=changed")


def setup(app: web.Application) -> None:
    app.add_routes(routes)
