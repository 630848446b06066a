"""Training need topics: the shared vocabulary of the questionnaire, roadmaps and courses.

Texts are `topic-<id>` in locales/*/topics.ftl. Ids are stable: stored in answers and courses.
"""

from __future__ import annotations

TOPICS: tuple[str, ...] = (
    "accounting",  # accounting and financial statements
    "coop_law",  # cooperative law and regulations
    "general_assembly",  # holding general assemblies
    "participation",  # member participation
    "management",  # cooperative management and entrepreneurship
    "digital_marketing",  # digital marketing and e-commerce
    "ict",  # ICT / computer skills
    "production",  # production skills of the cooperative's activity
    "inspection",  # inspection and financial oversight
    "other",
)


def topic_key(topic: str) -> str:
    return f"topic-{topic.replace('_', '-')}"


def is_topic(value: str) -> bool:
    return value in TOPICS
