"""`coopbot run --role ingress|worker|web`: one part of the cluster in this process."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Protocol

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.core.config import ConfigError, Settings

if TYPE_CHECKING:
    from procrastinate import App

    from bot.cluster.health import PartState

log = logging.getLogger(__name__)

ROLES = ("all", "ingress", "worker", "web")


class Part(Protocol):
    queue: App | None

    async def start(self, tokens: dict[str, str] | None = None) -> None: ...
    def parts(self) -> dict[str, PartState]: ...
    async def run(self) -> None: ...
    async def stop(self) -> None: ...


def check_role(settings: Settings, role: str) -> None:
    """The cluster roles share their work through PostgreSQL: with any other database, one
    sentence (ConfigError). The web role also needs WEB_BASE_URL: the address staff open is
    not the address one process listens on, and the workers make the `/web` links to it."""
    if role == "all":
        return
    try:
        backend = make_url(settings.database_url).get_backend_name()
    except ArgumentError:
        backend = ""
    if backend != "postgresql":
        key = "cli-role-web-needs-postgres" if role == "web" else "cli-role-needs-postgres"
        raise ConfigError(key=key, role=role)
    if role == "web" and settings.web_base_url is None:
        raise ConfigError(key="cli-role-web-needs-base-url")
    if role != "web" and settings.web_port is not None and settings.web_base_url is None:
        log.warning(
            "WEB_PORT is set, but only `--role web` serves the web console; set WEB_BASE_URL "
            "(the console's address) on every process, or /web links lead to this machine"
        )


def make_part(settings: Settings, role: str, base_urls: dict[str, str] | None = None) -> Part:
    from bot.cluster.ingress import Ingress
    from bot.cluster.worker import ClusterWorker

    if role == "ingress":
        return Ingress(settings, base_urls=base_urls or {})
    if role == "web":
        from bot.cluster.console import WebConsole

        return WebConsole(settings, base_urls=base_urls or {})
    return ClusterWorker(settings, base_urls=base_urls or {})
