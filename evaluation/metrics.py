"""Intent metrics from (true intent, predicted intent) pairs, and the fallback-aware rates.

Two views of a prediction: the classifier's intent (Rasa's own convention in `rasa test nlu`, which
undoes the FallbackClassifier) for accuracy and F1, and the intent the bot acts on (`nlu_fallback`
included) for out-of-scope recall and in-scope accuracy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

OUT_OF_SCOPE = "out_of_scope"
FALLBACK = "nlu_fallback"
REDIRECTS = frozenset({OUT_OF_SCOPE, FALLBACK})
"""Predictions that give the learner the "that's outside what I know" redirect."""

Pair = tuple[str, str]
"""(true intent, predicted intent)."""


@dataclass(frozen=True)
class IntentScores:
    """Accuracy, macro/weighted F1 and per-intent F1 over the true intents."""

    accuracy: float
    macro_f1: float
    weighted_f1: float
    per_intent_f1: dict[str, float]
    support: dict[str, int]

    @property
    def error_rate(self) -> float:
        return 1.0 - self.accuracy


def f1(true_positives: int, false_positives: int, false_negatives: int) -> float:
    """The harmonic mean of precision and recall (0 when undefined)."""
    denominator = 2 * true_positives + false_positives + false_negatives
    return 2 * true_positives / denominator if denominator else 0.0


def intent_scores(pairs: Sequence[Pair]) -> IntentScores:
    """Scores averaged over the intents that occur as true labels (as sklearn's report does for them)."""
    labels = sorted({t for t, _ in pairs})
    support = {label: sum(1 for t, _ in pairs if t == label) for label in labels}
    per_intent = {
        label: f1(
            sum(1 for t, p in pairs if t == label and p == label),
            sum(1 for t, p in pairs if t != label and p == label),
            sum(1 for t, p in pairs if t == label and p != label),
        )
        for label in labels
    }
    total = len(pairs)
    return IntentScores(
        accuracy=sum(1 for t, p in pairs if t == p) / total if total else 0.0,
        macro_f1=sum(per_intent.values()) / len(labels) if labels else 0.0,
        weighted_f1=sum(per_intent[label] * support[label] for label in labels) / total if total else 0.0,
        per_intent_f1=per_intent,
        support=support,
    )


@dataclass(frozen=True)
class ScopeScores:
    """How out-of-scope and in-scope messages fare once the fallback is taken into account."""

    out_of_scope_total: int
    out_of_scope_handled: int
    in_scope_total: int
    in_scope_correct: int
    in_scope_redirected: int

    @property
    def out_of_scope_recall(self) -> float:
        return self.out_of_scope_handled / self.out_of_scope_total if self.out_of_scope_total else 0.0

    @property
    def in_scope_accuracy(self) -> float:
        return self.in_scope_correct / self.in_scope_total if self.in_scope_total else 0.0

    @property
    def in_scope_redirect_rate(self) -> float:
        return self.in_scope_redirected / self.in_scope_total if self.in_scope_total else 0.0


def scope_scores(acted_pairs: Iterable[Pair]) -> ScopeScores:
    """From (true intent, intent the bot acts on) pairs, `nlu_fallback` being a possible prediction."""
    pairs: list[Pair] = list(acted_pairs)
    out = [p for t, p in pairs if t == OUT_OF_SCOPE]
    inside = [(t, p) for t, p in pairs if t != OUT_OF_SCOPE]
    return ScopeScores(
        out_of_scope_total=len(out),
        out_of_scope_handled=sum(1 for p in out if p in REDIRECTS),
        in_scope_total=len(inside),
        in_scope_correct=sum(1 for t, p in inside if t == p),
        in_scope_redirected=sum(1 for _, p in inside if p in REDIRECTS),
    )
