"""An intent ranking with another intent put first, and the bases of the NLU components that read what
a message asks better than the classifiers did (nlp/mixed_messages.py, nlp/topic_words.py, and
nlp/bare_names.py and nlp/skills_question.py, which rank their intent alone)."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message

Ranked = dict[str, Any]
"""One entry of an intent ranking: `name` and `confidence`."""


def reranked(ranking: list[Ranked], replaced: Ranked, chosen: Ranked) -> list[Ranked]:
    """The ranking with `chosen` first, holding its own confidence and that of the one it replaces."""
    confidence = min(1.0, chosen[PREDICTED_CONFIDENCE_KEY] + replaced[PREDICTED_CONFIDENCE_KEY])
    first = {**chosen, PREDICTED_CONFIDENCE_KEY: confidence}
    rest = [
        {**i, PREDICTED_CONFIDENCE_KEY: 0.0} if i.get(INTENT_NAME_KEY) == replaced.get(INTENT_NAME_KEY) else i
        for i in ranking
        if i.get(INTENT_NAME_KEY) != chosen.get(INTENT_NAME_KEY)
    ]
    return [first, *rest]


def decided(intent: str) -> Ranked:
    """`intent` at full confidence: the message's words decided it, whatever the classifiers ranked."""
    return {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0}


def put_first(message: Message, chosen: Ranked) -> None:
    """Sets `chosen` as the message's intent, in place of its top one."""
    ranking = reranked(message.get(INTENT_RANKING_KEY) or [], message.get(INTENT) or {}, chosen)
    message.set(INTENT, ranking[0], add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)


class StatelessComponent(GraphComponent):
    """An NLU component with no configuration and nothing trained: Rasa creates it as it is."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> StatelessComponent:
        return cls()


class IntentRereader(StatelessComponent):
    """A component after the intent classifiers that puts another intent first where `chosen` names
    one, with the confidence of the one it replaces added."""

    def chosen(self, message: Message) -> Ranked | None:
        """The intent the message asks instead of its top one, if another."""
        raise NotImplementedError

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            chosen = self.chosen(message)
            if chosen is not None:
                put_first(message, chosen)
        return messages
