"""The read-only JSON API: OpenAPI document and token authentication."""

from __future__ import annotations

from app.extensions import db


def test_openapi_document_is_3_1(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    assert "bearer" in document["components"]["securitySchemes"]


def test_openapi_says_public_results_need_no_credentials(client):
    document = client.get("/api/v1/openapi.json").get_json()
    results = document["paths"]["/sessions/{session_id}/results"]["get"]
    assert {} in results["security"]  # anonymous readers, once the session shows results
    assert "security" not in document["paths"]["/me"]["get"]  # the global rule: a token
    assert {} not in document["security"]


def test_api_without_credentials_is_401_json(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert "error" in response.get_json()


def test_unknown_token_is_401(client):
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer not-a-token"})
    assert response.status_code == 401


def test_signed_in_session_reads_the_api(client, make_org, make_user, login):
    make_org("oulu")
    login(make_user(org="oulu", role="staff"))
    data = client.get("/api/v1/me").get_json()
    assert data["organisations"] == [{"slug": "oulu", "role": "staff"}]


def test_api_is_read_only(client, app, make_user):
    from app.api.services import issue_token
    from app.auth.services import find_user

    make_user("reader@example.fi")
    with app.app_context():
        token = issue_token(find_user("reader@example.fi"))
        db.session.commit()
    response = client.post("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 405
    assert "error" in response.get_json()


def test_api_errors_are_json(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.is_json

