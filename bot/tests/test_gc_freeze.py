"""common/gc_freeze.py in the gateway: once the app has started, its objects are out of
the cyclic garbage collector, so a full collection is short; GC_FREEZE=0 leaves it."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from bot.tests.conftest import settings_for
from bot.tests.fake_rasa import FakeRasa
from bot.web import create_app
from common import gc_freeze


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()  # the test process goes on collecting as before


@pytest.mark.usefixtures("unfrozen")
async def test_the_started_app_is_kept_out_of_the_collector(
    sqlite_url: str, fake_rasa: FakeRasa
) -> None:
    app = create_app(settings_for(sqlite_url, fake_rasa.url, gc_freeze=True))
    async with app.router.lifespan_context(app):
        frozen = gc.get_freeze_count()
        assert frozen > 10_000  # the app, its routes, the libraries
        # What a full collection still walks: a small part of what it walked before.
        assert len(gc.get_objects()) < frozen / 10


@pytest.mark.usefixtures("unfrozen")
async def test_gc_freeze_off_freezes_nothing(sqlite_url: str, fake_rasa: FakeRasa) -> None:
    app = create_app(settings_for(sqlite_url, fake_rasa.url, gc_freeze=False))
    async with app.router.lifespan_context(app):
        assert gc.get_freeze_count() == 0


def test_the_setting() -> None:
    assert gc_freeze.enabled({})
    assert gc_freeze.enabled({"GC_FREEZE": "1"})
    assert not gc_freeze.enabled({"GC_FREEZE": "0"})
    assert not gc_freeze.enabled({"GC_FREEZE": " 0 "})
