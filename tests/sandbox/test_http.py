"""Raw HTTP shapes (form, JSON, GET), the control API, wait_idle and the standalone server."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import aiohttp
import pytest

from sandbox import Sandbox
from tests.sandbox.conftest import BALE_TOKEN, TOKEN

ROOT = Path(__file__).resolve().parents[2]


async def post(sb: Sandbox, path: str, **kwargs) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as http, http.post(sb.url + path, **kwargs) as resp:
        return resp.status, await resp.json()


async def test_unknown_method_and_path_answer_404(sb: Sandbox) -> None:
    status, body = await post(sb, f"/bot{TOKEN}/sendTelepathy")
    assert (status, body) == (404, {"ok": False, "error_code": 404, "description": "Not Found"})
    status, body = await post(sb, "/elsewhere")
    assert status == 404 and body["description"] == "Not Found"
    status, body = await post(sb, "/bot1:WRONG/getMe")
    assert (status, body["description"]) == (401, "Unauthorized")


async def test_json_form_and_query_bodies(sb: Sandbox) -> None:
    sb.config.rate_limit_enabled = False
    ali = sb.person(1001, token=TOKEN)
    markup = {"inline_keyboard": [[{"text": "الف", "callback_data": "a"}]]}
    status, body = await post(
        sb,
        f"/bot{TOKEN}/sendMessage",
        json={"chat_id": 1001, "text": "json", "reply_markup": markup},
    )
    assert status == 200 and body["ok"] and body["result"]["reply_markup"] == markup
    form = {"chat_id": "1001", "text": "form", "reply_markup": json.dumps(markup)}
    status, body = await post(sb, f"/bot{TOKEN}/sendmessage", data=form)  # case-insensitive
    assert status == 200 and body["result"]["text"] == "form"
    async with aiohttp.ClientSession() as http:
        url = f"{sb.base_url}{TOKEN}/sendMessage?chat_id=1001&text=query"
        async with http.get(url) as resp:
            assert (await resp.json())["result"]["text"] == "query"
    assert [m.text for m in ali.messages()] == ["json", "form", "query"]
    status, body = await post(sb, f"/bot{TOKEN}/sendMessage", data={"chat_id": "1001"})
    assert (status, body["description"]) == (400, "Bad Request: message text is empty")
    status, body = await post(sb, f"/bot{TOKEN}/sendMessage", data={"text": "x"})
    assert body["description"] == "Bad Request: chat_id is empty"
    status, body = await post(
        sb, f"/bot{TOKEN}/sendMessage", data={"chat_id": "1001", "text": "x", "reply_markup": "{"}
    )
    assert body["description"] == "Bad Request: can't parse reply keyboard markup JSON object"
    status, body = await post(
        sb, f"/bot{TOKEN}/sendMessage", data={"chat_id": "1001", "text": "x", "foo": "bar"}
    )
    assert status == 200 and sb.calls("sendMessage")[-1].unknown_params == ("foo",)


async def test_rate_limit_body_shape(sb: Sandbox) -> None:
    sb.person(1001, token=TOKEN)
    sb.config.chat_burst = 1
    await post(sb, f"/bot{TOKEN}/sendMessage", data={"chat_id": "1001", "text": "a"})
    status, body = await post(sb, f"/bot{TOKEN}/sendMessage", data={"chat_id": "1001", "text": "b"})
    assert status == 429
    assert body == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }


async def test_control_api_drives_people(sb: Sandbox) -> None:
    status, body = await post(
        sb,
        f"/_sandbox/{TOKEN}/people/1001/send_command",
        json={"args": ["/start"], "person": {"first_name": "علی"}},
    )
    assert status == 200 and body["update"]["message"]["text"] == "/start"
    assert sb.person(1001, token=TOKEN).first_name == "علی"
    await post(sb, f"/bot{TOKEN}/sendMessage", data={"chat_id": "1001", "text": "سلام"})
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{sb.url}/_sandbox/{TOKEN}/chats/1001") as resp:
            chat = await resp.json()
        async with http.get(f"{sb.url}/_sandbox/calls?method=sendMessage") as resp:
            calls = await resp.json()
        async with http.get(f"{sb.url}/_sandbox") as resp:
            summary = await resp.json()
    assert [m["text"] for m in chat["messages"]] == ["سلام"]
    assert calls[0]["method"] == "sendMessage" and calls[0]["ok"]
    assert {b["platform"] for b in summary["bots"]} == {"telegram", "bale"}
    status, _ = await post(sb, f"/_sandbox/{TOKEN}/people/1001/__init__", json={})
    assert status == 404


async def test_wait_idle_needs_confirmed_updates(sb: Sandbox) -> None:
    await sb.wait_idle(idle_s=0.01, timeout=1)  # nothing pending
    sb.person(1001, token=TOKEN).send_text("hi")
    with pytest.raises(TimeoutError, match="pending updates"):
        await sb.wait_idle(idle_s=0.01, timeout=0.1)
    sb.bot(TOKEN).confirm(10**9)
    await sb.wait_idle(idle_s=0.01, timeout=1)


async def test_person_lookup_rules(sb: Sandbox) -> None:
    with pytest.raises(LookupError):
        sb.person(1)  # two bots registered: say which
    assert sb.person(1, platform="bale").platform == "bale"
    assert sb.person(1, token="bale") is sb.person(1, token=BALE_TOKEN)
    with pytest.raises(ValueError):
        sb.add_chat(-100, "supergroup", token=BALE_TOKEN)  # Bale has no supergroups
    group = sb.add_chat(-100, "group", "کارگاه", token=TOKEN)
    assert group.to_api() == {"id": -100, "type": "group", "title": "کارگاه"}


def test_standalone_server_prints_its_url() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "--port", "0", "--token", "42:STANDALONE"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.startswith("sandbox Bot API listening on http://127.0.0.1:")
        url = first.rsplit(" ", 1)[1].strip()
        with urllib.request.urlopen(f"{url}/bot42:STANDALONE/getMe", timeout=5) as resp:
            me = json.loads(resp.read())
        assert me["ok"] and me["result"]["id"] == 42
    finally:
        proc.terminate()
        proc.wait(timeout=5)


async def test_stop_releases_a_pending_long_poll() -> None:
    sandbox = Sandbox()
    await sandbox.start()
    sandbox.add_bot(TOKEN)
    async with aiohttp.ClientSession() as http:
        poll = asyncio.create_task(
            http.post(f"{sandbox.base_url}{TOKEN}/getUpdates", data={"timeout": "30"})
        )
        await asyncio.sleep(0.05)
        loop = asyncio.get_running_loop()
        started = loop.time()
        await sandbox.stop()
        assert loop.time() - started < 2
        resp = await poll
        assert (await resp.json())["result"] == []
