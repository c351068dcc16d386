"""A Rasa NLU component that reads a message split between the two skills questions as asking skills.

`ask_skills` (what deep learning needs) and `ask_role_skills` (what a role needs) are one question,
in general or for a role: with a role being discussed, the actions answer both with the role's skills
(actions/topics.py). Terse returns to a role split the classifiers between the two, and neither
reached the fallback's threshold: "ok, mlops again. skills?" (skills 0.30, the role's 0.15) and "and
for the first role i asked about, what skills?" (which role suits me 0.27, the role's skills 0.26,
skills 0.10) were answered "Sorry, I didn't quite get that". A message that would fall back while
the two together rank above its top intent asks the better ranked of them, with both shares.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
)
from rasa.shared.nlu.training_data.message import Message

from nlp.ranking import Ranked, StatelessComponent

SKILLS_QUESTIONS = frozenset({"ask_skills", "ask_role_skills"})
"""The skills question in general and for a role."""
FALLBACK_THRESHOLD = 0.3
"""Below this confidence the bot says it didn't understand (config.yml, nlp.fallback)."""


def _confidence(entry: Ranked) -> float:
    return float(entry.get(PREDICTED_CONFIDENCE_KEY) or 0.0)


def joined(ranking: list[Ranked]) -> list[Ranked] | None:
    """The ranking with the skills questions joined in the better ranked of them, when its top is
    below the fallback's threshold and the two together rank above it; None otherwise."""
    if not ranking or _confidence(ranking[0]) >= FALLBACK_THRESHOLD:
        return None
    twins = [entry for entry in ranking if entry.get(INTENT_NAME_KEY) in SKILLS_QUESTIONS]
    together = sum(_confidence(entry) for entry in twins)
    if len(twins) < 2 or together < FALLBACK_THRESHOLD or together <= _confidence(ranking[0]):
        return None
    better = max(twins, key=_confidence)
    first = {**better, PREDICTED_CONFIDENCE_KEY: together}
    rest = [
        {**entry, PREDICTED_CONFIDENCE_KEY: 0.0} if entry.get(INTENT_NAME_KEY) in SKILLS_QUESTIONS else entry
        for entry in ranking
        if entry is not better
    ]
    return [first, *rest]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SkillsQuestionIntent(StatelessComponent):
    """Joins the two skills questions of a message that would fall back (see the module docstring)."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            ranking = joined(message.get(INTENT_RANKING_KEY) or [])
            if ranking is not None:
                message.set(INTENT, ranking[0], add_to_output=True)
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
