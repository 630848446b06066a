"""The members kept in memory (bot/services/members.py, MemberCache) stay true only if every
change of a members row in this process forgets the person: each service method that calls a
storage method changing members rows must also call forget_member (or the cache's own forget)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# storage methods that change a members row (storage/members.py, storage/privacy.py)
CHANGES = {"set_locale", "set_role", "mark_blocked", "erase_member"}
FORGETS = ("forget_member(", "self.cache.forget(", "self.cache.changed(")
# MemberService._visit_batch writes the visit and returns the row as stored: seen() keeps that row.
KEEPS_WHAT_IT_WROTE = {("members.py", "_visit_batch")}


def changing_calls(tree: ast.AST):
    """(method, call) for every call of a changing storage method made on a repository, i.e. not
    on `self` nor on another service (`self.x.set_role(...)`)."""
    for method in ast.walk(tree):
        if not isinstance(method, ast.ClassDef):
            continue
        for fn in method.body:
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(fn):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                    continue
                if node.func.attr not in CHANGES:
                    continue
                receiver = ast.unparse(node.func.value)
                if receiver == "self" or receiver.startswith("self."):
                    continue
                yield fn, node


def test_every_change_of_a_members_row_forgets_the_person():
    found = 0
    for path in sorted((ROOT / "bot" / "services").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for fn, call in changing_calls(ast.parse(source)):
            found += 1
            if (path.name, fn.name) in KEEPS_WHAT_IT_WROTE:
                continue
            body = ast.get_source_segment(source, fn) or ""
            assert any(f in body for f in FORGETS), (
                f"{path.relative_to(ROOT)}:{call.lineno} {ast.unparse(call.func)} changes a "
                f"members row but {fn.name}() does not forget the person"
            )
    assert found >= 5  # set_locale, two set_role, mark_blocked, erase_member
