""""Keep my text" in a conflict never wipes the other member's words silently: their text is
kept, the group page shows it, and its writer's phone says that it was replaced."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.groupwork.models import PriorityReplacement
from tests.groupwork.conftest import save, text
from tests.groupwork.test_editing import _rows


def _conflict_then_keep(maija, pekka, ws, mine=("Maijan tilat", "Maijan perustelu")):
    """Maija saves, Pekka saves over her with the version he loaded, Maija has typed
    meanwhile: her save conflicts and she keeps her text."""
    save(maija, ws, 1, "Tilat", "Ensimmäinen perustelu")
    save(pekka, ws, 1, "Pekan tilat", "Pekan perustelu", version=1)
    assert save(maija, ws, 1, *mine, version=1).status_code == 409
    return save(maija, ws, 1, *mine, version=2, htmx=True, extra={"action": "keep"})


def test_keeping_my_text_keeps_theirs_as_a_replaced_text(app, workshop, join_as):
    maija, _ = join_as(workshop.id, "Maija")
    pekka, pekka_id = join_as(workshop.id, "Pekka")
    response = _conflict_then_keep(maija, pekka, workshop)
    assert response.status_code == 200
    assert _rows(app) == [(1, "Maijan tilat", "Maijan perustelu", 3)]
    with app.app_context():
        kept = db.session.scalars(sa.select(PriorityReplacement)).one()
        assert (kept.title, kept.reasoning, kept.editor_id) == (
            "Pekan tilat", "Pekan perustelu", pekka_id)
    body = text(response)  # Maija sees whose words she replaced, and them
    assert "Maija saved their text over the text of Pekka, which is kept here." in body
    assert "Pekan tilat" in body and "Pekan perustelu" in body


def test_the_other_phone_says_its_text_was_replaced(workshop, join_as):
    maija, _ = join_as(workshop.id, "Maija")
    pekka, _ = join_as(workshop.id, "Pekka")
    _conflict_then_keep(maija, pekka, workshop)
    for headers in ({}, {"HX-Request": "true"}):  # the page, and the poll that brings it
        page = text(pekka.get(workshop.page, headers=headers))
        assert "Your text was replaced" in page
        assert "Maija saved their text over yours." in page
        assert "Pekan perustelu" in page and 'value="Maijan tilat"' in page


def test_the_notice_goes_once_the_place_is_saved_again(workshop, join_as):
    maija, _ = join_as(workshop.id, "Maija")
    pekka, _ = join_as(workshop.id, "Pekka")
    _conflict_then_keep(maija, pekka, workshop)
    save(pekka, workshop, 1, "Maijan ja Pekan tilat", "Molempien perustelu", version=3)
    assert "was replaced" not in text(pekka.get(workshop.page))


def test_a_kept_text_that_already_contains_theirs_needs_no_notice(app, workshop, join_as):
    maija, _ = join_as(workshop.id, "Maija")
    pekka, _ = join_as(workshop.id, "Pekka")
    _conflict_then_keep(maija, pekka, workshop,
                        mine=("Pekan tilat ja kirjasto", "Pekan perustelu. Ja kirjasto."))
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(PriorityReplacement.id))) == 0
    assert "was replaced" not in text(pekka.get(workshop.page))
