"""The audit log: every staff and admin action, newest first, with a search (words in what was
done and why, in the values, a person's name, an id; storage/audit.py `matching`), pages of
50, and the whole log as XLSX (a form: the export is recorded in the log itself, as in the
chat)."""

from __future__ import annotations

from aiohttp import web

from bot.chat.audit_texts import actor_text, changes_text, reason_text, subject_text
from bot.chat.reader import Lang
from bot.services.audit import describe_action
from web.auth import user_of
from web.keys import services_of
from web.pages import NavItem
from web.templating import render

routes = web.RouteTableDef()
NAV = [NavItem("/audit", "web-nav-audit")]
PER_PAGE = 50


def page_number(text: str) -> int:
    return int(text) - 1 if text.isdigit() and 0 < len(text) < 7 else 0


@routes.get("/audit")
async def log(request: web.Request) -> web.Response:
    user = user_of(request)
    services = services_of(request)
    audit = services.admin.audit
    search = request.query.get("q", "")[:100]
    found = await audit.page(page_number(request.query.get("page", "")), PER_PAGE, search=search)
    reader = Lang(services.translator, user.locale)
    named = audit.named
    rows = [
        {
            "entry": e,
            "who": actor_text(reader, e.actor_id, found.actors),
            "what": describe_action(reader.t, e.action),
            "subject": subject_text(reader, e.subject, e.subject_id),
            "reason": reason_text(reader, e.reason) if e.reason else "",
            "before": changes_text(reader, named(e.before, user.locale), e.subject)
            if e.before
            else "",
            "after": changes_text(reader, named(e.after, user.locale), e.subject)
            if e.after
            else "",
        }
        for e in found.entries
    ]
    return render(request, "audit.html", found=found, rows=rows, search=search)


@routes.post("/audit/export")
async def export(request: web.Request) -> web.Response:
    """A POST with the CSRF token: exporting personal data is recorded in the log."""
    user = user_of(request)
    services = services_of(request)
    audit = services.admin.audit

    data = await audit.export_xlsx(reader=Lang(services.translator, user.locale))
    await audit.record(user.member.id, "audit.export", "audit")
    return web.Response(
        body=data,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": 'attachment; filename="audit-log.xlsx"'},
    )


def setup(app: web.Application) -> None:
    app.add_routes(routes)
