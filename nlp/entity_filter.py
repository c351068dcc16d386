"""A Rasa NLU component that keeps the entities the training annotations would mark.

The store's entity ruler (and the fuzzy matcher built on it) tags every name it knows wherever it
appears, while DIET has learnt from the annotated NLU examples where a name is meant. Run after the
intent classifier, this component reconciles the two with what training learnt:

- **the intent's labels**: only the entity labels the predicted intent's examples annotate are kept
  ("ML" is a skill in the store, but `ask_dl_vs_ml` examples carry no `skill`, and `ask_salary`
  examples annotate skills only where the learner states them); except that skills the learner
  states they know ("I know Python, what's the difference between ML and DL?") are judged as
  `inform_skills` examples annotate them, whatever the question (nlp/statements.py), and
  that a role the store names is kept in a question on skills in general (`ALSO_KEPT`);
- **names used both ways**: a store name that the predicted intent's examples also leave
  unannotated ("machine learning" in course questions, "coding" in "I've been coding for years") is
  kept only where DIET marks it too, since only DIET weighs the context. A name the intent's examples
  never leave unannotated, such as one a content owner has just added, is kept: the store knows it;
- **disputed labels**: where DIET gives a kept store name's span another label ("natural language
  processing" as a role), the store's label stands, and a piece of a store name ("Kafka" of "Apache
  Kafka") is the whole name; a longer span of DIET's around it ("ML enginers" around the skill "ML")
  is kept;
- **subjects taken for jobs**: a role only DIET found, followed by a word for a subject or a degree
  ("do they need a computer science degree?"), is the subject, not a job: dropped, so the actions
  don't ask which role "computer" means;
- **backgrounds taken for jobs**: a role only DIET found in what the learner says they do, beside a
  role the store names in the question ("I build web apps with javascript. What does an ML engineer
  need?"), is the learner's background: dropped, so the actions don't ask which role "web" means.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, EXTRACTOR, INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlp.names import words
from nlp.statements import STATES_SKILLS, in_statement, statement_spans

Entity = dict[str, Any]

LabelsByIntent = dict[str, set[str]]
"""Intent name -> the entity labels its training examples annotate."""

Unannotated = dict[str, list[str]]
"""Intent name -> the text (lowercase words, space-joined) between the annotations of its examples."""

LEARNT_EXTRACTOR = "DIETClassifier"
SUBJECT_NOUN = re.compile(
    r"\s*(?:science|sciences|studies|degree|degrees|diploma|major|course|courses|class|classes|module"
    r"|modules|background|bachelor'?s|master'?s|phd)\b",
    re.IGNORECASE,
)
"""Words after a name that make it a subject studied ("computer science", "a physics degree")."""
ALSO_KEPT = {"ask_skills": frozenset({"role"})}
"""Labels kept, where the store names them, beside those an intent's examples annotate: skills in
general, asked of a role ("and for the deep learning engineer, what skills?"), are that role's
skills (actions/topics.py), though `ask_skills` examples name no role."""


def labels_by_intent(examples: Iterable[Message]) -> LabelsByIntent:
    """Which entity labels each intent's training examples annotate (an empty set for none).

    A skill annotated only where the learner states what they know ("I know SQL, what do data
    analysts earn?") is not one of the intent's labels: the question itself takes no skill, and the
    stated ones are kept by the statement rule (module docstring)."""
    labels: LabelsByIntent = {}
    for example in examples:
        intent = example.get(INTENT)
        if intent:
            statements = statement_spans(example.get(TEXT) or "")
            labels.setdefault(intent, set()).update(
                e["entity"]
                for e in example.get(ENTITIES) or []
                if not (e["entity"] == "skill" and in_statement(e.get("start"), statements))
            )
    return labels


def unannotated_segments(example: Message) -> list[str]:
    """The example's text between its annotated entities, as lowercase word sequences."""
    text = example.get(TEXT) or ""
    segments, position = [], 0
    for entity in sorted(example.get(ENTITIES) or [], key=lambda e: e.get("start", 0)):
        if "start" in entity and "end" in entity:
            segments.append(text[position : entity["start"]])
            position = entity["end"]
    segments.append(text[position:])
    return [" ".join(words(segment)) for segment in segments if words(segment)]


def unannotated_text(examples: Iterable[Message], labels: LabelsByIntent) -> Unannotated:
    """Per intent that annotates entities, the unannotated segments of its examples."""
    found: dict[str, set[str]] = {}
    for example in examples:
        intent = example.get(INTENT) or ""
        if labels.get(intent):
            found.setdefault(intent, set()).update(unannotated_segments(example))
    return {intent: sorted(segments) for intent, segments in sorted(found.items())}


def used_unannotated(name: str, intent: str | None, unannotated: Unannotated) -> bool:
    """Whether some example of `intent` has `name` outside its annotations."""
    phrase = f" {' '.join(words(name))} "
    segments = unannotated.get(intent or "", [])
    return phrase.strip() != "" and any(phrase in f" {segment} " for segment in segments)


def _overlap(a: Entity, b: Entity) -> bool:
    return a.get("start", 0) < b.get("end", 0) and b.get("start", 0) < a.get("end", 0)


def _covers(a: Entity, b: Entity) -> bool:
    return a.get("start", 0) <= b.get("start", 0) and b.get("end", 0) <= a.get("end", 0)


def _stated_skill(entity: Entity, statements: list[tuple[int, int]]) -> bool:
    """Whether the entity is a store skill inside a statement of what the learner knows."""
    return (
        entity.get("entity") == "skill"
        and entity.get(EXTRACTOR) != LEARNT_EXTRACTOR
        and in_statement(entity.get("start"), statements)
    )


def reconciled(
    entities: list[Entity],
    intent: str | None,
    labels: LabelsByIntent,
    unannotated: Unannotated,
    statements: list[tuple[int, int]] | None = None,
) -> list[Entity]:
    """The entities the rules in the module docstring keep; all labels for an intent training never saw.
    `statements` are the spans where the learner says what they know."""
    stated: set[int] = set()
    if intent in labels:
        if "skill" not in labels[intent]:
            stated = {id(e) for e in entities if _stated_skill(e, statements or [])}
        also = ALSO_KEPT.get(intent or "", frozenset())
        entities = [
            e
            for e in entities
            if e.get("entity") in labels[intent]
            or id(e) in stated
            or (e.get("entity") in also and e.get(EXTRACTOR) != LEARNT_EXTRACTOR)
        ]
    learnt = [e for e in entities if e.get(EXTRACTOR) == LEARNT_EXTRACTOR]
    store = [
        e
        for e in entities
        if e.get(EXTRACTOR) != LEARNT_EXTRACTOR
        and (
            not used_unannotated(
                str(e.get("value", "")), STATES_SKILLS if id(e) in stated else intent, unannotated
            )
            or any(_overlap(e, d) and d.get("entity") == e.get("entity") for d in learnt)
        )
    ]
    # Within a kept store name DIET's spans give way to it: another label for the same words, or a
    # piece of the name ("Kafka" of "Apache Kafka"). DIET may still give a longer span that contains a
    # store name: "ML enginers" around the skill "ML".
    learnt = [d for d in learnt if not any(_covers(s, d) for s in store)]
    return [e for e in entities if any(e is kept for kept in store + learnt)]


def _learnt_role(entity: Entity) -> bool:
    """Whether the entity is a role only DIET found."""
    return entity.get("entity") == "role" and entity.get(EXTRACTOR) == LEARNT_EXTRACTOR


def without_subjects(entities: list[Entity], text: str) -> list[Entity]:
    """The entities less the roles only DIET found that name a subject studied (module docstring)."""
    return [
        e
        for e in entities
        if not (_learnt_role(e) and isinstance(e.get("end"), int) and SUBJECT_NOUN.match(text, e["end"]))
    ]


def without_backgrounds(entities: list[Entity], statements: list[tuple[int, int]]) -> list[Entity]:
    """The entities less the roles only DIET found in a statement while the store names a role
    outside the statements (module docstring)."""
    asked = any(
        e.get("entity") == "role" and not _learnt_role(e) and not in_statement(e.get("start"), statements)
        for e in entities
    )
    if not asked:
        return entities
    return [e for e in entities if not (_learnt_role(e) and in_statement(e.get("start"), statements))]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class EntityFilter(GraphComponent):
    """Drops the entities the training annotations would not mark (see the module docstring)."""

    FILE = "annotations.json"

    def __init__(
        self,
        model_storage: ModelStorage,
        resource: Resource,
        labels: LabelsByIntent | None = None,
        unannotated: Unannotated | None = None,
    ) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self._labels: LabelsByIntent = labels or {}
        self._unannotated: Unannotated = unannotated or {}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> EntityFilter:
        return cls(model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = training_data.intent_examples
        self._labels = labels_by_intent(examples)
        self._unannotated = unannotated_text(examples, self._labels)
        stored = {
            "labels_by_intent": {intent: sorted(labels) for intent, labels in sorted(self._labels.items())},
            "unannotated": self._unannotated,
        }
        with self._model_storage.write_to(self._resource) as directory:
            (directory / self.FILE).write_text(json.dumps(stored))
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> EntityFilter:
        with model_storage.read_from(resource) as directory:
            stored = json.loads((directory / cls.FILE).read_text())
        return cls(
            model_storage,
            resource,
            {intent: set(labels) for intent, labels in stored["labels_by_intent"].items()},
            stored["unannotated"],
        )

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            text = message.get(TEXT) or ""
            statements = statement_spans(text)
            found = message.get(ENTITIES) or []
            kept = reconciled(found, intent, self._labels, self._unannotated, statements)
            kept = without_backgrounds(without_subjects(kept, text), statements)
            message.set(ENTITIES, kept, add_to_output=True)
        return messages
