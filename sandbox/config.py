"""Configuration of the sandbox Bot API server. Every knob can be changed at runtime."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

#: Methods that deliver a message to a chat and are subject to flood control.
SEND_METHODS: frozenset[str] = frozenset(
    {"sendMessage", "sendDocument", "sendPhoto", "sendVideo", "copyMessage"}
)


class ManualClock:
    """A monotonic clock moved by hand: ``SandboxConfig(clock=ManualClock())`` makes flood
    control and callback-query age deterministic (``clock.advance(1)`` = one second later)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class SandboxConfig:
    """Knobs of the sandbox. Mutate freely at runtime, e.g. ``sb.config.latency_s = 0.1``."""

    host: str = "127.0.0.1"
    port: int = 0  # 0 = pick a free port

    # --- Telegram's documented limits -------------------------------------------------------
    max_text_length: int = 4096  # UTF-16 code units after entity parsing
    max_caption_length: int = 1024
    max_callback_data_bytes: int = 64
    max_inline_buttons: int = 100
    #: A callback query must be answered within this many seconds (Telegram: ~15 s).
    callback_query_ttl_s: float = 15.0
    #: How many updates getUpdates may return at most (Telegram: 100).
    max_updates_per_call: int = 100

    # --- Flood control (token buckets; None or 0 disables one) ------------------------------
    rate_limit_enabled: bool = True
    global_rate: float | None = 30.0  # messages per second per bot
    global_burst: int = 30
    #: What the global limit counts. "bulk": messages the bot sends on its own, i.e. to chats
    #: whose person has not written to the bot within ``reply_window_s`` (Telegram's ~30/s is the
    #: limit for sending to many chats; replies to people who just wrote are limited per chat
    #: only). "all": every message.
    global_scope: Literal["bulk", "all"] = "bulk"
    reply_window_s: float = 60.0
    chat_rate: float | None = 1.0  # messages per second per private chat
    chat_burst: int = 3
    group_rate_per_min: float | None = 20.0  # messages per minute per group/channel
    group_burst: int = 5
    rate_limited_methods: frozenset[str] = SEND_METHODS

    # --- Injected trouble ---------------------------------------------------------------------
    latency_s: float = 0.0  # added before each API call is answered
    latency_jitter_s: float = 0.0  # plus uniform(0, jitter) drawn from the seeded RNG
    failure_rate: float = 0.0  # probability of an injected 5xx per call (getUpdates included)
    failure_status: int = 502
    seed: int | None = 0  # RNG seed for jitter, failures and generated ids; None = random

    # --- Bale mode ----------------------------------------------------------------------------
    bale_rate_limit_description: str = "bot limit exceed"
    #: Reported: Bale's 429 may lack ``parameters.retry_after``. False = leave it out.
    bale_retry_after: bool = False
    #: Bale ignores ``reply_parameters`` (reported); only ``reply_to_message_id`` links replies.
    bale_ignore_reply_parameters: bool = True

    # --- Behaviour ------------------------------------------------------------------------------
    #: Send a ``my_chat_member`` update when a Telegram person blocks/unblocks the bot.
    my_chat_member_on_block: bool = True
    #: Answer a second getUpdates while one is pending with 409 Conflict for the older one.
    getupdates_conflict: bool = True
    #: Longest long-poll wait honoured, seconds (Telegram allows up to 50).
    max_poll_timeout_s: float = 50.0
    #: Store unknown parameters in the call record (they are ignored, like Telegram does).
    record_unknown_params: bool = True
    #: Monotonic clock used for rate limits and callback query age (patchable in tests).
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)
