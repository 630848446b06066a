"""The console in a real browser: Playwright drives Debian's chromium (`.ci/run` installs it
with apt-get; Playwright's own browser download is never used).

Without a chromium on this machine every test here is skipped, saying so. Screenshots are kept
as test artefacts in tests/web/browser/artifacts/ (git-ignored); each path is printed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

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
