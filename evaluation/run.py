"""`make eval`: measures our NLU config against Rasa's default one and writes docs/evaluation.md.

Steps: prepare the store and spaCy pipeline (launcher.prepare), then per config training on all of
data/ (NLU and dialogue), with --cross-validation (`make eval CV=1`) 5-fold cross-validation on
data/nlu, and Rasa's test on the held-out set; then
both trained models parse every message of the held-out set and of the untouched set
(evaluation/untouched.yml) as the bot would, play every conversation of evaluation/conversations.yml
with the project's action server, and the report is written. Intermediate results
go to build/eval/; unchanged steps are reused (see evaluation.measure). Most of the time is Rasa's
default config: training it on all of data/ takes about 46 minutes on 2 cores, and its
cross-validation about two hours more, which is why that step is asked for.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from launcher import settings
from launcher.errors import report_failure
from launcher.progress import Step

if TYPE_CHECKING:  # the heavy imports wait until after preparation
    from evaluation.conversations import TurnResult
    from evaluation.measure import Config
    from evaluation.metrics import IntentScores
    from evaluation.report import ConfigResults

ROOT = settings.ROOT
DOCS = ROOT / "docs"
IMAGES = DOCS / "evaluation"
NOTES = ROOT / "evaluation" / "tuning.md"
EVAL_LOG = "eval.log"
"""Where `make eval` and evaluation.seeds log a failure's traceback, in settings.LOG_DIR."""


def _cv_scores(report_file: Path) -> IntentScores:
    """Rasa's cross-validation intent report (test folds) as IntentScores."""
    from evaluation.metrics import IntentScores

    report = json.loads(report_file.read_text())
    per_intent = {
        k: v
        for k, v in report.items()
        if isinstance(v, dict) and k not in ("macro avg", "weighted avg", "micro avg")
    }
    return IntentScores(
        accuracy=report["accuracy"],
        macro_f1=report["macro avg"]["f1-score"],
        weighted_f1=report["weighted avg"]["f1-score"],
        per_intent_f1={k: v["f1-score"] for k, v in per_intent.items()},
        support={k: int(v["support"]) for k, v in per_intent.items()},
    )


def _results(
    config: Config, seconds: dict[str, float], played: list[TurnResult], cross_validation: bool
) -> ConfigResults:
    from evaluation.entities import annotated_and_found, labels_read_by_intent, only_labels, score_spans
    from evaluation.measure import HELDOUT, UNTOUCHED
    from evaluation.predictions import parse_heldout
    from evaluation.report import (
        ENTITY_LABELS,
        ConfigResults,
        confusions,
        conversation_results,
        set_scores,
    )

    with Step(f"{config.title}: parsing both held-out sets as the bot does") as step:
        predictions = parse_heldout(config.model, HELDOUT, config.out / "heldout_predictions.json")
        untouched = parse_heldout(config.model, UNTOUCHED, config.out / "untouched_predictions.json")
        step.done(f"{len(predictions)} + {len(untouched)} messages")
    classified = [(p["intent"], p["predicted"]) for p in predictions]
    heldout = set_scores(predictions)
    rasa_report = json.loads((config.out / "heldout" / "intent_report.json").read_text())
    if abs(rasa_report["accuracy"] - heldout.intents.accuracy) > 0.002:
        print(
            f"    warning: Rasa's held-out accuracy {rasa_report['accuracy']:.3f} "
            f"differs from ours {heldout.intents.accuracy:.3f}",
            file=sys.stderr,
        )
    entity_pairs = annotated_and_found(predictions, ENTITY_LABELS)
    read = labels_read_by_intent((DOCS / "intents.md").read_text(), ENTITY_LABELS)
    read_pairs = [
        (only_labels(gold, read.get(p["intent"], set())), only_labels(found, read.get(p["intent"], set())))
        for p, (gold, found) in zip(predictions, entity_pairs, strict=True)
    ]
    conversations, mistakes = conversation_results(played)
    return ConfigResults(
        name=config.name,
        title=config.title,
        config_file=str(config.path.relative_to(ROOT)),
        cross_validation=_cv_scores(config.out / "cv" / "intent_report.json") if cross_validation else None,
        heldout=heldout,
        entities_read=score_spans(read_pairs, ENTITY_LABELS),
        seconds=seconds,
        confusions=confusions(classified),
        untouched=set_scores(untouched),
        conversations=conversations,
        conversation_mistakes=mistakes,
    )


def evaluate(cross_validation: bool) -> Path:
    """Runs every step (cross-validation if asked) and writes docs/evaluation.md; returns its path."""
    from evaluation.conversations import (
        CONVERSATIONS,
        DEV_CONVERSATIONS,
        evaluate_models,
        load_conversations,
    )
    from evaluation.measure import HELDOUT, NLU_DATA, UNTOUCHED, Config, measure
    from evaluation.predictions import heldout_examples, shared_messages
    from evaluation.report import copy_image, markdown, per_intent_chart
    from launcher.prepare import prepare

    # After the imports: sanic's (via rasa_sdk) asks to show every deprecation notice once, and the
    # libraries' notices would bury the progress.
    warnings.filterwarnings("ignore")
    started = time.monotonic()
    prepare()
    ours_config = Config("ours", "our config", ROOT / "config.yml")
    default_config = Config("default", "Rasa default", ROOT / "evaluation" / "baseline_config.yml")
    # The default config first: it is the slow one and does not depend on config.yml.
    seconds = {c.name: measure(c, cross_validation) for c in (default_config, ours_config)}
    with Step("Playing evaluation/conversations.yml through both models") as step:
        played = evaluate_models({c.name: c.model for c in (ours_config, default_config)})
        count = len(load_conversations(CONVERSATIONS)) + len(load_conversations(DEV_CONVERSATIONS))
        step.done(f"{count} conversations each")
    ours, baseline = (
        _results(c, seconds[c.name], played[c.name], cross_validation) for c in (ours_config, default_config)
    )
    with Step("Writing docs/evaluation.md") as step:
        images = {
            "per_intent": "evaluation/per_intent_f1.png",
            "confusion": "evaluation/intent_confusion_matrix.png",
            "histogram": "evaluation/intent_histogram.png",
        }
        per_intent_chart(ours, baseline, DOCS / images["per_intent"])
        for key in ("confusion", "histogram"):
            copy_image(ours_config.out / "heldout" / Path(images[key]).name, DOCS / images[key])
        report = DOCS / "evaluation.md"
        report.write_text(
            markdown(
                ours,
                baseline,
                images,
                NOTES.read_text(),
                len(heldout_examples(HELDOUT)),
                len(shared_messages(HELDOUT, NLU_DATA)),
                len(heldout_examples(UNTOUCHED)),
                datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                time.monotonic() - started,
            )
        )
        step.done(str(report.relative_to(ROOT)))
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make eval", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--cross-validation", action="store_true", help="also 5-fold cross-validation of both configs"
    )
    args = parser.parse_args(argv)
    settings.quiet_this_process()
    try:
        evaluate(args.cross_validation)
    except Exception as error:  # one line for the operator, the traceback in eval.log
        report_failure(error, "evaluation.run", settings.LOG_DIR / EVAL_LOG)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
