"""Imports point one way: handlers -> bot.services -> storage; the sandbox stands apart."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def files(package: str):
    return sorted((ROOT / package).rglob("*.py"))


def test_storage_imports_nothing_from_bot_or_handlers():
    for path in files("storage"):
        bad = {n for n in imports_of(path) if n.split(".")[0] in {"bot", "handlers", "telegram"}}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_services_do_not_import_telegram_or_handlers():
    for path in files("bot/services"):
        bad = {n for n in imports_of(path) if n.split(".")[0] in {"telegram", "handlers"}}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_only_app_imports_handlers():
    for path in files("bot"):
        if path.name == "app.py" and path.parent.name == "bot":
            continue
        bad = {n for n in imports_of(path) if n.split(".")[0] == "handlers"}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_handlers_do_not_touch_storage_directly():
    for path in files("handlers"):
        bad = {
            n
            for n in imports_of(path)
            if n.startswith("storage.")
            and not n.endswith((".members", ".chat_states"))
            and "sqlalchemy" not in n
        }
        bad |= {n for n in imports_of(path) if n.split(".")[0] == "sqlalchemy"}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_sandbox_imports_nothing_from_the_bot():
    for path in files("sandbox"):
        bad = {n for n in imports_of(path) if n.split(".")[0] in {"bot", "handlers", "storage"}}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_only_the_demo_command_imports_the_sandbox():
    demo = ROOT / "bot" / "__main__.py"
    for path in files("bot") + files("handlers") + files("storage"):
        if path == demo:
            continue
        bad = {n for n in imports_of(path) if n.split(".")[0] == "sandbox"}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_views_are_pure():
    """A feature package's views render models the actions read: no replies, no services, no
    database, no framework (tests/handlers/views renders them without a bot)."""
    io = ("bot.chat.replies", "bot.chat.sender", "bot.chat.context", "telegram.ext", "storage.")
    for path in sorted((ROOT / "handlers").rglob("*views.py")):
        bad = {n for n in imports_of(path) if n.startswith(io)}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_the_feature_names_import_nothing_of_the_project():
    """bot/chat/features.py is imported by services, handlers and the questionnaire alike."""
    path = ROOT / "bot" / "chat" / "features.py"
    bad = {n for n in imports_of(path) if n.split(".")[0] in {"bot", "handlers", "storage"}}
    assert not bad


# Modules of bot/chat that know no messenger (texts and charts in the reader's language): the
# web console shows the same problems and charts as the chat through them.
SHARED_WITH_WEB = frozenset(
    {
        "bot.chat.audit_texts",
        "bot.chat.charts",
        "bot.chat.course_texts",
        "bot.chat.reader",
        "bot.chat.stats_view",
    }
)


def test_web_goes_through_the_services():
    """web -> bot.services -> storage, like handlers: no telegram, no handlers, no SQL, and none
    of the chat's plumbing (bot.chat, bot.messenger, bot.background) but SHARED_WITH_WEB."""
    chat_only = ("bot.chat", "bot.messenger", "bot.background")
    for path in files("web"):
        names = {n for n in imports_of(path) if n not in SHARED_WITH_WEB}
        bad = {n for n in names if n.split(".")[0] in {"telegram", "handlers", "sqlalchemy"}}
        bad |= {n for n in names if n.startswith("storage.") and n != "storage.members"}
        bad |= {n for n in names if n.startswith(chat_only)}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_what_web_shares_with_the_chat_knows_no_messenger():
    for name in SHARED_WITH_WEB:
        path = ROOT.joinpath(*name.split(".")).with_suffix(".py")
        names = imports_of(path)
        bad = {n for n in names if n.split(".")[0] in {"telegram", "handlers"}}
        bad |= {n for n in names if n.startswith(("bot.chat", "bot.messenger", "bot.background"))}
        bad -= SHARED_WITH_WEB
        assert not bad, f"{name} imports {bad}"


def test_only_app_starts_the_web_console():
    """The composition roots: the single process (bot/app.py) and `--role web`."""
    roots = {ROOT / "bot" / "app.py", ROOT / "bot" / "cluster" / "console.py"}
    for path in files("bot") + files("handlers") + files("storage"):
        if path in roots:
            continue
        bad = {n for n in imports_of(path) if n.split(".")[0] == "web"}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_rules_and_storage_know_nothing_of_the_cluster():
    """Several processes are a way of running the bot: the rules and the data layer work the
    same in one process; only bot/cluster (and the composition root) know the job queue."""
    cluster = {"procrastinate", "psycopg", "psycopg_pool"}
    for path in files("storage") + files("bot/services") + files("handlers"):
        bad = {
            n
            for n in imports_of(path)
            if n.split(".")[0] in cluster or n.startswith("bot.cluster")
        }
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"
