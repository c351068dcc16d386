"""The model is retrained exactly when something that shapes it changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from launcher import prepare


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the training inputs and nlp/ that the fingerprint reads instead of the real ones."""
    for name in (*prepare.TRAINING_INPUTS, "nlp"):
        source = prepare.ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    monkeypatch.setattr(prepare, "ROOT", tmp_path)
    monkeypatch.setattr(prepare, "COMPONENTS", tmp_path / "nlp")
    (tmp_path / "spacy").mkdir()
    return tmp_path


def test_editing_a_component_changes_the_fingerprint(checkout: Path) -> None:
    spacy_dir = checkout / "spacy"
    before = prepare.training_fingerprint(spacy_dir)
    assert prepare.training_fingerprint(spacy_dir) == before
    (checkout / "nlp" / "__pycache__").mkdir()
    (checkout / "nlp" / "__pycache__" / "entity_filter.cpython-310.pyc").write_bytes(b"compiled")
    assert prepare.training_fingerprint(spacy_dir) == before  # byte code is not an input
    source = checkout / "nlp" / "entity_filter.py"
    source.write_text(source.read_text() + "\n# edited\n")
    assert prepare.training_fingerprint(spacy_dir) != before
