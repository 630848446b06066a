"""What a person sees, checked: every text, caption, button label, callback answer and command
description the bot rendered during a flow test.

- Persian screens (more Persian letters than Latin ones) carry no Latin digits [0-9]: numbers,
  dates, times, phone numbers and IDs are written with Persian digits.
- No screen, in any language, shows a raw Fluent key (``courses-list-title``), Fluent's error
  placeable ``{???}``, an unresolved ``{ $name }`` / ``{$name}``, or a Python repr (``None``).

The harness (tests/handlers/harness.py) runs :func:`problems` over the sandbox when a flow test
ends, so every flow test keeps it so. Deliberate exceptions are listed in :data:`ALLOWED`: text a
person typed that the bot shows back (their words, their digits) is theirs, not a rendering.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sandbox.state import SandboxState

_PERSIAN_LETTER = re.compile("[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]")
_LATIN_LETTER = re.compile("[A-Za-z]")
_LATIN_DIGIT = re.compile("[0-9]")
# A Fluent key left as it is (three or more kebab-case words, all lower case, the form of every
# key in locales/), Fluent's error placeable, an unresolved variable, a Python None/repr.
_RAW = re.compile(
    r"(?<![\w/.@:-])[a-z]+(?:-[a-z0-9]+){2,}(?![\w/.@-])"
    r"|\{\?\?\?\}|\{ ?\$[a-z-]+ ?\}|\bNone\b|<[a-z_.]+ object at"
)

#: Parts of a Persian screen whose Latin digits are deliberate (removed before the check):
#: links (invitation deep links carry a token), bot usernames and /commands (typed as they are).
ALLOWED: tuple[re.Pattern[str], ...] = (
    re.compile(r"https?://\S+"),
    re.compile(r"@\w+"),
    re.compile(r"/[a-z_]+(?:@\w+)?"),
    re.compile(r"\binv_[\w-]+"),
    # a Latin word, with its digits: an identifier such as a course's ref in a file (acc-1)
    re.compile(r"(?<![\w-])[A-Za-z][A-Za-z0-9_-]*"),
)


@dataclass(frozen=True)
class Problem:
    where: str
    text: str
    why: str

    def __str__(self) -> str:
        return f"{self.where}: {self.why}: {self.text!r}"


def is_persian(text: str) -> bool:
    return len(_PERSIAN_LETTER.findall(text)) > len(_LATIN_LETTER.findall(text))


def _has_letter(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def check(text: str, where: str, typed: Iterable[str] = ()) -> list[Problem]:
    """The problems of one rendered text; ``typed`` are texts people typed (shown back as is)."""
    found: list[Problem] = []
    stripped = text
    # Only typed words are theirs: a number typed in Latin digits is parsed, and the bot
    # writes it back in Persian.
    for own in sorted({t for t in typed if _has_letter(t)}, key=len, reverse=True):
        stripped = re.sub(rf"(?<!\w){re.escape(own)}(?!\w)", " ", stripped)
    raw = _RAW.search(stripped)
    if raw:
        found.append(Problem(where, text, f"raw key or placeable {raw.group(0)!r}"))
    # A line with more Persian letters than Latin ones is a Persian line; a screen is checked
    # line by line, so an English screen that quotes a Persian name is still English.
    for line in stripped.splitlines() or [stripped]:
        if not is_persian(line):
            continue
        for pattern in ALLOWED:
            line = pattern.sub(" ", line)
        if _LATIN_DIGIT.search(line):
            found.append(Problem(where, text, f"Latin digits in Persian {line.strip()!r}"))
            break
    return found


def _rendered(state: SandboxState) -> Iterator[tuple[str, str]]:
    for bot in state.bots.values():
        for chat in bot.chats.values():
            for message in chat.messages.values():
                if not message.from_bot:
                    continue
                where = f"chat {chat.id} message {message.message_id}"
                versions = [(v.text, v.caption, v.reply_markup) for v in message.versions]
                versions.append((message.text, message.caption, message.reply_markup))
                for text, caption, markup in versions:
                    for part in (text, caption):
                        if part:
                            yield where, part
                    for row in _rows(markup):
                        for button in row:
                            label = button.get("text") if isinstance(button, dict) else button
                            if label:
                                yield f"{where} button", str(label)
        for query in bot.callback_queries.values():
            answer = (query.answer or {}).get("text")
            if answer:
                yield f"chat {query.chat_id} callback answer", answer
        for (scope, lang), commands in bot.commands.items():
            for command in commands:
                yield f"commands {scope}/{lang}", command.get("description", "")


def _rows(markup: dict | None) -> list[list]:
    markup = markup or {}
    return markup.get("inline_keyboard") or markup.get("keyboard") or []


def _typed(state: SandboxState) -> list[str]:
    """Everything people sent (text, captions, contacts' numbers) and their names."""
    typed: list[str] = []
    for bot in state.bots.values():
        for chat in bot.chats.values():
            typed.extend(n for n in (chat.first_name, chat.last_name, chat.username) if n)
            for message in chat.messages.values():
                if message.from_bot:
                    continue
                typed.extend(t for t in (message.text, message.caption) if t)
                for line in (message.text or "").splitlines():
                    typed.append(line.strip())
                if message.contact:
                    typed.append(str(message.contact.get("phone_number", "")))
    return typed


def problems(state: SandboxState, extra_typed: Iterable[str] = ()) -> list[Problem]:
    typed = [*_typed(state), *extra_typed]
    found: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for where, text in _rendered(state):
        key = (where.split(" message")[0], text)
        if key in seen:
            continue
        seen.add(key)
        found.extend(check(text, where, typed))
    return found
