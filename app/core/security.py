"""Security headers for every response, and what caches may keep."""

from __future__ import annotations

from flask import Flask, Response, request

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def cache_policy(response: Response, endpoint: str | None = None) -> None:
    """No cache keeps what the app answers: pages show who is signed in, exports and
    API answers hold a session's data. Static files keep their own caching. An answer
    that chose a policy itself keeps it, but a revalidated one (a poll's ``no-cache``
    with its ETag) is marked ``private``, so no shared cache stores it."""
    if (endpoint or request.endpoint) == "static":
        return
    control = response.cache_control
    if not response.headers.get("Cache-Control"):
        control.no_store = True
    elif not (control.public or control.private or control.no_store):
        control.private = True


def add_headers(response: Response, hsts: bool, endpoint: str | None = None) -> Response:
    """The security headers, and the cache policy, of every answer (*endpoint*: the
    request's, when given outside a Flask request)."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if hsts:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    cache_policy(response, endpoint)
    return response


def register_security_headers(app: Flask) -> None:
    hsts = app.config.get("HSTS", False)

    @app.after_request
    def security_headers(response: Response) -> Response:
        return add_headers(response, hsts)
