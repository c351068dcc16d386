"""Misspelt names are recognised from the entity ruler's own spellings; nothing else is."""

from __future__ import annotations

from collections.abc import Set
from pathlib import Path
from typing import Any

import pytest
import spacy
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader
from spacy.language import Language

from actions.store.queries import knowledge
from nlp.build import build
from nlp.fuzzy_entities import FuzzyEntityExtractor, fuzzy_spans, ordinary_words, ruler_names, wrapped
from nlp.names import NameIndex
from nlp.sentence_vectors import common_words
from tests.nlp.name_table import EXACT_VARIANTS, TYPO_VARIANTS, of_variant

MIN_LENGTH = FuzzyEntityExtractor.get_default_config()["min_length"]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> NameIndex[tuple[str, str]]:
    aliases = [
        ("data scientist", "role", "data-scientist"),
        ("natural language processing engineer", "role", "natural-language-processing-engineer"),
        ("machine learning", "skill", "machine-learning"),
        ("machine learning engineer", "role", "machine-learning-engineer"),
        ("pytorch", "skill", "pytorch"),
        ("rest api", "skill", "apis"),
        ("r", "skill", "r"),
        ("math", "skill", "mathematics"),
        ("coding", "skill", "coding"),
        ("facial recognition", "application", "facial-recognition"),
    ]
    return ruler_names(build(aliases, tmp_path_factory.mktemp("p")))


def found(
    nlp: Language,
    text: str,
    index: NameIndex[tuple[str, str]],
    known: Set[str] = frozenset(),
) -> list[tuple[str, str]]:
    """The entities of `text` once the ruler and the fuzzy matcher ran, as the component leaves them."""
    doc = nlp(text)
    ruler: list[dict[str, Any]] = [
        {"entity": e.label_, "value": e.text, "start": e.start_char, "end": e.end_char} for e in doc.ents
    ]
    tokens = [(t.idx, t.idx + len(t.text)) for t in doc]
    taken = [(e["start"], e["end"]) for e in ruler]
    fuzzy = fuzzy_spans(text, tokens, taken, index, set(known), MIN_LENGTH)
    kept = [e for e in ruler if not wrapped(e, fuzzy)]
    return [(e["value"], e["entity"]) for e in sorted(kept + fuzzy, key=lambda e: e["start"])]


@pytest.fixture(scope="module")
def blank() -> Language:
    return spacy.blank("en")


def test_the_names_are_the_rulers_case_insensitive_spellings(index: NameIndex[tuple[str, str]]) -> None:
    for spelling in ("Data Scientists", "datascientist", "data-scientist's"):
        match = index.closest(spelling)
        assert match is not None and match.targets == {("role", "data-scientist")} and match.typos == ()
    assert index.closest("r") is None  # one-letter names are matched exactly, in upper case, only


def test_misspellings_are_recognised(blank: Language, index: NameIndex[tuple[str, str]]) -> None:
    assert found(blank, "what does a data sceintist do", index) == [("data sceintist", "role")]
    assert found(blank, "is pytroch hard?", index) == [("pytroch", "skill")]
    assert found(blank, "facial recogntion uses it", index) == [("facial recogntion", "application")]
    assert found(blank, "do data-sceintists' jobs", index) == [("data-sceintists", "role")]


def test_ordinary_words_and_covered_spans_are_left_alone(
    blank: Language, index: NameIndex[tuple[str, str]]
) -> None:
    assert found(blank, "what is the weather like in paris", index) == []
    assert found(blank, "data scientist", index) == []  # exact names are the ruler's job
    tokens = [(t.idx, t.idx + len(t.text)) for t in blank("a data sceintist")]
    assert fuzzy_spans("a data sceintist", tokens, [(0, 6)], index, set(), MIN_LENGTH) == []  # partly


