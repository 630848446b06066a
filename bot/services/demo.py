"""`coopbot demo --staff`: an office to try the staff tools in, and the month closed on demand.

`seed_office` gives the demo database a few members of two cooperatives who answered the needs
assessment and asked for courses of the demo season, through the same services the chat uses
(a visit, answers one by one, a submission, registrations), once: a second demo finds them.
`close_month_now` runs the monthly cut-off at this minute instead of on NOMINATION_CUTOFF_DAY, so
/nominations has a list to review, approve and export; admins only (checked here, on the
server, like every staff action).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.persian.jalali import gregorian_to_jalali, tehran_now
from bot.questionnaire.flow import first_unanswered
from bot.services.assessment import AssessmentService
from bot.services.members import MemberService, Visitor
from bot.services.nomination import NominationService
from bot.services.registration import RegistrationService
from bot.services.roles import require_admin
from storage.courses import CoursesRepo
from storage.engine import Database
from storage.members import Member
from storage.nominations import NominationMonth


@dataclass(frozen=True)
class DemoMember:
    user_id: int
    first_name: str
    last_name: str
    language_code: str
    national_id: str  # 9 digits; the check digit is computed
    mobile: str
    coop: str
    topics: tuple[str, ...]


OFFICE = (
    DemoMember(2001, "زهرا", "کریمی", "fa", "007622964", "09121234501",
               "شرکت تعاونی فرش دستباف ورامین", ("accounting", "digital_marketing")),
    DemoMember(2002, "علی", "رضایی", "fa", "004812345", "09121234502",
               "شرکت تعاونی فرش دستباف ورامین", ("accounting", "ict")),
    DemoMember(2003, "فاطمه", "محمدی", "fa", "006543210", "09121234503",
               "شرکت تعاونی مصرف کارکنان ورامین", ("accounting", "ict")),
    DemoMember(2004, "Reza", "Ahmadi", "en", "001234567", "09121234504",
               "شرکت تعاونی مصرف کارکنان ورامین", ("digital_marketing", "ict")),
)  # fmt: skip


def with_check_digit(nine: str) -> str:
    """A national ID from its first nine digits (the tenth is their checksum)."""
    r = sum(int(d) * (10 - i) for i, d in enumerate(nine)) % 11
    return nine + str(r if r < 2 else 11 - r)


def answers_of(person: DemoMember) -> dict[str, Any]:
    """The raw input of one demo member, as typed or pressed in the chat (None: skipped)."""
    return {
        "full_name": f"{person.first_name} {person.last_name}",
        "national_id": with_check_digit(person.national_id),
        "mobile": person.mobile,
        "role": "member",
        "gender": None,
        "education": "bachelor",
        "coop_name": person.coop,
        "coop_national_id": None,
        "coop_reg_no": "۴۵۶۷" if "فرش" in person.coop else "۸۹۰۱",
        "coop_kind": "production" if "فرش" in person.coop else "consumer",
        "coop_activity": "تولید و فروش",
        "coop_place": ("tehran", "varamin"),
        "coop_members": "120",
        "coop_founded": "1398",
        "last_assembly": "۱۴۰۴/۰۳/۱۵",
        "small_startup": "no",
        "internet_based": "no",
        "topics": list(person.topics),
        **{f"urgency.{topic}": "high" for topic in person.topics},
        "members_needing": "12",
        "delivery_mode": "in_person",
        "preferred_days": ["sat", "mon"],
        "preferred_time": "morning",
        "self_requested": "yes",
        "consent": "yes",
    }


async def answer_everything(
    service: AssessmentService, member_id: int, answers: dict[str, Any]
) -> int:
    """Answer every question the flow asks, one by one as in the chat; the number answered.
    A question with no answer in `answers` is skipped."""
    draft = await service.begin(member_id)
    count = 0
    while (step := first_unanswered(service.questionnaire, draft.answers)) is not None:
        value = answers.get(step.key)
        kind = step.question.type
        if value is None:
            outcome = await service.skip(member_id, step.key)
        elif kind in ("single", "yes_no"):
            outcome = await service.choose(member_id, step.key, value)
        elif kind == "multi":
            outcome = await service.choose_many(member_id, step.key, value)
        elif kind == "place":
            outcome = await service.choose_place(member_id, step.key, *value)
        else:
            outcome = await service.answer_text(member_id, step.key, value)
        if not outcome.saved or outcome.draft is None:  # a saved answer always has its draft
            raise ValueError(f"demo answer to {step.key} refused: {outcome.error}")
        draft = outcome.draft
        count += 1
    return count


async def seed_office(
    db: Database,
    members: MemberService,
    assessment: AssessmentService,
    registration: RegistrationService,
    platform: str,
) -> list[Member]:
    """The demo office's members on `platform` (created, assessed and registered once)."""
    people = []
    async with db.read() as conn:
        courses = await CoursesRepo(conn).listing()
    for person in OFFICE:
        member = await members.seen(
            Visitor(
                platform,
                person.user_id,
                person.user_id,
                person.first_name,
                person.last_name,
                None,
                person.language_code,
            )
        )
        people.append(member)
        if await assessment.latest(member.id) is not None:
            continue
        await answer_everything(assessment, member.id, answers_of(person))
        await assessment.submit(member.id)
        wanted = [c for c in courses if c.topic in person.topics][:2]
        for course in wanted:
            await registration.register(member.id, course.id)
    return people


async def close_month_now(
    nomination: NominationService, actor: Member
) -> tuple[tuple[int, int], NominationMonth | None]:
    """Freeze this Jalali month's list now, as its cut-off would (admins only): the cut-off is
    moved to this instant, Tehran time. (The month, its new list or None when it has one.)"""
    require_admin(actor)
    await nomination.freeze_due()  # a month whose own cut-off passed comes first, as always
    local = tehran_now(nomination.clock.now())
    year, month, day = gregorian_to_jalali(local)
    settings = nomination.settings.model_copy(
        update={"nomination_cutoff_day": day, "nomination_cutoff_time": local.time()}
    )
    closing_now = NominationService(
        nomination.db,
        nomination.clock,
        settings,
        nomination.registration,
        nomination.needs,
        nomination.questionnaire,
    )
    return (year, month), await closing_now.freeze(year, month, actor_id=actor.id)
