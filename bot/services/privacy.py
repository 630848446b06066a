"""Members' privacy: what the bot stores about me (a file), and erasing my personal data.

Erasing (after the person confirms) keeps what the statistics count, without the person:
1. their active course registrations are cancelled the normal way (each seat goes to the next on
   the waitlist, staff see it in the audit when a list already named them);
2. in one transaction: answers that are free text, IDs, phone numbers or dates are deleted
   (choices stay, anonymous), their names and numbers are blanked inside notices sent to others
   and inside staff's reasons in the audit log,
   their pending notices are cancelled, the profile and dialog state deleted, the member row
   anonymised (storage/privacy.py), and an audit entry written (counts only, nothing personal);
3. SQLite: the write-ahead log is checkpointed and truncated (Database.wipe_log), and with
   `secure_delete` on, the erased values are zeroed in the database file as well: no copy stays
   on disk.

The same person on the other messenger (or on a second account): accounts are tied together by
the national ID given in the assessment. Each of those accounts gets a message right away with a
button that asks to erase it too; it is erased when its owner confirms there. An account is never
erased from another one: a national ID is no secret, and anyone could type someone else's to have
their data and course seats erased. The confirmation names the messengers that got the message.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from bot.chat import callbacks
from bot.chat.features import Feature
from bot.core.clock import Clock
from bot.persian.jalali import format_date_numeric
from bot.services.ledger import Notice, button, label, message
from bot.services.members import forget_member
from storage.audit import AuditRepo
from storage.cooperatives import CooperativesRepo
from storage.courses import CoursesRepo
from storage.engine import Database
from storage.ledger import LedgerRepo
from storage.members import MembersRepo
from storage.privacy import PrivacyRepo, jsonable
from storage.registrations import ACTIVE, RegistrationsRepo

# Answer types that hold what identifies a person or what they wrote in their own words.
PERSONAL_TYPES = frozenset({"text", "national_id", "mobile", "date"})
LINKED_CAUSE = "privacy.linked"  # the message to the person's other accounts after an erasure


class QuestionnaireLike(Protocol):
    def question(self, question_id: str) -> Any | None: ...


class Canceller(Protocol):
    """RegistrationService.cancel (bot/services/registration.py)."""

    async def cancel(self, member_id: int, course_id: int) -> Any: ...


@dataclass(frozen=True)
class MyData:
    """Everything stored about one person: rows by table name (values as stored), and the
    names of the courses and cooperatives those rows point to, for a readable document."""

    member_id: int
    exported_at: datetime
    tables: dict[str, list[dict[str, Any]]]
    course_titles: dict[int, tuple[str, str]]  # id -> (Persian, English)
    cooperative_names: dict[int, str]

    def json_file(self) -> tuple[str, bytes]:
        """(file name, UTF-8 JSON): the machine-readable file, every row, English keys, UTC."""
        document = {
            "about": "coopbot: everything stored about you",
            "exported_at": self.exported_at.isoformat(),
            "member_id": self.member_id,
            "tables": jsonable(self.tables),
        }
        body = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False)
        return f"{self.file_stem()}.json", body.encode("utf-8")

    def file_stem(self) -> str:
        return "coopbot-mydata-" + format_date_numeric(self.exported_at, "en").replace("/", "-")


@dataclass(frozen=True)
class Erasure:
    registrations_cancelled: int
    answers_deleted: int
    notices_cancelled: int
    notices_blanked: int
    # messengers of the person's other accounts (same national ID) asked to erase there too
    other_accounts: tuple[str, ...] = ()


def personal_answer(questionnaire: QuestionnaireLike | None, key: str) -> bool:
    """Is the answer stored under `key` (`question` or `question.item`) personal or free text?
    Unknown questions (an older questionnaire) count as personal: erase rather than guess."""
    if questionnaire is None:
        return True
    question = questionnaire.question(key.split(".", 1)[0])
    return question is None or getattr(question, "type", None) in PERSONAL_TYPES


class PrivacyService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        questionnaire: QuestionnaireLike | None = None,
        registration: Canceller | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.questionnaire = questionnaire
        self.registration = registration

    async def collect(self, member_id: int) -> MyData:
        """Everything stored about the person, in one read transaction."""
        async with self.db.read() as conn:
            tables = await PrivacyRepo(conn).dump(member_id, json_ready=False)
            titles: dict[int, tuple[str, str]] = {}
            for course_id in sorted(_ids(tables, "course_id")):
                course = await CoursesRepo(conn).get(course_id)
                if course is not None:
                    titles[course_id] = (course.title_fa, course.title_en)
            names: dict[int, str] = {}
            for coop_id in sorted(_ids(tables, "cooperative_id")):
                coop = await CooperativesRepo(conn).get(coop_id)
                if coop is not None:
                    names[coop_id] = coop.name
        return MyData(member_id, self.clock.now(), tables, titles, names)

    async def export(self, member_id: int) -> tuple[str, bytes]:
        """(file name, UTF-8 JSON) of everything stored about the person."""
        return (await self.collect(member_id)).json_file()

    async def erase(self, member_id: int, *, by_office: bool = False) -> Erasure:
        """Erase the person's personal data (they asked, or the office on their behalf: the
        audit entry's actor is then the office PC, None)."""
        cancelled = 0
        if self.registration is not None:
            async with self.db.read() as conn:
                active = await RegistrationsRepo(conn).of_member(member_id, ACTIVE)
            for registration in active:
                outcome = await self.registration.cancel(member_id, registration.course_id)
                cancelled += getattr(outcome, "result", None) == "cancelled"
        now = self.clock.now()
        async with self.db.write() as conn:
            repo = PrivacyRepo(conn)
            texts = await repo.personal_texts(member_id)
            keys = [
                (assessment_id, key)
                for assessment_id, key in await repo.answer_keys(member_id)
                if personal_answer(self.questionnaire, key)
            ]
            answers = await repo.delete_answers(keys)
            others = await repo.same_national_id(member_id)
            me = await MembersRepo(conn).get_by_id(member_id)
            if me is not None:  # others come from its profile, which needs its members row
                for other_id, _platform in others:
                    await linked_notice(other_id, member_id, me.platform, now).enqueue(conn, now)
            pending = await LedgerRepo(conn).cancel(member_id=member_id, now=now, reason="erased")
            blanked = await repo.scrub_notices(texts)
            blanked_audit = await repo.scrub_audit(texts)
            await repo.erase_member(member_id, now)
            erasure = Erasure(
                cancelled,
                answers,
                pending,
                blanked,
                tuple(sorted({platform for _id, platform in others})),
            )
            await AuditRepo(conn).add(
                at=now,
                actor_id=None if by_office else member_id,
                action="privacy.erase",
                subject="member",
                subject_id=member_id,
                after={
                    "registrations_cancelled": cancelled,
                    "answers_deleted": answers,
                    "notices_cancelled": pending,
                    "notices_blanked": blanked,
                    "audit_entries_blanked": blanked_audit,
                    "other_accounts_asked": len(others),
                },
            )
        forget_member(self.db, member_id)
        await self.db.wipe_log()
        return erasure


def _ids(tables: dict[str, list[dict[str, Any]]], column: str) -> set[int]:
    return {row[column] for rows in tables.values() for row in rows if row.get(column)}


def linked_notice(member_id: int, erased_id: int, platform: str, now: datetime) -> Notice:
    """To another account of the person who erased `erased_id`: erase here too? (a button that
    opens the usual /deleteme question, answered by this account's owner)."""
    return Notice(
        member_id=member_id,
        cause=LINKED_CAUSE,
        occurrence=str(erased_id),
        due_at=now,
        urgent=True,  # the answer to what the person just did, not an unprompted message
        payload=message(
            "privacy-linked-notice",
            platform=label(f"broadcast-platform-{platform}"),
            buttons=[[button("privacy-linked-button", callbacks.encode(Feature.PRIVACY, "del"))]],
        ),
    )
