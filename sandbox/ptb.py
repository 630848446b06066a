"""python-telegram-bot glue: point an Application at the sandbox and run it polling."""

from __future__ import annotations

import contextlib
import datetime as dtm
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from telegram.ext import Application, ApplicationBuilder

if TYPE_CHECKING:
    from sandbox.server import Sandbox

__all__ = ["application_builder", "polling"]


def application_builder(
    sandbox: Sandbox, token: str
) -> ApplicationBuilder[Any, Any, Any, Any, Any, Any]:
    """An ``ApplicationBuilder`` with token, base_url and base_file_url set for the sandbox."""
    return (
        ApplicationBuilder()
        .token(token)
        .base_url(sandbox.base_url)
        .base_file_url(sandbox.base_file_url)
    )


@contextlib.asynccontextmanager
async def polling(
    application: Application[Any, Any, Any, Any, Any, Any],
    *,
    poll_timeout_s: float = 1.0,
    drop_pending_updates: bool = False,
) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    """Initialize, start and poll (long polling against the sandbox); stop on exit."""
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(
            poll_interval=0,
            timeout=dtm.timedelta(seconds=poll_timeout_s),
            drop_pending_updates=drop_pending_updates,
        )
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()
