"""The monthly nomination list to TVTO as a table: filter by course, cooperative, county and
status; move a person in or out with a reason (over the per-cooperative cap only after a
warning); approve; export (the chat's XLSX/CSV); mark sent; record TVTO's confirmation or
rejection per person. Every action is NominationService's (bot/services/nomination/, through
bot/services/nomination_desk.py), so the rules, the notices to members and the audit entries
are the chat's."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from aiohttp import web

from bot.persian.jalali import month_label
from bot.services.exports import nominees_csv, nominees_xlsx
from bot.services.nomination_desk import (
    DEFAULT_PAGE_SIZE,
    PAGE_SIZES,
    ListFilter,
    NominationDesk,
)
from bot.services.nomination_texts import MONTH_STATUS_KEYS, MOVE_KEYS, REJECT_KEYS, STEP_KEYS
from bot.services.reasons import REASON_LENGTH, clean_reason
from storage.members import Member
from web.auth import user_of
from web.forms import flag, int_field, text_field
from web.keys import SERVICES, services_of
from web.pages import NavItem
from web.pages.nomination_table import REGISTRATION_STATUSES, state_labels, table
from web.templating import redirect, render

routes = web.RouteTableDef()
NAV = [NavItem("/nominations", "web-nav-nominations")]
DESK: web.AppKey[NominationDesk] = web.AppKey("nomination_desk", NominationDesk)
MONTH = r"/nominations/{month:\d{1,12}}"
FILTERS = ("course", "coop", "county", "status", "page", "per")
STATUS_FILTERS = ("placed", "unplaced", *REGISTRATION_STATUSES)
# What a finished action says (a code in the address after the redirect, so a reload repeats
# nothing); each names a text of locales/*/nomination.ftl, as the chat says it.
NOTES = {
    **MOVE_KEYS,
    **STEP_KEYS,
    "over_cap": "web-nominations-over-cap",
    "rejection_done": REJECT_KEYS["done"],
    "not_waiting": REJECT_KEYS["wrong_status"],
    "confirmed": "nomination-confirmed",
    "reason": "flow-reason-length",
    "bad_input": "web-bad-input",
}


def desk(request: web.Request) -> NominationDesk:
    return request.app[DESK]


def month_id(request: web.Request) -> int:
    return int(request.match_info["month"])


def kept_query(query: str) -> dict[str, str]:
    """The filters of a list address (anything else dropped)."""
    return {k: v for k, v in parse_qsl(query)[:20] if k in FILTERS and len(v) <= 40}


def back_to(month: int, form: Any, **extra: object) -> web.Response:
    """Back to the list with its filters, and what happened."""
    query = kept_query(text_field(form, "back") or "")
    query.update({k: str(v) for k, v in extra.items()})
    return redirect(f"/nominations/{month}?{urlencode(query)}")


def list_filter(query: Any) -> ListFilter:
    county = text_field(query, "county") or ""
    province, _, county_id = county.partition(":")
    status = text_field(query, "status")
    return ListFilter(
        course_id=int_field(query, "course", lowest=1),
        cooperative_id=int_field(query, "coop", lowest=1),
        province=province or None if county_id else None,
        county=county_id or None,
        status=status if status in STATUS_FILTERS else None,
    )


@routes.get("/nominations")
async def overview(request: web.Request) -> web.Response:
    info = await desk(request).overview()
    return render(
        request,
        "nominations.html",
        info=info,
        status_keys=MONTH_STATUS_KEYS,
    )


@routes.get(MONTH)
async def month_page(request: web.Request) -> web.Response:
    user = user_of(request)
    query = request.query
    per = int_field(query, "per", lowest=1) or DEFAULT_PAGE_SIZE
    found = await desk(request).page(
        month_id(request),
        list_filter(query),
        page=(int_field(query, "page", lowest=1) or 1) - 1,
        per_page=per,
        locale=user.locale,
    )
    if found is None:
        raise web.HTTPNotFound()
    translate = services_of(request).translator

    def t(key: str, **args: object) -> str:
        return translate(user.locale, key, **args)

    note_code = query.get("note")
    note = None
    if note_code in NOTES:
        shortest, longest = REASON_LENGTH
        note = t(NOTES[note_code], count=int_field(query, "n") or 0, min=shortest, max=longest)
    states, statuses = state_labels(t)
    filters = {k: v for k, v in kept_query(request.query_string).items() if k != "page"}
    return render(
        request,
        "nomination_month.html",
        list=found,
        month_title=month_label(found.month.year, found.month.month, user.locale),
        month_status=t(MONTH_STATUS_KEYS[found.month.status]),
        rows=table(found, user.locale, t),
        states=states,
        statuses=statuses,
        page_sizes=PAGE_SIZES,
        current=list_filter(query),
        back=urlencode(kept_query(request.query_string)),
        page_link=lambda n: f"?{urlencode({**filters, 'page': n})}",
        over=int_field(query, "over", lowest=1),
        note=note,
    )


async def actor(request: web.Request) -> Member:
    return user_of(request).member


def move_target(form: Any) -> tuple[int, bool] | None:
    """The row and direction of a move: the pressed row's `move=<entry>:<1|0>` (one form for the
    whole table), or `entry` and `placed` fields."""
    pressed = text_field(form, "move")
    if pressed is not None:
        entry_text, _, placed = pressed.partition(":")
        entry = int_field({"entry": entry_text}, "entry", lowest=1)
    else:
        entry, placed = int_field(form, "entry", lowest=1), text_field(form, "placed") or ""
    if entry is None or placed not in ("0", "1"):
        return None
    return entry, placed == "1"


def reason_of(form: Any, row: int) -> str | None:
    """The reason typed in the row's own field (`reason-<id>`), else a `reason` field; cleaned
    and checked as in the chat."""
    typed = text_field(form, f"reason-{row}")
    return clean_reason(typed if typed is not None else text_field(form, "reason"))


@routes.post(MONTH + "/move")
async def move(request: web.Request) -> web.Response:
    form = await request.post()
    month = month_id(request)
    target = move_target(form)
    if target is None:
        return back_to(month, form, note="bad_input")
    entry, placed = target
    reason = reason_of(form, entry)
    if reason is None:
        return back_to(month, form, note="reason")
    result = await desk(request).move(
        (await actor(request)).id,
        entry,
        placed=placed,
        reason=reason,
        over_cap=int_field(form, "over_cap") == entry,  # confirmed after the warning, for it
    )
    if result == "over_cap":
        return back_to(month, form, note="over_cap", over=entry)
    return back_to(month, form, note=result)


# the desk -> one of its whole-month steps (member id, month id) -> the outcome's note
MonthStep = Callable[[NominationDesk], Callable[[int, int], Awaitable[str]]]

async def _month_step(request: web.Request, step: MonthStep) -> web.Response:
    """A step of the whole month (the desk's `approve` or `mark_sent`), its outcome as a note."""
    form = await request.post()
    month = month_id(request)
    result = await step(desk(request))((await actor(request)).id, month)
    return back_to(month, form, note=result)


@routes.post(MONTH + "/approve")
async def approve(request: web.Request) -> web.Response:
    return await _month_step(request, lambda d: d.approve)


@routes.post(MONTH + "/sent")
async def mark_sent(request: web.Request) -> web.Response:
    return await _month_step(request, lambda d: d.mark_sent)


@routes.post(MONTH + "/confirm")
async def confirm(request: web.Request) -> web.Response:
    form = await request.post()
    month = month_id(request)
    registration = int_field(form, "registration", lowest=1)
    if registration is None and not flag(form, "all"):
        return back_to(month, form, note="bad_input")
    chosen = None if registration is None else [registration]
    count = await desk(request).confirm((await actor(request)).id, month, chosen)
    return back_to(month, form, note="confirmed", n=count)


@routes.post(MONTH + "/reject")
async def reject(request: web.Request) -> web.Response:
    form = await request.post()
    month = month_id(request)
    registration = int_field(form, "registration", lowest=1)
    if registration is None:
        return back_to(month, form, note="bad_input")
    reason = reason_of(form, registration)
    if reason is None:
        return back_to(month, form, note="reason")
    result = await desk(request).reject((await actor(request)).id, month, registration, reason)
    notes = {"done": "rejection_done", "wrong_status": "not_waiting", "not_found": "not_found"}
    return back_to(month, form, note=notes[result])


@routes.post(MONTH + "/export")
async def export(request: web.Request) -> web.StreamResponse:
    """The chat's files: the same rows, columns and cell policy (bot/services/exports.py)."""
    form = await request.post()
    number = month_id(request)
    fmt = text_field(form, "format")
    if fmt not in ("xlsx", "csv"):
        return back_to(number, form, note="bad_input")
    service = desk(request)
    month = await service.nomination.month(number)
    if month is None:
        raise web.HTTPNotFound()
    rows = await service.export_rows((await actor(request)).id, number, fmt)
    stem = f"nominees-{month.year}-{month.month:02d}"
    if fmt == "xlsx":
        label = month_label(month.year, month.month, "fa")
        data = await asyncio.to_thread(nominees_xlsx, rows, sheet_title=label)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        data = await asyncio.to_thread(nominees_csv, rows)
        kind = "text/csv"
    return web.Response(
        body=data,
        content_type=kind,
        headers={"Content-Disposition": f'attachment; filename="{stem}.{fmt}"'},
    )


def setup(app: web.Application) -> None:
    app[DESK] = NominationDesk(app[SERVICES].nomination)
    app.add_routes(routes)
