"""The multi-turn scorer: turns judged from Rasa's own events, and played through the real model."""

from __future__ import annotations

import asyncio
from pathlib import Path

from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered

from evaluation.conversations import (
    CONVERSATIONS,
    DEV_CONVERSATIONS,
    Conversation,
    Turn,
    TurnResult,
    load_conversations,
    mistake,
    observe,
    play_all,
    scores,
    store_skill_key,
)
from launcher.servers import Stack


def user(text: str, intent: str) -> dict:
    return UserUttered(text, intent={"name": intent, "confidence": 0.9}).as_dict()


def keys(name: str) -> str | None:
    return {"Python": "python", "SQL": "sql"}.get(name)


def test_the_answered_question_is_the_topic_an_action_set_else_the_intent() -> None:
    events = [
        user("and the researchers?", "inform_role"),
        ActionExecuted("action_follow_up").as_dict(),
        SlotSet("topic", "ask_role").as_dict(),
        SlotSet("role", "Research scientist").as_dict(),
        BotUttered("Research scientist: ...").as_dict(),
    ]
    observed = observe(events, [])
    assert (observed.intent, observed.role, observed.replies) == (
        "ask_role",
        "Research scientist",
        ["Research scientist: ..."],
    )
    assert observe(events[:2], []).intent == "inform_role"


def test_a_turn_is_wrong_for_the_wrong_question_subject_or_skills() -> None:
    asked = Turn("and the researchers?", "ask_role", role="Research scientist")
    answered = observe([user(asked.text, "ask_role"), SlotSet("role", "Research scientist").as_dict()], [])
    assert mistake(asked, answered, keys) is None
    other_role = observe([user(asked.text, "ask_role"), SlotSet("role", "Data analyst").as_dict()], [])
    assert mistake(asked, other_role, keys) == "about Data analyst, not Research scientist"
    assert mistake(asked, observe([user(asked.text, "nlu_fallback")], []), keys) == (
        "answered nlu_fallback, not ask_role"
    )
    general = Turn("do I need a degree?", "ask_education")
    for_a_role = observe([user(general.text, "ask_education"), SlotSet("role", "Data analyst").as_dict()], [])
    assert mistake(general, for_a_role, keys) == "about Data analyst, not in general"
    stated = Turn("I know Python and SQL", "inform_skills", skills=("Python", "SQL"))
    assert mistake(stated, observe([user(stated.text, "inform_skills")], ["python"]), keys) == (
        "did not take in SQL"
    )
    assert mistake(stated, observe([user(stated.text, "inform_skills")], ["python", "sql"]), keys) is None
    in_the_uk = Turn("and a data engineer?", "ask_salary", role="Data engineer", country="the UK")
    salary = [user(in_the_uk.text, "ask_salary"), SlotSet("role", "Data engineer").as_dict()]
    assert mistake(in_the_uk, observe(salary, []), keys) == "for no country, not the UK"
    salary.append(SlotSet("country", "the UK").as_dict())
    assert mistake(in_the_uk, observe(salary, []), keys) is None


def test_a_conversation_is_right_only_when_every_turn_is() -> None:
    first = Conversation("a", "ellipsis", "untouched", (Turn("x", "greet"), Turn("y", "greet")))
    second = Conversation("b", "return", "untouched", (Turn("z", "greet"),))
    wrong = observe([user("y", "goodbye")], [])
    right = observe([user("x", "greet")], [])
    results = [
        TurnResult(first, 0, right, None),
        TurnResult(first, 1, wrong, "answered goodbye, not greet"),
        TurnResult(second, 0, right, None),
    ]
    figures = scores(results)
    assert (figures.turns_right, figures.turns, figures.conversations_right, figures.conversations) == (
        2,
        3,
        1,
        2,
    )
    assert figures.per_kind == {"ellipsis": (0, 1), "return": (1, 1)}


def test_the_set_names_only_what_the_store_knows(store_url: str) -> None:
    from actions.store.queries import knowledge

    conversations = load_conversations(CONVERSATIONS)
    assert len(conversations) >= 120 and len({c.id for c in conversations}) == len(conversations)
    assert {c.split for c in conversations} == {"untouched", "tuning"}
    dev = load_conversations(DEV_CONVERSATIONS)
    assert {c.split for c in dev} == {"dev"} and not {c.id for c in dev} & {c.id for c in conversations}
    conversations += dev
    with knowledge() as kb:
        for conversation in conversations:
            assert 2 <= len(conversation.turns) <= 4, conversation.id
            for turn in conversation.turns:
                assert turn.role is None or kb.find_role(turn.role), (conversation.id, turn.role)
                for name in (turn.skill, *turn.skills):
                    assert name is None or kb.find_skill(name), (conversation.id, name)
                assert turn.country is None or kb.find_country(turn.country), (conversation.id, turn.country)


def test_played_through_the_trained_model_and_the_action_server(
    trained_model: Path, stack: Stack, store_url: str
) -> None:
    conversation = Conversation(
        "live",
        "topic_switch",
        "tuning",
        (
            Turn("what does a data engineer do?", "ask_role", role="Data engineer"),
            Turn("I know Python and SQL", "inform_skills", skills=("Python", "SQL")),
            Turn("what does a data analyst do?", "ask_role", role="Data scientist"),
        ),
    )
    results = asyncio.run(
        play_all(trained_model, f"{stack.action_url}/webhook", [conversation], store_skill_key)
    )
    assert [r.mistake for r in results] == [None, None, "about Data analyst, not Data scientist"]
    assert results[0].observed.replies and "Data engineer" in results[0].observed.replies[0]
