"""Talks to the Rasa REST webhook; every failure becomes RasaUnavailable.

With several Rasa replicas (RASA_URLS) each call goes to the conversation's replica
(bot/rasa_replicas.py) and moves on to the next live one when a replica is away. A call
that changes the conversation (a message, a tracker event) moves on only when it surely
never reached the replica (refused, or a proxy's 502-504): a replica that timed out may
still answer it, and the message then stays kept for the recovery loop, which first reads
the shared tracker for that late answer. A call that only reads moves on after any
failure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx

from bot.rasa_replicas import ReplicaSet

# Not processed: a proxy in front of a stopped or overloaded Rasa.
UNAVAILABLE_STATUSES = frozenset({502, 503, 504})
# Failures before the request was sent.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Sent, and no answer in time: a slow replica, or a frozen one.
SLOW = (httpx.ReadTimeout, httpx.WriteTimeout, httpx.PoolTimeout)


class RasaUnavailable(Exception):
    """Rasa or its action server did not answer in time, or answered with an error."""


class RasaClient:
    def __init__(
        self,
        base_url: str | Sequence[str],
        timeout: float,
        client: httpx.AsyncClient | None = None,
        probe_seconds: float = 5.0,
    ):
        urls = [base_url] if isinstance(base_url, str) else list(base_url)
        self.replicas = ReplicaSet(urls)
        self.timeout = timeout
        self.probe_seconds = probe_seconds
        self._client = client or httpx.AsyncClient(timeout=timeout)

    async def _request(
        self, key: str, method: str, path: str, *, changes: bool, **kwargs: Any
    ) -> httpx.Response:
        """The answer of the first replica for `key` that answers (see the docstring)."""
        failure: httpx.TransportError | None = None
        answer: httpx.Response | None = None
        for replica in self.replicas.candidates(key):
            try:
                response = await self._client.request(
                    method, replica.url + path, timeout=self.timeout, **kwargs
                )
            except httpx.TransportError as error:
                self.replicas.mark_down(replica, type(error).__name__, isinstance(error, SLOW))
                if changes and not isinstance(error, NOT_SENT):
                    raise
                failure = error
                continue
            if response.status_code not in UNAVAILABLE_STATUSES:
                self.replicas.mark_up(replica)  # tried as a last resort, and it answered
                return response
            self.replicas.mark_down(replica, f"HTTP {response.status_code}")
            answer = response
        if answer is not None:
            return answer  # the caller's raise_for_status() says what went wrong
        assert failure is not None  # candidates() is never empty
        raise failure

    async def probe(self) -> None:
        """One round of asking the replicas that are down whether they answer again."""
        await self.replicas.probe(self._client, self.timeout)

    async def probe_loop(self) -> None:
        """Bring replicas that were down back into use when they answer again."""
        await self.replicas.probe_loop(self._client, self.timeout, self.probe_seconds)

    async def send(
        self, sender: str, message: str, metadata: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        body: dict[str, Any] = {"sender": sender, "message": message}
        if metadata:
            body["metadata"] = metadata  # Rasa's REST channel keeps it with the message
        try:
            response = await self._request(
                sender, "POST", "/webhooks/rest/webhook", changes=True, json=body
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
            response = await self._request(
                text, "POST", "/model/parse", changes=False, json={"text": text}
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
            response = await self._request(
                text, "POST", "/model/parse", changes=False, json={"text": text}
            )
            response.raise_for_status()
            body = response.json()
        except (httpx.HTTPError, ValueError):
            return None
        return body if isinstance(body, dict) else None

    async def answered_last(self, sender: str, message: str) -> list[dict[str, Any]] | None:
        """If Rasa's latest user turn is this message, the bot messages that followed it."""
        try:
            response = await self._request(
                sender, "GET", f"/conversations/{sender}/tracker", changes=False
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
            response = await self._request(
                sender, "PUT", f"/conversations/{sender}/tracker/events", changes=True, json=[]
            )
            return response.status_code == 200
        except httpx.HTTPError:
            return False

    async def append_event(self, sender: str, event: dict[str, Any] | list[dict[str, Any]]) -> bool:
        """Append an event (pause, resume) or a list of them to the conversation in Rasa's
        tracker."""
        try:
            response = await self._request(
                sender, "POST", f"/conversations/{sender}/tracker/events", changes=True, json=event
            )
            return response.status_code == 200
        except httpx.HTTPError:
            return False

    async def responses(self) -> dict[str, Any]:
        """The domain's responses (for the greeting), or {} when Rasa is away."""
        try:
            response = await self._request(
                "domain", "GET", "/domain", changes=False, headers={"Accept": "application/json"}
            )
            response.raise_for_status()
            return dict(response.json().get("responses") or {})
        except (httpx.HTTPError, ValueError):
            return {}

    async def close(self) -> None:
        await self._client.aclose()
