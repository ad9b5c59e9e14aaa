"""The rasa command line without Python's deprecation warnings (make run, make shell).

`python -m tools.quiet_rasa run ...` is `rasa run ...`. PYTHONWARNINGS cannot do this:
Sanic turns deprecation warnings back on when it is imported, and Rasa then shows every
UserWarning once (pyparsing's deprecations are both). So they are dropped where warnings
are shown; every other warning, every log line at the level asked for (--quiet: warnings
and errors) and every traceback still reach the terminal.
"""

from __future__ import annotations

import sys
import warnings
from typing import TextIO

_show = warnings.showwarning


def _show_unless_deprecated(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    if issubclass(category, (DeprecationWarning, PendingDeprecationWarning)):
        return
    _show(message, category, filename, lineno, file, line)


def main() -> None:
    warnings.showwarning = _show_unless_deprecated
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
