"""`coopbot run --role ingress|worker`: one part of the cluster in this process."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.core.config import ConfigError, Settings

if TYPE_CHECKING:
    from procrastinate import App

    from bot.cluster.health import PartState

ROLES = ("all", "ingress", "worker")


class Part(Protocol):
    queue: App | None

    async def start(self, tokens: dict[str, str] | None = None) -> None: ...
    def parts(self) -> dict[str, PartState]: ...
    async def run(self) -> None: ...
    async def stop(self) -> None: ...


def check_role(settings: Settings, role: str) -> None:
    """The ingress and worker roles share their work through PostgreSQL: with any other
    database, one sentence (ConfigError)."""
    if role == "all":
        return
    try:
        backend = make_url(settings.database_url).get_backend_name()
    except ArgumentError:
        backend = ""
    if backend != "postgresql":
        raise ConfigError(key="cli-role-needs-postgres", role=role)


def make_part(settings: Settings, role: str, base_urls: dict[str, str] | None = None) -> Part:
    from bot.cluster.ingress import Ingress
    from bot.cluster.worker import ClusterWorker

    if role == "ingress":
        return Ingress(settings, base_urls=base_urls or {})
    return ClusterWorker(settings, base_urls=base_urls or {})
