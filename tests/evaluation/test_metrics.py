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


def _results(name, accuracy, pairs, in_scope, role_f1, skill_f1):
    from evaluation.entities import LabelScore
    from evaluation.metrics import intent_scores, scope_scores
    from evaluation.report import ConfigResults

    def label(tp, fp, fn):
        return LabelScore("x", tp, fp, fn)

    return ConfigResults(
        name=name, title=name, config_file=f"{name}.yml",
        cross_validation=intent_scores(pairs), heldout=intent_scores(pairs),
        scope=scope_scores(in_scope),
        entities={"role": label(*role_f1), "skill": label(*skill_f1)},
        entities_read={}, seconds={}, confusions=[],
    )


def test_targets_judge_error_rate_against_half_the_default():
    from evaluation.report import targets

    ours = _results("ours", 0.95, [("a", "a")] * 19 + [("a", "b")], [("out_of_scope", "nlu_fallback")], (19, 1, 0), (10, 10, 0))
    default = _results("default", 0.9, [("a", "a")] * 18 + [("a", "b")] * 2, [("out_of_scope", "a")], (1, 1, 1), (1, 1, 1))
    met = {t.what: t.met for t in targets(ours, default)}
    assert met["intent error rate"]  # 0.05 <= 0.10 / 2
    assert met["entity F1, role"] and not met["entity F1, skill"]
    assert met["out-of-scope recall"]
