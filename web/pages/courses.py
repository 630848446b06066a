"""The course catalogue: a table of courses, a course's page (its figures, people, attendance),
adding and editing with the chat dialog's own rules, capacity, closing and reopening, and
cancelling (as the chat's /admin does: the question says how many registrations end, a reason
for the log is required, the people registered are told through the ledger).

Every value is checked by `CourseAdminService.check` field by field (as the chat dialog asks
them) and then by `create`/`edit` as a whole (bot/services/course_admin/): the same rules,
the same problems, named by bot/chat/course_texts.py. A form with a problem is shown again
with what was typed and the problems beside their fields (status 400); nothing is saved.
Every change goes through the service, which checks the role again and writes the audit entry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiohttp import web

from bot.chat.course_texts import CHOICE_KEYS, field_label, problem_text
from bot.persian.normalize import normalize_text
from bot.services.course_admin import (
    CHOICES,
    OPTIONAL,
    STEPS,
    CourseAdminService,
    Problem,
    raw_of,
    sessions_text,
)
from bot.services.courses import effective_status
from bot.services.reasons import REASON_LENGTH, clean_reason
from bot.services.topics import topic_key
from web.auth import user_of
from web.forms import int_field, text_field
from web.keys import services_of
from web.pages import NavItem
from web.templating import redirect, render

routes = web.RouteTableDef()
NAV = [NavItem("/courses", "web-nav-courses")]
EDITABLE = tuple(f for f in STEPS if f != "capacity")  # capacity has its own form
LISTS = ("registrants", "waitlist", "nominees", "cancelled")
NOTE_KEYS = {
    "added": "web-courses-added",
    "changed": "course-admin-edit-changed",
    "unchanged": "course-admin-edit-unchanged",
    "closed": "course-admin-closed",
    "reopened": "course-admin-reopened",
    "deadline_passed": "course-admin-reopened-deadline-passed",
    "cancelled": "course-admin-edit-cancelled",
    "cancelled_now": "course-admin-cancelled",
}


def tools(request: web.Request) -> CourseAdminService:
    return services_of(request).admin.courses


def course_id(request: web.Request) -> int:
    text = request.match_info.get("course_id", "")
    if not text.isdigit() or len(text) > 9:
        raise web.HTTPNotFound()
    return int(text)


def choice_label(t: Callable[..., str], field: str, value: str) -> str:
    return t(topic_key(value)) if field == "topic" else t(CHOICE_KEYS[value])


def form_values(raw: dict[str, Any]) -> dict[str, str]:
    """Raw catalogue values as the form's text fields show them."""
    out = {}
    for field in STEPS:
        value = raw.get(field)
        if field == "sessions" and isinstance(value, list):
            value = sessions_text(value)
        out[field] = "" if value is None else str(value)
    return out


async def read_form(request: web.Request, fields: tuple[str, ...]) -> dict[str, str]:
    form = await request.post()
    out = {}
    for field in fields:
        value = form.get(field)
        out[field] = value[:2000] if isinstance(value, str) else ""
    return out


def check_all(
    service: CourseAdminService, typed: dict[str, str], base: dict[str, Any], *, new: bool
) -> tuple[dict[str, Any], list[Problem]]:
    """Each field as the dialog checks it, in the dialog's order, against the fields before it
    (and the stored course's values); returns the changes and the problems found."""
    draft = dict(base)
    shown = form_values(base)
    changes: dict[str, Any] = {}
    problems: list[Problem] = []
    for field in (f for f in STEPS if f in typed):
        value = typed[field]
        if not new and normalize_text(value) == normalize_text(shown.get(field)):
            continue  # untouched (shown in the reader's digits)
        if field in OPTIONAL and not value.strip():
            cleaned, problem = "", None
        else:
            cleaned, problem = service.check(field, value, draft, new=new)
        if problem is not None:
            problems.append(problem)
            continue
        draft[field] = cleaned
        changes[field] = cleaned
    return changes, problems


def page_form(
    request: web.Request,
    *,
    status: int = 200,
    typed: dict[str, str],
    problems: list[Problem],
    action: str,
    course: Any = None,
) -> web.Response:
    return render(
        request,
        "course_form.html",
        status=status,
        fields=EDITABLE if course is not None else STEPS,
        values=typed,
        problems=problems,
        action=action,
        course=course,
        choices=CHOICES,
        optional=OPTIONAL,
        field_label=field_label,
        problem_text=problem_text,
        choice_label=choice_label,
    )


@routes.get("/courses")
async def catalogue(request: web.Request) -> web.Response:
    user_of(request)
    service = tools(request)
    show_past = request.query.get("past") == "1"
    now = service.clock.now()
    found = await service.courses(include_past=show_past)
    rows = [(c, effective_status(c, now)) for c in found]
    return render(request, "courses.html", rows=rows, show_past=show_past)


@routes.get("/courses/new")
async def new_form(request: web.Request) -> web.Response:
    user_of(request)
    return page_form(request, typed=dict.fromkeys(STEPS, ""), problems=[], action="/courses/new")


