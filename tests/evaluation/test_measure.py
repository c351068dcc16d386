"""`make eval` re-measures a config only when something it reads has changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evaluation import measure
from launcher import settings


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Both configs, one NLU file and a spaCy pipeline in a checkout of their own."""
    for name in ("config.yml", "evaluation/baseline_config.yml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(settings.ROOT / name, tmp_path / name)
    (tmp_path / "data" / "nlu").mkdir(parents=True)
    (tmp_path / "data" / "nlu" / "basics.yml").write_text('version: "3.1"\nnlu: []\n')
    (tmp_path / "build" / "spacy").mkdir(parents=True)
    (tmp_path / "build" / "spacy" / "patterns.jsonl").write_text(
        '{"label": "role", "pattern": "data scientist"}\n'
    )
    monkeypatch.setattr(measure, "ROOT", tmp_path)
    monkeypatch.setattr(measure, "NLU_DATA", tmp_path / "data" / "nlu")
    monkeypatch.setattr(measure, "SPACY_DIR", tmp_path / "build" / "spacy")
    return tmp_path


def test_the_spacy_pipeline_is_an_input_only_of_the_config_that_loads_it(tree: Path) -> None:
    ours = measure.Config("ours", "our config", tree / "config.yml")
    default = measure.Config("default", "Rasa default", tree / "evaluation" / "baseline_config.yml")
    before = [measure._fingerprint(c, "cv") for c in (ours, default)]

    (tree / "build" / "spacy" / "patterns.jsonl").write_text('{"label": "role", "pattern": "ml eng"}\n')
    assert measure._fingerprint(ours, "cv") != before[0]
    assert measure._fingerprint(default, "cv") == before[1]

    (tree / "data" / "nlu" / "basics.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - hi\n'
    )
    assert measure._fingerprint(default, "cv") != before[1]
