"""Render a whole page, or only its fragment when htmx asks for it."""

from __future__ import annotations

from typing import Any

from flask import Response, make_response, render_template

from app.extensions import htmx


def wants_fragment() -> bool:
    """htmx swaps a fragment; boosted navigation and plain browsers get pages."""
    return bool(htmx) and not htmx.boosted


def render_page(
    page: str, fragment: str | None = None, status: int = 200, **context: Any
) -> Response:
    """Render *fragment* for an htmx request and *page* otherwise (same context)."""
    template = fragment if fragment and wants_fragment() else page
    return html_response(render_template(template, **context), status)


def html_response(html: str, status: int = 200) -> Response:
    """A rendered page or fragment as the answer (which of them depends on HX-Request)."""
    response = make_response(html, status)
    response.vary.add("HX-Request")
    return response
