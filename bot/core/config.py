"""Settings: one object, from the environment and an optional `.env`, loaded once in `__main__`."""

from __future__ import annotations

import re
from datetime import time as dt_time
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AnyHttpUrl,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PLATFORMS = ("telegram", "bale")
DEFAULT_DB_URL = "sqlite+aiosqlite:///data/coopbot.sqlite3"
TOKEN_SHAPE = re.compile(r"[0-9]{1,20}:[A-Za-z0-9_-]{1,200}")
WEBHOOK_SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,256}")  # Telegram's secret_token

if TYPE_CHECKING:
    from bot.core.i18n import Translator


class ConfigError(Exception):
    """A setting, or the file, database or server it names, is wrong or unusable: one sentence
    for the operator. Either plain English text, or `key` (a message of locales/*/cli.ftl) with
    its fields, which `text(locale)` says in the operator's language (`str()` in English)."""

    def __init__(self, text: str = "", *, key: str | None = None, **fields: object) -> None:
        super().__init__(text or key)
        self.key = key
        self.fields = fields

    def text(self, locale: str = "en") -> str:
        if self.key is None:
            return str(self.args[0])
        return _translator()(locale, self.key, **self.fields)

    def __str__(self) -> str:
        return self.text("en")


@lru_cache(maxsize=1)
def _translator() -> Translator:
    from bot.core.i18n import Translator  # texts are loaded only when an error is shown

    return Translator(default="en")


