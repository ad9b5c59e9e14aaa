"""Rasa data validation with every warning treated as an error.

Runs the same checks as ``rasa data validate`` and fails on any warning, with
two precise exceptions: the warnings Rasa itself expects and silences
(rasa.utils.common.EXPECTED_WARNINGS), and Rasa calls a response 'not used in any story or rule'
when only a custom action sends it; those responses are excused when the
actions really use them (actions/catalogue.py).
"""

from __future__ import annotations

import re
import warnings

from rasa.cli.utils import validate_files
from rasa.shared.importers.importer import TrainingDataImporter
from rasa.utils.common import EXPECTED_WARNINGS

from actions.catalogue import responses_used_by_actions
from assistant.rest_channel import EMPTY_MESSAGE_RESPONSE

# Responses sent outside the custom actions: by Rasa's action_default_fallback,
# and by the REST channel for a message without visible text.
BUILTIN_RESPONSES = frozenset({"utter_default", EMPTY_MESSAGE_RESPONSE})
UNUSED = re.compile(r"The utterance '(utter_[a-z0-9_]+)' is not used in any story or rule\.")


def main() -> int:
    importer = TrainingDataImporter.load_from_config(
        "config.yml", "responses", ["intents", "dialogue"]
    )
    used = responses_used_by_actions() | BUILTIN_RESPONSES
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            validate_files(fail_on_warnings=False, max_history=None, importer=importer)
        except SystemExit as stop:
            if stop.code:
                print("Rasa data validation found errors.")
                return 1
    problems = []
    for warning in caught:
        if not issubclass(warning.category, UserWarning):
            continue
        if "rasa" not in warning.filename:
            continue
        text = str(warning.message)
        if any(
            issubclass(warning.category, category) and re.match(pattern, text)
            for category, pattern in EXPECTED_WARNINGS
        ):
            continue
        match = UNUSED.search(text)
        if match and match.group(1) in used:
            continue
        problems.append(text)
    for text in problems:
        print(f"WARNING (treated as error): {text}")
    if problems:
        return 1
    print("Rasa data validation: no warnings.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
