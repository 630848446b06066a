"""AiohttpRequest internals: factory, construction, body encoding, redaction, lifecycle."""

from __future__ import annotations

import asyncio
import gc
import io
import warnings
from contextlib import ExitStack

import aiohttp
import pytest
from httpx._multipart import MultipartStream
from telegram.request import HTTPXRequest

from bot.messenger import transport
from bot.messenger.transport import AiohttpRequest, make_request

from .conftest import BOT_USER, TOKEN, FakeBotAPI, make_bot

# --- factory and construction -----------------------------------------------------------------


async def test_make_request_kinds_and_pool_defaults() -> None:
    default = make_request()
    updates = make_request("aiohttp", for_updates=True, read_timeout=7)
    httpx_request = make_request("httpx", connection_pool_size=8, pool_timeout=3)
    try:
        assert isinstance(default, AiohttpRequest)
        assert default.connection_pool_size == 256
        assert default.read_timeout == 5.0
        assert isinstance(updates, AiohttpRequest)
        assert updates.connection_pool_size == 1
        assert updates.read_timeout == 7
        assert isinstance(httpx_request, HTTPXRequest)
        assert httpx_request._client.timeout.pool == 3
        assert httpx_request._client_kwargs["limits"].max_connections == 8
    finally:
        await httpx_request.shutdown()


def test_make_request_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown HTTP transport 'requests'"):
        make_request("requests")  # type: ignore[arg-type]


def test_defaults_match_httpxrequest() -> None:
    ours, theirs = AiohttpRequest(), HTTPXRequest()
    assert ours.connection_pool_size == theirs._client_kwargs["limits"].max_connections == 256
    timeout = theirs._client.timeout
    assert (ours._read_timeout, ours._write_timeout, ours._connect_timeout) == (
        timeout.read,
        timeout.write,
        timeout.connect,
    )
    assert ours._pool_timeout == timeout.pool
    assert ours._media_write_timeout == theirs._media_write_timeout


@pytest.mark.parametrize("proxy", ["socks5://127.0.0.1:1080", "socks5h://u:p@host:1", "SOCKS4://h"])
def test_socks_proxy_is_a_clear_error(proxy: str) -> None:
    with pytest.raises(RuntimeError, match="aiohttp-socks"):
        AiohttpRequest(proxy=proxy)


def test_other_proxy_schemes_are_rejected_and_http_ones_kept() -> None:
    with pytest.raises(ValueError, match="unsupported proxy URL scheme 'ftp'"):
        AiohttpRequest(proxy="ftp://proxy:21")
    assert AiohttpRequest(proxy="https://u:p@proxy:443").proxy == "https://u:p@proxy:443"


def test_pool_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        AiohttpRequest(connection_pool_size=0)


def test_socks_proxy_from_environment_is_ignored(monkeypatch) -> None:
    monkeypatch.setenv("ALL_PROXY", "socks5://127.0.0.1:1080")
    monkeypatch.delenv("HTTP_PROXY", raising=False)
    monkeypatch.delenv("HTTPS_PROXY", raising=False)
    assert transport._env_proxies() == {}
    monkeypatch.setenv("HTTPS_PROXY", "proxy.local:3128")
    assert transport._env_proxies()["https"] == "http://proxy.local:3128"


# --- request bodies ---------------------------------------------------------------------------


def _upload_parts(tmp_path, stack: ExitStack) -> tuple[dict[str, str], dict]:
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(bytes(range(256)) * 700)
    fields = {"chat_id": "7", "caption": 'گزارش "ماه"\\n', "media": '[{"type": "photo"}]'}
    files = {
        "document": ('name "q"\\ \x01\x1b.pdf', b"%PDF" * 50_000, "application/pdf"),
        "thumb": ("گزارش.jpg", io.BytesIO(b"\xff\xd8" * 10), "image/jpeg"),
        "sheet": ("ledger.xlsx", stack.enter_context(path.open("rb")), "application/x-excel"),
    }
    return fields, files


def test_multipart_is_byte_identical_to_httpx(tmp_path) -> None:
    boundary = b"0123456789abcdef0123456789abcdef"
    with ExitStack() as stack:
        fields, files = _upload_parts(tmp_path, stack)
        body = transport._multipart_body(fields, files, write_timeout=None, boundary=boundary)
        ours = b"".join(body._chunks())
        fields, files = _upload_parts(tmp_path, stack)
        stream = MultipartStream(data=fields, files=files, boundary=boundary)
        theirs = b"".join(stream)

        assert ours == theirs
        assert body.size == stream.get_content_length() == len(ours)
        assert body.content_type == stream.content_type


