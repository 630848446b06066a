"""Every callback prefix and every dialog is named once (bot/chat/features.py) and handled by
exactly one registration; nothing the bot registers or offers lies outside the enums."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

from telegram.ext import CallbackQueryHandler

from bot.chat import callbacks
from bot.chat.features import Feature, Flow
from tests.handlers.harness import make_bot
from tests.handlers.test_authorization_matrix import feature_of, handlers_of

ROOT = Path(__file__).resolve().parents[2]
# Modules that still spell a prefix as a string of their own (to be moved onto Feature).


async def test_every_feature_and_flow_is_registered_exactly_once(tmp_path):
    async with make_bot(tmp_path, demo=True) as bot:
        presses = [h for h in handlers_of(bot.app) if isinstance(h, CallbackQueryHandler)]
        prefixes = Counter(feature_of(h) for h in presses if h.pattern is not None)
        catch_all = [h.callback.__module__ for h in presses if h.pattern is None]
        registry = bot.app.bot_data["registry"]
        menu_features = {callbacks.parse(e.callback).feature for e in registry.menu}
    assert catch_all == ["handlers.fallback"]  # a press no feature took: "no longer active"
    assert None not in prefixes, "a callback handler without a `feature:` pattern"
    assert set(prefixes) == {str(f) for f in Feature}, set(prefixes) ^ {str(f) for f in Feature}
    assert all(n == 1 for n in prefixes.values()), prefixes
    assert menu_features <= {str(f) for f in Feature}
    assert set(registry.flows) == {str(f) for f in Flow}


def test_the_enums_hold_distinct_valid_names():
    for enum in (Feature, Flow):
        values = [str(member) for member in enum]
        assert len(values) == len(set(values))
    for feature in Feature:
        assert callbacks.parse(callbacks.encode(feature, "x")) == callbacks.Callback(feature, "x")
        assert len(feature) <= 8  # every button carries it within 64 bytes


def literal_prefixes(path: Path) -> list[str]:
    """Prefixes spelled as strings: `callbacks.encode("x", ...)`, `callbacks.pattern("x")`, a
    module constant `FEATURE = "x"` or `FLOW = "x"`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"encode", "pattern"}
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "callbacks"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.append(f"line {node.lineno}: {node.args[0].value!r}")
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id.endswith(("FEATURE", "FLOW")):
                    found.append(f"line {node.lineno}: {target.id} = {node.value.value!r}")
    return found


def test_no_module_spells_a_prefix_or_a_flow_name_itself():
    for package in ("bot", "handlers"):
        for path in sorted((ROOT / package).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if name == "bot/chat/features.py":
                continue
            assert not literal_prefixes(path), (name, literal_prefixes(path))


def test_the_literal_check_can_fail(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('FEATURE = "x"\ncallbacks.encode("adm", "menu")\n', encoding="utf-8")
    assert len(literal_prefixes(sample)) == 2
