"""The linear intent classifier's fitted state as plain arrays in one .npz file.

Loading runs nothing from the file (numpy, allow_pickle=False), as with skops before; skops's import,
though, walks every loaded module, which cost 11 s of each start in a Rasa server (measured), where
these few arrays load in milliseconds.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

VECTORIZERS = ("words", "chars")


def save(path: Path, words: TfidfVectorizer, chars: TfidfVectorizer, model: LogisticRegression) -> None:
    """Each vectorizer's terms (in column order) and weights, and the model's classes and coefficients."""
    arrays = {"classes": model.classes_, "coef": model.coef_, "intercept": model.intercept_}
    for name, vectorizer in zip(VECTORIZERS, (words, chars), strict=True):
        vocabulary = vectorizer.vocabulary_
        arrays[f"{name}_terms"] = np.array(sorted(vocabulary, key=vocabulary.__getitem__), dtype=str)
        arrays[f"{name}_idf"] = vectorizer.idf_
    with path.open("wb") as file:
        np.savez(file, **arrays)


def load(path: Path, words: TfidfVectorizer, chars: TfidfVectorizer, model: LogisticRegression) -> None:
    """Gives the unfitted `words`, `chars` and `model`, built with the settings they were trained
    with, the fitted state saved at `path`. Raises OSError, ValueError or KeyError if it can't."""
    with np.load(path, allow_pickle=False) as arrays:
        for name, vectorizer in zip(VECTORIZERS, (words, chars), strict=True):
            vectorizer.vocabulary_ = {
                str(term): column for column, term in enumerate(arrays[f"{name}_terms"])
            }
            vectorizer.idf_ = arrays[f"{name}_idf"]
        # Column-major, so the `coef_.T` that scikit-learn multiplies each message by is contiguous:
        # scipy copies a non-contiguous one, all 29 × 26,000 of it, for every message (0.6 ms of 1.7).
        model.coef_ = np.asfortranarray(arrays["coef"])
        model.classes_, model.intercept_ = arrays["classes"], arrays["intercept"]
        model.n_features_in_ = model.coef_.shape[1]
