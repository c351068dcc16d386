"""Misspelt names are recognised from the entity ruler's own vocabulary; nothing else is."""

from __future__ import annotations

from collections.abc import Set

import pytest
import spacy
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

from nlp.build import build
from nlp.fuzzy_entities import fuzzy_spans, ordinary_words, ruler_vocabulary


@pytest.fixture(scope="module")
def vocabulary(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    aliases = [
        ("data scientist", "role", "data-scientist"),
        ("pytorch", "skill", "pytorch"),
        ("r", "skill", "r"),
        ("math", "skill", "mathematics"),
        ("facial recognition", "application", "facial-recognition"),
    ]
    return ruler_vocabulary(build(aliases, tmp_path_factory.mktemp("p")))


def spans(  # type: ignore[no-untyped-def]
    text: str, vocabulary, taken: list[tuple[int, int]] = (), known: Set[str] = frozenset()
) -> list:
    tokens = [(t.idx, t.idx + len(t.text)) for t in spacy.blank("en")(text)]
    found = fuzzy_spans(text, tokens, list(taken), vocabulary, set(known), 0.85, 5, 4)
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


def test_ordinary_words_are_those_used_outside_entities() -> None:
    examples = (
        RasaYAMLReader()
        .reads(
            'version: "3.1"\nnlu:\n- intent: recommend_role\n  examples: |\n'
            "    - which role would match my [pytroch](skill) skills?\n"
            "    - I'm a [data sceintist](role), what's a good match?\n"
        )
        .training_examples
    )
    found = ordinary_words(examples)
    assert {"which", "role", "match", "my", "skills", "i'm", "a", "good"} <= found
    assert not {"pytroch", "data", "sceintist"} & found


def test_known_words_are_never_taken_for_misspellings(vocabulary) -> None:  # type: ignore[no-untyped-def]
    text = "which role would match a data sceintist who knows pytroch"
    found = [("match", "skill"), ("data sceintist", "role"), ("pytroch", "skill")]
    assert spans(text, vocabulary) == found  # "match" is close enough to "math"
    known = {"which", "role", "would", "match", "a", "data", "who", "knows"}
    assert spans(text, vocabulary, known=known) == found[1:]
