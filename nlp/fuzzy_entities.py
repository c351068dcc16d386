"""A Rasa NLU component that recognises misspelt role, skill, application and country names.

The spaCy entity ruler (nlp/build.py) matches names exactly, in every spelling nlp/names.py takes.
Learners type "data sceintist", "pytroch" or "natural langauge processing engineer", so this
component runs after it and looks for the word sequences that no entity covers among the ruler's
own spellings, with the typos nlp/names.py allows (one a word), taking the closest name as that
entity. Its names are read back from the ruler's patterns, so it is derived from the store like the
ruler, and the store's lookup reads the entity the same way.

A correctly spelt word is not a misspelling, however close it is to a name ("match" is not "math",
"best api" is not "rest api"): training collects the words the NLU examples use outside their
entities, and a sequence whose misspelt words are all such words, or words of the names themselves,
is left alone, unless most of a longer name is there word for word (an example may well contain
"langauge"). So are the words common enough in English to be one token of the sentence vectors'
tokenizer (nlp/sentence_vectors.py): "Coming back to data analysts" is not about coding. A name's
word with a doubled letter written once ("dynamic programing") is a misspelling all the same.
"""

from __future__ import annotations

import json
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

from nlp.build import pattern_spelling
from nlp.names import ARTICLES, Match, NameIndex, words
from nlp.sentence_vectors import common_words

EntryRef = tuple[str, str]
"""(label, entry key) a spelling stands for."""


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


def ruler_names(nlp: Language) -> NameIndex[EntryRef]:
    """The spellings in the pipeline's entity ruler that match in any case, with what they stand for."""
    if "entity_ruler" not in nlp.pipe_names:
        return NameIndex([])
    spelt = []
    for pattern in nlp.get_pipe("entity_ruler").patterns:
        spelling = pattern_spelling(pattern["pattern"])
        if spelling:
            spelt.append((spelling, (pattern["label"], pattern.get("id", ""))))
    return NameIndex(spelt)


def slips_a_double(typo: str, vocabulary: set[str]) -> bool:
    """Whether `typo` is a word of a name with a doubled letter written once ("programing"): the
    commonest slip, which training examples may use as an ordinary word too."""
    return any(typo[:i] + typo[i - 1] + typo[i:] in vocabulary for i in range(1, len(typo) + 1))


def misspelt(match: Match[EntryRef], known_words: set[str], vocabulary: set[str]) -> bool:
    """Whether a close match is a misspelling rather than correctly spelt other words: some misspelt
    word is no known word, or a name's word with a doubled letter written once, or more of the name's
    words are spelt right than there are typos."""
    right = len(match.words) - len(match.typos)
    slipped = (typo not in known_words or slips_a_double(typo, vocabulary) for typo in match.typos)
    return any(slipped) or right > match.cost


def fuzzy_spans(
    text: str,
    tokens: list[tuple[int, int]],
    taken: list[tuple[int, int]],
    index: NameIndex[EntryRef],
    known_words: set[str],
    min_length: int,
) -> list[dict[str, Any]]:
    """Entities for the word sequences closest to a name. One may wrap spans in `taken` whole (the
    ruler's "machine learning" in "machine learning engieer"), which it then replaces, but overlaps
    no other.

    Exact spellings are the ruler's (or, for "US", deliberately none); a sequence equally close to
    names of two labels is left alone.
    """
    candidates = []
    for first in range(len(tokens)):
        for last in range(first, min(len(tokens), first + 2 * index.longest - 1)):
            start, end = tokens[first][0], tokens[last][1]
            if end - start < min_length or not (_starts(text, tokens[first]) and _ends(text, tokens[last])):
                continue
            match = index.closest(text[start:end])
            if match is None or not match.typos or len({label for label, _ in match.targets}) > 1:
                continue
            if misspelt(match, known_words, index.vocabulary):
                label = next(iter(match.targets))[0]
                candidates.append((match.cost, start - end, start, end, label))
    found: list[dict[str, Any]] = []
    for _, _, start, end, label in sorted(candidates):
        clash = [(s, e) for s, e in taken if start < e and s < end and not start <= s < e <= end]
        if not clash and not any(start < f["end"] and f["start"] < end for f in found):
            found.append({"entity": label, "value": text[start:end], "start": start, "end": end})
    return sorted(found, key=lambda e: e["start"])


def wrapped(entity: dict[str, Any], found: list[dict[str, Any]]) -> bool:
    """Whether one of the fuzzy matches wraps an entity already found (and so replaces it)."""
    return any(f["start"] <= entity.get("start", -1) and entity.get("end", -1) <= f["end"] for f in found)


def _starts(text: str, token: tuple[int, int]) -> bool:
    """Whether a name can begin with this token: a word, not an article ("a data sceintist")."""
    return _ends(text, token) and text[token[0] : token[1]].lower() not in ARTICLES


def _ends(text: str, token: tuple[int, int]) -> bool:
    """Whether a name can end with this token: a word, not punctuation or a possessive "'s"."""
    return text[token[0] : token[1]][:1].isalnum()


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
        return {"min_length": 5}

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
        self._names: NameIndex[EntryRef] | None = None
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
        if self._names is None:
            self._names = ruler_names(model.model)
            self._known_words = self._ordinary | self._names.vocabulary | common_words()
        for message in messages:
            text = message.get(TEXT) or ""
            tokens = [(t.start, t.end) for t in message.get(TOKENS_NAMES[TEXT]) or []]
            existing = message.get(ENTITIES, [])
            taken = [(e["start"], e["end"]) for e in existing if "start" in e and "end" in e]
            found = fuzzy_spans(
                text, tokens, taken, self._names, self._known_words, self._config["min_length"]
            )
            kept = [e for e in existing if not wrapped(e, found)]
            message.set(ENTITIES, kept + self.add_extractor_name(found), add_to_output=True)
        return messages
