"""The model is retrained exactly when something that shapes it changes, and from scratch unless only
the wording of responses changed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from launcher import prepare

REWORDED = "What {a_role} must know, the most needed first:\n{skills}"
"""utter_role_skills as a content owner might reword it."""


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the training inputs, nlp/ and policies/, which the fingerprint reads instead."""
    for name in (*prepare.TRAINING_INPUTS, "nlp", "policies"):
        source = prepare.ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    monkeypatch.setattr(prepare, "ROOT", tmp_path)
    monkeypatch.setattr(prepare, "COMPONENTS", (tmp_path / "nlp", tmp_path / "policies"))
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


def edit_domain(checkout: Path, change: str) -> None:
    """Changes the copy's domain.yml as a content owner or a developer would."""
    path = checkout / "domain.yml"
    domain = yaml.safe_load(path.read_text())
    if change == "reword a response":
        domain["responses"]["utter_role_skills"][0]["text"] = REWORDED
    elif change == "add a response":
        domain["responses"]["utter_new"] = [{"text": "New."}]
    elif change == "add an intent":
        domain["intents"].append("ask_new")
    path.write_text(yaml.safe_dump(domain, sort_keys=False, allow_unicode=True))


def test_rewording_a_response_changes_the_model_but_not_its_shape(checkout: Path) -> None:
    spacy_dir = checkout / "spacy"
    model, shape = prepare.training_fingerprint(spacy_dir), prepare.shape_fingerprint(spacy_dir)
    edit_domain(checkout, "reword a response")
    assert prepare.training_fingerprint(spacy_dir) != model
    assert prepare.shape_fingerprint(spacy_dir) == shape


@pytest.mark.parametrize("change", ["add a response", "add an intent"])
def test_a_domain_change_beyond_wording_changes_the_shape(checkout: Path, change: str) -> None:
    shape = prepare.shape_fingerprint(checkout / "spacy")
    edit_domain(checkout, change)
    assert prepare.shape_fingerprint(checkout / "spacy") != shape


@pytest.mark.parametrize(
    "name",
    [
        "nlp/entity_filter.py",
        "policies/past_states.py",
        "config.yml",
        "data/nlu/careers.yml",
        "data/rules/fallback.yml",
    ],
)
def test_editing_components_config_or_training_data_changes_the_shape(checkout: Path, name: str) -> None:
    shape = prepare.shape_fingerprint(checkout / "spacy")
    path = checkout / name
    path.write_text(path.read_text() + "\n# edited\n")
    assert prepare.shape_fingerprint(checkout / "spacy") != shape


def test_the_caches_of_the_last_shapes_trained_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prepare, "CACHE_ROOT", tmp_path)
    for trained_at, shape in enumerate(["oldest", "older", "old", "new"]):
        (tmp_path / shape).mkdir()
        (tmp_path / f"{shape}.trained").touch()
        os.utime(tmp_path / f"{shape}.trained", (trained_at, trained_at))
    (tmp_path / "failed").mkdir()  # a training that never finished leaves no mark
    prepare._prune_caches()
    kept = ["new", "old", "older"]
    assert [s for s in ["new", "old", "older", "oldest", "failed"] if prepare.only_wording_changed(s)] == kept
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*kept, *(f"{s}.trained" for s in kept)])
