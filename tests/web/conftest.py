"""The web console under test: the real aiohttp application (web/app.py) on 127.0.0.1 with the
real services and database, driven by aiohttp's test client (cookies kept like a browser's)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.core.clock import FixedClock
from bot.services.container import Services
from storage.engine import Database
from storage.members import Member
from tests.services.admin_support import make_services, person
from web.app import make_app

CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')


@dataclass
class Console:
    services: Services
    db: Database
    clock: FixedClock
    client: TestClient
    next_user: int = 100

    async def person(self, role: str = "member", **kw: Any) -> Member:
        self.next_user += 1
        return await person(self.db, self.clock, self.next_user, role, **kw)

    async def link(self, member: Member) -> str:
        """The path of a fresh `/web` link for a staff member."""
        url = await self.services.web_access.issue_link(member.id)
        return url.removeprefix(self.services.settings.web_url)

    async def sign_in(self, member: Member) -> str:
        """Sign in through a link like a browser; returns the page's CSRF token."""
        path = await self.link(member)
        token = path.rsplit("/", 1)[1]
        response = await self.client.post("/signin", data={"token": token}, allow_redirects=False)
        assert response.status == 303, await response.text()
        return await self.csrf()

    async def csrf(self, path: str = "/") -> str:
        response = await self.client.get(path)
        assert response.status == 200, await response.text()
        found = CSRF.search(await response.text())
        assert found, "no CSRF field on the page"
        return found.group(1)

    async def new_client(self) -> TestClient:
        """Another browser (no cookies) on the same server."""
        other = TestClient(TestServer(self.client.app))
        await other.start_server()
        self._others.append(other)
        return other

    _others: list[TestClient] = None  # type: ignore[assignment]


async def open_console(
    db: Database, clock: FixedClock, *, fakes: dict[str, Any] | None = None, **settings: Any
) -> Console:
    options: dict[str, Any] = {"web_port": 18700}
    options.update(settings)
    services = make_services(db, clock, fakes=fakes, **options)
    client = TestClient(TestServer(make_app(services)))
    await client.start_server()
    console = Console(services, db, clock, client)
    console._others = []
    return console


@pytest.fixture
async def console(sqlite_db, clock) -> AsyncIterator[Console]:
    found = await open_console(sqlite_db, clock)
    try:
        yield found
    finally:
        for other in found._others:
            await other.close()
        await found.client.close()


@pytest.fixture
async def needs():
    from tests.services.courses_support import FakeNeeds

    return FakeNeeds()


@pytest.fixture
async def desk(sqlite_db, clock, needs) -> AsyncIterator[Console]:
    """The console with the course features' assessment stand-in (tests/web/lists.py)."""
    found = await open_console(sqlite_db, clock, fakes={"needs": needs}, nomination_coop_cap=2)
    try:
        yield found
    finally:
        for other in found._others:
            await other.close()
        await found.client.close()


@pytest.fixture
async def desk_any(db, clock, needs) -> AsyncIterator[Console]:
    found = await open_console(db, clock, fakes={"needs": needs}, nomination_coop_cap=2)
    try:
        yield found
    finally:
        for other in found._others:
            await other.close()
        await found.client.close()


@pytest.fixture
async def console_any(db, clock) -> AsyncIterator[Console]:
    """The console on both engines (SQLite, and PostgreSQL when TEST_DATABASE_URL is set)."""
    found = await open_console(db, clock)
    try:
        yield found
    finally:
        for other in found._others:
            await other.close()
        await found.client.close()


def page_problems(html: str, where: str) -> list[str]:
    """What a person would see wrongly on a page (tests/handlers/screens.py's rules): Latin
    digits in Persian text, raw text keys, unresolved placeables; each element's own text, and
    the labels people read in attributes."""
    from lxml import html as lxml_html

    from tests.handlers.screens import check

    tree = lxml_html.fromstring(html)
    for bad in tree.xpath("//script|//style"):
        bad.drop_tree()
    texts = [t for t in tree.itertext() if t.strip()]
    texts += tree.xpath("//@placeholder|//@aria-label|//@data-confirm|//title/text()")
    found = [p for text in texts for p in check(str(text), where)]
    if 'lang="en"' in html[:200]:  # an English page quotes Persian names beside Latin figures
        found = [p for p in found if not p.why.startswith("Latin digits")]
    return [str(p) for p in found]
