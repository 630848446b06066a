"""Telegram-style HTML parsing and the copied Bot API spec tables."""

from __future__ import annotations

import pytest

from sandbox import spec
from sandbox.text import EntityParseError, find_bot_commands, parse_html, parse_text, utf16_len


def test_utf16_len_counts_surrogate_pairs() -> None:
    assert utf16_len("سلام") == 4
    assert utf16_len("😀") == 2
    assert utf16_len("a😀ب") == 4


@pytest.mark.parametrize(
    ("source", "text", "entities"),
    [
        ("<b>سلام</b> دنیا", "سلام دنیا", [("bold", 0, 4)]),
        ("<strong>a</strong><em>b</em><ins>c</ins><del>d</del>", "abcd", None),
        ("😀<i>x</i>", "😀x", [("italic", 2, 1)]),
        ("&lt;b&gt; &amp; &quot; &#1587; &#x633; &nbsp;", '<b> & " س س &nbsp;', []),
        ('<a href="https://tvto.ir">سایت</a>', "سایت", [("text_link", 0, 4)]),
        ('<span class="tg-spoiler">x</span><tg-spoiler>y</tg-spoiler>', "xy", None),
        ("<blockquote expandable>q</blockquote>", "q", [("expandable_blockquote", 0, 1)]),
        ("<b>a <i>b</i></b>", "a b", [("bold", 0, 3), ("italic", 2, 1)]),
        ("<b></b>x", "x", []),
        ("  \n<b> hi </b>\n ", "hi", [("bold", 0, 2)]),
        ("a > b", "a > b", []),
    ],
)
def test_parse_html(source: str, text: str, entities: list[tuple[str, int, int]] | None) -> None:
    parsed = parse_text(source, "HTML")
    assert parsed.text == text
    if entities is not None:
        assert [(e["type"], e["offset"], e["length"]) for e in parsed.entities] == entities


def test_pre_with_language() -> None:
    parsed = parse_html('<pre><code class="language-python">x = 1</code></pre>')
    assert parsed.entities == [{"type": "pre", "offset": 0, "length": 5, "language": "python"}]
    assert parse_html("<code>x</code>").entities == [{"type": "code", "offset": 0, "length": 1}]


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("<p>x</p>", 'Unsupported start tag "p" at byte offset 0'),
        ("سلام <br>", 'Unsupported start tag "br" at byte offset 9'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("x <", "Unclosed start tag at byte offset 2"),
        ("<b>x", "Can't find end tag corresponding to start tag b"),
        ("</b>", "Unexpected end tag at byte offset 0"),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("<b>x</b", "Unclosed end tag at byte offset 4"),
        ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<a href>x</a>", 'Expected equal sign in declaration of an attribute of the tag "a"'),
        ("<b x=y!>t</b>", "Unexpected end of name token at byte offset 5"),
        ('<tg-emoji emoji-id="abc">👍</tg-emoji>', "Invalid custom emoji identifier specified"),
    ],
)
def test_parse_html_errors(source: str, error: str) -> None:
    with pytest.raises(EntityParseError) as info:
        parse_html(source)
    assert str(info.value).startswith(error)


def test_plain_modes_keep_text() -> None:
    assert parse_text("<p>x</p>", None).text == "<p>x</p>"
    assert parse_text("<p>x</p>", "HTML", parse=False).text == "<p>x</p>"  # Bale mode


def test_find_bot_commands() -> None:
    assert find_bot_commands("/start ref") == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert find_bot_commands("سلام /help@coop_bot") == [
        {"type": "bot_command", "offset": 5, "length": 14}
    ]
    assert find_bot_commands("a/b https://x.ir/path") == []


def test_spec_tables_match_api_json() -> None:
    api = spec.load_api_json()
    if api is None:
        pytest.skip("api.json not available")
    tables = spec.build_tables(api)
    assert tables["SPEC_VERSION"] == spec.SPEC_VERSION
    assert tables["KNOWN_METHODS"] == spec.KNOWN_METHODS
    assert tables["METHOD_FIELDS"] == spec.METHOD_FIELDS
    assert tables["TYPE_FIELDS"] == spec.TYPE_FIELDS


def test_load_api_json_missing_file_falls_back(tmp_path) -> None:
    assert spec.load_api_json(tmp_path / "missing.json") is None


def test_every_handler_is_a_spec_method() -> None:
    from sandbox.methods import HANDLERS

    assert set(HANDLERS) <= spec.KNOWN_METHODS
    assert set(HANDLERS) == set(spec.IMPLEMENTED_METHODS)
    assert "callback_data" in spec.inline_button_actions()
    assert "text" not in spec.inline_button_actions()


def test_check_object_reports_problems() -> None:
    assert spec.check_object("User", {"id": 1, "is_bot": False}) == [
        "User: missing required field 'first_name'"
    ]
    msg = {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private", "bogus": 1}}
    assert spec.check_object("Message", msg) == ["Message.chat: unknown field 'bogus'"]
