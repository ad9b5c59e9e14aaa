"""Compose one message bubble from several domain responses (Dutch texts live in responses/)."""

from __future__ import annotations

from typing import Any

from actions.message_analysis import Sign


def response_text(domain: dict[str, Any], name: str, /, **values: str) -> str:
    """The first text variant of a response, with {placeholders} filled in."""
    variants = (domain.get("responses") or {}).get(name) or []
    template = next((v.get("text") for v in variants if v.get("text")), None)
    if template is None:
        raise KeyError(f"response {name!r} is missing from the domain")
    return template.format(**values) if values else template


def signs_message(domain: dict[str, Any], signs: list[Sign]) -> str:
    """One bubble: intro, a bullet per sign, and the reminder that no signs proves nothing."""
    lines = [response_text(domain, "utter_signs_intro")]
    lines += [f"- {response_text(domain, s.response, **s.values)}" for s in signs]
    lines.append(response_text(domain, "utter_signs_outro"))
    return "\n".join(lines)
