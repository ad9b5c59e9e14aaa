"""Talks to the Rasa REST webhook; every failure becomes RasaUnavailable."""

from __future__ import annotations

from typing import Any

import httpx


class RasaUnavailable(Exception):
    """Rasa or its action server did not answer in time, or answered with an error."""


class RasaClient:
    def __init__(self, base_url: str, timeout: float, client: httpx.AsyncClient | None = None):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._client = client or httpx.AsyncClient(timeout=timeout)

    async def send(self, sender: str, message: str) -> list[dict[str, Any]]:
        try:
            response = await self._client.post(
                f"{self.base_url}/webhooks/rest/webhook",
                json={"sender": sender, "message": message},
                timeout=self.timeout,
            )
            response.raise_for_status()
            body = response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise RasaUnavailable(str(error) or type(error).__name__) from error
        if not isinstance(body, list):
            raise RasaUnavailable("unexpected answer from Rasa")
        # Rasa answers [] when its action server fails; a reply always has content.
        if not body:
            raise RasaUnavailable("empty answer from Rasa")
        return body

    async def parse(self, text: str) -> tuple[str, float] | None:
        """The NLU's reading of a text (intent, confidence), without a dialogue turn; None
        when Rasa is away (the caller then does without it)."""
        try:
            response = await self._client.post(
                f"{self.base_url}/model/parse", json={"text": text}, timeout=self.timeout
            )
            response.raise_for_status()
            intent = response.json().get("intent") or {}
        except (httpx.HTTPError, ValueError):
            return None
        if not intent.get("name"):
            return None
        return str(intent["name"]), float(intent.get("confidence") or 0.0)

    async def reading(self, text: str) -> dict[str, Any] | None:
        """The NLU's whole reading of a text (intent ranking, scam-type ranking), without
        a dialogue turn; None when Rasa is away."""
        try:
            response = await self._client.post(
                f"{self.base_url}/model/parse", json={"text": text}, timeout=self.timeout
            )
            response.raise_for_status()
            body = response.json()
        except (httpx.HTTPError, ValueError):
            return None
        return body if isinstance(body, dict) else None

    async def answered_last(self, sender: str, message: str) -> list[dict[str, Any]] | None:
        """If Rasa's latest user turn is this message, the bot messages that followed it."""
        try:
            response = await self._client.get(
                f"{self.base_url}/conversations/{sender}/tracker", timeout=self.timeout
            )
            response.raise_for_status()
            events = response.json().get("events") or []
        except (httpx.HTTPError, ValueError) as error:
            raise RasaUnavailable(str(error) or type(error).__name__) from error
        users = [i for i, e in enumerate(events) if e.get("event") == "user"]
        if not users or events[users[-1]].get("text") != message:
            return None
        replies = []
        for event in events[users[-1] + 1 :]:
            if event.get("event") != "bot":
                continue
            data = event.get("data") or {}
            reply: dict[str, Any] = {"text": event.get("text")}
            if data.get("buttons"):
                reply["buttons"] = data["buttons"]
            if data.get("custom"):
                reply["custom"] = data["custom"]
            replies.append(reply)
        return replies or None

    async def forget(self, sender: str) -> bool:
        """Erase the conversation in Rasa's tracker store (its events replaced by none)."""
        try:
            response = await self._client.put(
                f"{self.base_url}/conversations/{sender}/tracker/events",
                json=[],
                timeout=self.timeout,
            )
            return response.status_code == 200
        except httpx.HTTPError:
            return False

    async def append_event(self, sender: str, event: dict[str, Any] | list[dict[str, Any]]) -> bool:
        """Append an event (pause, resume) or a list of them to the conversation in Rasa's
        tracker."""
        try:
            response = await self._client.post(
                f"{self.base_url}/conversations/{sender}/tracker/events",
                json=event,
                timeout=self.timeout,
            )
            return response.status_code == 200
        except httpx.HTTPError:
            return False

    async def responses(self) -> dict[str, Any]:
        """The domain's responses (for the greeting), or {} when Rasa is away."""
        try:
            response = await self._client.get(
                f"{self.base_url}/domain",
                headers={"Accept": "application/json"},
                timeout=self.timeout,
            )
            response.raise_for_status()
            return dict(response.json().get("responses") or {})
        except (httpx.HTTPError, ValueError):
            return {}

    async def close(self) -> None:
        await self._client.aclose()
