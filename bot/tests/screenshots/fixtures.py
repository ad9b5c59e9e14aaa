"""The `screenshot_corpus` fixture for any test module that reads screenshots:

    from bot.tests.screenshots import fixtures
    screenshot_corpus = fixtures.screenshot_corpus  # then use it as a test's argument

Rendered once per test session into a temporary directory (about 15 s; needs Chromium,
so mark the module `chromium`)."""

from __future__ import annotations

import pytest

from bot.tests.screenshots.corpus import Shot, render_corpus


@pytest.fixture(scope="session")
def screenshot_corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Shot]:
    return render_corpus(tmp_path_factory.mktemp("screenshots"))
