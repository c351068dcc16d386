"""What a message asks after the openings that are not the question (nlp/openers.py)."""

from __future__ import annotations

import pytest

from nlp.openers import after_return, what_is_asked


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


@pytest.mark.parametrize(
    "text,asked",
    [
        (
            "I'd like to know how a research scientist spends their time.",
            "how a research scientist spends their time.",
        ),
        ("Good evening. I would like to know what a data engineer does.", "what a data engineer does."),
        ("hi! what's an MLOps engineer?", "what's an MLOps engineer?"),
        ("hi, ok back to data scientists: what do they need to study?", "what do they need to study?"),
        ("hello there", "hello there"),  # a greeting alone
        ("Tell me what an MLOps engineer earns in the US", "what an MLOps engineer earns in the US"),
        ("tell me about data scientists", "tell me about data scientists"),
        (
            "ok but in general, do you need a PhD to work in deep learning at all?",
            "do you need a PhD to work in deep learning at all?",
        ),
        ("forget that. what is deep learning?", "what is deep learning?"),
        ("different question: which jobs use sql?", "which jobs use sql?"),
        ("Leaving that aside, which courses for beginners?", "which courses for beginners?"),
        ("in general skills?", "in general skills?"),
        ("I want to learn python, which course?", "I want to learn python, which course?"),  # a goal
        ("I'd like to know", "I'd like to know"),
    ],
)
def test_what_is_asked_leaves_out_greetings_returns_and_requests(text: str, asked: str) -> None:
    assert what_is_asked(text) == asked
