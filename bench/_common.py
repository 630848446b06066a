"""Shared by the benchmarks in bench/: the machine setup every report starts with."""

from __future__ import annotations

import os
import platform
from collections.abc import Iterable
from importlib import metadata

#: The libraries whose versions decide the transport figures.
TRANSPORT_PACKAGES = ("python-telegram-bot", "aiohttp", "httpx", "httpcore", "yarl", "multidict")


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 0


def cpu_model() -> str | None:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def versions(names: Iterable[str] = TRANSPORT_PACKAGES) -> str:
    found = []
    for name in names:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} -")
    return ", ".join(found)


def machine_setup(packages: Iterable[str] = TRANSPORT_PACKAGES) -> list[str]:
    """Lines describing the machine, the Python and the library versions."""
    model = cpu_model()
    return [
        f"machine: {platform.platform()}, {usable_cores()} usable cores "
        f"({os.cpu_count()} total)" + (f", {model}" if model else ""),
        f"python {platform.python_version()} ({platform.python_implementation()})",
        versions(packages),
    ]


def busiest_second(times: Iterable[float]) -> int:
    """The most of `times` (seconds) inside any 1-second window (what a messenger's per-second
    limit counts)."""
    ordered = sorted(times)
    j, best = 0, 0
    for i, start in enumerate(ordered):
        while j < len(ordered) and ordered[j] - start < 1.0:
            j += 1
        best = max(best, j - i)
    return best
