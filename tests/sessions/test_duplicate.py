"""Duplicating a session as a template: its setup without its people or answers."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.audit.models import AuditEntry
from app.extensions import db
from app.groupwork.models import Priority
from app.sessions.models import Group, Participant, ResultsVisibility, Session, Stage, Theme
from tests.sessions.conftest import post


def test_a_copy_has_the_setup_but_no_participants_or_priorities(app, orgs, make_session,
                                                                sign_in, join_as):
    source_id = make_session(themes=("Palvelulupaus", "Rakenteet"), groups=3, stage="closed")
    with app.app_context():
        source = db.session.get(Session, source_id)
        source.results_visibility = ResultsVisibility.AFTER_CLOSE
        source.description = "Alkuperäinen kuvaus"
        source.max_participants = 30
        db.session.commit()
    response = post(sign_in("facilitator"), f"/sessions/{source_id}/duplicate")
    assert response.status_code == 302
    copy_id = int(response.location.rsplit("/", 1)[1])
    assert copy_id != source_id
    with app.app_context():
        source = db.session.get(Session, source_id)
        copy = db.session.get(Session, copy_id)
        assert copy.title == "Copy of Strategiatyöpaja"
        assert copy.stage == Stage.DRAFT
        assert copy.join_code != source.join_code
        assert copy.organisation_id == source.organisation_id
        assert (copy.kind, copy.language, copy.description, copy.results_visibility,
                copy.max_participants) == (source.kind, source.language, source.description,
                                           source.results_visibility, 30)
        themes = db.session.scalars(sa.select(Theme).where(Theme.session_id == copy_id)
                                    .options(selectinload(Theme.items))
                                    .order_by(Theme.position)).all()
        assert [(t.title, t.is_current, t.picks) for t in themes] == [
            ("Palvelulupaus", True, 3), ("Rakenteet", False, 3)]
        assert [(i.text, i.source) for i in themes[0].items] == [
            ("Palvelulupaus: tausta 1", "PoPSTer-lausunto"),
            ("Palvelulupaus: tausta 2", "PoPSTer-lausunto")]
        assert db.session.scalars(sa.select(Group.name).where(Group.session_id == copy_id)
                                  .order_by(Group.position)).all() == [
            "Ryhmä 1", "Ryhmä 2", "Ryhmä 3"]
        assert db.session.scalar(sa.select(sa.func.count(Participant.id)).where(
            Participant.session_id == copy_id)) == 0
        assert db.session.scalar(sa.select(sa.func.count(Priority.id))) == 0
        entry = db.session.scalar(sa.select(AuditEntry).where(
            AuditEntry.action == "session.duplicated"))
        assert entry.object_id == str(copy_id) and entry.before == {"source_id": source_id}


def test_participants_of_the_original_stay_there(app, orgs, make_session, sign_in, join_as):
    source_id = make_session()
    join_as(source_id, "Maija")
    response = post(sign_in("facilitator"), f"/sessions/{source_id}/duplicate")
    copy_id = int(response.location.rsplit("/", 1)[1])
    with app.app_context():
        counts = dict(db.session.execute(
            sa.select(Participant.session_id, sa.func.count(Participant.id))
            .group_by(Participant.session_id)).all())
    assert counts == {source_id: 1}
    assert copy_id not in counts


def test_a_long_title_is_cut_to_fit(app, orgs, make_session, sign_in):
    source_id = make_session(title="x" * 200)
    response = post(sign_in("facilitator"), f"/sessions/{source_id}/duplicate")
    with app.app_context():
        copy = db.session.get(Session, int(response.location.rsplit("/", 1)[1]))
        assert len(copy.title) == 200 and copy.title.startswith("Copy of x")
