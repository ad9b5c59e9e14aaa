"""Run-time patches to Rasa 3.6 that cut CPU per message without changing behaviour.

Why: Rasa checks every action-server response with ``jsonschema.validate(result,
schema)``. That call rebuilds the validator and meta-validates the (large) events schema
on every custom action, which took about 60% of a Rasa process's CPU here; with
jsonschema 4 it is 70 to 80% slower than it was (RasaHQ/rasa#11717). Rasa 3.6 allows
``jsonschema>=3.2,<4.18``, but a pin would still meta-validate per call and would mean a
different lock, so instead the validator is built once here, the schema checked once,
and every response is still validated against the same schema with the same error.

Even built once, that check took about 15% of a Rasa process's CPU: each event of a
response is tried against all 23 event schemas of the schema's ``oneOf``, because oneOf
must prove that exactly one matches. Each of those 23 pins ``event`` to its own name
(``"const"``), so for an event that has a name, the branch of that name is the only one
that can match: checking that one branch (and the properties every event shares) gives
the same verdict. A response that passes this short check is valid under the whole
schema; one that does not is checked again the full way, which gives Rasa's own error.
The short check is used only when the schema still has that shape (every branch pinned
to a distinct name); otherwise every response takes the full way.

Also: Rasa fills slots into every string of a response, button payloads included, and a
payload such as ``/deny{"damage_kind":"clicked_only"}`` looks like a placeholder to it. It
then logs an ERROR with a traceback and returns the payload unchanged (RasaHQ/rasa#6616,
where the maintainers proposed skipping strings that start with ``/``). Every answer with
the damage question logged three to five of those. A payload with entities is now
returned unchanged at once, as Rasa did after the error; any other string still goes
through Rasa's own interpolation.

Also: every event Rasa reads back from the tracker store (the whole conversation, at
each message, with the SQL tracker store of several replicas) finds its class with
``Event.resolve_by_type``, which walks all of Event's subclasses each time (about
30 microseconds; about 2% of a replica's CPU). The classes are looked up once per type
name now; a name not found is looked up again the slow way, so an event class defined
later is still found and an unknown name still fails as before.

Where: :func:`apply` runs when ``assistant.intent_classifier`` is imported, and Rasa
imports that module whenever it loads our model (config.yml), in ``rasa run``,
``rasa shell`` and ``rasa test``. It is idempotent, and it patches only Rasa 3.6 whose
method still has the expected shape; otherwise it logs a warning and leaves Rasa alone.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

EXPECTED_RASA = "3.6."
# Marks our replacement, so a second apply() sees it and does nothing.
PATCHED_FLAG = "_scamhelp_built_once"
# The names the original method uses: if Rasa changes it, we do not guess.
_EXPECTED_NAMES = frozenset({"validate", "action_response_format_spec", "message"})


def _expected_shape(remote_action: type) -> bool:
    method = getattr(remote_action, "_validate_action_result", None)
    spec = getattr(remote_action, "action_response_format_spec", None)
    code = getattr(method, "__code__", None)
    if code is None or not callable(spec):
        return False
    return _EXPECTED_NAMES <= set(code.co_names) and code.co_argcount == 2


def _validate_once_built(remote_action: type) -> Callable[[Any, dict[str, Any]], bool]:
    """A ``_validate_action_result`` with the validator built (and its schema checked)
    once. Same schema, same ``ValidationError`` (best match, same extra message)."""
    from jsonschema import ValidationError
    from jsonschema.exceptions import best_match
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import DOCS_BASE_URL

    base_spec = remote_action.action_response_format_spec
    schema = base_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    surely_valid = _short_check(schema, validator_class)
    original = remote_action._validate_action_result

    def _validate_action_result(self: Any, result: dict[str, Any]) -> bool:
        if type(self).action_response_format_spec is not base_spec:
            # A subclass with its own schema: Rasa's own way.
            return original(self, result)
        if surely_valid is not None and surely_valid(result):
            return True
        error = best_match(validator.iter_errors(result))
        if error is None:
            return True
        if not isinstance(error, ValidationError):  # pragma: no cover - jsonschema contract
            raise error
        error.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error

    setattr(_validate_action_result, PATCHED_FLAG, True)
    _validate_action_result.__wrapped__ = original  # type: ignore[attr-defined]
    return _validate_action_result


def _short_check(schema: dict[str, Any], validator_class: Any) -> Callable[[Any], bool] | None:
    """A check that says True only for responses valid under `schema`, trying each event
    against the one ``oneOf`` branch its name selects; None when the schema does not
    have the shape that makes this exact (see the module's docstring)."""
    try:
        properties = schema["properties"]
        events_schema = properties["events"]
        event_schema = events_schema["items"]
        branches = event_schema["oneOf"]
        names = [branch["properties"]["event"]["const"] for branch in branches]
    except (KeyError, TypeError):
        return None
    if set(schema) - {"type", "properties"} or set(events_schema) - {"type", "items"}:
        return None
    if not all(isinstance(n, str) for n in names) or len(set(names)) != len(names):
        return None
    top = validator_class({k: v for k, v in schema.items() if k != "properties"})
    others = validator_class({"properties": {k: v for k, v in properties.items() if k != "events"}})
    events_list = validator_class({k: v for k, v in events_schema.items() if k != "items"})
    shared = validator_class({k: v for k, v in event_schema.items() if k != "oneOf"})
    branch_of = {
        name: validator_class(branch) for name, branch in zip(names, branches, strict=True)
    }

    def surely_valid(result: Any) -> bool:
        if not (top.is_valid(result) and others.is_valid(result)):
            return False
        events = result.get("events", [])
        if not events_list.is_valid(events):
            return False
        for event in events:
            name = event.get("event") if isinstance(event, dict) else None
            branch = branch_of.get(name) if isinstance(name, str) else None
            if branch is None or not (shared.is_valid(event) and branch.is_valid(event)):
                return False
        return True

    return surely_valid


def is_applied() -> bool:
    from rasa.core.actions.action import RemoteAction

    return bool(getattr(RemoteAction._validate_action_result, PATCHED_FLAG, False))


# `/intent{...}` with a JSON object of entities, as our buttons send (a slot placeholder
# such as `{name}` is no JSON object, so it never matches).
_PAYLOAD = re.compile(r'/\w+\{\s*(?:"[^"\n]*"\s*:\s*[^\n{}]*)?\}')


def _payloads_left_alone(original: Callable[[str, dict[str, Any]], str]) -> Callable[..., str]:
    def interpolate_text(response: str, values: dict[str, Any]) -> str:
        if _PAYLOAD.fullmatch(response):
            return response
        return original(response, values)

    setattr(interpolate_text, PATCHED_FLAG, True)
    interpolate_text.__wrapped__ = original  # type: ignore[attr-defined]
    return interpolate_text


def _leave_payloads_alone() -> None:
    from rasa.core.nlg import interpolator

    if not getattr(interpolator.interpolate_text, PATCHED_FLAG, False):
        # interpolate() looks the function up in its module at each call.
        interpolator.interpolate_text = _payloads_left_alone(interpolator.interpolate_text)


def _resolved_once(original: Callable[..., Any]) -> Callable[..., Any]:
    found: dict[str, Any] = {}

    def resolve_by_type(type_name: str, default: Any = None) -> Any:
        cls = found.get(type_name)
        if cls is None:
            cls = original(type_name, default)
            if cls is not None and cls is not default:
                found[type_name] = cls
        return cls

    setattr(resolve_by_type, PATCHED_FLAG, True)
    resolve_by_type.__wrapped__ = original  # type: ignore[attr-defined]
    return resolve_by_type


def _resolve_event_types_once() -> None:
    from rasa.shared.core.events import Event

    if not getattr(Event.resolve_by_type, PATCHED_FLAG, False):
        Event.resolve_by_type = staticmethod(_resolved_once(Event.resolve_by_type))


def apply() -> bool:
    """Patch Rasa once; True when the patch is in place after the call."""
    import rasa
    from rasa.core.actions.action import RemoteAction

    if is_applied():
        return True
    version = getattr(rasa, "__version__", "")
    if not version.startswith(EXPECTED_RASA) or not _expected_shape(RemoteAction):
        logger.warning(
            f"assistant.rasa_patches: Rasa {version} is not the expected 3.6 shape; "
            "the action-response validator is left as Rasa has it (slower, still correct)."
        )
        return False
    RemoteAction._validate_action_result = _validate_once_built(RemoteAction)
    _leave_payloads_alone()
    _resolve_event_types_once()
    return True
