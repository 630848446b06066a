"""Members' privacy: what the bot stores about me (a file), and erasing my personal data.

Erasing (after the person confirms) keeps what the statistics count, without the person:
1. their active course registrations are cancelled the normal way (each seat goes to the next on
   the waitlist, staff see it in the audit when a list already named them);
2. in one transaction: answers that are free text, IDs, phone numbers or dates are deleted
   (choices stay, anonymous), their names and numbers are blanked inside notices sent to others,
   their pending notices are cancelled, the profile and dialog state deleted, the member row
   anonymised (storage/privacy.py), and an audit entry written (counts only, nothing personal).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol

from bot.clock import Clock
from bot.persian.jalali import format_date_numeric
from bot.services.members import forget_member
from storage.audit import AuditRepo
from storage.engine import Database
from storage.ledger import LedgerRepo
from storage.privacy import PrivacyRepo
from storage.registrations import ACTIVE, RegistrationsRepo

# Answer types that hold what identifies a person or what they wrote in their own words.
PERSONAL_TYPES = frozenset({"text", "national_id", "mobile", "date"})


class QuestionnaireLike(Protocol):
    def question(self, question_id: str) -> Any | None: ...


class Canceller(Protocol):
    """RegistrationService.cancel (bot/services/registration.py)."""

    async def cancel(self, member_id: int, course_id: int) -> Any: ...


@dataclass(frozen=True)
class Erasure:
    registrations_cancelled: int
    answers_deleted: int
    notices_cancelled: int
    notices_blanked: int


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

    async def export(self, member_id: int) -> tuple[str, bytes]:
        """(file name, UTF-8 JSON) of everything stored about the person."""
        async with self.db.read() as conn:
            tables = await PrivacyRepo(conn).dump(member_id)
        now = self.clock.now()
        document = {
            "about": "coopbot: everything stored about you",
            "exported_at": now.isoformat(),
            "member_id": member_id,
            "tables": tables,
        }
        body = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False)
        stamp = format_date_numeric(now, "en").replace("/", "-")
        return f"coopbot-mydata-{stamp}.json", body.encode("utf-8")

    async def erase(self, member_id: int) -> Erasure:
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
            pending = await LedgerRepo(conn).cancel(member_id=member_id, now=now, reason="erased")
            blanked = await repo.scrub_notices(texts)
            await repo.erase_member(member_id, now)
            erasure = Erasure(cancelled, answers, pending, blanked)
            await AuditRepo(conn).add(
                at=now,
                actor_id=member_id,
                action="privacy.erase",
                subject="member",
                subject_id=member_id,
                after={
                    "registrations_cancelled": cancelled,
                    "answers_deleted": answers,
                    "notices_cancelled": pending,
                    "notices_blanked": blanked,
                },
            )
        forget_member(self.db, member_id)
        return erasure
