"""Each live page refreshes only when what it shows changes (app/core/live.py): a group's
save refreshes its own members' list and the dashboard, not the other 199 groups' phones
nor the projector; a submission refreshes the projector; a stage move or a setup edit
refreshes every page. No participant's write touches a row that other groups share."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.aggregation.services import merge
from app.extensions import db
from app.groupwork import services as groupwork
from app.sessions import themes as setup
from app.sessions.models import Participant, Session, Stage, Theme
from app.sessions.services import move_stage
from tests.conftest import csrf_token

HTMX = {"HX-Request": "true"}


class Views:
    """The live views of the workshop, each polled once to learn its ETag."""

    def __init__(self, client, session_id, members, theme_id):
        self.urls = {
            "dashboard": (client, f"/sessions/{session_id}/dashboard"),
            "projector": (client, f"/sessions/{session_id}/projector"),
            "combined": (client, f"/sessions/{session_id}/projector?show=combined"),
            **{name: (member, f"/p/{session_id}/themes/{theme_id}")
               for name, member in members.items()},
        }
        self.tags = {name: self._get(name).headers["ETag"] for name in self.urls}

    def _get(self, name, tag=None):
        client, url = self.urls[name]
        return client.get(url, headers={**HTMX, **({"If-None-Match": tag} if tag else {})})

    def refreshed(self) -> set[str]:
        """The views whose poll answers with something new (not 304)."""
        return {name for name, tag in self.tags.items() if self._get(name, tag).status_code != 304}


@pytest.fixture
def room(app, client, workshop, join_as, ids):
    """Maija and Pekka in Ryhmä 1, Liisa in Ryhmä 2; the facilitator's client."""
    groups, themes = ids(workshop)
    members = {"maija": join_as(workshop, "Maija"), "pekka": join_as(workshop, "Pekka"),
               "liisa": join_as(workshop, "Liisa", group="Ryhmä 2")}

    def act(change):
        with app.app_context():
            session = db.session.get(Session, workshop)
            people = {name: db.session.get(Participant, pid) for name, (_, pid) in members.items()}
            change(session, people, [db.session.get(Theme, t) for t in themes])
            db.session.commit()

    def views():
        return Views(client, workshop, {name: c for name, (c, _) in members.items()}, themes[0])

    return act, views


def _save(session, who, theme, rank=1, title="Kirjastot"):
    groupwork.save_slot(session, who, theme, rank, title, "Perustelu", 0)


def test_a_save_refreshes_its_own_group_and_the_dashboard_only(room):
    act, views = room
    shown = views()
    act(lambda session, people, themes: _save(session, people["pekka"], themes[0]))
    assert shown.refreshed() == {"maija", "pekka", "dashboard"}


def test_a_save_for_another_theme_leaves_this_themes_list_alone(room):
    act, views = room
    shown = views()
    act(lambda session, people, themes: _save(session, people["pekka"], themes[1]))
    assert shown.refreshed() == {"dashboard"}


def test_a_submission_refreshes_its_group_the_dashboard_and_the_projector(room):
    act, views = room

    def fill(session, people, themes):
        for rank in (1, 2, 3):
            _save(session, people["liisa"], themes[0], rank, f"Asia {rank}")

    act(fill)
    shown = views()
    act(lambda session, people, themes: groupwork.submit(session, people["liisa"], themes[0]))
    assert shown.refreshed() == {"liisa", "dashboard", "projector", "combined"}


def test_a_merge_refreshes_the_projector_and_no_phone(room):
    act, views = room

    def two_lists(session, people, themes):
        for who in ("maija", "liisa"):
            for rank in (1, 2, 3):
                _save(session, people[who], themes[0], rank, f"{who} {rank}")
            groupwork.submit(session, people[who], themes[0])

    act(two_lists)
    shown = views()

    def merge_two(session, people, themes):
        from app.aggregation.services import aggregate

        first, second = aggregate(themes[0])[:2]
        merge(session, themes[0], [first.id, second.id], "Yhdessä", None)

    act(merge_two)
    assert shown.refreshed() == {"projector", "combined"}


def test_joining_refreshes_the_group_that_gains_a_member_and_the_dashboard(
        room, workshop, join_as):
    _, views = room
    shown = views()
    join_as(workshop, "Kaisa", group="Ryhmä 2")
    assert shown.refreshed() == {"liisa", "dashboard"}


def test_moving_a_member_refreshes_both_groups(room):
    act, views = room
    shown = views()

    def move(session, people, themes):
        from app.sessions.services import move_participant

        move_participant(session, people["pekka"], people["liisa"].group, None)

    act(move)
    assert shown.refreshed() == {"maija", "pekka", "liisa", "dashboard"}


@pytest.mark.parametrize("change", ["stage", "current theme", "theme text"])
def test_a_stage_move_or_a_setup_edit_refreshes_every_page(room, change):
    act, views = room
    shown = views()

    def edit(session, people, themes):
        if change == "stage":
            move_stage(session, Stage.VOTING, None)
        elif change == "current theme":
            setup.set_current_theme(session, themes[1])
        else:
            session.stage = Stage.DRAFT
            setup.update_theme(session, themes[0], None, "Uusi otsikko", "", themes[0].picks)
            session.stage = Stage.OPEN

    act(edit)
    assert shown.refreshed() == set(shown.urls)


def _writes(statements):
    return [s.split()[1] if s.lstrip().upper().startswith("UPDATE") else s.split()[2]
            for s in statements if s.lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))]


def test_a_save_writes_only_its_own_groups_rows(app, room, workshop, ids, count_queries):
    _, themes = ids(workshop)
    act, views = room
    shown = views()
    maija = shown.urls["maija"][0]
    base = f"/p/{workshop}/themes/{themes[0]}"
    token = csrf_token(maija, base)
    with count_queries() as statements:
        response = maija.post(f"{base}/slots/1", headers=HTMX, data={
            "slot-1-csrf_token": token, "slot-1-title": "Tilat", "slot-1-reasoning": "Koska",
            "slot-1-version": 0})
    assert response.status_code == 200
    # Its list (created, then its version moved on), the place and the member's last activity.
    assert sorted(set(_writes(statements))) == ["participants", "priorities", "submissions"]
    locks = [s for s in statements if "FROM sessions" in s and "FOR" in s]
    with app.app_context():
        dialect = db.engine.dialect.name
    if dialect == "postgresql":  # SQLite has no row locks to show
        assert locks and all("FOR SHARE" in s for s in locks)


def test_a_submission_moves_the_theme_version_last(app, room, workshop, ids, count_queries):
    act, _ = room

    def fill(session, people, themes):
        for rank in (1, 2, 3):
            _save(session, people["liisa"], themes[0], rank, f"Asia {rank}")

    act(fill)
    with count_queries() as statements:
        act(lambda session, people, themes: groupwork.submit(session, people["liisa"], themes[0]))
    writes = _writes(statements)
    assert writes[-1] == "themes" and writes.count("themes") == 1
    with app.app_context():
        assert db.session.scalar(sa.select(Theme.version).where(Theme.id == ids(workshop)[1][0])) \
            == 2