@routes.post("/courses/new")
async def add(request: web.Request) -> web.Response:
    user = user_of(request)
    service = tools(request)
    typed = await read_form(request, STEPS)
    changes, problems = check_all(service, typed, {}, new=True)
    if problems:
        return page_form(request, status=400, typed=typed, problems=problems, action="/courses/new")
    course = await service.create(user.member, changes)
    return redirect(f"/courses/{course.id}?note=added")


async def course_page(
    request: web.Request,
    cid: int,
    *,
    status: int = 200,
    typed: dict[str, str] | None = None,
    problems: list[Problem] | None = None,
    cancel_reason: str | None = None,
) -> web.Response:
    """`cancel_reason`: what was typed in the cancel form when it was refused (shown again with
    the reason's bounds)."""
    service = tools(request)
    overview = await service.overview(cid)
    if overview is None:
        raise web.HTTPNotFound()
    people = {name: await service.people(cid, name) for name in LISTS}  # type: ignore[arg-type]
    note_key = NOTE_KEYS.get(request.query.get("note", ""))
    cancelled = overview.course.status == "cancelled"
    return render(
        request,
        "course.html",
        status=status,
        overview=overview,
        course=overview.course,
        people=people,
        attendance=await service.attendance(cid),
        values=typed or form_values(raw_of(overview.course)),
        problems=problems or [],
        fields=EDITABLE,
        choices=CHOICES,
        optional=OPTIONAL,
        field_label=field_label,
        problem_text=problem_text,
        choice_label=choice_label,
        note_key=note_key,
        note_count=int_field(request.query, "n") or 0,
        active=0 if cancelled else await service.active_registrations(cid),
        cancel_reason=cancel_reason,
        reason_length=REASON_LENGTH,
    )


@routes.get("/courses/{course_id}")
async def course(request: web.Request) -> web.Response:
    user_of(request)
    return await course_page(request, course_id(request))


@routes.post("/courses/{course_id}/edit")
async def edit(request: web.Request) -> web.Response:
    user = user_of(request)
    cid = course_id(request)
    service = tools(request)
    overview = await service.overview(cid)
    if overview is None:
        raise web.HTTPNotFound()
    typed = await read_form(request, EDITABLE)
    changes, problems = check_all(service, typed, raw_of(overview.course), new=False)
    if not problems and changes:
        outcome = await service.edit(user.member, cid, changes)
        if outcome.result == "invalid":
            problems = list(outcome.problems)
        elif outcome.result == "not_found":
            raise web.HTTPNotFound()
        else:
            return redirect(f"/courses/{cid}?note={outcome.result}")
    if problems:
        return await course_page(request, cid, status=400, typed=typed, problems=problems)
    return redirect(f"/courses/{cid}?note=unchanged")


@routes.post("/courses/{course_id}/capacity")
async def capacity(request: web.Request) -> web.Response:
    user = user_of(request)
    cid = course_id(request)
    typed = await read_form(request, ("capacity",))
    outcome = await tools(request).set_capacity(user.member, cid, typed["capacity"])
    if outcome.result == "not_found":
        raise web.HTTPNotFound()
    if outcome.result in ("invalid", "below_taken"):
        problem = (
            outcome.problems[0]
            if outcome.problems
            else Problem("capacity", "below_taken", str(outcome.taken))
        )
        return await course_page(request, cid, status=400, problems=[problem])
    return redirect(f"/courses/{cid}?note={outcome.result}")


async def _status_change(request: web.Request, change: Any, done: str) -> web.Response:
    """Close or reopen a course (`change`: the service's `close` or `reopen`) and show it."""
    cid = course_id(request)
    outcome = await change(user_of(request).member, cid)
    if outcome.result == "not_found":
        raise web.HTTPNotFound()
    note = done if outcome.result == "changed" else outcome.result
    return redirect(f"/courses/{cid}?note={note}")


@routes.post("/courses/{course_id}/close")
async def close(request: web.Request) -> web.Response:
    return await _status_change(request, tools(request).close, "closed")


@routes.post("/courses/{course_id}/reopen")
async def reopen(request: web.Request) -> web.Response:
    return await _status_change(request, tools(request).reopen, "reopened")


@routes.post("/courses/{course_id}/cancel")
async def cancel(request: web.Request) -> web.Response:
    """Cancel the course with the reason typed (the chat's confirmation is the form's own
    question); the service tells each person registered through the ledger and audits."""
    user = user_of(request)
    cid = course_id(request)
    service = tools(request)
    if await service.overview(cid) is None:
        raise web.HTTPNotFound()
    typed = text_field(await request.post(), "reason")
    reason = clean_reason(typed)
    if reason is None:
        return await course_page(request, cid, status=400, cancel_reason=typed or "")
    affected = await service.cancel(user.member, cid, reason)
    if affected is None:  # cancelled meanwhile: nothing more happened
        return redirect(f"/courses/{cid}?note=cancelled")
    return redirect(f"/courses/{cid}?note=cancelled_now&n={affected}")


def setup(app: web.Application) -> None:
    app.add_routes(routes)
