"""The projector view: join code and QR in big letters, the current theme, the live lists."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.sessions.models import Session, Stage, Theme

HTMX = {"HX-Request": "true"}


def _projector(client, session_id: int, query: str = "", **headers) -> str:
    response = client.get(f"/sessions/{session_id}/projector{query}", headers=headers)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_projector_shows_code_qr_url_theme_prompt_and_background(client, workshop, app):
    page = _projector(client, workshop)
    with app.app_context():
        code = db.session.get(Session, workshop).join_code
    assert f'<p class="projector-code">{code}</p>' in page
    assert '<svg role="img"' in page and 'class="qr"' in page
    assert f"/join/{code}" in page
    assert '<h2 class="projector-theme" lang="fi">Palvelulupaus</h2>' in page
    assert "Valitkaa kolme tärkeintä asiaa" in page
    assert "Palvelulupaus: tausta 1" in page and "(PoPSTer-lausunto)" in page
    assert "Rakenteet: tausta 1" not in page


def test_projector_shows_the_room_no_account_name_or_account_links(client, workshop):
    page = _projector(client, workshop)
    assert "Signed in as" not in page
    assert "Your account" not in page and "Sign out" not in page
    # The same facilitator's dashboard still has them.
    dashboard = client.get(f"/sessions/{workshop}/dashboard").get_data(as_text=True)
    assert "Signed in as" in dashboard and "Sign out" in dashboard


def test_projector_follows_the_current_theme(client, workshop, app, ids):
    _, themes = ids(workshop)
    with app.app_context():
        for theme in db.session.scalars(sa.select(Theme).where(Theme.session_id == workshop)):
            theme.is_current = theme.id == themes[1]
        db.session.commit()
    page = _projector(client, workshop)
    assert '<h2 class="projector-theme" lang="fi">Rakenteet</h2>' in page
    # the previous-theme button makes the first theme current and comes back here
    assert f'action="/sessions/{workshop}/themes/{themes[0]}/current"' in page
    assert f'name="next" value="/sessions/{workshop}/projector"' in page
    assert "Next theme" not in page


def test_projector_lists_the_submitted_priorities_by_group_and_rank(client, scene):
    page = _projector(client, scene["session"])
    assert "Ryhmä 1" in page and "Ryhmä 2" in page
    assert '<li value="1">' in page and "Tilat maksutta" in page
    assert "Perustelu: Tilat" not in page  # reasoning is shown only on request
    with_reasons = _projector(client, scene["session"], "?reasoning=1")
    assert "Perustelu: Tilat maksutta" in with_reasons


def test_projector_can_show_the_combined_list_with_points(client, scene):
    page = _projector(client, scene["session"], "?show=combined")
    assert "Combined list" in page
    assert "Tuki" in page and "4 points" in page  # 2 + 2 from the merged pair
    assert f'hx-get="/sessions/{scene["session"]}/projector?show=combined"' in page


def test_projector_poll_answers_304_then_200_after_a_submission(client, workshop, submit_list):
    url = f"/sessions/{workshop}/projector"
    first = client.get(url, headers=HTMX)
    assert "<html" not in first.get_data(as_text=True)
    again = client.get(url, headers={**HTMX, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    submit_list(workshop, "Ryhmä 2", ["Kirjasto", "Liikunta", "Kulttuuri"])
    changed = client.get(url, headers={**HTMX, "If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and "Kirjasto" in changed.get_data(as_text=True)


def test_each_projector_view_has_its_own_etag(client, workshop):
    url = f"/sessions/{workshop}/projector"
    groups = client.get(url, headers=HTMX).headers["ETag"]
    combined = client.get(f"{url}?show=combined", headers={**HTMX, "If-None-Match": groups})
    assert combined.status_code == 200


def test_projector_poll_stops_when_the_session_closes(client, workshop, app):
    with app.app_context():
        db.session.get(Session, workshop).stage = Stage.CLOSED
        db.session.commit()
    response = client.get(f"/sessions/{workshop}/projector", headers=HTMX)
    assert response.status_code == 286
    assert "hx-trigger" not in _projector(client, workshop)


def test_session_without_themes_still_shows_the_join_code(client, workshop, make_session):
    session_id = make_session(org="kunta", themes=())
    page = _projector(client, session_id)
    assert "This session has no themes yet." in page and 'class="qr"' in page


def test_html_in_a_groups_list_is_shown_as_text_on_projector_and_combined_list(
        client, workshop, submit_list, ids):
    submit_list(workshop, "Ryhmä 1", ['<img src=x onerror="alert(1)">', "<script>x()</script>",
                                      "<b>Lihavoitu</b>"])
    _groups, themes = ids(workshop)
    pages = [_projector(client, workshop, "?reasoning=1"),
             _projector(client, workshop, "?show=combined"),
             client.get(f"/sessions/{workshop}/themes/{themes[0]}/aggregate").get_data(
                 as_text=True)]
    for page in pages:
        assert "<script>x()</script>" not in page and "<b>Lihavoitu</b>" not in page
        assert "<img src=x" not in page
        assert "&lt;script&gt;x()&lt;/script&gt;" in page
    assert "Perustelu: &lt;b&gt;Lihavoitu&lt;/b&gt;" in pages[2]  # reasoning too
