"""Gets everything the servers need ready: the store, the spaCy pipeline, sentence vectors and a
trained model.

Each step is derived from files and skipped when its inputs have not changed: the store from
data/knowledge (the loader's own fingerprint), the spaCy pipeline from the store's aliases, the
sentence vectors once (their files have pinned digests), the model from the training data, config,
domain and pipeline. Models are named by that fingerprint, so
`make run` trains only when something that shapes the model changed.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from launcher import settings
from launcher.errors import LAUNCHER_LOG, report_failure
from launcher.progress import Step

ROOT = settings.ROOT
SPACY_DIR = ROOT / "build" / "spacy"
MODELS_DIR = ROOT / "models"
TRAINING_INPUTS = ("config.yml", "domain.yml", "data/nlu", "data/rules", "data/stories")
COMPONENTS = ROOT / "nlp"  # the NLU components config.yml names: editing one retrains
MODELS_KEPT = 3


def load_store(database_url: str | None = None) -> str:
    """Loads data/knowledge into the store; returns the loader's summary line."""
    from actions.store.load import load

    return load(url=database_url).summary()


def build_spacy(database_url: str | None = None, out_dir: Path = SPACY_DIR) -> bool:
    """Builds the spaCy pipeline from the store unless the store's aliases are unchanged."""
    from actions.store.queries import knowledge
    from nlp.build import build

    with knowledge(database_url) as kb:
        aliases = kb.aliases()
    stamp = out_dir / "aliases.sha256"
    digest = hashlib.sha256(json.dumps(aliases).encode()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest and (out_dir / "meta.json").exists():
        return False
    build(aliases, out_dir)
    stamp.write_text(digest)
    return True


def _files(paths: Iterable[str]) -> Iterable[Path]:
    for name in paths:
        path = ROOT / name
        yield from sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]


def training_fingerprint(spacy_dir: Path = SPACY_DIR) -> str:
    """A hash of everything that shapes the trained model: data, config, components, spaCy patterns."""
    digest = hashlib.sha256()
    inputs = [
        *_files(TRAINING_INPUTS),
        *sorted(COMPONENTS.glob("*.py")),
        *sorted(p for p in spacy_dir.rglob("*") if p.is_file()),
    ]
    for path in inputs:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def model_path(fingerprint: str) -> Path:
    return MODELS_DIR / f"dl-careers-{fingerprint}.tar.gz"


def train(fingerprint: str, log_file: Path, debug: bool = False) -> Path:
    """Trains the model for `fingerprint` with `rasa train`; its output goes to `log_file`."""
    out = model_path(fingerprint)
    command = [
        str(settings.VENV_BIN / "rasa"),
        "train",
        "--force",
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
            env=settings.child_env(debug),
            stdout=None if debug else log,
            stderr=subprocess.STDOUT if not debug else None,
        )
    if result.returncode != 0 or not out.exists():
        raise RuntimeError(f"training failed (exit {result.returncode}); see {log_file}")
    _prune_models(keep=out)
    return out


def _prune_models(keep: Path) -> None:
    models = sorted(MODELS_DIR.glob("dl-careers-*.tar.gz"), key=lambda p: p.stat().st_mtime)
    for old in [m for m in models if m != keep][: max(0, len(models) - MODELS_KEPT)]:
        old.unlink()


@contextmanager
def _exclusive() -> Iterator[None]:
    """One preparation at a time on this checkout (say `make run` and `make test` together)."""
    lock_file = ROOT / "build" / "prepare.lock"
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def prepare(debug: bool = False, database_url: str | None = None) -> Path:
    """Store, spaCy pipeline and model, each only when out of date; returns the model to serve."""
    with _exclusive():
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
    with Step("Training the model (about 2-3 minutes)", ticking=True) as step:
        started = time.monotonic()
        train(fingerprint, settings.LOG_DIR / "train.log", debug)
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
