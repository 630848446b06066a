"""A line-based chat with a bot for a human at a terminal (``coopbot demo``).

Bot messages are printed as they arrive (HTML already reduced to the visible text), edits are
marked "(edited)", inline buttons are numbered ``[/1] label  [/2] label``. ``/1`` (or ``#1``)
presses that button of the newest message with inline buttons; a number typed alone is always
text, an answer to the bot (start a line with ``\\`` to send anything literally). ``/contact``
shares the contact, ``/sticker`` sends a sticker, ``/photo`` a photo, ``/quit`` leaves; any other
``/command`` is sent as a command and everything else as text.

stdin is read in a daemon thread, so the event loop (and the bot) keep running while waiting. At
a terminal the line is read with GNU readline (line editing, and no 4 KB limit: the terminal's
own line editor cuts a longer paste, mid-letter in Persian); elsewhere as bytes. Bytes that are
not UTF-8 become U+FFFD, never lone surrogates, which no JSON encoder (so no Bot API) accepts.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from sandbox.people import Person
    from sandbox.server import Sandbox
    from sandbox.state import StoredMessage

__all__ = ["run_terminal_chat"]

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_HELP = (
    "keys: /1 (or #1) presses button [/1] · a number alone is an answer, sent as text · "
    "/contact share your phone number · /sticker · /photo · /quit · /keys or ? this line · "
    "\\text sends text literally · anything else (/help too) is sent to the bot"
)


class _Printer:
    """Prints what changed in the person's chat since the last call."""

    def __init__(self, person: Person, out: TextIO) -> None:
        self.person = person
        self.out = out
        self.versions: dict[int, int] = {}
        self.deleted: set[int] = set()
        self.answers: set[str] = set()

    def write(self, text: str) -> None:
        self.out.write(text + "\n")
        with contextlib.suppress(Exception):
            self.out.flush()

    def mark_seen(self) -> None:
        for msg in self.person.messages(include_deleted=True):
            self.versions[msg.message_id] = len(msg.versions)
            if msg.deleted:
                self.deleted.add(msg.message_id)
        self.answers.update(q.id for q in self.person.callback_answers() if q.answered)

    def render(self) -> None:
        for msg in self.person.messages(include_deleted=True):
            mid = msg.message_id
            if mid not in self.versions:
                self.versions[mid] = len(msg.versions)
                if msg.deleted:
                    self.deleted.add(mid)
                    continue
                self._show(msg, edited=False)
            elif len(msg.versions) > self.versions[mid] and not msg.deleted:
                self.versions[mid] = len(msg.versions)
                self._show(msg, edited=True)
            if msg.deleted and mid not in self.deleted:
                self.deleted.add(mid)
                self.write(f"bot: (deleted message #{mid})")
        for query in self.person.callback_answers():
            if query.answered and query.id not in self.answers:
                self.answers.add(query.id)
                text = (query.answer or {}).get("text")
                if text:
                    kind = "alert" if (query.answer or {}).get("show_alert") else "notice"
                    self.write(f"bot ({kind}): {text}")

    def _show(self, msg: StoredMessage, *, edited: bool) -> None:
        prefix = "bot (edited): " if edited else "bot: "
        lines: list[str] = []
        if msg.file is not None:
            f = msg.file
            name = f.file_name or f.file_path or f.file_id
            size = f"{f.size} bytes" if f.size is not None else (f.url or "")
            lines.append(f"[{msg.kind}: {name} ({size})]")
        if msg.contact is not None:
            lines.append(f"[contact: {msg.contact.get('phone_number')}]")
        body = msg.display_text
        if body:
            lines.extend(body.split("\n"))
        if not lines:
            lines.append(f"[{msg.kind}]")
        self.write(prefix + lines[0])
        pad = " " * len(prefix)
        for line in lines[1:]:
            self.write(pad + line)
        number = 1
        for row in msg.inline_keyboard:
            cells = []
            for button in row:
                label = button.get("text", "")
                if "url" in button:
                    label += f" <{button['url']}>"
                cells.append(f"[/{number}] {label}")
                number += 1
            self.write(pad + "  ".join(cells))
        if msg.keyboard and msg.message_id == self.person.chat.reply_keyboard_message_id:
            cells = []
            for row in msg.keyboard:
                for button in row:
                    label = f"[{button.get('text', '')}]"
                    if button.get("request_contact"):
                        label += " (/contact)"
                    cells.append(label)
            self.write(pad + "keyboard: " + "  ".join(cells))
        if (msg.reply_markup or {}).get("remove_keyboard"):
            self.write(pad + "(keyboard removed)")


def _start_reader(stdin: TextIO, loop: asyncio.AbstractEventLoop) -> asyncio.Queue[str | None]:
    queue: asyncio.Queue[str | None] = asyncio.Queue()

    def put(item: str | None) -> None:
        with contextlib.suppress(RuntimeError):  # loop closed
            loop.call_soon_threadsafe(queue.put_nowait, item)

    def read() -> None:
        try:
            for line in _lines(stdin):
                put(clean_text(line))
        except (OSError, ValueError):
            pass
        put(None)

    threading.Thread(target=read, name="sandbox-terminal-stdin", daemon=True).start()
    return queue


def _lines(stdin: TextIO) -> Iterator[str]:
    """The lines a person types or pastes, whole, however long."""
    if stdin is sys.stdin and stdin.isatty() and sys.stdout.isatty():
        with contextlib.suppress(ImportError):  # not on every platform; input() works without
            import readline  # noqa: F401  (input() uses it once imported)
        while True:
            try:
                yield input()
            except EOFError:
                return
    buffer = getattr(stdin, "buffer", None)
    if buffer is None:  # a text stream (tests, StringIO)
        yield from iter(stdin.readline, "")
        return
    for raw in iter(buffer.readline, b""):
        yield raw.decode("utf-8", "replace")


