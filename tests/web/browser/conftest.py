"""The console in a real browser: Playwright drives Debian's chromium (`.ci/run` installs it
with apt-get; Playwright's own browser download is never used).

Without a chromium on this machine every test here is skipped, saying so. Screenshots are kept
as test artefacts in tests/web/browser/artifacts/ (git-ignored); each path is printed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

ARTIFACTS = Path(__file__).parent / "artifacts"
# Flags that keep chromium quiet and local: no GPU, no QUIC, no background calls home. Playwright
# gives every launch a new empty profile directory of its own (it refuses --user-data-dir).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """The system's chromium: CHROMIUM, else the first of chromium / chromium-browser on PATH."""
    given = os.environ.get("CHROMIUM")
    if given:
        return given if os.access(given, os.X_OK) else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_collection_modifyitems(config, items):
    if chromium_path():
        return
    skip = pytest.mark.skip(
        reason="no chromium on this machine (.ci/run installs Debian's: apt-get install chromium)"
    )
    here = str(Path(__file__).parent)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(skip)


@pytest.fixture
async def browser() -> AsyncIterator:
    from playwright.async_api import async_playwright

    async with async_playwright() as driver:
        launched = await driver.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            await launched.close()


@pytest.fixture
async def page(browser) -> AsyncIterator:
    """A page in a context of its own (its own cookies), at a laptop's size."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    try:
        yield await context.new_page()
    finally:
        await context.close()


@pytest.fixture
def shot(request):
    """`await shot(page, "courses-fa")` saves a full-page PNG as a test artefact."""
    ARTIFACTS.mkdir(exist_ok=True)

    async def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        await page.screenshot(path=str(path), full_page=True)
        print(f"screenshot: {path}")
        return path

    return take


def free_port() -> int:
    """A port of 18800-18899 nobody listens on (this test area's range)."""
    import socket

    for port in range(18800, 18900):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 18800-18899")


class Desk:
    """The bot (its Application over the sandbox) and the web console on one port, the same
    services and database, as `coopbot run` serves them."""

    def __init__(self, bot, url: str) -> None:
        self.bot = bot
        self.url = url

    @property
    def services(self):
        return self.bot.services

    @property
    def db(self):
        return self.bot.services.db

    @property
    def clock(self):
        return self.bot.clock

    async def link(self, chatter) -> str:
        """The sign-in link `/web` gives this person in the chat."""
        import re

        await chatter.command("/web")
        found = re.search(re.escape(self.url) + r"/signin/[\w-]+", chatter.last().text)
        assert found, chatter.last().text
        return found.group(0)


@asynccontextmanager
async def open_desk(tmp_path, **options: Any) -> AsyncIterator[Desk]:
    from tests.handlers.harness import make_bot
    from web.app import WebServer

    port = free_port()
    async with make_bot(
        tmp_path, web_port=port, delivery_rate_per_second=1000, **options
    ) as bot:
        names = {bot.platform: bot.app.bot.username}
        server = WebServer(bot.services, port=port, bot_names=names)
        await server.start()
        try:
            yield Desk(bot, f"http://127.0.0.1:{port}")
        finally:
            await server.stop()


@pytest.fixture
async def desk(tmp_path) -> AsyncIterator[Desk]:
    async with open_desk(tmp_path) as found:
        yield found


@pytest.fixture
def needs():
    from tests.services.courses_support import FakeNeeds

    return FakeNeeds()


@pytest.fixture
async def list_desk(tmp_path, needs) -> AsyncIterator[Desk]:
    """The desk with the course features' assessment stand-in, for a monthly list
    (tests/web/lists.py)."""
    async with open_desk(tmp_path, fakes={"needs": needs}, nomination_coop_cap=2) as found:
        yield found
