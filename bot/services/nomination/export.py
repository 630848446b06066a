"""The month's list as the file sent to TVTO: one row per placed person (not cancelled), by course
and priority, in the file's language, with TVTO's answer once it came."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from bot.core.clock import Clock
from bot.questionnaire.loader import places_of
from bot.questionnaire.model import Questionnaire
from bot.services.audit import audit
from bot.services.exports import NomineeRow
from storage.courses import Course, CoursesRepo
from storage.engine import Database
from storage.nominations import NominationsRepo
from storage.registrations import MonthNominee, RegistrationsRepo


def split_name(full_name: str | None) -> tuple[str, str]:
    """First name and last name from one «full name» answer: the first word, then the rest."""
    parts = (full_name or "").split()
    if not parts:
        return "", ""
    if len(parts) == 1:
        return parts[0], ""
    return parts[0], " ".join(parts[1:])


# The «TVTO's answer» column, in the file's language (rejected: with TVTO's reason).
TVTO_ANSWERS = {
    "fa": {"confirmed": "تأیید شد", "rejected": "رد شد"},
    "en": {"confirmed": "confirmed", "rejected": "rejected"},
}


def tvto_answer(nominee: MonthNominee, locale: str) -> str:
    answer = TVTO_ANSWERS["en" if locale == "en" else "fa"].get(nominee.status, "")
    if nominee.status == "rejected" and nominee.rejection_reason:
        return f"{answer}{'، ' if locale != 'en' else ': '}{nominee.rejection_reason}"
    return answer


def nominee_row(
    nominee: MonthNominee,
    course: Course,
    kinds: dict[str, str],
    roles: dict[str, str],
    place: Callable[[str | None, str | None], tuple[str, str]],
    locale: str,
) -> NomineeRow:
    """One nominee in the words of the file: kinds, roles, and `place` names the province and
    county in `locale` (a cooperative stores their ids, a course their Persian names)."""
    cooperative = nominee.cooperative
    first, last = split_name(nominee.full_name)
    kind = (cooperative.kind if cooperative else None) or ""
    role = nominee.role or ""
    province = (cooperative.province if cooperative else None) or course.province
    county = (cooperative.county if cooperative else None) or course.county
    province_name, county_name = place(province, county)
    return NomineeRow(
        first_name=first,
        last_name=last,
        national_id=nominee.national_id or "",
        mobile=nominee.mobile or "",
        cooperative_name=cooperative.name if cooperative else "",
        cooperative_national_id=(cooperative.national_id if cooperative else None) or "",
        registration_no=(cooperative.registration_no if cooperative else None) or "",
        cooperative_kind=kinds.get(kind, kind),
        role=roles.get(role, role),
        province=province_name,
        county=county_name,
        course_title=course.title(locale),
        standard_code=course.standard_code,
        priority=nominee.rank,
        requested_at=nominee.requested_at,
        tvto_answer=tvto_answer(nominee, locale),
    )


def option_labels(
    questionnaire: Questionnaire | None, locale: str
) -> tuple[dict[str, str], dict[str, str]]:
    """Option texts of the questionnaire for cooperative kinds and roles."""
    labels: dict[str, dict[str, str]] = {"coop.kind": {}, "person.role": {}}
    for question in getattr(questionnaire, "questions", None) or []:
        if getattr(question, "field", None) in labels:
            for option in question.options or []:
                labels[question.field][option.id] = option.text.get(locale)
    return labels["coop.kind"], labels["person.role"]


@dataclass(frozen=True)
class NomineeExport:
    """`questionnaire`: its places and option texts name the nominees' provinces, counties,
    cooperative kinds and roles (the bundled places and raw ids without)."""

    db: Database
    clock: Clock
    questionnaire: Questionnaire | None

    async def export_rows(
        self,
        month_id: int,
        *,
        locale: str = "fa",
        exported_by: int | None = None,
        fmt: str | None = None,
    ) -> list[NomineeRow]:
        """The month's placed people (not cancelled), by course and priority. With
        `exported_by` (a staff member's id) the export is written to the audit log."""
        rows = await self._export_rows(month_id, locale)
        if exported_by is not None:
            async with self.db.write() as conn:
                month = await NominationsRepo(conn).month_by_id(month_id)
                if month is not None:
                    after = {"year": month.year, "month": month.month, "rows": len(rows)}
                    await audit(
                        conn,
                        self.clock.now(),
                        exported_by,
                        "export.month",
                        "month",
                        month.id,
                        after={**after, "format": fmt},
                    )
        return rows

    async def _export_rows(self, month_id: int, locale: str) -> list[NomineeRow]:
        """The month's placed, not cancelled people with profile and cooperative: one query."""
        kinds, roles = option_labels(self.questionnaire, locale)
        places = places_of(self.questionnaire)

        @lru_cache(maxsize=4096)  # a month's people come from a few places: look each up once
        def place(province: str | None, county: str | None) -> tuple[str, str]:
            return (
                places.province_name(province, locale),
                places.county_name(province, county, locale),
            )

        async with self.db.read() as conn:
            if await NominationsRepo(conn).month_by_id(month_id) is None:
                return []
            nominees = [n async for n in RegistrationsRepo(conn).month_nominees(month_id)]
            found = await CoursesRepo(conn).get_many(sorted({n.course_id for n in nominees}))
        return [nominee_row(n, found[n.course_id], kinds, roles, place, locale) for n in nominees]
