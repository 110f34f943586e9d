"""Log lines: one line per event, whatever a request carries.

Every log call that includes something from a request (its path, a header, an error
message that quotes input) passes it through :func:`for_log`, so a path such as
``/join/X%0A2026-01-01 ERROR forged`` cannot start a line of its own in the log.
"""

from __future__ import annotations

import logging
import re

from flask import Flask, has_request_context, request

# C0 and C1 control characters, DEL, and the Unicode line and paragraph separators.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
MAX_LENGTH = 500
FORMAT = "%(asctime)s %(levelname)s [%(name)s] %(message)s"
# Our loggers and the least level each shows. Flask-Limiter's are warnings only: at the
# info level it writes a line for every refused attempt, which a guesser could use to
# flood the log.
LOGGERS = {"app": logging.WARNING, "flask-limiter": logging.WARNING}
_handler = logging.StreamHandler()
_handler.setFormatter(logging.Formatter(FORMAT))


def _escape(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


def for_log(value: object) -> str:
    """*value* as one printable line: control characters escaped (``\\n``, ``\\x1b``),
    cut at MAX_LENGTH characters."""
    text = _CONTROL.sub(_escape, str(value))
    return text if len(text) <= MAX_LENGTH else text[:MAX_LENGTH] + "…"


def request_label() -> str:
    """``GET /path?query`` of the current request, safe to log."""
    if not has_request_context():
        return "(no request)"
    path = request.full_path if request.query_string else request.path
    return f"{for_log(request.method)} {for_log(path)}"


def configure_logging(app: Flask) -> None:
    """Send our warnings (and Flask-Limiter's) to stderr when nothing else collects them.

    Under gunicorn or ``flask run`` the root logger has no handler, and Flask-Limiter's
    logger has a NullHandler that would swallow its "storage unreachable" warning.
    A host that configures logging itself (a root handler) is left alone.
    """
    if logging.getLogger().handlers:
        return
    for name, level in LOGGERS.items():
        logger = logging.getLogger(name)
        if _handler not in logger.handlers:
            logger.addHandler(_handler)
        if logger.level == logging.NOTSET:
            logger.setLevel(logging.DEBUG if app.debug else level)
