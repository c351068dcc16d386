"""A second intent classifier beside DIET, averaged with it: fewer wrong intents on new phrasings.

DIET, trained on a few thousand examples, is confidently wrong on phrasings unlike them ("ty!!" as
out of scope, "is a CS bachelors enough for DL jobs" as a question about roles). A logistic regression
over different evidence (TF-IDF word pairs and character n-grams, and sentence vectors that place
texts of similar meaning close together, nlp.sentence_vectors) makes different mistakes, so the
average of the two rankings is right more often than either (docs/evaluation.md measures it). Of a
message that states what the learner knows and asks besides, it reads only the question
(`statements.question_part`): "I'm a software tester (software testing, some Java) — which skills
does an MLOps engineer need?" asks for the role's skills, not about software engineering; so too
after a greeting, an opening clause that goes back and a polite request (`openers.what_is_asked`:
"ok software dev again, what do they need to study?" asks about education). It learns
from whole examples all the same: trained on the questions alone as well, it got four fewer of the
multi-turn sets' conversations right (evaluation/tuning.md). It
runs right after DIETClassifier, whose ranking it reads (set DIET's `ranking_length: 0` so the
ranking covers every intent), and replaces the message's intent and ranking with the average.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from nlp import linear_file
from nlp.openers import what_is_asked
from nlp.sentence_vectors import SentenceVectors
from nlp.statements import question_part

MODEL_FILE = "linear_intents.npz"
MAX_ITERATIONS = 5000


class Features:
    """Words and word pairs, character n-grams within words, and a sentence vector, side by side."""

    def __init__(self, vectors: SentenceVectors, words: TfidfVectorizer, chars: TfidfVectorizer) -> None:
        self.vectors, self.words, self.chars = vectors, words, chars

    @classmethod
    def fitted(cls, vectors: SentenceVectors, texts: list[str]) -> Features:
        words, chars = unfitted_vectorizers()
        return cls(vectors, words.fit(texts), chars.fit(texts))

    def __call__(self, texts: list[str]) -> scipy.sparse.csr_matrix:
        return scipy.sparse.hstack(
            [
                self.words.transform(texts),
                self.chars.transform(texts),
                scipy.sparse.csr_matrix(self.vectors.embed(texts)),
            ]
        ).tocsr()


def unfitted_vectorizers() -> tuple[TfidfVectorizer, TfidfVectorizer]:
    """The word and character vectorizers' settings, for training and for loading alike."""
    return (
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
    )


def blend(diet: list[dict[str, Any]], linear: dict[str, float], weight: float) -> list[dict[str, Any]]:
    """The weighted average of DIET's ranking and the linear model's probabilities, best first."""
    scores = {name: weight * probability for name, probability in linear.items()}
    for entry in diet:
        scores[entry[INTENT_NAME_KEY]] = (
            scores.get(entry[INTENT_NAME_KEY], 0.0) + (1 - weight) * entry[PREDICTED_CONFIDENCE_KEY]
        )
    ranking = sorted(scores.items(), key=lambda item: -item[1])
    return [{INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: float(score)} for name, score in ranking]


class UnreadableModel(RuntimeError):
    """A saved linear model that exists but cannot be loaded. Not a ValueError on purpose: `load`
    reads a ValueError as "never trained", and a broken file must stop the start instead of letting
    the bot run on DIET alone."""


def read_saved(path: Path, C: float) -> tuple[TfidfVectorizer, TfidfVectorizer, LogisticRegression]:
    """The word and character vectorizers and the model saved at `path` (nlp.linear_file)."""
    words, chars = unfitted_vectorizers()
    model = LogisticRegression(C=C, max_iter=MAX_ITERATIONS)
    try:
        linear_file.load(path, words, chars, model)
    except Exception as error:  # re-raised: whatever broke the file, the start fails naming it
        raise UnreadableModel(
            f"cannot load the linear intent classifier from {path} ({type(error).__name__}: {error}); "
            "the model archive is damaged: delete it from models/ and `make run` retrains it"
        ) from error
    return words, chars, model


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(IntentClassifier, GraphComponent):
    """Logistic regression on its own features; its probabilities averaged with DIET's ranking."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "weight": 0.5,  # the linear model's share of the average; DIET has the rest
            "C": 10.0,  # inverse regularisation strength of the logistic regression
            "ranking_length": 10,  # intents kept in the message's ranking (0: all)
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        features: Features | None = None,
        model: LogisticRegression | None = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage, self._resource = model_storage, resource
        self._features, self._model = features, model

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearIntentClassifier:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(TEXT)]
        texts, labels = [e.get(TEXT) for e in examples], [e.get(INTENT) for e in examples]
        if len(set(labels)) < 2:  # nothing to tell apart: DIET's ranking stands
            return self._resource
        self._features = Features.fitted(SentenceVectors(), texts)
        self._model = LogisticRegression(C=self.config["C"], max_iter=MAX_ITERATIONS)
        self._model.fit(self._features(texts), labels)
        self.persist()
        return self._resource

    def persist(self) -> None:
        assert self._features is not None and self._model is not None
        with self._model_storage.write_to(self._resource) as directory:
            linear_file.save(directory / MODEL_FILE, self._features.words, self._features.chars, self._model)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearIntentClassifier:
        """The saved model; none saved (`train` saw fewer than two intents, so the resource was never
        written and `read_from` raises ValueError) leaves DIET's ranking as it is."""
        try:
            with model_storage.read_from(resource) as directory:
                words, chars, model = read_saved(
                    directory / MODEL_FILE, {**cls.get_default_config(), **config}["C"]
                )
        except ValueError:
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, Features(SentenceVectors(), words, chars), model)

    def process(self, messages: list[Message]) -> list[Message]:
        with_text = [m for m in messages if m.get(TEXT)]  # messages without text keep what they have
        if self._model is None or self._features is None or not with_text:
            return messages
        texts = [question_part(what_is_asked(m.get(TEXT))) for m in with_text]
        probabilities = self._model.predict_proba(self._features(texts))
        for message, row in zip(with_text, probabilities, strict=True):
            linear = dict(zip(self._model.classes_, map(float, row), strict=True))
            ranking = blend(message.get(INTENT_RANKING_KEY) or [], linear, self.config["weight"])
            length = self.config["ranking_length"]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking[:length] if length > 0 else ranking, add_to_output=True)
        return messages
