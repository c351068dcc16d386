"""Every role, skill and application-area name and alias in the store, spelt every way a learner
might (tests/nlp/name_table.py), is found by the query layer as its own entry and never as another."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from actions.store.queries import Knowledge, knowledge
from tests.nlp.name_table import EXACT_VARIANTS, TYPO_VARIANTS, Spelling, of_variant, table


@pytest.fixture(scope="module")
def kb(store_url: str) -> Iterator[Knowledge]:
    with knowledge(store_url) as kb:
        yield kb


def found(kb: Knowledge, spelling: Spelling) -> str | None:
    """The key of the entry the query layer finds for the spelling, through the kind's own finder."""
    find = {"role": kb.find_role, "skill": kb.find_skill, "application": kb.find_application}
    entry = find[spelling.kind](spelling.text)
    return entry.key if entry else None


def test_the_table_covers_every_name_in_every_variant() -> None:
    assert len(table()) > 4000
    assert {s.variant for s in table()} == {*EXACT_VARIANTS, *TYPO_VARIANTS}


@pytest.mark.parametrize("variant", EXACT_VARIANTS)
def test_every_spelling_finds_its_own_entry(kb: Knowledge, variant: str) -> None:
    wrong = [(s.text, s.key, found(kb, s)) for s in of_variant(variant) if found(kb, s) != s.key]
    assert not wrong


@pytest.mark.parametrize("variant", TYPO_VARIANTS)
def test_a_typo_in_any_word_finds_its_own_entry_unless_another_is_as_close(
    kb: Knowledge, variant: str
) -> None:
    rows = of_variant(variant)
    wrong = [(s.text, s.key, found(kb, s)) for s in rows if found(kb, s) != (None if s.rivals else s.key)]
    assert not wrong
    assert sum(not s.rivals for s in rows) > 400


def test_a_typo_as_close_to_two_entries_offers_both(kb: Knowledge) -> None:
    ambiguous = [s for s in table() if s.rivals]
    assert ambiguous, "the store has names one typo from two entries (e.g. 'mlps': MLOps or NLPs)"
    for spelling in ambiguous:
        assert kb.resolve(spelling.kind, spelling.text) is None
        assert {spelling.key, *spelling.rivals} <= set(kb.suggest(spelling.kind, spelling.text)), spelling


@pytest.mark.parametrize(
    "text, key",
    [
        ("natural langauge processing engineer", "natural-language-processing-engineer"),
        ("ml-ops engineer", "mlops-engineer"),
        ("full-stack developer", "full-stack-web-developer"),
        ("Data Scientists'", "data-scientist"),
    ],
)
def test_the_reported_role_names_are_found(kb: Knowledge, text: str, key: str) -> None:
    role = kb.find_role(text)
    assert role is not None and role.key == key


def test_a_fragment_of_a_name_is_no_name(kb: Knowledge) -> None:
    """What DIET took from the misspelt name before ("natural") names nothing, and only offers."""
    assert kb.find_role("natural") is None and kb.find_role("processing engineer") is None
    assert kb.closest_roles("processing engineer")[0].key == "natural-language-processing-engineer"
