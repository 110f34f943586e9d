"""Configuration read from the environment.

``YHDESSA_ENV`` picks the class (``development`` by default, ``production`` for
deployments). Contract variables: ``DATABASE_URL``, ``SECRET_KEY``, ``REDIS_URL``,
``TEST_DATABASE_URL``. Deployment settings: ``TRUSTED_PROXIES`` and the rate limits
(``JOIN_RATE_LIMIT``, ``BUDGET_CODE_RATE_LIMIT`` and the others below), all described in
README's Configuration.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"


def _default_database_url() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'yhdessa.db'}"


def _hops(default: int) -> int:
    """``TRUSTED_PROXIES``: how many reverse proxies in front of the app set X-Forwarded-*."""
    value = os.environ.get("TRUSTED_PROXIES", "").strip() or str(default)
    if not value.isdigit():
        raise RuntimeError(f"TRUSTED_PROXIES must be a whole number (0 or more), not {value!r}")
    return int(value)


def _limit(name: str, default: str) -> str:
    """A rate limit such as "600 per minute" (several joined with ";") from the environment."""
    return os.environ.get(name, "").strip() or default


def _development_secret_key() -> str:
    """A random key kept in instance/ so restarts and workers share it."""
    key_file = INSTANCE_DIR / "secret_key"
    if not key_file.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


class Config:
    """Settings shared by every environment."""

    NAME = "development"
    SECRET_KEY: str | None = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or _default_database_url()
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    REDIS_URL: str | None = os.environ.get("REDIS_URL") or None
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    # Counting PB votes runs in an RQ worker on this Redis; inline when it is not set.
    BUDGET_QUEUE = "yhdessa"
    # Where e-mail goes (app/mail): smtp://, smtp+starttls://, smtps://, or console (the log).
    MAIL_URL = os.environ.get("MAIL_URL") or "console"
    MAIL_FROM = os.environ.get("MAIL_FROM") or "Yhdessä <no-reply@localhost>"
    # Who answers questions about the service itself (its operator), in the privacy notice.
    PRIVACY_CONTACT = os.environ.get("PRIVACY_CONTACT") or None
    RATELIMIT_HEADERS_ENABLED = True
    # While Redis is away each process counts on its own, and says so once in the log;
    # short timeouts keep a request from waiting on a Redis that does not answer.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_STORAGE_OPTIONS: dict = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    LOGIN_RATE_LIMIT = _limit("LOGIN_RATE_LIMIT", "10 per minute")
    # Failed sign-ins to one account, from any address (a slow guess spread over many).
    ACCOUNT_LOGIN_RATE_LIMIT = "10 per 15 minutes"
    # Password-reset e-mails: per address sending the form, and per e-mail address asked for.
    RESET_RATE_LIMIT = "5 per minute"
    RESET_EMAIL_RATE_LIMIT = "3 per hour"
    # Joining (app/participation/limits.py): a whole room may join from one venue address.
    JOIN_RATE_LIMIT = _limit("JOIN_RATE_LIMIT", "600 per minute")
    JOIN_CODE_RATE_LIMIT = _limit("JOIN_CODE_RATE_LIMIT", "600 per minute")
    JOIN_UNKNOWN_CODE_LIMIT = _limit("JOIN_UNKNOWN_CODE_LIMIT", "10 per minute")
    JOIN_UNKNOWN_CODE_ADDRESS_LIMIT = _limit("JOIN_UNKNOWN_CODE_ADDRESS_LIMIT", "30 per minute")
    # Signing in with a PB voting code (app/budgets/voting_routes.py): per address.
    BUDGET_CODE_RATE_LIMIT = _limit("BUDGET_CODE_RATE_LIMIT", "30 per minute")
    BUDGET_UNKNOWN_CODE_LIMIT = _limit("BUDGET_UNKNOWN_CODE_LIMIT", "10 per minute")
    # Reverse proxies whose X-Forwarded-For/-Proto/-Host are believed (0: none, as when
    # `flask run` or gunicorn is reached directly).
    TRUSTED_PROXIES = _hops(0)
    # Comments and replies one person may post in a minute (app/comments), counted in the
    # database so that every worker agrees.
    COMMENTS_PER_MINUTE = int(os.environ.get("COMMENTS_PER_MINUTE") or 10)
    MAX_CONTENT_LENGTH = 1024 * 1024
    # A workshop page stays open for hours: the token lives as long as the session.
    WTF_CSRF_TIME_LIMIT = None
    BABEL_DEFAULT_LOCALE = "fi"
    BABEL_DEFAULT_TIMEZONE = "Europe/Helsinki"
    LANGUAGES = ("fi", "sv", "en")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = 12 * 3600
    HSTS = False
    SQLITE_BUSY_TIMEOUT_MS = 5000

    @classmethod
    def prepare(cls) -> None:
        """Fill in what depends on the machine; refuse unsafe settings."""
        if not cls.SECRET_KEY:
            cls.SECRET_KEY = _development_secret_key()


class DevelopmentConfig(Config):
    NAME = "development"


class ProductionConfig(Config):
    NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    HSTS = True
    LOGIN_RATE_LIMIT = _limit("LOGIN_RATE_LIMIT", "10 per minute;50 per hour")
    TRUSTED_PROXIES = _hops(1)  # the documented deployment: one proxy (nginx) in front

    @classmethod
    def prepare(cls) -> None:
        if not cls.SECRET_KEY or len(cls.SECRET_KEY) < 32:
            raise RuntimeError(
                "SECRET_KEY must be set (at least 32 characters) when YHDESSA_ENV=production"
            )


class TestConfig(Config):
    NAME = "test"
    TESTING = True
    SECRET_KEY = "test-secret-key-that-is-long-enough-for-tests"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL") or "sqlite://"
    REDIS_URL = None
    RATELIMIT_STORAGE_URI = "memory://"
    MAIL_URL = "memory"
    TRUSTED_PROXIES = 0
    LOGIN_RATE_LIMIT = "5 per minute"
    WTF_CSRF_ENABLED = True


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
}


def config_from_environment() -> type[Config]:
    name = os.environ.get("YHDESSA_ENV", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"Unknown YHDESSA_ENV {name!r}; use one of {sorted(CONFIGS)}") from None
