"""Yhdessä: participatory deliberation and voting.

The factory is imported lazily so that pure-Python subpackages such as
``app.tally`` can be used (``python -m app.tally``) without loading Flask.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

    from app.config import Config


def create_app(config: type[Config] | None = None) -> Flask:
    """Build the Flask application; see :func:`app.factory.build_app`."""
    from app.factory import build_app

    return build_app(config)
