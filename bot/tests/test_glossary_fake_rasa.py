"""GET /api/glossary (issue 17, plainer words): the widget's hard words and their plain
explanations, from common/glossary.yml, cacheable, without Rasa."""

from __future__ import annotations

import httpx

from bot import texts
from bot.tests.fake_rasa import FakeRasa
from common import glossary


async def test_the_glossary_is_served_as_json_with_a_cache_header(
    widget: httpx.AsyncClient,
) -> None:
    response = await widget.get("/api/glossary")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["cache-control"] == "public, max-age=3600"
    body = response.json()
    assert body == glossary.load().to_json()
    entries = {entry["term"]: entry for entry in body["entries"]}
    assert set(entries["Rekeningnummer"]) == {"term", "forms", "explanation"}
    assert "rekeningnummers" in entries["Rekeningnummer"]["forms"]
    assert all(e["explanation"] and "\n" not in e["explanation"] for e in body["entries"])


async def test_the_glossary_explains_the_long_words_of_the_gateways_own_texts(
    widget: httpx.AsyncClient,
) -> None:
    served = glossary.parse((await widget.get("/api/glossary")).json())
    assert served.entry_for("Fraudehelpdesk") is not None
    assert served.unexplained(texts.HELPLINE_NOW + " " + texts.NO_IMAGE) == []
    assert served.unexplained("Zet tweestapsverificatie aan.") == ["tweestapsverificatie"]


async def test_the_glossary_needs_no_rasa(widget: httpx.AsyncClient, fake_rasa: FakeRasa) -> None:
    fake_rasa.down = True
    response = await widget.get("/api/glossary")
    assert response.status_code == 200 and response.json()["entries"]
