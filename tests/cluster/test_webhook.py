"""Telegram by webhook: an update is stored before it is answered 200; a post without the
secret, or not an update, is refused and stores nothing."""

from __future__ import annotations

import json

import aiohttp
import psycopg
import pytest
from pydantic import ValidationError

from bot.cluster.ingress import Ingress
from bot.core.config import Settings
from sandbox import Sandbox, SandboxConfig

TOKEN = "888888:webhook-telegram"
SECRET = "s3cret_-token"
URL = "https://coop.example/hooks/telegram"


async def jobs(conninfo: str) -> list[tuple[str, dict]]:
    async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
        cur = await conn.execute("SELECT lock, args FROM procrastinate_jobs ORDER BY id")
        return list(await cur.fetchall())


def test_a_webhook_needs_a_secret_of_telegrams_shape():
    with pytest.raises(ValidationError, match="is needed with WEBHOOK_URL"):
        Settings(_env_file=None, webhook_url=URL)
    with pytest.raises(ValidationError, match="A-Z, a-z, 0-9"):
        Settings(_env_file=None, webhook_url=URL, webhook_secret="no spaces allowed")


async def test_updates_posted_with_the_secret_are_stored_then_answered(pg_url, conninfo):
    settings = Settings(
        _env_file=None, database_url=pg_url, webhook_url=URL, webhook_secret=SECRET, webhook_port=0
    )
    async with Sandbox(SandboxConfig(rate_limit_enabled=False)) as sandbox:
        sandbox.add_bot(TOKEN, platform="telegram")
        maryam = sandbox.person(8001, "مریم", token=TOKEN)
        ingress = Ingress(settings, {"telegram": sandbox.base_url})
        await ingress.start({"telegram": TOKEN})
        try:
            assert ingress.webhook is not None and not ingress.leaders  # no polling
            hook = sandbox.bot(TOKEN).webhook
            assert (hook["url"], hook.get("secret_token"), hook.get("max_connections")) == (
                URL,
                SECRET,
                1,
            )
            address = f"http://127.0.0.1:{ingress.webhook.port}/hooks/telegram"
            update = maryam.send_text("سلام", queue=False)
            async with aiohttp.ClientSession() as http:

                async def post(body: bytes, secret: str | None) -> int:
                    headers = {"Content-Type": "application/json"}
                    if secret is not None:
                        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
                    async with http.post(address, data=body, headers=headers) as response:
                        return response.status

                raw = json.dumps(update).encode()
                assert await post(raw, None) == 401
                assert await post(raw, "guess") == 401
                assert await post(b"not json", SECRET) == 400
                assert await post(b'{"no": "update_id"}', SECRET) == 400
                assert await jobs(conninfo) == []
                assert await post(raw, SECRET) == 200
            [(lock, args)] = await jobs(conninfo)
            assert lock == f"telegram:{maryam.chat_id}"
            assert args["update"]["update_id"] == update["update_id"]
        finally:
            await ingress.stop()
