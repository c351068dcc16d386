"""The two messages reported in issue #17, from the message to the role the bot answers for.

Before, "skills for a natural langauge processing engineer?" got "I don't have “natural” in my notes"
and "what skills does an ml-ops engineer need?" an answer for the machine learning engineer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from rasa.core.agent import Agent
from spacy.language import Language

from actions.context import merged_values
from actions.store.queries import Knowledge, knowledge
from nlp.fuzzy_entities import FuzzyEntityExtractor, fuzzy_spans, ruler_names, wrapped

REPORTED = [
    ("skills for a natural langauge processing engineer?", "natural-language-processing-engineer"),
    ("what skills does an ml-ops engineer need?", "mlops-engineer"),
]


@pytest.fixture(scope="module")
def kb(store_url: str) -> Iterator[Knowledge]:
    with knowledge(store_url) as kb:
        yield kb


def roles_answered(kb: Knowledge, text: str, entities: list[Mapping[str, Any]]) -> list[str | None]:
    """The role keys the actions find for the message's role entities, merged as they merge them."""
    roles = [kb.find_role(value) for value in merged_values(text, entities, "role")]
    return [role.key if role else None for role in roles]


@pytest.mark.parametrize("message, key", REPORTED)
def test_through_the_store_pipeline_and_the_lookup(
    store_nlp: Language, kb: Knowledge, message: str, key: str
) -> None:
    """The spaCy ruler and the fuzzy matcher as the NLU runs them (the word "langauge" is in the
    training examples, so it is an ordinary word), then the actions' lookup."""
    doc = store_nlp(message)
    ruler = [
        {"entity": e.label_, "value": e.text, "start": e.start_char, "end": e.end_char} for e in doc.ents
    ]
    index = ruler_names(store_nlp)
    tokens = [(t.idx, t.idx + len(t.text)) for t in doc]
    min_length = FuzzyEntityExtractor.get_default_config()["min_length"]
    known = index.vocabulary | {"skills", "for", "a", "langauge", "what", "does", "an", "need"}
    fuzzy = fuzzy_spans(message, tokens, [(e["start"], e["end"]) for e in ruler], index, known, min_length)
    entities = [e for e in ruler if not wrapped(e, fuzzy)] + fuzzy
    assert roles_answered(kb, message, entities) == [key]


@pytest.fixture(scope="module")
def agent(trained_model: Path) -> Agent:
    return Agent.load(str(trained_model))


@pytest.mark.parametrize("message, key", REPORTED)
def test_through_the_trained_model(agent: Agent, kb: Knowledge, message: str, key: str) -> None:
    parsed = asyncio.run(agent.parse_message(message))
    assert roles_answered(kb, message, parsed["entities"]) == [key], parsed["entities"]
