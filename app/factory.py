"""The application factory."""

from __future__ import annotations

import importlib
from pathlib import Path

from flask import Flask, g
from flask_babel import format_date, format_datetime, format_decimal
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from app.config import Config, config_from_environment
from app.core.forms import DATABASE_INT_MAX
from app.core.logs import configure_logging
from app.extensions import babel, csrf, db, htmx, limiter, login_manager, migrate

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")


def build_app(config: type[Config] | None = None) -> Flask:
    config = config or config_from_environment()
    config.prepare()

    app = Flask(__name__, instance_path=str(_instance_dir()))
    app.url_map.converters["int"] = DatabaseId
    app.config.from_object(config)
    configure_logging(app)
    if hops := app.config["TRUSTED_PROXIES"]:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    if config.NAME == "production" and app.config["RATELIMIT_STORAGE_URI"].startswith("memory"):
        app.logger.warning(
            "REDIS_URL is not set: each worker counts sign-in and join attempts on its "
            "own, so the limits are as many times looser as there are workers."
        )

    _init_extensions(app)
    _register_blueprints(app)
    _register_cli(app)
    _register_template_helpers(app)

    from app.core.errors import register_error_handlers
    from app.core.inputs import register_input_checks
    from app.core.security import register_security_headers
    from app.core.unchanged_polls import answer_unchanged_polls

    register_input_checks(app)
    register_error_handlers(app)
    register_security_headers(app)
    answer_unchanged_polls(app)
    return app


class DatabaseId(IntegerConverter):
    """``<int:...>`` in our URLs is an id: a number too big for an id column is a 404
    like any unknown id (not an overflow error on SQLite or PostgreSQL)."""

    def __init__(self, url_map, *args, **kwargs) -> None:
        kwargs.setdefault("max", DATABASE_INT_MAX)
        super().__init__(url_map, *args, **kwargs)


def _instance_dir():
    from app.config import INSTANCE_DIR

    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    return INSTANCE_DIR


def _init_extensions(app: Flask) -> None:
    from app.auth.services import load_user
    from app.core.database import configure_engine
    from app.core.i18n import select_locale
    from app.mail.services import init_mail

    db.init_app(app)
    configure_engine(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    htmx.init_app(app)
    limiter.init_app(app)
    init_mail(app)

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)

    from flask_babel import lazy_gettext as _l

    login_manager.login_message = _l("Sign in to see this page.")

    # Import every model so metadata (and Alembic) sees the whole schema.
    import app.models  # noqa: F401


# Feature packages with a blueprint; each one's routes module fills it in.
FEATURES = (
    "pages", "auth", "organisations", "sessions", "participation", "groupwork", "brainstorm",
    "live", "aggregation", "voting", "comments", "exports", "budgets", "api", "health",
    "branding", "design", "account", "privacy",
)


def _register_blueprints(app: Flask) -> None:
    for name in FEATURES:
        importlib.import_module(f"app.{name}.routes")
        app.register_blueprint(importlib.import_module(f"app.{name}").bp)


def _register_cli(app: Flask) -> None:
    from app.auth.cli import users_cli
    from app.backup.cli import backup_cli
    from app.budgets.cli import budgets_cli, pb_cli
    from app.privacy.cli import privacy_cli
    from seeds.cli import seed_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(pb_cli)
    app.cli.add_command(budgets_cli)
    app.cli.add_command(backup_cli)
    app.cli.add_command(privacy_cli)
    app.cli.add_command(seed_cli)


def _register_template_helpers(app: Flask) -> None:
    from flask_babel import get_locale

    from app.core.forms import ButtonForm, text_limit
    from app.core.i18n import LANGUAGE_NAMES
    from app.core.times import clock, date_and_clock
    from app.organisations.access import has_role
    from app.organisations.forms import ROLE_LABELS
    from app.organisations.models import Role
    from app.sessions.labels import kind_label, progress_label, session_stages, stage_label
    from app.sessions.qr import join_qr, join_url

    app.jinja_env.filters.update(
        datetime=format_datetime, date=format_date, number=format_decimal,
        clock=clock, date_and_clock=date_and_clock,
    )
    app.jinja_env.globals.update(
        kind_label=kind_label, stage_label=stage_label, progress_label=progress_label,
        join_qr=join_qr, join_url=join_url, text_limit=text_limit,
        session_stages=session_stages,
    )

    @app.context_processor
    def layout_context() -> dict:
        if "button_form" not in g:
            g.button_form = ButtonForm(formdata=None)
        return {
            "language_names": LANGUAGE_NAMES,
            "layout_form": g.button_form,
            "Role": Role,
            "has_role": has_role,
            "user": current_user,
            "current_locale": str(get_locale() or "fi"),
            "role_label": lambda role: str(ROLE_LABELS[role]),
        }