def test_body_chunks_are_64_to_128_kib_and_rewritable(tmp_path) -> None:
    with ExitStack() as stack:
        fields, files = _upload_parts(tmp_path, stack)
        body = transport._multipart_body(fields, files, write_timeout=1)
        first = list(body._chunks())
        second = list(body._chunks())  # aiohttp may resend once on a stale keep-alive connection

    assert first == second
    assert all(64 * 1024 <= len(chunk) <= 128 * 1024 for chunk in first[:-1])
    assert sum(map(len, first)) == body.size


def test_unknown_length_file_is_sent_chunked() -> None:
    class Pipe(io.RawIOBase):
        def __init__(self) -> None:
            self.data = io.BytesIO(b"stream" * 1000)

        def readable(self) -> bool:
            return True

        def read(self, size: int = -1) -> bytes:
            return self.data.read(size)

    body = transport._multipart_body({}, {"f": ("f.bin", Pipe(), "x/y")}, write_timeout=None)
    assert body.size is None
    assert b"stream" * 1000 in b"".join(body._chunks())


# --- token redaction --------------------------------------------------------------------------


def test_redact_removes_token_from_aiohttp_messages() -> None:
    url = f"https://api.telegram.org/bot{TOKEN}/sendMessage"
    message = f"Connection timeout to host {url}"

    redacted = transport._redact(message, url)

    assert redacted == "Connection timeout to host https://api.telegram.org/<redacted>/sendMessage"
    file_url = f"https://api.telegram.org/file/bot{TOKEN}/documents/file_1.pdf"
    assert TOKEN not in transport._redact(f"Can not write request body for {file_url}", file_url)
    encoded = TOKEN.replace(":", "%3A")
    assert encoded not in transport._redact(f"GET /bot{encoded}/x failed", "http://h/other/x")


def test_translate_replaces_a_leaking_cause() -> None:
    url = f"http://127.0.0.1:1/bot{TOKEN}/getMe"
    leaking = aiohttp.ConnectionTimeoutError(f"Connection timeout to host {url}")
    clean = aiohttp.ClientConnectionError("Connection reset by peer")

    error = transport._translate(leaking, url, transport.NetworkError("x"))
    kept = transport._translate(clean, url, transport.NetworkError("y"))

    assert isinstance(error.__cause__, transport.RedactedTransportError)
    assert TOKEN not in str(error.__cause__)
    assert "ConnectionTimeoutError" in str(error.__cause__)
    assert kept.__cause__ is clean


# --- lifecycle --------------------------------------------------------------------------------


async def test_resource_warning_check_detects_an_unclosed_session(caplog) -> None:
    """Control for the shutdown test: an unclosed aiohttp session does warn."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        session = aiohttp.ClientSession()
        del session
        gc.collect()

    assert any(
        issubclass(w.category, ResourceWarning) and "Unclosed client session" in str(w.message)
        for w in caught
    )


async def test_one_session_per_instance(fake_api: FakeBotAPI) -> None:
    request = AiohttpRequest()
    await request.initialize()
    session = request._session
    await request.initialize()
    bot = make_bot(fake_api, request)
    await asyncio.gather(bot.get_me(), bot.get_me())

    assert request._session is session
    await request.shutdown()
    assert session.closed
    assert request._session is None


async def test_works_without_initialize_like_httpx(fake_api: FakeBotAPI) -> None:
    request = AiohttpRequest()
    bot = make_bot(fake_api, request)

    assert (await bot.get_me()).id == BOT_USER["id"]

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        await request.shutdown()
        gc.collect()
    assert [w for w in caught if issubclass(w.category, ResourceWarning)] == []


async def test_same_instance_for_both_bot_slots(fake_api: FakeBotAPI) -> None:
    """Bot initialises and shuts down both slots concurrently; one instance must cope."""
    request = AiohttpRequest()
    bot = make_bot(fake_api, request, get_updates_request=request)

    async with bot:
        assert await bot.get_updates(timeout=0) == ()
    assert request._session is None


def test_exported_names() -> None:
    assert set(transport.__all__) == {
        "POOL_TIMEOUT_MESSAGE",
        "AiohttpRequest",
        "RedactedTransportError",
        "TransportKind",
        "make_request",
    }
    assert transport.POOL_TIMEOUT_MESSAGE.startswith("Pool timeout: All connections")
