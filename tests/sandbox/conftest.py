"""Fixtures for the sandbox tests: a started sandbox with one Telegram and one Bale bot."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import telegram

from sandbox import ManualClock, Sandbox, SandboxConfig

TOKEN = "123456:TEST-telegram"
BALE_TOKEN = "654321:TEST-bale"


#: A clock the tests move by hand (rate limits, callback query age).
FakeClock = ManualClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def sb(clock: FakeClock) -> AsyncIterator[Sandbox]:
    async with Sandbox(SandboxConfig(clock=clock)) as sandbox:
        sandbox.add_bot(TOKEN, "telegram", username="coop_test_bot")
        sandbox.add_bot(BALE_TOKEN, "bale", username="coop_bale_bot")
        yield sandbox


@pytest.fixture
async def bot(sb: Sandbox) -> AsyncIterator[telegram.Bot]:
    async with telegram.Bot(TOKEN, base_url=sb.base_url, base_file_url=sb.base_file_url) as b:
        yield b


@pytest.fixture
async def bale_bot(sb: Sandbox) -> AsyncIterator[telegram.Bot]:
    async with telegram.Bot(BALE_TOKEN, base_url=sb.base_url, base_file_url=sb.base_file_url) as b:
        yield b
