"""Fixtures for the store's tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from actions.settings import KNOWLEDGE_DIR


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A private copy of data/knowledge that a test may edit."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target)
    return target