def clean_text(text: str) -> str:
    """Text without lone surrogates: undecodable bytes a text stream kept as surrogates
    (surrogateescape) or any other lone surrogate become U+FFFD."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")


def _terminal_restorer(stdin: TextIO):
    """A function that puts the terminal's modes back as they are now (a no-op off a tty)."""
    try:
        import termios
    except ImportError:  # not on every platform
        return lambda: None
    try:
        fd = stdin.fileno()
        modes = termios.tcgetattr(fd)
    except (termios.error, OSError, ValueError, AttributeError):  # not a terminal
        return lambda: None

    def restore() -> None:
        with contextlib.suppress(termios.error, OSError):
            termios.tcsetattr(fd, termios.TCSADRAIN, modes)

    return restore


def _newest_inline_buttons(person: Person) -> list[dict[str, Any]]:
    for msg in reversed(person.messages()):
        if msg.inline_keyboard:
            return [button for row in msg.inline_keyboard for button in row]
    return []


def _act(person: Person, line: str, printer: _Printer) -> bool:
    """Perform one input line; False means quit."""
    text = line.strip()
    if not text:
        return True
    if text.startswith("\\"):
        person.send_text(text[1:])
        return True
    command = text.split(maxsplit=1)[0].lower()
    if command in ("/quit", "/exit"):
        return False
    if command in ("/keys", "?"):  # /help belongs to the bot
        printer.write(_HELP)
        return True
    if command == "/contact":
        person.share_contact()
        printer.write("you: [shared contact]")
        return True
    if command == "/sticker":
        person.send_sticker()
        return True
    if command == "/photo":
        person.send_photo()
        return True
    digits = text[1:].translate(_DIGITS)
    if text[:1] in ("/", "#", "＃") and digits.isascii() and digits.isdigit():
        buttons = _newest_inline_buttons(person)
        n = int(digits)
        if not 1 <= n <= len(buttons):
            printer.write(f"(no button [/{n}] here: " + _range(len(buttons)) + ")")
            return True
        button = buttons[n - 1]
        if "callback_data" in button:
            person.press(button["callback_data"])
        elif "url" in button:
            printer.write(f"(opens {button['url']})")
        else:
            printer.write("(this button sends nothing to the bot)")
        return True
    if text.startswith("/"):
        name, _, payload = text.partition(" ")
        person.send_command(name, payload.strip() or None)
        return True
    # typing the label of a request_contact reply-keyboard button shares the contact
    keyboard_msg = person.chat.messages.get(person.chat.reply_keyboard_message_id or -1)
    if keyboard_msg is not None:
        for row in keyboard_msg.keyboard:
            for button in row:
                if button.get("text") == text and button.get("request_contact"):
                    person.share_contact()
                    printer.write("you: [shared contact]")
                    return True
    person.send_text(text)
    return True


def _range(count: int) -> str:
    if count == 0:
        return "no message shows buttons now"
    return "the newest buttons are /1" + (f" to /{count}" if count > 1 else "")


async def _settle(
    sandbox: Sandbox, person: Person, version: int, answered: int, limit_s: float, idle_s: float
) -> None:
    """Wait for the bot's first reaction, then until it has been quiet for a moment."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit_s
    with contextlib.suppress(TimeoutError):
        await person.wait_for(
            lambda p: (
                p.version > version or sum(1 for q in p.callback_answers() if q.answered) > answered
            ),
            limit_s,
        )
        await sandbox.wait_idle(
            idle_s=idle_s, timeout=max(0.0, deadline - loop.time()), token=person.bot.token
        )


async def run_terminal_chat(
    sandbox: Sandbox,
    person: Person,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    *,
    reply_wait_s: float = 0.0,
    linger_s: float = 0.5,
    show_history: bool = False,
    quiet_s: float = 0.15,
) -> None:
    """Chat as ``person`` until ``/quit`` or end of input.

    ``reply_wait_s``: after each input, wait up to this long for the bot to react and then go
    quiet before reading the next line (useful for scripted input). ``linger_s``: at the
    end, how long to wait for last replies. ``show_history``: print earlier messages first.
    ``quiet_s``: how long the bot must make no calls to count as done with a line (scripted input:
    longer, so that a slow answer is not cut off by the next line or the end).
    """
    loop = asyncio.get_running_loop()
    printer = _Printer(person, stdout)
    if show_history:
        printer.render()
    else:
        printer.mark_seen()
    printer.write(f"chatting as {person.first_name} ({person.user_id}) with @{person.bot.username}")
    printer.write(_HELP)
    restore_terminal = _terminal_restorer(stdin)
    lines = _start_reader(stdin, loop)

    async def print_loop() -> None:
        while True:
            printer.render()
            await person.chat.signal.wait(None)

    printing = asyncio.create_task(print_loop())
    try:
        while True:
            line = await lines.get()
            if line is None:
                break
            before = person.version
            answered = sum(1 for q in person.callback_answers() if q.answered)
            try:
                keep_going = _act(person, line, printer)
            except (LookupError, ValueError) as exc:
                printer.write(f"(!) {exc}")
                continue
            if not keep_going:
                break
            if reply_wait_s > 0:
                await _settle(sandbox, person, before, answered, reply_wait_s, quiet_s)
                printer.render()
        if linger_s > 0:
            with contextlib.suppress(TimeoutError):
                await sandbox.wait_idle(idle_s=min(max(0.2, quiet_s), linger_s), timeout=linger_s)
        printer.render()
    finally:
        printing.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await printing
        restore_terminal()  # readline may be mid-line in its thread (Ctrl-C, /quit)
    printer.write("bye")
