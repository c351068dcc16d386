"""Intent metrics and the fallback-aware rates, on tiny inputs."""

import pytest

from evaluation.metrics import f1, intent_scores, scope_scores
from evaluation.report import confusions


def test_intent_scores_match_hand_computed_values():
    pairs = [("a", "a"), ("a", "b"), ("b", "b"), ("b", "b")]
    scores = intent_scores(pairs)
    assert scores.accuracy == 0.75 and scores.error_rate == 0.25
    assert scores.per_intent_f1["a"] == pytest.approx(2 / 3)  # p=1, r=.5
    assert scores.per_intent_f1["b"] == pytest.approx(0.8)  # p=2/3, r=1
    assert scores.macro_f1 == pytest.approx((2 / 3 + 0.8) / 2)
    assert scores.weighted_f1 == pytest.approx((2 / 3 * 2 + 0.8 * 2) / 4)
    assert scores.support == {"a": 2, "b": 2}


def test_predicted_only_labels_are_not_averaged_in():
    scores = intent_scores([("a", "a"), ("a", "nlu_fallback")])
    assert set(scores.per_intent_f1) == {"a"}


def test_f1_is_zero_when_undefined():
    assert f1(0, 0, 0) == 0.0


def test_out_of_scope_is_handled_by_fallback_too_and_in_scope_redirects_count():
    acted = [
        ("out_of_scope", "out_of_scope"),
        ("out_of_scope", "nlu_fallback"),
        ("out_of_scope", "greet"),
        ("greet", "greet"),
        ("greet", "nlu_fallback"),
        ("help", "out_of_scope"),
        ("help", "greet"),
    ]
    scope = scope_scores(acted)
    assert scope.out_of_scope_recall == pytest.approx(2 / 3)
    assert scope.in_scope_accuracy == 0.25
    assert scope.in_scope_redirect_rate == 0.5


def test_confusions_are_counted_most_frequent_first():
    pairs = [("a", "b"), ("a", "b"), ("c", "a"), ("a", "a")]
    assert confusions(pairs) == [(("a", "b"), 2), (("c", "a"), 1)]