def lead_minutes(lead: timedelta) -> int:
    """A reminder lead in whole minutes: what tells two leads of one session apart."""
    return int(lead.total_seconds() // 60)


def parse_admins(raw: str | list[str] | None) -> list[tuple[str, int]]:
    """`telegram:123,bale:456` -> [("telegram", 123), ("bale", 456)]."""
    if raw is None or raw == "":
        return []
    items = raw if isinstance(raw, list) else raw.split(",")
    admins: list[tuple[str, int]] = []
    for item in items:
        item = str(item).strip()
        if not item:
            continue
        platform, sep, user = item.partition(":")
        platform = platform.strip().lower()
        user = user.strip()
        if not sep or platform not in PLATFORMS or not user.isascii() or not user.isdigit():
            raise ValueError(
                f"'{item}' is not of the form platform:user_id (platform telegram or bale)"
            )
        admins.append((platform, int(user)))
    return admins


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    telegram_token: SecretStr | None = None
    bale_token: SecretStr | None = None
    telegram_api_url: AnyHttpUrl = AnyHttpUrl("https://api.telegram.org/bot")
    bale_api_url: AnyHttpUrl = AnyHttpUrl("https://tapi.bale.ai/bot")
    database_url: str = DEFAULT_DB_URL
    admins: Annotated[list[tuple[str, int]], NoDecode] = Field(default_factory=list)
    default_locale: Literal["fa", "en"] = "fa"
    timezone: str = "Asia/Tehran"
    http_transport: Literal["aiohttp", "httpx"] = "aiohttp"
    connection_pool_size: int = Field(default=256, ge=1, le=10_000)
    max_concurrent_updates: int = Field(default=256, ge=1, le=100_000)
    # Pacing (bot/messenger/pacing.py). The bot-wide budget of what the bot sends on its own (the
    # ledger:
    # reminders, broadcasts; Telegram: about 30/s in bulk), 0 = none. Replies are paced per chat
    # only: chat_rate_per_second with bursts of chat_burst in a private chat (Telegram: about 1/s),
    # group_rate_per_minute in a group (Telegram: 20/min); 0 turns that pacing off. A 429 always
    # holds back only its chat for retry_after.
    rate_limit_per_second: float = Field(default=30, ge=0)
    chat_rate_per_second: float = Field(default=1.0, ge=0, le=100)
    chat_burst: int = Field(default=3, ge=1, le=100)
    group_rate_per_minute: float = Field(default=20, ge=0, le=6000)
    # A reply held back by 429s is sent again after each wait, until the waits add up to this
    # (then its error is logged); 0 = do not wait, the error at once.
    reply_max_wait_seconds: float = Field(default=120, ge=0, le=3600)
    # Updates of one chat pending at once (bot/messenger/updates.py); beyond it they are dropped
    # and the
    # person is told once to slow down. 0 = no limit.
    chat_queue_limit: int = Field(default=10, ge=0, le=10_000)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # /healthz and /readyz (bot/cluster/health.py): off in `coopbot run` (role all) unless a
    # port is set; the cluster roles serve them on 8080 unless another port is set.
    health_port: int | None = Field(default=None, ge=1, le=65_535)
    health_host: str = "127.0.0.1"
    questionnaire_file: Path | None = None
    # Courses: waitlist offers, the monthly nomination cycle (Jalali day, Tehran), catalogue file.
    offer_hours: int = Field(default=48, ge=1, le=24 * 14)
    nomination_cutoff_day: int = Field(default=25, ge=1, le=31)
    nomination_coop_cap: int = Field(default=3, ge=1, le=1000)
    courses_file: Path | None = None
    # Delivery ledger (bot/background/jobs.py): every message the bot sends on its own. The
    # dispatcher runs
    # every tick, claims up to a batch of due rows with a lease (rows of a process that died are
    # claimed again after it), and sends at most `delivery_rate_per_second` per messenger (at or
    # below rate_limit_per_second, the bot-wide budget its sends are held to). 5xx and timeouts
    # are retried after retry_seconds, doubled per attempt up to retry_max_seconds, then
    # recorded as failed.
    delivery_rate_per_second: float = Field(default=25, gt=0, le=1000)
    delivery_tick_seconds: float = Field(default=1.0, gt=0, le=60)
    delivery_batch_size: int = Field(default=50, ge=1, le=1000)
    delivery_lease_seconds: int = Field(default=120, ge=5, le=3600)
    delivery_max_attempts: int = Field(default=5, ge=1, le=50)
    delivery_retry_seconds: float = Field(default=5, gt=0, le=3600)
    delivery_retry_max_seconds: float = Field(default=300, gt=0, le=86_400)
    # Quiet hours, Tehran wall time (start == end turns them off): non-urgent messages wait.
    quiet_hours_start: dt_time = dt_time(22, 0)
    quiet_hours_end: dt_time = dt_time(8, 0)
    # Reminders (bot/services/reminders/): hours before each session of a confirmed course
    # (`24,2`), before a course starts and before a registration deadline; how often and how far
    # ahead the planner writes them. Monthly: staff are reminded on nomination_cutoff_day at
    # nomination_cutoff_time, admins escalated to nomination_escalation_hours later if the list
    # is not marked sent; unfinished assessments are nudged assessment_nudge_days before it.
    reminder_session_leads_hours: Annotated[list[float], NoDecode] = Field(
        default_factory=lambda: [24.0, 2.0]
    )
    reminder_course_start_hours: float = Field(default=48, gt=0, le=24 * 14)
    reminder_deadline_hours: float = Field(default=24, gt=0, le=24 * 14)
    reminder_plan_interval_seconds: int = Field(default=600, ge=10, le=86_400)
    reminder_plan_horizon_hours: float = Field(default=48, gt=0, le=24 * 31)
    nomination_cutoff_time: dt_time = dt_time(9, 0)
    nomination_escalation_hours: float = Field(default=48, gt=0, le=24 * 14)
    assessment_nudge_days: int = Field(default=3, ge=1, le=20)
    # Staff invitation links (`/start inv_<token>`): hours until an unused link expires.
    invite_hours: int = Field(default=72, ge=1, le=24 * 365)
    # Several processes on PostgreSQL (bot/cluster/): what `coopbot run` does (`--role` wins):
    # all = everything in one process (the default; SQLite or PostgreSQL); ingress = long-poll
    # the messengers and store each update as a job; worker = handle the stored updates; web =
    # serve the staff web console only (bot/cluster/console.py). Each worker handles up to
    # worker_concurrency updates at once (one per chat), sends a heartbeat every
    # worker_heartbeat_seconds; a worker silent for worker_stalled_seconds is taken for dead and
    # its updates are handled again by the others.
    role: Literal["all", "ingress", "worker", "web"] = "all"
    worker_concurrency: int = Field(default=32, ge=1, le=10_000)
    worker_heartbeat_seconds: float = Field(default=1.0, gt=0, le=60)
    worker_stalled_seconds: float = Field(default=3.0, gt=0, le=600)
    # The staff web console (web/): off unless WEB_PORT or WEB_BASE_URL is set. It listens on
    # WEB_HOST:WEB_PORT (8080 when only the URL is given); WEB_BASE_URL is the address staff
    # open (behind a reverse proxy: its https address, which also makes the cookie Secure).
    web_port: int | None = Field(default=None, ge=1, le=65_535)
    web_host: str = "127.0.0.1"
    web_base_url: AnyHttpUrl | None = None
    web_link_minutes: int = Field(default=10, ge=1, le=24 * 60)  # a `/web` sign-in link
    web_session_hours: int = Field(default=12, ge=1, le=24 * 30)  # a console session
    # Telegram by webhook instead of long polling (ingress role): Telegram posts each update to
    # webhook_url (public HTTPS, passed on to webhook_port of every ingress process) with
    # webhook_secret in its X-Telegram-Bot-Api-Secret-Token header; anything else is refused.
    webhook_url: AnyHttpUrl | None = None
    webhook_port: int = Field(default=8443, ge=0, le=65_535)
    webhook_secret: SecretStr | None = Field(default=None, validate_default=True, repr=False)

    @field_validator("admins", mode="before")
    @classmethod
    def _admins(cls, value: object) -> list[tuple[str, int]]:
        if isinstance(value, list) and all(isinstance(v, tuple) for v in value):
            return value
        return parse_admins(value)  # type: ignore[arg-type]

    @field_validator("reminder_session_leads_hours", mode="before")
    @classmethod
    def _leads(cls, value: object) -> list[float]:
        items = value.split(",") if isinstance(value, str) else list(value or [])  # type: ignore[call-overload]
        leads = sorted({float(v) for v in items if str(v).strip()}, reverse=True)
        if any(lead <= 0 or lead > 24 * 14 for lead in leads):
            raise ValueError("reminder leads are hours before a session, each in (0, 336]")
        # A reminder is keyed by its lead in whole minutes (bot/services/reminders/): two
        # leads in one minute would be one reminder, so they are refused here.
        minutes = [lead_minutes(timedelta(hours=lead)) for lead in leads]
        if 0 in minutes:
            raise ValueError("each reminder lead must be at least one minute (0.0167 hours)")
        for earlier, later, m in zip(leads, leads[1:], minutes[1:], strict=False):
            if m == lead_minutes(timedelta(hours=earlier)):
                raise ValueError(
                    f"the reminder leads {earlier:g} and {later:g} hours fall in the same "
                    f"minute ({m} minutes before a session); give leads at least a minute apart"
                )
        return leads

    @field_validator("telegram_api_url", "bale_api_url")
    @classmethod
    def _ends_with_bot(cls, value: AnyHttpUrl) -> AnyHttpUrl:
        if not str(value).rstrip("/").endswith("/bot"):
            raise ValueError("the base URL must end in /bot (the token is appended to it)")
        return value

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        if value is None:
            if info.data.get("webhook_url") is not None:
                raise ValueError("is needed with WEBHOOK_URL (1-256 of A-Z, a-z, 0-9, _ and -)")
            return None
        if not WEBHOOK_SECRET_SHAPE.fullmatch(value.get_secret_value()):
            raise ValueError("must be 1-256 of A-Z, a-z, 0-9, _ and - (Telegram's rule)")
        return value

    @field_validator("telegram_token", "bale_token", mode="before")
    @classmethod
    def _empty_token(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("telegram_token", "bale_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        # BotFather's form on both messengers: the bot's number, a colon, letters. The token is
        # never repeated in the message (it is a secret).
        if value is not None and not TOKEN_SHAPE.fullmatch(value.get_secret_value()):
            raise ValueError("not a bot token")  # load_settings: cli-token-malformed
        return value

    def tokens(self) -> dict[str, str]:
        """The configured messengers and their tokens."""
        out = {}
        if self.telegram_token is not None:
            out["telegram"] = self.telegram_token.get_secret_value()
        if self.bale_token is not None:
            out["bale"] = self.bale_token.get_secret_value()
        return out

    def api_url(self, platform: str) -> str:
        url = self.telegram_api_url if platform == "telegram" else self.bale_api_url
        return str(url).rstrip("/")

    def is_admin(self, platform: str, user_id: int) -> bool:
        return (platform, user_id) in self.admins

    @property
    def web_enabled(self) -> bool:
        return self.web_port is not None or self.web_base_url is not None

    @property
    def web_listen_port(self) -> int:
        return self.web_port if self.web_port is not None else 8080

    @property
    def web_url(self) -> str:
        """The console's public address, without a trailing slash."""
        if self.web_base_url is not None:
            return str(self.web_base_url).rstrip("/")
        return f"http://{self.web_host}:{self.web_listen_port}"

    @property
    def web_secure(self) -> bool:
        """Cookies only over TLS: the public address is https."""
        return self.web_url.startswith("https://")

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def load_settings(**overrides: object) -> Settings:
    """Load settings, turning a validation error into one clear sentence."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        err = exc.errors()[0]
        name = str(err["loc"][0]).upper() if err.get("loc") else "?"
        if name in ("TELEGRAM_TOKEN", "BALE_TOKEN"):
            raise ConfigError(key="cli-token-malformed", setting=name) from None
        msg = str(err.get("msg", "is invalid")).removeprefix("Value error, ")
        raise ConfigError(key="cli-setting-wrong", name=name, problem=msg) from None
