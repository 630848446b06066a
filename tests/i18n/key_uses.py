"""Which locale keys Python code uses, read from its syntax tree.

- A string literal equal to a key uses that key, wherever it stands.
- A literal in a key position (the text argument of `t(...)`, `translate(...)`,
  `translator(...)`, a `key=`/`*_key=` argument, the positional texts of `Command`, `MenuEntry`,
  `button`) claims to be a key: it must exist.
- Elsewhere a literal shaped like a key (`word-word-word`) whose first two words are those of
  existing keys (`audit-kind-…`) claims to be a key of that family: a table of keys with a
  typing error is caught too. Other dashed literals (`utf-8`, a notice code) are left alone.
- An f-string `f"reminders-kind-{kind}"`, a template `"audit-status-{subject}-{code}"` and a head
  `"audit-field-" + name` use every key they can build.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

SHAPE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$")
HEAD = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*-$")  # "audit-field-", "topic-"
TEMPLATE = re.compile(r"^[a-z0-9]+-[a-z0-9{}_-]*\{[a-z_]+\}[a-z0-9{}_-]*$")
PART = "[a-z0-9-]+"
TEXT_CALLS = {"t", "translate", "translator"}
KEY_CALLS = {"Command", "MenuEntry", "button"}


@dataclass
class KeyUses:
    exact: set[str] = field(default_factory=set)  # every string literal
    in_key_position: set[str] = field(default_factory=set)
    patterns: set[str] = field(default_factory=set)  # regular expressions of built keys

    def claimed(self, keys: set[str]) -> set[str]:
        """The literals that must be keys: those in key positions, and those of a known family."""
        families = {family(k) for k in keys if family(k)}
        shaped = {s for s in self.exact if SHAPE.match(s) and family(s) in families}
        return {s for s in self.in_key_position if SHAPE.match(s)} | shaped

    def unused(self, keys: set[str]) -> set[str]:
        built = [re.compile(p) for p in self.patterns]
        return {k for k in keys - self.exact if not any(b.fullmatch(k) for b in built)}


def family(text: str) -> str | None:
    """The first two words of a key of three or more (`audit-kind-photo` → `audit-kind`)."""
    words = text.split("-")
    return "-".join(words[:2]) if len(words) >= 3 else None


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _strings(nodes: Iterable[ast.expr]) -> list[str]:
    return [n.value for n in nodes if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _fstring_pattern(node: ast.JoinedStr) -> str | None:
    parts = node.values
    if not parts or not isinstance(parts[0], ast.Constant) or not isinstance(parts[0].value, str):
        return None
    head = parts[0].value
    if not HEAD.match(head) and not SHAPE.match(head):
        return None
    out = []
    for part in parts:
        if isinstance(part, ast.Constant) and isinstance(part.value, str):
            if not re.fullmatch(r"[a-z0-9-]*", part.value):
                return None
            out.append(re.escape(part.value))
        else:
            out.append(PART)
    return "".join(out)


def scan(paths: Iterable[Path]) -> KeyUses:
    found = KeyUses()
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
                found.exact.add(text)
                if HEAD.match(text) and text.count("-") >= 2:
                    found.patterns.add(re.escape(text) + PART)
                elif TEMPLATE.match(text):
                    found.patterns.add(re.sub(r"\\\{[a-z_]+\\\}", PART, re.escape(text)))
            elif isinstance(node, ast.JoinedStr):
                pattern = _fstring_pattern(node)
                if pattern is not None:
                    found.patterns.add(pattern)
            elif isinstance(node, ast.Call):
                name = _name(node.func)
                if name in TEXT_CALLS:
                    found.in_key_position.update(_strings(node.args[:2]))
                elif name in KEY_CALLS:
                    found.in_key_position.update(_strings(node.args))
                for keyword in node.keywords:
                    if keyword.arg and (keyword.arg == "key" or keyword.arg.endswith("_key")):
                        found.in_key_position.update(_strings([keyword.value]))
    return found


_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_QUOTED = re.compile(r"""(["'])([^"'\n]*)\1""")
_T_CALL = re.compile(r"""\bt\(\s*(["'])([^"'\n]+)\1""")


def scan_templates(paths: Iterable[Path], found: KeyUses) -> KeyUses:
    """The same reading for Jinja templates: the string literals inside `{{ }}` and `{% %}` (not
    the page's HTML), `t("key")` a key position, a `"family-" ~ code` head the family it builds."""
    for path in paths:
        for block in _JINJA.findall(path.read_text(encoding="utf-8")):
            for match in _QUOTED.finditer(block):
                text = match.group(2)
                found.exact.add(text)
                if HEAD.match(text) and text.count("-") >= 2:
                    found.patterns.add(re.escape(text) + PART)
            found.in_key_position.update(m.group(2) for m in _T_CALL.finditer(block))
    return found

