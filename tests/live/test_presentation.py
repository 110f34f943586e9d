"""The projector is the room's screen: presentation mode, a join box that shrinks once people
have joined (also through the poll), and a brainstorm's ideas as a wall."""

from __future__ import annotations

import sqlalchemy as sa

from app.brainstorm import services as brainstorm
from app.extensions import db
from app.sessions.models import Affiliation, ResultsVisibility, Session, Theme
from app.sessions.services import join_session

HTMX = {"HX-Request": "true"}


def test_the_room_sees_no_facilitator_tabs_or_language_buttons(client, workshop):
    page = client.get(f"/sessions/{workshop}/projector").get_data(as_text=True)
    assert 'class="projector"' in page
    assert "session-nav" not in page and "language-switcher" not in page
    assert 'data-fullscreen=""' in page and "hidden" in page.split('id="fullscreen"')[0][-400:]
    assert "Back to the dashboard" in page


def test_the_join_box_shrinks_once_someone_joins_and_the_poll_brings_it(client, workshop,
                                                                         join_as):
    url = f"/sessions/{workshop}/projector"
    first = client.get(url, headers=HTMX)
    assert "projector-join-compact" not in first.get_data(as_text=True)
    join_as(workshop, "Maija")
    polled = client.get(url, headers={**HTMX, "If-None-Match": first.headers["ETag"]})
    assert polled.status_code == 200
    assert "projector-join-compact" in polled.get_data(as_text=True)


def _brainstorm(app, make_session, visibility=ResultsVisibility.LIVE) -> int:
    session_id = make_session(org="kunta", kind="brainstorm", themes=("Mitä kokeilisimme?",))
    with app.app_context():
        session = db.session.get(Session, session_id)
        session.results_visibility = visibility
        theme = db.session.scalar(sa.select(Theme).where(Theme.session_id == session_id))
        maija, _ = join_session(session, "Maija", Affiliation.RESIDENT)
        pekka, _ = join_session(session, "Pekka", Affiliation.RESIDENT)
        shown = brainstorm.add_idea(session, maija, theme, "Kirjastoauto kyliin")
        hidden = brainstorm.add_idea(session, maija, theme, "Asiaton idea")
        brainstorm.hide_idea(session, hidden, "Asiaton", None)
        cluster = brainstorm.create_cluster(session, theme, "Liikkuvat palvelut")
        brainstorm.assign_ideas(session, theme, [shown.id], cluster)
        brainstorm.set_support(session, pekka, shown, True)
        db.session.commit()
    return session_id


def test_a_brainstorm_projector_shows_its_ideas_by_sub_theme(app, client, workshop,
                                                              make_session):
    session_id = _brainstorm(app, make_session)
    page = client.get(f"/sessions/{session_id}/projector").get_data(as_text=True)
    assert "Liikkuvat palvelut" in page and "Kirjastoauto kyliin" in page
    assert "1 support" in page
    assert "Asiaton idea" not in page  # hidden by the facilitator
    assert "The groups' lists appear here" not in page and "Groups' lists" not in page


def test_support_counts_wait_when_results_are_shown_after_voting(app, client, workshop,
                                                                 make_session):
    session_id = _brainstorm(app, make_session, ResultsVisibility.AFTER_CLOSE)
    page = client.get(f"/sessions/{session_id}/projector").get_data(as_text=True)
    assert "Kirjastoauto kyliin" in page and "1 support" not in page
