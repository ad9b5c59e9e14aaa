"""Personal numbers masked in every log record (the masker itself: common/masking.py).

A log line can quote what a resident wrote (a database error repeats the values it
was given), so every record passes the same masker the console's list views use.
"""

from __future__ import annotations

import logging

from common.masking import mask


class MaskingFilter(logging.Filter):
    """Masks personal numbers in every log record that passes a handler, including the
    traceback of a logged exception (a database error quotes the values it was given)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.args = _masked_args(record.args)
            if mask(record.getMessage()) != record.getMessage() or mask(str(record.msg)) != str(
                record.msg
            ):
                # Something personal the arguments alone do not hold: the whole line.
                record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        return True


def _masked_args(args: object) -> object:
    """Each argument masked, its type kept: uvicorn's access formatter reads its five
    arguments (client address, method, path, HTTP version, status code) itself, so
    they stay arguments rather than becoming one string."""
    if isinstance(args, tuple):
        return tuple(mask(a) if isinstance(a, str) else a for a in args)
    if isinstance(args, dict):
        return {k: mask(v) if isinstance(v, str) else v for k, v in args.items()}
    return args


# Loggers that bring their own handlers (uvicorn sets them up when it starts).
OWN_HANDLERS = ("uvicorn", "uvicorn.error", "uvicorn.access")


def install_log_masking() -> None:
    """Put the masking filter on every handler of the root logger and of uvicorn's
    loggers (call after logging is set up; calling it again adds nothing)."""
    for logger in (logging.getLogger(), *(logging.getLogger(n) for n in OWN_HANDLERS)):
        for handler in logger.handlers:
            if not any(isinstance(f, MaskingFilter) for f in handler.filters):
                handler.addFilter(MaskingFilter())
