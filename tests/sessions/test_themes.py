"""Themes and background items: add, edit, reorder, one current theme, paste a list,
the number of priorities fixed once groups have written, and setup frozen by the stage."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.extensions import db
from app.groupwork import services as groupwork
from app.sessions.models import BackgroundItem, Participant, Session, Theme
from tests.sessions.conftest import post, text_of

PASTE = """- Järjestöjen toimintaedellytykset
  turvataan kumppanuudella
• Avustusten tilastot julkisiksi
  1. Osallistuva budjetointi
"""


@pytest.fixture
def workshop(orgs, make_session, ids):
    return ids(make_session(themes=("Palvelulupaus", "Toimintaedellytykset", "Rakenteet")))


@pytest.fixture
def client(sign_in):
    return sign_in("facilitator")


def _themes(app, session_id):
    with app.app_context():
        return [(t.title, t.position, t.is_current, t.picks) for t in db.session.scalars(
            sa.select(Theme).where(Theme.session_id == session_id)
            .order_by(Theme.position, Theme.id))]


def _items(app, theme_id):
    with app.app_context():
        return [(i.text, i.source) for i in db.session.scalars(
            sa.select(BackgroundItem).where(BackgroundItem.theme_id == theme_id)
            .order_by(BackgroundItem.position, BackgroundItem.id))]


def test_a_theme_is_added_at_the_end(app, workshop, client):
    response = post(client, f"/sessions/{workshop['s']}/themes",
                    {"theme-title": "Viestintä", "theme-prompt": "Valitkaa kolme.",
                     "theme-picks": "5"}, prefix="theme")
    assert response.status_code == 302
    assert response.location.endswith(f"/sessions/{workshop['s']}#theme-" +
                                       response.location.rsplit("-", 1)[1])
    assert _themes(app, workshop["s"])[-1] == ("Viestintä", 3, False, 5)


def test_the_first_theme_of_a_new_session_becomes_current(app, orgs, make_session, client):
    session_id = make_session(themes=(), stage="draft")
    post(client, f"/sessions/{session_id}/themes", {"theme-title": "Eka", "theme-picks": "3"},
         prefix="theme")
    post(client, f"/sessions/{session_id}/themes", {"theme-title": "Toka", "theme-picks": "3"},
         prefix="theme")
    assert [(t[0], t[2]) for t in _themes(app, session_id)] == [("Eka", True), ("Toka", False)]


@pytest.mark.parametrize("data,field", [
    ({"theme-title": "", "theme-picks": "3"}, "theme-title"),
    ({"theme-title": "x" * 201, "theme-picks": "3"}, "theme-title"),
    ({"theme-title": "Teema", "theme-picks": "11"}, "theme-picks"),
    ({"theme-title": "Teema", "theme-picks": "0"}, "theme-picks"),
])
def test_a_bad_theme_comes_back_with_its_field_error(app, workshop, client, data, field):
    response = post(client, f"/sessions/{workshop['s']}/themes", data, prefix="theme")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert re.search(rf'aria-describedby="[^"]*{field}-error"', html)
    assert len(_themes(app, workshop["s"])) == 3


def test_themes_move_up_and_down(app, workshop, client):
    post(client, f"/sessions/{workshop['s']}/themes/{workshop['t']}/move",
         {"direction": "down"})
    assert [t[0] for t in _themes(app, workshop["s"])] == [
        "Toimintaedellytykset", "Palvelulupaus", "Rakenteet"]
    post(client, f"/sessions/{workshop['s']}/themes/{workshop['t']}/move", {"direction": "up"})
    post(client, f"/sessions/{workshop['s']}/themes/{workshop['t']}/move", {"direction": "up"})
    assert [t[0] for t in _themes(app, workshop["s"])] == [
        "Palvelulupaus", "Toimintaedellytykset", "Rakenteet"]


def test_a_move_in_an_unknown_direction_is_refused(workshop, client):
    response = post(client, f"/sessions/{workshop['s']}/themes/{workshop['t']}/move",
                    {"direction": "sideways"})
    assert response.status_code == 422


def test_the_move_buttons_say_what_moves_where(workshop, client):
    page = client.get(f"/sessions/{workshop['s']}").get_data(as_text=True)
    assert 'aria-label="Move “Toimintaedellytykset” up to place 1"' in page
    assert 'aria-label="Move “Palvelulupaus” down to place 2"' in page
    assert 'aria-label="Move “Palvelulupaus” up' not in page  # first has no Up


def test_exactly_one_theme_is_current(app, workshop, client):
    with app.app_context():
        last = db.session.scalar(sa.select(Theme.id).where(Theme.title == "Rakenteet"))
    response = post(client, f"/sessions/{workshop['s']}/themes/{last}/current")
    assert response.status_code == 302
    assert [t[2] for t in _themes(app, workshop["s"])] == [False, False, True]


@pytest.mark.parametrize("stage", ["draft", "open", "voting", "results"])
def test_make_current_returns_to_a_safe_next_page(app, orgs, make_session, ids, client, stage):
    where = ids(make_session(stage=stage))
    path = f"/sessions/{where['s']}/themes/{where['t']}/current"
    assert post(client, path, {"next": "/live/1/projector"}).location == "/live/1/projector"
    for unsafe in ("https://evil.example/", "//evil.example/", "/\\evil"):
        assert post(client, path, {"next": unsafe}).location.endswith(
            f"/sessions/{where['s']}#theme-{where['t']}")


def test_make_current_is_refused_once_closed(app, orgs, make_session, ids, client):
    where = ids(make_session(stage="closed"))
    response = post(client, f"/sessions/{where['s']}/themes/{where['t']}/current")
    assert response.status_code == 409


def test_deleting_the_current_theme_makes_the_next_one_current(app, workshop, client):
    response = post(client, f"/sessions/{workshop['s']}/themes/{workshop['t']}/delete")
    assert response.status_code == 302
    assert [(t[0], t[2]) for t in _themes(app, workshop["s"])] == [
        ("Toimintaedellytykset", True), ("Rakenteet", False)]
    assert _items(app, workshop["t"]) == []
    with app.app_context():
        assert db.session.scalar(sa.select(AuditEntry).where(
            AuditEntry.action == "theme.deleted")).before == {"title": "Palvelulupaus"}


def _group_saves_a_priority(app, session_id, theme_id, join_as):
    _, participant_id = join_as(session_id)
    with app.app_context():
        session = db.session.get(Session, session_id)
        groupwork.save_slot(session, db.session.get(Participant, participant_id),
                            db.session.get(Theme, theme_id), 1, "Tilat", "Koska.", 0)
        db.session.commit()


def test_picks_are_locked_once_a_group_has_saved_priorities(app, workshop, client, join_as):
    _group_saves_a_priority(app, workshop["s"], workshop["t"], join_as)
    path = f"/sessions/{workshop['s']}/themes/{workshop['t']}/edit"
    response = post(client, path, {"title": "Palvelulupaus 2", "picks": "5"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert 'id="picks-error"' in html and "already saved priorities" in html
    assert 'value="Palvelulupaus 2"' in html  # the typed title is still there
    assert _themes(app, workshop["s"])[0][3] == 3
    # Other changes still go through when the number stays.
    assert post(client, path, {"title": "Palvelulupaus 2", "picks": "3"}).status_code == 302
    assert _themes(app, workshop["s"])[0][0] == "Palvelulupaus 2"


def test_a_theme_with_answers_cannot_be_deleted(app, workshop, client, join_as):
    _group_saves_a_priority(app, workshop["s"], workshop["t"], join_as)
    response = post(client, f"/sessions/{workshop['s']}/themes/{workshop['t']}/delete")
    assert response.status_code == 409
    assert "cannot be deleted" in text_of(response)
    assert len(_themes(app, workshop["s"])) == 3


def test_pasting_a_list_adds_one_item_per_line_with_one_source(app, workshop, client):
    prefix = f"paste-{workshop['t']}"
    response = post(client, f"/sessions/{workshop['s']}/themes/{workshop['t']}/paste",
                    {f"{prefix}-text": PASTE, f"{prefix}-source": "Braxin raportti"},
                    prefix=prefix)
    assert response.status_code == 302
    assert _items(app, workshop["t"])[2:] == [
        ("Järjestöjen toimintaedellytykset turvataan kumppanuudella", "Braxin raportti"),
        ("Avustusten tilastot julkisiksi", "Braxin raportti"),
        ("Osallistuva budjetointi", "Braxin raportti"),
    ]
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(
            AuditEntry.action == "background_items.pasted"))
        assert entry.after == {"count": 3, "source": "Braxin raportti"}


def test_sources_already_used_are_offered_in_a_datalist(workshop, client):
    page = client.get(f"/sessions/{workshop['s']}").get_data(as_text=True)
    assert '<datalist id="session-sources">' in page
    assert '<option value="PoPSTer-lausunto">' in page
    assert 'list="session-sources"' in page


@pytest.mark.parametrize("text", ["", "   \n- \n•"])
def test_an_empty_paste_comes_back_with_an_error(app, workshop, client, text):
    prefix = f"paste-{workshop['t']}"
    response = post(client, f"/sessions/{workshop['s']}/themes/{workshop['t']}/paste",
                    {f"{prefix}-text": text}, prefix=prefix)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{prefix}-text-error"' in html
    assert '<details class="add-items" open' in html
    assert len(_items(app, workshop["t"])) == 2


def test_a_paste_of_too_many_items_is_refused(app, workshop, client):
    prefix = f"paste-{workshop['t']}"
    text = "\n".join(f"- Asia {n}" for n in range(201))
    response = post(client, f"/sessions/{workshop['s']}/themes/{workshop['t']}/paste",
                    {f"{prefix}-text": text}, prefix=prefix)
    assert response.status_code == 422
    assert "at most 200" in response.get_data(as_text=True)


def test_one_item_is_added_deleted_and_moved(app, workshop, client):
    prefix = f"item-{workshop['t']}"
    post(client, f"/sessions/{workshop['s']}/themes/{workshop['t']}/items",
         {f"{prefix}-text": "Kolmas", f"{prefix}-source": "PoPSTer-lausunto"}, prefix=prefix)
    assert _items(app, workshop["t"])[-1] == ("Kolmas", "PoPSTer-lausunto")
    with app.app_context():
        third = db.session.scalar(sa.select(BackgroundItem.id).where(
            BackgroundItem.text == "Kolmas"))
    post(client, f"/sessions/{workshop['s']}/items/{third}/move", {"direction": "up"})
    assert [t for t, _ in _items(app, workshop["t"])] == [
        "Palvelulupaus: tausta 1", "Kolmas", "Palvelulupaus: tausta 2"]
    post(client, f"/sessions/{workshop['s']}/items/{workshop['i']}/delete")
    assert [t for t, _ in _items(app, workshop["t"])] == ["Kolmas", "Palvelulupaus: tausta 2"]


@pytest.mark.parametrize("stage", ["voting", "results", "closed"])
def test_setup_is_frozen_after_group_work(app, orgs, make_session, ids, client, stage):
    where = ids(make_session(stage=stage))
    prefix = f"paste-{where['t']}"
    response = post(client, f"/sessions/{where['s']}/themes/{where['t']}/paste",
                    {f"{prefix}-text": "- Myöhässä tullut asia"}, prefix=prefix)
    assert response.status_code == 409
    assert "can no longer be changed" in text_of(response)
    assert "Myöhässä tullut asia" in response.get_data(as_text=True)  # kept to copy
    for path in (f"/sessions/{where['s']}/themes/{where['t']}/delete",
                 f"/sessions/{where['s']}/items/{where['i']}/delete"):
        assert post(client, path).status_code == 409
    assert len(_items(app, where["t"])) == 2


def test_a_refusal_for_htmx_goes_to_the_alert_region(orgs, make_session, ids, client):
    where = ids(make_session(stage="closed"))
    response = post(client, f"/sessions/{where['s']}/themes/{where['t']}/delete",
                    headers={"HX-Request": "true"})
    assert response.status_code == 409
    assert response.headers["HX-Retarget"] == "#htmx-alert"


def test_the_setup_forms_are_hidden_once_frozen(orgs, make_session, client):
    session_id = make_session(stage="voting")
    page = client.get(f"/sessions/{session_id}").get_data(as_text=True)
    assert "/paste" not in page and "/groups/make" not in page
    assert "The setup is frozen at this stage." in page


def test_a_brainstorm_has_questions_and_no_groups(orgs, make_session, client):
    session_id = make_session(kind="brainstorm", themes=("Mitä odotatte?",), stage="draft")
    page = text_of(client.get(f"/sessions/{session_id}"))
    assert "Questions" in page and "Add a question" in page
    assert "Groups" not in page and "Number of priorities" not in page
    response = post(client, f"/sessions/{session_id}/groups/make", {"make-count": "2"},
                    prefix="make")
    assert response.status_code == 409


def test_a_brainstorm_question_is_edited_without_a_number_of_priorities(app, orgs,
                                                                         make_session, ids,
                                                                         client):
    where = ids(make_session(kind="brainstorm", themes=("Mitä odotatte?",), stage="open"))
    path = f"/sessions/{where['s']}/themes/{where['t']}/edit"
    page = text_of(client.get(path))
    assert "Question" in page and "Number of priorities" not in page
    response = post(client, path, {"title": "Mitä odotatte yhteistyöltä?", "prompt": "Lyhyesti."})
    assert response.status_code == 302
    assert _themes(app, where["s"]) == [("Mitä odotatte yhteistyöltä?", 0, True, 3)]
