"""Logging set-up: one handler on the root logger, and neither a bot token nor anyone's personal
data in the log, at any level (LOG_LEVEL=DEBUG included).

- Tokens: `RedactSecrets`, a filter on the root handler, replaces the configured tokens, the
  `/bot<TOKEN>/` and `/file/bot<TOKEN>/` part of any URL (Telegram's, Bale's, a sandbox's) and
  anything shaped like a token, in the message, its arguments, the traceback and the stack.
  Libraries that log URLs (httpx, aiohttp, python-telegram-bot's errors) go through it.
- Personal data: the libraries whose DEBUG lines carry what people send or what is stored are
  held at a level where they do not: python-telegram-bot logs every request's parameters and every
  update (texts, names, phone numbers) at DEBUG; SQLAlchemy logs statements with their
  parameters (national IDs, mobiles, names; the engine also hides parameters, storage/engine.py)
  and aiosqlite every call with its arguments. coopbot's own lines name people by row id only.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable
from pathlib import Path

REDACTED = "<redacted>"
# `/bot<TOKEN>` in a Bot API URL (methods and files); a token is `<digits>:<secret>`
_TOKEN_IN_URL = re.compile(r"(/(?:file/)?bot)[0-9]+:[^/\s'\"?#]+")
# a token anywhere else (Telegram's and Bale's are digits, a colon and 30+ letters)
_TOKEN_ALONE = re.compile(r"\b[0-9]{5,}:[A-Za-z0-9_-]{30,}")

# logger -> the lowest level it may log at (see the module doc)
FLOORS = {
    "telegram": logging.INFO,
    "sqlalchemy": logging.WARNING,
    "aiosqlite": logging.WARNING,
    "asyncpg": logging.WARNING,
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "hpack": logging.WARNING,
    "aiohttp.access": logging.WARNING,
    "apscheduler": logging.WARNING,
    # "Context impl SQLiteImpl." at every start; coopbot logs what was migrated itself
    "alembic": logging.WARNING,
    # two lines per handled update in a cluster worker (bot/cluster/queue.py hides their content)
    "procrastinate": logging.WARNING,
}


class RedactSecrets(logging.Filter):
    """Rewrites each record before any handler formats it: the message with its arguments
    merged in, the traceback and the stack, with every secret replaced."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        # longest first, so a token is replaced before a shorter one inside it
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        text = _TOKEN_IN_URL.sub(rf"\1{REDACTED}", text)
        return _TOKEN_ALONE.sub(REDACTED, text)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format: keep the bare template, without its arguments
            message = str(record.msg)
        record.msg, record.args = self.redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def setup_logging(level: str, file: Path | None = None, secrets: Iterable[str] = ()) -> None:
    handler: logging.Handler
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(file, encoding="utf-8")
    else:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name, floor in FLOORS.items():
        logging.getLogger(name).setLevel(max(floor, root.level))
