"""compose.yaml and the Dockerfile agree with the code: the services the README promises, settings
coopbot knows, health checks on the port the process serves, the database PostgreSQL creates.
(No container engine runs here; `docker compose config` checks the file's syntax where one does.)"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.cluster.health import DEFAULT_PORT
from bot.core.config import Settings

ROOT = Path(__file__).resolve().parents[2]
COOPBOT = ("ingress", "worker1", "worker2", "worker3", "web")


def interpolate(value: str) -> str:
    """Compose's `${NAME:-default}` with nothing set: the defaults."""
    return re.sub(r"\$\{(\w+):-([^}]*)\}", lambda m: m.group(2), value)


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


def env_of(service: dict) -> dict[str, str]:
    return {k: interpolate(str(v)) for k, v in service["environment"].items()}


def test_postgres_one_ingress_three_workers_and_the_console():
    services = compose()["services"]
    assert set(services) == {"postgres", *COOPBOT}
    roles = [services[name]["command"] for name in COOPBOT]
    assert roles == [["run", "--role", "ingress"]] + [["run", "--role", "worker"]] * 3 + [
        ["run", "--role", "web"]
    ]
    for name, service in services.items():
        assert service["restart"] == "unless-stopped", name
        assert service["healthcheck"]["test"], name
    for name in COOPBOT:
        assert services[name]["depends_on"] == {"postgres": {"condition": "service_healthy"}}


def test_every_setting_is_one_coopbot_reads_and_the_url_names_the_database():
    services = compose()["services"]
    fields = {name.upper() for name in Settings.model_fields}
    pg = services["postgres"]["environment"]
    for name in COOPBOT:
        env = env_of(services[name])
        assert set(env) <= fields, set(env) - fields
        settings = Settings(_env_file=None, **{k.lower(): v for k, v in env.items()})
        url = settings.database_url
        expected = (
            f"postgresql+asyncpg://{pg['POSTGRES_USER']}:coopbot@postgres:5432/{pg['POSTGRES_DB']}"
        )
        assert url == expected
        assert settings.tokens() == {}  # empty tokens: none configured, not a malformed one


def test_health_checks_ask_the_port_the_process_serves():
    services = compose()["services"]
    for name in COOPBOT:
        env = env_of(services[name])
        port = int(env["HEALTH_PORT"])
        assert port == DEFAULT_PORT
        # the console answers /healthz on its own port (bot/cluster/console.py)
        checked = int(env["WEB_PORT"]) if name == "web" else port
        check = " ".join(services[name]["healthcheck"]["test"])
        assert f"http://127.0.0.1:{checked}/healthz" in check
        assert env["HEALTH_HOST"] == "127.0.0.1"  # the check runs inside the container


def test_every_process_knows_the_console_address_and_only_the_console_listens():
    services = compose()["services"]
    addresses = {env_of(services[name])["WEB_BASE_URL"] for name in COOPBOT}
    assert len(addresses) == 1  # the workers' `/web` links lead to the console
    for name in COOPBOT:
        assert ("WEB_PORT" in env_of(services[name])) == (name == "web"), name
    web = services["web"]
    port = env_of(web)["WEB_PORT"]
    assert [interpolate(p) for p in web["ports"]] == [f"127.0.0.1:{port}:{port}"]
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert f"ENV HEALTH_PORT={DEFAULT_PORT}" in dockerfile and "/healthz" in dockerfile


def test_postgres_notices_a_lost_machine_within_seconds():
    command = compose()["services"]["postgres"]["command"]
    options = dict(c.split("=", 1) for c in command if "=" in c)
    idle, interval, count = (
        int(options[f"tcp_keepalives_{k}"]) for k in ("idle", "interval", "count")
    )
    assert idle + interval * count <= 30


def test_the_image_holds_every_package_and_the_texts():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    for folder in ("bot", "handlers", "storage", "sandbox", "locales", "web"):
        assert f"COPY {folder} ./{folder}" in dockerfile
    assert "pip install -e ." in dockerfile  # texts and migrations are read from the tree
