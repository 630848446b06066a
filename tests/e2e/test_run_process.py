"""The real `coopbot run` process against the sandbox over HTTP: Telegram, Bale, both at once."""

import signal

import pytest

from tests.e2e.botprocess import TOKENS, running_bot, sandbox_for

pytestmark = pytest.mark.e2e


async def converse(person, action, *args, timeout=15.0):
    before = person.sent_count
    getattr(person, action)(*args)
    return await person.wait_for_reply(before, timeout=timeout)


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_start_help_and_language_over_http(tmp_path, platform):
    async with (
        sandbox_for(platform) as sandbox,
        running_bot(sandbox, tmp_path / "bot.sqlite3", (platform,)) as bot,
    ):
        person = sandbox.person(
            2001, "مریم", "fa" if platform == "telegram" else None, token=TOKENS[platform]
        )
        welcome = await converse(person, "send_command", "/start")
        assert welcome.text.startswith("\u200fمریم گرامی، به بات")
        await person.wait_for(lambda p: any("راهنما" in row for row in p.buttons()), timeout=10)
        version = person.version
        person.press("راهنما")
        await person.wait_for(lambda p: p.version > version and "راهنمای" in p.last().text, 15)
        # the press is answered beside the edit (bot/messenger/updates.py): either may arrive first
        answers = await person.wait_for(
            lambda p: (a := p.callback_answers()) and all(x.answered for x in a) and a, 15
        )
        assert len(answers) == 1
        reply = await converse(person, "send_text", "x" * 5000)
        assert reply.text.startswith("پیام شما را دریافت کردم")
        reply = await converse(person, "send_sticker")
        assert reply.text.startswith("این نوع پیام")
        commands = sandbox.commands(token=TOKENS[platform], language_code="fa")
        assert {"start", "help", "language", "cancel"} <= {c["command"] for c in commands}
        if platform == "bale":
            sent = sandbox.calls("sendMessage", token=TOKENS[platform])
            assert sent and all(c.params.get("parse_mode") is None for c in sent)
        assert "Traceback" not in bot.log()


async def test_both_messengers_from_one_process_and_one_database(tmp_path):
    async with (
        sandbox_for("telegram", "bale") as sandbox,
        running_bot(sandbox, tmp_path / "bot.sqlite3", ("telegram", "bale")),
    ):
        on_telegram = sandbox.person(7, "Tel", "en", token=TOKENS["telegram"])
        on_bale = sandbox.person(7, "بله", None, token=TOKENS["bale"])
        tg = await converse(on_telegram, "send_command", "/start")
        bl = await converse(on_bale, "send_command", "/start")
        assert tg.text.startswith("Welcome, Tel")
        assert bl.text.startswith("\u200fبله گرامی، به بات")


async def test_restart_keeps_the_chosen_language(tmp_path):
    db = tmp_path / "bot.sqlite3"
    async with sandbox_for("telegram") as sandbox:
        person = sandbox.person(3001, "Sara", "fa", token=TOKENS["telegram"])
        async with running_bot(sandbox, db, ("telegram",)):
            await converse(person, "send_command", "/language")
            version = person.version
            person.press("English")
            await person.wait_for(lambda p: p.version > version, timeout=15)
            assert person.last().text.startswith("The bot now speaks English.")
        async with running_bot(sandbox, db, ("telegram",)) as bot:
            reply = await converse(person, "send_command", "/help")
            assert reply.text.startswith("Cooperative training bot: help")
            assert await bot.stop() == 0


async def test_sigkill_mid_conversation_loses_no_update(tmp_path):
    """Updates sent while the bot is dead are fetched and answered after the restart."""
    db = tmp_path / "bot.sqlite3"
    async with sandbox_for("telegram") as sandbox:
        person = sandbox.person(4001, "Ali", "fa", token=TOKENS["telegram"])
        async with running_bot(sandbox, db, ("telegram",)) as bot:
            await converse(person, "send_command", "/start")
            assert await bot.kill() == -signal.SIGKILL
        before = person.sent_count
        person.send_command("/help")
        async with running_bot(sandbox, db, ("telegram",)):
            reply = await person.wait_for_reply(before, timeout=15)
            assert reply.text.startswith("راهنمای بات")


async def test_bad_setting_is_one_clear_sentence(tmp_path):
    import asyncio
    import sys

    from tests.e2e.botprocess import ROOT

    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=str(ROOT),
        env={"ADMINS": "nobody", "PATH": "/usr/bin:/bin"},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 2
    text = err.decode()
    assert text.strip().count("\n") == 0, text
    assert "ADMINS" in text and "Traceback" not in text


async def test_no_token_points_to_the_demo(tmp_path):
    import asyncio
    import sys

    from tests.e2e.botprocess import ROOT

    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=str(tmp_path),
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 2
    assert "coopbot demo" in err.decode()


async def test_broken_course_catalogue_stops_start_up_with_one_sentence(tmp_path):
    import asyncio
    import sys

    from tests.e2e.botprocess import ROOT

    bad = tmp_path / "courses.yaml"
    bad.write_text("courses:\n  - ref: x\n    title_fa: دوره\n", encoding="utf-8")
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=str(ROOT),
        env={
            "PATH": "/usr/bin:/bin",
            "TELEGRAM_TOKEN": "1:x",
            "TELEGRAM_API_URL": "http://127.0.0.1:9/bot",
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/db.sqlite3",
            "COURSES_FILE": str(bad),
        },
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(proc.communicate(), 30)
    text = err.decode().strip().splitlines()
    assert proc.returncode == 2
    # in DEFAULT_LOCALE (Persian unless set), naming the setting
    assert text[-1].startswith("coopbot: فهرست دوره‌ها"), text
    assert "(COURSES_FILE)" in text[-1]
    assert "Traceback" not in err.decode()


async def test_demo_catalogue_is_loaded_at_start_up(tmp_path):
    from bot.__main__ import SAMPLE_COURSES

    async with (
        sandbox_for("telegram") as sandbox,
        running_bot(
            sandbox, tmp_path / "bot.sqlite3", ("telegram",), COURSES_FILE=str(SAMPLE_COURSES)
        ) as bot,
    ):
        person = sandbox.person(5001, "Ali", "fa", token=TOKENS["telegram"])
        await converse(person, "send_command", "/courses")
        assert "course catalogue sample_courses.yaml: 12 added, 0 updated" in bot.log()
