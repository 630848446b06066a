"""The real processes on PostgreSQL against the sandbox over HTTP: an ingress and three workers
send a batch of ledger messages and a broadcast to everyone; the worker that leads
"ledger:telegram" is killed -9 at about 40%. Another takes over: every row gets an outcome, none
is sent twice (a row that was on the wire is "uncertain", never sent again), each person's
messages arrive in order, the broadcast has one status message that ends as its summary and one
report to its author, the messenger (the sandbox, enforcing Telegram's 30 a second) answers no
429 and never more than RATE_LIMIT_PER_SECOND + 1 messages in any 1-second window (the ledger's
sends are spaced with no burst, across the takeover too), and the planner's slots run once
each across the workers. Who leads is read from each worker's /readyz."""

from __future__ import annotations

import pytest

from bench.cluster_dispatch_bench import BUDGET, RATE, STAFF, planner_numbers, report, run

pytestmark = pytest.mark.e2e

PEOPLE = 60
EACH = 3  # messages per person, to arrive in this order
IN_FLIGHT = RATE + 1  # the dispatcher's max_in_flight for this rate


async def test_the_ledger_leader_killed_another_takes_over_nothing_twice(tmp_path, pg_url):
    out = await run(pg_url, tmp_path, people=PEOPLE, each=EACH)

    assert out.done and set(out.done) <= {"sent", "uncertain"}
    assert sum(out.done.values()) == out.rows == PEOPLE * EACH + (PEOPLE + 1) + 1
    assert out.done.get("uncertain", 0) <= IN_FLIGHT
    assert all(state["ready"] for state in out.ready_after), out.ready_after
    for user in out.people:
        texts = out.texts[user]
        got = planner_numbers(texts)
        assert got == sorted(got) and len(got) == len(set(got)), (user, got)  # in order, once
        missing = set(range(1, EACH + 1)) - set(got)
        assert {(user, str(n)) for n in missing} <= out.uncertain, (user, got)
        copies = len(texts) - len(got)  # the broadcast (occurrence "b1")
        assert copies == 1 or (copies == 0 and (user, "b1") in out.uncertain), (user, texts)
    # one status message, edited by one process at a time, ending as the summary; one report
    staff = out.texts[STAFF]
    status = [t for t in staff if t.startswith("ارسال پیام شمارهٔ ۱")]
    assert len(status) == 1 and "به پایان رسید" in status[0], staff
    assert len([t for t in staff if t.startswith("گزارش پیام گروهی شمارهٔ ۱")]) == 1, staff
    assert out.floods == 0  # the sandbox enforces Telegram's 30 a second
    # the ledger's sends spaced (DELIVERY_RATE_PER_SECOND, then the bot-wide budget right before
    # each call): arriving, whatever bunched them on the way, within the budget + 1
    assert out.busiest_second() <= BUDGET + 1, report(out, EACH)
    assert out.slots and set(out.slots.values()) == {1}, out.slots  # each slot once, cluster-wide
    # figures, not asserted (no timing in tests): printed with pytest -s
    print("\n" + "\n".join(report(out, EACH)))
