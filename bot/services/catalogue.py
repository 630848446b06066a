"""Course catalogues from a file (YAML or XLSX), validated row by row.

YAML: a list under `courses:`; XLSX: the first sheet, one course per row under a header row with
the same field names. Fields:

    ref             a stable key of the course in this file (reloading updates that course)
    standard_code   TVTO standard code, as text (quote it in YAML: leading zeros matter)
    title_fa, title_en, topic (one of bot.services.topics.TOPICS)
    provider_kind   tvto_centre | private_institute
    provider_name, provider_address, provider_phone
    province, county
    delivery_mode   in_person | online
    start, end      Jalali dates: 1405/10/01 (or a Gregorian date value)
    sessions        "شنبه 09:00-12:00; دوشنبه 09:00-12:00" or a list of {day, start, end}
    total_hours, capacity
    deadline        Jalali date (registration closes at the end of that day, Tehran) or
                    "1405/09/28 18:00"

Run `python -m bot.services.catalogue FILE` to check a file and load it into DATABASE_URL.
"""

from __future__ import annotations

import asyncio
import re
import sys
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import yaml
from pydantic import ConfigDict, ValidationError, field_validator, model_validator

from bot.core.safe_yaml import YamlRefused, read_text, safe_load
from bot.persian.jalali import WEEKDAYS_EN, WEEKDAYS_FA, parse_jalali_date, parse_time, to_utc
from bot.persian.normalize import normalize_text
from bot.services.sheet_guard import SheetRefused, read_first_sheet
from bot.services.topics import TOPICS
from storage.courses import CourseData, CourseFacts, Session

MAX_COURSES = 2000  # course rows in one file
FIELDS = (
    "ref",
    "standard_code",
    "title_fa",
    "title_en",
    "topic",
    "provider_kind",
    "provider_name",
    "provider_address",
    "provider_phone",
    "province",
    "county",
    "delivery_mode",
    "start",
    "end",
    "sessions",
    "total_hours",
    "capacity",
    "deadline",
)


