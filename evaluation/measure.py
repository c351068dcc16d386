"""The slow part of `make eval`: Rasa cross-validation, training and held-out tests, one step at a time.

Each step runs `rasa` in a child process, records how long it took and writes its outputs under
build/eval/<config>/<step>/. A step whose inputs (config, training data, held-out set, the spaCy
pipeline if the config loads it, the code of the config's own components) are unchanged since its
last successful run is reused, so a report can be regenerated without an hour of training; the
times shown are then those measured when the step ran.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from launcher import settings
from launcher.progress import Step

ROOT = settings.ROOT
EVAL_DIR = ROOT / "build" / "eval"
NLU_DATA = ROOT / "data" / "nlu"
DOMAIN = ROOT / "domain.yml"
HELDOUT = ROOT / "evaluation" / "heldout.yml"
UNTOUCHED = ROOT / "evaluation" / "untouched.yml"
"""A second held-out set no tuning has read; only parsed (evaluation.run), never a step's input."""
DEV = ROOT / "evaluation" / "dev.yml"
"""The tuning set: settings are compared on it (evaluation.seeds); not in the report."""
SPACY_DIR = ROOT / "build" / "spacy"
FOLDS = 5


@dataclass(frozen=True)
class Config:
    """One NLU configuration under test."""

    name: str
    title: str
    path: Path

    @property
    def out(self) -> Path:
        return EVAL_DIR / self.name

    @property
    def model(self) -> Path:
        return self.out / "model" / "model.tar.gz"


def _components(config_file: Path) -> list[dict[str, Any]]:
    """The config's NLU components and policies."""
    config = yaml.safe_load(config_file.read_text())
    return [*(config.get("pipeline") or []), *(config.get("policies") or [])]


def _component_sources(config_file: Path) -> list[Path]:
    """The source files of the packages holding the config's own components and policies
    ("nlp.fuzzy_entities.Fuzzy...", "policies.incremental..."), so a helper module they import counts too."""
    packages = {
        str(c["name"]).split(".", 1)[0] for c in _components(config_file) if "." in str(c.get("name", ""))
    }
    return [path for package in sorted(packages) for path in sorted((ROOT / package).glob("*.py"))]


def _spacy_files(config_file: Path) -> list[Path]:
    """The store's spaCy pipeline, if the config loads it: Rasa's default doesn't, so a change to
    data/knowledge doesn't re-measure it."""
    uses_spacy = any(c.get("name") == "SpacyNLP" for c in _components(config_file))
    return sorted(SPACY_DIR.rglob("*")) if uses_spacy else []


def _fingerprint(config: Config, step: str) -> str:
    """A digest of the step's inputs; only the held-out step reads the held-out set, and only the
    trained model (and the held-out test of it) the domain and dialogue data."""
    digest = hashlib.sha256(step.encode())
    dialogue = [DOMAIN, *sorted((ROOT / "data" / "rules").glob("*.yml"))]
    dialogue += sorted((ROOT / "data" / "stories").glob("*.yml"))
    files = [
        config.path,
        *([HELDOUT] if step == "heldout" else []),
        *(dialogue if step in ("model", "heldout") else []),
        *_component_sources(config.path),
        *sorted(NLU_DATA.rglob("*.yml")),
        *_spacy_files(config.path),
    ]
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _run_step(config: Config, step: str, title: str, command: list[str]) -> float:
    """Runs `command` unless its recorded outputs are current; returns the measured seconds."""
    out = config.out / step
    stamp = out / "step.json"
    fingerprint = _fingerprint(config, step)
    with Step(f"{config.title}: {title}", ticking=True) as progress:
        if stamp.exists():
            record = json.loads(stamp.read_text())
            if record.get("fingerprint") == fingerprint:
                progress.done(f"reused ({record['seconds']:.0f} s when measured)")
                return float(record["seconds"])
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        cache = EVAL_DIR / "cache" / f"{config.name}-{step}"  # fresh: Rasa's cache would skip training
        shutil.rmtree(cache, ignore_errors=True)
        env = settings.child_env()
        env["RASA_CACHE_DIRECTORY"] = str(cache)
        started = time.monotonic()
        with (out / "rasa.log").open("w") as log:
            result = subprocess.run(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        seconds = time.monotonic() - started
        shutil.rmtree(cache, ignore_errors=True)
        if result.returncode != 0:
            raise RuntimeError(f"`{' '.join(command[1:4])}` failed; see {out / 'rasa.log'}")
        stamp.write_text(json.dumps({"fingerprint": fingerprint, "seconds": seconds}))
        progress.done(f"{seconds:.0f} s")
        return seconds


def train(config: Config) -> float:
    """Trains the config on all of data/ (into `config.model`), dialogue included so conversations
    can be played through it; returns the seconds it took."""
    return _run_step(
        config,
        "model",
        "training on all of data/",
        [
            str(settings.VENV_BIN / "rasa"),
            "train",
            "--config",
            str(config.path.relative_to(ROOT)),
            "--domain",
            "domain.yml",
            "--data",
            "data/nlu",
            "data/rules",
            "data/stories",
            "--out",
            str(config.model.parent),
            "--fixed-model-name",
            "model",
        ],
    )


def measure(config: Config, cross_validation: bool) -> dict[str, float]:
    """Training on all of data/, Rasa's held-out test and, if asked, cross-validation on data/nlu;
    seconds per step."""
    seconds = {"training": train(config)}
    if cross_validation:
        seconds["cross_validation"] = _cross_validate(config)
    seconds["heldout_test"] = _run_step(
        config,
        "heldout",
        "Rasa's test on evaluation/heldout.yml",
        [
            str(settings.VENV_BIN / "rasa"),
            "test",
            "nlu",
            "--model",
            str(config.model),
            "--nlu",
            str(HELDOUT.relative_to(ROOT)),
            "--out",
            str(config.out / "heldout"),
        ],
    )
    return seconds


def _cross_validate(config: Config) -> float:
    """Rasa's 5-fold cross-validation on data/nlu; its seconds."""
    return _run_step(
        config,
        "cv",
        f"{FOLDS}-fold cross-validation on data/nlu",
        [
            str(settings.VENV_BIN / "rasa"),
            "test",
            "nlu",
            "--cross-validation",
            "--folds",
            str(FOLDS),
            "--config",
            str(config.path.relative_to(ROOT)),
            "--nlu",
            "data/nlu",
            "--out",
            str(config.out / "cv"),
        ],
    )
