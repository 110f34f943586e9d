"""Configuration read from the environment.

``YHDESSA_ENV`` picks the class (``development`` by default, ``production`` for
deployments). Contract variables: ``DATABASE_URL``, ``SECRET_KEY``, ``REDIS_URL``,
``TEST_DATABASE_URL``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"


def _default_database_url() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'yhdessa.db'}"


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
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT") or "10 per minute"
    # Joining with a code (defaults in app/participation/routes.py); a venue sets them for
    # its size, e.g. "1200 per minute" per code for 2,000 people joining within 2 minutes.
    JOIN_RATE_LIMIT = os.environ.get("JOIN_RATE_LIMIT")
    JOIN_CODE_RATE_LIMIT = os.environ.get("JOIN_CODE_RATE_LIMIT")
    JOIN_UNKNOWN_CODE_LIMIT = os.environ.get("JOIN_UNKNOWN_CODE_LIMIT")
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
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT") or "10 per minute;50 per hour"

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
    RATELIMIT_STORAGE_URI = "memory://"
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
