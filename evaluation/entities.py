"""Entity scoring as the actions see it: every extractor's entities merged like the actions merge them.

The merge itself is `actions.context.entity_values` (overlapping spans kept once, first by start);
it is reused, not copied. It returns values, not spans, so `merged_entities` recovers which entity
each kept value came from by feeding it growing prefixes of the start-sorted entities: the merge is
greedy in that order, so an entity is kept exactly when adding it grows the result.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from actions.context import entity_values

Entity = Mapping[str, Any]
"""A Rasa entity dict: at least `entity`, `start`, `end` (and `value`)."""

Span = tuple[int, int, str]
"""(start, end, label)."""


class _LatestMessage:
    """Just enough of a rasa_sdk Tracker for `entity_values`."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.latest_message: dict[str, Any] = {"entities": list(entities)}


def merged_entities(entities: Sequence[Entity], labels: Iterable[str]) -> list[Entity]:
    """The entities the actions use for each of `labels`, in order of appearance."""
    ordered = sorted(entities, key=lambda e: e.get("start") or 0)
    kept: list[Entity] = []
    for label in labels:
        of_label = [e for e in ordered if e.get("entity") == label]
        count = 0
        for i, entity in enumerate(of_label):
            now = len(entity_values(_LatestMessage(of_label[: i + 1]), label))
            if now > count:
                kept.append(entity)
                count = now
    return sorted(kept, key=lambda e: e.get("start") or 0)


def spans(entities: Iterable[Entity]) -> list[Span]:
    """(start, end, label) of each entity."""
    return [(int(e["start"]), int(e["end"]), str(e["entity"])) for e in entities]


def annotated_and_found(
    predictions: Iterable[Mapping[str, Any]], labels: Iterable[str]
) -> list[tuple[list[Span], list[Span]]]:
    """Per held-out prediction: the annotated spans, and the spans the actions would receive."""
    labels = list(labels)
    return [
        (spans(p["entities"]), spans(merged_entities(p["predicted_entities"], labels))) for p in predictions
    ]


@dataclass
class LabelScore:
    """Exact-match span scores for one entity label."""

    label: str
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def support(self) -> int:
        return self.true_positives + self.false_negatives

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.support if self.support else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_spans(
    pairs: Iterable[tuple[Sequence[Span], Sequence[Span]]], labels: Sequence[str]
) -> dict[str, LabelScore]:
    """Per-label scores over (gold, predicted) span lists: a hit needs same start, end and label."""
    scores = {label: LabelScore(label) for label in labels}
    for gold, predicted in pairs:
        gold_set, predicted_set = set(gold), set(predicted)
        for start, end, label in gold_set | predicted_set:
            if label not in scores:
                continue
            in_gold, in_predicted = (start, end, label) in gold_set, (start, end, label) in predicted_set
            if in_gold and in_predicted:
                scores[label].true_positives += 1
            elif in_gold:
                scores[label].false_negatives += 1
            else:
                scores[label].false_positives += 1
    return scores


def labels_read_by_intent(intents_table: str, labels: Sequence[str]) -> dict[str, set[str]]:
    """Which entity labels each intent's action uses, from docs/intents.md's table.

    A row reads "| `intent` | the learner wants ... (`role`) ... | example |": the backticked
    entity labels in its second column are the ones the intent takes.
    """
    read: dict[str, set[str]] = {}
    for line in intents_table.splitlines():
        match = re.match(r"\|\s*`(\w+)`\s*\|(.*?)\|", line)
        if match:
            read[match.group(1)] = {
                label for label in re.findall(r"`(\w+)`", match.group(2)) if label in labels
            }
    return read


def only_labels(found: Iterable[Span], labels: set[str]) -> list[Span]:
    """The spans whose label is in `labels`."""
    return [s for s in found if s[2] in labels]
