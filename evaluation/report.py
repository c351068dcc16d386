"""Writes docs/evaluation.md (the template evaluation/templates/evaluation.md.j2) and its charts from the
measured results."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from evaluation.conversations import Scores, TurnResult, scores
from evaluation.entities import LabelScore, annotated_and_found, score_spans
from evaluation.metrics import IntentScores, ScopeScores, intent_scores, scope_scores

ENTITY_LABELS = ("role", "skill", "application", "country")
IN_SCOPE_BEFORE_TUNING = 0.909
"""Held-out in-scope accuracy of the config and data before issue #5's tuning (evaluation/tuning.md)."""
TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class SetScores:
    """One config's figures on one evaluation set: intents, what the bot does, entities."""

    intents: IntentScores
    scope: ScopeScores
    entities: dict[str, LabelScore]


def set_scores(predictions: Sequence[Mapping[str, Any]]) -> SetScores:
    """A set's figures from its parsed messages (`evaluation.predictions.parse_heldout`)."""
    return SetScores(
        intent_scores([(p["intent"], p["predicted"]) for p in predictions]),
        scope_scores((p["intent"], p["acted"]) for p in predictions),
        score_spans(annotated_and_found(predictions, ENTITY_LABELS), ENTITY_LABELS),
    )


@dataclass
class ConfigResults:
    """Everything measured for one configuration."""

    name: str
    title: str
    config_file: str
    cross_validation: IntentScores | None
    """None when this run left cross-validation out (`make eval` without CV=1)."""
    heldout: SetScores
    entities_read: dict[str, LabelScore]
    seconds: dict[str, float]
    confusions: list[tuple[tuple[str, str], int]]
    untouched: SetScores
    conversations: dict[str, Scores]
    """The multi-turn set's figures per split (evaluation/conversations.yml)."""
    conversation_mistakes: list[str]
    """Each wrong turn on the untouched split, with what the bot did instead."""


def conversation_results(results: Sequence[TurnResult]) -> tuple[dict[str, Scores], list[str]]:
    """Figures per split of the multi-turn set, and the wrong turns of its untouched split."""
    splits = sorted({r.conversation.split for r in results})
    figures = {split: scores([r for r in results if r.conversation.split == split]) for split in splits}
    mistakes = [
        f"{r.conversation.id} ({r.conversation.kind}) turn {r.index + 1} “{r.turn.text}”: {r.mistake}"
        for r in results
        if r.mistake and r.conversation.split == "untouched"
    ]
    return figures, mistakes


@dataclass(frozen=True)
class Judged:
    """One figure and whether it meets its target (None: no yardstick on this set)."""

    measured: str
    met: bool | None


@dataclass(frozen=True)
class Target:
    """One target from issue #5, judged on the held-out set and on the untouched set."""

    what: str
    wanted: str
    heldout: Judged
    untouched: Judged


def _judged(ours: SetScores, baseline: SetScores, in_scope_before: float | None) -> list[Judged]:
    """The figures for each target on one set, in the order of `targets`."""
    role, skill = ours.entities["role"].f1, ours.entities["skill"].f1
    errors, baseline_errors = ours.intents.error_rate, baseline.intents.error_rate
    ratio = errors / baseline_errors if baseline_errors else 0.0
    in_scope = ours.scope.in_scope_accuracy
    return [
        Judged(f"{ours.intents.macro_f1:.3f}", ours.intents.macro_f1 >= 0.95),
        Judged(f"{role:.3f}", role >= 0.95),
        Judged(f"{skill:.3f}", skill >= 0.95),
        Judged(f"{ours.scope.out_of_scope_recall:.3f}", ours.scope.out_of_scope_recall >= 0.90),
        Judged(f"{in_scope:.3f}", None if in_scope_before is None else in_scope >= in_scope_before),
        Judged(f"{errors:.3f} ({ratio:.2f}× the default's {baseline_errors:.3f})", ratio <= 0.5 + 1e-9),
    ]


