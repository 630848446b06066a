"""Who reads a text: their language and the translator bound to it. The chat builds one from a
person's context (`reader_of(ctx)`), the web console from the signed-in staff member; texts
shared by both (bot/chat/course_texts.py, bot/chat/audit_texts.py) take it."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.i18n import Translator, localize_digits


@dataclass(frozen=True)
class Reader:
    translator: Translator
    locale: str

    def t(self, key: str, **args: object) -> str:
        return self.translator(self.locale, key, **args)

    def has(self, key: str) -> bool:
        return self.translator.has(key, self.locale)

    def digits(self, value: object) -> str:
        """Figures in the reader's digits (Persian digits in Persian)."""
        return localize_digits(value, self.locale)
