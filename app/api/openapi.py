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