def targets(ours: ConfigResults, baseline: ConfigResults) -> list[Target]:
    """The issue's targets; the in-scope one has a before-tuning figure on the held-out set only."""
    wanted = [
        ("intent macro-F1", "≥ 0.95"),
        ("entity F1, role", "≥ 0.95"),
        ("entity F1, skill", "≥ 0.95"),
        ("out-of-scope recall", "≥ 0.90"),
        ("in-scope accuracy kept", f"≥ {IN_SCOPE_BEFORE_TUNING:.3f} (held-out, before tuning)"),
        ("intent error rate", "≤ half the default config's"),
    ]
    heldout = _judged(ours.heldout, baseline.heldout, IN_SCOPE_BEFORE_TUNING)
    untouched = _judged(ours.untouched, baseline.untouched, None)
    return [Target(what, want, h, u) for (what, want), h, u in zip(wanted, heldout, untouched, strict=True)]


def _verdict(judged: Judged) -> str:
    return {True: "met", False: "**missed**", None: "—"}[judged.met]


def confusions(pairs: Sequence[tuple[str, str]], top: int = 10) -> list[tuple[tuple[str, str], int]]:
    """The most frequent (true, predicted) mistakes."""
    return Counter((t, p) for t, p in pairs if t != p).most_common(top)


def per_intent_chart(ours: ConfigResults, baseline: ConfigResults, path: Path) -> None:
    """Grouped horizontal bars: held-out F1 per intent, ours vs the default config."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    intents = sorted(ours.heldout.intents.per_intent_f1, key=lambda i: ours.heldout.intents.per_intent_f1[i])
    ys = range(len(intents))
    fig, ax = plt.subplots(figsize=(8, 0.32 * len(intents) + 1.2))
    ax.barh(
        [y + 0.2 for y in ys],
        [ours.heldout.intents.per_intent_f1[i] for i in intents],
        0.4,
        label=ours.title,
        color="#2b6cb0",
    )
    ax.barh(
        [y - 0.2 for y in ys],
        [baseline.heldout.intents.per_intent_f1.get(i, 0.0) for i in intents],
        0.4,
        label=baseline.title,
        color="#bbbbbb",
    )
    ax.set_yticks(list(ys))
    ax.set_yticklabels(intents, fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_xlabel("F1 on the held-out set")
    ax.axvline(0.95, color="#c53030", linewidth=0.8, linestyle="--")
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _fixed(value: float, digits: int = 3) -> str:
    return f"{value:.{digits}f}"


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.1f} min" if seconds >= 90 else f"{seconds:.0f} s"


def markdown_environment() -> Environment:
    """Jinja for Markdown from evaluation/templates (this report, and the brief for a blind split in
    templates/brief/): no HTML escaping, and a name a template misspells fails the page."""
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(fixed=_fixed, minutes=_minutes, verdict=_verdict, whole=round)
    return environment


def markdown(
    ours: ConfigResults,
    baseline: ConfigResults,
    images: dict[str, str],
    notes: str,
    heldout_size: int,
    heldout_in_training: int,
    untouched_size: int,
    generated: str,
    total_seconds: float | None,
) -> str:
    """The whole report, rendered from evaluation/templates/evaluation.md.j2."""
    configs = (ours, baseline)
    return (
        markdown_environment()
        .get_template("evaluation.md.j2")
        .render(
            ours=ours,
            baseline=baseline,
            configs=configs,
            targets=targets(ours, baseline),
            heldout_entities=[(c.title, c.heldout.entities) for c in configs],
            entities_read=[(c.title, c.entities_read) for c in configs],
            images=images,
            notes=notes,
            heldout_size=heldout_size,
            heldout_in_training=heldout_in_training,
            untouched_size=untouched_size,
            generated=generated,
            measured_seconds=sum(sum(c.seconds.values()) for c in configs),
            total_seconds=total_seconds,
        )
    )


def copy_image(source: Path, target: Path) -> None:
    """Copies one of Rasa's plots into docs/evaluation/."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
