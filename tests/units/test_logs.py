"""The log holds no bot token and no personal data at DEBUG: the redaction filter on the root
handler, the library loggers held above the levels where they print requests and SQL parameters,
and a real database engine logging at DEBUG."""

from __future__ import annotations

import logging

import pytest

from bot.core.logs import FLOORS, REDACTED, RedactSecrets, setup_logging
from storage.engine import create_database
from storage.members import MembersRepo

TELEGRAM = "7123456789:AAHk-3bT9xQwErTyUiOpAsDfGhJkLzXcVbN"
BALE = "1234567:abcDEFghiJKLmnoPQRstuVWXyz0123456789"


@pytest.fixture
def restore_logging():
    root = logging.getLogger()
    # the floors, and the engine loggers a test (or echo=True) turns up
    names = {*FLOORS, "sqlalchemy.engine", "sqlalchemy.engine.Engine"}
    saved = root.handlers[:], root.level, {n: logging.getLogger(n).level for n in names}
    yield
    root.handlers[:], level, floors = saved
    root.setLevel(level)
    for name, floor in floors.items():
        logging.getLogger(name).setLevel(floor)


def logged(tmp_path, secrets=(TELEGRAM, BALE)) -> tuple[logging.Logger, callable]:
    setup_logging("DEBUG", tmp_path / "bot.log", secrets)
    return logging.getLogger("coopbot.test"), lambda: (tmp_path / "bot.log").read_text("utf-8")


def test_tokens_in_urls_arguments_and_tracebacks_are_redacted(tmp_path, restore_logging):
    log, text = logged(tmp_path)
    log.debug("GET https://api.telegram.org/bot%s/getUpdates", TELEGRAM)
    log.info("POST https://tapi.bale.ai/bot%s/sendMessage 200", BALE)
    log.info("file https://tapi.bale.ai/file/bot%s/photos/1.jpg", BALE)
    # a token we were not told about, in a sandbox URL and on its own
    log.warning("http://127.0.0.1:8081/bot555555:e2e-unknown/getMe failed")
    log.warning("token %s", "98765432:ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ")
    try:
        raise ConnectionError(f"cannot reach https://api.telegram.org/bot{TELEGRAM}/getMe")
    except ConnectionError:
        log.exception("polling failed")
    out = text()
    for secret in (TELEGRAM, BALE, "e2e-unknown", "ZZZZZZZZZZ", TELEGRAM.split(":")[1]):
        assert secret not in out
    assert f"https://api.telegram.org/bot{REDACTED}/getUpdates" in out
    assert f"https://tapi.bale.ai/file/bot{REDACTED}/photos/1.jpg" in out
    assert "ConnectionError: cannot reach" in out and "Traceback" in out
    # what is not a token stays readable
    log.info("t.me/coopbot_demo?start=inv_x 12:30 member 42")
    assert "t.me/coopbot_demo?start=inv_x 12:30 member 42" in text()


def test_a_broken_format_still_logs_without_failing():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "a %s %s", (TELEGRAM,), None)
    assert RedactSecrets([TELEGRAM]).filter(record)
    assert record.getMessage() == "a %s %s"


def test_library_loggers_stay_above_their_chatty_levels(tmp_path, restore_logging):
    logged(tmp_path)
    assert logging.getLogger().level == logging.DEBUG
    assert not logging.getLogger("telegram.ext.ExtBot").isEnabledFor(logging.DEBUG)
    assert not logging.getLogger("sqlalchemy.engine.Engine").isEnabledFor(logging.INFO)
    assert not logging.getLogger("aiosqlite").isEnabledFor(logging.DEBUG)
    assert logging.getLogger("coopbot").isEnabledFor(logging.DEBUG)
    setup_logging("ERROR", tmp_path / "quiet.log")
    assert not logging.getLogger("telegram").isEnabledFor(logging.INFO)  # never below the root


async def test_sql_parameters_never_reach_the_log(tmp_path, restore_logging, clock):
    _, text = logged(tmp_path)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.DEBUG)  # even if someone turns it on
    db = create_database(f"sqlite+aiosqlite:///{tmp_path}/db.sqlite3", echo=True)
    try:
        from storage.migrate import upgrade

        await upgrade(db)
        async with db.write() as conn:
            await MembersRepo(conn).seen(
                platform="telegram",
                user_id=5005,
                chat_id=5005,
                first_name="Zarvanius",
                last_name="Kianmehrzadeh",
                username="zarvan_kz",
                language_code="fa",
                now=clock.now(),
            )
    finally:
        await db.dispose()
    out = text()
    assert "INSERT INTO members" in out  # the statements are logged here...
    assert "hidden due to hide_parameters" in out
    for secret in ("Zarvanius", "Kianmehrzadeh", "zarvan_kz"):
        assert secret not in out  # ...their parameters are not
