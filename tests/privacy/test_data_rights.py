"""A user's data rights: everything stored about their account, and deleting it."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from app.api.models import ApiToken
from app.api.services import issue_token
from app.audit.models import AuditEntry
from app.auth.models import SignIn, User
from app.auth.services import find_user
from app.brainstorm.models import Idea
from app.brainstorm.services import add_idea
from app.extensions import db
from app.groupwork.models import Priority
from app.groupwork.services import save_slot
from app.organisations.models import Membership, Role
from app.privacy.data_rights import LastAdmin, delete_account, export_user_data
from app.sessions.models import Affiliation, Group, Participant, Session, Stage, Theme
from app.sessions.services import join_session
from app.voting.ballots import save_ballot
from app.voting.models import Mode, Target
from app.voting.rounds import open_round

EMAIL = "fasi@example.fi"


@pytest.fixture
def person(app, make_org, make_user, make_session, login):
    """Fasi: facilitator of "kunta" (whose admin is someone else), signed in on the test
    client, with an API token; took part in a workshop (place 1 of Ryhmä 1's list) and a
    brainstorm (an idea) while signed in."""
    make_org("kunta")
    make_user("paakayttaja@example.fi", org="kunta", role="admin", name="Pää Käyttäjä")
    make_user(EMAIL, org="kunta", role="facilitator")
    login(EMAIL)
    workshop = make_session(org="kunta")
    brainstorm = make_session(org="kunta", title="Ideariihi", kind="brainstorm",
                              themes=("Kysymys",))
    with app.app_context():
        user = find_user(EMAIL)
        issue_token(user)
        session = db.session.get(Session, workshop)
        group = db.session.scalar(sa.select(Group).where(Group.session_id == workshop,
                                                         Group.name == "Ryhmä 1"))
        theme = db.session.scalar(sa.select(Theme).where(Theme.session_id == workshop))
        member, _ = join_session(session, user.display_name, Affiliation.STAFF, group, user=user)
        save_slot(session, member, theme, 1, "Tilat maksutta", "Yhdistykset tarvitsevat tiloja.",
                  0)
        ideas = db.session.get(Session, brainstorm)
        question = db.session.scalar(sa.select(Theme).where(Theme.session_id == brainstorm))
        thinker, _ = join_session(ideas, user.display_name, Affiliation.STAFF, user=user)
        add_idea(ideas, thinker, question, "Digituki kirjastoihin")
        db.session.commit()
    return {"workshop": workshop, "brainstorm": brainstorm}


def _export(app) -> dict:
    with app.app_context():
        return export_user_data(find_user(EMAIL))


# --- export ---------------------------------------------------------------------------


def test_the_export_has_the_account_memberships_sign_ins_and_tokens(app, person):
    data = _export(app)
    assert data["account"]["email"] == EMAIL
    assert data["account"]["display_name"] == "Fasi Litaattori"
    assert data["memberships"] == [{"organisation": "Esimerkin kunta", "slug": "kunta",
                                    "role": "facilitator",
                                    "since": data["memberships"][0]["since"]}]
    assert len(data["sign_ins"]) == 1 and data["sign_ins"][0]["started_at"]
    assert len(data["api_tokens"]) == 1
    assert set(data["api_tokens"][0]) == {"name", "created_at", "last_used_at"}


def test_the_export_holds_no_secret(app, person):
    dumped = json.dumps(_export(app))
    with app.app_context():
        user = find_user(EMAIL)
        secrets = [user.password_hash, user.session_token,
                   *db.session.scalars(sa.select(ApiToken.token_hash)),
                   *db.session.scalars(sa.select(SignIn.token_hash))]
    assert all(secret not in dumped for secret in secrets)


def test_the_export_has_the_sessions_joined_with_their_own_texts(app, person):
    joined = {entry["session"]["title"]: entry for entry in _export(app)["participation"]}
    workshop, brainstorm = joined["Strategiatyöpaja"], joined["Ideariihi"]
    assert workshop["group"] == "Ryhmä 1" and workshop["affiliation"] == "staff"
    [place] = workshop["priorities_last_edited"]
    assert (place["rank"], place["title"], place["reasoning"]) == (
        1, "Tilat maksutta", "Yhdistykset tarvitsevat tiloja.")
    assert [idea["text"] for idea in brainstorm["ideas"]] == ["Digituki kirjastoihin"]


def test_the_export_has_their_words_that_another_member_replaced(app, person):
    with app.app_context():
        session = db.session.get(Session, person["workshop"])
        group = db.session.scalar(sa.select(Group).where(Group.session_id == session.id,
                                                         Group.name == "Ryhmä 1"))
        theme = db.session.scalar(sa.select(Theme).where(Theme.session_id == session.id))
        other, _ = join_session(session, "Maija", Affiliation.RESIDENT, group)
        save_slot(session, other, theme, 1, "Kirjasto auki", "Illat.", 1, replacing=True)
        db.session.commit()
    [workshop] = [entry for entry in _export(app)["participation"]
                  if entry["session"]["title"] == "Strategiatyöpaja"]
    [kept] = workshop["texts_replaced_by_others"]
    assert (kept["rank"], kept["title"], kept["reasoning"]) == (
        1, "Tilat maksutta", "Yhdistykset tarvitsevat tiloja.")
    assert workshop["priorities_last_edited"] == []  # the place is Maija's text now


def test_the_export_has_the_audit_entries_about_them(app, person):
    entries = _export(app)["audit"]
    added = [e for e in entries if e["action"] == "membership.added"]
    assert len(added) == 1 and added[0]["after"] == {"user": EMAIL, "role": "facilitator"}
    assert added[0]["by_you"] is False


# --- deletion ----------------------------------------------------------------------------


def test_deleting_removes_the_account_memberships_sign_ins_and_tokens(app, person):
    with app.app_context():
        user_id = find_user(EMAIL).id
        delete_account(find_user(EMAIL))
        db.session.commit()
        assert db.session.get(User, user_id) is None
        for model in (Membership, SignIn, ApiToken):
            assert db.session.scalar(sa.select(sa.func.count()).select_from(model).where(
                model.user_id == user_id)) == 0


def test_their_texts_stay_under_deleted_user(app, person):
    with app.app_context():
        delete_account(find_user(EMAIL))
        db.session.commit()
        participants = db.session.scalars(sa.select(Participant).order_by(Participant.id)).all()
        assert [p.display_name for p in participants] == ["Poistettu käyttäjä"] * 2
        assert all(p.user_id is None for p in participants)
        place = db.session.scalar(sa.select(Priority))
        assert (place.title, place.last_editor_id) == ("Tilat maksutta", participants[0].id)
        idea = db.session.scalar(sa.select(Idea))
        assert (idea.text, idea.participant_id) == ("Digituki kirjastoihin", participants[1].id)


def test_the_audit_log_keeps_what_happened_without_the_address(app, person):
    with app.app_context():
        user_id = find_user(EMAIL).id
        delete_account(find_user(EMAIL))
        db.session.commit()
        entries = db.session.scalars(sa.select(AuditEntry)).all()
        assert EMAIL not in json.dumps([[e.actor_label, e.before, e.after] for e in entries])
        deleted = [e for e in entries if e.action == "user.deleted"]
        assert [(e.object_type, e.object_id) for e in deleted] == [("users", str(user_id))]


def test_the_deleted_account_is_signed_out(app, client, person):
    assert client.get("/account/password").status_code == 200
    with app.app_context():
        delete_account(find_user(EMAIL))
        db.session.commit()
    assert client.get("/account/password").status_code == 302


def test_the_only_admin_of_an_organisation_is_refused_with_its_name(app, person, make_user):
    with app.app_context():
        admin = find_user("paakayttaja@example.fi")
        with pytest.raises(LastAdmin) as refused:
            delete_account(admin)
        db.session.rollback()
        assert refused.value.status == 409
        assert "Esimerkin kunta" in str(refused.value.message)
        assert find_user("paakayttaja@example.fi") is not None


def test_an_admin_with_another_admin_beside_them_may_go(app, person):
    with app.app_context():
        fasi = db.session.scalar(sa.select(Membership).join(User).where(User.email == EMAIL))
        fasi.role = Role.ADMIN
        db.session.commit()
        delete_account(find_user("paakayttaja@example.fi"))
        db.session.commit()
        assert find_user("paakayttaja@example.fi") is None


def test_the_export_has_their_plenary_votes(app, person):
    with app.app_context():
        user = find_user(EMAIL)
        ideas = db.session.get(Session, person["brainstorm"])
        question = db.session.scalar(sa.select(Theme).where(Theme.session_id == ideas.id))
        thinker = db.session.scalar(sa.select(Participant).where(
            Participant.session_id == ideas.id, Participant.user_id == user.id))
        ideas.stage = Stage.OPEN
        add_idea(ideas, thinker, question, "Pyöräparkit asemalle")
        ideas.stage = Stage.VOTING
        vote_round = open_round(ideas, question, Mode.APPROVAL, user, target=Target.IDEAS,
                                budget=1)
        save_ballot(ideas, thinker, vote_round, {vote_round.options[0].id: 1})
        db.session.commit()
    joined = {entry["session"]["title"]: entry for entry in _export(app)["participation"]}
    [vote] = joined["Ideariihi"]["plenary_votes"]
    assert (vote["theme"], vote["option"], vote["count"]) == (
        "Kysymys", "Digituki kirjastoihin", 1)
    assert joined["Strategiatyöpaja"]["plenary_votes"] == []
