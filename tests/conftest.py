"""Shared fixtures: one migrated database per test run, emptied after every test.

Set TEST_DATABASE_URL to run everything on PostgreSQL; the default is a
temporary SQLite file (a file, not memory, so the browser tests' server
thread sees the same data).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from hypothesis import settings as hypothesis_settings

from app import create_app
from app.auth.models import User
from app.auth.services import create_user
from app.config import TestConfig
from app.core import shared_renders
from app.extensions import db, limiter
from app.organisations.models import Level, Organisation, Role
from app.organisations.services import add_membership, create_organisation

PASSWORD = "correct horse battery staple"

# Property tests assert what is counted, never how fast: no per-example deadline (on two
# busy cores a tiny example once took longer than hypothesis's default 200 ms).
hypothesis_settings.register_profile("no_deadline", deadline=None)
hypothesis_settings.load_profile("no_deadline")


def _database_url(tmp_dir: Path) -> str:
    """SQLite in the run's temporary folder, or TEST_DATABASE_URL; with pytest-xdist each
    worker gets a PostgreSQL database of its own beside it (test_gw0, test_gw1, created here)."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_dir / 'test.db'}"
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is None or not url.startswith("postgresql"):
        return url
    base = sa.make_url(url)
    own = base.set(database=f"{base.database}_{worker}")
    engine = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                   {"name": own.database})
        if not exists:
            connection.execute(sa.text(f'CREATE DATABASE "{own.database}"'))
    engine.dispose()
    return own.render_as_string(hide_password=False)


def _fresh_schema(url: str) -> None:
    """Start from an empty database: drop whatever an earlier run left."""
    if url.startswith("sqlite"):
        return
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


