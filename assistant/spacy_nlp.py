"""A ``SpacyNLP`` that picks the Dutch pipeline itself and fingerprints its files.

Rasa wires spaCy consumers (``SpacyTokenizer``) to the provider whose class is
named ``SpacyNLP``, so this subclass keeps that name. With ``model: auto`` it
uses :func:`assistant.spacy_pipeline.choose_pipeline`. Rasa's own fingerprint
of a spaCy model is only its name or path; ``fingerprint_addon`` adds a hash of
the pipeline's files, so rebuilding the pipeline forces retraining.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.utils.spacy_utils import SpacyNLP as RasaSpacyNLP

from assistant.spacy_pipeline import PipelineChoice, build_project_pipeline, choose_pipeline

logger = logging.getLogger(__name__)

AUTO = "auto"


def _resolve(config: dict[str, Any]) -> PipelineChoice:
    model = config.get("model") or AUTO
    if model != AUTO:
        return PipelineChoice(model, f"configured model {model}", False)
    choice = choose_pipeline()
    if not choice.is_packaged:
        build_project_pipeline()
    return choice


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.MODEL_LOADER,
        DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER,
    ],
    is_trainable=False,
    model_from="SpacyNLP",
)
class SpacyNLP(RasaSpacyNLP):
    """Provides the Dutch spaCy pipeline chosen at start-up."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**RasaSpacyNLP.get_default_config(), "model": AUTO}

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        choice = _resolve({**cls.get_default_config(), **config})
        return f"{choice.model}@{choice.fingerprint()}"

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SpacyNLP:
        config = {**cls.get_default_config(), **config}
        choice = _resolve(config)
        message = f"spaCy pipeline in use: {choice.description}"
        logger.info(message)
        print(message, flush=True)
        model = cls.load_model(choice.model)
        cls.ensure_proper_language_model(model.model)
        return cls(model, {**config, "model": choice.model})
