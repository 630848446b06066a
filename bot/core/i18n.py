"""Texts: Fluent files per feature under locales/<locale>/*.ftl, the same keys in every locale.

Decision on bidi: `use_isolating=False`. Fluent would wrap every placeable in FSI/PDI marks; they
end up inside national IDs and numbers people copy, and Bale's clients are not known to honour
them. Instead every Persian line starts with a Persian word (so the line is right-to-left) and
numbers are given to Persian texts already written in Persian digits.
"""

from __future__ import annotations

import logging
import re
from decimal import Decimal
from pathlib import Path

from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax.ast import Message

from bot.persian.normalize import to_persian_digits

log = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).resolve().parents[2] / "locales"
LOCALES = ("fa", "en")


def format_number(value: int | float | Decimal, locale: str) -> str:
    text = f"{value:,}"
    if locale == "fa":
        return to_persian_digits(text.replace(",", "٬"))
    return text


def localize_digits(text: object, locale: str) -> str:
    """A text with figures (a code, a phone number, a decimal) in the reader's digits: Persian
    digits and the Persian decimal point «٫» in Persian; unchanged in English."""
    text = str(text)
    if locale != "fa":
        return text
    return to_persian_digits(re.sub("(?<=[0-9])[.](?=[0-9])", "٫", text))


RLM = "\u200f"


class TextError(ValueError):
    """Fluent could not render a text as meant (it would show `{???}` in its place)."""


def as_written(body: str, locale: str) -> str:
    """A text people wrote (a relayed announcement), sent as written and never through a Fluent
    placeable: Fluent replaces one longer than 2,500 characters by `{???}`. A Persian reader's
    copy starts with a right-to-left mark, so a line that begins with Latin letters or digits
    still reads right to left."""
    return f"{RLM}{body}" if locale == "fa" else body


class Translator:
    def __init__(self, directory: Path = LOCALES_DIR, default: str = "fa") -> None:
        self.default = default
        self._bundles: dict[str, FluentBundle] = {}
        self._keys: dict[str, set[str]] = {}
        for locale in LOCALES:
            bundle = FluentBundle([locale], use_isolating=False)
            keys: set[str] = set()
            for path in sorted((directory / locale).glob("*.ftl")):
                resource = FluentResource(path.read_text(encoding="utf-8"))
                keys.update(e.id.name for e in resource.body if isinstance(e, Message))
                bundle.add_resource(resource)
            self._bundles[locale] = bundle
            self._keys[locale] = keys

    def keys(self, locale: str) -> set[str]:
        return set(self._keys[locale])

    def has(self, key: str, locale: str | None = None) -> bool:
        return key in self._keys[locale or self.default]

    def resolve_locale(self, locale: str | None) -> str:
        return locale if locale in self._bundles else self.default

    def __call__(self, locale: str | None, key: str, **args: object) -> str:
        text, _ = self.render(locale, key, **args)
        return text

    def checked(self, locale: str | None, key: str, **args: object) -> str:
        """The text, or TextError when Fluent reported a problem (a placeable it replaced by
        `{???}`, a missing argument): for what is sent without a person looking at it."""
        text, errors = self.render(locale, key, **args)
        if errors:
            raise TextError(f"text {key}: {'; '.join(str(e) for e in errors)}")
        return text

    def render(self, locale: str | None, key: str, **args: object) -> tuple[str, list]:
        """The text and Fluent's errors (logged)."""
        locale = self.resolve_locale(locale)
        bundle = self._bundles[locale]
        if not bundle.has_message(key):
            log.error("missing text %s in locale %s", key, locale)
            if locale != self.default:
                return self.render(self.default, key, **args)
            return key, [LookupError(f"missing text {key}")]
        fluent_args: dict[str, object] = {}
        for name, value in args.items():
            if isinstance(value, bool) or value is None:
                fluent_args[name] = str(value) if value is not None else ""
            elif isinstance(value, int | float | Decimal) and locale == "fa":
                fluent_args[name] = format_number(value, locale)
            else:
                fluent_args[name] = value
        pattern = bundle.get_message(key).value
        assert pattern is not None  # every text has a value (attributes alone are not used)
        text, errors = bundle.format_pattern(pattern, fluent_args)
        for error in errors:
            log.error("text %s (%s): %s", key, locale, error)
        return str(text), errors  # a str: FluentNone comes only from parts, not the whole
