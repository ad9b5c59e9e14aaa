"""Choose, build and fingerprint the Dutch spaCy pipeline the NLU runs on.

Two routes, picked at run time without a code change:

1. ``nl_core_news_sm`` when that package is installed (it is published only on
   GitHub releases, so it is not installed by the project's own set-up);
2. otherwise the project's own pipeline: spaCy's built-in Dutch tokenizer plus
   the Dutch lemma lookup table of ``spacy-lookups-data``, saved under
   ``models/spacy/nl_scamhelp_lookups`` (or ``SCAMHELP_SPACY_PIPELINE``).

``SPACY_MODEL`` overrides the choice (a package name or a path).

Usage: ``python -m assistant.spacy_pipeline build [STAMP]`` builds route 2 if it
is missing or stale, says which pipeline is in use and, given a STAMP file,
writes the choice and its fingerprint there only when they changed (so make
retrains exactly then); ``python -m assistant.spacy_pipeline which`` prints
the choice.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

PACKAGED_MODEL = "nl_core_news_sm"
PIPELINE_NAME = "nl_scamhelp_lookups"
PIPELINE_VERSION = "1.0.0"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PIPELINE_PATH = PROJECT_ROOT / "models" / "spacy" / PIPELINE_NAME


@dataclass(frozen=True)
class PipelineChoice:
    """Which spaCy pipeline the NLU uses and why."""

    model: str
    description: str
    is_packaged: bool

    def fingerprint(self) -> str:
        """A hash that changes whenever the pipeline's files change."""
        return pipeline_fingerprint(self.model)


def project_pipeline_path() -> Path:
    return Path(os.environ.get("SCAMHELP_SPACY_PIPELINE", DEFAULT_PIPELINE_PATH))


def packaged_model_installed() -> bool:
    return importlib.util.find_spec(PACKAGED_MODEL) is not None


def choose_pipeline() -> PipelineChoice:
    """Return the pipeline to use: override, nl_core_news_sm, or the project's own."""
    override = os.environ.get("SPACY_MODEL", "").strip()
    if override:
        return PipelineChoice(override, f"SPACY_MODEL override: {override}", False)
    if packaged_model_installed():
        return PipelineChoice(PACKAGED_MODEL, f"{PACKAGED_MODEL} (installed spaCy package)", True)
    path = project_pipeline_path()
    return PipelineChoice(
        str(path),
        f"{PIPELINE_NAME}: spaCy's built-in Dutch tokenizer + spacy-lookups-data "
        f"lemma table ({PACKAGED_MODEL} is not installed), at {path}",
        False,
    )


def pipeline_fingerprint(model: str) -> str:
    """Hash the files of a pipeline directory or installed package."""
    path = Path(model)
    if not path.exists():
        spec = importlib.util.find_spec(model)
        if spec is None or spec.origin is None:
            return f"missing:{model}"
        path = Path(spec.origin).parent
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        if file.suffix == ".pyc":
            continue
        digest.update(str(file.relative_to(path)).encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def _build_signature() -> str:
    """What the project pipeline is built from: spaCy and lookups versions."""
    from importlib.metadata import version

    return f"spacy={version('spacy')};lookups={version('spacy-lookups-data')};v={PIPELINE_VERSION}"


def build_project_pipeline(path: Path | None = None, force: bool = False) -> Path:
    """Build the blank-Dutch + lookup-lemmatizer pipeline unless it is up to date."""
    import spacy

    path = path or project_pipeline_path()
    stamp = path / "build-signature.txt"
    signature = _build_signature()
    if not force and stamp.exists() and stamp.read_text() == signature:
        return path
    nlp = spacy.blank("nl")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    nlp.meta.update(
        {
            "name": PIPELINE_NAME,
            "version": PIPELINE_VERSION,
            "description": "Dutch tokenizer and lookup lemmatizer from spaCy's "
            "language data and spacy-lookups-data; built by the project.",
        }
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(path)
    stamp.write_text(signature)
    return path


def write_stamp(stamp: Path, choice: PipelineChoice) -> None:
    """Record the choice and its fingerprint; leave the file alone if nothing changed."""
    content = json.dumps({"model": choice.model, "fingerprint": choice.fingerprint()})
    if stamp.exists() and stamp.read_text() == content:
        return
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(content)


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "which"
    if command == "build":
        choice = choose_pipeline()
        if not choice.is_packaged:
            build_project_pipeline()
        print(f"spaCy pipeline in use: {choice.description}")
        if len(argv) > 2:
            write_stamp(Path(argv[2]), choice)
        return 0
    if command == "which":
        choice = choose_pipeline()
        print(json.dumps({"model": choice.model, "description": choice.description}))
        return 0
    print("usage: python -m assistant.spacy_pipeline [build|which]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
