"""/deleteme against the real `coopbot run` process at LOG_LEVEL=DEBUG: a member types a
distinctive name, national ID and mobile into the assessment, then erases their data. The bytes
of the database, its write-ahead log and its shared-memory file hold none of them, while the bot
runs and after a kill -9; and the log never held them, nor the bot token."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from bot.persian import to_persian_digits
from tests.e2e.botprocess import TOKENS, running_bot, sandbox_for
from tests.e2e.test_member_journey import REVIEW, act, answer, last_text, shown
from tests.handlers.test_assessment_flow import MARYAM

pytestmark = pytest.mark.e2e

FIRST_NAME = "Zarvanius"
FULL_NAME = "زروان کیان‌مهر"
NATIONAL_ID = "2468135792"
MOBILE = "09391357924"
ZARVAN = {
    **MARYAM,
    "full_name": FULL_NAME,
    "national_id": to_persian_digits(NATIONAL_ID),
    "mobile": to_persian_digits(MOBILE),  # typed, not shared
}
SECRETS = (FIRST_NAME, FULL_NAME, NATIONAL_ID, MOBILE)


def on_disk(db_path: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes()
        for p in sorted(db_path.parent.glob(db_path.name + "*"))
        if p.is_file()
    }


def found(files: dict[str, bytes]) -> list[tuple[str, str]]:
    return [(s, name) for s in SECRETS for name, data in files.items() if s.encode() in data]


async def test_erased_data_leaves_the_files_and_never_reaches_the_log(tmp_path):
    db_path = tmp_path / "bot.sqlite3"
    token = TOKENS["telegram"]
    async with sandbox_for("telegram") as sandbox:
        async with running_bot(sandbox, db_path, ("telegram",), LOG_LEVEL="DEBUG") as bot:
            zarvan = sandbox.person(6001, FIRST_NAME, "fa", token=token)
            await act(zarvan, "send_command", "/start", until=lambda p: "منوی اصلی" in last_text(p))
            await act(zarvan, "press", "نیازسنجی آموزشی", until=lambda p: shown(p) is not None)
            for _ in range(60):
                key = shown(zarvan)
                if key == REVIEW:
                    break
                await answer(zarvan, key, ZARVAN[key])
            await act(zarvan, "press", "ثبت نهایی", until=lambda p: "نقشهٔ راه" in last_text(p))
            before = on_disk(db_path)
            assert {(NATIONAL_ID, "bot.sqlite3-wal"), (MOBILE, "bot.sqlite3-wal")} <= set(
                found(before)
            )  # the check can fail

            asked = "آیا داده‌های شخصی شما پاک شود؟"
            await act(zarvan, "send_command", "/deleteme", until=lambda p: asked in last_text(p))
            await act(
                zarvan,
                "press",
                "بله، داده‌های شخصی‌ام پاک شود",
                until=lambda p: last_text(p).startswith("داده‌های شخصی شما پاک شد"),
            )
            running = on_disk(db_path)
            assert found(running) == [], "erased data is still on disk while the bot runs"
            assert await bot.kill() == -signal.SIGKILL
            log = bot.log()
        assert found(on_disk(db_path)) == [], "erased data is on disk after kill -9"

    assert " DEBUG " in log  # the bot did log at DEBUG
    assert "getUpdates" in log or "telegram" in log
    for secret in (*SECRETS, to_persian_digits(NATIONAL_ID), to_persian_digits(MOBILE)):
        assert secret not in log, f"{secret!r} is in the log"
    assert token not in log and token.split(":")[1] not in log