class BrowserClient(FlaskClient):
    """A test client that sends what a browser on our pages sends.

    It asks for English, the language of the msgids: tests read the English texts,
    and the tests of language choice send their own Accept-Language header (an
    empty one gets the default, Finnish). Like every current browser it names the
    page's origin on its requests; cross-site tests send another Origin.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.environ_base["HTTP_ORIGIN"] = "http://localhost"


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    url = _database_url(tmp_path_factory.mktemp("db"))
    _fresh_schema(url)

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    application = create_app(Config)
    application.test_client_class = BrowserClient
    with application.app_context():
        upgrade()
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_state(request: pytest.FixtureRequest) -> Iterator[None]:
    """Empty every table and the rate limits after each test that used the app."""
    yield
    if "app" not in request.fixturenames:
        return
    application: Flask = request.getfixturevalue("app")
    with application.app_context():
        db.session.remove()
        # A browser test's last request may still be running in the live server and hold
        # a table: PostgreSQL then ends our TRUNCATE as a deadlock. Wait for it and retry.
        for attempt in range(5):
            try:
                _empty_tables()
                break
            except sa.exc.OperationalError:
                if attempt == 4:
                    raise
                time.sleep(0.5)
        limiter.reset()
        shared_renders.forget_all()
        application.extensions.pop("mail_outbox", None)


def _empty_tables() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())


@pytest.fixture
def app_ctx(app: Flask) -> Iterator[Flask]:
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def outbox(app: Flask) -> list:
    """The e-mail the app has sent during this test (MAIL_URL=memory)."""
    return app.extensions.setdefault("mail_outbox", [])


LINK_RE = re.compile(r"https?://[^\s]+")
FLASHES_RE = re.compile(r'<div class="flashes"[^>]*>(.*?)</div>\s*(?=<div id="htmx-alert")', re.S)


def flash_text(page: str) -> str:
    """The flash messages of a page as a person reads them (tags and spacing dropped)."""
    match = FLASHES_RE.search(page)
    assert match, "no flash messages on the page"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def link_in(mail) -> str:
    """The path of the one link in an e-mail, as a test client requests it."""
    links = LINK_RE.findall(mail.body)
    assert len(links) == 1, mail.body
    return links[0].removeprefix("http://localhost")


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


# --- factories ---------------------------------------------------------------


@pytest.fixture
def make_org(app: Flask):
    def make(slug: str = "kunta", name: str = "Esimerkin kunta", level: str = "municipality"):
        with app.app_context():
            org = create_organisation(name, slug, Level(level))
            db.session.commit()
            return org.slug

    return make


@pytest.fixture
def make_user(app: Flask):
    """Create a user (optionally a member of *org* with *role*); returns the e-mail."""

    def make(email: str = "fasi@example.fi", org: str | None = None,
             role: Role | str = Role.FACILITATOR, superuser: bool = False,
             name: str = "Fasi Litaattori", locale: str | None = None) -> str:
        with app.app_context():
            user = create_user(email, name, PASSWORD, superuser=superuser, locale=locale)
            if org:
                organisation = db.session.scalar(
                    sa.select(Organisation).where(Organisation.slug == org)
                )
                add_membership(None, organisation, user, Role(role))
            db.session.commit()
            return user.email

    return make


@pytest.fixture
def get_user(app: Flask):
    def get(email: str) -> User | None:
        with app.app_context():
            user = db.session.scalar(sa.select(User).where(User.email == email))
            if user is not None:
                db.session.expunge(user)
            return user

    return get


# --- requests ----------------------------------------------------------------

CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    """The CSRF token a real browser would find in the page at *path*."""
    page = client.get(path)
    match = CSRF_RE.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def post_form(client: FlaskClient, path: str, data: dict, page: str | None = None, **kwargs):
    token = csrf_token(client, page or path)
    return client.post(path, data={"csrf_token": token, **data}, **kwargs)


@pytest.fixture
def login(client: FlaskClient):
    def do_login(email: str, password: str = PASSWORD, **kwargs):
        return post_form(client, "/login", {"email": email, "password": password}, **kwargs)

    return do_login


@pytest.fixture
def make_session(app: Flask):
    """Create a session with themes (two background items each) and groups; returns its id."""
    from app.sessions.models import BackgroundItem, Group, SessionKind, Stage, Theme
    from app.sessions.services import create_session

    def make(org: str = "kunta", title: str = "Strategiatyöpaja", kind: str = "workshop",
             themes: tuple[str, ...] = ("Palvelulupaus",), groups: int = 3,
             stage: str = "open", picks: int = 3) -> int:
        with app.app_context():
            organisation = db.session.scalar(
                sa.select(Organisation).where(Organisation.slug == org)
            )
            if organisation is None:
                organisation = create_organisation("Esimerkin kunta", org, Level.MUNICIPALITY)
            session = create_session(organisation, None, title, SessionKind(kind))
            for position, theme_title in enumerate(themes):
                theme = Theme(session_id=session.id, title=theme_title, position=position,
                              picks=picks, is_current=position == 0,
                              prompt="Valitkaa kolme tärkeintä asiaa perusteluineen.")
                db.session.add(theme)
                db.session.flush()
                db.session.add_all([
                    BackgroundItem(theme_id=theme.id, text=f"{theme_title}: tausta {i}",
                                   source="PoPSTer-lausunto", position=i)
                    for i in (1, 2)
                ])
            if kind != "brainstorm":
                db.session.add_all([Group(session_id=session.id, name=f"Ryhmä {i}", position=i)
                                    for i in range(1, groups + 1)])
            session.stage = Stage(stage)
            db.session.commit()
            return session.id

    return make


@pytest.fixture
def join_as(app: Flask):
    """A new test client that has joined *session_id* as a guest; returns (client, participant id).

    Uses the service directly (not the join page) so that tests of other pages do
    not depend on the join form.
    """
    from app.core.tokens import sign
    from app.sessions.access import GUEST_PURPOSE, guest_cookie_name
    from app.sessions.models import Affiliation, Group, Session
    from app.sessions.services import join_session

    def join(session_id: int, name: str = "Maija", group: str | None = "Ryhmä 1",
             affiliation: str = "resident") -> tuple[FlaskClient, int]:
        guest = app.test_client()
        with app.app_context():
            session = db.session.get(Session, session_id)
            chosen = db.session.scalar(sa.select(Group).where(
                Group.session_id == session_id, Group.name == group)) if group else None
            participant, token = join_session(session, name, Affiliation(affiliation), chosen)
            db.session.commit()
            guest.set_cookie(guest_cookie_name(session_id), sign(token, GUEST_PURPOSE))
            return guest, participant.id

    return join


# Transaction control and connection set-up are not queries a page makes.
_NOT_COUNTED = ("BEGIN", "SAVEPOINT", "RELEASE", "PRAGMA")


@pytest.fixture
def count_queries(app: Flask):
    """Count the SQL statements run inside a ``with count_queries() as counter:`` block, the
    ones the layer before Flask reads on its own connections included (on PostgreSQL:
    app/core/direct_reads.py)."""
    from contextlib import contextmanager

    from sqlalchemy import event

    from app.core.direct_reads import DirectReads

    @contextmanager
    def counting():
        statements: list[str] = []

        def before(conn, cursor, statement, *args):
            if not statement.lstrip().upper().startswith(_NOT_COUNTED):
                statements.append(statement)

        layer = app.wsgi_app
        direct = getattr(layer, "read", None)

        def read_directly(query, params):
            statements.append(str(query))
            return direct(query, params)

        if isinstance(direct, DirectReads):
            layer.read = read_directly
        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", before)
            if isinstance(direct, DirectReads):
                layer.read = direct

    return counting
