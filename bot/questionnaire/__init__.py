"""The needs-assessment questionnaire as data: model, loader, skip logic and answer parsing."""

from bot.questionnaire.flow import Step
from bot.questionnaire.loader import (
    DEFAULT_FILE,
    DEFAULT_PLACES,
    QuestionnaireError,
    load_places,
    load_questionnaire,
)
from bot.questionnaire.model import Option, Question, Questionnaire, Text
from bot.questionnaire.places import County, Places, Province

__all__ = [
    "DEFAULT_FILE",
    "DEFAULT_PLACES",
    "County",
    "Option",
    "Places",
    "Province",
    "Question",
    "Questionnaire",
    "QuestionnaireError",
    "Step",
    "Text",
    "load_places",
    "load_questionnaire",
]
