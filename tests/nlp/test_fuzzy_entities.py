"""Misspelt names are recognised from the entity ruler's own vocabulary; nothing else is."""

from __future__ import annotations

from typing import List, Tuple

import pytest
import spacy

from nlp.build import build
from nlp.fuzzy_entities import fuzzy_spans, ruler_vocabulary


@pytest.fixture(scope="module")
def vocabulary(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    aliases = [
        ("data scientist", "role", "data-scientist"),
        ("pytorch", "skill", "pytorch"),
        ("r", "skill", "r"),
        ("facial recognition", "application", "facial-recognition"),
    ]
    return ruler_vocabulary(build(aliases, tmp_path_factory.mktemp("p")))


def spans(text: str, vocabulary, taken: List[Tuple[int, int]] = ()) -> list:  # type: ignore[no-untyped-def]
    tokens = [(t.idx, t.idx + len(t.text)) for t in spacy.blank("en")(text)]
    found = fuzzy_spans(text, tokens, list(taken), vocabulary, 0.85, 5, 4)
    return [(e["value"], e["entity"]) for e in found]


def test_vocabulary_holds_case_insensitive_names_and_plurals(vocabulary) -> None:  # type: ignore[no-untyped-def]
    assert vocabulary["data scientist"] == "role" and vocabulary["data scientists"] == "role"
    assert "r" not in vocabulary  # one-letter names are matched exactly, in upper case, only


def test_misspellings_are_recognised(vocabulary) -> None:  # type: ignore[no-untyped-def]
    assert spans("what does a data sceintist do", vocabulary) == [("data sceintist", "role")]
    assert spans("is pytroch hard?", vocabulary) == [("pytroch", "skill")]
    assert spans("facial recogntion uses it", vocabulary) == [("facial recogntion", "application")]


def test_ordinary_words_and_covered_spans_are_left_alone(vocabulary) -> None:  # type: ignore[no-untyped-def]
    assert spans("what is the weather like in paris", vocabulary) == []
    assert spans("data scientist", vocabulary) == []  # exact names are the ruler's job
    assert spans("a data sceintist", vocabulary, taken=[(2, 16)]) == []
