"""`coopbot` as an operator meets it: each broken setting, database, file or server is one sentence
naming it, exit status 2, no traceback, in the language of --lang (else DEFAULT_LOCALE).
Run as `main([...])` in this process; the token cases against the sandbox or a closed port."""

from __future__ import annotations

import argparse
import asyncio
import logging
import socket
import sqlite3

import pytest
from sqlalchemy.engine import make_url

from bot.__main__ import main, parser
from sandbox import Sandbox
from tests.conftest import PG_URL


@pytest.fixture
def office(tmp_path, monkeypatch):
    """A working folder with its own SQLite database, no tokens; the root logger restored."""
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "data" / "coopbot.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{db}")
    for name in ("TELEGRAM_TOKEN", "BALE_TOKEN", "ADMINS", "DEFAULT_LOCALE", "COURSES_FILE"):
        monkeypatch.delenv(name, raising=False)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield tmp_path
    root.handlers[:] = handlers
    root.setLevel(level)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def one_sentence(capsys, argv: list[str]) -> str:
    """Run the command: status 2, one sentence on stderr (after `run`'s log lines), no stdout."""
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "alembic" not in err.lower(), err
    said = [line for line in err.strip().splitlines() if line.startswith("coopbot: ")]
    assert len(said) == 1 and err.strip().endswith(said[0]), err
    assert out == ""
    return said[0].removeprefix("coopbot: ")


@pytest.mark.parametrize(
    ("url", "english", "persian"),
    [
        ("garbage", "DATABASE_URL is not a database URL", "نشانی پایگاه داده نیست"),
        ("mysql://u@127.0.0.1/coop", "DATABASE_URL names “mysql”", "پشتیبانی نمی‌شود"),
        ("sqlite:///x.sqlite3", "names “sqlite”, which coopbot does not support", "sqlite"),
        ("sqlite+aiosqlite:////proc/coopbot/db.sqlite3", "folder of the SQLite", "پوشهٔ"),
    ],
)
def test_database_url_that_cannot_be_used(office, monkeypatch, capsys, url, english, persian):
    monkeypatch.setenv("DATABASE_URL", url)
    assert english in one_sentence(capsys, ["migrate", "--lang", "en"])
    text = one_sentence(capsys, ["migrate"])  # DEFAULT_LOCALE: Persian
    assert persian in text and "DATABASE_URL" in text


def test_read_only_sqlite_is_refused_at_start_up(office, monkeypatch, capsys):
    db = office / "ro.sqlite3"
    sqlite3.connect(db).close()
    # a file the process may only read (root ignores file modes: SQLite's read-only mode)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///file:{db}?mode=ro&uri=true")
    text = one_sentence(capsys, ["export", "courses", "--lang", "en"])
    assert text.startswith(f"The SQLite database file:{db} (DATABASE_URL) cannot be written")
    monkeypatch.setenv("TELEGRAM_TOKEN", "123:abc")
    assert "cannot be written" in one_sentence(capsys, ["run", "--lang", "en"])
    assert not list(office.glob("*.xlsx"))


def test_postgresql_port_closed(office, monkeypatch, capsys):
    url = f"postgresql+asyncpg://coop:secret@127.0.0.1:{closed_port()}/coop"
    monkeypatch.setenv("DATABASE_URL", url)
    text = one_sentence(capsys, ["migrate", "--lang", "en"])
    assert text.startswith("No database server answers at DATABASE_URL")
    assert "secret" not in text and "coop:***@127.0.0.1" in text


@pytest.mark.postgres
def test_postgresql_database_missing(office, monkeypatch, capsys):
    url = make_url(PG_URL).set(database="coopbot_no_such_database")
    monkeypatch.setenv("DATABASE_URL", url.render_as_string(hide_password=False))
    text = one_sentence(capsys, ["migrate", "--lang", "en"])
    assert text.startswith("The PostgreSQL database in DATABASE_URL")
    assert "coopbot_no_such_database" in text and "does not exist" in text
    assert "وجود ندارد" in one_sentence(capsys, ["migrate", "--lang", "fa"])


