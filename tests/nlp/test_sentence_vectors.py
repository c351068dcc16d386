"""Sentence vectors place texts of similar meaning close together, from checked files."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from nlp.sentence_vectors import FILES, VECTORS_DIR, SentenceVectors, fetch, present


@pytest.fixture(scope="module")
def vectors() -> SentenceVectors:
    fetch()  # `make test` has fetched them already; this is a no-op then
    return SentenceVectors()


def test_similar_questions_are_closer_than_unrelated_ones(vectors: SentenceVectors) -> None:
    degree, bachelors, weather = vectors.embed(
        [
            "do I need a degree to work in AI?",
            "is a CS bachelors enough for DL jobs",
            "will it rain in Paris tomorrow",
        ]
    )
    assert degree @ bachelors > degree @ weather
    assert bachelors @ degree > bachelors @ weather


def test_each_vector_has_length_one_and_an_empty_text_gets_zeros(vectors: SentenceVectors) -> None:
    rows = vectors.embed(["ty!!", ""])
    assert rows.shape == (2, vectors.dimensions)
    assert np.isclose(np.linalg.norm(rows[0]), 1.0)
    assert not rows[1].any()


def test_a_file_that_differs_from_its_pinned_digest_is_not_used(tmp_path: Path) -> None:
    for name in FILES:
        shutil.copy(VECTORS_DIR / name, tmp_path / name)
    assert present(tmp_path)
    with (tmp_path / "tokenizer.json").open("a") as tokenizer:
        tokenizer.write(" ")
    assert not present(tmp_path)
    with pytest.raises(FileNotFoundError, match="make prepare"):
        SentenceVectors(tmp_path)
