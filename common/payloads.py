"""The payloads the action server sends the gateway, as frozen dataclasses.

The action server puts them in a custom JSON message next to what the resident
reads: ``{"handoff": {...}}`` when the conversation goes to a volunteer,
``{"insight": {...}}`` after the advice (for the anonymous figures and for 'heeft dit
geholpen?'). The assistant builds a payload and sends ``{Handoff.KEY:
payload.to_json()}``; the gateway reads it back with ``from_json``.

Both sides are deployed from one repository, but not necessarily at the same moment:
each payload carries a ``version``, and a side that receives a newer version than it
knows, or a payload of the wrong shape, gets a ``PayloadError`` instead of guessing.
The gateway logs that error and carries on as if no payload came (a resident must
never see a crash). A missing field keeps the meaning the gateway has always given
it (no scam type, not urgent, no damage, reason 'ask_human', an empty summary), and
a payload without ``version`` is version 1, the shape from before it was numbered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

# The shape each side writes and the newest it reads.
HANDOFF_VERSION = 1
INSIGHT_VERSION = 1


class PayloadError(ValueError):
    """A payload this side cannot read: not an object, a newer version, a wrong field.

    The message names the payload, the field and the type found, never a value: it
    goes to the log, and a summary is the resident's own words.
    """


@dataclass(frozen=True)
class Handoff:
    """The conversation goes to a volunteer: what the case starts with."""

    KEY: ClassVar[str] = "handoff"
    VERSION: ClassVar[int] = HANDOFF_VERSION

    # 'ask_human' (the resident asked) or 'volunteer_offer' (they said yes to the offer).
    reason: str
    scam_type: str | None
    urgent: bool
    # Kinds of damage already done (common/damage.py), in urgent order.
    damage: tuple[str, ...]
    # Dutch, for volunteers, numbers and e-mail addresses masked (common/masking.py).
    summary: str

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.VERSION,
            "reason": self.reason,
            "scam_type": self.scam_type,
            "urgent": self.urgent,
            "damage": list(self.damage),
            "summary": self.summary,
        }

    @classmethod
    def from_json(cls, data: object) -> Handoff:
        fields = _fields(cls.KEY, cls.VERSION, data)
        return cls(
            reason=_text(cls.KEY, fields, "reason") or "ask_human",
            scam_type=_text(cls.KEY, fields, "scam_type") or None,
            urgent=_flag(cls.KEY, fields, "urgent"),
            damage=_texts(cls.KEY, fields, "damage"),
            summary=_text(cls.KEY, fields, "summary"),
        )


@dataclass(frozen=True)
class Insight:
    """What the assistant recognised in this turn (not shown to the resident)."""

    KEY: ClassVar[str] = "insight"
    VERSION: ClassVar[int] = INSIGHT_VERSION

    scam_type: str | None
    urgent: bool
    # The advice path ended: the gateway asks 'heeft dit geholpen?'.
    advice_done: bool
    # The scammer's message the assistant read in this turn (pasted, quoted or read
    # from a screenshot), without the resident's own words around it: the gateway
    # describes its sender and matches it to waves (bot/waves/). Empty: none this turn.
    # Added without a new version: a gateway that does not know it reads the rest.
    reported: str = ""
    # The resident's own words around it, where the assistant told them apart.
    said: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.VERSION,
            "scam_type": self.scam_type,
            "urgent": self.urgent,
            "advice_done": self.advice_done,
            "reported": self.reported,
            "said": self.said,
        }

    @classmethod
    def from_json(cls, data: object) -> Insight:
        fields = _fields(cls.KEY, cls.VERSION, data)
        return cls(
            scam_type=_text(cls.KEY, fields, "scam_type") or None,
            urgent=_flag(cls.KEY, fields, "urgent"),
            advice_done=_flag(cls.KEY, fields, "advice_done"),
            reported=_text(cls.KEY, fields, "reported"),
            said=_text(cls.KEY, fields, "said"),
        )


def _fields(kind: str, newest: int, data: object) -> Mapping[str, Any]:
    """The payload as a mapping, after the version check."""
    if not isinstance(data, Mapping):
        raise PayloadError(f"{kind} payload is not a JSON object but {_type(data)}")
    version = data.get("version")
    if version is None:
        version = 1  # sent before payloads were numbered
    # bool is an int in Python; 'version: true' is still malformed.
    if not isinstance(version, int) or isinstance(version, bool):
        raise PayloadError(f"{kind} payload version is not a whole number but {_type(version)}")
    if version > newest:
        raise PayloadError(
            f"{kind} payload version {version} is newer than this side reads (up to {newest})"
        )
    if version < 1:
        raise PayloadError(f"{kind} payload version {version} is unknown (versions start at 1)")
    return data


# A field that is absent or null means the same: what the gateway always did without it.
def _text(kind: str, fields: Mapping[str, Any], name: str) -> str:
    value = fields.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise PayloadError(f"{kind} payload field {name!r} is not a string but {_type(value)}")
    return value


def _flag(kind: str, fields: Mapping[str, Any], name: str) -> bool:
    value = fields.get(name)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise PayloadError(f"{kind} payload field {name!r} is not true/false but {_type(value)}")
    return value


def _texts(kind: str, fields: Mapping[str, Any], name: str) -> tuple[str, ...]:
    value = fields.get(name)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise PayloadError(f"{kind} payload field {name!r} is not a list of strings")
    return tuple(value)


def _type(value: object) -> str:
    return "null" if value is None else type(value).__name__
