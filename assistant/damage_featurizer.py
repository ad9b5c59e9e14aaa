"""Sparse features from the damage detector of the action server.

The classifier learns from these signals ('money paid', 'codes given', 'remote
access', ...) together with the words, so a description whose point is the
damage reaches already_paid / shared_details even in new wordings. The same
detector drives 'urgent first' in the actions (common/damage.py).
"""

from __future__ import annotations

import hashlib
import inspect
from typing import Any

import numpy as np
import scipy.sparse as sp
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

import common.damage
import common.damage_patterns
from common.damage import DAMAGE_ORDER, detect_damage

SIGNALS: tuple[str, ...] = (*DAMAGE_ORDER, "any_damage")


def damage_vector(text: str | None) -> np.ndarray:
    found = set(detect_damage(text))
    vector = np.array([kind in found for kind in DAMAGE_ORDER] + [bool(found)], dtype=np.float32)
    return vector.reshape(1, -1)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class DamageSignalFeaturizer(SparseFeaturizer, GraphComponent):
    """One sentence feature per kind of reported damage."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [Tokenizer]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> DamageSignalFeaturizer:
        return cls(execution_context.node_name, {**cls.get_default_config(), **config})

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """The detector's patterns shape the features: a change must retrain."""
        # The detector and its patterns (a pattern changed alone must retrain too).
        source = inspect.getsource(common.damage) + inspect.getsource(common.damage_patterns)
        return hashlib.sha256(source.encode()).hexdigest()[:16]

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """No options to validate."""

    def _featurize(self, message: Message) -> None:
        tokens = message.get(TOKENS_NAMES[TEXT])
        if not tokens:
            return
        sentence = damage_vector(message.get(TEXT))
        sequence = sp.coo_matrix((len(tokens), len(SIGNALS)), dtype=np.float32)
        self.add_features_to_message(sequence, sp.coo_matrix(sentence), TEXT, message)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._featurize(message)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data
