"""The needs assessment: drafts answered one step at a time, submission, scores and roadmaps.

Every valid answer is written the moment it arrives (one short write transaction); an invalid
one writes nothing. A person has at most one draft; submitted assessments are kept as history
and the latest counts. A draft started under an older questionnaire version keeps the answers
the new version still accepts. Answers are never logged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from cachetools import TTLCache

from bot.core.clock import Clock
from bot.core.config import Settings
from bot.persian.ids import mask_mobile, mask_national_id
from bot.persian.jalali import tehran_today
from bot.persian.normalize import normalize_text
from bot.questionnaire import answers as parsing
from bot.questionnaire import load_questionnaire
from bot.questionnaire.answers import Invalid, Valid
from bot.questionnaire.flow import (
    Step,
    effective_answers,
    missing_steps,
    next_after,
    step_for,
)
from bot.questionnaire.model import Questionnaire
from bot.services.roadmap import Roadmap, build_roadmap
from bot.services.scoring import Needs, Score, extract_needs, member_score
from storage.assessments import AssessmentsRepo, Draft, MemberProfile, SubmittedAssessment
from storage.cooperatives import Cooperative, CooperativesRepo
from storage.engine import Database

STALE = "stale"  # error code: the step is not asked (any more) or there is no draft

_NAME_NOISE = re.compile(r"[\s\u200c.,،؛;:\-_«»\"'()]+")
_NAME_WORDS = ("شرکت", "تعاونی", "تعاون")


def cooperative_name_key(name: str) -> str:
    """Loose form of a cooperative's name for matching: «شرکت تعاونی مسکن‌ فرهنگیان» and
    «تعاونی مسکن فرهنگیان» give the same key."""
    words = [w for w in normalize_text(name).casefold().split() if w not in _NAME_WORDS]
    return _NAME_NOISE.sub("", "".join(words)) or _NAME_NOISE.sub("", normalize_text(name))


def cooperative_identity_key(
    name: str, registration_no: str | None, province: str | None, county: str | None
) -> str:
    place = f"{province or ''}.{county or ''}"
    return f"{cooperative_name_key(name)}|{registration_no or ''}|{place}"[:300]


@dataclass(frozen=True)
class Outcome:
    """What became of one answer: saved (maybe with a warning), or why not."""

    draft: Draft | None
    saved: bool
    error: Invalid | None = None
    warning: str | None = None
    next_step: Step | None = None  # where to go next (None: everything answered)


class Incomplete(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(f"step {key} is not answered")
        self.key = key


@dataclass(frozen=True)
class Standing:
    unfinished: bool  # started, never submitted
    submitted: bool  # at least one submitted assessment counts


# The main menu shows every person's standing on every display; it is kept in memory this long
# (this process changes it through begin/submit/forget, which update it at once).
STANDING_TTL_S = 300


class AssessmentService:
    def __init__(self, db: Database, clock: Clock, questionnaire: Questionnaire) -> None:
        self.db = db
        self.clock = clock
        self.questionnaire = questionnaire
        self._standing: TTLCache[int, Standing] = TTLCache(maxsize=100_000, ttl=STANDING_TTL_S)

    @classmethod
    def from_settings(cls, db: Database, clock: Clock, settings: Settings) -> AssessmentService:
        """With the questionnaire of QUESTIONNAIRE_FILE (or the default); raises
        QuestionnaireError when the file is broken."""
        return cls(db, clock, load_questionnaire(settings.questionnaire_file))

    def today(self) -> date:
        return tehran_today(self.clock.now())

    # --- drafts -------------------------------------------------------------------------------

    async def draft(self, member_id: int) -> Draft | None:
        """The open draft, brought up to the current questionnaire version."""
        async with self.db.read() as conn:
            draft = await AssessmentsRepo(conn).draft(member_id)
        if draft is None or draft.version == self.questionnaire.version:
            return draft
        async with self.db.write() as conn:
            repo = AssessmentsRepo(conn)
            draft = await repo.draft(member_id)
            return await self._current(repo, draft) if draft else None

    async def begin(self, member_id: int) -> Draft:
        """The open draft, or a new one; a redo starts from the previous submitted answers
        (those the current questionnaire still accepts), so only changes need typing."""
        async with self.db.write() as conn:
            repo = AssessmentsRepo(conn)
            draft = await repo.draft(member_id)
            if draft is not None:
                return await self._current(repo, draft)
            previous = await repo.latest_submitted(member_id)
            carried = self._carry_over(await repo.answers(previous.id)) if previous else {}
            draft = await repo.create_draft(
                member_id, self.questionnaire.version, self.clock.now(), carried
            )
        self.forget(member_id)  # after the commit: the next read sees the draft
        return draft

    async def has_unfinished(self, member_id: int) -> bool:
        """Started but never submitted (someone revising a submitted assessment is not
        "unfinished": their last submission counts meanwhile). Read now, not remembered."""
        return (await self._read_standing(member_id)).unfinished

    async def standing(self, member_id: int) -> Standing:
        """Where the person stands (the main menu asks on every display): from memory when
        known, else one read."""
        known = self._standing.get(member_id)
        if known is None:
            known = self._standing[member_id] = await self._read_standing(member_id)
        return known

    async def _read_standing(self, member_id: int) -> Standing:
        async with self.db.read() as conn:
            repo = AssessmentsRepo(conn)
            submitted = await repo.latest_submitted(member_id) is not None
            unfinished = not submitted and await repo.draft(member_id) is not None
        return Standing(unfinished=unfinished, submitted=submitted)

    def first_visit(self, member_id: int) -> None:
        """A members row created just now: nothing can refer to it yet, so the person has no
        assessment (their first menu costs no read)."""
        self._standing[member_id] = Standing(unfinished=False, submitted=False)

    def forget(self, member_id: int) -> None:
        """The person's assessments changed elsewhere (erased): read the standing again."""
        self._standing.pop(member_id, None)

    async def members_with_unfinished(self) -> list[int]:
        """Everyone for whom has_unfinished() holds (for the monthly nudge)."""
        async with self.db.read() as conn:
            return await AssessmentsRepo(conn).members_with_draft(never_submitted=True)

    def _carry_over(self, answers: dict[str, Any]) -> dict[str, Any]:
        """The answers the current questionnaire still accepts (hidden ones too: an edit may
        show their question again)."""
        q = self.questionnaire
        kept: dict[str, Any] = {}
        for question in q.questions:
            source = q.question(question.repeat_for) if question.repeat_for else None
            for key, value in answers.items():
                qid, _, item = key.partition(".")
                if qid != question.id or bool(item) != (source is not None):
                    continue
                if source is not None and item not in source.option_ids():
                    continue
                if parsing.still_valid(question, value, q.places, kept, self.today()):
                    kept[key] = value
        return kept

    async def _current(self, repo: AssessmentsRepo, draft: Draft) -> Draft:
        if draft.version == self.questionnaire.version:
            return draft
        kept = self._carry_over(draft.answers)
        await repo.delete_answers(draft.id, [k for k in draft.answers if k not in kept])
        for key, value in kept.items():
            if draft.answers.get(key) != value:
                await repo.set_answer(draft.id, key, value, self.clock.now())
        await repo.touch(draft.id, self.clock.now(), version=self.questionnaire.version)
        fresh = await repo.draft(draft.member_id)
        assert fresh is not None
        return fresh

    # --- answering ----------------------------------------------------------------------------

    async def answer_text(self, member_id: int, key: str, raw: str) -> Outcome:
        """A typed answer (text, number, ID, mobile, date)."""
        return await self._save(
            member_id,
            key,
            lambda step, answers: parsing.parse_typed(step.question, raw, answers, self.today()),
        )

    async def choose(self, member_id: int, key: str, option_id: str) -> Outcome:
        return await self._save(
            member_id, key, lambda step, _: parsing.parse_choice(step.question, option_id)
        )

    async def choose_many(self, member_id: int, key: str, option_ids: list[str]) -> Outcome:
        return await self._save(
            member_id, key, lambda step, _: parsing.parse_multi(step.question, option_ids)
        )

    async def choose_place(
        self, member_id: int, key: str, province: str | None, county: str | None
    ) -> Outcome:
        return await self._save(
            member_id,
            key,
            lambda step, _: parsing.parse_place(
                step.question, self.questionnaire.places, province, county
            ),
        )

    async def skip(self, member_id: int, key: str) -> Outcome:
        def optional(step: Step, _: dict[str, Any]) -> Valid | Invalid:
            return Valid(None) if step.optional else Invalid(parsing.NOT_OPTIONAL)

        return await self._save(member_id, key, optional)

    async def _save(
        self,
        member_id: int,
        key: str,
        parse: Callable[[Step, dict[str, Any]], Valid | Invalid],
    ) -> Outcome:
        q = self.questionnaire
        async with self.db.write() as conn:
            repo = AssessmentsRepo(conn)
            draft = await repo.draft(member_id)
            if draft is None:
                return Outcome(None, False, Invalid(STALE))
            draft = await self._current(repo, draft)
            step = step_for(q, draft.answers, key)
            if step is None:
                return Outcome(draft, False, Invalid(STALE))
            result = parse(step, effective_answers(q, draft.answers))
            if isinstance(result, Invalid):
                return Outcome(draft, False, result)
            await repo.set_answer(draft.id, key, result.value, self.clock.now())
            saved = draft.model_copy(update={"answers": {**draft.answers, key: result.value}})
            return Outcome(
                saved, True, warning=result.warning, next_step=next_after(q, saved.answers, key)
            )

    # --- submitting ---------------------------------------------------------------------------

    async def submit(self, member_id: int) -> SubmittedAssessment:
        """Close the draft: link the cooperative, save the profile, score the needs.

        Raises Incomplete (with the first unanswered step) and LookupError (no draft)."""
        q = self.questionnaire
        now = self.clock.now()
        async with self.db.write() as conn:
            repo = AssessmentsRepo(conn)
            draft = await repo.draft(member_id)
            if draft is None:
                raise LookupError("no assessment in progress")
            draft = await self._current(repo, draft)
            missing = missing_steps(q, draft.answers)
            if missing:
                raise Incomplete(missing[0].key)
            answers = effective_answers(q, draft.answers)
            await repo.delete_answers(draft.id, [k for k in draft.answers if k not in answers])
            fields = self._fields(answers)
            coop = await self._link_cooperative(CooperativesRepo(conn), fields)
            needs = extract_needs(q, answers)
            score = member_score(q, needs)
            submitted = await repo.submit(
                draft.id,
                cooperative_id=coop.id if coop else None,
                need_score=score.total,
                consent=fields.get("consent") == "yes",
                topics=list(needs.topics),
                delivery_mode=fields.get("needs.delivery_mode"),
                needs=needs.to_json(),
                score_detail=score.to_json(),
                now=now,
            )
            await repo.save_profile(
                member_id,
                {
                    "full_name": fields.get("person.full_name"),
                    "national_id": fields.get("person.national_id"),
                    "mobile": fields.get("person.mobile"),
                    "role": fields.get("person.role"),
                    "gender": fields.get("person.gender"),
                    "education": fields.get("person.education"),
                    "cooperative_id": coop.id if coop else None,
                    "assessment_id": submitted.id,
                },
                now,
            )
        self.forget(member_id)  # after the commit: the next read sees the submission
        return submitted

    def _fields(self, answers: dict[str, Any]) -> dict[str, Any]:
        return {
            q.field: answers.get(q.id)
            for q in self.questionnaire.questions
            if q.field is not None and q.repeat_for is None
        }

    async def _link_cooperative(
        self, repo: CooperativesRepo, fields: dict[str, Any]
    ) -> Cooperative | None:
        """One record per cooperative: found by national ID, else by name + registration
        number + place; created when neither matches."""
        name = fields.get("coop.name")
        if not name:
            return None
        place = fields.get("coop.place") or {}
        registration = fields.get("coop.registration_no")
        registration = str(registration) if registration is not None else None
        national_id = fields.get("coop.national_id")
        identity = {
            "name": name,
            "registration_no": registration,
            "province": place.get("province"),
            "county": place.get("county"),
            "identity_key": cooperative_identity_key(
                name, registration, place.get("province"), place.get("county")
            ),
        }
        details = {
            "kind": fields.get("coop.kind"),
            "activity": fields.get("coop.activity"),
            "member_count": fields.get("coop.member_count"),
            "founded_year": fields.get("coop.founded_year"),
            "small_startup": _yes_no(fields.get("coop.small_startup")),
            "internet_based": _yes_no(fields.get("coop.internet_based")),
        }
        details = {k: v for k, v in details.items() if v is not None}
        now = self.clock.now()
        for _attempt in range(2):
            found = await repo.by_national_id(national_id) if national_id else None
            if found is None:
                found = await repo.by_identity_key(identity["identity_key"])
            if found is not None:
                update = dict(details)
                if national_id and found.national_id is None:
                    update["national_id"] = national_id
                await repo.update(found.id, update, now)
                return await repo.get(found.id)
            created = await repo.insert({**identity, **details, "national_id": national_id}, now)
            if created is not None:
                return created
        raise RuntimeError("could not link the cooperative record")  # pragma: no cover

    # --- results ------------------------------------------------------------------------------

    async def latest(self, member_id: int) -> SubmittedAssessment | None:
        async with self.db.read() as conn:
            return await AssessmentsRepo(conn).latest_submitted(member_id)

    async def history(self, member_id: int) -> list[SubmittedAssessment]:
        async with self.db.read() as conn:
            return await AssessmentsRepo(conn).history(member_id)

    async def submitted_answers(self, assessment_id: int) -> dict[str, Any]:
        async with self.db.read() as conn:
            return await AssessmentsRepo(conn).answers(assessment_id)

    async def member_profile(self, member_id: int) -> MemberProfile | None:
        async with self.db.read() as conn:
            return await AssessmentsRepo(conn).profile(member_id)

    async def cooperative(self, cooperative_id: int) -> Cooperative | None:
        async with self.db.read() as conn:
            return await CooperativesRepo(conn).get(cooperative_id)

    async def roadmap(self, cooperative_id: int) -> Roadmap:
        async with self.db.read() as conn:
            coop = await CooperativesRepo(conn).get(cooperative_id)
            submitted = await AssessmentsRepo(conn).latest_for_cooperative(cooperative_id)
        return build_roadmap(self.questionnaire, cooperative_id, coop, submitted)

    async def member_roadmap(self, member_id: int) -> Roadmap | None:
        """The roadmap of the cooperative named in the member's latest submitted assessment."""
        latest = await self.latest(member_id)
        if latest is None or latest.cooperative_id is None:
            return None
        return await self.roadmap(latest.cooperative_id)

    def score_of(self, submitted: SubmittedAssessment) -> Score:
        """The parts of a member's need score, as computed when it was submitted."""
        return Score.from_json(submitted.score_detail)

    def needs_of(self, submitted: SubmittedAssessment) -> Needs:
        return Needs.from_json(submitted.needs)


def masked(profile: MemberProfile) -> MemberProfile:
    """The profile as shown to anyone but the person: national ID and mobile masked."""
    return profile.model_copy(
        update={
            "national_id": mask_national_id(profile.national_id) if profile.national_id else None,
            "mobile": mask_mobile(profile.mobile) if profile.mobile else None,
        }
    )


def _yes_no(value: Any) -> bool | None:
    return {"yes": True, "no": False}.get(value) if isinstance(value, str) else None
