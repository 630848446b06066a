"""bench/updates_bench.py runs end to end: the real `coopbot run`, 3 people, one configuration.

No timing is asserted (figures depend on the machine); only that every step is answered, the
replies are the expected ones in step order, and nothing failed.
"""

import pytest

from bench.updates_bench import CONFIGS, run_once

pytestmark = pytest.mark.e2e


async def test_three_people_step_through_the_flow_in_order(tmp_path):
    result = await run_once(CONFIGS["coopbot"], 3, latency=0.0, time_box=60, workdir=tmp_path)
    assert (result.answered, result.steps_planned, result.cut_off) == (15, 15, False)
    assert result.order_ok
    assert result.errors == 0, result.notes
    assert result.unanswered_callbacks == 0
    assert result.exit_code == 0
    assert len(result.latencies) == 15 and not result.waiting


@pytest.mark.parametrize("name", ["echo", "production-broadcast"])
async def test_under_telegrams_limits_the_echo_bot_and_a_broadcast_run(tmp_path, name):
    result = await run_once(
        CONFIGS[name],
        3,
        latency=0.0,
        time_box=60,
        workdir=tmp_path,
        broadcast=40,
        broadcast_rate=20,
    )
    assert (result.answered, result.cut_off) == (15, False)
    assert result.order_ok and result.errors == 0, result.notes
    assert result.floods == 0, result.notes
    if name == "production-broadcast":
        assert (result.broadcast_copies, result.broadcast_duplicates) == (40, 0)
        assert result.broadcast_lost == 0 and result.broadcast_rate > 0