def test_a_misspelt_longer_name_replaces_the_shorter_one_it_wraps(
    store_nlp: Language, index: NameIndex[tuple[str, str]]
) -> None:
    assert found(store_nlp, "skills of a machine learning enginer", index) == [
        ("machine learning enginer", "role")
    ]


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
    words = ordinary_words(examples)
    assert {"which", "role", "match", "my", "skills", "i'm", "a", "good"} <= words
    assert not {"pytroch", "data", "sceintist"} & words


def test_known_words_are_never_taken_for_misspellings(
    blank: Language, index: NameIndex[tuple[str, str]]
) -> None:
    text = "which role would match a data sceintist who knows pytroch"
    expected = [("match", "skill"), ("data sceintist", "role"), ("pytroch", "skill")]
    assert found(blank, text, index) == expected  # "match" is one letter off "math"
    known = {"which", "role", "would", "match", "a", "data", "who", "knows"}
    assert found(blank, text, index, known) == expected[1:]
    assert found(blank, "the best api", index) == [("best api", "skill")]
    assert found(blank, "the best api", index, {"the", "best"}) == []


def test_words_common_enough_to_be_one_token_are_never_taken_for_misspellings(
    blank: Language, index: NameIndex[tuple[str, str]]
) -> None:
    common = common_words()
    assert {"coming", "match", "best"} <= common and not {"pytroch", "sceintist", "pyhton"} & common
    text = "coming back to the data sceintist: does she match?"
    assert found(blank, text, index) == [("coming", "skill"), ("data sceintist", "role"), ("match", "skill")]
    assert found(blank, text, index, common) == [("data sceintist", "role")]


def test_a_doubled_letter_written_once_is_a_misspelling_though_a_known_word(
    blank: Language, tmp_path: Path
) -> None:
    """A training example may use the slip as an ordinary word ("programing langauge")."""
    index = ruler_names(build([("dynamic programming", "skill", "dynamic-programming")], tmp_path))
    known = {"what", "is", "programing"}
    assert found(blank, "what is dynamic programing", index, known) == [("dynamic programing", "skill")]
    programmer = ruler_names(build([("programmer", "role", "programmer")], tmp_path / "other"))
    assert found(blank, "a programme", programmer, {"a", "programme"}) == []  # a letter more, not a slip


def test_unless_most_of_a_longer_name_is_spelt_right(
    blank: Language, index: NameIndex[tuple[str, str]]
) -> None:
    """A training example may misspell an ordinary word ("programing langauge"): a name around it
    is still a name."""
    text = "skills for a natural langauge processing engineer?"
    assert found(blank, text, index, {"skills", "for", "a", "langauge"}) == [
        ("natural langauge processing engineer", "role")
    ]


@pytest.mark.parametrize("variant", TYPO_VARIANTS)
def test_every_misspelling_in_the_table_is_found_as_its_entry(
    store_nlp: Language, store_url: str, variant: str
) -> None:
    """Names × one-letter typos generated from the store, through the real pipeline's ruler and this
    matcher: each is one entity of its kind, which the store's lookup reads as its entry."""
    index = ruler_names(store_nlp)
    wrong = []
    with knowledge(store_url) as kb:
        for spelling in of_variant(variant):
            if spelling.rivals or len(spelling.text) < MIN_LENGTH:
                continue  # as close to another entry; too short for the matcher to try
            entities = found(store_nlp, f"tell me about {spelling.text} please", index, index.vocabulary)
            if [(kb.resolve(label, value), label) for value, label in entities] != [
                (spelling.key, spelling.kind)
            ]:
                wrong.append((spelling.text, spelling.key, entities))
    assert not wrong


@pytest.mark.parametrize("variant", EXACT_VARIANTS)
def test_a_name_spelt_right_is_left_to_the_ruler(store_nlp: Language, variant: str) -> None:
    index = ruler_names(store_nlp)
    for spelling in of_variant(variant):
        text = f"tell me about {spelling.text} please"
        doc = store_nlp(text)
        tokens = [(t.idx, t.idx + len(t.text)) for t in doc]
        taken = [(e.start_char, e.end_char) for e in doc.ents]
        assert fuzzy_spans(text, tokens, taken, index, index.vocabulary, MIN_LENGTH) == [], spelling
