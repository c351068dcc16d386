"""Gets everything the servers need ready: the store, the spaCy pipeline, sentence vectors and a
trained model.

Each step is derived from files and skipped when its inputs have not changed: the store from
data/knowledge (the loader's own fingerprint), the spaCy pipeline from the store's aliases, the
sentence vectors once (their files have pinned digests), the model from the training data, config,
domain and pipeline. Models are named by that fingerprint, so
`make run` trains only when something that shapes the model changed.

A change to the domain's responses alone (a content owner rewording what the bot says) changes
neither the NLU pipeline nor the policies, which Rasa trains from the domain without them. Then
`rasa train` runs with Rasa's cache, which serves the trained components (the first time after a full
training it misses the two light ones after DIET once) and packages the new domain: seconds instead
of minutes. Otherwise it runs with `--force`, because Rasa's cache keys leave out the code of our own
components (nlp/*.py, policies/*.py), into a new cache: each cache only ever holds components trained
from inputs of one shape, the one it is named by.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from launcher import settings
from launcher.errors import LAUNCHER_LOG, report_failure
from launcher.progress import Step

ROOT = settings.ROOT
SPACY_DIR = ROOT / "build" / "spacy"
MODELS_DIR = ROOT / "models"
TRAINING_INPUTS = ("config.yml", "domain.yml", "data/nlu", "data/rules", "data/stories")
COMPONENTS = (ROOT / "nlp", ROOT / "policies")  # the components config.yml names: editing one retrains
MODELS_KEPT = 3
PIPELINE_CODE = (ROOT / "nlp" / "build.py", ROOT / "nlp" / "names.py")  # how aliases become patterns
CACHE_ROOT = ROOT / "build" / "rasa-cache"
"""Rasa's training caches (RASA_CACHE_DIRECTORY), one folder per `shape_fingerprint`, each with a
`<shape>.trained` mark once a training filled it; those of the last MODELS_KEPT shapes trained are kept."""


def load_store(database_url: str | None = None) -> str:
    """Loads data/knowledge into the store; returns the loader's summary line."""
    from actions.store.load import load

    return load(url=database_url).summary()


def build_spacy(database_url: str | None = None, out_dir: Path = SPACY_DIR) -> bool:
    """Builds the spaCy pipeline from the store unless the store's aliases and the code that turns
    them into patterns (nlp/build.py, nlp/names.py) are unchanged."""
    from actions.store.queries import knowledge

    with knowledge(database_url) as kb:
        aliases = kb.aliases()
    stamp = out_dir / "aliases.sha256"
    hasher = hashlib.sha256(json.dumps(aliases).encode())
    for source in PIPELINE_CODE:
        hasher.update(source.read_bytes())
    digest = hasher.hexdigest()
    if stamp.exists() and stamp.read_text() == digest and (out_dir / "meta.json").exists():
        return False
    from nlp.build import build  # spaCy imports TensorFlow: seconds a `make run` needs only to rebuild

    build(aliases, out_dir)
    stamp.write_text(digest)
    return True


def _files(paths: Iterable[str]) -> Iterable[Path]:
    for name in paths:
        path = ROOT / name
        yield from sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]


def training_fingerprint(spacy_dir: Path = SPACY_DIR) -> str:
    """A hash of everything that shapes the trained model: data, config, components, spaCy patterns."""
    return _fingerprint(spacy_dir, with_wording=True)


def shape_fingerprint(spacy_dir: Path = SPACY_DIR) -> str:
    """The training fingerprint without what the domain's responses say (their names stay in):
    what the NLU pipeline and the policies are trained from."""
    return _fingerprint(spacy_dir, with_wording=False)


def _fingerprint(spacy_dir: Path, with_wording: bool) -> str:
    digest = hashlib.sha256()
    inputs = [
        *_files(TRAINING_INPUTS),
        *sorted(path for package in COMPONENTS for path in package.glob("*.py")),
        *sorted(p for p in spacy_dir.rglob("*") if p.is_file()),
    ]
    for path in inputs:
        name = path.relative_to(ROOT)
        digest.update(str(name).encode())
        digest.update(path.read_bytes() if with_wording or str(name) != "domain.yml" else _unworded(path))
    return digest.hexdigest()[:16]


def _unworded(domain_file: Path) -> bytes:
    """The domain as Rasa's policies see it (DomainForCoreTrainingProvider): responses by name only."""
    domain = yaml.safe_load(domain_file.read_text()) or {}
    domain["responses"] = sorted(domain.get("responses") or {})
    return json.dumps(domain, sort_keys=True, default=str).encode()


