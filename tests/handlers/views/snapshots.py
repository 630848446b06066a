"""Screens compared with committed snapshot files, one per screen and language.

    check("course-list", "fa", screen)

compares the screen (its text, then one line per row of buttons: `label → callback data`) with
tests/handlers/views/snapshots/<name>.<locale>.txt and fails on any difference. After a
deliberate change, write the files again and read the diff before committing:

    UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/handlers/views -q
"""

from __future__ import annotations

import os
from pathlib import Path

from bot.chat.dialog import Screen

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"


def render(screen: Screen) -> str:
    lines = [screen.text, "---"]
    if screen.markup is not None:
        for row in screen.markup.inline_keyboard:
            lines.append(" | ".join(f"{b.text} → {b.callback_data}" for b in row))
    return "\n".join(lines) + "\n"


def check(name: str, locale: str, screen: Screen, *, update: bool = UPDATE) -> str:
    """The rendered screen, after comparing it with (or, with UPDATE_SNAPSHOTS=1, writing) its
    snapshot file."""
    path = SNAPSHOTS / f"{name}.{locale}.txt"
    rendered = render(screen)
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rendered, encoding="utf-8")
    assert path.exists(), f"no snapshot {path.name}: run with UPDATE_SNAPSHOTS=1 and review it"
    expected = path.read_text(encoding="utf-8")
    assert rendered == expected, f"{path.name} differs from what the view renders now"
    return rendered
