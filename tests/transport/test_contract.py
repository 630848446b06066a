"""Contract: AiohttpRequest and PTB's HTTPXRequest behave the same against one fake Bot API.

Every test runs once per transport (the `kind` fixture); expectations are literal, so both
transports must produce exactly the same requests, results and exception types.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import gc
import io
import json
import logging
import time
import warnings

import pytest
from aiohttp import web
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, InputMediaPhoto
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.messenger.transport import POOL_TIMEOUT_MESSAGE, make_request

from .conftest import (
    BOT_USER,
    TOKEN,
    FakeBotAPI,
    assert_no_token,
    dumps,
    make_bot,
    message,
    ok,
)

# --- successful calls -------------------------------------------------------------------------


async def test_get_me(fake_api: FakeBotAPI, make_transport) -> None:
    bot = make_bot(fake_api, await make_transport())

    user = await bot.get_me()

    assert user.id == BOT_USER["id"]
    assert user.username == "coop_bot"
    (call,) = fake_api.calls
    assert (call.method, call.http_method, call.token) == ("getMe", "POST", TOKEN)
    assert call.body == b""
    assert call.content_type == "application/octet-stream"  # aiohttp.web's "none sent"
    assert "Content-Type" not in call.headers
    assert call.headers["User-Agent"].startswith("python-telegram-bot v")


async def test_send_message_with_inline_keyboard(fake_api: FakeBotAPI, make_transport) -> None:
    bot = make_bot(fake_api, await make_transport())
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("ثبت‌نام", callback_data="enrol:7"),
                InlineKeyboardButton("?", url="https://example.org/a b"),
            ]
        ]
    )

    sent = await bot.send_message(
        chat_id=42, text="سلام & خوش آمدید\n+1 = 2", reply_markup=keyboard, parse_mode="HTML"
    )

    assert sent.chat.id == 42
    assert sent.text == "سلام & خوش آمدید\n+1 = 2"
    (call,) = fake_api.calls_to("sendMessage")
    assert call.content_type == "application/x-www-form-urlencoded"
    assert call.fields == {
        "chat_id": "42",
        "text": "سلام & خوش آمدید\n+1 = 2",
        "parse_mode": "HTML",
        "reply_markup": dumps(keyboard.to_dict()),
    }


async def test_large_form_body(fake_api: FakeBotAPI, make_transport) -> None:
    """Over 64 KiB, AiohttpRequest streams the form body; the server sees the same request."""
    bot = make_bot(fake_api, await make_transport())
    text = "سلام دنیا! " * 8000  # ~88 000 characters, ~0.5 MB url-encoded

    await bot.send_message(chat_id=3, text=text)

    (call,) = fake_api.calls_to("sendMessage")
    assert call.content_type == "application/x-www-form-urlencoded"
    assert call.fields == {"chat_id": "3", "text": text}
    assert int(call.headers["Content-Length"]) == len(call.body)


async def test_per_call_read_timeout_overrides_default(
    fake_api: FakeBotAPI, make_transport
) -> None:
    async def slow(request: web.Request) -> web.Response:
        await fake_api.record(request)
        await asyncio.sleep(0.4)
        return ok(BOT_USER)

    fake_api.on("getMe", slow)
    bot = make_bot(fake_api, await make_transport(read_timeout=0.15))

    with pytest.raises(TimedOut):
        await bot.get_me()
    user = await bot.get_me(read_timeout=3)

    assert user.id == BOT_USER["id"]


async def test_zero_read_timeout_means_do_not_wait(fake_api: FakeBotAPI, make_transport) -> None:
    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(0.1)
        return ok(BOT_USER)

    fake_api.on("getMe", slow)
    bot = make_bot(fake_api, await make_transport())

    with pytest.raises(TimedOut):
        await bot.get_me(read_timeout=0)


async def test_get_updates_long_poll_extends_read_timeout(
    fake_api: FakeBotAPI, make_transport
) -> None:
    """Bot.get_updates passes read_timeout = transport.read_timeout + timeout."""

    async def long_poll(request: web.Request) -> web.Response:
        call = await fake_api.record(request)
        await asyncio.sleep(float(call.fields["timeout"]))
        return ok([])

    fake_api.on("getUpdates", long_poll)
    updates_request = await make_transport(read_timeout=0.2, connection_pool_size=1)
    assert updates_request.read_timeout == 0.2
    bot = make_bot(fake_api, await make_transport(), get_updates_request=updates_request)

    started = time.monotonic()
    assert await bot.get_updates(timeout=dtm.timedelta(seconds=0.5)) == ()

    assert time.monotonic() - started >= 0.5
    (call,) = fake_api.calls_to("getUpdates")
    assert call.fields["timeout"] == "0.5"


async def test_file_download_uses_get(fake_api: FakeBotAPI, make_transport) -> None:
    fake_api.files["docs/F1"] = content = bytes(range(256)) * 300
    bot = make_bot(fake_api, await make_transport())

    tg_file = await bot.get_file("F1")
    data = await tg_file.download_as_bytearray()

    assert bytes(data) == content
    download = fake_api.calls[-1]
    assert (download.method, download.http_method, download.token) == ("file:docs/F1", "GET", TOKEN)


# --- uploads ----------------------------------------------------------------------------------


async def test_send_document_bytes_multipart(fake_api: FakeBotAPI, make_transport) -> None:
    bot = make_bot(fake_api, await make_transport())
    content = "ردیف,نام\n1,مریم\n".encode() * 50

    await bot.send_document(
        chat_id=7, document=content, filename='گزارش ماه "1".csv', caption="گزارش"
    )

    (call,) = fake_api.calls_to("sendDocument")
    assert call.content_type == "multipart/form-data"
    assert call.fields == {"chat_id": "7", "caption": "گزارش"}
    # httpx's HTML5 escaping of the file name (" -> %22, which the receiver keeps), byte for byte
    assert call.files == {"document": ("گزارش ماه %221%22.csv", "text/csv", content)}
    assert call.file_dispositions["document"] == (
        'form-data; name="document"; filename="گزارش ماه %221%22.csv"'
    )


async def test_send_document_streams_file_handle(
    fake_api: FakeBotAPI, make_transport, tmp_path
) -> None:
    path = tmp_path / "members.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 1000)
    bot = make_bot(fake_api, await make_transport())

    with path.open("rb") as handle:
        handle.read(10)  # a moved position must not truncate the upload
        document = InputFile(handle, filename="members.xlsx", read_file_handle=False)
        await bot.send_document(chat_id=7, document=document)

    (call,) = fake_api.calls_to("sendDocument")
    filename, _mimetype, data = call.files["document"]
    assert filename == "members.xlsx"
    assert data == path.read_bytes()


async def test_send_media_group_attaches_files(fake_api: FakeBotAPI, make_transport) -> None:
    bot = make_bot(fake_api, await make_transport())
    media = [
        InputMediaPhoto(b"\x89PNG one", filename="a.png", caption="اول"),
        InputMediaPhoto(b"\x89PNG two", filename="b.png"),
    ]

    messages = await bot.send_media_group(chat_id=9, media=media)

    assert len(messages) == 2
    (call,) = fake_api.calls_to("sendMediaGroup")
    assert call.fields["chat_id"] == "9"
    sent = json.loads(call.fields["media"])
    names = [item["media"].removeprefix("attach://") for item in sent]
    assert sorted(call.files) == sorted(names)
    assert [call.files[name][2] for name in names] == [b"\x89PNG one", b"\x89PNG two"]
    assert sent[0]["caption"] == "اول"


# --- error statuses ---------------------------------------------------------------------------


# PTB itself warns about RetryAfter.retry_after becoming a timedelta when building its message.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
@pytest.mark.parametrize(
    ("status", "parameters", "error", "text"),
    [
        (400, None, BadRequest, "Bad Request: chat not found"),
        (401, None, InvalidToken, "Unauthorized"),
        (403, None, Forbidden, "Forbidden: bot was blocked by the user"),
        (404, None, InvalidToken, "Not Found"),
        (409, None, Conflict, "Conflict: terminated by other getUpdates request"),
        (429, {"retry_after": 3}, RetryAfter, None),
        (400, {"migrate_to_chat_id": -1001}, ChatMigrated, None),
        (500, None, NetworkError, "Internal Server Error"),
        (502, None, NetworkError, "Bad Gateway"),
    ],
)
async def test_error_statuses(
    fake_api: FakeBotAPI, make_transport, status, parameters, error, text
) -> None:
    body = {"ok": False, "error_code": status, "description": text or "x"}
    if parameters:
        body["parameters"] = parameters
    fake_api.reply("sendMessage", status, body)
    bot = make_bot(fake_api, await make_transport())

    with pytest.raises(TelegramError) as caught:
        await bot.send_message(chat_id=1, text="x")

    assert type(caught.value) is error
    if text:
        assert caught.value.message == TelegramError(text).message  # PTB tidies the prefix
    if error is RetryAfter:
        assert caught.value.message == "Flood control exceeded. Retry in 3 seconds"
    if error is ChatMigrated:
        assert caught.value.new_chat_id == -1001


async def test_invalid_json_on_200_is_telegram_error(fake_api: FakeBotAPI, make_transport) -> None:
    fake_api.reply("sendMessage", 200, b"<html>not json</html>")
    bot = make_bot(fake_api, await make_transport())

    with pytest.raises(TelegramError) as caught:
        await bot.send_message(chat_id=1, text="x")

    assert type(caught.value) is TelegramError
    assert caught.value.message == "Invalid server response"


async def test_invalid_json_on_502_is_network_error(fake_api: FakeBotAPI, make_transport) -> None:
    fake_api.reply("sendMessage", 502, b"<html>bad gateway</html>")
    bot = make_bot(fake_api, await make_transport())

    with pytest.raises(NetworkError) as caught:
        await bot.send_message(chat_id=1, text="x")

    assert type(caught.value) is NetworkError
    assert caught.value.message.startswith("Bad Gateway (502). Parsing the server response")


async def test_redirect_is_not_followed(fake_api: FakeBotAPI, make_transport) -> None:
    async def redirect(request: web.Request) -> web.Response:
        await fake_api.record(request)
        raise web.HTTPFound(fake_api.url("getMe"))

    fake_api.on("sendMessage", redirect)
    bot = make_bot(fake_api, await make_transport())

    with pytest.raises(NetworkError) as caught:
        await bot.send_message(chat_id=1, text="x")

    assert caught.value.message.startswith("Found (302)")
    assert [c.method for c in fake_api.calls] == ["sendMessage"]


# --- timeouts and connection errors -----------------------------------------------------------


async def test_unanswered_request_times_out(fake_api: FakeBotAPI, make_transport) -> None:
    async def silent(request: web.Request) -> web.Response:
        await fake_api.hang()
        return ok(True)

    fake_api.on("sendMessage", silent)
    bot = make_bot(fake_api, await make_transport(read_timeout=0.3))

    started = time.monotonic()
    with pytest.raises(TimedOut) as caught:
        await bot.send_message(chat_id=1, text="x")

    assert 0.25 <= time.monotonic() - started < 2
    assert caught.value.message == "Timed out"
    assert_no_token(caught.value)


async def test_connection_refused_is_network_error(
    fake_api: FakeBotAPI, make_transport, kind, closed_port
) -> None:
    request = await make_transport()
    bot = make_bot(fake_api, request, base_url=f"http://127.0.0.1:{closed_port}/bot")

    with pytest.raises(NetworkError) as caught:
        await bot.send_message(chat_id=1, text="x")

    assert type(caught.value) is NetworkError
    assert caught.value.message.startswith(f"{kind}.")
    assert_no_token(caught.value)


async def test_connect_timeout(fake_api: FakeBotAPI, make_transport, unresponsive_port) -> None:
    bot = make_bot(
        fake_api,
        await make_transport(connect_timeout=0.3),
        base_url=f"http://127.0.0.1:{unresponsive_port}/bot",
    )

    started = time.monotonic()
    with pytest.raises(TimedOut) as caught:
        await bot.send_message(chat_id=1, text="x")

    assert time.monotonic() - started < 2
    assert caught.value.message == "Timed out"
    assert_no_token(caught.value)


async def test_pool_exhaustion_times_out(fake_api: FakeBotAPI, make_transport) -> None:
    async def silent(request: web.Request) -> web.Response:
        await fake_api.hang()
        return ok(BOT_USER)

    fake_api.on("getMe", silent)
    bot = make_bot(fake_api, await make_transport(connection_pool_size=1, read_timeout=None))
    hanging = asyncio.create_task(bot.get_me())
    await fake_api.arrived.wait()

    started = time.monotonic()
    with pytest.raises(TimedOut) as caught:
        await bot.send_message(chat_id=1, text="x", pool_timeout=0.2)

    assert 0.15 <= time.monotonic() - started < 2
    assert caught.value.message == POOL_TIMEOUT_MESSAGE
    assert not fake_api.calls_to("sendMessage")
    assert_no_token(caught.value)
    fake_api.release.set()
    assert (await hanging).id == BOT_USER["id"]
    # the slot is free again
    assert (await bot.send_message(chat_id=1, text="x")).chat.id == 1


async def test_stalled_upload_hits_media_write_timeout(
    fake_api: FakeBotAPI, make_transport
) -> None:
    """The server never reads the body: the socket buffers fill and the upload stalls."""

    async def never_reads(request: web.Request) -> web.Response:
        await fake_api.hang()
        return ok(True)

    fake_api.on("sendDocument", never_reads)
    bot = make_bot(fake_api, await make_transport(media_write_timeout=0.3, read_timeout=5))

    started = time.monotonic()
    with pytest.raises(TimedOut) as caught:
        await bot.send_document(chat_id=1, document=b"x" * (32 * 2**20), filename="big.bin")

    assert time.monotonic() - started < 3
    assert_no_token(caught.value)


async def test_stalled_large_form_hits_write_timeout(fake_api: FakeBotAPI, make_transport) -> None:
    """A form body over 64 KiB is bounded by write_timeout too (no files: not media)."""

    async def never_reads(request: web.Request) -> web.Response:
        await fake_api.hang()
        return ok(True)

    fake_api.on("sendMessage", never_reads)
    request = await make_transport(write_timeout=0.3, media_write_timeout=30, read_timeout=5)
    bot = make_bot(fake_api, request)

    started = time.monotonic()
    with pytest.raises(TimedOut):
        await bot.send_message(chat_id=1, text="ب" * 6_000_000)  # ~36 MB url-encoded

    assert time.monotonic() - started < 3


async def test_concurrent_requests_all_succeed(fake_api: FakeBotAPI, make_transport) -> None:
    bot = make_bot(fake_api, await make_transport())

    sent = await asyncio.gather(*(bot.send_message(chat_id=i, text=f"m{i}") for i in range(50)))

    assert [m.chat.id for m in sent] == list(range(50))
    assert sorted(int(c.fields["chat_id"]) for c in fake_api.calls) == list(range(50))


async def test_pool_size_bounds_concurrency(fake_api: FakeBotAPI, make_transport) -> None:
    async def slowish(request: web.Request) -> web.Response:
        call = await fake_api.record(request)
        await asyncio.sleep(0.02)
        return ok(message(call.fields["chat_id"]))

    fake_api.on("sendMessage", slowish)
    bot = make_bot(fake_api, await make_transport(connection_pool_size=4, pool_timeout=10))

    sent = await asyncio.gather(*(bot.send_message(chat_id=i, text="x") for i in range(40)))

    assert len(sent) == 40
    assert fake_api.max_in_flight <= 4


# --- proxies ----------------------------------------------------------------------------------


async def test_http_proxy_with_credentials(fake_api: FakeBotAPI, make_transport) -> None:
    """The fake API doubles as the proxy: it sees absolute-form targets for another host."""
    proxy = f"http://coop:s3cret@127.0.0.1:{fake_api.port}"
    bot = make_bot(
        fake_api, await make_transport(proxy=proxy), base_url="http://api.telegram.invalid/bot"
    )

    await bot.send_message(chat_id=5, text="via proxy")

    (call,) = fake_api.calls
    assert call.target == f"http://api.telegram.invalid/bot{TOKEN}/sendMessage"
    assert call.headers["Host"] == "api.telegram.invalid"
    assert call.headers["Proxy-Authorization"] == "Basic Y29vcDpzM2NyZXQ="  # coop:s3cret
    assert call.fields == {"chat_id": "5", "text": "via proxy"}


async def test_proxy_from_environment(fake_api: FakeBotAPI, make_transport, monkeypatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{fake_api.port}")
    monkeypatch.setenv("NO_PROXY", "direct.invalid")
    bot = make_bot(fake_api, await make_transport(), base_url="http://api.telegram.invalid/bot")

    await bot.get_me()

    (call,) = fake_api.calls
    assert call.target == f"http://api.telegram.invalid/bot{TOKEN}/getMe"


# --- lifecycle --------------------------------------------------------------------------------


async def test_request_after_shutdown_raises_until_initialized(
    fake_api: FakeBotAPI, make_transport
) -> None:
    request = await make_transport()
    bot = make_bot(fake_api, request)
    await bot.get_me()

    await request.shutdown()
    await request.shutdown()  # idempotent
    with pytest.raises(RuntimeError, match="not initialized"):
        await request.do_request(fake_api.url("getMe"), "POST")

    await request.initialize()
    await request.initialize()  # idempotent
    assert (await bot.get_me()).id == BOT_USER["id"]


async def test_shutdown_leaves_no_resource_warnings(
    fake_api: FakeBotAPI, make_transport, caplog
) -> None:
    async def silent(request: web.Request) -> web.Response:
        await fake_api.hang()
        return ok(True)

    fake_api.on("sendPhoto", silent)
    request = await make_transport(read_timeout=0.2)
    bot = make_bot(fake_api, request)
    await asyncio.gather(*(bot.send_message(chat_id=i, text="x") for i in range(10)))
    with pytest.raises(TimedOut):
        await bot.send_photo(chat_id=1, photo=b"\x89PNG", filename="p.png")

    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.ERROR):
        warnings.simplefilter("always")
        await request.shutdown()
        del request, bot
        await asyncio.sleep(0)
        gc.collect()

    assert [w for w in caught if issubclass(w.category, ResourceWarning)] == []
    assert "Unclosed" not in caplog.text


async def test_streams_io_bytes_without_fileno(fake_api: FakeBotAPI, make_transport) -> None:
    bot = make_bot(fake_api, await make_transport())
    payload = b"abc" * 70_000  # > 128 KiB: several chunks

    await bot.send_document(
        chat_id=3,
        document=InputFile(io.BytesIO(payload), filename="x.bin", read_file_handle=False),
    )

    (call,) = fake_api.calls_to("sendDocument")
    assert call.files["document"] == ("x.bin", "application/octet-stream", payload)


# --- both transports side by side -------------------------------------------------------------


async def test_both_transports_send_identical_requests(fake_api: FakeBotAPI) -> None:
    """Same Bot calls through each transport: same bodies and the same relevant headers."""
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("بله", callback_data="yes")]])
    seen: dict[str, list] = {}
    for kind in ("aiohttp", "httpx"):
        request = make_request(kind)
        await request.initialize()
        try:
            bot = make_bot(fake_api, request)
            fake_api.calls.clear()
            await bot.get_me()
            await bot.send_message(chat_id=42, text="سلام + hi", reply_markup=keyboard)
            await bot.send_document(chat_id=42, document=b"data", filename="a b.txt", caption="c")
        finally:
            await request.shutdown()
        seen[kind] = [
            (
                call.method,
                call.http_method,
                call.content_type,
                call.body,
                call.fields,
                call.files,
                call.file_dispositions,
                {
                    name: call.headers.get(name)
                    for name in ("Content-Length", "User-Agent", "Accept")
                },
                call.headers.get("Content-Type", "").split(";")[0],
            )
            for call in fake_api.calls
        ]

    assert seen["aiohttp"] == seen["httpx"]
    assert [entry[0] for entry in seen["aiohttp"]] == ["getMe", "sendMessage", "sendDocument"]
