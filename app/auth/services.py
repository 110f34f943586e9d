"""Account services: find, authenticate, create, change passwords."""

from __future__ import annotations

import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from app.audit.services import record
from app.auth.models import User
from app.core.errors import DomainError
from app.core.tokens import sign_timed, unsign_timed
from app.extensions import db

INVITE_PURPOSE = "invite"
INVITE_MAX_AGE = 14 * 24 * 3600

# Checked when the e-mail is unknown, so both failures take the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class WrongPassword(DomainError):
    status = 422


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def load_user(cookie_id: str) -> User | None:
    """Flask-Login's loader: the cookie holds ``<id>.<session token>``."""
    user_id, _, token = cookie_id.partition(".")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.matches_session_token(token):
        return None
    return user


def authenticate(email: str, password: str) -> User | None:
    """The enabled user with this e-mail and password, else None (no hint which was wrong)."""
    user = find_user(email)
    if user is None or not user.password_hash:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not user.check_password(password) or not user.is_enabled:
        return None
    return user


def create_user(
    email: str,
    display_name: str,
    password: str | None = None,
    superuser: bool = False,
    locale: str | None = None,
) -> User:
    user = User(
        email=normalise_email(email),
        display_name=display_name.strip() or normalise_email(email).split("@")[0],
        is_superuser=superuser,
        locale=locale,
    )
    if password:
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def change_password(user: User, current: str, new: str) -> None:
    if not user.check_password(current):
        raise WrongPassword()
    user.set_password(new)
    record(user, "user.password_changed", user)


def invitation_token(user: User) -> str:
    """A link token that lets *user* choose a password once (it dies when they do)."""
    return sign_timed(f"{user.id}.{user.session_token}", INVITE_PURPOSE)


def user_from_invitation(token: str) -> User | None:
    value = unsign_timed(token, INVITE_PURPOSE, INVITE_MAX_AGE)
    return load_user(value) if value else None


def accept_invitation(user: User, display_name: str, password: str) -> None:
    user.display_name = display_name.strip()
    user.set_password(password)
    record(user, "user.invitation_accepted", user)


def set_locale(user: User, locale: str) -> None:
    user.locale = locale
