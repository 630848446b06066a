"""Small pieces of the console: form fields, redirects, CSRF tokens, the session store."""

from __future__ import annotations

from datetime import timedelta

from bot.services.web_access import csrf_token, csrf_valid, digest, well_formed
from storage.web_sessions import WebSessionsRepo
from tests.services.admin_support import person
from web.forms import flag, int_field, text_field
from web.templating import redirect


def test_int_fields_take_any_digits_and_refuse_the_rest():
    form = {"a": "۱۲", "b": "٣", "c": "12abc", "d": "-4", "e": "9" * 30, "f": "", "g": "0"}
    assert int_field(form, "a") == 12 and int_field(form, "b") == 3
    assert int_field(form, "c") is None and int_field(form, "d") is None
    assert int_field(form, "e") is None and int_field(form, "f") is None
    assert int_field(form, "g") == 0 and int_field(form, "g", lowest=1) is None
    assert int_field(form, "missing") is None
    assert text_field({"x": object()}, "x") is None
    assert flag({"x": "1"}, "x") and flag({"x": "on"}, "x") and not flag({"x": "0"}, "x")


def test_redirects_stay_on_this_site():
    assert redirect("/nominations/3?note=done").headers["Location"] == "/nominations/3?note=done"
    for outside in ("//evil.example/", "https://evil.example/", "/\\evil.example", "evil"):
        assert redirect(outside).headers["Location"] == "/"
    assert redirect("/").status == 303


def test_csrf_tokens_belong_to_their_session():
    one, two = "a" * 43, "b" * 43
    assert csrf_valid(one, csrf_token(one))
    assert not csrf_valid(one, csrf_token(two))
    assert not csrf_valid(one, None) and not csrf_valid(one, "")
    assert csrf_token(one) != one and one not in csrf_token(one)


def test_token_shape_and_hash():
    assert well_formed("A" * 43) and not well_formed("A" * 10) and not well_formed(None)
    assert not well_formed("A" * 42 + "/") and not well_formed("A" * 65)
    assert len(digest("A" * 43)) == 64 and digest("A" * 43) != digest("B" * 43)


async def test_links_are_taken_once_and_expired_rows_purged(db, clock):
    member = await person(db, clock, 7001, "staff")
    now = clock.now()
    async with db.write() as conn:
        repo = WebSessionsRepo(conn)
        await repo.add_link(token_hash="h1", member_id=member.id, now=now,
                            expires_at=now + timedelta(minutes=10))
        await repo.add_session(token_hash="s1", member_id=member.id, now=now,
                               expires_at=now + timedelta(hours=1))
        assert (await repo.use_link("h1", now)) is not None
        assert (await repo.use_link("h1", now)) is None  # once
        assert (await repo.use_link("nope", now)) is None
        assert (await repo.session("s1", now)) is not None
        later = now + timedelta(hours=2)
        assert (await repo.session("s1", later)) is None
        assert await repo.purge(later) == 2
        assert await repo.purge(later) == 0


async def test_a_port_in_use_is_one_sentence(sqlite_db, clock):
    import socket

    import pytest

    from bot.core.config import ConfigError
    from tests.services.admin_support import make_services
    from web.app import WebServer

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        services = make_services(sqlite_db, clock, web_port=port)
        server = WebServer(services)
        with pytest.raises(ConfigError) as refused:
            await server.start()
    text = str(refused.value)
    assert f"127.0.0.1:{port}" in text and "WEB_PORT" in text and "\n" not in text
    assert server.runner is None
