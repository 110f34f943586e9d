"""No shared cache (a proxy, a library's computer) keeps a signed-in page, an export or
an API answer; live polls may be revalidated, but only by the browser that asked."""

from __future__ import annotations

from app.api.services import issue_token
from app.auth.services import find_user
from app.extensions import db


def _directives(response) -> set[str]:
    return {part.strip() for part in response.headers.get("Cache-Control", "").split(",")
            if part.strip()}


def test_a_signed_in_page_is_not_stored(client, workshop):
    assert "no-store" in _directives(client.get("/sessions/"))


def test_an_export_is_not_stored(client, workshop):
    response = client.get(f"/sessions/{workshop}/export.json")
    assert response.status_code == 200 and "no-store" in _directives(response)


def test_an_api_answer_read_with_a_token_is_not_stored(app, workshop):
    with app.app_context():
        token = issue_token(find_user("fasi@example.fi"))
        db.session.commit()
    response = app.test_client().get(f"/api/v1/sessions/{workshop}/results",
                                     headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and "no-store" in _directives(response)


def test_a_poll_is_revalidated_only_by_the_browser(workshop, join_as):
    guest, _ = join_as(workshop)
    page = guest.get(f"/p/{workshop}").headers["Location"]
    first = guest.get(page, headers={"HX-Request": "true"})
    again = guest.get(page, headers={"HX-Request": "true",
                                     "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    for response in (first, again):
        assert {"no-cache", "private"} <= _directives(response)
        assert "public" not in _directives(response)


def test_static_files_keep_their_caching(client):
    with client.get("/static/vendor/htmx/htmx.min.js") as response:
        assert not {"no-store", "private"} & _directives(response)