class CatalogueError(Exception):
    """The file cannot be read at all (not YAML/XLSX, no `courses:` list, refused as unsafe or
    too big): one sentence, with a `code` (and `detail`) for the chat's own words."""

    def __init__(self, message: str, code: str = "not_xlsx", detail: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.detail = detail


# What a refused spreadsheet is told on the command line and at start-up (the chat has its own
# words: course-admin-problem-* in locales).
REFUSALS = {
    "not_xlsx": "{name} is not an XLSX spreadsheet that can be read",
    "unsafe": "{name} is packed in a way no spreadsheet program writes, so it was not opened",
    "too_big": "{name} unpacks to more than {detail} MB",
    "too_many_rows": "{name} has more than {detail} rows on a sheet (empty rows count too)",
    "too_wide": "{name} has more than {detail} columns on a sheet",
}


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based course number in the file (XLSX: the sheet row)
    ref: str | None
    field: str
    message: str

    def __str__(self) -> str:
        name = f" ({self.ref})" if self.ref else ""
        return f"row {self.row}{name}: {self.field}: {self.message}"


@dataclass(frozen=True)
class Catalogue:
    courses: list[CourseData]
    errors: list[RowError]


# Python weekday (Monday = 0) for names in Persian and English.
_WEEKDAYS: dict[str, int] = {}
for _i, (_fa, _en) in enumerate(zip(WEEKDAYS_FA, WEEKDAYS_EN, strict=True)):
    _python_weekday = (_i - 2) % 7  # Saturday (index 0) is Python's 5
    _WEEKDAYS[normalize_text(_fa).replace("\u200c", "").replace(" ", "")] = _python_weekday
    _WEEKDAYS[_en.lower()] = _python_weekday
    _WEEKDAYS[_en.lower()[:3]] = _python_weekday

_SESSION = re.compile(r"(.+?) ([0-9]{1,2}[:.][0-9]{2}) ?- ?([0-9]{1,2}[:.][0-9]{2})")


def _weekday(name: Any) -> int:
    key = normalize_text(str(name)).replace("\u200c", "").replace(" ", "").lower()
    if key not in _WEEKDAYS:
        raise ValueError(f"unknown weekday {name!r}")
    return _WEEKDAYS[key]


def _clock(value: Any) -> time:
    if isinstance(value, time):
        return value
    if isinstance(value, int):  # YAML reads 09:00 as sexagesimal minutes
        return time(value // 60, value % 60)
    parsed = parse_time(str(value))
    if parsed is None:
        raise ValueError(f"not a time: {value!r}")
    return parsed


def parse_sessions(value: Any) -> tuple[Session, ...]:
    items: list[Any]
    if isinstance(value, str):
        items = [part for part in re.split("[;؛\n]", normalize_text(value)) if part.strip()]
    elif isinstance(value, list):
        items = value
    else:
        raise ValueError("give sessions as text («شنبه 09:00-12:00; …») or a list")
    sessions = []
    for item in items:
        if isinstance(item, dict):
            day, start, end = item.get("day"), item.get("start"), item.get("end")
        else:
            match = _SESSION.fullmatch(normalize_text(str(item)).strip())
            if match is None:
                raise ValueError(f"not a session: {item!r} (write «شنبه 09:00-12:00»)")
            day, start, end = match.groups()
        session = Session(weekday=_weekday(day), start=_clock(start), end=_clock(end))
        if session.end <= session.start:
            raise ValueError(f"a session ends before it starts: {item!r}")
        sessions.append(session)
    if not sessions:
        raise ValueError("a course needs at least one weekly session")
    return tuple(sessions)


def parse_day(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    parsed = parse_jalali_date(str(value))
    if parsed is None:
        raise ValueError(f"not a Jalali date: {value!r} (write 1405/10/01)")
    return parsed


def parse_deadline(value: Any) -> datetime:
    """A date means the end of that day in Tehran; «1405/09/28 18:00» is that moment."""
    if isinstance(value, datetime):
        return to_utc(value)
    text = normalize_text(str(value)) if not isinstance(value, date) else ""
    if text and " " in text.strip():
        day_text, _, clock_text = text.strip().rpartition(" ")
        at = parse_time(clock_text)
        if at is not None:
            return to_utc(datetime.combine(parse_day(day_text), at))
    day = parse_day(value)
    return to_utc(datetime.combine(day + timedelta(days=1), time(0, 0)))


class CourseIn(CourseFacts):
    """One course as written in a catalogue file."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    ref: str  # required here (the database makes one for a course added in the chat)
    start: date
    end: date
    sessions: tuple[Session, ...]
    total_hours: int
    capacity: int
    deadline: datetime

    @field_validator("ref", "provider_phone", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value

    @field_validator("standard_code", mode="before")
    @classmethod
    def _code(cls, value: Any) -> Any:
        if isinstance(value, int | float):
            raise ValueError("write the standard code as text (in quotes): leading zeros count")
        code = normalize_text(str(value))
        if not re.fullmatch("[0-9][0-9/\\-]{2,40}", code):
            raise ValueError(f"not a standard code: {value!r}")
        return code

    @field_validator("topic")
    @classmethod
    def _topic(cls, value: str) -> str:
        if value not in TOPICS:
            raise ValueError(f"unknown topic {value!r}; one of {', '.join(TOPICS)}")
        return value

    @field_validator("start", "end", mode="before")
    @classmethod
    def _day(cls, value: Any) -> date:
        return parse_day(value)

    @field_validator("sessions", mode="before")
    @classmethod
    def _sessions(cls, value: Any) -> tuple[Session, ...]:
        return parse_sessions(value)

    @field_validator("deadline", mode="before")
    @classmethod
    def _deadline(cls, value: Any) -> datetime:
        return parse_deadline(value)

    @field_validator("total_hours", "capacity")
    @classmethod
    def _positive(cls, value: int) -> int:
        if value < 1:
            raise ValueError("must be at least 1")
        return value

    @model_validator(mode="after")
    def _dates(self) -> CourseIn:
        if self.end < self.start:
            raise ValueError("the course ends before it starts")
        if self.deadline > to_utc(datetime.combine(self.start, time(0, 0))) + timedelta(days=1):
            raise ValueError("registration closes after the course starts")
        return self

    def to_course(self) -> CourseData:
        return CourseData(
            ref=self.ref,
            standard_code=self.standard_code,
            title_fa=self.title_fa,
            title_en=self.title_en,
            topic=self.topic,
            provider_kind=self.provider_kind,
            provider_name=self.provider_name,
            provider_address=self.provider_address,
            provider_phone=self.provider_phone,
            province=self.province,
            county=self.county,
            delivery_mode=self.delivery_mode,
            start_date=self.start,
            end_date=self.end,
            sessions=self.sessions,
            total_hours=self.total_hours,
            capacity=self.capacity,
            registration_deadline=self.deadline,
        )


def validate_rows(rows: list[tuple[int, dict[str, Any]]]) -> Catalogue:
    courses: list[CourseData] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for number, raw in rows:
        ref = str(raw.get("ref")) if raw.get("ref") is not None else None
        try:
            course = CourseIn.model_validate(raw).to_course()
        except ValidationError as exc:
            for err in exc.errors():
                where = ".".join(str(p) for p in err["loc"]) or "course"
                message = str(err["msg"]).removeprefix("Value error, ")
                errors.append(RowError(number, ref, where, message))
            continue
        if course.ref in seen:
            errors.append(RowError(number, ref, "ref", f"used already in row {seen[course.ref]}"))
            continue
        seen[course.ref or ""] = number
        courses.append(course)
    return Catalogue(courses, errors)


def read_yaml(path: Path) -> list[tuple[int, dict[str, Any]]]:
    try:
        data = safe_load(read_text(path))
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{path.name} is not valid YAML: {exc}") from None
    except YamlRefused as exc:
        raise CatalogueError(f"{path.name} was not read: {exc}", "unsafe") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"{path.name} cannot be read: {exc}") from None
    items = data.get("courses") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise CatalogueError(f"{path.name} needs a list of courses under `courses:`")
    rows = []
    for number, item in enumerate(items, start=1):
        rows.append((number, item if isinstance(item, dict) else {"course": item}))
    return rows


def read_xlsx(path: Path, max_courses: int = MAX_COURSES) -> list[tuple[int, dict[str, Any]]]:
    """The courses of the first sheet, read within bounds (bot/services/sheet_guard.py): a file
    that is unsafe, too big, too long or too wide is refused with one sentence, as is one with
    more than `max_courses` course rows."""
    try:
        lines = iter(read_first_sheet(path))
    except SheetRefused as refused:
        text = REFUSALS[refused.code].format(name=path.name, detail=refused.detail)
        raise CatalogueError(text, refused.code, refused.detail) from None
    header = [str(h).strip() if h is not None else "" for h in next(lines, ())]
    unknown = [h for h in header if h and h not in FIELDS]
    if unknown:
        names = ", ".join(unknown)
        raise CatalogueError(f"unknown columns in {path.name}: {names}", "unknown_column", names)
    rows: list[tuple[int, dict[str, Any]]] = []
    for number, values in enumerate(lines, start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        if len(rows) == max_courses:
            text = f"{path.name} has more than {max_courses} courses (load them in parts)"
            raise CatalogueError(text, "too_many_rows", str(max_courses))
        rows.append(
            (number, {h: v for h, v in zip(header, values, strict=False) if h and v is not None})
        )
    return rows


def load_catalogue(path: str | Path) -> Catalogue:
    path = Path(path)
    if not path.exists():
        raise CatalogueError(f"{path} does not exist")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return validate_rows(read_xlsx(path))
    return validate_rows(read_yaml(path))


async def _load_into(url: str, catalogue: Catalogue) -> tuple[int, int]:
    from bot.core.clock import SystemClock
    from bot.services.courses import CourseService
    from storage.engine import create_database
    from storage.migrate import upgrade

    db = create_database(url)
    try:
        await upgrade(db)
        return await CourseService(db, SystemClock()).import_courses(catalogue.courses)
    finally:
        await db.dispose()


def main(argv: list[str] | None = None) -> int:
    import argparse

    from bot.core.config import load_settings

    parser = argparse.ArgumentParser(description="Check a course catalogue and load it.")
    parser.add_argument("file", type=Path)
    parser.add_argument("--check", action="store_true", help="only validate, load nothing")
    args = parser.parse_args(argv)
    try:
        catalogue = load_catalogue(args.file)
    except CatalogueError as exc:
        print(exc, file=sys.stderr)
        return 2
    for error in catalogue.errors:
        print(error, file=sys.stderr)
    if catalogue.errors:
        return 1
    if args.check:
        print(f"{len(catalogue.courses)} courses are valid")
        return 0
    created, updated = asyncio.run(_load_into(load_settings().database_url, catalogue))
    print(f"{created} courses added, {updated} updated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
