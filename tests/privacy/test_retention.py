"""Guests' names are removed a retention period after their session closes
(``flask privacy purge``); counts by affiliation, groups and texts stay."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.extensions import db
from app.organisations.models import Organisation
from app.sessions.models import Participant, Session, Stage
from app.sessions.services import join_session, move_stage


@pytest.fixture
def workshop_with_guests(app, make_session, join_as, make_user):
    """An open workshop: guests Maija (resident) and Pekka (association), and Fasi
    Litaattori, who joined signed in."""
    session_id = make_session()
    join_as(session_id, "Maija", affiliation="resident")
    join_as(session_id, "Pekka", group="Ryhmä 2", affiliation="association")
    email = make_user()
    with app.app_context():
        from app.auth.services import find_user
        from app.sessions.models import Affiliation

        join_session(db.session.get(Session, session_id), "Fasi Litaattori",
                     Affiliation.STAFF, user=find_user(email))
        db.session.commit()
    return session_id


def _purge(runner) -> str:
    result = runner.invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    return result.output


def _affiliations_and_groups(app, session_id):
    with app.app_context():
        return db.session.execute(
            sa.select(Participant.affiliation, Participant.group_id)
            .where(Participant.session_id == session_id).order_by(Participant.id)).all()


def test_guests_names_are_removed_after_90_days(app, runner, workshop_with_guests, close,
                                                 names):
    before = _affiliations_and_groups(app, workshop_with_guests)
    close(workshop_with_guests, days_ago=91)
    output = _purge(runner)
    assert f"Session {workshop_with_guests} (Strategiatyöpaja): 2 guest names removed." in output
    assert names(workshop_with_guests) == ["Vieras 1", "Vieras 2", "Fasi Litaattori"]
    assert _affiliations_and_groups(app, workshop_with_guests) == before
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(
            AuditEntry.action == "privacy.guest_names_removed"))
        assert (entry.actor_label, entry.object_id, entry.after) == (
            "system", str(workshop_with_guests), {"guests": 2})


def test_names_are_kept_until_the_period_ends(runner, workshop_with_guests, close, names):
    close(workshop_with_guests, days_ago=89)
    assert "Sessions purged: 0." in _purge(runner)
    assert names(workshop_with_guests) == ["Maija", "Pekka", "Fasi Litaattori"]


def test_each_organisation_sets_its_own_period(app, runner, workshop_with_guests, close, names):
    with app.app_context():
        db.session.scalar(sa.select(Organisation)).guest_retention_days = 30
        db.session.commit()
    close(workshop_with_guests, days_ago=31)
    _purge(runner)
    assert names(workshop_with_guests)[:2] == ["Vieras 1", "Vieras 2"]


def test_purging_again_changes_nothing(app, runner, workshop_with_guests, close, names):
    close(workshop_with_guests, days_ago=100)
    _purge(runner)
    assert "Sessions purged: 0." in _purge(runner)
    assert names(workshop_with_guests) == ["Vieras 1", "Vieras 2", "Fasi Litaattori"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id)).where(
            AuditEntry.action == "privacy.guest_names_removed")) == 1


@pytest.mark.parametrize("stage", ["open", "voting", "results"])
def test_sessions_not_closed_keep_their_names(app, runner, workshop_with_guests, names, stage):
    with app.app_context():
        db.session.get(Session, workshop_with_guests).stage = Stage(stage)
        db.session.commit()
    _purge(runner)
    assert names(workshop_with_guests)[:2] == ["Maija", "Pekka"]


def test_a_swedish_session_gets_swedish_placeholders(app, runner, workshop_with_guests, close,
                                                     names):
    with app.app_context():
        db.session.get(Session, workshop_with_guests).language = "sv"
        db.session.commit()
    close(workshop_with_guests, days_ago=91)
    _purge(runner)
    assert names(workshop_with_guests)[:2] == ["Gäst 1", "Gäst 2"]


def test_closing_a_session_records_when(app, workshop_with_guests):
    with app.app_context():
        session = db.session.get(Session, workshop_with_guests)
        for stage in (Stage.VOTING, Stage.RESULTS):
            move_stage(session, stage, None)
        assert session.closed_at is None
        move_stage(session, Stage.CLOSED, None)
        assert session.closed_at is not None
        db.session.rollback()


@pytest.mark.parametrize("days", [-1, 3651])
def test_the_database_refuses_a_period_out_of_range(app_ctx, make_org, days):
    make_org()
    organisation = db.session.scalar(sa.select(Organisation))
    organisation.guest_retention_days = days
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()
