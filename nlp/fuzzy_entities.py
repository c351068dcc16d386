"""A Rasa NLU component that recognises misspelt role, skill, application and country names.

The spaCy entity ruler (nlp/build.py) matches names exactly. Learners type "data sceintist" or
"pytroch", so this component runs after it and compares the message's word sequences that no
entity covers with the ruler's own patterns, taking a close enough match (difflib ratio) as that
entity. Its vocabulary is the ruler's, so it is derived from the store like the ruler.

A correctly spelt word is not a misspelling, however close it is to a name ("match" is not "math",
"language" not "R language"): training collects the words the NLU examples use outside their
entities, and a word sequence made only of such words, or of words of the names themselves, is left
alone.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.tokenizers.spacy_tokenizer import SpacyTokenizer
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from spacy.language import Language

Vocabulary = dict[str, str]
"""Lowercase name -> entity label."""

_WORD = re.compile(r"[^\W_]+(?:['+#][^\W_]*)*")


def words(text: str) -> list[str]:
    """The lowercase words of `text`."""
    return _WORD.findall(text.lower())


def ordinary_words(examples: Iterable[Message]) -> set[str]:
    """The words the training examples use outside their annotated entities."""
    found: set[str] = set()
    for example in examples:
        text = example.get(TEXT) or ""
        spans = [(e["start"], e["end"]) for e in example.get(ENTITIES) or [] if "start" in e and "end" in e]
        for start, end in sorted(spans, reverse=True):
            text = text[:start] + " " + text[end:]
        found.update(words(text))
    return found


def ruler_vocabulary(nlp: Language) -> Vocabulary:
    """The case-insensitive names in the pipeline's entity ruler, with their labels."""
    if "entity_ruler" not in nlp.pipe_names:
        return {}
    names: Vocabulary = {}
    for pattern in nlp.get_pipe("entity_ruler").patterns:
        tokens = pattern["pattern"]
        if isinstance(tokens, list) and all("LOWER" in t for t in tokens):
            names[" ".join(t["LOWER"] for t in tokens)] = pattern["label"]
    return names


def fuzzy_spans(
    text: str,
    tokens: list[tuple[int, int]],
    taken: list[tuple[int, int]],
    vocabulary: Vocabulary,
    known_words: set[str],
    cutoff: float,
    min_length: int,
    max_words: int,
) -> list[dict[str, Any]]:
    """Entities for the word sequences that best match a name, overlapping nothing already found.

    A sequence whose words are all in `known_words` is spelt right, so it is no misspelling.
    """
    candidates = []
    for size in range(1, max_words + 1):
        for i in range(len(tokens) - size + 1):
            start, end = tokens[i][0], tokens[i + size - 1][1]
            candidate = text[start:end].lower()
            if len(candidate) < min_length or candidate in vocabulary:
                continue
            if set(words(candidate)) <= known_words:
                continue
            for name in difflib.get_close_matches(candidate, vocabulary, n=1, cutoff=cutoff):
                score = difflib.SequenceMatcher(None, candidate, name).ratio()
                candidates.append((-score, -size, start, end, vocabulary[name]))
    found: list[dict[str, Any]] = []
    occupied = list(taken)
    for _, _, start, end, label in sorted(candidates):
        if not any(start < e and s < end for s, e in occupied):
            found.append({"entity": label, "value": text[start:end], "start": start, "end": end})
            occupied.append((start, end))
    return sorted(found, key=lambda e: e["start"])


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True, model_from="SpacyNLP"
)
class FuzzyEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Adds entities for close misspellings of the names the spaCy entity ruler knows."""

    WORDS_FILE = "ordinary_words.json"

    @classmethod
    def required_components(cls) -> list[type]:
        return [SpacyNLP, SpacyTokenizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"cutoff": 0.85, "min_length": 5, "max_words": 4}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        ordinary: set[str] | None = None,
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._ordinary: set[str] = ordinary or set()
        self._vocabulary: Vocabulary | None = None
        self._known_words: set[str] = set()

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData, model: SpacyModel) -> Resource:
        """Remembers the words the NLU examples use as ordinary words.

        `model` is passed because the component takes its model from SpacyNLP; the names are read
        from it when parsing, so a rebuilt pipeline is used as it is.
        """
        self._ordinary = ordinary_words(training_data.training_examples)
        with self._model_storage.write_to(self._resource) as directory:
            (directory / self.WORDS_FILE).write_text(json.dumps(sorted(self._ordinary)))
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> GraphComponent:
        with model_storage.read_from(resource) as directory:
            ordinary = set(json.loads((directory / cls.WORDS_FILE).read_text()))
        return cls(config, model_storage, resource, ordinary)

    def process(self, messages: list[Message], model: SpacyModel) -> list[Message]:
        if self._vocabulary is None:
            self._vocabulary = ruler_vocabulary(model.model)
            self._known_words = self._ordinary.union(*(words(name) for name in self._vocabulary))
        for message in messages:
            text = message.get(TEXT) or ""
            tokens = [(t.start, t.end) for t in message.get(TOKENS_NAMES[TEXT]) or []]
            existing = message.get(ENTITIES, [])
            taken = [(e["start"], e["end"]) for e in existing if "start" in e and "end" in e]
            found = fuzzy_spans(
                text,
                tokens,
                taken,
                self._vocabulary,
                self._known_words,
                self._config["cutoff"],
                self._config["min_length"],
                self._config["max_words"],
            )
            message.set(ENTITIES, existing + self.add_extractor_name(found), add_to_output=True)
        return messages
