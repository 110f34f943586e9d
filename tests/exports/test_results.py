"""The results document: API contract 5, its visibility, and the JSON export."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.sessions.models import Session, Stage


def _set_stage(app, session_id: int, stage: str) -> None:
    with app.app_context():
        db.session.get(Session, session_id).stage = Stage(stage)
        db.session.commit()


def _conforms(value, schema) -> bool:
    """A small check of a value against the OpenAPI schema subset we use."""
    kind = schema.get("type")
    if "enum" in schema:
        return value in schema["enum"]
    if isinstance(kind, list):
        return any(_conforms(value, {**schema, "type": k}) for k in kind)
    if kind == "object":
        return (isinstance(value, dict) and set(value) == set(schema["required"])
                and all(_conforms(value[k], s) for k, s in schema["properties"].items()))
    if kind == "array":
        return isinstance(value, list) and all(_conforms(v, schema["items"]) for v in value)
    checks = {"string": str, "integer": int, "boolean": bool, "null": type(None)}
    return isinstance(value, checks[kind]) and not (kind == "integer" and isinstance(value, bool))


@pytest.fixture
def demo(runner):
    return json.loads(runner.invoke(args=["seed", "demo", "--json"]).output)


def _bearer(runner, email: str) -> dict[str, str]:
    token = runner.invoke(args=["users", "token", email]).output.strip()
    return {"Authorization": f"Bearer {token}"}


def test_results_are_private_while_the_session_runs(client, make_session):
    session_id = make_session(stage="open")
    response = client.get(f"/api/v1/sessions/{session_id}/results")
    assert response.status_code == 404
    assert set(response.get_json()) == {"error"}


def test_results_become_public_in_the_results_stage(app, client, make_session):
    session_id = make_session(stage="open")
    _set_stage(app, session_id, "results")
    data = client.get(f"/api/v1/sessions/{session_id}/results").get_json()
    assert data["session"] == {"id": session_id, "title": "Strategiatyöpaja",
                               "kind": "workshop", "stage": "results"}
    theme = data["themes"][0]
    assert theme["items"][0] == {"text": "Palvelulupaus: tausta 1", "source": "PoPSTer-lausunto"}
    assert [g["name"] for g in theme["groups"]] == ["Ryhmä 1", "Ryhmä 2", "Ryhmä 3"]
    assert theme["groups"][0]["priorities"] == [] and not theme["groups"][0]["submitted"]


def test_a_list_still_in_draft_is_shown_to_facilitators_only(app, client, runner, make_user,
                                                            make_session, join_as):
    from app.groupwork.services import save_slot
    from app.sessions.models import Participant, Theme

    session_id = make_session(stage="open")
    _, participant_id = join_as(session_id, "Maija", group="Ryhmä 1")
    with app.app_context():
        session = db.session.get(Session, session_id)
        theme = db.session.scalar(sa.select(Theme).where(Theme.session_id == session_id))
        save_slot(session, db.session.get(Participant, participant_id), theme, 1,
                  "Luonnos", "Vielä kesken", 0)
        db.session.commit()
    _set_stage(app, session_id, "results")
    url = f"/api/v1/sessions/{session_id}/results"
    public = client.get(url).get_json()["themes"][0]["groups"][0]
    assert public["submitted"] is False and public["priorities"] == []
    make_user("fasi@example.fi", org="kunta")
    facilitator = client.get(url, headers=_bearer(runner, "fasi@example.fi")).get_json()
    assert facilitator["themes"][0]["groups"][0]["priorities"] == [
        {"rank": 1, "title": "Luonnos", "reasoning": "Vielä kesken"}]


def test_a_facilitator_reads_the_demo_workshop_with_a_token(client, runner, demo):
    response = client.get(f"/api/v1/sessions/{demo['workshop_id']}/results",
                          headers=_bearer(runner, demo["email"]))
    data = response.get_json()
    first = data["themes"][0]
    assert first["title"] == "Palvelulupaus"
    submitted = [g for g in first["groups"] if g["submitted"]]
    assert len(first["groups"]) == 4 and len(submitted) == 3
    assert [g["source"] for g in submitted].count("paper") == 1
    assert all(len(g["priorities"]) == 3 and all(p["reasoning"] for p in g["priorities"])
               for g in submitted)
    # Borda: nine priorities, nothing merged yet: three first places with 3 points each.
    scores = [a["score"] for a in first["aggregate"]]
    assert scores == [3, 3, 3, 2, 2, 2, 1, 1, 1]


def test_the_demo_brainstorm_lists_its_ideas_with_clusters(client, runner, demo):
    data = client.get(f"/api/v1/sessions/{demo['brainstorm_id']}/results",
                      headers=_bearer(runner, demo["email"])).get_json()
    ideas = [idea for theme in data["themes"] for idea in theme["ideas"]]
    assert len(ideas) >= 30
    assert {"Lapset ja perheet", "Ikäihmiset", None} <= {idea["cluster"] for idea in ideas}


def test_another_organisations_facilitator_gets_404(client, runner, make_org, make_user, demo):
    make_org("muu")
    make_user("muu@example.fi", org="muu", role="facilitator")
    response = client.get(f"/api/v1/sessions/{demo['workshop_id']}/results",
                          headers=_bearer(runner, "muu@example.fi"))
    assert response.status_code == 404


def test_the_document_matches_the_openapi_schema(client, runner, demo):
    spec = client.get("/api/v1/openapi.json").get_json()
    schema = spec["paths"]["/sessions/{session_id}/results"]["get"]["responses"]["200"]
    schema = schema["content"]["application/json"]["schema"]
    for session_id in (demo["workshop_id"], demo["brainstorm_id"]):
        data = client.get(f"/api/v1/sessions/{session_id}/results",
                          headers=_bearer(runner, demo["email"])).get_json()
        assert _conforms(data, schema)
    assert not _conforms({"session": {}, "themes": []}, schema)


def test_json_export_is_the_api_document(client, runner, login, demo):
    api = client.get(f"/api/v1/sessions/{demo['workshop_id']}/results",
                     headers=_bearer(runner, demo["email"])).get_json()
    login(demo["email"], demo["password"])
    response = client.get(f"/sessions/{demo['workshop_id']}/export.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert json.loads(response.get_data(as_text=True)) == api


def test_json_export_is_hidden_from_other_organisations(client, make_org, make_user, login,
                                                        demo):
    make_org("muu")
    login(make_user("muu@example.fi", org="muu", role="facilitator"))
    assert client.get(f"/sessions/{demo['workshop_id']}/export.json").status_code == 404


def test_results_take_the_same_number_of_queries_for_small_and_large_sessions(
        app, client, make_session, count_queries):
    small = make_session(groups=2, themes=("A",))
    large = make_session(groups=8, themes=("A", "B", "C"))
    for session_id in (small, large):
        _set_stage(app, session_id, "results")
    counts = []
    for session_id in (small, large):
        with count_queries() as statements:
            assert client.get(f"/api/v1/sessions/{session_id}/results").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
