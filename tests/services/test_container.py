"""The container: each service gets its collaborators in its constructor, built in dependency
order; a fake given by name reaches everything built over it; no service sees the container."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.core.i18n import Translator
from bot.services.container import COLLABORATORS, Services, build_services
from tests.services.courses_support import FakeNeeds

ROOT = Path(__file__).resolve().parents[2]


def build(sqlite_db, clock, settings, **fakes) -> Services:
    return build_services(settings, sqlite_db, clock, Translator(), **fakes)


def test_each_service_gets_the_ones_it_uses(sqlite_db, clock, settings):
    s = build(sqlite_db, clock, settings)
    assert s.courses.needs is s.assessment and s.registration.needs is s.assessment
    assert s.nomination.registration is s.registration and s.nomination.needs is s.assessment
    assert s.courses.questionnaire is s.assessment.questionnaire
    assert s.nomination.questionnaire is s.assessment.questionnaire
    assert s.broadcast.ledger is s.ledger and s.reminders.ledger is s.ledger
    assert s.reminders.courses is s.courses
    assert s.reminders.registrations is s.registration
    assert s.reminders.assessment is s.assessment
    for tool in (s.admin.courses, s.admin.imports):
        assert tool.registration is s.registration and tool.reminders is s.reminders
    assert s.admin.privacy.registration is s.registration
    assert s.admin.privacy.questionnaire is s.assessment.questionnaire
    assert s.admin.stats.questionnaire is s.assessment.questionnaire


def test_a_fake_reaches_everything_built_over_it(sqlite_db, clock, settings):
    needs = FakeNeeds()
    s = build(sqlite_db, clock, settings, needs=needs)
    assert s.courses.needs is needs and s.registration.needs is needs
    assert s.nomination.needs is needs
    assert s.reminders.assessment is s.assessment is not needs  # the rest is built as usual

    registration = object()
    s = build(sqlite_db, clock, settings, registration=registration)
    assert s.registration is registration
    assert s.nomination.registration is registration
    assert s.reminders.registrations is registration
    assert s.admin.courses.registration is registration
    assert s.admin.privacy.registration is registration


def test_every_service_can_be_given(sqlite_db, clock, settings):
    other = build(sqlite_db, clock, settings)  # stand-ins with everything the others use
    for name in sorted(COLLABORATORS - {"needs"}):
        given = getattr(other, name)
        assert getattr(build(sqlite_db, clock, settings, **{name: given}), name) is given
        assert getattr(build(sqlite_db, clock, settings), name) is not given
    s = build(sqlite_db, clock, settings, assessment=other.assessment)
    assert s.courses.needs is other.assessment and s.reminders.assessment is other.assessment


def test_an_unknown_name_is_refused(sqlite_db, clock, settings):
    with pytest.raises(TypeError, match="registrations"):
        build(sqlite_db, clock, settings, registrations=object())


def test_no_service_reaches_the_container():
    """Only the container and the composition roots know the container: services get what they
    use in their constructors and never find each other by name."""
    for path in sorted((ROOT / "bot" / "services").glob("*.py")):
        if path.name == "container.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert "bot.services.container" not in imported, path.name
