"""The group page: what a participant sees, who may see it, and how many queries it takes."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.auth.models import User
from app.extensions import db
from app.groupwork import services
from app.sessions.models import Affiliation, BackgroundItem, Participant, Session, Stage, Theme
from app.sessions.services import join_session
from tests.conftest import csrf_token
from tests.groupwork.conftest import HTMX, post, save, text


def _set(app, session_id, **values):
    with app.app_context():
        session = db.session.get(Session, session_id)
        for name, value in values.items():
            setattr(session, name, value)
        db.session.commit()


def test_page_shows_theme_prompt_tabs_group_members_and_items(workshop, join_as):
    maija, _ = join_as(workshop.id, "Maija")
    join_as(workshop.id, "Pekka")
    join_as(workshop.id, "Liisa", group="Ryhmä 2")
    page = text(maija.get(workshop.page))
    assert '<h1 lang="fi">Palvelulupaus</h1>' in page
    assert "Valitkaa kolme tärkeintä asiaa perusteluineen." in page
    assert f'href="/p/{workshop.id}/themes/{workshop.other_theme}"' in page
    assert "<strong>Ryhmä 1</strong>" in page and "Maija (you)" in page and "Pekka" in page
    assert "Liisa" not in page
    assert "Palvelulupaus: tausta 1" in page and "Source: PoPSTer-lausunto" in page
    assert page.count('class="slot"') == 3
    assert 'aria-label="Move place 1 down to place 2"' in page


def test_saved_places_show_their_text_and_last_editor(workshop, join_as):
    maija, _ = join_as(workshop.id, "Maija")
    pekka, _ = join_as(workshop.id, "Pekka")
    save(pekka, workshop, 1, "Tilat", "Tiloja tarvitaan.")
    page = text(maija.get(workshop.page))
    assert 'value="Tilat"' in page and "Tiloja tarvitaan.</textarea>" in page
    assert "Last saved by Pekka" in page
    assert 'aria-label="Move “Tilat” down to place 2"' in page


def test_meeting_link_is_shown_to_joined_participants_only(app, client, workshop, join_as):
    _set(app, workshop.id, meeting_url="https://meet.example.fi/ryhma")
    maija, _ = join_as(workshop.id)
    assert 'href="https://meet.example.fi/ryhma"' in text(maija.get(workshop.page))
    with app.app_context():
        code = db.session.get(Session, workshop.id).join_code
    assert "meet.example.fi" not in text(client.get(f"/join/{code}"))


def test_a_meeting_link_that_is_not_a_web_address_is_not_linked(app, workshop, join_as):
    _set(app, workshop.id, meeting_url="javascript:alert(1)")
    maija, _ = join_as(workshop.id)
    assert "javascript:" not in text(maija.get(workshop.page))


@pytest.mark.parametrize("stage, notice", [
    ("voting", "moved on to voting"), ("results", "showing its results"),
    ("closed", "The session has closed"), ("draft", "has not opened yet"),
])
def test_other_stages_show_a_read_only_list_with_a_notice(app, workshop, join_as, stage, notice):
    maija, _ = join_as(workshop.id)
    save(maija, workshop, 1, "Tilat", "Tiloja tarvitaan.")
    _set(app, workshop.id, stage=Stage(stage))
    page = text(maija.get(workshop.page))
    assert notice in page
    assert 'Place 1: <span lang="fi">Tilat</span>' in page and "Tiloja tarvitaan." in page
    group_list = page.split('id="group-work"')[1]
    assert "<form method=\"post\" action=\"/p/" not in group_list
    assert "hx-trigger" not in group_list  # only the vote panel above it keeps polling


def test_participant_without_a_group_is_told_to_ask_for_one(app, workshop, join_as):
    loner, loner_id = join_as(workshop.id, "Yksin")
    with app.app_context():
        db.session.get(Participant, loner_id).group_id = None
        db.session.commit()
    page = text(loner.get(workshop.page))
    assert "You are not in a group yet" in page
    assert 'class="slot"' not in page
    response = save(loner, workshop, 1, "Tilat")
    assert response.status_code == 409 and "You are not in a group yet" in text(response)


def test_text_with_html_and_script_is_shown_as_text(app, workshop, join_as):
    maija, _ = join_as(workshop.id, '<img src=x onerror="alert(1)">')
    with app.app_context():
        db.session.add(BackgroundItem(theme_id=workshop.theme, text="<script>alert(2)</script>",
                                      source="<i>lähde</i>"))
        db.session.commit()
    save(maija, workshop, 1, '"><script>alert(3)</script>', "<b>perustelu</b>")
    page = text(maija.get(workshop.page))
    for raw in ("<script>alert", "<img src=x", "<b>perustelu", "<i>lähde"):
        assert raw not in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert "&lt;b&gt;perustelu&lt;/b&gt;" in page
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page
    assert 'aria-label="Move “&#34;&gt;&lt;script&gt;alert(3)&lt;/script&gt;” down' in page


# --- who may see and change it ----------------------------------------------


@pytest.fixture
def outsiders(app, client, workshop, make_session, join_as, make_user, login, make_org):
    """Callers who are not participants of the workshop: each returns a ready client."""
    make_org("naapuri", "Naapurikunta")

    def guest():
        return app.test_client()

    def own_facilitator():
        login(make_user("fasi@example.fi", org="kunta"))
        return client

    def other_facilitator():
        login(make_user("muu@example.fi", org="naapuri"))
        return client

    def other_session_participant():
        other = make_session(title="Toinen")
        return join_as(other, "Vieras")[0]

    return {"guest": guest, "own facilitator": own_facilitator,
            "other organisation's facilitator": other_facilitator,
            "participant of another session": other_session_participant}


CALLER = ["guest", "own facilitator", "other organisation's facilitator",
          "participant of another session"]


@pytest.mark.parametrize("caller", CALLER)
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_the_group_page_is_404_for_non_participants(workshop, outsiders, caller, headers):
    assert outsiders[caller]().get(workshop.page, headers=headers).status_code == 404


@pytest.mark.parametrize("caller", CALLER)
def test_non_participants_cannot_save_move_use_or_submit(app, workshop, outsiders, caller):
    visitor = outsiders[caller]()
    token = csrf_token(visitor, "/login")
    item = _first_item(app, workshop.theme)
    for path, data in [
        ("slots/1", {"slot-1-title": "Murto", "slot-1-version": 0}),
        ("slots/1/move", {"version": 0, "direction": "down"}),
        (f"items/{item}/use", {}),
        ("submit", {}),
    ]:
        for headers in ({}, HTMX):
            response = visitor.post(f"{workshop.base}/{path}", headers=headers,
                                    data={"csrf_token": token, "slot-1-csrf_token": token,
                                          **data})
            assert response.status_code == 404, path


def _first_item(app, theme_id: int) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(BackgroundItem.id).where(
            BackgroundItem.theme_id == theme_id).order_by(BackgroundItem.position))


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_guessing_ids_of_another_session_is_404(workshop, make_session, join_as, app, headers):
    maija, _ = join_as(workshop.id)
    other = make_session(title="Toinen")
    with app.app_context():
        other_theme = db.session.scalar(sa.select(Theme.id).where(Theme.session_id == other))
    for path in (f"/p/{other}/themes/{other_theme}", f"/p/{workshop.id}/themes/{other_theme}",
                 f"/p/{workshop.id}/themes/999999", "/p/999999/themes/1"):
        assert maija.get(path, headers=headers).status_code == 404, path
    token = csrf_token(maija, workshop.page)
    response = maija.post(f"/p/{workshop.id}/themes/{other_theme}/slots/1", headers=headers,
                          data={"slot-1-csrf_token": token, "slot-1-title": "Murto",
                                "slot-1-version": 0})
    assert response.status_code == 404
    foreign_item = _first_item(app, other_theme)
    assert post(maija, workshop, f"items/{foreign_item}/use").status_code == 404


def test_each_group_sees_and_edits_only_its_own_list(app, workshop, join_as):
    maija, _ = join_as(workshop.id, "Maija")
    liisa, _ = join_as(workshop.id, "Liisa", group="Ryhmä 2")
    save(maija, workshop, 1, "Ryhmän 1 otsikko")
    assert "Ryhmän 1 otsikko" not in text(liisa.get(workshop.page))
    assert "Ryhmän 1 otsikko" not in text(liisa.get(workshop.page, headers=HTMX))
    # A forged group id is ignored: the group always comes from the participant.
    response = save(liisa, workshop, 1, "Liisan otsikko",
                    extra={"group_id": workshop.groups[0], "slot-1-group_id": workshop.groups[0]})
    assert response.status_code == 303
    assert 'value="Ryhmän 1 otsikko"' in text(maija.get(workshop.page))
    assert 'value="Liisan otsikko"' in text(liisa.get(workshop.page))


def test_a_participant_cannot_write_another_groups_list_through_the_paper_form(
        app, workshop, join_as):
    """The only address that names a group is the facilitator's paper form: a member of
    the session who tries it for another group is refused (403), and that list is unchanged."""
    maija, _ = join_as(workshop.id, "Maija")
    liisa, _ = join_as(workshop.id, "Liisa", group="Ryhmä 2")
    save(liisa, workshop, 1, "Liisan ryhmän otsikko")
    paper = f"/sessions/{workshop.id}/groups/{workshop.groups[1]}/themes/{workshop.theme}/paper"
    token = csrf_token(maija, workshop.page)
    forged = {"csrf_token": token}
    for index, title in enumerate(["Murto", "Toinen", "Kolmas"]):
        forged[f"slots-{index}-title"] = title
        forged[f"slots-{index}-reasoning"] = "Maija kirjoittaa toisen ryhmän listaan."
    for headers in ({}, HTMX):
        assert maija.get(paper, headers=headers).status_code == 403
        response = maija.post(paper, data=forged, headers=headers)
        assert response.status_code == 403
        assert "You do not have permission" in text(response)
    # The refusal leads back to the participant's own pages.
    assert f'href="/p/{workshop.id}">Back to the session</a>' in text(maija.get(paper))
    page = text(liisa.get(workshop.page))
    assert 'value="Liisan ryhmän otsikko"' in page and "Murto" not in page


def test_a_signed_in_participant_is_known_by_the_account(
    app, client, workshop, make_user, login
):
    login(make_user("asukas@example.fi", name="Aino"))
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "asukas@example.fi"))
        join_session(db.session.get(Session, workshop.id), "Aino", Affiliation.RESIDENT, user=user)
        db.session.commit()
    assert "Aino (you)" in text(client.get(workshop.page))
    assert client.get(workshop.page, headers=HTMX).status_code == 200


# --- queries -----------------------------------------------------------------


def _busy_workshop(app, make_session, join_as, groups: int):
    session_id = make_session(groups=groups, themes=("Yksi", "Kaksi", "Kolme"))
    clients = [join_as(session_id, f"Jäsen {g}-{m}", group=f"Ryhmä {g}")
               for g in range(1, groups + 1) for m in (1, 2)]
    with app.app_context():
        session = db.session.get(Session, session_id)
        themes = db.session.scalars(sa.select(Theme).where(Theme.session_id == session_id)).all()
        for _, participant_id in clients[::2]:
            participant = db.session.get(Participant, participant_id)
            for theme in themes:
                for rank in (1, 2, 3):
                    services.save_slot(session, participant, theme, rank, f"Otsikko {rank}",
                                       "Perustelu", 0)
        db.session.commit()
        return session_id, themes[0].id, clients[0][0]


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_the_page_takes_the_same_number_of_queries_for_2_and_6_groups(
    app, make_session, join_as, count_queries, headers
):
    counts = []
    for groups in (2, 6):
        session_id, theme_id, member = _busy_workshop(app, make_session, join_as, groups)
        with count_queries() as statements:
            response = member.get(f"/p/{session_id}/themes/{theme_id}", headers=headers)
        assert response.status_code == 200 and "Otsikko 3" in text(response)
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 9
