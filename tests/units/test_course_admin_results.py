"""Every result the course services can return has a text in the staff's chat.

EditResult once left out "below_taken", which set_capacity returns: the type checker now holds
the services to their Literals, and this holds the handler's texts to the Literals.
"""

from __future__ import annotations

from typing import get_args

from bot.services.course_admin import CapacityResult, EditResult, StatusResult
from handlers.course_admin import EDIT_RESULT_KEYS


def test_edit_result_names_below_taken() -> None:
    assert "below_taken" in get_args(EditResult)
    assert set(get_args(CapacityResult)) <= set(get_args(EditResult))


def test_every_result_has_a_text() -> None:
    results = {*get_args(EditResult), *get_args(StatusResult)}
    assert results - EDIT_RESULT_KEYS.keys() == set()
