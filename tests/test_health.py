"""GET /healthz for load balancers."""

from __future__ import annotations

from app import create_app
from app.config import TestConfig


def test_healthz_reports_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_unreachable():
    class Unreachable(TestConfig):
        SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"

    response = create_app(Unreachable).test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] != "ok"
