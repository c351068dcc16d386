"""A Rasa NLU component that reads a question saying "earn", "paid" or "salary" as the salary question.

"what does a software developer make there" and "Tell me what an MLOps engineer earns in the US" came
out `ask_role` (0.61 and 0.49, the salary question 0.24 and 0.44): the classifiers learnt "what does a
<role> <verb>" as a question about what the role does, whatever the verb. A message whose words ask
about pay, with the salary question ranked as a contender, asks the salary; its country is then kept
by the entity filter, which runs after this component.
"""

from __future__ import annotations

import re

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from nlp.ranking import IntentRereader, Ranked

SALARY = "ask_salary"
PAY_WORDS = re.compile(
    r"\b(?:earn|earns|earning|earnings|paid|pays|salary|salaries|income|wage|wages"
    r"|(?:make|makes|making) (?:there|in|a year|per year|a month|per month|annually))\b"
)
"""Words that ask about pay ("what would they earn?", "how well paid", "what do they make in India");
"make" only before a place or a period, not "what do they make?"."""
CONTENDER = 0.2
"""The salary question ranked at least this high is what a message with pay words asks."""
ROLE_QUESTION = "ask_role"
"""The question a salary question is taken for ("what does a <role> earn")."""


def _asks_pay(message: Message) -> Ranked | None:
    """The salary question's ranking entry, when the message asks about pay but came out a role question."""
    top = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
    if top != ROLE_QUESTION or not PAY_WORDS.search((message.get(TEXT) or "").lower()):
        return None
    ranked = [i for i in message.get(INTENT_RANKING_KEY) or [] if i.get(INTENT_NAME_KEY) == SALARY]
    if ranked and ranked[0].get(PREDICTED_CONFIDENCE_KEY, 0.0) >= CONTENDER:
        return ranked[0]
    return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SalaryWordsIntent(IntentRereader):
    """Sets `ask_salary` on a role question that asks about pay (see the module docstring)."""

    def chosen(self, message: Message) -> Ranked | None:
        return _asks_pay(message)
