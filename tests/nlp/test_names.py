"""How a name is read (nlp/names.py): its normal form, its spellings, and finding it misspelt."""

from __future__ import annotations

import pytest

from nlp.names import NameIndex, normal, plural, plural_phrase, spellings, typos, words


@pytest.mark.parametrize(
    "text, expected",
    [
        ("  The Data-Scientist? ", "data scientist"),
        ("a data scientist's", "data scientist"),
        ("DATA SCIENTISTS’", "data scientists"),
        ("ml‑ops engineer", "ml ops engineer"),
        ("C++", "c++"),
        ("Node.js", "node.js"),
        ("the", "the"),
    ],
)
def test_normal_form(text: str, expected: str) -> None:
    assert normal(text) == expected


def test_spellings_close_any_gap_and_add_the_plural_for_countable_kinds() -> None:
    assert spellings("Chat-bot", "application") == ["chat bot", "chat bots", "chatbot", "chatbots"]
    assert spellings("United Kingdom", "country") == ["united kingdom", "unitedkingdom"]
    assert spellings("statistics", "skill") == ["statistics"]
    assert len(spellings("new south wales", "country")) == 4 and len(spellings("ab cd ef gh", "skill")) == 16


def test_plural() -> None:
    assert [plural(w) for w in ("scientist", "body", "class", "day", "physics", "python3", "r")] == [
        "scientists",
        "bodies",
        "classes",
        "days",
        "physics",
        "python3",
        "r",
    ]
    assert plural_phrase("MLOps engineer") == "MLOps engineers"


@pytest.mark.parametrize(
    "typed, word, count",
    [
        ("langauge", "language", 1),
        ("enginer", "engineer", 1),
        ("engineeer", "engineer", 1),
        ("engimeer", "engineer", 1),
        ("engineer", "engineer", 0),
        ("engine", "engineer", 2),
        ("bioinformatition", "bioinformatician", 2),
        ("engineering", "engineer", 3),
    ],
)
def test_typos(typed: str, word: str, count: int) -> None:
    assert typos(typed, word) == count == typos(word, typed)


def index() -> NameIndex[str]:
    names = [
        ("data scientist", "ds"),
        ("data engineer", "de"),
        ("nlp", "nlp"),
        ("mlops", "mlops"),
        ("ml", "ml"),
    ]
    return NameIndex.of_names(names, "role")


def test_a_typo_in_any_word_of_at_least_four_letters_is_found() -> None:
    assert index().find("data sceintist") == "ds"
    assert index().find("dta scientists") == "ds"
    assert index().find("dsta sceintist") == "ds"  # one typo in each word
    assert index().find("data-enginer") == "de"
    assert index().find("mk") is None  # "ml" is too short to be read as misspelt
    assert index().find("data enginr") is None  # two typos in a word shorter than LONG_WORD_LENGTH
    assert index().find("data sceintst") == "ds"  # two in a word of LONG_WORD_LENGTH letters


def test_equally_close_names_of_different_entries_find_none() -> None:
    match = index().closest("mlps")  # "mlops" less a letter, "nlps" with one changed
    assert match is not None and match.targets == {"mlops", "nlp"} and match.target is None
    assert index().find("mlps") is None


def test_an_exact_spelling_beats_a_close_one() -> None:
    match = index().closest("nlps")
    assert match is not None and match.target == "nlp" and match.typos == ()


def test_message_words() -> None:
    assert words("I'm learning C++ and C#, not R!") == ["i'm", "learning", "c++", "and", "c#", "not", "r"]
