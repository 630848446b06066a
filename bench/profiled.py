"""`python bench/profiled.py OUT run --role worker`: coopbot under cProfile, but only between
SIGUSR1 (start) and SIGUSR2 (stop, statistics written to OUT), so that a bench profiles the
minutes it measures and not the start-up; CPU time, not wall time (others share the cores).
Started from within the event loop, the profile's cumulative times are unreliable: read the
functions' own times (tottime). Used by bench/cluster_bench.py --profile."""

from __future__ import annotations

import cProfile
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.__main__ import main  # noqa: E402


def run(out: str, argv: list[str]) -> int:
    profile = cProfile.Profile(time.process_time)  # CPU: the machine is shared
    signal.signal(signal.SIGUSR1, lambda *_: profile.enable())

    def stop(*_: object) -> None:
        profile.disable()
        profile.dump_stats(out)

    signal.signal(signal.SIGUSR2, stop)
    return main(argv)


if __name__ == "__main__":
    sys.exit(run(sys.argv[1], sys.argv[2:]))
