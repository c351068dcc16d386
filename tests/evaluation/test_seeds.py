"""The seed study trains the config as it is, with only DIET's seed changed."""

from __future__ import annotations

import pytest
import yaml

from evaluation.seeds import seeded
from launcher import settings


def test_only_diets_seed_changes_and_the_original_is_left_alone() -> None:
    config = yaml.safe_load((settings.ROOT / "config.yml").read_text())
    result = seeded(config, 7)
    diet = [c for c in result["pipeline"] if c["name"].endswith("DIETClassifier")]
    assert [c["random_seed"] for c in diet] == [7]
    assert (
        config != result
        and next(c for c in config["pipeline"] if c["name"].endswith("DIETClassifier"))["random_seed"] == 1
    )
    for before, after in zip(config["pipeline"], result["pipeline"], strict=True):
        assert {k: v for k, v in before.items() if k != "random_seed"} == {
            k: v for k, v in after.items() if k != "random_seed"
        }
    assert result["policies"] == config["policies"]


def test_a_config_without_diet_is_refused() -> None:
    with pytest.raises(ValueError, match="no DIETClassifier"):
        seeded({"pipeline": [{"name": "WhitespaceTokenizer"}]}, 1)
