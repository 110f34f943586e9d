"""Joining a session with its code or link: names, affiliations, groups and refusals."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.sessions.models import Group, Participant, Session, Stage, Theme
from tests.conftest import csrf_token

JOINER = {"display_name": "Maija", "affiliation": "resident", "group": ""}


def _code(app, session_id: int) -> str:
    with app.app_context():
        return db.session.get(Session, session_id).join_code


def _join(client, code: str, **data):
    path = f"/join/{code}"
    return client.post(path, data={"csrf_token": csrf_token(client, path), **JOINER, **data})


def _participants(app, session_id: int) -> list[Participant]:
    with app.app_context():
        rows = db.session.scalars(sa.select(Participant).where(
            Participant.session_id == session_id).order_by(Participant.id)).all()
        db.session.expunge_all()
        return rows


@pytest.fixture
def workshop(app, make_session):
    session_id = make_session()
    return session_id, _code(app, session_id)


def test_typed_code_is_normalised_without_spaces_and_in_capitals(client, workshop):
    _, code = workshop
    typed = f" {code[:3].lower()} {code[3:].lower()} "
    response = client.post("/join", data={"csrf_token": csrf_token(client, "/join"),
                                          "code": typed})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/join/{code}")


def test_unknown_code_shows_the_code_form_with_a_clear_message(client, workshop):
    response = client.get("/join/QQQQQQ")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "No session has this code" in page
    assert 'name="code"' in page and 'aria-invalid="true"' in page


def test_join_page_asks_name_affiliation_and_group(client, workshop):
    _, code = workshop
    page = client.get(f"/join/{code.lower()}").get_data(as_text=True)
    assert 'name="display_name"' in page
    assert page.count('name="affiliation"') == 6
    assert "Put me in a group" in page and "Ryhmä 3" in page


def test_guest_joins_and_lands_on_the_current_theme(app, client, workshop):
    session_id, code = workshop
    response = _join(client, code, display_name="  Maija  ")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/p/{session_id}")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"yhd_p{session_id}=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    home = client.get(f"/p/{session_id}")
    with app.app_context():
        theme_id = db.session.scalar(sa.select(Theme.id).where(Theme.session_id == session_id))
    assert home.headers["Location"].endswith(f"/p/{session_id}/themes/{theme_id}")
    page = client.get(home.headers["Location"]).get_data(as_text=True)
    assert "Welcome, Maija!" in page
    [participant] = _participants(app, session_id)
    assert participant.display_name == "Maija" and participant.user_id is None


def test_guest_cookie_is_secure_in_production(app, client, workshop, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", True)
    _, code = workshop
    assert "Secure" in _join(client, code).headers["Set-Cookie"]


def test_reopening_the_link_on_the_same_device_returns_the_same_participant(
    app, client, workshop
):
    session_id, code = workshop
    _join(client, code)
    again = client.get(f"/join/{code}")
    assert again.status_code == 303
    assert again.headers["Location"].endswith(f"/p/{session_id}")
    assert len(_participants(app, session_id)) == 1


def test_put_me_in_a_group_chooses_the_smallest_group(app, client, workshop, join_as):
    session_id, code = workshop
    join_as(session_id, "Eka", group="Ryhmä 1")
    join_as(session_id, "Toka", group="Ryhmä 2")
    _join(client, code, display_name="Kolmas")
    with app.app_context():
        group = db.session.scalar(sa.select(Group.name).join(
            Participant, Participant.group_id == Group.id).where(
            Participant.display_name == "Kolmas"))
    assert group == "Ryhmä 3"


def test_a_chosen_group_is_kept(app, client, workshop):
    session_id, code = workshop
    with app.app_context():
        group_id = db.session.scalar(sa.select(Group.id).where(Group.name == "Ryhmä 2"))
    _join(client, code, group=str(group_id))
    assert _participants(app, session_id)[0].group_id == group_id


def test_a_group_of_another_session_cannot_be_chosen(app, client, workshop, make_session):
    session_id, code = workshop
    other = make_session(title="Toinen")
    with app.app_context():
        foreign = db.session.scalar(sa.select(Group.id).where(Group.session_id == other))
    response = _join(client, code, group=str(foreign))
    assert response.status_code == 422
    assert _participants(app, session_id) == []


@pytest.mark.parametrize("name", ["x" * 61, "", "   "])
def test_a_missing_or_61_character_name_is_refused(app, client, workshop, name):
    session_id, code = workshop
    response = _join(client, code, display_name=name)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="display_name-error"' in page and 'aria-invalid="true"' in page
    assert _participants(app, session_id) == []


def test_a_60_character_name_is_enough(app, client, workshop):
    session_id, code = workshop
    assert _join(client, code, display_name="x" * 60).status_code == 303
    assert _participants(app, session_id)[0].display_name == "x" * 60


def test_affiliation_is_required(app, client, workshop):
    session_id, code = workshop
    response = _join(client, code, affiliation="")
    assert response.status_code == 422
    assert 'id="affiliation-error"' in response.get_data(as_text=True)


@pytest.mark.parametrize("stage, message", [
    ("draft", "has not opened yet"),
    ("voting", "This session has moved on to voting"),
    ("results", "This session has ended"),
    ("closed", "This session has ended"),
])
def test_a_session_that_is_not_open_refuses_joining_with_a_clear_message(
    app, client, make_session, stage, message
):
    session_id = make_session(stage=stage)
    code = _code(app, session_id)
    for response in (client.get(f"/join/{code}"), _join_without_form(client, code)):
        page = response.get_data(as_text=True)
        assert response.status_code == 403
        assert message in page
        assert 'name="display_name"' not in page
    assert _participants(app, session_id) == []


def _join_without_form(client, code):
    return client.post(f"/join/{code}", data={"csrf_token": csrf_token(client, "/join"),
                                               **JOINER})


def test_a_full_session_refuses_the_next_participant(app, client, make_session, join_as):
    session_id = make_session()
    with app.app_context():
        db.session.get(Session, session_id).max_participants = 1
        db.session.commit()
    join_as(session_id, "Eka")
    response = client.get(f"/join/{_code(app, session_id)}")
    assert response.status_code == 409
    assert "This session is full" in response.get_data(as_text=True)
    assert len(_participants(app, session_id)) == 1


def test_signed_in_user_joins_with_the_account_name(
    app, client, workshop, make_user, login
):
    session_id, code = workshop
    login(make_user("asukas@example.fi", name="Aino Asukas"))
    page = client.get(f"/join/{code}").get_data(as_text=True)
    assert "You join with your account, as Aino Asukas." in page
    assert 'name="display_name"' not in page
    response = _join(client, code, display_name="Somebody Else")  # a forged field is ignored
    assert "Set-Cookie" not in response.headers or "yhd_p" not in response.headers["Set-Cookie"]
    [participant] = _participants(app, session_id)
    assert participant.display_name == "Aino Asukas"
    assert participant.user_id is not None and participant.token_hash is None
    assert client.get(f"/join/{code}").status_code == 303  # known by the account


def test_brainstorm_has_no_groups_and_sends_participants_to_the_ideas(
    app, client, make_session
):
    session_id = make_session(kind="brainstorm")
    code = _code(app, session_id)
    assert 'name="group"' not in client.get(f"/join/{code}").get_data(as_text=True)
    response = _join(client, code)
    assert response.status_code == 303
    home = client.get(f"/p/{session_id}")
    assert home.headers["Location"].endswith(f"/p/{session_id}/ideas")
    assert _participants(app, session_id)[0].group_id is None


def test_a_workshop_turned_brainstorm_offers_and_gives_no_groups(app, client, make_session):
    session_id = make_session(kind="brainstorm")
    with app.app_context():  # groups left from when the draft was a workshop
        db.session.add(Group(session_id=session_id, name="Ryhmä 1", position=1))
        db.session.commit()
        group_id = db.session.scalar(sa.select(Group.id).where(Group.session_id == session_id))
    code = _code(app, session_id)
    assert 'name="group"' not in client.get(f"/join/{code}").get_data(as_text=True)
    assert _join(client, code, group=str(group_id)).status_code == 303
    assert _participants(app, session_id)[0].group_id is None


def test_session_home_is_404_for_someone_who_has_not_joined(client, workshop):
    session_id, _ = workshop
    assert client.get(f"/p/{session_id}").status_code == 404
    assert client.get("/p/99999").status_code == 404


def test_session_home_opens_the_theme_marked_current(app, workshop, join_as):
    session_id, _ = workshop
    with app.app_context():
        first = db.session.scalar(sa.select(Theme).where(Theme.session_id == session_id))
        first.is_current = False
        second = Theme(session_id=session_id, title="Toinen", position=5, is_current=True)
        db.session.add(second)
        db.session.commit()
        second_id = second.id
    guest, _ = join_as(session_id)
    location = guest.get(f"/p/{session_id}").headers["Location"]
    assert location.endswith(f"/themes/{second_id}")


def test_session_home_without_themes_asks_to_wait(app, make_session, join_as):
    session_id = make_session(themes=())
    guest, _ = join_as(session_id)
    response = guest.get(f"/p/{session_id}")
    assert response.status_code == 200
    assert "has not added anything to work on yet" in response.get_data(as_text=True)


def test_a_name_with_html_is_shown_as_text(app, client, workshop):
    session_id, code = workshop
    client.get(_join(client, code, display_name="<b>Maija</b>").headers["Location"])
    page = client.get(client.get(f"/p/{session_id}").headers["Location"]).get_data(as_text=True)
    assert "&lt;b&gt;Maija&lt;/b&gt;" in page and "<b>Maija</b>" not in page


def test_stage_check_on_session_home_uses_the_stage(app, workshop, join_as):
    """A participant keeps their way in after group work ends (the page is read-only)."""
    session_id, _ = workshop
    guest, _ = join_as(session_id)
    with app.app_context():
        db.session.get(Session, session_id).stage = Stage.VOTING
        db.session.commit()
    assert guest.get(f"/p/{session_id}").status_code == 302


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_sessions_own_texts_carry_its_language_on_a_page_in_another(
        app, client, workshop, language):
    """A Swedish-speaking participant reads a Finnish workshop: a screen reader must read
    its title in Finnish and the page's own words in Swedish (WCAG 3.1.2)."""
    session_id, code = workshop
    with app.app_context():
        session = db.session.get(Session, session_id)
        session.language = language
        session.description = "Mitä strategiassa pitää sanoa?"
        db.session.commit()
    page = client.get(f"/join/{code}", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert '<html lang="sv">' in page
    assert f'<h1 lang="{language}">Strategiatyöpaja</h1>' in page
    assert f'<p class="lead" lang="{language}">Mitä strategiassa pitää sanoa?</p>' in page
