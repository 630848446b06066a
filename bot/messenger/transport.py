"""HTTP transports for python-telegram-bot: an aiohttp `BaseRequest` and a factory (issue #8).

PTB's default `HTTPXRequest` slows down as concurrency grows (httpcore's pool hands requests to
connections in O(N²+N·M), encode/httpcore#1035). `AiohttpRequest` is a drop-in replacement that
mirrors `HTTPXRequest` (constructor, defaults, request encoding, exception types and wording);
`make_request` builds either one, so httpx stays selectable by a setting for comparison.

How the four PTB timeouts map onto aiohttp
------------------------------------------
* ``pool_timeout`` - aiohttp has no pool timeout: its ``ClientTimeout.connect`` covers waiting
  for a free connection *and* opening one. So the pool is an ``asyncio.Semaphore`` of
  ``connection_pool_size`` slots in front of aiohttp (the ``TCPConnector`` gets the same
  ``limit`` as a hard cap, but never makes anyone wait, since a slot is freed only after the
  response has been read and its connection released). Waiting longer than ``pool_timeout`` for
  a slot raises `TimedOut` with the same message HTTPXRequest uses for ``httpx.PoolTimeout``;
  such a request was not sent.
* ``connect_timeout`` -> ``ClientTimeout(connect=..., sock_connect=...)``: DNS, TCP connect,
  proxy CONNECT and TLS handshake of a new connection (httpx's connect timeout covers the same).
* ``read_timeout`` -> ``ClientTimeout(sock_read=...)``: the longest wait for the next piece of
  the response, armed once the request body has been written (httpx's read timeout has the same
  "between reads" meaning). ``getUpdates`` long polling works because `telegram.Bot` passes
  ``read_timeout = self.read_timeout + timeout`` per call.
* ``write_timeout`` - aiohttp has no write timeout. httpx applies it to each socket send. Here a
  request with files (multipart) - or any body over 64 KiB - is streamed by `_TimedBody` in
  pieces of 64-128 KiB, each ``writer.write()`` (which waits for the socket buffer to drain)
  bounded by ``write_timeout`` (``media_write_timeout`` for uploads, as in HTTPXRequest). A
  smaller body is handed to the kernel in one non-blocking write, so it cannot stall there; a
  peer that stops responding after it is caught by the read timeout.
* ``ClientTimeout.total`` stays ``None``: httpx has no overall deadline either. aiohttp rounds
  connect deadlines over 5 s up to the next whole second (``ceil_threshold``); read is exact.
  aiohttp reads a timeout of 0 as "no limit", httpx as "do not wait": 0 is sent as 1 ms.

``None`` means "no limit" for every timeout; `BaseRequest.DEFAULT_NONE` (argument not passed)
means "this instance's default", exactly as in HTTPXRequest.

Errors: every timeout -> `TimedOut`; every aiohttp/OS connection error (refused, reset, DNS,
disconnect, truncated body) -> ``NetworkError("aiohttp.<ExceptionType>: <text>")``. aiohttp puts
the request URL - which contains the bot token - into some messages ("Connection timeout to host
https://.../bot<token>/getMe"); the token is redacted from our message, and if the original
exception's text contains it, the original is replaced in the ``__cause__`` chain by a redacted
`RedactedTransportError`, so tracebacks in logs cannot leak it either.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import re
import ssl
import sys
from collections.abc import Iterator, Sequence
from typing import IO, Any, Final, Literal
from urllib.parse import urlencode, urlsplit
from urllib.request import (  # type: ignore[attr-defined]  # undocumented, not in the stubs
    getproxies,
    proxy_bypass_environment,
)

import aiohttp
import yarl
from aiohttp.abc import AbstractStreamWriter
from aiohttp.payload import Payload
from telegram.error import NetworkError, TelegramError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

__all__ = [
    "POOL_TIMEOUT_MESSAGE",
    "AiohttpRequest",
    "RedactedTransportError",
    "TransportKind",
    "make_request",
]

log = logging.getLogger(__name__)

TransportKind = Literal["aiohttp", "httpx"]

# Same text as HTTPXRequest raises for httpx.PoolTimeout.
POOL_TIMEOUT_MESSAGE: Final = (
    "Pool timeout: All connections in the connection pool are occupied. "
    "Request was *not* sent to Telegram. Consider adjusting the connection "
    "pool size or the pool timeout."
)

_PY = sys.version_info
_NEEDS_CLEANUP_CLOSED: Final = _PY < (3, 12, 8) or (3, 13) <= _PY < (3, 13, 1)
_DefaultValue = type(BaseRequest.DEFAULT_NONE)  # PTB's DefaultValue, without a private import
_CHUNK: Final = 64 * 1024  # httpx's multipart chunk size, and aiohttp's writer drain threshold
_EPSILON: Final = 0.001  # stands in for a timeout of 0, which aiohttp would read as "none"
_FORM: Final = "application/x-www-form-urlencoded"
_SOCKS_SCHEMES: Final = frozenset({"socks4", "socks4a", "socks5", "socks5h"})
# A Telegram/Bale-shaped token, also percent-encoded; a backstop to path redaction.
_TOKEN_RE: Final = re.compile(r"\d+(?::|%3[aA])[A-Za-z0-9_-]{20,}")
# httpx's HTML5 escaping of multipart parameter values (httpx/_multipart.py).
_HTML5_ESCAPES: Final = {'"': "%22", "\\": "\\\\"} | {
    chr(c): f"%{c:02X}" for c in range(0x20) if c != 0x1B
}
_HTML5_RE: Final = re.compile("|".join(re.escape(c) for c in _HTML5_ESCAPES))


class RedactedTransportError(Exception):
    """Stands in, as ``__cause__``, for an aiohttp exception whose text contained the token."""


class AiohttpRequest(BaseRequest):
    """`telegram.request.BaseRequest` on aiohttp; a drop-in for `telegram.request.HTTPXRequest`.

    Args:
        connection_pool_size: Most requests in flight (and connections) at once. Defaults to
            ``256`` like HTTPXRequest (PTB's builder uses ``1`` for getUpdates).
        read_timeout, write_timeout, connect_timeout, pool_timeout, media_write_timeout:
            Defaults in seconds (``None``: no limit), same defaults as HTTPXRequest:
            5, 5, 5, 1 and 20. See the module docstring for how each maps onto aiohttp.
        proxy: ``http://`` or ``https://`` proxy URL, credentials allowed
            (``http://user:pass@host:3128``). SOCKS needs the ``aiohttp-socks`` package, which
            this project does not depend on: a socks URL raises `RuntimeError` (use the httpx
            transport with ``python-telegram-bot[socks]`` instead). Without ``proxy``, the
            ``HTTP(S)_PROXY``/``ALL_PROXY``/``NO_PROXY`` environment variables apply, read when
            the session opens, as httpx does.
        connector_kwargs, session_kwargs: Extra keyword arguments for ``aiohttp.TCPConnector``
            and ``aiohttp.ClientSession``; they override ours (like ``httpx_kwargs``).

    The ``aiohttp.ClientSession`` is opened by `initialize` (or lazily by the first request if
    `initialize` was never called, as HTTPXRequest works without it) and closed, awaiting its
    connector, by `shutdown`. After `shutdown`, requests raise `RuntimeError` until the next
    `initialize`.
    """

    __slots__ = (
        "_connect_timeout",
        "_connector_kwargs",
        "_env_proxies",
        "_media_write_timeout",
        "_pool_size",
        "_pool_timeout",
        "_proxy",
        "_proxy_cache",
        "_read_timeout",
        "_semaphore",
        "_session",
        "_session_kwargs",
        "_shut_down",
        "_write_timeout",
    )

    def __init__(
        self,
        connection_pool_size: int = 256,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        proxy: str | None = None,
        media_write_timeout: float | None = 20.0,
        connector_kwargs: dict[str, Any] | None = None,
        session_kwargs: dict[str, Any] | None = None,
    ) -> None:
        if connection_pool_size < 1:
            raise ValueError("connection_pool_size must be at least 1")
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._proxy = _check_proxy(proxy)
        self._connector_kwargs = dict(connector_kwargs or {})
        self._session_kwargs = dict(session_kwargs or {})
        self._session: aiohttp.ClientSession | None = None
        self._semaphore = asyncio.Semaphore(connection_pool_size)
        self._shut_down = False
        self._env_proxies: dict[str, str] = {}
        self._proxy_cache: dict[tuple[str, str], str | None] = {}

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout (used by `telegram.Bot.get_updates` for long polling)."""
        return self._read_timeout

    @property
    def connection_pool_size(self) -> int:
        return self._pool_size

    @property
    def proxy(self) -> str | None:
        return self._proxy

    async def initialize(self) -> None:
        """Open the aiohttp session (no-op if it is open)."""
        self._shut_down = False
        if self._session is None or self._session.closed:
            self._open()

    async def shutdown(self) -> None:
        """Close the session and wait for its connections to close. Idempotent."""
        self._shut_down = True
        session, self._session = self._session, None
        if session is None or session.closed:
            log.debug("This AiohttpRequest is already shut down. Returning.")
            return
        await session.close()

    def _open(self) -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(
            **{
                "limit": self._pool_size,
                "limit_per_host": 0,
                "keepalive_timeout": 5.0,  # httpx's keepalive_expiry
                # Abort TLS transports whose close never completes (CPython gh-118960, fixed in
                # 3.12.8 / 3.13.1): a slow leak on a long-running bot otherwise.
                "enable_cleanup_closed": _NEEDS_CLEANUP_CLOSED,
                "ssl": _default_ssl_context(),
                **self._connector_kwargs,
            }
        )
        self._session = aiohttp.ClientSession(
            **{
                "connector": connector,
                "headers": {"User-Agent": self.USER_AGENT},
                # The Bot API sets no cookies; trust_env=False because we read the proxy
                # variables once here instead of aiohttp re-reading them (and ~/.netrc) per call.
                "cookie_jar": aiohttp.DummyCookieJar(),
                "trust_env": False,
                **self._session_kwargs,
            }
        )
        self._semaphore = asyncio.Semaphore(self._pool_size)
        self._env_proxies = {} if self._proxy else _env_proxies()
        self._proxy_cache = {}
        return self._session

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """See `telegram.request.BaseRequest.do_request`."""
        session = self._session
        if session is None or session.closed:
            if self._shut_down:
                raise RuntimeError("This AiohttpRequest is not initialized!")
            session = self._open()

        files = request_data.multipart_data if request_data else None
        fields = request_data.json_parameters if request_data else None

        if isinstance(read_timeout, _DefaultValue):
            read_timeout = self._read_timeout
        if isinstance(connect_timeout, _DefaultValue):
            connect_timeout = self._connect_timeout
        if isinstance(pool_timeout, _DefaultValue):
            pool_timeout = self._pool_timeout
        if isinstance(write_timeout, _DefaultValue):
            write_timeout = self._media_write_timeout if files else self._write_timeout

        headers: dict[str, str] | None = None
        body: bytes | _TimedBody | None = None
        skip_headers: tuple[str, ...] = ()
        if files:
            body = _multipart_body(fields or {}, files, write_timeout)
        elif fields:
            encoded = urlencode(fields).encode("utf-8")  # what httpx sends for data=
            if len(encoded) > _CHUNK:
                body = _TimedBody([encoded], len(encoded), _FORM, write_timeout)
            else:
                body, headers = encoded, {"Content-Type": _FORM}
        else:
            skip_headers = ("Content-Type",)  # aiohttp would say octet-stream; httpx says none

        if connect_timeout is not None and connect_timeout <= 0:
            connect_timeout = _EPSILON
        if read_timeout is not None and read_timeout <= 0:
            read_timeout = _EPSILON
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=connect_timeout,
            sock_connect=connect_timeout,
            sock_read=read_timeout,
        )
        semaphore = self._semaphore
        await _acquire(semaphore, pool_timeout)
        error: TelegramError
        try:
            try:
                async with session.request(
                    method,
                    url,
                    data=body,
                    headers=headers,
                    skip_auto_headers=skip_headers,
                    timeout=timeout,
                    allow_redirects=False,  # httpx does not follow redirects either
                    proxy=self._proxy or self._env_proxy_for(url),
                ) as response:
                    return response.status, await response.read()
            except TimeoutError as exc:  # aiohttp's timeouts and _TimedBody's write timeout
                error = _translate(exc, url, TimedOut())
            except (aiohttp.ClientError, OSError) as exc:
                text = f"aiohttp.{type(exc).__name__}: {_redact(str(exc), url)}"
                error = _translate(exc, url, NetworkError(text))
        finally:
            semaphore.release()
        # Raised outside the except blocks, so the aiohttp exception is only the (checked)
        # __cause__ and not also an implicit __context__.
        raise error

    def _env_proxy_for(self, url: str) -> str | None:
        if not self._env_proxies:
            return None
        parts = urlsplit(url)
        key = (parts.scheme, parts.netloc)
        try:
            return self._proxy_cache[key]
        except KeyError:
            pass
        proxy = None
        if not proxy_bypass_environment(parts.hostname or "", self._env_proxies):
            proxy = self._env_proxies.get(parts.scheme) or self._env_proxies.get("all")
        self._proxy_cache[key] = proxy
        return proxy


def make_request(
    kind: TransportKind = "aiohttp",
    *,
    connection_pool_size: int | None = None,
    for_updates: bool = False,
    proxy: str | None = None,
    read_timeout: float | None = 5.0,
    write_timeout: float | None = 5.0,
    connect_timeout: float | None = 5.0,
    pool_timeout: float | None = 1.0,
    media_write_timeout: float | None = 20.0,
) -> BaseRequest:
    """An `AiohttpRequest` or PTB's `HTTPXRequest` with the same settings.

    ``connection_pool_size=None`` takes PTB's builder defaults: 1 for the getUpdates request
    (``for_updates=True``), else 256. Use the result with ``ApplicationBuilder().request(...)``
    or ``.get_updates_request(...)``.
    """
    if connection_pool_size is None:
        connection_pool_size = 1 if for_updates else 256
    options: dict[str, Any] = {
        "connection_pool_size": connection_pool_size,
        "proxy": proxy,
        "read_timeout": read_timeout,
        "write_timeout": write_timeout,
        "connect_timeout": connect_timeout,
        "pool_timeout": pool_timeout,
        "media_write_timeout": media_write_timeout,
    }
    if kind == "aiohttp":
        return AiohttpRequest(**options)
    if kind == "httpx":
        return HTTPXRequest(**options)
    raise ValueError(f"unknown HTTP transport {kind!r}: expected 'aiohttp' or 'httpx'")


# --- request bodies ---------------------------------------------------------------------------


class _TimedBody(Payload):
    """A request body written in pieces of 64-128 KiB, each within the write timeout.

    The pieces are bytes or binary file handles (read in 64 KiB chunks from the start, like
    httpx). The body can be written again (aiohttp resends once on a stale keep-alive
    connection), so it is never "consumed".
    """

    _autoclose = True  # holds no resources of its own: file handles belong to the caller

    def __init__(
        self,
        pieces: Sequence[bytes | IO[bytes] | IO[str]],  # a text stream is sent as UTF-8
        size: int | None,
        content_type: str,
        write_timeout: float | None,
    ) -> None:
        super().__init__(None, content_type=content_type)
        self._pieces = pieces
        self._size = size  # None: sent with chunked transfer encoding
        self._write_timeout = write_timeout

    def _chunks(self) -> Iterator[bytes]:
        pending: list[bytes] = []
        pending_len = 0
        for piece in self._slices():
            pending.append(piece)
            pending_len += len(piece)
            if pending_len >= _CHUNK:
                yield b"".join(pending)
                pending, pending_len = [], 0
        if pending:
            yield b"".join(pending)

    def _slices(self) -> Iterator[bytes]:
        for piece in self._pieces:
            if isinstance(piece, bytes | bytearray | memoryview):
                for start in range(0, len(piece), _CHUNK):
                    yield bytes(piece[start : start + _CHUNK])
                continue
            if hasattr(piece, "seek"):
                try:
                    piece.seek(0)
                except OSError:  # io.UnsupportedOperation: not seekable
                    pass
            while chunk := piece.read(_CHUNK):
                yield chunk.encode("utf-8") if isinstance(chunk, str) else chunk

    async def write(self, writer: AbstractStreamWriter) -> None:
        timeout = self._write_timeout
        try:
            for chunk in self._chunks():
                if timeout is None:
                    await writer.write(chunk)
                else:
                    async with asyncio.timeout(timeout):
                        await writer.write(chunk)
        except TimeoutError:
            # The peer stopped reading. A graceful close would keep the socket open until the
            # unsent buffer drains, i.e. maybe forever: drop the connection at once.
            transport = getattr(writer, "transport", None)
            if transport is not None:
                transport.abort()
            raise

    def decode(self, encoding: str = "utf-8", errors: str = "strict") -> str:
        return b"".join(self._chunks()).decode(encoding, errors)


def _form_param(name: str, value: str) -> bytes:
    value = _HTML5_RE.sub(lambda match: _HTML5_ESCAPES[match.group(0)], value)
    return f'{name}="{value}"'.encode()


def _multipart_body(
    fields: dict[str, str],
    files: dict[str, tuple[str, bytes | IO[bytes], str]],
    write_timeout: float | None,
    boundary: bytes | None = None,
) -> _TimedBody:
    """multipart/form-data byte for byte as httpx encodes ``data=fields, files=files``."""
    boundary = boundary or os.urandom(16).hex().encode("ascii")
    pieces: list[bytes | IO[bytes]] = []
    size: int | None = 0
    for name, value in fields.items():
        head = b"--%s\r\nContent-Disposition: form-data; %s\r\n\r\n" % (
            boundary,
            _form_param("name", name),
        )
        data = value.encode("utf-8")
        pieces += [head, data, b"\r\n"]
        size += len(head) + len(data) + 2  # type: ignore[operator]
    for name, (filename, content, mimetype) in files.items():
        head = b"--%s\r\nContent-Disposition: form-data; %s" % (boundary, _form_param("name", name))
        if filename:
            head += b"; " + _form_param("filename", filename)
        head += b"\r\nContent-Type: %s\r\n\r\n" % (mimetype or "application/octet-stream").encode()
        pieces += [head, content, b"\r\n"]
        length = len(content) if isinstance(content, bytes) else _filelike_length(content)
        size = None if size is None or length is None else size + len(head) + length + 2
    tail = b"--%s--\r\n" % boundary
    pieces.append(tail)
    if size is not None:
        size += len(tail)
    content_type = f"multipart/form-data; boundary={boundary.decode('ascii')}"
    return _TimedBody(pieces, size, content_type, write_timeout)


def _filelike_length(stream: IO[bytes]) -> int | None:
    """httpx's peek_filelike_length: the file size without reading it."""
    try:
        return os.fstat(stream.fileno()).st_size
    except (AttributeError, OSError):
        try:
            offset = stream.tell()
            length = stream.seek(0, os.SEEK_END)
            stream.seek(offset)
            return length
        except (AttributeError, OSError):
            return None


# --- helpers ----------------------------------------------------------------------------------


async def _acquire(semaphore: asyncio.Semaphore, pool_timeout: float | None) -> None:
    if not semaphore.locked():
        await semaphore.acquire()  # does not suspend
        return
    try:
        async with asyncio.timeout(pool_timeout):
            await semaphore.acquire()
    except TimeoutError as exc:
        raise TimedOut(message=POOL_TIMEOUT_MESSAGE) from exc


def _secrets(url: str) -> list[str]:
    """The parts of a Bot API URL that carry the token: the path up to the method/file name."""
    out = []
    for path in (urlsplit(url).path, _raw_path(url)):
        head = path.rpartition("/")[0]
        if len(head) > 1 and head not in out:
            out.append(head)
    return out


def _raw_path(url: str) -> str:
    try:
        return yarl.URL(url).raw_path
    except (TypeError, ValueError):
        return ""


def _redact(text: str, url: str) -> str:
    for secret in _secrets(url):
        text = text.replace(secret, "/<redacted>")
    return _TOKEN_RE.sub("<redacted>", text)


def _mentions_secret(exc: BaseException, url: str) -> bool:
    secrets = _secrets(url)
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        text = f"{current!s}\n{current!r}"
        if any(secret in text for secret in secrets) or _TOKEN_RE.search(text):
            return True
        stack.extend(e for e in (current.__cause__, current.__context__) if e is not None)
    return False


def _translate(exc: BaseException, url: str, error: TelegramError) -> TelegramError:
    if _mentions_secret(exc, url):
        error.__cause__ = RedactedTransportError(
            f"aiohttp.{type(exc).__name__}: {_redact(str(exc), url)}"
        )
    else:
        error.__cause__ = exc
    return error


def _check_proxy(proxy: str | None) -> str | None:
    if proxy is None:
        return None
    scheme = urlsplit(str(proxy)).scheme.lower()
    if scheme in _SOCKS_SCHEMES:
        raise RuntimeError(
            "AiohttpRequest supports only http:// and https:// proxies: SOCKS needs the "
            "'aiohttp-socks' package, which coopbot does not depend on. Use the httpx transport "
            "with python-telegram-bot[socks] for a SOCKS proxy."
        )
    if scheme not in ("http", "https"):
        raise ValueError(f"unsupported proxy URL scheme {scheme!r}: expected http or https")
    return str(proxy)


def _env_proxies() -> dict[str, str]:
    """HTTP(S)_PROXY / ALL_PROXY / NO_PROXY, as httpx reads them (SOCKS ones are skipped)."""
    found: dict[str, str] = {}
    for key, value in getproxies().items():
        if key == "no":
            found[key] = value
            continue
        if key not in ("http", "https", "all") or not value:
            continue
        value = value if "://" in value else f"http://{value}"
        if urlsplit(value).scheme.lower() in ("http", "https"):
            found[key] = value
        else:
            log.warning("ignoring the %s proxy from the environment: not http(s)", key)
    return found if set(found) - {"no"} else {}


@functools.cache
def _default_ssl_context() -> ssl.SSLContext:
    """The CA store httpx uses: SSL_CERT_FILE, else SSL_CERT_DIR, else certifi's bundle."""
    if cafile := os.environ.get("SSL_CERT_FILE"):
        return ssl.create_default_context(cafile=cafile)
    if capath := os.environ.get("SSL_CERT_DIR"):
        return ssl.create_default_context(capath=capath)
    try:
        import certifi
    except ImportError:  # pragma: no cover - certifi comes with httpx
        return ssl.create_default_context()
    return ssl.create_default_context(cafile=certifi.where())
