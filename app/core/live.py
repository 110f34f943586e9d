"""Cheap polling: answer 304 when a version counter has not moved.

A live fragment polls with ``hx-trigger="every 3s"``; htmx sends the ETag back
as If-None-Match and a 304 leaves the page as it is. Callers look up only the
version (one small query) before deciding to render anything.
"""

from __future__ import annotations

from flask import Response, request

STOP_POLLING = 286  # htmx stops a polling element that receives this status


def etag(version: int, *parts: object) -> str:
    return "-".join(str(p) for p in (version, *parts))


def not_modified(tag: str) -> Response | None:
    """A 304 response when the client already has *tag*, else None."""
    if tag in request.if_none_match:
        response = Response(status=304)
        response.set_etag(tag)
        response.vary.add("HX-Request")
        response.headers["Cache-Control"] = "no-cache"
        return response
    return None


def with_etag(response: Response, tag: str) -> Response:
    response.set_etag(tag)
    response.headers["Cache-Control"] = "no-cache"
    return response
