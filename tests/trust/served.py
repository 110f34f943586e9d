"""The app under gunicorn on a PostgreSQL of a test's own, and a plain HTTP client for it.

A workshop is prepared in the database first: GROUPS groups of one member each, every
list filled in (three places) but not submitted, so that the test's load is the room
pressing *Submit*: a write of several rows (the submission's state, each priority's
place in the combined list, the combined list's items) that must land whole or not at all.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from app.core.tokens import sign
from app.extensions import db
from app.groupwork import services as groupwork
from app.organisations.models import Level
from app.organisations.services import create_organisation
from app.sessions.access import GUEST_PURPOSE, guest_cookie_name
from app.sessions.models import Affiliation, Group, SessionKind, Stage, Theme
from app.sessions.services import create_session, join_session
from tests.trust.services import free_port

GROUPS = 24
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Workshop:
    session_id: int
    theme_id: int
    cookies: list[tuple[str, str]] = field(default_factory=list)  # one guest per group

    @property
    def page(self) -> str:
        return f"/p/{self.session_id}/themes/{self.theme_id}"


def prepare_workshop(app: Flask) -> Workshop:
    with app.app_context():
        organisation = create_organisation("Kunta", "kunta", Level.MUNICIPALITY)
        session = create_session(organisation, None, "Työpaja", SessionKind.WORKSHOP)
        theme = Theme(session_id=session.id, title="Palvelut", position=0, picks=3,
                      is_current=True)
        db.session.add(theme)
        groups = [Group(session_id=session.id, name=f"Ryhmä {n}", position=n)
                  for n in range(1, GROUPS + 1)]
        db.session.add_all(groups)
        session.stage = Stage.OPEN
        db.session.flush()
        workshop = Workshop(session.id, theme.id)
        for group in groups:
            participant, token = join_session(session, f"Jäsen {group.position}",
                                              Affiliation.RESIDENT, group)
            for rank in (1, 2, 3):
                groupwork.save_slot(session, participant, theme, rank, f"Asia {rank}",
                                    "Perustelu", 0)
            workshop.cookies.append((guest_cookie_name(session.id),
                                     sign(token, GUEST_PURPOSE)))
        db.session.commit()
    return workshop


class Gunicorn:
    """``gunicorn wsgi:app`` with sync workers, on *database_url*, stopped by stop()."""

    def __init__(self, database_url: str, secret_key: str, workers: int = 2) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": secret_key,
               "YHDESSA_ENV": "development", "TRUSTED_PROXIES": "0",
               "JOIN_RATE_LIMIT": "10000 per minute"}
        env.pop("REDIS_URL", None)
        self.log_path = Path(tempfile.mkdtemp(prefix="yhdessa-gunicorn-")) / "log"
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind",
             f"127.0.0.1:{self.port}", "--graceful-timeout", "2", "wsgi:app"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=self._log)
        for _ in range(300):
            if self.process.poll() is not None:
                raise RuntimeError(self.log())
            try:
                if Client(self.url).get("/healthz")[0] == 200 and len(self.workers()) == workers:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def workers(self) -> list[int]:
        """The worker processes' ids (the master's children)."""
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except FileNotFoundError:
            return []
        return sorted(int(child) for child in children)

    def kill_workers(self) -> list[int]:
        killed = self.workers()
        for worker in killed:
            os.kill(worker, signal.SIGKILL)
        return killed

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()
        shutil.rmtree(self.log_path.parent, ignore_errors=True)

    def log(self) -> str:
        """What gunicorn and the app wrote (their log goes to stderr)."""
        return self.log_path.read_text(errors="replace")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """One browser: its cookies, no redirects followed; answers (status, headers, body)."""

    def __init__(self, base: str, cookies: list[tuple[str, str]] = ()) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                  _NoRedirects())
        for name, value in cookies:
            self.jar.set_cookie(http.cookiejar.Cookie(
                0, name, value, None, False, "127.0.0.1", False, False, "/", True, False,
                None, True, None, None, {}))

    def _open(self, request: urllib.request.Request) -> tuple[int, dict, str]:
        request.add_header("Origin", self.base)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            body = error.read().decode(errors="replace")
            return error.code, dict(error.headers), body

    def get(self, path: str) -> tuple[int, dict, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, data: dict) -> tuple[int, dict, str]:
        body = urllib.parse.urlencode(data).encode()
        return self._open(urllib.request.Request(self.base + path, data=body, method="POST"))

    def csrf(self, path: str) -> str:
        status, _, body = self.get(path)
        match = CSRF_RE.search(body)
        assert status == 200 and match, (path, status)
        return match.group(1)


def submissions(app: Flask, theme_id: int) -> dict[int, tuple[str, list[int | None]]]:
    """Group id → (submission state, each priority's combined-list item), from the database."""
    from app.groupwork.models import Priority, Submission

    with app.app_context():
        rows = db.session.execute(
            sa.select(Submission.group_id, Submission.state, Priority.aggregate_id)
            .join(Priority, Priority.submission_id == Submission.id)
            .where(Submission.theme_id == theme_id).order_by(Priority.rank)).all()
        db.session.remove()
    found: dict[int, tuple[str, list]] = {}
    for group_id, state, aggregate_id in rows:
        found.setdefault(group_id, (state.value, []))[1].append(aggregate_id)
    return found
