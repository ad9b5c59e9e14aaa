"""The intent classifier scores a message as before its coefficients were laid out once
and reads only the sentence features (assistant/intent_classifier.py): the same rows and
rankings as before, bit for bit."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from scipy.special import softmax

from assistant.intent_classifier import (
    SCAM_TYPE_RANKING,
    LinearIntentClassifier,
    sentence_matrix,
    tfidf,
)

FEATURES = 400
INTENTS = [f"intent_{i}" for i in range(7)]
TYPES = ["none", "phishing_message", "friend_in_need"]


def classifier(rng: np.random.Generator) -> LinearIntentClassifier:
    weights = {
        "coef": rng.normal(size=(len(INTENTS), FEATURES)),
        "intercept": rng.normal(size=len(INTENTS)),
        "idf": rng.random(FEATURES) + 1.0,
        "classes": np.array(INTENTS),
        "temperature": np.array([0.7]),
    }
    type_weights = {
        "coef": rng.normal(size=(len(TYPES), FEATURES)),
        "intercept": rng.normal(size=len(TYPES)),
        "classes": np.array(TYPES),
    }
    return LinearIntentClassifier({}, None, None, weights, type_weights)  # type: ignore[arg-type]


def message(rng: np.random.Generator, seed: int) -> Message:
    """Features as the pipeline adds them: several featurizers, sequence and sentence,
    a dense one in between the sparse ones."""
    tokens = 4
    result = Message(data={TEXT: f"bericht {seed}"})
    for origin, width, kind in (
        ("regex", 20, "sparse"),
        ("dense", 3, "dense"),
        ("words", 150, "sparse"),
        ("chars", FEATURES - 173, "sparse"),
    ):
        if kind == "dense":
            sequence, sentence = rng.random((tokens, width)), rng.random((1, width))
        else:
            sequence = sp.random(tokens, width, density=0.1, format="coo", random_state=seed)
            sentence = sp.coo_matrix(sequence.sum(axis=0))
        result.add_features(Features(sequence, "sequence", TEXT, origin))
        result.add_features(Features(sentence, "sentence", TEXT, origin))
    return result


def rasas_sentence_matrix(messages: list[Message]) -> sp.csr_matrix:
    """The row the classifier was trained on: Rasa's combined sentence features."""
    rows = []
    for one in messages:
        _, sparse = one.get_sparse_features(TEXT)
        _, dense = one.get_dense_features(TEXT)
        rows.append(sp.hstack([sp.csr_matrix(sparse.features), sp.csr_matrix(dense.features)]))
    return sp.vstack(rows, format="csr")


def test_the_sentence_matrix_has_rasas_columns_exactly() -> None:
    rng = np.random.default_rng(11)
    messages = [message(rng, seed) for seed in range(6)]
    ours, rasas = sentence_matrix(messages), rasas_sentence_matrix(messages)
    assert ours.shape == rasas.shape == (6, FEATURES)
    assert np.array_equal(ours.indptr, rasas.indptr)
    assert np.array_equal(ours.indices, rasas.indices)
    assert np.array_equal(ours.data, rasas.data)


def test_scores_equal_the_plain_formula_bit_for_bit() -> None:
    rng = np.random.default_rng(7)
    model = classifier(rng)
    messages = [message(rng, seed) for seed in range(12)]
    x = tfidf(sentence_matrix(messages), model.weights["idf"])
    expected_intents = softmax(
        np.asarray(x @ model.weights["coef"].T + model.weights["intercept"]) / 0.7, axis=1
    )
    expected_types = softmax(
        np.asarray(x @ model.type_weights["coef"].T + model.type_weights["intercept"]), axis=1
    )
    intents, types = model.probabilities(messages)
    assert np.array_equal(intents, expected_intents)
    assert np.array_equal(types, expected_types)

    model.process(messages)
    for row, processed in enumerate(messages):
        best = int(np.argmax(expected_intents[row]))
        assert processed.get("intent")["name"] == INTENTS[best]
        assert processed.get("intent")["confidence"] == float(expected_intents[row, best])
        best_type = int(np.argmax(expected_types[row]))
        assert processed.get(SCAM_TYPE_RANKING)[0]["name"] == TYPES[best_type]


def test_the_laid_out_coefficients_are_read_without_a_copy() -> None:
    model = classifier(np.random.default_rng(3))
    assert model._intent_scores.flags["C_CONTIGUOUS"]
    assert model._type_scores.flags["C_CONTIGUOUS"]
    assert np.array_equal(model._intent_scores, model.weights["coef"].T)
    assert np.array_equal(model._type_scores, model.type_weights["coef"].T)
