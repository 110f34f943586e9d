"""Fuzzing the API from its own OpenAPI document (schemathesis).

Every operation of ``/api/v1/openapi.json`` gets generated requests (valid and invalid
ids, with and without the demo's data behind them, as the facilitator and anonymously):
no 5xx, and every answer matches the document (status code declared, body valid
against the schema, content type as declared). A bounded number of examples per
operation, derandomised, so the run is the same every time.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.security.world import World

KEEPS_WORLD = True
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


def operations(world: World) -> list:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", world.app)
    return [result.ok() for result in schema.get_all_operations()]


def test_the_document_is_valid_openapi(world: World):
    assert {operation.path for operation in operations(world)} == {
        "/me", "/sessions/{session_id}/results", "/budgets/{budget_id}/results",
        "/budgets/{budget_id}/areas/{area_id}/ballots.pb"}


def _fuzz(operation, examples: int, send) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case) -> None:
        send(case)

    run()


def test_the_api_answers_as_documented(world: World):
    """Generated requests, anonymous or as the generated credentials claim."""
    for operation in operations(world):
        _fuzz(operation, 30, lambda case: case.call_and_validate(checks=CHECKS))


def test_the_api_answers_the_world_as_documented(world: World):
    """The same with the ids of the world's workshop and budget, as its facilitator and
    anonymously, so that full documents (not only 404s) are checked against the schema."""

    def send(case) -> None:
        for name, key in (("session_id", "workshop"), ("budget_id", "process"),
                          ("area_id", "area")):
            if case.path_parameters and name in case.path_parameters:
                case.path_parameters[name] = world.ids[key]
        for role in ("facilitator", "anonymous"):
            case.headers = {name: value for name, value in (case.headers or {}).items()
                            if name.lower() != "authorization"}
            case.cookies = dict(pair.split("=", 1)
                                for pair in world.cookies[role].split("; ") if pair)
            response = case.call_and_validate(checks=CHECKS)
            if role == "facilitator":
                assert response.status_code == 200, (case.path, response.status_code)

    for operation in operations(world):
        _fuzz(operation, 10, send)
