"""Broadcasts: write an announcement with a live audience count, preview it, send it now or at
a Jalali date and Tehran time, watch its progress, read its report.

All through bot/services/broadcast.py, as the chat does: a text written here is a broadcast of
kind "text" with no chat message behind it (every recipient gets it as plain text); the
messenger's periodic job writes the recipients and posts the report, the ledger sends. The
audience count updates as filters change (a small fetch of /broadcasts/audience, web/static/
broadcast.js); without a script the "count" button reloads the form with the count.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from multidict import MultiMapping

from bot.core.config import PLATFORMS
from bot.persian.normalize import normalize_text
from bot.services.broadcast import (
    Audience,
    Broadcast,
    BroadcastService,
    Progress,
    export_outcomes,
    parse_when,
)
from bot.services.topics import TOPICS, topic_key
from web.auth import user_of
from web.keys import services_of
from web.pages import NavItem
from web.templating import redirect, render

routes = web.RouteTableDef()
NAV = [NavItem("/broadcasts", "web-nav-broadcasts")]
MAX_BODY = 4000  # one message (Telegram's limit is 4,096 characters)
NOTE_KEYS = {
    "scheduled": "web-broadcasts-scheduled",
    "sending": "web-broadcasts-started",
    "cancelled": "web-broadcasts-cancelled",
    "stopped": "web-broadcasts-stopped",
    "gone": "broadcast-gone",
}


class BadAudience(ValueError):
    pass


def service_of(request: web.Request) -> BroadcastService:
    return services_of(request).broadcast


def broadcast_id(request: web.Request) -> int:
    text = request.match_info.get("broadcast_id", "")
    if not text.isdigit() or len(text) > 9:
        raise web.HTTPNotFound()
    return int(text)


async def audience_of(service: BroadcastService, fields: MultiMapping[Any]) -> Audience:
    """The filters of the form (or the count's query): each checked against what exists."""
    platform = str(fields.get("platform") or "") or None
    if platform is not None and platform not in PLATFORMS:
        raise BadAudience("platform")
    province = str(fields.get("province") or "") or None
    if province is not None and province not in {p for p, _ in await service.provinces()}:
        raise BadAudience("province")
    course_text = str(fields.get("course") or "")
    course_id = None
    if course_text:
        if not course_text.isdigit() or int(course_text) not in {
            c.id for c in await service.courses()
        }:
            raise BadAudience("course")
        course_id = int(course_text)
    topics = tuple(str(t) for t in fields.getall("topic", []))
    if any(t not in TOPICS for t in topics):
        raise BadAudience("topic")
    return Audience(
        platform=platform,
        province=province,
        course_id=course_id,
        topics=topics,
        unfinished_assessment=fields.get("unfinished") == "1",
    )


async def compose_page(
    request: web.Request,
    fields: MultiMapping[Any],
    *,
    status: int = 200,
    problem_key: str | None = None,
) -> web.Response:
    service = service_of(request)
    try:
        count: int | None = await service.count(await audience_of(service, fields))
    except BadAudience:
        count, problem_key = None, problem_key or "web-broadcasts-bad-audience"
    places = services_of(request).admin.audit.places
    return render(
        request,
        "broadcast_compose.html",
        status=status,
        fields=fields,
        count=count,
        problem_key=problem_key,
        platforms=PLATFORMS,
        provinces=await service.provinces(),
        province_name=places.province_name,
        courses=await service.courses(),
        topics=TOPICS,
        topic_key=topic_key,
    )


@routes.get("/broadcasts")
async def listing(request: web.Request) -> web.Response:
    user_of(request)
    return render(request, "broadcasts.html", found=await service_of(request).recent(30))


@routes.get("/broadcasts/new")
async def compose(request: web.Request) -> web.Response:
    user_of(request)
    return await compose_page(request, request.query)


@routes.get("/broadcasts/audience")
async def audience_count(request: web.Request) -> web.Response:
    """{"count": n, "text": "…"} for the filters in the query (the compose page's live count)."""
    user_of(request)
    service = service_of(request)
    try:
        count = await service.count(await audience_of(service, request.query))
    except BadAudience:
        return web.json_response({"problem": "audience"}, status=400)
    t = services_of(request).translator
    text = t(user_of(request).locale, "broadcast-audience-count", count=count)
    return web.json_response({"count": count, "text": text})


@routes.post("/broadcasts/new")
async def create(request: web.Request) -> web.Response:
    user = user_of(request)
    service = service_of(request)
    form = await request.post()
    body = str(form.get("body") or "").replace("\r\n", "\n").strip()
    if not normalize_text(body):
        return await compose_page(request, form, status=400, problem_key="web-broadcasts-empty")
    if len(body) > MAX_BODY:
        return await compose_page(request, form, status=400, problem_key="web-broadcasts-too-long")
    try:
        audience = await audience_of(service, form)
    except BadAudience:
        return await compose_page(request, form, status=400)
    b = await service.create(user.member.id, platform=user.member.platform, kind="text", body=body)
    await service.set_audience(user.member.id, b.id, audience)
    if form.get("urgent") == "1":
        await service.set_urgent(user.member.id, b.id, True)
    return redirect(f"/broadcasts/{b.id}")


def progress_view(p: Progress | None) -> dict[str, Any]:
    if p is None:
        return {}
    return {"percent": math.floor(p.fraction * 100), "eta": p.eta_seconds}


async def detail_page(
    request: web.Request, b: Broadcast, *, status: int = 200, problem_key: str | None = None
) -> web.Response:
    service = service_of(request)
    progress = await service.progress(b.id) if b.status in ("sending", "stopped", "done") else None
    places = services_of(request).admin.audit.places
    course = await service.course(b.audience.course_id) if b.audience.course_id else None
    return render(
        request,
        "broadcast.html",
        status=status,
        b=b,
        count=await service.count(b.audience, b.only_platform),
        progress=progress,
        view=progress_view(progress),
        province_name=places.province_name,
        audience_course=course,
        problem_key=problem_key,
        note_key=NOTE_KEYS.get(request.query.get("note", "")),
        settings=services_of(request).settings,
        topic_key=topic_key,
    )


async def found(request: web.Request) -> Broadcast:
    b = await service_of(request).get(broadcast_id(request))
    if b is None:
        raise web.HTTPNotFound()
    return b


@routes.get("/broadcasts/{broadcast_id}")
async def detail(request: web.Request) -> web.Response:
    user_of(request)
    return await detail_page(request, await found(request))


@routes.get("/broadcasts/{broadcast_id}/progress")
async def progress(request: web.Request) -> web.Response:
    """The figures of a sending broadcast, for the page's script to refresh them."""
    user_of(request)
    b = await found(request)
    p = await service_of(request).progress(b.id)
    assert p is not None
    return web.json_response(
        {
            "status": b.status,
            "finished": p.finished or b.finished_at is not None,
            "percent": math.floor(p.fraction * 100),
            "total": p.total,
            "sent": p.sent,
            "blocked": p.blocked,
            "failed": p.failed,
            "open": p.open,
        }
    )


@routes.get("/broadcasts/{broadcast_id}/report.{fmt}")
async def report(request: web.Request) -> web.Response:
    """Every recipient's outcome as CSV or XLSX (the chat's export)."""
    user = user_of(request)
    fmt = request.match_info["fmt"]
    if fmt not in ("csv", "xlsx"):
        raise web.HTTPNotFound()
    services = services_of(request)

    def t(key: str) -> str:
        return services.translator(user.locale, key)

    found = await export_outcomes(
        services.broadcast, broadcast_id(request), fmt, t, rtl=user.locale == "fa"
    )
    if found is None:
        raise web.HTTPNotFound()
    name, data = found
    kind = "text/csv" if fmt == "csv" else (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return web.Response(
        body=data,
        content_type=kind,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


# the service -> one of its actions (member id, broadcast id) -> the broadcast, or None
Act = Callable[[BroadcastService], Callable[[int, int], Awaitable[Broadcast | None]]]

async def _act(request: web.Request, act: Act, note: str) -> web.Response:
    """One of the service's actions on this broadcast: `note` when it was done, else "gone"."""
    user = user_of(request)
    b = await found(request)
    done = await act(service_of(request))(user.member.id, b.id)
    return redirect(f"/broadcasts/{b.id}?note={note if done else 'gone'}")


@routes.post("/broadcasts/{broadcast_id}/send")
async def send_now(request: web.Request) -> web.Response:
    return await _act(request, lambda service: service.send_now, "sending")


@routes.post("/broadcasts/{broadcast_id}/schedule")
async def schedule(request: web.Request) -> web.Response:
    user = user_of(request)
    b = await found(request)
    service = service_of(request)
    form = await request.post()
    at = parse_when(str(form.get("when") or "")[:100])
    if at is None:
        return await detail_page(request, b, status=400, problem_key="web-broadcasts-bad-when")
    if at <= service.clock.now():
        return await detail_page(request, b, status=400, problem_key="broadcast-schedule-past")
    done = await service.schedule(user.member.id, b.id, at)
    return redirect(f"/broadcasts/{b.id}?note={'scheduled' if done else 'gone'}")


@routes.post("/broadcasts/{broadcast_id}/cancel")
async def cancel(request: web.Request) -> web.Response:
    return await _act(request, lambda service: service.cancel, "cancelled")


@routes.post("/broadcasts/{broadcast_id}/stop")
async def stop(request: web.Request) -> web.Response:
    user = user_of(request)
    b = await found(request)
    stopped, _ = await service_of(request).stop(user.member.id, b.id)
    return redirect(f"/broadcasts/{b.id}?note={'stopped' if stopped else 'gone'}")


def setup(app: web.Application) -> None:
    app.add_routes(routes)
