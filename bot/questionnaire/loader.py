"""Read and validate the questionnaire file at start-up; a broken file is one clear sentence."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.core.config import ConfigError
from bot.core.safe_yaml import YamlRefused, read_text, safe_load
from bot.questionnaire.model import CALLBACK_FEATURE, MAX_CALLBACK_BYTES, Questionnaire
from bot.questionnaire.places import Places

HERE = Path(__file__).resolve().parent
DEFAULT_FILE = HERE / "default.yaml"
DEFAULT_PLACES = HERE / "places.yaml"
_PART_MAX = 40  # bot.chat.callbacks: every part of callback data is at most 40 characters


class QuestionnaireError(ConfigError):
    """The questionnaire (or its places file) is unusable; the message is one sentence meant for
    the operator (a ConfigError: `coopbot run` prints it and exits with status 2)."""


def load_questionnaire(path: Path | None = None) -> Questionnaire:
    """Load the questionnaire file (None: the bundled default) with its places file.

    Raises QuestionnaireError with one sentence naming the question and the problem. A file is
    read again only when it changed (the result is immutable and shared)."""
    path = Path(path) if path is not None else DEFAULT_FILE
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = -1
    return _load(path.resolve(), stamp)


@lru_cache(maxsize=8)
def _load(path: Path, _stamp: int) -> Questionnaire:
    raw = _read_yaml(path, "questionnaire")
    try:
        questionnaire = Questionnaire.model_validate(raw)
    except ValidationError as exc:
        raise QuestionnaireError(
            f"The questionnaire file {path} is invalid: {_describe(exc, raw)}."
        ) from None
    places_path = (
        (path.parent / questionnaire.places_file) if questionnaire.places_file else DEFAULT_PLACES
    )
    questionnaire.with_places(load_places(places_path))
    problem = button_data_problem(questionnaire)
    if problem:
        raise QuestionnaireError(f"The questionnaire file {path} is invalid: {problem}.")
    return questionnaire


def places_of(questionnaire: Any) -> Places:
    """The places of a loaded questionnaire; the bundled list for a service built without one
    (the command line's or a test's stand-in)."""
    places = getattr(questionnaire, "_places", None)
    return places if isinstance(places, Places) else bundled_places()


@lru_cache(maxsize=1)
def bundled_places() -> Places:
    return load_places(DEFAULT_PLACES)


def load_places(path: Path) -> Places:
    raw = _read_yaml(path, "places")
    try:
        return Places.model_validate(raw)
    except ValidationError as exc:
        raise QuestionnaireError(
            f"The places file {path} is invalid: {_describe(exc, raw)}."
        ) from None


def _read_yaml(path: Path, what: str) -> Any:
    try:
        text = read_text(path)
    except YamlRefused as exc:
        raise QuestionnaireError(f"The {what} file {path} was not read: {exc}.") from None
    except FileNotFoundError:
        raise QuestionnaireError(f"The {what} file {path} does not exist.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionnaireError(f"The {what} file {path} cannot be read: {exc}.") from None
    try:
        data = safe_load(text)
    except YamlRefused as exc:
        raise QuestionnaireError(f"The {what} file {path} was not read: {exc}.") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise QuestionnaireError(
            f"The {what} file {path} is not valid YAML{where}: {problem}."
        ) from None
    if not isinstance(data, dict):
        raise QuestionnaireError(f"The {what} file {path} must be a mapping of keys to values.")
    return data


def _describe(exc: ValidationError, raw: Any) -> str:
    """The first error, naming the question (by id and number) when it is inside one."""
    err = exc.errors()[0]
    loc = list(err.get("loc", ()))
    msg = str(err.get("msg", "is invalid")).removeprefix("Value error, ").rstrip(".")
    if len(loc) >= 2 and loc[0] in ("questions", "provinces") and isinstance(loc[1], int):
        items = raw.get(loc[0]) if isinstance(raw, dict) else None
        item = items[loc[1]] if isinstance(items, list) and loc[1] < len(items) else None
        name = item.get("id") if isinstance(item, dict) else None
        kind = "question" if loc[0] == "questions" else "province"
        label = f"{kind} '{name}' (number {loc[1] + 1})" if name else f"{kind} number {loc[1] + 1}"
        rest = ".".join(str(p) for p in loc[2:])
        return f"{label}{', ' + rest if rest else ''}: {msg}"
    where = ".".join(str(p) for p in loc)
    return f"{where}: {msg}" if where else msg


def button_values(questionnaire: Questionnaire) -> list[tuple[str, str, str]]:
    """Every (question id, step key, value) that ends up in button data."""
    out: list[tuple[str, str, str]] = []
    for q in questionnaire.questions:
        if q.repeat_for is not None:
            source = questionnaire.question(q.repeat_for)
            keys = [f"{q.id}.{item}" for item in (source.option_ids() if source else ())]
        else:
            keys = [q.id]
        values: list[str] = list(q.option_ids()) if q.type in ("single", "multi", "yes_no") else []
        if q.type == "place":
            places = questionnaire.places
            for province in places.provinces:
                values.append(province.id)
                values.extend(f"{province.id}.{c.id}" for c in places.counties(province.id))
        for key in keys:
            out.extend((q.id, key, value) for value in values or [""])
    return out


def button_data_problem(questionnaire: Questionnaire) -> str | None:
    version = questionnaire.version
    for qid, key, value in button_values(questionnaire):
        for part in (key, value):
            if len(part) > _PART_MAX:
                return (
                    f"question '{qid}': '{part}' is longer than {_PART_MAX} characters "
                    f"(it goes into button data); shorten the ids"
                )
        data = f"{CALLBACK_FEATURE}:x:{version}:{key}" + (f":{value}" if value else "")
        size = len(data.encode())
        if size > MAX_CALLBACK_BYTES:
            return (
                f"question '{qid}': the button data '{data}' is {size} bytes, over the "
                f"{MAX_CALLBACK_BYTES} Telegram allows; shorten the question, option or place ids"
            )
    return None
