"""The real `coopbot run` process: killed in the middle of the questionnaire, restarted, the
person continues with nothing lost; a broken questionnaire file stops start-up."""

import asyncio
import signal
import sys

import pytest
import yaml

from tests.e2e.botprocess import ROOT, TOKENS, running_bot, sandbox_for

pytestmark = pytest.mark.e2e


async def say(person, action, *args, ending: str, timeout=15.0):
    """Act, then wait until the bot's newest message starts with `ending`; the new messages."""
    before = person.sent_count
    getattr(person, action)(*args)
    await person.wait_for(
        lambda p: p.sent_count > before and (p.last().text or "").startswith(ending), timeout
    )
    return person.messages()[before:]


async def test_killed_mid_questionnaire_the_person_continues(tmp_path):
    db = tmp_path / "bot.sqlite3"
    async with sandbox_for("telegram") as sandbox:
        maryam = sandbox.person(5001, "مریم", "fa", token=TOKENS["telegram"])
        async with running_bot(sandbox, db, ("telegram",)) as bot:
            await say(maryam, "send_command", "/assess", ending="سؤال ۱ از ")
            version = maryam.version
            maryam.press("بله")  # consent, asked first: the question turns into the next one
            await maryam.wait_for(
                lambda p: p.version > version and p.last().text.startswith("سؤال ۲ از "), 15.0
            )
            await say(maryam, "send_text", "مریم احمدی", ending="سؤال ۳ از ")
            await say(maryam, "send_text", "۰۰۷۶۲۲۹۶۴۵", ending="برای فرستادن شمارهٔ همراه")
            assert await bot.kill() == -signal.SIGKILL
        async with running_bot(sandbox, db, ("telegram",)) as bot:
            # the answer she was typing when the bot died is taken as the mobile number
            replies = await say(maryam, "send_text", "09121234567", ending="سؤال ۵ از ")
            assert replies[0].text == "شمارهٔ همراه شما ثبت شد."
            replies = await say(maryam, "send_command", "/assess", ending="تعاونگر گرامی، خوش")
            assert "سؤال ۵ از " in replies[-1].text
            assert "0076229645" not in bot.log() and "09121234567" not in bot.log()


async def test_broken_questionnaire_stops_start_up_naming_the_question(tmp_path):
    source = yaml.safe_load((ROOT / "bot/questionnaire/default.yaml").read_text("utf-8"))
    source["questions"][4]["options"] = source["questions"][4]["options"][:1]
    broken = tmp_path / "questionnaire.yaml"
    broken.write_text(yaml.safe_dump(source, allow_unicode=True), encoding="utf-8")
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=str(tmp_path),
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(ROOT),
            "TELEGRAM_TOKEN": TOKENS["telegram"],
            "QUESTIONNAIRE_FILE": str(broken),
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/bot.sqlite3",
        },
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(proc.communicate(), 30)
    text = err.decode()
    assert proc.returncode == 2, text
    assert text.strip().count("\n") == 0, text
    assert "question 'role' (number 5): a single question needs at least two options" in text
