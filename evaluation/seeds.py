"""`python -m evaluation.seeds [CONFIG] [--seeds 1 2 3]`: a config's figures per DIET seed, for tuning.

One training is one draw: with the seed alone, our config's held-out errors move by several
(evaluation/tuning.md), so configs a few errors apart can't be told apart by one training each. This
trains CONFIG (config.yml by default) on data/nlu once per seed, with its DIETClassifier's
`random_seed` replaced, and prints each model's figures on the held-out set and on the tuning set
(evaluation/dev.yml) as docs/evaluation.md computes them. Not on the untouched set: no tuning reads it.
Models and predictions go to build/eval/seeds/; a training whose inputs are unchanged is reused.
"""

from __future__ import annotations

import argparse
import copy
import sys
import warnings
from pathlib import Path
from typing import Any

import yaml

from evaluation.run import EVAL_LOG
from launcher import settings
from launcher.errors import report_failure
from launcher.progress import Step

ROOT = settings.ROOT


def seeded(config: dict[str, Any], seed: int) -> dict[str, Any]:
    """A copy of the config whose DIETClassifier trains with `seed`."""
    result = copy.deepcopy(config)
    # Rasa's DIETClassifier or a subclass of it (nlp.diet.QuickLoadingDIETClassifier)
    diet = [c for c in result.get("pipeline") or [] if str(c.get("name")).endswith("DIETClassifier")]
    if not diet:
        raise ValueError("the config has no DIETClassifier to seed")
    for component in diet:
        component["random_seed"] = seed
    return result


def figures(predictions: list[dict[str, Any]]) -> str:
    """One line: intent errors, in-scope answers right, out-of-scope handled, role and skill F1."""
    from evaluation.report import set_scores

    errors = sum(1 for p in predictions if p["intent"] != p["predicted"])
    scores = set_scores(predictions)
    scope, entities = scores.scope, scores.entities
    return (
        f"errors {errors}/{len(predictions)}, "
        f"in scope right {scope.in_scope_correct}/{scope.in_scope_total}, "
        f"out of scope handled {scope.out_of_scope_handled}/{scope.out_of_scope_total}, "
        f"role F1 {entities['role'].f1:.3f}, skill F1 {entities['skill'].f1:.3f}"
    )


def run(config_file: Path, seeds: list[int]) -> list[str]:
    """Trains once per seed and parses the held-out and tuning sets; returns a line per seed and set."""
    from evaluation.measure import DEV, EVAL_DIR, HELDOUT, Config, train
    from evaluation.predictions import parse_heldout
    from launcher.prepare import prepare

    warnings.filterwarnings("ignore")
    prepare()
    config = yaml.safe_load(config_file.read_text())
    lines = []
    for seed in seeds:
        name = f"seeds/{config_file.stem}-{seed}"
        path = EVAL_DIR / name / "config.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(seeded(config, seed), sort_keys=False))
        run_config = Config(name, f"{config_file.name}, seed {seed}", path)
        train(run_config)
        for set_name, set_path in (("held-out", HELDOUT), ("tuning", DEV)):
            with Step(f"{run_config.title}: parsing the {set_name} set") as step:
                out = run_config.out / f"{set_path.stem}_predictions.json"
                line = f"seed {seed}, {set_name}: " + figures(parse_heldout(run_config.model, set_path, out))
                step.done(line)
            lines.append(line)
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.seeds", description=__doc__.splitlines()[0])
    parser.add_argument("config", nargs="?", type=Path, default=ROOT / "config.yml")
    parser.add_argument("--seeds", nargs="+", type=int, default=[1, 2, 3])
    args = parser.parse_args(argv)
    settings.quiet_this_process()
    try:
        lines = run(args.config.resolve(), args.seeds)
    except Exception as error:  # one line for the operator, the traceback in eval.log
        report_failure(error, "evaluation.seeds", settings.LOG_DIR / EVAL_LOG)
        return 1
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
