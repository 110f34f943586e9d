"""Random tokens: signed for cookies, hashed for storage.

Guests are remembered by a random token in a signed cookie; the database keeps
only its keyed hash, so a leaked table gives nobody a way in. API tokens and
invitation links use the same pieces.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer


def new_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def token_hash(token: str) -> str:
    """Keyed SHA-256 of a token, safe to store and to look up by."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


@functools.lru_cache(maxsize=32)
def _serializer(secret: str, purpose: str) -> URLSafeSerializer:
    """One serializer per key and purpose: it derives its signing key once, not per cookie
    (every poll of a room's phones reads a signed cookie)."""
    return URLSafeSerializer(secret, salt=purpose)


def sign(value: str, purpose: str) -> str:
    return _serializer(current_app.config["SECRET_KEY"], purpose).dumps(value)


def unsign(signed: str | None, purpose: str) -> str | None:
    """The signed value, or None when it is missing, forged or for another purpose."""
    if not signed:
        return None
    try:
        value = _serializer(current_app.config["SECRET_KEY"], purpose).loads(signed)
    except BadSignature:
        return None
    return value if isinstance(value, str) else None


def sign_timed(value: str, purpose: str) -> str:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose).dumps(value)


def unsign_timed(signed: str, purpose: str, max_age: int) -> str | None:
    serializer = URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)
    try:
        value = serializer.loads(signed, max_age=max_age)
    except BadSignature:
        return None
    return value if isinstance(value, str) else None
