"""Who a screen is written for: views are pure functions of a `Reader` and the model they show.

`CoopContext` is a Reader (the person behind the update); `Page` is one made from a translator
and a locale, for rendering a view outside an update (view snapshot tests, previews).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.core.i18n import Translator


class Reader(Protocol):
    @property
    def locale(self) -> str: ...

    def t(self, key: str, **args: object) -> str: ...


@dataclass(frozen=True)
class Page:
    translator: Translator
    locale: str

    def t(self, key: str, **args: object) -> str:
        return self.translator(self.locale, key, **args)
