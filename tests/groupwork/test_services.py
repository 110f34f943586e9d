"""The group-work rules: versions, moves, submit, unlock and paper results."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.aggregation.services import aggregate
from app.audit.models import AuditEntry
from app.extensions import db
from app.groupwork import services
from app.groupwork.models import Priority, Source, SubmissionState
from app.sessions.errors import StageClosed
from app.sessions.models import Group, Participant, Session, Stage, Theme


@pytest.fixture
def work(app, make_session, join_as):
    """An open session, two guests in group 1, one in group 2; yields loaders in a context."""
    session_id = make_session()
    _, maija = join_as(session_id, "Maija")
    _, pekka = join_as(session_id, "Pekka")
    _, liisa = join_as(session_id, "Liisa", group="Ryhmä 2")
    with app.app_context():
        session = db.session.get(Session, session_id)
        theme = db.session.scalar(sa.select(Theme).where(Theme.session_id == session_id))
        yield {"session": session, "theme": theme,
               "maija": db.session.get(Participant, maija),
               "pekka": db.session.get(Participant, pekka),
               "liisa": db.session.get(Participant, liisa)}
        db.session.rollback()


def _save(work, who, rank, title, reasoning="Koska se on tärkeää.", version=0):
    return services.save_slot(work["session"], work[who], work["theme"], rank, title, reasoning,
                              version)


def _fill(work, who="maija", titles=("Tilat", "Avustukset", "Palveluohjaus")):
    for rank, title in enumerate(titles, start=1):
        _save(work, who, rank, title)


def test_members_of_a_group_edit_the_same_list(work):
    first = _save(work, "maija", 1, "Tilat")
    second = _save(work, "pekka", 1, "Maksuttomat tilat", version=first.version)
    assert second.id == first.id and second.version == 2
    assert second.title == "Maksuttomat tilat"


def test_a_stale_save_raises_a_conflict_with_the_other_text(work):
    _save(work, "maija", 1, "Tilat")
    _save(work, "pekka", 1, "Pekan otsikko", "Pekan perustelu", version=1)
    with pytest.raises(services.VersionConflict) as caught:
        _save(work, "maija", 1, "Maijan otsikko", version=1)
    assert caught.value.current.title == "Pekan otsikko"
    assert caught.value.current.reasoning == "Pekan perustelu"
    assert caught.value.current.editor == "Pekka"
    assert caught.value.current.version == 2


def test_another_group_has_its_own_list(work):
    _save(work, "maija", 1, "Tilat")
    other = _save(work, "liisa", 1, "Liikunta")
    assert other.version == 1 and other.title == "Liikunta"


def test_rank_outside_the_list_is_refused(work):
    with pytest.raises(services.InvalidPriorities) as caught:
        _save(work, "maija", 4, "Neljäs")
    assert 4 in caught.value.errors


def test_over_long_reasoning_is_refused(work):
    with pytest.raises(services.InvalidPriorities):
        _save(work, "maija", 1, "Tilat", "x" * 2001)


def test_moving_up_swaps_the_texts_and_bumps_versions(work):
    _fill(work)
    new_rank = services.move_slot(work["session"], work["pekka"], work["theme"], 3, 1, 2)
    assert new_rank == 2
    rows = db.session.scalars(sa.select(Priority).order_by(Priority.rank)).all()
    assert [p.title for p in rows] == ["Tilat", "Palveluohjaus", "Avustukset"]
    assert [p.version for p in rows] == [1, 2, 2]


def test_dragging_place_1_to_place_3_shifts_the_others_up(work):
    _fill(work)
    assert services.move_slot(work["session"], work["pekka"], work["theme"], 1, 1, 3) == 3
    rows = db.session.scalars(sa.select(Priority).order_by(Priority.rank)).all()
    assert [p.title for p in rows] == ["Avustukset", "Palveluohjaus", "Tilat"]
    assert [p.version for p in rows] == [2, 2, 2]


def test_dragging_to_an_empty_place_leaves_the_gap_where_it_came_from(work):
    _save(work, "maija", 1, "Tilat")
    services.move_slot(work["session"], work["maija"], work["theme"], 1, 1, 3)
    rows = {p.rank: p.title for p in db.session.scalars(sa.select(Priority))}
    assert rows.get(3) == "Tilat" and not rows.get(1) and not rows.get(2)


@pytest.mark.parametrize("target", [0, 4, 1])
def test_a_move_outside_the_list_or_onto_itself_is_refused(work, target):
    _fill(work)
    with pytest.raises(services.InvalidPriorities):
        services.move_slot(work["session"], work["maija"], work["theme"], 1, 1, target)


def test_moving_a_slot_someone_just_changed_is_a_conflict(work):
    _fill(work)
    _save(work, "pekka", 2, "Uusi", version=1)
    with pytest.raises(services.VersionConflict):
        services.move_slot(work["session"], work["maija"], work["theme"], 2, 1, 3)


def test_submit_needs_every_title_and_reasoning(work):
    _save(work, "maija", 1, "Tilat")
    _save(work, "maija", 2, "Avustukset", "")
    with pytest.raises(services.InvalidPriorities) as caught:
        services.submit(work["session"], work["maija"], work["theme"])
    assert set(caught.value.errors) == {2, 3}


def test_submitted_list_is_locked_and_joins_the_aggregate(work):
    _fill(work)
    submission = services.submit(work["session"], work["maija"], work["theme"])
    assert submission.state == SubmissionState.SUBMITTED
    with pytest.raises(services.SubmissionLocked):
        _save(work, "pekka", 1, "Myöhästynyt", version=1)
    rows = aggregate(work["theme"])
    assert [(row.title, row.score) for row in rows] == [
        ("Tilat", 3), ("Avustukset", 2), ("Palveluohjaus", 1)]


def test_unlock_lets_the_group_edit_again_and_leaves_the_aggregate(work):
    _fill(work)
    submission = services.submit(work["session"], work["maija"], work["theme"])
    services.unlock(work["session"], submission, "fasilitaattori")
    assert submission.state == SubmissionState.DRAFT
    assert aggregate(work["theme"]) == []
    assert _save(work, "pekka", 1, "Tilat ensin", version=1).version == 2
    assert "submission.unlocked" in db.session.scalars(sa.select(AuditEntry.action)).all()


def test_nothing_is_saved_once_the_session_moves_to_voting(work):
    work["session"].stage = Stage.VOTING
    with pytest.raises(StageClosed):
        _save(work, "maija", 1, "Tilat")


def test_paper_result_replaces_the_list_and_is_marked_paper(work):
    _save(work, "liisa", 1, "Luonnos")
    group = db.session.scalar(sa.select(Group).where(Group.name == "Ryhmä 2"))
    entries = [("Liikunta", "Terveys"), ("Kulttuuri", "Yhteisö"), ("Nuoret", "Tulevaisuus")]
    submission = services.enter_paper(work["session"], group, work["theme"], entries, "fasi")
    assert submission.source == Source.PAPER and submission.locked
    titles = [p.title for p in services.priorities_of(submission)]
    assert titles == ["Liikunta", "Kulttuuri", "Nuoret"]
    assert services.group_progress(work["session"])[(group.id, work["theme"].id)] == "paper"


def test_incomplete_paper_result_changes_nothing(work):
    _save(work, "liisa", 1, "Luonnos")
    group = db.session.scalar(sa.select(Group).where(Group.name == "Ryhmä 2"))
    with pytest.raises(services.InvalidPriorities):
        services.enter_paper(work["session"], group, work["theme"], [("Liikunta", "")], "fasi")
    assert [p.title for p in db.session.scalars(sa.select(Priority))] == ["Luonnos"]


def test_progress_tells_empty_drafting_and_submitted_apart(work):
    _save(work, "liisa", 1, "Luonnos")
    _fill(work)
    services.submit(work["session"], work["maija"], work["theme"])
    progress = services.group_progress(work["session"])
    groups = {g.name: g.id for g in db.session.scalars(sa.select(Group))}
    theme_id = work["theme"].id
    assert progress[(groups["Ryhmä 1"], theme_id)] == "submitted"
    assert progress[(groups["Ryhmä 2"], theme_id)] == "drafting"
    assert (groups["Ryhmä 3"], theme_id) not in progress
