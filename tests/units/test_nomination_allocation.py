"""Ranking and caps of a month's list, without a database (nomination/allocation.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.services.nomination import allocate
from storage.registrations import Registration

T0 = datetime(2025, 11, 1, 8, 0, tzinfo=UTC)


def request(reg_id: int, coop: int | None, score: float = 50.0) -> Registration:
    at = T0 + timedelta(minutes=reg_id)
    return Registration(
        id=reg_id,
        course_id=7,
        member_id=100 + reg_id,
        status="requested",
        need_score=score,
        cooperative_id=coop,
        assessment_id=None,
        requested_at=at,
        status_at=at,
        offer_deadline=None,
        reason=None,
        carry_overs=0,
        version=1,
    )


def test_the_pool_is_placed_in_its_order_until_the_seats_run_out():
    pool = [request(1, None, 90), request(2, None, 80), request(3, None, 70)]
    entries = allocate(pool, seats=2, cap=5)
    assert [(e.registration_id, e.rank, e.placed, e.reason) for e in entries] == [
        (1, 1, True, None),
        (2, 2, True, None),
        (3, 3, False, "seats"),
    ]
    assert entries[0].member_id == 101 and entries[0].need_score == 90


def test_a_cooperative_at_its_cap_gives_way_to_the_next_cooperative():
    pool = [request(1, 5), request(2, 5), request(3, 5), request(4, 6), request(5, None)]
    entries = allocate(pool, seats=4, cap=2)
    assert [(e.registration_id, e.placed, e.reason) for e in entries] == [
        (1, True, None),
        (2, True, None),
        (3, False, "cap"),  # a third of cooperative 5
        (4, True, None),
        (5, True, None),  # no cooperative: no cap
    ]


def test_no_seats_places_nobody_and_says_why():
    entries = allocate([request(1, 5), request(2, None)], seats=0, cap=2)
    assert [(e.placed, e.reason) for e in entries] == [(False, "seats"), (False, "seats")]
    assert allocate([], seats=3, cap=2) == []
