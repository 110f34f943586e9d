"""The brainstorm rules, called as services."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.brainstorm import services
from app.brainstorm.models import Cluster, Idea, Support
from app.extensions import db
from app.sessions.errors import StageClosed
from app.sessions.models import Participant, Session, Stage, Theme


@pytest.fixture
def room(app, brainstorm, join_as):
    """The open brainstorm with two guests, loaded in an app context."""
    _, maija = join_as(brainstorm.session_id, "Maija", group=None)
    _, pekka = join_as(brainstorm.session_id, "Pekka", group=None)
    with app.app_context():
        session = db.session.get(Session, brainstorm.session_id)
        themes = list(db.session.scalars(
            sa.select(Theme).where(Theme.session_id == session.id).order_by(Theme.position)))
        yield {"session": session, "theme": themes[0], "other_theme": themes[1],
               "maija": db.session.get(Participant, maija),
               "pekka": db.session.get(Participant, pekka)}
        db.session.rollback()


def _idea(room, who="maija", text="Lapsiperheiden neuvosto pitäisi perustaa.", theme="theme"):
    return services.add_idea(room["session"], room[who], room[theme], text)


def _supports(idea: Idea) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Support)
                             .where(Support.idea_id == idea.id))


def test_an_idea_is_stored_trimmed_and_bumps_its_questions_version_only(room):
    session_version, theme_version = room["session"].version, room["theme"].version
    idea = _idea(room, text="  Yhteiset tilat kunnalle ja järjestöille.  ")
    db.session.refresh(room["session"])
    db.session.refresh(room["theme"])
    assert idea.text == "Yhteiset tilat kunnalle ja järjestöille."
    assert idea.participant_id == room["maija"].id
    assert room["theme"].version == theme_version + 1
    assert room["session"].version == session_version


@pytest.mark.parametrize("text", ["", "   ", "x" * 281])
def test_an_empty_or_too_long_idea_is_refused(room, text):
    with pytest.raises(services.InvalidText):
        _idea(room, text=text)


def test_an_idea_of_exactly_280_characters_is_accepted(room):
    assert len(_idea(room, text="y" * 280).text) == 280


@pytest.mark.parametrize("stage", ["draft", "voting", "results", "closed"])
def test_ideas_are_added_only_while_the_session_is_open(room, stage):
    room["session"].stage = Stage(stage)
    with pytest.raises(StageClosed):
        _idea(room)


def test_supporting_twice_leaves_one_support(room):
    idea = _idea(room)
    services.set_support(room["session"], room["pekka"], idea, True)
    services.set_support(room["session"], room["pekka"], idea, True)
    assert _supports(idea) == 1


def test_a_support_can_be_taken_back_and_given_again(room):
    idea = _idea(room)
    services.set_support(room["session"], room["pekka"], idea, True)
    services.set_support(room["session"], room["pekka"], idea, False)
    assert _supports(idea) == 0
    services.set_support(room["session"], room["pekka"], idea, False)
    assert _supports(idea) == 0
    services.set_support(room["session"], room["pekka"], idea, True)
    assert _supports(idea) == 1


def test_a_participant_cannot_support_their_own_idea(room):
    idea = _idea(room, who="maija")
    with pytest.raises(services.OwnIdea):
        services.set_support(room["session"], room["maija"], idea, True)


def test_a_hidden_idea_cannot_be_supported_but_a_support_can_be_taken_back(room):
    idea = _idea(room)
    services.set_support(room["session"], room["pekka"], idea, True)
    services.hide_idea(room["session"], idea, "Henkilötietoja", by=None)
    services.set_support(room["session"], room["pekka"], idea, False)
    with pytest.raises(services.IdeaHidden):
        services.set_support(room["session"], room["pekka"], idea, True)


@pytest.mark.parametrize("stage", ["voting", "closed"])
def test_supports_are_refused_after_the_open_stage(room, stage):
    idea = _idea(room)
    room["session"].stage = Stage(stage)
    with pytest.raises(StageClosed):
        services.set_support(room["session"], room["pekka"], idea, True)


def test_new_clusters_go_last_and_can_move(room):
    first = services.create_cluster(room["session"], room["theme"], "Lapset ja perheet")
    second = services.create_cluster(room["session"], room["theme"], "Ikääntyneet")
    assert first.position < second.position
    assert services.move_cluster(room["session"], second, -1) == 1
    assert [c.title for c in services.clusters_of(room["theme"].id)] == [
        "Ikääntyneet", "Lapset ja perheet"]
    # Moving past either end changes nothing.
    assert services.move_cluster(room["session"], second, -1) == 1


@pytest.mark.parametrize("title", ["", "t" * 121])
def test_a_cluster_needs_a_title_of_at_most_120_characters(room, title):
    with pytest.raises(services.InvalidText):
        services.create_cluster(room["session"], room["theme"], title)


def test_deleting_a_cluster_leaves_its_ideas_without_one(room):
    cluster = services.create_cluster(room["session"], room["theme"], "Ikääntyneet")
    idea = _idea(room)
    services.assign_ideas(room["session"], room["theme"], [idea.id], cluster)
    services.delete_cluster(room["session"], cluster)
    db.session.refresh(idea)
    assert idea.cluster_id is None
    assert db.session.get(Idea, idea.id) is not None


def test_ideas_move_together_and_back_out_of_a_cluster(room):
    cluster = services.create_cluster(room["session"], room["theme"], "Ympäristö")
    ideas = [_idea(room, text=f"Idea {i}") for i in range(3)]
    moved = services.assign_ideas(room["session"], room["theme"], [i.id for i in ideas[:2]],
                                  cluster)
    assert moved == 2
    assert [db.session.get(Idea, i.id).cluster_id for i in ideas] == [cluster.id, cluster.id, None]
    services.assign_ideas(room["session"], room["theme"], [ideas[0].id], None)
    assert db.session.get(Idea, ideas[0].id).cluster_id is None


def test_an_idea_of_another_question_cannot_join_the_cluster(room):
    cluster = services.create_cluster(room["session"], room["theme"], "Ympäristö")
    elsewhere = _idea(room, theme="other_theme")
    with pytest.raises(services.WrongTheme):
        services.assign_ideas(room["session"], room["theme"], [elsewhere.id], cluster)
    other_cluster = services.create_cluster(room["session"], room["other_theme"], "Muu")
    with pytest.raises(services.WrongTheme):
        services.assign_ideas(room["session"], room["theme"], [], other_cluster)


def test_editing_an_idea_is_audit_logged_with_both_texts(room):
    idea = _idea(room, text="Vanhusneuvostojen asma maakunnassa?")
    services.edit_idea(room["session"], idea, "Vanhusneuvostojen asema maakunnassa?", by=None)
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "idea.edited"))
    assert entry.before == {"text": "Vanhusneuvostojen asma maakunnassa?"}
    assert entry.after == {"text": "Vanhusneuvostojen asema maakunnassa?"}
    assert entry.object_id == str(idea.id)
    assert entry.organisation_id == room["session"].organisation_id


def test_hiding_needs_a_reason_and_both_moves_are_audit_logged(room):
    idea = _idea(room)
    with pytest.raises(services.InvalidText):
        services.hide_idea(room["session"], idea, "  ", by=None)
    services.hide_idea(room["session"], idea, "Sisältää henkilötietoja", by=None)
    assert idea.hidden and idea.hidden_reason == "Sisältää henkilötietoja"
    services.unhide_idea(room["session"], idea, by=None)
    assert not idea.hidden
    actions = list(db.session.scalars(
        sa.select(AuditEntry.action).where(AuditEntry.action.like("idea.%"))
        .order_by(AuditEntry.id)))
    assert actions == ["idea.hidden", "idea.unhidden"]


@pytest.mark.parametrize("stage", ["draft", "open", "voting", "results"])
def test_facilitators_organise_ideas_in_every_stage_but_closed(room, stage):
    idea = _idea(room)
    room["session"].stage = Stage(stage)
    cluster = services.create_cluster(room["session"], room["theme"], "Rahoitus")
    services.assign_ideas(room["session"], room["theme"], [idea.id], cluster)
    services.edit_idea(room["session"], idea, "Rahoitus turvattava.", by=None)


def test_nothing_changes_in_a_closed_session(room):
    idea = _idea(room)
    cluster = services.create_cluster(room["session"], room["theme"], "Rahoitus")
    room["session"].stage = Stage.CLOSED
    for change in (
        lambda: services.create_cluster(room["session"], room["theme"], "Uusi"),
        lambda: services.rename_cluster(room["session"], cluster, "Uusi"),
        lambda: services.delete_cluster(room["session"], cluster),
        lambda: services.move_cluster(room["session"], cluster, 1),
        lambda: services.assign_ideas(room["session"], room["theme"], [idea.id], cluster),
        lambda: services.edit_idea(room["session"], idea, "Uusi", by=None),
        lambda: services.hide_idea(room["session"], idea, "Syy", by=None),
        lambda: services.unhide_idea(room["session"], idea, by=None),
    ):
        with pytest.raises(StageClosed):
            change()


def test_ideas_by_theme_gives_every_theme_its_visible_ideas(room):
    session, theme, other = room["session"], room["theme"], room["other_theme"]
    cluster = services.create_cluster(session, theme, "Lapset ja perheet")
    loose = _idea(room, text="Avoin dialogi")
    popular = _idea(room, text="Lapsiperheiden neuvosto")
    quiet = _idea(room, text="Neuvolat")
    hidden = _idea(room, text="Nimi ja puhelinnumero")
    services.assign_ideas(session, theme, [popular.id, quiet.id], cluster)
    services.set_support(session, room["pekka"], popular, True)
    services.hide_idea(session, hidden, "Henkilötietoja", by=None)

    result = services.ideas_by_theme(session)

    assert set(result) == {theme.id, other.id}
    assert result[other.id] == []
    assert result[theme.id] == [
        {"id": popular.id, "text": "Lapsiperheiden neuvosto", "cluster": "Lapset ja perheet",
         "supports": 1, "hidden": False},
        {"id": quiet.id, "text": "Neuvolat", "cluster": "Lapset ja perheet", "supports": 0,
         "hidden": False},
        {"id": loose.id, "text": "Avoin dialogi", "cluster": None, "supports": 0,
         "hidden": False},
    ]
    with_hidden = services.ideas_by_theme(session, include_hidden=True)[theme.id]
    assert {"id": hidden.id, "text": "Nimi ja puhelinnumero", "cluster": None, "supports": 0,
            "hidden": True} in with_hidden


def test_ideas_by_theme_runs_one_query_whatever_the_number_of_ideas(room, app, count_queries):
    for i in range(12):
        idea = _idea(room, text=f"Idea {i}")
        services.set_support(room["session"], room["pekka"], idea, True)
    db.session.flush()
    with count_queries() as statements:
        services.ideas_by_theme(room["session"])
    assert len(statements) == 1


@pytest.fixture
def other_brainstorm(make_session, brainstorm):
    return make_session(title="Toinen", kind="brainstorm", themes=("Kysymys",))


def test_ideas_by_theme_leaves_other_sessions_out(other_brainstorm, room):
    _idea(room)
    other = db.session.get(Session, other_brainstorm)
    assert all(ideas == [] for ideas in services.ideas_by_theme(other).values())


def test_cluster_ordering_follows_positions(room):
    session, theme = room["session"], room["theme"]
    elderly = services.create_cluster(session, theme, "Ikääntyneet")
    children = services.create_cluster(session, theme, "Lapset ja perheet")
    services.move_cluster(session, children, -1)
    services.assign_ideas(session, theme, [_idea(room, text="A").id], elderly)
    services.assign_ideas(session, theme, [_idea(room, text="B").id], children)
    clusters = [idea["cluster"] for idea in services.ideas_by_theme(session)[theme.id]]
    assert clusters == ["Lapset ja perheet", "Ikääntyneet"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Cluster)) == 2
