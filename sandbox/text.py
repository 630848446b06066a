"""Text handling the way Telegram's server does it: UTF-16 lengths and the HTML parse mode.

The HTML parser follows the behaviour of TDLib's ``parse_html`` (used by the Bot API server):
the same allowed tags, attribute syntax, the same four named entities plus numeric ones, and the
same error texts (``Unsupported start tag "p" at byte offset 0``...). Offsets in errors are UTF-8
byte offsets into the original text; entity offsets are UTF-16 code units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "HTML_TAGS",
    "EntityParseError",
    "ParsedText",
    "find_bot_commands",
    "parse_html",
    "parse_text",
    "utf16_len",
]

#: Start tags Telegram accepts with parse_mode=HTML.
HTML_TAGS: frozenset[str] = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "tg-emoji",
        "tg-time",
        "code",
        "pre",
        "blockquote",
    }
)

_SIMPLE = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
}

_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPACES = " \t\r\n\v\f"


class EntityParseError(ValueError):
    """The text does not parse; ``str(exc)`` is Telegram's detail after "can't parse entities: "."""


@dataclass
class ParsedText:
    """Text after entity parsing (what the user sees) and its entities (UTF-16 offsets)."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)

    @property
    def length(self) -> int:
        return utf16_len(self.text)


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, Telegram's unit for text limits and entity offsets."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _u16(ch: str) -> int:
    return 2 if ord(ch) > 0xFFFF else 1


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8", "surrogatepass"))


def _is_space(ch: str) -> bool:
    # "" marks the end of the input; TDLib's NUL terminator counts as a space there.
    return ch == "" or ch in _SPACES


def _decode_entity(text: str, pos: int) -> tuple[str, int] | None:
    """Decode an HTML entity at ``text[pos] == '&'``; return (char, next index) or None."""
    n = len(text)
    end = pos + 1
    if end < n and text[end] == "#":
        end += 1
        code = 0
        if end < n and text[end] == "x":
            end += 1
            while end < n and text[end] in "0123456789abcdefABCDEF":
                code = code * 16 + int(text[end], 16)
                end += 1
        else:
            while end < n and text[end].isascii() and text[end].isdigit():
                code = code * 10 + int(text[end])
                end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return None
        char = chr(code)
    else:
        while end < n and text[end].isascii() and text[end].isalpha():
            end += 1
        name = text[pos + 1 : end]
        if name not in _NAMED_ENTITIES:
            return None
        char = _NAMED_ENTITIES[name]
    if end < n and text[end] == ";":
        end += 1
    return char, end


@dataclass
class _Open:
    tag: str
    argument: str
    offset: int  # UTF-16 offset in the result
    result_index: int  # index into the result character list
    attrs: dict[str, str]


def parse_html(source: str) -> ParsedText:
    """Parse Telegram-flavoured HTML. Raises :class:`EntityParseError` like Telegram would."""
    n = len(source)
    out: list[str] = []
    utf16 = 0
    entities: list[dict[str, Any]] = []
    stack: list[_Open] = []

    def ch(k: int) -> str:
        return source[k] if k < n else ""

    i = 0
    while i < n:
        c = source[i]
        if c == "&":
            decoded = _decode_entity(source, i)
            if decoded is not None:
                char, i = decoded
                out.append(char)
                utf16 += _u16(char)
                continue
        if c != "<":
            out.append(c)
            utf16 += _u16(c)
            i += 1
            continue

        begin = i
        i += 1
        if ch(i) != "/":
            # start tag
            while not _is_space(ch(i)) and ch(i) != ">":
                i += 1
            if i >= n:
                raise EntityParseError(
                    f"Unclosed start tag at byte offset {_byte_offset(source, begin)}"
                )
            tag = source[begin + 1 : i].lower()
            if tag not in HTML_TAGS:
                raise EntityParseError(
                    f'Unsupported start tag "{tag}" at byte offset {_byte_offset(source, begin)}'
                )
            attrs: dict[str, str] = {}
            while ch(i) != ">":
                while i < n and _is_space(ch(i)):
                    i += 1
                if ch(i) == ">":
                    break
                attr_begin = i
                while not _is_space(ch(i)) and ch(i) not in ("=", ">"):
                    i += 1
                attr_name = source[attr_begin:i]
                if not attr_name:
                    raise EntityParseError(
                        f'Empty attribute name in the tag "{tag}" at byte offset '
                        f"{_byte_offset(source, begin)}"
                    )
                while i < n and _is_space(ch(i)):
                    i += 1
                if ch(i) != "=":
                    if tag == "blockquote" and attr_name.lower() == "expandable" and i < n:
                        attrs["expandable"] = ""
                        continue
                    raise EntityParseError(
                        "Expected equal sign in declaration of an attribute of the tag "
                        f'"{tag}" at byte offset {_byte_offset(source, begin)}'
                    )
                i += 1
                while i < n and _is_space(ch(i)):
                    i += 1
                if i >= n:
                    raise EntityParseError(
                        f'Unclosed start tag "{tag}" at byte offset {_byte_offset(source, begin)}'
                    )
                if ch(i) not in ("'", '"'):
                    token_begin = i
                    while ch(i) != "" and ((ch(i).isascii() and ch(i).isalnum()) or ch(i) in ".-"):
                        i += 1
                    value = source[token_begin:i].lower()
                    if not _is_space(ch(i)) and ch(i) != ">":
                        raise EntityParseError(
                            "Unexpected end of name token at byte offset "
                            f"{_byte_offset(source, token_begin)}"
                        )
                else:
                    quote = source[i]
                    i += 1
                    chars: list[str] = []
                    while i < n and source[i] != quote:
                        if source[i] == "&":
                            decoded = _decode_entity(source, i)
                            if decoded is not None:
                                chars.append(decoded[0])
                                i = decoded[1]
                                continue
                        chars.append(source[i])
                        i += 1
                    if i < n:
                        i += 1
                    value = "".join(chars)
                if i >= n:
                    raise EntityParseError(
                        f"Unclosed start tag at byte offset {_byte_offset(source, begin)}"
                    )
                attrs[attr_name.lower()] = value
            argument = ""
            if tag == "a":
                argument = attrs.get("href", "")
            elif tag == "code":
                cls = attrs.get("class", "")
                if cls.startswith("language-"):
                    argument = cls[len("language-") :]
            elif tag == "span":
                cls = attrs.get("class", "")
                argument = cls[3:] if cls.startswith("tg-") else ""
                if argument != "spoiler":
                    raise EntityParseError(
                        'Tag "span" must have class "tg-spoiler" at byte offset '
                        f"{_byte_offset(source, begin)}"
                    )
            elif tag == "tg-emoji":
                argument = attrs.get("emoji-id", "")
            elif tag == "tg-time":
                argument = attrs.get("unix", "")
            stack.append(_Open(tag, argument, utf16, len(out), attrs))
            i += 1  # skip '>'
        else:
            # end tag
            if not stack:
                raise EntityParseError(
                    f"Unexpected end tag at byte offset {_byte_offset(source, begin)}"
                )
            while not _is_space(ch(i)) and ch(i) != ">":
                i += 1
            end_tag = source[begin + 2 : i].lower()
            while i < n and _is_space(ch(i)):
                i += 1
            if ch(i) != ">":
                raise EntityParseError(
                    f"Unclosed end tag at byte offset {_byte_offset(source, begin)}"
                )
            top = stack[-1]
            if end_tag and end_tag != top.tag:
                raise EntityParseError(
                    f"Unmatched end tag at byte offset {_byte_offset(source, begin)}, "
                    f'expected "</{top.tag}>", found "</{end_tag}>"'
                )
            i += 1  # skip '>'
            stack.pop()
            if utf16 > top.offset:
                _close_entity(top, utf16 - top.offset, entities, "".join(out[top.result_index :]))
    if stack:
        raise EntityParseError(f"Can't find end tag corresponding to start tag {stack[-1].tag}")
    for e in entities:
        if e["type"] == "code":
            e.pop("language", None)
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return ParsedText("".join(out), entities)


def _close_entity(top: _Open, length: int, entities: list[dict[str, Any]], inner: str) -> None:
    offset = top.offset
    tag = top.tag
    if tag in _SIMPLE:
        entities.append({"type": _SIMPLE[tag], "offset": offset, "length": length})
    elif tag == "span":
        entities.append({"type": "spoiler", "offset": offset, "length": length})
    elif tag == "tg-emoji":
        if not top.argument.isdigit() or int(top.argument) == 0:
            raise EntityParseError("Invalid custom emoji identifier specified")
        entities.append(
            {
                "type": "custom_emoji",
                "offset": offset,
                "length": length,
                "custom_emoji_id": top.argument,
            }
        )
    elif tag == "tg-time":
        if not top.argument.isdigit():
            raise EntityParseError("Invalid Unix time specified")
        entity: dict[str, Any] = {
            "type": "date_time",
            "offset": offset,
            "length": length,
            "unix_time": int(top.argument),
        }
        if top.attrs.get("format"):
            entity["date_time_format"] = top.attrs["format"]
        entities.append(entity)
    elif tag == "a":
        url = top.argument or inner
        if url:
            entities.append({"type": "text_link", "offset": offset, "length": length, "url": url})
    elif tag == "pre":
        last = entities[-1] if entities else None
        if (
            last is not None
            and last["type"] == "code"
            and last["offset"] == offset
            and last["length"] == length
            and last.get("language")
        ):
            last["type"] = "pre"
        else:
            entities.append({"type": "pre", "offset": offset, "length": length})
    elif tag == "code":
        last = entities[-1] if entities else None
        if (
            last is not None
            and last["type"] == "pre"
            and last["offset"] == offset
            and last["length"] == length
            and top.argument
        ):
            last["language"] = top.argument
        else:
            code: dict[str, Any] = {"type": "code", "offset": offset, "length": length}
            if top.argument:
                code["language"] = top.argument
            entities.append(code)
    elif tag == "blockquote":
        kind = "expandable_blockquote" if "expandable" in top.attrs else "blockquote"
        entities.append({"type": kind, "offset": offset, "length": length})


def _trim(parsed: ParsedText) -> ParsedText:
    """Strip leading/trailing whitespace like Telegram, keeping entity offsets right."""
    text = parsed.text
    stripped_left = text.lstrip(_SPACES)
    left = utf16_len(text[: len(text) - len(stripped_left)])
    result = stripped_left.rstrip(_SPACES)
    total = utf16_len(result)
    entities = []
    for e in parsed.entities:
        start = max(e["offset"] - left, 0)
        end = min(e["offset"] + e["length"] - left, total)
        if end > start:
            entities.append({**e, "offset": start, "length": end - start})
    return ParsedText(result, entities)


def parse_text(text: str, parse_mode: str | None, *, parse: bool = True) -> ParsedText:
    """Apply a parse mode (only HTML is interpreted) and trim like Telegram.

    ``parse=False`` keeps the text as sent (Bale mode: plain text expected).
    """
    mode = (parse_mode or "").strip().lower()
    if parse and mode == "html":
        parsed = parse_html(text)
    else:
        parsed = ParsedText(text, [])
    return _trim(parsed)


_COMMAND_RE = re.compile(r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])")


def find_bot_commands(text: str) -> list[dict[str, Any]]:
    """``bot_command`` entities Telegram would attach to a user's text."""
    result = []
    for m in _COMMAND_RE.finditer(text):
        result.append(
            {
                "type": "bot_command",
                "offset": utf16_len(text[: m.start()]),
                "length": utf16_len(m.group()),
            }
        )
    return result
