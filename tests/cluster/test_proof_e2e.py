"""Issue 17's proof, small: the real processes (an ingress and three workers on PostgreSQL, the
sandbox over HTTP with Telegram's flood limits on), 30 people in closed loop through /start, the
assessment's first answers, /language and /help, a planner's ledger rows and a broadcast to 200,
and kill -9 at 40% of the steps of a worker, or of the ingress leading the polling (another
stands by) and the worker leading the ledger. Every check of bench/cluster_proof_bench.py must
pass: effects once, replies in order, duplicates within what was in flight, every ledger row
sent once within the bot-wide rate + 1, no 429, each planner slot once, the killed process's
chats answered again within 5 s (a step whose answer was saved by the killed worker before its
reply went out is answered with the person's place: handlers/resume.py)."""

from __future__ import annotations

import pytest

from bench.cluster_proof_bench import SCENARIOS, checks, run

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("scenario", SCENARIOS)
async def test_the_cluster_under_load_with_kill_9(tmp_path, pg_url, scenario):
    out = await run(
        pg_url, tmp_path, scenario=scenario, people=30, planned=20, broadcast=200,
        first_port=18250, step_timeout=20, time_box=120,
    )  # fmt: skip
    results = checks(out)
    report = "\n".join(c.line() for c in results)
    print("\n" + report)  # the figures, with pytest -s
    assert all(c.ok for c in results), report
