"""Who reads a screen: the translation, the locale and the digits a view needs, nothing more.

Views (pure functions of a Reader and models → Screen) take a `Reader`; handlers pass ctx
(CoopContext has all three), tests and previews pass `Lang(translator, "fa")`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.core.i18n import Translator, localize_digits


class Reader(Protocol):
    @property
    def locale(self) -> str: ...

    def t(self, key: str, **args: object) -> str: ...

    def digits(self, text: object) -> str: ...

    def has(self, key: str) -> bool: ...


@dataclass(frozen=True)
class Lang:
    """A Reader without an update: a translator bound to a locale."""

    translator: Translator
    locale: str

    def t(self, key: str, **args: object) -> str:
        return self.translator(self.locale, key, **args)

    def digits(self, text: object) -> str:
        return localize_digits(text, self.locale)

    def has(self, key: str) -> bool:
        """Is there a text `key` in this language (codes without one show as recorded)."""
        return self.translator.has(key, self.locale)
