"""Personal API tokens: issue, list, revoke, and find the reader of an API request.

A token is shown once, when it is made; the database keeps only its keyed hash. Tokens
only read (the API answers nothing but GET). The API notes when a token was last used,
at most once an hour, so that reading the API does not mean a write per request.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import timedelta

import sqlalchemy as sa
from flask import request
from flask_login import current_user

from app.api.models import TOKEN_NAME_MAX, ApiToken
from app.audit.services import record
from app.auth.models import User
from app.core.database import DatabaseBusy, commit, utcnow
from app.core.tokens import new_token, token_hash
from app.extensions import db

# How stale the stored "last used" may get before a request writes it again.
LAST_USED_PRECISION = timedelta(hours=1)


def issue_token(user: User, name: str = "") -> str:
    """Create a token for *user* and return it; only its hash is stored."""
    token = new_token()
    row = ApiToken(user=user, name=name.strip()[:TOKEN_NAME_MAX], token_hash=token_hash(token))
    db.session.add(row)
    record(user, "api_token.created", row, after={"name": row.name})
    return token


def tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens, newest first."""
    return list(db.session.scalars(sa.select(ApiToken).where(ApiToken.user_id == user.id)
                                   .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def revoke_token(user: User, token_id: int) -> ApiToken | None:
    """Delete one of *user*'s own tokens; None when they have no such token."""
    row = db.session.scalar(sa.select(ApiToken).where(ApiToken.id == token_id,
                                                      ApiToken.user_id == user.id))
    if row is None:
        return None
    record(user, "api_token.revoked", row, before={"name": row.name})
    db.session.delete(row)
    return row


def _note_use(row: ApiToken) -> None:
    """Write when the token was used, unless the stored time is recent enough. A busy
    database skips it: the answer matters more than the note."""
    now = utcnow()
    if row.last_used_at is not None and row.last_used_at > now - LAST_USED_PRECISION:
        return
    db.session.execute(sa.update(ApiToken).where(ApiToken.id == row.id)
                       .values(last_used_at=now))
    with suppress(DatabaseBusy):
        commit()


def user_from_bearer() -> User | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    found = db.session.execute(
        sa.select(ApiToken, User)
        .join(User, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == token_hash(token.strip()), User.is_enabled.is_(True))
    ).first()
    if found is None:
        return None
    row, user = found
    _note_use(row)
    return user


def api_user() -> User | None:
    """The reader of an API request: a bearer token's user, or the signed-in user."""
    user = user_from_bearer()
    if user is not None:
        return user
    return current_user if current_user.is_authenticated else None
