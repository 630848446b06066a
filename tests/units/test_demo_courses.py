"""The demo catalogue: the sample season moved to around today, weekdays and order kept."""

from datetime import date, timedelta

import yaml

from bot.__main__ import SAMPLE_COURSES
from bot.cli.demo_courses import LEAD, _parse, moved_catalogue, weeks_to_move, write_demo_catalogue
from bot.services.catalogue import load_catalogue

SAMPLE = yaml.safe_load(SAMPLE_COURSES.read_text(encoding="utf-8"))["courses"]
FIRST_START = min(_parse(c["start"]) for c in SAMPLE)


def test_a_day_five_weeks_before_the_season_moves_nothing():
    today = FIRST_START - LEAD
    assert weeks_to_move(SAMPLE, today) == 0
    moved = yaml.safe_load(moved_catalogue(SAMPLE_COURSES, today))["courses"]
    assert [c["start"] for c in moved] == [c["start"] for c in SAMPLE]


def test_a_year_later_the_season_starts_about_five_weeks_ahead(tmp_path):
    today = date(2027, 11, 23)
    path = write_demo_catalogue(SAMPLE_COURSES, tmp_path / "demo_courses.yaml", today)
    moved = yaml.safe_load(path.read_text(encoding="utf-8"))["courses"]
    first = min(_parse(c["start"]) for c in moved)
    assert abs(first - (today + LEAD)) <= timedelta(days=3)
    for before, after in zip(SAMPLE, moved, strict=True):
        assert after["ref"] == before["ref"]
        for name in ("start", "end", "deadline"):
            shift = _parse(after[name]) - _parse(before[name])
            assert shift.days % 7 == 0 and shift.days > 0  # same weekday, later
    catalogue = load_catalogue(path)
    assert catalogue.errors == [] and len(catalogue.courses) == len(SAMPLE)
    assert all(c.registration_deadline.date() > today for c in catalogue.courses)