def model_path(fingerprint: str) -> Path:
    return MODELS_DIR / f"dl-careers-{fingerprint}.tar.gz"


def only_wording_changed(shape: str) -> bool:
    """Whether a model was trained from inputs of this shape (only the wording of responses may
    differ), so its cache holds every component and `rasa train` can take them all from it."""
    return (CACHE_ROOT / f"{shape}.trained").exists() and (CACHE_ROOT / shape).is_dir()


def train(fingerprint: str, shape: str, log_file: Path, debug: bool = False) -> Path:
    """Trains the model for `fingerprint` with `rasa train`; its output goes to `log_file`.

    From the cache when it was filled from inputs of the same `shape`, else from scratch.
    """
    out = model_path(fingerprint)
    cached = only_wording_changed(shape)
    if not cached:
        shutil.rmtree(CACHE_ROOT / shape, ignore_errors=True)  # what a failed training left
    command = [
        str(settings.VENV_BIN / "rasa"),
        "train",
        *([] if cached else ["--force"]),
        "--out",
        str(MODELS_DIR),
        "--fixed-model-name",
        out.name[: -len(".tar.gz")],
    ]
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with log_file.open("w") as log:
        result = subprocess.run(
            command,
            cwd=ROOT,
            env={**settings.child_env(debug), "RASA_CACHE_DIRECTORY": str(CACHE_ROOT / shape)},
            stdout=None if debug else log,
            stderr=subprocess.STDOUT if not debug else None,
        )
    if result.returncode != 0 or not out.exists():
        raise RuntimeError(f"training failed (exit {result.returncode}); see {log_file}")
    (CACHE_ROOT / f"{shape}.trained").touch()
    _prune_models(keep=out)
    _prune_caches()
    return out


def _prune_caches() -> None:
    """Keeps the caches of the last MODELS_KEPT shapes trained (marks touched last); drops the rest."""
    marks = sorted(CACHE_ROOT.glob("*.trained"), key=lambda p: p.stat().st_mtime, reverse=True)
    kept = {m.name[: -len(".trained")] for m in marks[:MODELS_KEPT]}
    for path in CACHE_ROOT.iterdir():
        if path.name.removesuffix(".trained") in kept:
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def _prune_models(keep: Path) -> None:
    models = sorted(MODELS_DIR.glob("dl-careers-*.tar.gz"), key=lambda p: p.stat().st_mtime)
    for old in [m for m in models if m != keep][: max(0, len(models) - MODELS_KEPT)]:
        old.unlink()


@contextmanager
def exclusive() -> Iterator[None]:
    """One preparation at a time on this checkout (say `make run` and `make test` together)."""
    lock_file = ROOT / "build" / "prepare.lock"
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def prepare(debug: bool = False, database_url: str | None = None) -> Path:
    """Store, spaCy pipeline and model, each only when out of date; returns the model to serve."""
    with exclusive():
        return _prepare(debug, database_url)


def _prepare(debug: bool, database_url: str | None) -> Path:
    with Step("Loading the knowledge store") as step:
        step.done(load_store(database_url))
    with Step("Building the spaCy pipeline from the store") as step:
        step.done("rebuilt" if build_spacy(database_url) else "up to date")
    with Step("Fetching the sentence vectors (WordLlama's, from PyPI)") as step:
        from nlp.sentence_vectors import fetch

        step.done("fetched" if fetch() else "up to date")
    fingerprint = training_fingerprint()
    model = model_path(fingerprint)
    if model.exists():
        with Step("Checking the model") as step:
            step.done(f"up to date ({model.relative_to(ROOT)})")
        return model
    shape = shape_fingerprint()
    title = (
        "Training the model (only responses changed: the rest comes from the cache)"
        if only_wording_changed(shape)
        else "Training the model (about 6 minutes on two cores)"
    )
    with Step(title, ticking=True) as step:
        started = time.monotonic()
        train(fingerprint, shape, settings.LOG_DIR / "train.log", debug)
        step.done(f"{model.relative_to(ROOT)} in {time.monotonic() - started:.0f} s")
    return model


def main() -> int:
    settings.quiet_this_process()
    try:
        print(prepare(debug=settings.debug()))
    except Exception as error:  # one line for the operator, the traceback in the launcher's log
        report_failure(error, "launcher.prepare", settings.LOG_DIR / LAUNCHER_LOG)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
