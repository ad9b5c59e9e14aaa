"""Messages that are clearly not Dutch (issue 17): `detect.py` tells, `texts.py` holds the
honest answer in Dutch and in the resident's language. `texts.py` is plain strings (the
Rasa side's content tests read it), so this package imports nothing here."""
