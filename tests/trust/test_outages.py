"""The database out of reach: 503 with Retry-After and a translated page (JSON under
/api/), one warning line in the log and no traceback. These use an app of their own
whose database is a closed port; tests/trust/test_faults.py stops and restarts a real
PostgreSQL."""

from __future__ import annotations

import logging

from app.extensions import db
from tests.conftest import post_form


def _warnings_and_errors(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.levelno >= logging.WARNING]


def test_a_page_answers_503_with_a_translated_page_and_one_warning_line(dead_app, caplog):
    caplog.set_level(logging.WARNING)
    response = dead_app.test_client().get("/join/ACDEFG", headers={"Accept-Language": "fi"})
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    page = response.get_data(as_text=True)
    assert '<html lang="fi">' in page and "tietokantaan" in page
    [record] = _warnings_and_errors(caplog)
    assert record.levelno == logging.WARNING and record.exc_info is None
    assert "GET /join/ACDEFG" in record.getMessage() and "\n" not in record.getMessage()


def test_the_api_answers_503_in_json(dead_app):
    response = dead_app.test_client().get("/api/v1/sessions/1/results")
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    assert set(response.get_json()) == {"error"}


def test_a_refused_form_keeps_the_typed_text(dead_app):
    client = dead_app.test_client()
    client.environ_base["HTTP_ORIGIN"] = "http://localhost"
    response = post_form(client, "/join/ACDEFG", {"display_name": "Maija Meikäläinen",
                                                  "affiliation": "resident"})
    assert response.status_code == 503
    assert "Maija Meikäläinen" in response.get_data(as_text=True)


def test_an_htmx_request_gets_the_alert_not_a_page(dead_app):
    response = dead_app.test_client().get("/join/ACDEFG", headers={"HX-Request": "true"})
    assert response.status_code == 503
    assert response.headers["HX-Retarget"] == "#htmx-alert"
    assert "<html" not in response.get_data(as_text=True)


def test_a_connection_the_database_drops_after_the_answer_is_made_is_no_500(app, client,
                                                                            monkeypatch):
    """The database shut down between the answer and the end of the request: closing the
    session's transaction fails ("terminating connection due to administrator command"),
    and the finished answer still goes out (seen under load on gunicorn)."""
    with app.app_context():
        dialect = db.engine.dialect

    def dropped(dbapi_connection):
        raise dialect.loaded_dbapi.OperationalError(
            "terminating connection due to administrator command")

    monkeypatch.setattr(dialect, "do_rollback", dropped)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["database"] == "ok"
