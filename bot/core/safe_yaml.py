"""YAML from files an office hands the bot (QUESTIONNAIRE_FILE, COURSES_FILE, the places list):
`yaml.safe_load` (no Python objects) within bounds, so a hostile or broken file is one sentence
instead of a stalled start-up or a RecursionError traceback.

- At most MAX_BYTES are read (`read_text`).
- Nesting deeper than MAX_DEPTH is refused while the document is composed (PyYAML composes
  recursively: a few thousand `[` would otherwise end in RecursionError).
- At most MAX_NODES nodes, counting every alias as the nodes it stands for ("billion laughs":
  a few lines of anchors that expand to billions), counted once per node before anything is
  built.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 500_000


class YamlRefused(ValueError):
    """The file is not read: one sentence, without a trailing period."""


class _BoundedLoader(yaml.SafeLoader):
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise YamlRefused(f"it nests deeper than {MAX_DEPTH} levels")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def read_text(path: Path) -> str:
    """The file's text, refused past MAX_BYTES (OSError and UnicodeDecodeError pass through)."""
    with path.open("rb") as stream:
        data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise YamlRefused(f"it is larger than {MAX_BYTES // (1024 * 1024)} MB")
    return data.decode("utf-8")


def safe_load(text: str) -> Any:
    """`yaml.safe_load(text)` within the bounds above; YamlRefused or yaml.YAMLError."""
    if len(text) > MAX_BYTES:
        raise YamlRefused(f"it is larger than {MAX_BYTES // (1024 * 1024)} MB")
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _size(node, {}) > MAX_NODES:
            raise YamlRefused(f"it expands to more than {MAX_NODES:,} values")
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _size(node: yaml.Node, seen: dict[int, int]) -> int:
    """Nodes under `node`, an alias counted as all it stands for (each node sized once)."""
    known = seen.get(id(node))
    if known is not None:
        return known
    seen[id(node)] = MAX_NODES + 1  # a node inside itself (a recursive alias): too many
    total = 1
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            total += _size(item, seen)
            if total > MAX_NODES:
                break
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            total += _size(key, seen) + _size(value, seen)
            if total > MAX_NODES:
                break
    seen[id(node)] = total
    return total
