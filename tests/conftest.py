"""Shared fixtures: project paths, the domain, shared/ facts, NLU data; and the `rasa`
marker for tests that need the trained model (pyproject.toml registers the markers)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tools.rasa_processes import rasa_servers

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SCAMHELP_SHARED_DIR", ROOT.parent / "shared"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test module that starts real Rasa (tools/rasa_processes.rasa_servers) needs the
    trained model: its tests are `rasa`, outside `make quick`. The rest of this folder
    needs only the data, the code and the Rasa library."""
    here = Path(__file__).resolve().parent
    for item in items:
        module = getattr(item, "module", None)
        if not Path(str(item.path)).is_relative_to(here) or module is None:
            continue
        if getattr(module, "rasa_servers", None) is rasa_servers:
            item.add_marker(pytest.mark.rasa)


def read_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def shared_file(name: str) -> Path:
    path = SHARED / name
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: the shared/ folder must sit beside the repository "
            "(or set SCAMHELP_SHARED_DIR)."
        )
    return path


def _annotations_removed(example: str) -> str:
    return re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", example)


def load_examples(folder: Path) -> dict[str, list[str]]:
    """Intent name -> plain examples (entity annotations removed) in a folder tree."""
    examples: dict[str, list[str]] = {}
    files = [folder] if folder.is_file() else sorted(folder.rglob("*.yml"))
    for file in files:
        for block in read_yaml(file).get("nlu") or []:
            if "intent" not in block:
                continue
            lines = [
                _annotations_removed(line.strip()[2:].strip())
                for line in block["examples"].splitlines()
                if line.strip().startswith("- ")
            ]
            examples.setdefault(block["intent"], []).extend(lines)
    return examples


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    from rasa.shared.core.domain import Domain

    return Domain.load(str(ROOT / "responses")).as_dict()


@pytest.fixture(scope="session")
def responses(domain: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return domain["responses"]


@pytest.fixture(scope="session")
def contacts() -> dict[str, dict[str, Any]]:
    return read_yaml(shared_file("contacts.yml"))


@pytest.fixture(scope="session")
def taxonomy() -> dict[str, Any]:
    return read_yaml(shared_file("intents.yml"))


@pytest.fixture(scope="session")
def training_examples() -> dict[str, list[str]]:
    return load_examples(ROOT / "intents")


@pytest.fixture(scope="session")
def test_examples() -> dict[str, list[str]]:
    return load_examples(ROOT / "tests" / "nlu" / "test_set.yml")
