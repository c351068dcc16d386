"""The brief for a new blind split: what its author reads must match what the set scores."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from actions.store.queries import knowledge
from evaluation.brief import INTENTS, intents_page, names_page, used_letters, write_brief
from evaluation.conversations import CONVERSATIONS, load_conversations


def test_the_author_labels_every_question_but_a_follow_up(tmp_path: Path) -> None:
    letter = next(c for c in string.ascii_letters if c not in used_letters())
    write_brief(letter, tmp_path)
    page = (tmp_path / "intents.md").read_text()
    labelled = set(re.findall(r"^\| `(\w+)` \|", page, re.M))
    documented = set(re.findall(r"^\| `(\w+)` \|", INTENTS.read_text(), re.M))
    assert labelled == documented - {"follow_up", "message_too_long"} | {"next_steps"}
    assert page == intents_page(INTENTS.read_text())
    brief = (tmp_path / "brief.md").read_text()
    assert f"{letter}001 to {letter}120" in brief and f"{tmp_path}/set.yml" in brief and "{{" not in brief


def test_the_names_are_the_stores_and_those_the_set_labels(store_url: str) -> None:
    listed = set(re.findall(r"^- (.+)$", names_page(), re.M))
    with knowledge(store_url) as kb:
        for name in listed:
            found = (
                kb.find_role(name)
                or kb.find_skill(name)
                or kb.find_application(name)
                or kb.find_country(name)
            )
            assert found is not None, name
    for conversation in load_conversations(CONVERSATIONS):
        for turn in conversation.turns:
            labels = [turn.role, turn.skill, turn.country, *turn.skills]
            assert {label for label in labels if label} <= listed, conversation.id


def test_a_letter_a_set_uses_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_brief("c", tmp_path)
