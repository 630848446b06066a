"""Who a screen is written for: views are pure functions of a `Reader` and the model they show.

`CoopContext` is a Reader (the person behind the update), so handlers pass ctx itself; `Lang` is
one made from a translator and a locale, for rendering a view outside an update (view snapshot
tests, previews).
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


@dataclass(frozen=True)
class Lang:
    """A Reader without an update: a translator bound to a locale."""

    translator: Translator
    locale: str

    def t(self, key: str, **args: object) -> str:
        return self.translator(self.locale, key, **args)

    def digits(self, text: object) -> str:
        return localize_digits(text, self.locale)
