"""A corpus of rendered screenshots of Dutch scam messages, for the OCR tests and the bench.

`messages.py` holds the texts, `templates/` the look of the apps, `pages.py` fills the
templates, `corpus.py` renders them in Chromium (cached) and `fixtures.py` offers the
`screenshot_corpus` pytest fixture."""
