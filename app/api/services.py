"""Issue and check API tokens."""

from __future__ import annotations

import sqlalchemy as sa
from flask import request
from flask_login import current_user

from app.api.models import ApiToken
from app.auth.models import User
from app.core.tokens import new_token, token_hash
from app.extensions import db


def issue_token(user: User) -> str:
    """Create a token for *user* and return it; only its hash is stored."""
    token = new_token()
    db.session.add(ApiToken(user=user, token_hash=token_hash(token)))
    return token


def user_from_bearer() -> User | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return db.session.scalar(
        sa.select(User)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == token_hash(token.strip()), User.is_enabled.is_(True))
    )


def api_user() -> User | None:
    """The reader of an API request: a bearer token's user, or the signed-in user."""
    user = user_from_bearer()
    if user is not None:
        return user
    return current_user if current_user.is_authenticated else None
