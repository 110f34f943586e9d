"""Nothing a request carries can forge a log line: every log call escapes it."""

from __future__ import annotations

import logging

import pytest

from app.core.logs import for_log
from app.sessions import services

FORGED = "%0A2026-12-06 12:00:00 ERROR [app] admin signed in%0D%1B[2J%E2%80%A8"


@pytest.mark.parametrize(("value", "escaped"), [
    ("a\nb", "a\\nb"), ("a\r\nb", "a\\r\\nb"), ("\x1b[2J", "\\x1b[2J"), ("a\u2028b", "a\\u2028b"),
    ("\x85", "\\x85"), ("tavallinen rivi äöå", "tavallinen rivi äöå"),
])
def test_control_characters_are_escaped(value, escaped):
    assert for_log(value) == escaped


def test_a_very_long_value_is_cut(client):
    assert len(for_log("x" * 10_000)) < 1000


def test_an_error_on_a_path_with_line_breaks_is_logged_on_one_line(app, client, monkeypatch,
                                                                  caplog):
    def explode(code):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "find_open_session", explode)
    caplog.set_level(logging.WARNING)
    response = client.get(f"/join/AB{FORGED}")
    assert response.status_code == 500
    [record] = [r for r in caplog.records if r.name == "app.core.errors"]
    message = record.getMessage()
    assert "\n" not in message and "\r" not in message and "\x1b" not in message
    assert "\u2028" not in message
    assert "GET /join/AB\\n2026-12-06 12:00:00 ERROR [app] admin signed in\\r\\x1b[2J" in message


def test_a_database_outage_on_a_path_with_line_breaks_is_logged_on_one_line(dead_app, caplog):
    caplog.set_level(logging.WARNING)
    dead_app.test_client().get(f"/join/AB{FORGED}?q=x%0Ay")
    [record] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert "\n" not in record.getMessage() and "admin signed in\\r" in record.getMessage()
