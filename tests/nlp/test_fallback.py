"""The fallback (nlp/fallback.py): a near tie falls back only where out of scope is in it."""

from __future__ import annotations

from rasa.shared.nlu.training_data.message import Message

from nlp.fallback import InScopeTieFallbackClassifier


def _acted_on(ranking: list[tuple[str, float]], entities: list[dict] | None = None) -> str:
    classifier = InScopeTieFallbackClassifier(
        {**InScopeTieFallbackClassifier.get_default_config(), "threshold": 0.3, "ambiguity_threshold": 0.1}
    )
    ranked = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    message = Message(
        data={"text": "x", "intent": ranked[0], "intent_ranking": ranked, "entities": entities or []}
    )
    return classifier.process([message])[0].get("intent")["name"]


def test_a_near_tie_of_two_questions_answers_the_top_one() -> None:
    assert _acted_on([("recommend_role", 0.46), ("ask_skill_roles", 0.43)]) == "recommend_role"


def test_a_near_tie_with_out_of_scope_falls_back() -> None:
    assert _acted_on([("ask_skill_gap", 0.35), ("out_of_scope", 0.33)]) == "nlu_fallback"
    assert _acted_on([("out_of_scope", 0.48), ("goodbye", 0.47)]) == "nlu_fallback"


def test_low_confidence_falls_back_and_a_clear_lead_does_not() -> None:
    assert _acted_on([("ask_role", 0.25), ("ask_skill", 0.2)]) == "nlu_fallback"
    assert _acted_on([("ask_role", 0.6), ("out_of_scope", 0.3)]) == "ask_role"


def test_a_near_tie_with_out_of_scope_answers_a_leading_question_about_a_store_role() -> None:
    store_role = {"entity": "role", "value": "data scientist", "extractor": "SpacyEntityExtractor"}
    learnt_role = {**store_role, "value": "astronaut", "extractor": "DIETClassifier"}
    assert _acted_on([("ask_experience", 0.51), ("out_of_scope", 0.44)], [store_role]) == "ask_experience"
    assert _acted_on([("ask_experience", 0.51), ("out_of_scope", 0.44)], [learnt_role]) == "nlu_fallback"
    assert _acted_on([("out_of_scope", 0.51), ("ask_experience", 0.44)], [store_role]) == "nlu_fallback"
