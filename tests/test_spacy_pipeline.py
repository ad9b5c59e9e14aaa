"""The Dutch spaCy pipeline: both routes, and a rebuild changes the fingerprint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from assistant import spacy_pipeline
from assistant.spacy_nlp import SpacyNLP


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return spacy_pipeline.build_project_pipeline(tmp_path_factory.mktemp("spacy") / "nl")


def test_project_pipeline_tokenizes_and_lemmatizes_dutch(built: Path) -> None:
    nlp = spacy.load(built)
    lemmas = {t.text: t.lemma_ for t in nlp("ik heb het geld overgemaakt en werd gebeld")}
    assert lemmas["overgemaakt"] == "overmaken"
    assert lemmas["gebeld"] == "bellen"
    assert nlp.meta["name"] == spacy_pipeline.PIPELINE_NAME
    assert nlp.meta["name"] != spacy_pipeline.PACKAGED_MODEL


def test_build_is_skipped_when_up_to_date_and_fingerprint_tracks_files(built: Path) -> None:
    before = spacy_pipeline.pipeline_fingerprint(str(built))
    assert spacy_pipeline.build_project_pipeline(built) == built
    assert spacy_pipeline.pipeline_fingerprint(str(built)) == before
    (built / "meta.json").write_text((built / "meta.json").read_text().replace("1.0.0", "1.0.1"))
    assert spacy_pipeline.pipeline_fingerprint(str(built)) != before


def test_choice_prefers_nl_core_news_sm_when_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPACY_MODEL", raising=False)
    monkeypatch.setattr(spacy_pipeline, "packaged_model_installed", lambda: True)
    choice = spacy_pipeline.choose_pipeline()
    assert choice.model == "nl_core_news_sm" and choice.is_packaged


def test_choice_falls_back_to_the_project_pipeline(
    monkeypatch: pytest.MonkeyPatch, built: Path
) -> None:
    monkeypatch.delenv("SPACY_MODEL", raising=False)
    monkeypatch.setenv("SCAMHELP_SPACY_PIPELINE", str(built))
    monkeypatch.setattr(spacy_pipeline, "packaged_model_installed", lambda: False)
    choice = spacy_pipeline.choose_pipeline()
    assert choice.model == str(built) and not choice.is_packaged
    assert "spacy-lookups-data" in choice.description and "not installed" in choice.description


def test_component_fingerprint_changes_when_the_pipeline_is_rebuilt(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "nl"
    monkeypatch.delenv("SPACY_MODEL", raising=False)
    monkeypatch.setenv("SCAMHELP_SPACY_PIPELINE", str(path))
    monkeypatch.setattr(spacy_pipeline, "packaged_model_installed", lambda: False)
    first = SpacyNLP.fingerprint_addon({"model": "auto"})
    spacy_pipeline.build_project_pipeline(path, force=True)
    (path / "meta.json").write_text((path / "meta.json").read_text().replace("1.0.0", "1.0.2"))
    assert SpacyNLP.fingerprint_addon({"model": "auto"}) != first


def test_component_keeps_the_name_rasa_wires_spacy_consumers_to() -> None:
    assert SpacyNLP.__name__ == "SpacyNLP"
    assert SpacyNLP.get_default_config()["model"] == "auto"


def test_damage_featurizer_fingerprint_follows_the_detector_and_its_patterns() -> None:
    import hashlib
    import inspect

    import common.damage
    import common.damage_patterns
    from assistant.damage_featurizer import DamageSignalFeaturizer, damage_vector

    # The detector and its patterns: a pattern changed alone must retrain too.
    source = inspect.getsource(common.damage) + inspect.getsource(common.damage_patterns)
    expected = hashlib.sha256(source.encode()).hexdigest()[:16]
    assert DamageSignalFeaturizer.fingerprint_addon({}) == expected
    assert damage_vector("ik heb betaald").tolist() == [[0, 0, 1, 0, 0, 0, 1]]


def test_stamp_changes_only_when_the_pipeline_does(tmp_path: Path, built: Path) -> None:
    choice = spacy_pipeline.PipelineChoice(str(built), "test", False)
    stamp = tmp_path / "stamp.json"
    spacy_pipeline.write_stamp(stamp, choice)
    first = stamp.stat().st_mtime_ns
    spacy_pipeline.write_stamp(stamp, choice)
    assert stamp.stat().st_mtime_ns == first
    (built / "meta.json").write_text((built / "meta.json").read_text() + " ")
    spacy_pipeline.write_stamp(stamp, choice)
    assert json.loads(stamp.read_text())["fingerprint"] == choice.fingerprint()
    assert stamp.stat().st_mtime_ns != first
