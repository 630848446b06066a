"""`coopbot demo` as a newcomer runs it, input piped: `--staff --platform bale --lang en` gives an
English admin with an office to try, and /closemonth; the next plain `coopbot demo` in the same
folder is a member again (ADMINS, here the demo's, decides the role it gives)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e


def demo(folder: Path, *args: str, lines: list[str]) -> str:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.endswith("_TOKEN") and k not in ("DATABASE_URL", "ADMINS", "COURSES_FILE")
    }
    env["DEFAULT_LOCALE"] = "fa"
    done = subprocess.run(
        [sys.executable, "-m", "bot", "demo", *args],
        cwd=folder,
        env={**env, "PYTHONPATH": str(ROOT)},
        input="".join(line + "\n" for line in lines).encode(),
        capture_output=True,
        timeout=180,
    )
    out = done.stdout.decode()
    assert done.returncode == 0, out + done.stderr.decode()
    assert "Traceback" not in out + done.stderr.decode()
    return out


def test_staff_demo_on_bale_in_english_then_a_plain_demo(tmp_path):
    out = demo(
        tmp_path,
        "--staff",
        "--platform",
        "bale",
        "--lang",
        "en",
        lines=["/start", "/closemonth", "/closemonth", "/quit"],
    )
    assert "on a local bale sandbox" in out
    assert "you are an admin; 4 members of two cooperatives" in out
    assert "bot: Welcome, مریم" in out  # Bale sends no language: --lang is the default
    assert out.count(" list is closed now, as its cut-off would close it.") == 1
    assert " list is closed already: open /nominations to see it." in out

    out = demo(tmp_path, "--platform", "bale", lines=["/closemonth", "/nominations", "/quit"])
    assert "you are an admin" not in out
    assert "bot: این فرمان را نمی‌شناسم" in out  # no /closemonth outside --staff
    assert "bot: پوزش می‌خواهیم؛ این بخش ویژهٔ کارشناسان اداره است" in out  # not admin now
