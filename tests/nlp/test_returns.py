"""What a message asks after an opening clause that goes back (nlp/returns.py)."""

from __future__ import annotations

import pytest

from nlp.returns import after_return


@pytest.mark.parametrize(
    "text,asked",
    [
        ("ok software dev again, what do they need to study?", "what do they need to study?"),
        ("back to the nlp role... what do they need to study?", "what do they need to study?"),
        (
            "Coming back to research scientists: what courses could prepare me?",
            "what courses could prepare me?",
        ),
        ("so, back to the first one, what do they earn in France?", "what do they earn in France?"),
    ],
)
def test_the_question_after_a_return_clause(text: str, asked: str) -> None:
    assert after_return(text) == asked


@pytest.mark.parametrize(
    "text",
    [
        "for the data scientist again, how much in australia?",  # leans on the clause
        "back to data scientists",
        "what does a data engineer do again?",
        "what is deep learning?",
    ],
)
def test_otherwise_the_whole_message(text: str) -> None:
    assert after_return(text) == text