@pytest.mark.parametrize("token", ["abc", "123 456:abc", "123:ab/c", ":abc"])
def test_malformed_token_is_named_not_repeated(office, monkeypatch, capsys, token):
    monkeypatch.setenv("BALE_TOKEN", token)
    text = one_sentence(capsys, ["run", "--lang", "en"])
    assert text.startswith("BALE_TOKEN is not a bot token")
    assert token not in text.removeprefix("BALE_TOKEN")
    assert one_sentence(capsys, ["run"]).startswith("مقدار BALE_TOKEN توکن بات نیست")


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_no_network_or_closed_port_names_the_api_url(office, monkeypatch, capsys, lang):
    url = f"http://127.0.0.1:{closed_port()}/bot"
    monkeypatch.setenv("TELEGRAM_TOKEN", "123456:secret-token")
    monkeypatch.setenv("TELEGRAM_API_URL", url)
    text = one_sentence(capsys, ["run", "--lang", lang])
    assert url in text and "TELEGRAM_API_URL" in text and "secret-token" not in text
    assert ("cannot be reached" if lang == "en" else "در دسترس نیست") in text


async def test_token_the_server_rejects(office, monkeypatch, capsys):
    async with Sandbox() as sandbox:
        sandbox.add_bot("111111:known", platform="bale", username="coop_bale_bot")
        monkeypatch.setenv("BALE_TOKEN", "222222:revoked-token")
        monkeypatch.setenv("BALE_API_URL", sandbox.base_url)
        status = await asyncio.to_thread(main, ["run", "--lang", "en"])
        err = capsys.readouterr().err
        assert status == 2, err
        assert err.strip().splitlines()[-1] == (
            "coopbot: The Bale server rejected the token in BALE_TOKEN: "
            "copy it again from BotFather."
        )
        assert "revoked-token" not in err
        monkeypatch.setenv("DEFAULT_LOCALE", "fa")
        assert await asyncio.to_thread(main, ["run"]) == 2
        assert "سرور بله توکن BALE_TOKEN را نپذیرفت" in capsys.readouterr().err


def test_backup_to_a_place_that_cannot_be_written(office, capsys):
    assert main(["migrate"]) == 0
    capsys.readouterr()
    target = "/proc/coopbot/copy.sqlite3"
    text = one_sentence(capsys, ["backup", "--to", target, "--lang", "en"])
    assert text.startswith(f"The backup cannot be written to {target} (--to)")
    assert "نوشته نمی‌شود" in one_sentence(capsys, ["backup", "--to", target])


@pytest.mark.parametrize("month", ["1404/13", "1404/0", "۱۴۰۴/۱۳", "hello", "04/08"])
def test_export_month_that_is_not_a_month(office, capsys, month):
    text = one_sentence(capsys, ["export", "month", month, "--lang", "en"])
    assert text == f"“{month}” is not a month: write the Jalali year and month, like 1404/08."
    assert one_sentence(capsys, ["export", "month", month]).startswith(f"«{month}» ماه نیست")


def test_commands_print_no_alembic_lines_and_speak_the_chosen_language(office, capsys):
    assert main(["migrate", "--lang", "en"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Migrated the database from empty to ") and err == ""
    assert main(["migrate", "--lang", "fa"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("پایگاه داده به‌روز است") and err == ""
    assert main(["export", "month", "--lang", "fa"]) == 1
    assert capsys.readouterr().out.strip() == "هیچ فهرست ماهانه‌ای پیدا نشد."
    assert main(["export", "month", "1404/08"]) == 1
    assert capsys.readouterr().out.strip() == "فهرست ماهانه‌ای برای ۱۴۰۴/۰۸ پیدا نشد."
    assert main(["export", "month", "۱۴۰۴/۰۸", "--lang", "en"]) == 1
    assert capsys.readouterr().out.strip() == "No monthly list was found for 1404/08."
    assert main(["backup", "--lang", "fa"]) == 0
    assert capsys.readouterr().out.startswith("نسخهٔ پشتیبان در ")


def test_help_lists_every_command_and_explains_every_option(capsys):
    top = parser()
    with pytest.raises(SystemExit):
        top.parse_args(["--help"])
    text = capsys.readouterr().out
    (sub,) = [a for a in top._actions if isinstance(a, argparse._SubParsersAction)]
    helps = {c.dest: c.help for c in sub._choices_actions}
    assert (
        set(helps)
        == set(sub.choices)
        == {"run", "demo", "migrate", "backup", "import-courses", "export", "erase"}
    )
    for name, command in sub.choices.items():
        assert helps[name] and name in text
        for action in command._actions:
            assert action.help, f"coopbot {name} {action.dest} has no help"
        assert "--lang" in command.format_help()
