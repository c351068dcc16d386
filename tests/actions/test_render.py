"""How the store's names read in replies (actions/render.py)."""

from __future__ import annotations

import pytest

from actions import render
from actions.store.queries import knowledge


@pytest.mark.parametrize(
    "word,expected",
    [
        ("data scientist", "a"),
        ("engineer", "an"),
        ("MLOps engineer", "an"),
        ("NLP engineer", "an"),
        ("SQL", "an"),
    ],
)
def test_the_article_follows_how_the_word_is_read(word: str, expected: str) -> None:
    assert render.article(word) == expected


def test_every_role_reads_with_its_article(store_url: str) -> None:
    with knowledge() as kb:
        phrases = {role.title: render.a_role(role) for role in kb.roles()}
    assert phrases["MLOps engineer"] == "an MLOps engineer"
    assert phrases["Data scientist"] == "a data scientist"
