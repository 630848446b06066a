"""The console's pages: one module each, with `setup(app)` adding its routes and `NAV` naming
its menu entries. A new page is added to PAGES (and, for the menu, gives NAV)."""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.services.web_access import WebUser


@dataclass(frozen=True)
class NavItem:
    path: str
    text_key: str  # a message of locales/*/web*.ftl
    role: str = "staff"  # "staff" or "admin": who sees it in the menu (routes check again)


def modules() -> tuple[ModuleType, ...]:
    from web.pages import audit, broadcasts, courses, home, nominations, signin, staff, stats

    return (signin, home, nominations, courses, broadcasts, stats, audit, staff)


def nav_for(user: WebUser | None) -> list[NavItem]:
    if user is None:
        return []
    admin = user.member.role == "admin"
    return [
        item
        for module in modules()
        for item in getattr(module, "NAV", ())
        if item.role == "staff" or admin
    ]
