"""Account services: find, authenticate, create, change passwords."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, session, url_for
from flask_login import login_user
from werkzeug.security import check_password_hash, generate_password_hash

from app.audit.services import record
from app.auth.models import PasswordReset, SignIn, User
from app.core.database import commit, utcnow
from app.core.errors import DomainError
from app.core.tokens import new_token, token_hash
from app.extensions import db
from app.mail.services import render_mail, send_after_commit

RESET_MAX_AGE = 3600  # a reset link works for an hour
SIGN_IN_KEY = "sign_in"  # in the Flask session: this browser's sign-in token

# Checked when the e-mail is unknown, so both failures take the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class WrongPassword(DomainError):
    status = 422


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def _split_id(user_key: str) -> tuple[int, str] | None:
    """``<id>.<session token>`` (Flask-Login's user id) as its parts."""
    user_id, _, token = user_key.partition(".")
    return (int(user_id), token) if user_id.isdigit() and token else None


def load_user(user_key: str) -> User | None:
    """Flask-Login's loader: the user whose id and session token the cookie holds,
    if this browser's sign-in still exists (one query)."""
    parts, sign_in = _split_id(user_key), session.get(SIGN_IN_KEY)
    if parts is None or not isinstance(sign_in, str):
        return None
    user = db.session.scalar(
        sa.select(User).join(SignIn, SignIn.user_id == User.id)
        .where(User.id == parts[0], SignIn.token_hash == token_hash(sign_in)))
    return user if user is not None and user.matches_session_token(parts[1]) else None


def start_sign_in(user: User) -> str:
    """Record a new signed-in browser for *user*; its token goes into the session.
    Sign-ins older than the session lifetime are cleared on the way."""
    lifetime = timedelta(seconds=current_app.config["PERMANENT_SESSION_LIFETIME"])
    db.session.execute(sa.delete(SignIn).where(SignIn.user_id == user.id,
                                               SignIn.created_at < utcnow() - lifetime))
    token = new_token()
    db.session.add(SignIn(user_id=user.id, token_hash=token_hash(token)))
    db.session.flush()
    return token


def sign_in_browser(user: User) -> None:
    """Sign *user* in on a fresh session, so a planted session id is worthless; the sign-in
    is committed at once (it must exist before the next request reads the cookie)."""
    session.clear()
    session[SIGN_IN_KEY] = start_sign_in(user)
    commit()
    login_user(user)
    session.permanent = True


def end_sign_in(token: str | None) -> None:
    if isinstance(token, str):
        db.session.execute(sa.delete(SignIn).where(SignIn.token_hash == token_hash(token)))


def end_every_sign_in(user: User) -> None:
    db.session.execute(sa.delete(SignIn).where(SignIn.user_id == user.id))


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
    """Set a new password and sign the user out everywhere (the caller signs this
    browser in again)."""
    if not user.check_password(current):
        raise WrongPassword()
    user.set_password(new)
    end_every_sign_in(user)
    record(user, "user.password_changed", user)


def request_password_reset(email: str) -> None:
    """E-mail a reset link to the account with *email*, if there is one that is enabled.
    The caller answers the same either way, so the page tells nobody who has an account."""
    user = find_user(email)
    if user is None or not user.is_enabled:
        return
    token = new_token()
    db.session.add(PasswordReset(user_id=user.id, token_hash=token_hash(token),
                                 expires_at=utcnow() + timedelta(seconds=RESET_MAX_AGE)))
    send_after_commit(render_mail(
        user.email, "auth/mail/password_reset.txt", user.locale, user=user,
        link=url_for("auth.reset_password", token=token, _external=True),
        minutes=RESET_MAX_AGE // 60,
    ))
    record(None, "user.password_reset_requested", user)


def user_from_reset(token: str, lock: bool = False) -> User | None:
    """The enabled user an unexpired, unused reset link is for.

    With *lock* (the link is being used) its row stays locked until the commit, which
    deletes it: a parallel use of the same link then finds it used (PostgreSQL; SQLite
    serialises writers anyway)."""
    query = (sa.select(User).join(PasswordReset, PasswordReset.user_id == User.id)
             .where(PasswordReset.token_hash == token_hash(token),
                    PasswordReset.expires_at > utcnow()))
    user = db.session.scalar(query.with_for_update(of=PasswordReset) if lock else query)
    return user if user is not None and user.is_enabled else None


def reset_password(user: User, new: str) -> None:
    """Set the password from a reset link: every reset link and every sign-in of the account
    ends (the caller signs this browser in)."""
    user.set_password(new)
    db.session.execute(sa.delete(PasswordReset).where(PasswordReset.user_id == user.id))
    end_every_sign_in(user)
    record(user, "user.password_reset", user)


def set_locale(user: User, locale: str) -> None:
    user.locale = locale
