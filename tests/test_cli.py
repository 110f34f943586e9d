"""Command-line contracts: users create/token and seed demo."""

from __future__ import annotations

import json

import sqlalchemy as sa

from app.extensions import db
from app.organisations.models import Membership


def test_users_create_with_org_and_role(app, runner, make_org, get_user):
    make_org("oulu")
    result = runner.invoke(args=["users", "create", "Kirsi@Example.fi", "--org", "oulu",
                                 "--role", "staff", "--password", "long enough password"])
    assert result.exit_code == 0, result.output
    user = get_user("kirsi@example.fi")
    assert user.check_password("long enough password")
    with app.app_context():
        assert db.session.scalar(sa.select(Membership.role)) == "staff"


def test_users_create_superuser_prints_a_generated_password(runner, get_user):
    result = runner.invoke(args=["users", "create", "root@example.fi", "--superuser"])
    assert result.exit_code == 0
    password = result.output.split("Password: ")[1].strip()
    user = get_user("root@example.fi")
    assert user.is_superuser and user.check_password(password)


def test_users_create_refuses_an_unknown_organisation(runner):
    result = runner.invoke(args=["users", "create", "x@example.fi", "--org", "nope"])
    assert result.exit_code == 2
    assert "nope" in result.output


def test_users_token_gives_read_access_to_the_api(client, runner, make_user):
    make_user("reader@example.fi")
    token = runner.invoke(args=["users", "token", "reader@example.fi"]).output.strip()
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.get_json()["email"] == "reader@example.fi"


def test_seed_demo_prints_the_contract_json_and_is_idempotent(client, runner, login):
    first = runner.invoke(args=["seed", "demo", "--json"])
    second = runner.invoke(args=["seed", "demo", "--json"])
    assert first.exit_code == second.exit_code == 0
    data = json.loads(first.output)
    assert json.loads(second.output) == data
    assert set(data) == {"email", "password", "organisation", "workshop_id", "brainstorm_id",
                         "budget_id", "county_id"}
    assert login(data["email"], data["password"]).status_code == 302


def test_seed_demo_without_json_prints_the_login(runner):
    result = runner.invoke(args=["seed", "demo"])
    assert "fasilitaattori@demo.yhdessa.fi" in result.output


def test_seed_demo_refuses_a_production_database(app, runner, monkeypatch):
    monkeypatch.setitem(app.config, "NAME", "production")
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 2
    assert "not seeding a production database" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Membership)) == 0
