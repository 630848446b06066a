"""The demo's course catalogue: the sample season moved to dates around today.

bot/data/sample_courses.yaml lists one season of courses with fixed Jalali dates; a demo run
months later would find every course past its deadline. `coopbot demo` moves all the dates of the
sample by one whole number of weeks, so the first class starts about five weeks from today and
every session still falls on the weekday the file names, and loads that copy (written next to the
demo database). The courses keep their refs: a later run updates them in place.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import yaml

from bot.persian.jalali import format_date_numeric, parse_jalali_date

DATE_FIELDS = ("start", "end", "deadline")
LEAD = timedelta(weeks=5)  # from today to the first class of the demo season


def _parse(value: object) -> date:
    day = parse_jalali_date(str(value))
    if day is None:
        raise ValueError(f"not a Jalali date: {value!r}")
    return day


def weeks_to_move(courses: list[dict], today: date) -> int:
    """Whole weeks that bring the season's first start closest to ``today + LEAD``."""
    starts = [_parse(c["start"]) for c in courses if c.get("start")]
    if not starts:
        return 0
    return round((today + LEAD - min(starts)).days / 7)


def moved_catalogue(source: Path, today: date) -> str:
    """The sample catalogue as YAML text, every date moved by :func:`weeks_to_move`."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    courses = data.get("courses") or []
    shift = timedelta(weeks=weeks_to_move(courses, today))
    for course in courses:
        for name in DATE_FIELDS:
            if course.get(name):
                course[name] = format_date_numeric(_parse(course[name]) + shift, "en")
    header = f"# {source.name} moved by {shift.days // 7} week(s) for the demo of {today}\n"
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def write_demo_catalogue(source: Path, target: Path, today: date) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(moved_catalogue(source, today), encoding="utf-8")
    return target
