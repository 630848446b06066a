"""`coopbot erase MEMBER_ID...`: erase people's personal data from the office PC, exactly as their
own /deleteme does (bot/services/privacy.py). For a person who asks the office instead of the bot,
and after restoring a backup: the `privacy.erase` entries of the audit log exported before the
restore name the accounts (by number) to erase again. Without `--yes` it only shows who would be
erased.
"""

from __future__ import annotations

import argparse

from bot.config import Settings

COMMAND = "erase"


def add_parser(sub) -> None:
    erase = sub.add_parser(COMMAND, help="erase people's personal data (by member number)")
    erase.add_argument("member_ids", type=int, nargs="+", metavar="MEMBER_ID")
    erase.add_argument("--yes", action="store_true", help="erase (without it: only show who)")


async def run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli_admin import _services
    from storage.members import MembersRepo
    from storage.migrate import upgrade

    services = _services(settings)
    try:
        await upgrade(services.db)
        missing = 0
        for member_id in args.member_ids:
            async with services.db.read() as conn:
                member = await MembersRepo(conn).get_by_id(member_id)
            if member is None:
                print(f"#{member_id}: no such member.")
                missing += 1
                continue
            if member.user_id < 0:  # erased accounts keep their row under -(row id)
                print(f"#{member_id}: already erased.")
                continue
            if not args.yes:
                print(f"#{member_id}: {member.platform} user {member.user_id} would be erased.")
                continue
            erasure = await services.admin.privacy.erase(member_id, by_office=True)
            print(
                f"#{member_id}: erased ({erasure.registrations_cancelled} registrations "
                f"cancelled, {erasure.answers_deleted} answers deleted)."
            )
        if not args.yes:
            print("Nothing was erased: run again with --yes to erase.")
        return 1 if missing else 0
    finally:
        await services.db.dispose()
