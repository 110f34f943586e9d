"""More group-work rules: races when a place or a draft is created, background items,
field-level errors, and places left beyond ``picks``."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.aggregation.services import aggregate
from app.extensions import db
from app.groupwork import services
from app.groupwork.models import Priority, Submission
from app.sessions.models import BackgroundItem, Group, Participant, Session, Theme


@pytest.fixture
def work(app, make_session, join_as):
    session_id = make_session()
    _, maija = join_as(session_id, "Maija")
    _, pekka = join_as(session_id, "Pekka")
    with app.app_context():
        theme = db.session.scalar(sa.select(Theme).where(Theme.session_id == session_id))
        yield {"session": db.session.get(Session, session_id), "theme": theme,
               "maija": db.session.get(Participant, maija),
               "pekka": db.session.get(Participant, pekka),
               "items": db.session.scalars(sa.select(BackgroundItem).where(
                   BackgroundItem.theme_id == theme.id).order_by(BackgroundItem.position)).all()}
        db.session.rollback()


def _save(work, who, rank, title, reasoning="Perustelu.", version=0):
    return services.save_slot(work["session"], work[who], work["theme"], rank, title, reasoning,
                              version)


def test_two_members_creating_place_1_at_once_leave_one_row_and_a_conflict(work, monkeypatch):
    _save(work, "maija", 1, "Maijan otsikko")
    # Pekka's request read "nothing at place 1" just before Maija's row arrived.
    looked = []
    real = services._priority_at

    def first_look_misses(submission, rank):
        looked.append(rank)
        return None if len(looked) == 1 else real(submission, rank)

    monkeypatch.setattr(services, "_priority_at", first_look_misses)
    with pytest.raises(services.VersionConflict) as caught:
        _save(work, "pekka", 1, "Pekan otsikko")
    assert caught.value.current.title == "Maijan otsikko"
    assert caught.value.current.editor == "Maija"
    assert db.session.scalar(sa.select(sa.func.count(Priority.id)).where(Priority.rank == 1)) == 1


@pytest.mark.parametrize("second_rank", [1, 0])
def test_the_database_refuses_a_second_place_1_and_a_place_0(work, second_rank):
    """Even a write that skips the services cannot give a list two first places."""
    _save(work, "maija", 1, "Tilat")
    submission = services.find_submission(work["maija"].group_id, work["theme"].id)
    with pytest.raises(sa.exc.IntegrityError), db.session.begin_nested():
        db.session.add(Priority(submission_id=submission.id, rank=second_rank,
                                title="Toinen", reasoning="Perustelu."))
        db.session.flush()
    assert db.session.scalars(sa.select(Priority.title)).all() == ["Tilat"]


def test_a_draft_created_by_another_member_meanwhile_is_reused(work):
    _save(work, "maija", 1, "Tilat")
    existing = services.find_submission(work["maija"].group_id, work["theme"].id)
    group = db.session.get(Group, work["maija"].group_id)
    # Pekka's request found no draft a moment ago and now tries to create one.
    assert services._new_submission(group, work["theme"]).id == existing.id
    assert db.session.scalar(sa.select(sa.func.count(Submission.id))) == 1


def test_saving_from_a_version_of_a_place_that_no_longer_exists_is_a_conflict(work):
    with pytest.raises(services.VersionConflict) as caught:
        _save(work, "maija", 2, "Tilat", version=3)
    assert caught.value.current.version == 0 and caught.value.current.title == ""


def test_submit_errors_name_the_field_of_each_place(work):
    _save(work, "maija", 1, "Tilat")
    _save(work, "maija", 2, "Avustukset", "")
    with pytest.raises(services.InvalidPriorities) as caught:
        services.submit(work["session"], work["maija"], work["theme"])
    fields = caught.value.fields
    assert set(fields[2]) == {"reasoning"}
    assert set(fields[3]) == {"title", "reasoning"}
    assert 1 not in fields


def test_over_long_title_names_its_field(work):
    with pytest.raises(services.InvalidPriorities) as caught:
        _save(work, "maija", 1, "x" * 201)
    assert set(caught.value.fields[1]) == {"title"}


def test_a_background_item_fills_the_first_place_without_a_title(work):
    _save(work, "maija", 1, "Tilat")
    _save(work, "maija", 2, "", "Perustelu ilman otsikkoa")
    item = work["items"][0]
    rank = services.use_item(work["session"], work["pekka"], work["theme"], item)
    assert rank == 2
    priority = db.session.scalar(sa.select(Priority).where(Priority.rank == 2))
    assert priority.title == item.text and priority.item_id == item.id
    assert priority.reasoning == "Perustelu ilman otsikkoa" and priority.version == 2


def test_a_long_background_item_becomes_a_shortened_title(work):
    item = work["items"][0]
    item.text = "Pitkä   teksti\nrivillä " + "sana " * 60
    services.use_item(work["session"], work["maija"], work["theme"], item)
    title = db.session.scalar(sa.select(Priority.title).where(Priority.rank == 1))
    assert len(title) == 200 and title.endswith("…") and "\n" not in title
    assert title.startswith("Pitkä teksti rivillä sana")


def test_a_background_item_cannot_be_used_when_every_place_has_a_title(work):
    for rank in (1, 2, 3):
        _save(work, "maija", rank, f"Otsikko {rank}")
    with pytest.raises(services.ListFull):
        services.use_item(work["session"], work["maija"], work["theme"], work["items"][0])


def test_places_left_beyond_picks_earn_no_points(work):
    for rank in (1, 2, 3):
        _save(work, "maija", rank, f"Otsikko {rank}")
    work["theme"].picks = 2
    db.session.flush()
    services.submit(work["session"], work["maija"], work["theme"])
    assert [(row.title, row.score) for row in aggregate(work["theme"])] == [
        ("Otsikko 1", 2), ("Otsikko 2", 1)]
