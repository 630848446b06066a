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
