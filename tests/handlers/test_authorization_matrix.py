"""Every staff/admin command and every staff/admin button of the whole bot, used by a plain
member: a polite refusal, and not one row of the database changes.

Nothing here lists features by hand, so new ones are covered by themselves:
- commands: every command registered with a role (handlers/registration.py records each in
  bot_data["registrations"]), every command of the registry that members do not have (Command
  roles), and every CommandHandler whose callback is guarded (handlers/authz.py marks it with
  `required_role`);
- buttons: the callback features registered with a role, those of guarded
  CallbackQueryHandlers, of staff-only main-menu
  entries, and of handler modules that offer staff-only commands and no member command. Their
  callback data is collected the way staff get it: an admin runs every staff command and menu
  entry and presses the buttons two screens deep; then a member replays all of it, plus bare
  `feature:action` forms.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from sqlalchemy import select
from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.chat import callbacks
from bot.chat.menu import Registry
from sandbox.state import CallbackQueryRecord
from storage.schema import metadata
from tests.handlers.harness import Chatter, make_bot

MAX_HARVEST_PRESSES = 120


def handlers_of(app) -> list[Any]:
    return [h for group in sorted(app.handlers) for h in app.handlers[group]]


def feature_of(handler: CallbackQueryHandler) -> str | None:
    pattern = getattr(handler.pattern, "pattern", handler.pattern)
    if not isinstance(pattern, str) or not pattern.startswith("^") or not pattern.endswith(":"):
        return None
    return pattern[1:-1].replace("\\", "")


def staff_surface(app) -> tuple[set[str], set[str]]:
    """(staff commands, staff callback features) of the whole bot."""
    registry: Registry = app.bot_data["registry"]
    staff_commands = {c.name for c in registry.commands if "member" not in c.roles}
    member_commands = {c.name for c in registry.commands if "member" in c.roles}
    features: set[str] = set()
    for entry in app.bot_data["registrations"]:
        if entry.role is not None and entry.kind == "command":
            staff_commands.add(entry.name)
        elif entry.role is not None and entry.kind == "buttons":
            features.add(entry.name)
    module_commands: dict[str, set[str]] = {}
    for handler in handlers_of(app):
        if isinstance(handler, CommandHandler):
            module = handler.callback.__module__
            module_commands.setdefault(module, set()).update(handler.commands)
            if getattr(handler.callback, "required_role", None):
                staff_commands.update(handler.commands - member_commands)
    for entry in registry.menu:
        if "member" not in entry.roles:
            parsed = callbacks.parse(entry.callback)
            if parsed is not None:
                features.add(parsed.feature)
    staff_modules = {
        module for module, names in module_commands.items() if names and names <= staff_commands
    }
    for handler in handlers_of(app):
        if not isinstance(handler, CallbackQueryHandler):
            continue
        feature = feature_of(handler)
        if feature is None:
            continue
        guarded = getattr(handler.callback, "required_role", None)
        if guarded or handler.callback.__module__ in staff_modules:
            features.add(feature)
    return staff_commands, features


async def press_data(
    person: Chatter, data: str, n: int, snapshot: dict | None = None
) -> tuple[CallbackQueryRecord, list]:
    """A callback query with any data, recorded by the sandbox so its answer can be read; on
    the person's last text message, or as the messenger described a message earlier
    (`snapshot`: a press made before an edit landed)."""
    p = person.person
    target = next(m for m in reversed(p.messages()) if m.text is not None)
    if snapshot is not None:
        target = p.message(snapshot["message_id"])
    query_id = f"matrix-{p.user_id}-{n}"
    record = CallbackQueryRecord(
        id=query_id,
        token=p.bot.token,
        chat_id=p.chat.id,
        message_id=target.message_id,
        user_id=p.user_id,
        data=data,
        created=p._state.config.clock(),
    )
    p.bot.callback_queries[query_id] = record
    person.bot.sandbox_clock.advance(5)
    before = {m.message_id: (m.text, m.caption) for m in p.messages()}
    update = {
        "update_id": 500_000 + n,
        "callback_query": {
            "id": query_id,
            "from": p.user_dict(),
            "message": snapshot or target.to_api(),
            "chat_instance": "matrix",
            "data": data,
        },
    }
    await person.bot.app.process_update(Update.de_json(update, person.bot.app.bot))
    changed = [
        m for m in p.messages() if before.get(m.message_id, (None, None)) != (m.text, m.caption)
    ]
    return record, changed


def buttons_of(messages) -> list[str]:
    out = []
    for message in messages:
        markup = message.reply_markup or {}
        for row in markup.get("inline_keyboard", []):
            out.extend(b["callback_data"] for b in row if "callback_data" in b)
    return out


async def dump(bot) -> str:
    """Every row of every table (members without last_seen, which every visit refreshes)."""
    out = {}
    async with bot.services.db.read() as conn:
        for table in metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.c)
            rows = (await conn.execute(select(table).order_by(*order))).all()
            out[table.name] = [
                {
                    k: v
                    for k, v in r._mapping.items()
                    if not (table.name == "members" and k == "last_seen")
                }
                for r in rows
            ]
    return json.dumps(out, default=str, ensure_ascii=False, sort_keys=True)


async def seed(bot, admin: Chatter) -> None:
    """Something to act on: a course with a registrant, an invitation, a frozen month."""
    from tests.handlers.test_admin_flow import load_course, register

    course_id = await load_course(bot, admin)
    await register(bot, 1, course_id)  # the member registers
    admin_member = await bot.services.members.get(2)
    await bot.services.admin.roles.invite(admin_member)


async def staff_buttons(bot, admin: Chatter, commands: set[str], features: set[str]) -> set[str]:
    """The callback data staff get: every staff command and menu entry, then the buttons two
    screens deep (pressed by the admin, who is left out of any dialog afterwards)."""
    registry: Registry = bot.app.bot_data["registry"]
    harvested: list[str] = []
    for name in sorted(commands):
        harvested += buttons_of(await admin.command(f"/{name}"))
    for entry in registry.menu:
        if "member" not in entry.roles:
            harvested.append(entry.callback)
    presses = 0
    frontier = [d for d in dict.fromkeys(harvested) if callbacks.parse(d)]
    seen: set[str] = set()
    for _depth in range(2):
        following: list[str] = []
        for data in frontier:
            parsed = callbacks.parse(data)
            if data in seen or parsed is None or parsed.feature not in features:
                continue
            if presses >= MAX_HARVEST_PRESSES:
                break
            seen.add(data)
            presses += 1
            _record, changed = await press_data(admin, data, presses)
            following += buttons_of(changed)
        frontier = following
    await admin.command("/cancel")  # leave any dialog the admin was taken into
    return seen


async def test_members_are_refused_every_staff_command_and_button(tmp_path, caplog):
    async with make_bot(tmp_path) as bot:
        member = bot.person(1001, "عضو")
        admin = bot.person(9001, "مدیر")
        await member.command("/start")
        await admin.command("/start")
        await seed(bot, admin)
        commands, features = staff_surface(bot.app)
        assert {"admin", "stats", "audit"} <= commands
        assert {"adm", "stf", "cad", "sts", "aud"} <= features

        seen = await staff_buttons(bot, admin, commands, features)
        replays = sorted(
            {d for d in seen}
            | {f"{f}:x" for f in features}
            | {
                callbacks.encode(p.feature, p.action)
                for p in (callbacks.parse(d) for d in seen)
                if p is not None
            }
        )
        assert len(replays) > 30, replays
        print(
            f"\nmatrix: commands {sorted(commands)}, features {sorted(features)}, "
            f"{len(replays)} button data replayed"
        )

        baseline = await dump(bot)
        caplog.clear()
        caplog.set_level(logging.ERROR)
        refusals = set()
        generic = bot.services.translator("fa", "error-generic")
        n = 10_000
        for name in sorted(commands):
            for text in (f"/{name}", f"/{name} 1404/08/01"):
                replies = await member.send(text)
                assert replies, f"{text}: no answer"
                assert all(r.text != generic for r in replies), text
                refusals.add(replies[-1].text)
        for data in replays:
            n += 1
            record, changed = await press_data(member, data, n)
            answered = (record.answer or {}).get("text")
            assert answered or changed, f"{data}: no refusal"
            assert all(m.text != generic for m in changed), data
            if answered:
                refusals.add(answered)
            if callbacks.parse(data).feature in {"adm", "stf", "cad", "sts", "aud"}:
                assert answered in (
                    bot.services.translator("fa", "admin-refused-staff"),
                    bot.services.translator("fa", "admin-refused-admin"),
                ), (data, answered)
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
        assert await dump(bot) == baseline
        assert refusals  # each feature words its refusal itself; none changed anything


async def staff_sara_adding_a_course(bot):
    """Sara, made staff by the admin, in the middle of adding a course: (chatter, her row, the
    admin's row)."""
    admin = bot.person(9001, "مدیر")
    sara = bot.person(1002, "سارا")
    await sara.command("/start")
    await admin.command("/start")
    sara_member = await bot.services.members.get(1)
    admin_member = await bot.services.members.get(2)
    await bot.services.admin.roles.set_role(admin_member, sara_member.id, "staff")
    await sara.command("/admin")
    await sara.press("افزودن دورهٔ تازه")
    return sara, sara_member, admin_member


async def test_a_demoted_staff_member_is_refused_at_the_next_step(tmp_path):
    async with make_bot(tmp_path) as bot:
        sara, sara_member, admin_member = await staff_sara_adding_a_course(bot)
        await sara.send("حسابداری مقدماتی")
        await bot.services.admin.roles.set_role(admin_member, sara_member.id, "member")
        replies = await sara.send("Accounting")
        assert replies[-1].text.startswith("پوزش می‌خواهیم؛ این بخش ویژهٔ کارشناسان")
        assert await bot.services.chat_state.get(sara_member.id) is None
        replies = await sara.command("/admin")
        assert replies[-1].text.startswith("پوزش می‌خواهیم؛ این بخش ویژهٔ کارشناسان")


async def test_a_demotion_by_another_process_counts_at_once_for_staff_actions(tmp_path):
    """Another process (the other messenger's, a deployment with several) demotes Sara: this
    process still holds her in memory as staff, but every guarded command, press and step reads
    her role from the database."""
    from storage.members import MembersRepo

    async with make_bot(tmp_path) as bot:
        sara, sara_member, _ = await staff_sara_adding_a_course(bot)
        async with bot.services.db.write() as conn:  # behind this process's back
            await MembersRepo(conn).set_role(sara_member.id, "member")
        assert bot.services.members.cache.get("telegram", 1002).role == "staff"
        replies = await sara.send("حسابداری مقدماتی")
        assert replies[-1].text.startswith("پوزش می‌خواهیم؛ این بخش ویژهٔ کارشناسان")
        for command in ("/admin", "/nominations", "/broadcast", "/broadcasts"):
            replies = await sara.command(command)
            assert "ویژهٔ کارشناسان" in replies[-1].text, command  # each feature's refusal
