"""The spaCy pipeline built from the test store, shared by the ruler's and the fuzzy matcher's tests."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from nlp.build import build_from_store


@pytest.fixture(scope="session")
def store_nlp(store_url: str, tmp_path_factory: pytest.TempPathFactory) -> Language:
    """The pipeline `make run` builds, from the store loaded from data/knowledge, read back from disk."""
    out = tmp_path_factory.mktemp("spacy")
    build_from_store(out, store_url)
    return spacy.load(out)
