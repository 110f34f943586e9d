"""The OpenAPI 3.1 document of /api/v1; each feature adds its paths here."""

from __future__ import annotations

from typing import Any

STRING, INTEGER, BOOLEAN = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
ERROR_REF = {"$ref": "#/components/schemas/Error"}


def obj(properties: dict[str, Any]) -> dict[str, Any]:
    """An object schema whose every property is required."""
    return {"type": "object", "properties": properties, "required": list(properties)}


def array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


def json_response(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ME_SCHEMA = obj({
    "email": STRING,
    "display_name": STRING,
    "organisations": array(obj({"slug": STRING, "role": STRING})),
})

NULLABLE_STRING = {"type": ["string", "null"]}

SESSION_RESULTS_SCHEMA = obj({
    "session": obj({"id": INTEGER, "title": STRING, "kind": STRING, "stage": STRING}),
    "themes": array(obj({
        "id": INTEGER,
        "title": STRING,
        "picks": INTEGER,
        "items": array(obj({"text": STRING, "source": STRING})),
        "ideas": array(obj({"id": INTEGER, "text": STRING, "cluster": NULLABLE_STRING,
                            "supports": INTEGER})),
        "groups": array(obj({
            "id": INTEGER, "name": STRING, "source": {"enum": ["online", "paper"]},
            "submitted": BOOLEAN,
            "priorities": array(obj({"rank": INTEGER, "title": STRING, "reasoning": STRING})),
        })),
        "aggregate": array(obj({
            "id": INTEGER, "title": STRING, "score": INTEGER, "groups": INTEGER,
            "first_places": INTEGER,
            "members": array(obj({"group_id": INTEGER, "rank": INTEGER})),
        })),
        "rounds": array(obj({
            "id": INTEGER, "mode": {"enum": ["dots", "approval", "ranked"]}, "closed": BOOLEAN,
            # Empty while the round is open and the session shows results only after close.
            # item_id: the aggregate item (or idea, or sub-theme) the option was made from;
            # null if that item was later removed. Most counted first.
            "results": array(obj({"item_id": {"type": ["integer", "null"]}, "title": STRING,
                                  "count": INTEGER})),
        })),
    })),
})

NULLABLE_INTEGER = {"type": ["integer", "null"]}
NUMBER = {"type": "number"}

BUDGET_RESULTS_SCHEMA = obj({
    "budget": obj({"id": INTEGER, "title": STRING,
                   "phase": {"enum": ["draft", "proposals", "review", "voting", "counting",
                                      "finished"]}}),
    "areas": array(obj({
        "id": INTEGER, "name": STRING, "budget": NUMBER,
        "rule": {"enum": ["greedy", "mes"]}, "utility": {"enum": ["cost", "cardinality"]},
        "completion": {"enum": ["none", "greedy", "add1", "add1-greedy"]},
        "mes_budget": {"type": ["number", "null"],
                       "description": "MES areas: the budget of the MES run that gave the "
                       "outcome (the area's budget, or where Add1 stopped); null for greedy "
                       "areas"},
        "projects": array(obj({
            "id": INTEGER, "title": STRING, "cost": NUMBER, "votes": INTEGER,
            "selected": BOOLEAN,
            "effective_support": {**NULLABLE_INTEGER, "description": "MES areas: integer "
                                  "percent of effective support, as pabutools' "
                                  "calculate_effective_supports(final_budget=mes_budget) "
                                  "gives it; null for greedy areas"},
        })),
    })),
    "receipts": array({**STRING, "description": "SHA-256 of a voter's receipt code"}),
})

BUDGET_PARAMETER = {"name": "budget_id", "in": "path", "required": True, "schema": INTEGER}

PATHS: dict[str, Any] = {
    "/me": {
        "get": {
            "summary": "The account the request is authenticated as",
            "operationId": "getMe",
            "responses": {
                "200": json_response("The account", ME_SCHEMA),
                "401": json_response("Not authenticated", ERROR_REF),
            },
        }
    },
    "/sessions/{session_id}/results": {
        "get": {
            "summary": "A session's themes, group priorities, combined list and ideas",
            "description": "Public once the session is in the results or closed stage; the "
            "facilitators of its organisation may read it at any stage, with the lists "
            "that groups have not submitted yet.",
            "operationId": "getSessionResults",
            "security": [{}, {"bearer": []}, {"cookie": []}],  # anonymous once public
            "parameters": [{"name": "session_id", "in": "path", "required": True,
                            "schema": INTEGER}],
            "responses": {
                "200": json_response("The results", SESSION_RESULTS_SCHEMA),
                "404": json_response("No such session, or not visible to you", ERROR_REF),
            },
        }
    },
    "/budgets/{budget_id}/results": {
        "get": {
            "summary": "A participatory budgeting process's count: each area's projects with "
            "cost, votes and whether selected, and the published receipt hashes",
            "description": "Public once the process is finished; its staff may read the count "
            "from the counting phase on. Nothing is given before voting has closed.",
            "operationId": "getBudgetResults",
            "security": [{}, {"bearer": []}, {"cookie": []}],
            "parameters": [BUDGET_PARAMETER],
            "responses": {
                "200": json_response("The results", BUDGET_RESULTS_SCHEMA),
                "404": json_response("No such process, or not counted yet", ERROR_REF),
            },
        }
    },
    "/budgets/{budget_id}/areas/{area_id}/ballots.pb": {
        "get": {
            "summary": "An area's anonymous ballots as a Pabulib file, to recount",
            "description": "Project ids are the ids of the results document; PROJECTS has "
            "`votes` and `selected` columns; META `rule` is `greedy` (or `greedy-threshold`), "
            "`equalshares` for MES with cost utilities and no completion, else `unknown`.",
            "operationId": "getBudgetAreaBallots",
            "security": [{}, {"bearer": []}, {"cookie": []}],
            "parameters": [BUDGET_PARAMETER, {"name": "area_id", "in": "path",
                                              "required": True, "schema": INTEGER}],
            "responses": {
                "200": {"description": "The Pabulib file",
                        "content": {"text/plain": {"schema": STRING}}},
                "404": json_response("No such area, or voting has not closed", ERROR_REF),
            },
        }
    },
}


def document(server_url: str) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Yhdessä API",
            "version": "1",
            "description": "Read-only access for scripts. Authenticate with the session cookie "
            "or a personal token: `Authorization: Bearer <token>` "
            "(`flask --app wsgi users token EMAIL`).",
        },
        "servers": [{"url": server_url}],
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "cookie": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
            "schemas": {"Error": obj({"error": STRING})},
        },
        "security": [{"bearer": []}, {"cookie": []}],
        "paths": PATHS,
    }
