"""`coopbot erase MEMBER_ID...`: erase people's personal data from the office PC, exactly as their
own /deleteme does (bot/services/privacy.py). For a person who asks the office instead of the bot,
and after restoring a backup: the `privacy.erase` entries of the audit log exported before the
restore name the accounts (by number) to erase again. Without `--yes` it only shows who would be
erased.
"""

from __future__ import annotations

import argparse

from bot.core.config import Settings

COMMAND = "erase"


def add_parser(sub, lang: argparse.ArgumentParser) -> None:
    erase = sub.add_parser(
        COMMAND, parents=[lang], help="erase people's personal data (by member number)"
    )
    erase.add_argument(
        "member_ids", type=int, nargs="+", metavar="MEMBER_ID", help="member numbers (as in /audit)"
    )
    erase.add_argument("--yes", action="store_true", help="erase (without it: only show who)")


async def run(args: argparse.Namespace, settings: Settings, locale: str) -> int:
    from bot.cli.admin import _services
    from bot.cli.startup import database_errors, ready_database
    from bot.persian.normalize import to_persian_digits
    from storage.members import MembersRepo

    with database_errors():
        services = _services(settings)
    try:
        await ready_database(services.db)

        def say(key: str, **fields: object) -> None:
            print(services.translator(locale, key, **fields))

        missing = 0
        for member_id in args.member_ids:
            async with services.db.read() as conn:
                member = await MembersRepo(conn).get_by_id(member_id)
            if member is None:
                say("cli-erase-missing", member=member_id)
                missing += 1
                continue
            if member.user_id < 0:  # erased accounts keep their row under -(row id)
                say("cli-erase-already", member=member_id)
                continue
            if not args.yes:
                user = str(member.user_id)
                say("cli-erase-would", member=member_id, platform=member.platform,
                    user=to_persian_digits(user) if locale == "fa" else user)
                continue
            erasure = await services.admin.privacy.erase(member_id, by_office=True)
            say("cli-erase-done", member=member_id,
                registrations=erasure.registrations_cancelled, answers=erasure.answers_deleted)
        if not args.yes:
            say("cli-erase-dry-run")
        return 1 if missing else 0
    finally:
        await services.db.dispose()
