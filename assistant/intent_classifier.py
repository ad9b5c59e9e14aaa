"""Intent classifier: TF-IDF-scaled sparse features and multinomial logistic regression.

Uses every sparse and dense sentence feature the featurizers produce (lemma
word n-grams, character n-grams, lexicon and regex features, damage signals).
``C`` is chosen by stratified cross-validation on the training data only, and
the probabilities are calibrated with a temperature fitted on out-of-fold
scores, so that the FallbackClassifier threshold means what it says.
The model is persisted as plain arrays (no pickle), and loading fails loudly
rather than falling back to an untrained classifier.

A second head reads the scam type on its own (``scam_type_ranking`` in the
parse output): one softmax cannot say both 'money is gone' (already_paid) and
'it was a hoi-mam trick'. It is trained on every scam-type example against
everything else as 'none', so a message that tells the damage and the trick
gets both, and one that tells only the damage gets 'none'.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import numpy as np
import scipy.sparse as sp
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.featurizers.featurizer import Featurizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax, softmax
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict, cross_val_score
from sklearn.preprocessing import normalize

from assistant import rasa_patches
from common.scam_types import DAMAGE_INTENTS, SCAM_TYPES

logger = logging.getLogger(__name__)

# Rasa imports this module whenever it loads our model (config.yml): the one place that
# runs inside every Rasa server. The patches cut Rasa's CPU per message
# (assistant/rasa_patches.py says why); they are idempotent and guarded by Rasa's version.
rasa_patches.apply()

MODEL_FILE = "linear_intent_classifier.npz"
TYPE_FILE = "scam_type_head.npz"
NO_TYPE = "none"
SCAM_TYPE_RANKING = "scam_type_ranking"
# How sure the first scam-type head must be before a damage example counts as telling
# that trick too (see _type_labels).
TYPE_SELF_LABEL_MINIMUM = 0.5
TYPE_RANKING_LENGTH = 4
META_FILE = "linear_intent_classifier.json"


def sentence_parts(message: Message) -> list[sp.csr_matrix]:
    """The text's sentence features, sparse ones first, each in the order it was added.

    The columns Rasa's ``get_sparse_features`` and ``get_dense_features`` would give, but
    without their work on the sequence features (one row per token, several times wider
    in total), which they deep-copy and stack on every message and this classifier
    never reads.
    """
    sentence = [
        f for f in message.features if f.attribute == TEXT and f.type == FEATURE_TYPE_SENTENCE
    ]
    ordered = [f for f in sentence if f.is_sparse()] + [f for f in sentence if f.is_dense()]
    return [sp.csr_matrix(f.features) for f in ordered]


def sentence_matrix(messages: list[Message]) -> sp.csr_matrix:
    """One row per message: its sparse and dense sentence features side by side."""
    rows = []
    for message in messages:
        parts = sentence_parts(message)
        rows.append(sp.hstack(parts, format="csr") if parts else sp.csr_matrix((1, 0)))
    return sp.vstack(rows, format="csr")


def tfidf(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    scaled = counts.copy().astype(np.float64)
    scaled.data = np.log1p(np.abs(scaled.data))
    return normalize(scaled.multiply(idf).tocsr())


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(IntentClassifier, GraphComponent):
    """Logistic regression over TF-IDF-scaled Rasa features."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [Featurizer]

    @staticmethod
    def required_packages() -> list[str]:
        return ["sklearn"]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            # 'auto': pick from c_grid by cross-validation on the training data.
            "C": "auto",
            "c_grid": [3.0, 10.0, 30.0],
            "folds": 3,
            "max_iter": 5000,
            "random_state": 42,
            "ranking_length": 10,
            # The scam-type head (always on; named so that adding it changed the
            # component's fingerprint and Rasa retrains instead of reusing a cache).
            "scam_type_head": True,
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        weights: dict[str, np.ndarray] | None = None,
        type_weights: dict[str, np.ndarray] | None = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.weights = weights
        self.type_weights = type_weights
        self._lay_out_scores()

    def _lay_out_scores(self) -> None:
        """The coefficients transposed once, in the order scipy reads them.

        ``x @ coef.T`` with a sparse ``x`` makes scipy copy the transposed (Fortran-ordered)
        view into a C-ordered array on every call: about 10 MB for both heads, per message.
        The same products summed in the same order, so the scores are bit for bit equal.
        """
        self._intent_scores = (
            None if self.weights is None else np.ascontiguousarray(self.weights["coef"].T)
        )
        self._type_scores = (
            None if self.type_weights is None else np.ascontiguousarray(self.type_weights["coef"].T)
        )

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearIntentClassifier:
        return cls(config, model_storage, resource)

    def _new_model(self, c: float) -> LogisticRegression:
        return LogisticRegression(
            C=c,
            class_weight="balanced",
            max_iter=self.config["max_iter"],
            random_state=self.config["random_state"],
        )

    def _folds(self) -> StratifiedKFold:
        return StratifiedKFold(
            n_splits=self.config["folds"], shuffle=True, random_state=self.config["random_state"]
        )

    def _choose_c(self, x: sp.csr_matrix, y: np.ndarray) -> float:
        if self.config["C"] != "auto":
            return float(self.config["C"])
        folds = self._folds()
        scores = {
            c: cross_val_score(self._new_model(c), x, y, cv=folds, scoring="f1_macro").mean()
            for c in self.config["c_grid"]
        }
        best = max(scores, key=lambda c: (scores[c], -c))
        logger.info(f"LinearIntentClassifier: cross-validated macro-F1 per C {scores}; C={best}")
        return float(best)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT)]
        if not examples:
            return self._resource
        counts = sentence_matrix(examples)
        y = np.array([e.get(INTENT) for e in examples])
        document_frequency = np.asarray((counts != 0).sum(axis=0)).ravel()
        idf = np.log((1 + counts.shape[0]) / (1 + document_frequency)) + 1.0
        x = tfidf(counts, idf)
        c = self._choose_c(x, y)
        temperature = self._fit_temperature(x, y, c)
        model = self._new_model(c).fit(x, y)
        self.weights = {
            "coef": model.coef_,
            "intercept": model.intercept_,
            "idf": idf,
            "classes": model.classes_.astype(str),
            "temperature": np.array([temperature]),
        }
        head = self._new_model(c).fit(x, self._type_labels(x, y, c))
        self.type_weights = {
            "coef": head.coef_,
            "intercept": head.intercept_,
            "classes": head.classes_.astype(str),
        }
        self._lay_out_scores()
        self.persist(c)
        return self._resource

    def _type_labels(self, x: sp.csr_matrix, y: np.ndarray, c: float) -> np.ndarray:
        """The scam type each example tells, for the second head.

        Scam-type examples are their type and the other non-damage intents 'none'. The
        damage intents' examples are both: 'ik heb al betaald aan die hoi mam' tells
        the damage and the trick, 'het geld is weg' only the damage. Labelling them all
        'none' taught the head that a trick told with its damage is no trick. So a
        first head, trained without them, reads each one; where it is sure of a type
        (TYPE_SELF_LABEL_MINIMUM), that is its label, else 'none'.
        """
        types = np.array([label if label in SCAM_TYPES else NO_TYPE for label in y])
        damage = np.isin(y, sorted(DAMAGE_INTENTS))
        if not damage.any() or damage.all():
            return types
        first = self._new_model(c).fit(x[~damage], types[~damage])
        probabilities = first.predict_proba(x[damage])
        guessed = first.classes_[probabilities.argmax(axis=1)]
        sure = (probabilities.max(axis=1) >= TYPE_SELF_LABEL_MINIMUM) & (guessed != NO_TYPE)
        labels = types[damage]
        labels[sure] = guessed[sure]
        types[damage] = labels
        logger.info(
            f"LinearIntentClassifier: {int(sure.sum())} of {int(damage.sum())} damage "
            "examples also tell a trick (scam-type head)"
        )
        return types

    def _fit_temperature(self, x: sp.csr_matrix, y: np.ndarray, c: float) -> float:
        """Temperature that minimises the log-loss of out-of-fold scores."""
        scores = cross_val_predict(
            self._new_model(c), x, y, cv=self._folds(), method="decision_function"
        )
        classes = np.unique(y)
        target = np.searchsorted(classes, y)

        def loss(t: float) -> float:
            return float(-log_softmax(scores / t, axis=1)[np.arange(len(y)), target].mean())

        temperature = float(minimize_scalar(loss, bounds=(0.05, 10.0), method="bounded").x)
        logger.info(f"LinearIntentClassifier: calibration temperature {temperature:.3f}")
        return temperature

    def persist(self, c: float) -> None:
        assert self.weights is not None
        with self._model_storage.write_to(self._resource) as directory:
            np.savez(directory / MODEL_FILE, **self.weights)
            if self.type_weights is not None:
                np.savez(directory / TYPE_FILE, **self.type_weights)
            (directory / META_FILE).write_text(json.dumps({"C": c}))

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearIntentClassifier:
        with model_storage.read_from(resource) as directory:
            with np.load(directory / MODEL_FILE, allow_pickle=False) as data:
                weights = {key: data[key] for key in data.files}
            with np.load(directory / TYPE_FILE, allow_pickle=False) as data:
                type_weights = {key: data[key] for key in data.files}
        return cls(config, model_storage, resource, weights, type_weights)

    def probabilities(self, messages: list[Message]) -> tuple[np.ndarray, np.ndarray]:
        """Intent probabilities and scam-type probabilities, one row per message."""
        assert self.weights is not None and self.type_weights is not None
        assert self._intent_scores is not None and self._type_scores is not None
        x = tfidf(sentence_matrix(messages), self.weights["idf"])
        scores = x @ self._intent_scores + self.weights["intercept"]
        intents = softmax(np.asarray(scores) / float(self.weights["temperature"][0]), axis=1)
        type_scores = x @ self._type_scores + self.type_weights["intercept"]
        return intents, softmax(np.asarray(type_scores), axis=1)

    def process(self, messages: list[Message]) -> list[Message]:
        if self.weights is None:
            raise RuntimeError("LinearIntentClassifier is not trained")
        if not messages:
            return messages
        classes = [str(c) for c in self.weights["classes"]]
        type_classes = [str(c) for c in self.type_weights["classes"]]
        intents, types = self.probabilities(messages)
        for message, probabilities, type_probabilities in zip(
            messages, intents, types, strict=True
        ):
            order = np.argsort(-probabilities)[: self.config["ranking_length"]]
            ranking = [{"name": classes[i], "confidence": float(probabilities[i])} for i in order]
            message.set("intent", ranking[0], add_to_output=True)
            message.set("intent_ranking", ranking, add_to_output=True)
            type_order = np.argsort(-type_probabilities)[:TYPE_RANKING_LENGTH]
            type_ranking = [
                {"name": type_classes[i], "confidence": float(type_probabilities[i])}
                for i in type_order
            ]
            message.set(SCAM_TYPE_RANKING, type_ranking, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data
