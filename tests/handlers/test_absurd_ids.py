"""Callback data is user input: every button of the bot pressed with an absurd number where a
number goes (30 digits, negative, one past PostgreSQL's integer, one past SQLite's int64).

Each press is answered exactly once, with no traceback and no apology, and no absurd number is
written anywhere: the number is checked where callback data is parsed (bot/chat/callbacks.py), so it
never reaches the database. (An action that takes no number ignores it: the admin's «new
announcement» press still starts a draft.) A member's presses change nothing. Nothing lists
features by hand: the buttons are those the bot showed an admin (every staff screen two deep, as
in the authorization matrix) and a member (every member command), plus `feature:action:N` for
every action seen.
"""

from __future__ import annotations

import json
import logging
import re

import pytest

from bot.chat import callbacks
from tests.conftest import ENGINES, PG_URL, reset_postgres
from tests.handlers.harness import make_bot
from tests.handlers.test_authorization_matrix import (
    dump,
    press_data,
    seed,
    staff_buttons,
    staff_surface,
)

ABSURD = ("9" * 30, "-1", str(2**31), str(2**63), "-" + "9" * 20)
# The figures' period (from-to or "all", as the /stats screens carry it): reversed, the whole
# calendar, a month 13.
PERIOD = re.compile(r"^[0-9]{8}-[0-9]{8}$")
ABSURD_PERIODS = ("99991231-00010101", "00010101-99991231", "20251301-20251399")
MEMBER_COMMANDS = ("/start", "/help", "/language", "/assess", "/roadmap", "/courses")
MEMBER_COMMANDS += ("/mycourses", "/reminders", "/mydata")
# A member's press may open a dialog of their own (its step is written), start their
# assessment or record their language; no row of anything else may change.
MAY_CHANGE = {"chat_states", "members", "assessments"}


def shown_buttons(bot) -> set[str]:
    """Every callback data in every keyboard the bot sent or edited in."""
    found: set[str] = set()
    for call in bot.sandbox.calls(["sendMessage", "editMessageText", "editMessageReplyMarkup"]):
        markup = call.params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        for row in (markup or {}).get("inline_keyboard", []):
            found.update(b["callback_data"] for b in row if "callback_data" in b)
    return found


def absurd_variants(data: set[str]) -> list[str]:
    """Each button with an absurd number in place of each of its numbers (an absurd period in
    place of a period), and every feature:action with one as its first argument."""
    out: set[str] = set()
    for raw in data:
        parsed = callbacks.parse(raw)
        if parsed is None:
            continue
        for value in ABSURD:
            out.add(f"{parsed.feature}:{parsed.action}:{value}")
            for i, arg in enumerate(parsed.args):
                period = parsed.feature == "sts" and (arg == "all" or PERIOD.match(arg))
                absurd = ABSURD_PERIODS if period else (value,) if arg.isdigit() else ()
                for replacement in absurd:
                    args = list(parsed.args)
                    args[i] = replacement
                    out.add(":".join((parsed.feature, parsed.action, *args)))
    return sorted(d for d in out if callbacks.parse(d) is not None)


def unchanged_tables(dumped: str) -> dict:
    return {k: v for k, v in json.loads(dumped).items() if k not in MAY_CHANGE}


@pytest.mark.parametrize("engine", ENGINES)
async def test_every_button_with_an_absurd_id_is_answered_once_and_changes_nothing(
    tmp_path, caplog, engine
):
    settings = {}
    if engine == "postgresql":  # its integer is narrower than SQLite's
        await reset_postgres(PG_URL)
        settings["database_url"] = PG_URL
    async with make_bot(tmp_path, **settings) as bot:
        member = bot.person(1001, "عضو")
        admin = bot.person(9001, "مدیر")
        await member.command("/start")
        await admin.command("/start")
        await seed(bot, admin)
        commands, features = staff_surface(bot.app)
        await staff_buttons(bot, admin, commands, features)
        for command in MEMBER_COMMANDS:
            await member.command(command)
        variants = absurd_variants(shown_buttons(bot))
        pressed_features = {callbacks.parse(d).feature for d in variants}
        assert {"adm", "stf", "cad", "nom", "crs", "rem", "aud"} <= pressed_features, sorted(
            pressed_features
        )
        assert len(variants) > 100, len(variants)
        print(f"\nabsurd ids: {len(variants)} presses over {sorted(pressed_features)}")

        generic = bot.services.translator("fa", "error-generic")
        caplog.clear()
        caplog.set_level(logging.WARNING)
        n = 20_000
        for person in (admin, member):
            before = unchanged_tables(await dump(bot))
            for data in variants:
                n += 1
                record, changed = await press_data(person, data, n)
                answers = [
                    c
                    for c in bot.sandbox.calls("answerCallbackQuery")
                    if c.params.get("callback_query_id") == record.id
                ]
                assert len(answers) == 1 and answers[0].ok, (data, answers)
                assert all(m.text != generic for m in person.messages()[-3:]), data
                assert all(m.text != generic for m in changed), data
            await person.command("/cancel")  # leave any dialog a press opened
            after = await dump(bot)
            assert not [v for v in ABSURD if len(v) > 9 and v in after]  # none was written
            if person is member:  # without rights, a press changes nothing
                assert unchanged_tables(after) == before
        problems = [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert not problems, [(r.name, r.getMessage()) for r in problems[:5]]
