"""The spaCy pipeline built from the store recognises the store's names, and only those."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.lang.en.stop_words import STOP_WORDS

from actions.store.queries import knowledge
from nlp.build import build_from_store, plural


@pytest.fixture(scope="module")
def nlp(store_url: str, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("spacy")
    build_from_store(out, store_url)
    return spacy.load(out)


def ents(nlp, text: str) -> list:  # type: ignore[no-untyped-def]
    return [(e.text, e.label_, e.ent_id_) for e in nlp(text).ents]


def test_roles_skills_areas_and_countries_are_labelled(nlp) -> None:  # type: ignore[no-untyped-def]
    found = ents(nlp, "Do Data Scientists in the UK use TensorFlow for facial recognition?")
    assert ("Data Scientists", "role", "data-scientist") in found
    assert ("UK", "country", "GB") in found
    assert ("TensorFlow", "skill", "tensorflow") in found
    assert ("facial recognition", "application", "facial-recognition") in found


def test_longest_name_wins(nlp) -> None:  # type: ignore[no-untyped-def]
    assert ents(nlp, "what does a machine learning engineer do") == [
        ("machine learning engineer", "role", "machine-learning-engineer")
    ]


def test_every_alias_in_the_store_is_recognised(nlp, store_url: str) -> None:  # type: ignore[no-untyped-def]
    with knowledge(store_url) as kb:
        aliases = kb.aliases()
    for text, kind, key in aliases:
        if len(text) == 1 or text in STOP_WORDS:
            text = text.upper()
        assert (kind, key) in [(e.label_, e.ent_id_) for e in nlp(f"tell me about {text} please").ents], text


def test_plain_words_are_not_entities(nlp) -> None:  # type: ignore[no-untyped-def]
    assert ents(nlp, "r u a bot or a person?") == []
    assert ents(nlp, "what's the weather like today") == []


def test_a_new_role_in_the_store_is_recognised_after_a_rebuild(tmp_path: Path) -> None:
    from nlp.build import build

    built = build([("prompt engineer", "role", "prompt-engineer")], tmp_path / "p")
    assert [(e.text, e.label_) for e in built("are prompt engineers in demand").ents] == [
        ("prompt engineers", "role")
    ]


def test_plural() -> None:
    assert [plural(w) for w in ("scientist", "assistant", "body", "class", "day")] == [
        "scientists",
        "assistants",
        "bodies",
        "classes",
        "days",
    ]
