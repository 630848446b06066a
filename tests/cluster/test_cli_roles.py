"""`coopbot run --role ingress|worker` on SQLite: one sentence in the operator's language, exit
status 2, nothing started."""

from __future__ import annotations

import logging

import pytest

from bot.__main__ import main


@pytest.fixture
def office(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/data/coopbot.sqlite3")
    monkeypatch.setenv("TELEGRAM_TOKEN", "123456:role-test")
    for name in ("BALE_TOKEN", "ADMINS", "DEFAULT_LOCALE", "COURSES_FILE", "ROLE"):
        monkeypatch.delenv(name, raising=False)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield tmp_path
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.mark.parametrize("role", ["ingress", "worker"])
def test_a_cluster_role_on_sqlite_is_one_sentence(office, capsys, role):
    assert main(["run", "--role", role, "--lang", "en"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"coopbot: The {role} role of `coopbot run` needs PostgreSQL")
    assert "\n" not in err and "Traceback" not in err
    assert not (office / "data" / "coopbot.sqlite3").exists()  # nothing was started


def test_the_role_setting_is_read_and_said_in_persian(office, capsys, monkeypatch):
    monkeypatch.setenv("ROLE", "worker")
    assert main(["run", "--lang", "fa"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("coopbot: نقش worker برای `coopbot run` به PostgreSQL نیاز دارد")


def test_an_unknown_role_is_refused_by_the_parser(office, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["run", "--role", "leader"])
    assert exit_.value.code == 2
    assert "invalid choice: 'leader'" in capsys.readouterr().err
