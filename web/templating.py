"""Jinja2 pages in the reader's language: right to left for Persian, Jalali dates and Persian
digits through bot/persian, texts from locales/*/web*.ftl through the bot's Translator.

In a template: `{{ t("web-title") }}`, `{{ datetime(when) }}`, `{{ date(when) }}`,
`{{ month(year, month) }}`, `{{ number(n) }}`, `{{ digits(text) }}` (figures in the reader's
digits), and `{{ csrf_field() }}` inside every POST form.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import jinja2
from aiohttp import web
from markupsafe import Markup, escape

from bot.core.i18n import Translator, format_number, localize_digits
from bot.persian.jalali import format_date, format_datetime, month_label

TEMPLATES = Path(__file__).resolve().parent / "templates"
ENV_KEY: web.AppKey[jinja2.Environment] = web.AppKey("templates", jinja2.Environment)


def make_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    return env


def page_context(
    translator: Translator, locale: str, csrf: str | None, request: web.Request
) -> dict[str, Any]:
    """What every template sees: the language, its direction, texts and formatters."""

    def t(key: str, **args: object) -> str:
        return translator(locale, key, **args)

    def number(value: int | float) -> str:
        return format_number(value, locale)

    def digits(value: object) -> str:
        return localize_digits(value, locale)

    def when(value: datetime | None) -> str:
        return format_datetime(value, locale) if value is not None else "—"

    def day(value: date | datetime | None) -> str:
        return format_date(value, locale) if value is not None else "—"

    def month(year: int, month: int) -> str:
        return month_label(year, month, locale)

    def csrf_field() -> Markup:
        if csrf is None:
            return Markup("")
        return Markup('<input type="hidden" name="csrf" value="{}">').format(escape(csrf))

    return {
        "locale": locale,
        "dir": "rtl" if locale == "fa" else "ltr",
        "t": t,
        "number": number,
        "digits": digits,
        "datetime": when,
        "date": day,
        "month": month,
        "csrf": csrf,
        "csrf_field": csrf_field,
        "path": request.path_qs,
    }


def render_html(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    return env.get_template(name).render(context)


def public_locale(request: web.Request, default: str) -> str:
    """A signed-out visitor's language: `?lang=` or the bot's default."""
    lang = request.query.get("lang")
    return lang if lang in ("fa", "en") else default


def render(request: web.Request, name: str, *, status: int = 200, **values: Any) -> web.Response:
    """A page in the signed-in staff member's language (a visitor's: public_locale)."""
    from bot.services.web_access import csrf_token
    from web.auth import maybe_user, session_token
    from web.keys import services_of
    from web.pages import nav_for

    services = services_of(request)
    user = maybe_user(request)
    token = session_token(request)
    if user is not None:
        locale = user.locale
    else:
        locale = public_locale(request, services.settings.default_locale)
    csrf = csrf_token(token) if user is not None and token is not None else None
    context = page_context(services.translator, locale, csrf, request)
    context.update(user=user, nav=nav_for(user), **values)
    html = render_html(request.app[ENV_KEY], name, context)
    return web.Response(text=html, content_type="text/html", charset="utf-8", status=status)


def redirect(location: str) -> web.Response:
    """303 See Other to a path of this site (anything else goes to the first page)."""
    if not location.startswith("/") or location.startswith("//") or "\\" in location:
        location = "/"
    return web.Response(status=303, headers={"Location": location})
