"""The spaCy pipeline built from the store recognises the store's names, and only those."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language

from actions.store.queries import knowledge
from nlp import names
from nlp.build import pattern_spelling
from nlp.fuzzy_entities import ruler_names
from nlp.names import Match
from tests.nlp.name_table import EXACT_VARIANTS, of_variant


@pytest.fixture(scope="module")
def nlp(store_nlp: Language) -> Language:
    return store_nlp


def ents(nlp: Language, text: str) -> list[tuple[str, str, str]]:
    return [(e.text, e.label_, e.ent_id_) for e in nlp(text).ents]


def test_roles_skills_areas_and_countries_are_labelled(nlp: Language) -> None:
    found = ents(nlp, "Do Data Scientists in the UK use TensorFlow for facial recognition?")
    assert ("Data Scientists", "role", "data-scientist") in found
    assert ("UK", "country", "GB") in found
    assert ("TensorFlow", "skill", "tensorflow") in found
    assert ("facial recognition", "application", "facial-recognition") in found


def test_longest_name_wins(nlp: Language) -> None:
    assert ents(nlp, "what does a machine learning engineer do") == [
        ("machine learning engineer", "role", "machine-learning-engineer")
    ]


def test_every_alias_in_the_store_is_recognised(nlp: Language, store_url: str) -> None:
    with knowledge(store_url) as kb:
        aliases = kb.aliases()
    for text, kind, key in aliases:
        if len(text) == 1 or text in STOP_WORDS:
            text = text.upper()
        assert (kind, key) in [(e.label_, e.ent_id_) for e in nlp(f"tell me about {text} please").ents], text


def test_a_one_letter_name_before_a_full_stop_is_recognised(nlp: Language) -> None:
    assert ents(nlp, "I know probability and R. What next?") == [
        ("probability", "skill", "probability"),
        ("R.", "skill", "r"),
    ]


def test_an_everyday_word_names_a_country_after_the(nlp: Language) -> None:
    assert ents(nlp, "what do they earn in the us i mean") == [("the us", "country", "US")]
    assert ents(nlp, "can you tell us what they earn") == []


def test_plain_words_are_not_entities(nlp: Language) -> None:
    assert ents(nlp, "r u a bot or a person?") == []
    assert ents(nlp, "what's the weather like today") == []


def test_a_new_role_in_the_store_is_recognised_after_a_rebuild(tmp_path: Path) -> None:
    from nlp.build import build

    built = build([("prompt engineer", "role", "prompt-engineer")], tmp_path / "p")
    assert [(e.text, e.label_) for e in built("are prompt engineers in demand").ents] == [
        ("prompt engineers", "role")
    ]


@pytest.mark.parametrize("variant", EXACT_VARIANTS)
def test_every_spelling_in_the_table_is_recognised_as_its_entry(nlp: Language, variant: str) -> None:
    """Names × spellings generated from the store: each, in a sentence, is one entity, its own."""
    wrong = []
    for spelling in of_variant(variant):
        if len(spelling.name) == 1 or spelling.name.lower() in STOP_WORDS:
            continue  # matched in upper case only (test_plain_words_are_not_entities)
        text = f"tell me about {spelling.text} please"
        found = [(e.label_, e.ent_id_) for e in nlp(text).ents]
        if found != [(spelling.kind, spelling.key)]:
            wrong.append((spelling.text, spelling.key, found))
    assert not wrong


def test_the_ruler_and_the_fuzzy_matcher_take_the_lookups_spellings(nlp: Language, store_url: str) -> None:
    """The ruler's patterns, read back as the fuzzy matcher reads them, are exactly the spellings
    nlp/names.py gives the store's names (which the lookup indexes), each standing for its entry."""
    with knowledge(store_url) as kb:
        aliases = kb.aliases()
    expected = {
        (spelling, (kind, key))
        for text, kind, key in aliases
        if not (len(text) == 1 or text in STOP_WORDS)
        for spelling in names.spellings(text, kind)
    }
    patterns = nlp.get_pipe("entity_ruler").patterns
    read_back = {(pattern_spelling(p["pattern"]), (p["label"], p["id"])) for p in patterns}
    assert read_back - {(None, target) for _, target in read_back} == expected
    index = ruler_names(nlp)
    assert all(
        index.closest(spelling) == Match(frozenset({target}), tuple(spelling.split(" ")), (), 0)
        for spelling, target in expected
    )


def test_a_hyphen_spacy_keeps_inside_a_token_is_matched_too(nlp: Language) -> None:
    assert [(e.text, e.ent_id_) for e in nlp("is python-3 needed").ents] == [("python-3", "python")]
