"""Editing the list together: saves, conflicts that keep both texts, moves, background
items, submitting, and refusals once the stage has moved on."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.groupwork import services
from app.groupwork.models import Priority, Submission, SubmissionState
from app.sessions.models import BackgroundItem, Session, Stage
from tests.groupwork.conftest import post, save, text


@pytest.fixture
def members(workshop, join_as):
    maija, _ = join_as(workshop.id, "Maija")
    pekka, _ = join_as(workshop.id, "Pekka")
    return maija, pekka


def _rows(app) -> list[tuple[int, str, str, int]]:
    with app.app_context():
        return [(p.rank, p.title, p.reasoning, p.version) for p in db.session.scalars(
            sa.select(Priority).order_by(Priority.rank))]


def _fill(client, ws, titles=("Tilat", "Avustukset", "Palveluohjaus")):
    for rank, title in enumerate(titles, start=1):
        save(client, ws, rank, title, f"Perustelu {rank}")


def _move_stage(app, session_id, stage):
    with app.app_context():
        db.session.get(Session, session_id).stage = Stage(stage)
        db.session.commit()


# --- saving ------------------------------------------------------------------


def test_save_without_javascript_redirects_back_to_the_place(app, workshop, members):
    maija, _ = members
    response = save(maija, workshop, 2, "  Tilat  ", "Tiloja tarvitaan.")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{workshop.page}#slot-2")
    assert _rows(app) == [(2, "Tilat", "Tiloja tarvitaan.", 1)]
    assert "Place 2 saved." in text(maija.get(workshop.page))


def test_save_with_htmx_answers_only_the_place_and_the_submit_area(app, workshop, members):
    maija, _ = members
    response = save(maija, workshop, 1, "Tilat", htmx=True)
    body = text(response)
    assert response.status_code == 200
    assert body.lstrip().startswith('<li id="slot-1"')
    assert 'data-version="1"' in body and "data-dirty" not in body
    assert 'hx-swap-oob="innerHTML">Place 1 saved.' in body
    assert '<div id="submit-area" class="submit-area action-bar" hx-swap-oob="true">' in body
    assert "<html" not in body


def test_submit_button_appears_once_every_place_is_filled(workshop, members):
    maija, _ = members
    _fill(maija, workshop, ("Tilat", "Avustukset"))
    assert 'id="submit-list"' not in text(maija.get(workshop.page))
    response = save(maija, workshop, 3, "Palveluohjaus", htmx=True)
    assert 'id="submit-list"' in text(response)


def test_empty_title_is_refused_next_to_the_field(app, workshop, members):
    maija, _ = members
    for headers in (False, True):
        response = save(maija, workshop, 1, "   ", "Perustelu ilman otsikkoa", htmx=headers)
        body = text(response)
        assert response.status_code == 422
        assert 'id="slot-1-title-error"' in body and 'aria-invalid="true"' in body
        assert "Perustelu ilman otsikkoa</textarea>" in body and 'data-dirty="true"' in body
    assert _rows(app) == []


def test_over_long_reasoning_is_refused_and_kept(app, workshop, members):
    maija, _ = members
    response = save(maija, workshop, 1, "Tilat", "x" * 2001, htmx=True)
    assert response.status_code == 422
    assert 'id="slot-1-reasoning-error"' in text(response)
    assert "x" * 2001 in text(response)
    assert _rows(app) == []


def test_reasoning_of_2000_characters_with_line_breaks_is_saved(app, workshop, members):
    """Browsers send a line break as CR LF but count it as one character, as we do."""
    maija, _ = members
    paragraphs = "\r\n".join(["y" * 399] * 5)  # 1995 + 4 line breaks = 1999 characters
    response = save(maija, workshop, 1, "Tilat", paragraphs + "z")
    assert response.status_code == 303
    assert _rows(app)[0][2] == paragraphs.replace("\r\n", "\n") + "z"


def test_long_text_fields_count_characters_instead_of_cutting_pasted_text(workshop, members):
    maija, _ = members
    body = text(maija.get(workshop.page))
    assert 'id="slot-1-reasoning-count" data-count-for="slot-1-reasoning" data-limit="2000"' in body
    assert "maxlength" not in body


def test_place_4_of_3_is_refused(app, workshop, members):
    maija, _ = members
    response = save(maija, workshop, 4, "Neljäs")
    assert response.status_code == 422
    assert _rows(app) == []


# --- conflicts ---------------------------------------------------------------


def test_second_save_with_an_old_version_shows_both_texts(app, workshop, members):
    maija, pekka = members
    save(maija, workshop, 1, "Tilat", "Maijan perustelu")
    save(pekka, workshop, 1, "Pekan tilat", "Pekan perustelu", version=1)
    response = save(maija, workshop, 1, "Maijan uusi", "Maijan uusi perustelu", version=1,
                    htmx=True)
    body = text(response)
    assert response.status_code == 409
    assert "Your text" in body and 'value="Maijan uusi"' in body
    assert "Maijan uusi perustelu</textarea>" in body
    assert "Saved meanwhile by Pekka" in body
    assert "Pekan tilat" in body and "Pekan perustelu" in body
    assert 'name="slot-1-version" value="2"' in body
    assert "Keep my text" in body and "Use their text" in body
    assert 'data-dirty="true"' in body
    assert _rows(app) == [(1, "Pekan tilat", "Pekan perustelu", 2)]


def test_conflict_without_javascript_is_a_whole_page_with_both_texts(workshop, members):
    maija, pekka = members
    save(maija, workshop, 1, "Tilat")
    save(pekka, workshop, 1, "Pekan tilat", version=1)
    response = save(maija, workshop, 1, "Maijan uusi", version=1)
    body = text(response)
    assert response.status_code == 409
    assert "<html" in body and "Saved meanwhile by Pekka" in body
    assert 'value="Maijan uusi"' in body and 'id="slot-2"' in body


def test_keep_my_text_saves_over_theirs_knowingly(app, workshop, members):
    maija, pekka = members
    save(maija, workshop, 1, "Tilat")
    save(pekka, workshop, 1, "Pekan tilat", version=1)
    save(maija, workshop, 1, "Maijan uusi", version=1)
    response = save(maija, workshop, 1, "Maijan ja Pekan tilat", version=2, htmx=True,
                    extra={"action": "save"})
    assert response.status_code == 200
    assert _rows(app)[0][1:] == ("Maijan ja Pekan tilat", "Koska se on tärkeää.", 3)


def test_use_their_text_keeps_what_was_saved(app, workshop, members):
    maija, pekka = members
    save(maija, workshop, 1, "Tilat")
    save(pekka, workshop, 1, "Pekan tilat", version=1)
    response = save(maija, workshop, 1, "Maijan uusi", version=2, htmx=True,
                    extra={"action": "discard"})
    body = text(response)
    assert response.status_code == 200
    assert 'value="Pekan tilat"' in body and "Maijan uusi" not in body
    assert "data-dirty" not in body
    assert _rows(app)[0][1] == "Pekan tilat"


def test_creating_place_1_twice_from_an_empty_list_keeps_one_row(app, workshop, members):
    maija, pekka = members
    first = save(maija, workshop, 1, "Maijan ykkönen", htmx=True)
    second = save(pekka, workshop, 1, "Pekan ykkönen", version=0, htmx=True)
    assert (first.status_code, second.status_code) == (200, 409)
    assert "Saved meanwhile by Maija" in text(second) and 'value="Pekan ykkönen"' in text(second)
    assert [row[:2] for row in _rows(app)] == [(1, "Maijan ykkönen")]


# --- the stage moved on ------------------------------------------------------


def test_save_after_the_stage_moved_is_refused_and_keeps_the_text(app, workshop, members):
    maija, _ = members
    _move_stage(app, workshop.id, "voting")
    typed = "Tärkeä ajatus, jota en halua menettää"
    response = save(maija, workshop, 1, "Tilat", typed)
    body = text(response)
    assert response.status_code == 409
    assert "<html" in body and 'id="slot-2"' in body  # the group page, without script
    assert "Your text for place 1 was not saved. Group work has ended" in body
    assert f">{typed}</textarea>" in body and ">Tilat</textarea>" in body  # to copy
    htmx = save(maija, workshop, 1, "Tilat", typed, htmx=True)
    body = text(htmx)
    assert htmx.status_code == 409 and "HX-Retarget" not in htmx.headers
    assert body.lstrip().startswith('<li id="slot-1"') and "data-kept" in body
    assert "moved on to voting" in body and f">{typed}</textarea>" in body
    assert _rows(app) == []


def test_save_to_a_list_submitted_meanwhile_shows_the_text_and_why(app, workshop, members):
    maija, pekka = members
    _fill(maija, workshop)
    assert post(maija, workshop, "submit").status_code == 303
    response = save(pekka, workshop, 2, "Pekan avustukset", "Pekan perustelu", version=1,
                    htmx=True)
    body = text(response)
    assert response.status_code == 409
    assert "Your group has already submitted this list." in body
    assert ">Pekan perustelu</textarea>" in body
    assert [row[1] for row in _rows(app)] == ["Tilat", "Avustukset", "Palveluohjaus"]


def test_moves_and_submits_are_refused_after_the_stage_moved(app, workshop, members):
    maija, _ = members
    _fill(maija, workshop)
    _move_stage(app, workshop.id, "voting")
    assert post(maija, workshop, "slots/1/move", {"version": 1, "direction": "down"}
                ).status_code == 409
    assert post(maija, workshop, "submit").status_code == 409
    assert [row[1] for row in _rows(app)] == ["Tilat", "Avustukset", "Palveluohjaus"]


# --- moving ------------------------------------------------------------------


def test_up_button_swaps_the_place_with_the_one_above(app, workshop, members):
    maija, pekka = members
    _fill(maija, workshop)
    response = post(pekka, workshop, "slots/3/move", {"version": 1, "direction": "up"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("#slot-2")
    assert [row[1] for row in _rows(app)] == ["Tilat", "Palveluohjaus", "Avustukset"]


def test_move_with_htmx_answers_the_list_and_says_where_the_place_went(app, workshop, members):
    maija, _ = members
    _fill(maija, workshop)
    response = post(maija, workshop, "slots/2/move", {"version": 1, "direction": "up"},
                    htmx=True)
    body = text(response)
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="group-work"')
    assert 'data-focus="slot-1-down"' in body
    assert "“Avustukset” moved to place 1." in body
    assert 'aria-label="Move “Avustukset” down to place 2"' in body
    assert [row[1] for row in _rows(app)] == ["Avustukset", "Tilat", "Palveluohjaus"]


def test_a_dragged_place_goes_to_the_place_it_was_dropped_on(app, workshop, members):
    maija, _ = members
    _fill(maija, workshop)
    response = post(maija, workshop, "slots/3/move", {"version": 1, "to": 1}, htmx=True)
    assert response.status_code == 200
    assert "“Palveluohjaus” moved to place 1." in text(response)
    assert [row[1] for row in _rows(app)] == ["Palveluohjaus", "Tilat", "Avustukset"]


@pytest.mark.parametrize("data", [{}, {"direction": "sideways"}, {"to": "x"}])
def test_a_move_without_a_valid_direction_or_place_is_refused(app, workshop, members, data):
    maija, _ = members
    _fill(maija, workshop)
    assert post(maija, workshop, "slots/1/move", {"version": 1, **data}).status_code in (400, 422)
    assert [row[1] for row in _rows(app)] == ["Tilat", "Avustukset", "Palveluohjaus"]


def test_moving_a_place_someone_just_changed_shows_the_list_again(app, workshop, members):
    maija, pekka = members
    _fill(maija, workshop)
    save(pekka, workshop, 2, "Pekan muutos", version=1)
    response = post(maija, workshop, "slots/2/move", {"version": 1, "direction": "up"},
                    htmx=True)
    assert response.status_code == 409
    assert "changed this priority at the same time" in text(response)
    assert 'value="Pekan muutos"' in text(response)
    assert [row[1] for row in _rows(app)] == ["Tilat", "Pekan muutos", "Palveluohjaus"]


@pytest.mark.parametrize("data", [
    {"version": 1, "direction": "sideways"}, {"version": "", "direction": "up"},
    {"version": 1, "direction": "up", "rank": 1},
])
def test_a_malformed_move_is_refused(app, workshop, members, data):
    maija, _ = members
    _fill(maija, workshop)
    path = "slots/1/move"
    response = post(maija, workshop, path, data)
    assert response.status_code == 422
    assert [row[1] for row in _rows(app)] == ["Tilat", "Avustukset", "Palveluohjaus"]


# --- background items --------------------------------------------------------


def _item(app, ws) -> tuple[int, str]:
    with app.app_context():
        item = db.session.scalar(sa.select(BackgroundItem).where(
            BackgroundItem.theme_id == ws.theme).order_by(BackgroundItem.position))
        return item.id, item.text


def test_use_as_a_priority_fills_the_first_empty_place_without_javascript(app, workshop, members):
    maija, _ = members
    save(maija, workshop, 1, "Tilat")
    item_id, item_text = _item(app, workshop)
    response = post(maija, workshop, f"items/{item_id}/use")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("#slot-2")
    assert [row[:2] for row in _rows(app)] == [(1, "Tilat"), (2, item_text)]
    with app.app_context():
        assert db.session.scalar(sa.select(Priority.item_id).where(Priority.rank == 2)) == item_id


def test_use_as_a_priority_with_htmx_moves_focus_to_the_reasoning(app, workshop, members):
    maija, _ = members
    item_id, item_text = _item(app, workshop)
    response = post(maija, workshop, f"items/{item_id}/use", htmx=True)
    assert response.status_code == 200
    assert 'data-focus="slot-1-reasoning"' in text(response)
    assert f'value="{item_text}"' in text(response)


def test_use_as_a_priority_when_the_list_is_full_says_so(app, workshop, members):
    maija, _ = members
    _fill(maija, workshop)
    item_id, _ = _item(app, workshop)
    response = post(maija, workshop, f"items/{item_id}/use", htmx=True)
    assert response.status_code == 409
    assert "already has a title" in text(response)


# --- submitting --------------------------------------------------------------


def test_submit_with_an_empty_reasoning_is_refused_with_field_errors(app, workshop, members):
    maija, _ = members
    _fill(maija, workshop, ("Tilat", "Avustukset"))
    save(maija, workshop, 3, "Palveluohjaus", "")
    for headers in (False, True):
        response = post(maija, workshop, "submit", htmx=headers)
        body = text(response)
        assert response.status_code == 422
        assert 'id="slot-3-reasoning-error"' in body
        assert 'aria-describedby="slot-3-reasoning-help slot-3-reasoning-error"' in body
        # The summary links to the place; the message itself stands by the field.
        assert 'href="#slot-3-heading">Place 3</a>' in body
        assert body.count("Write the reasoning.") == 1
        assert 'id="slot-1-reasoning-error"' not in body
    with app.app_context():
        assert db.session.scalar(sa.select(Submission.state)) == SubmissionState.DRAFT


def test_submitted_list_is_read_only_until_the_facilitator_unlocks_it(app, workshop, members):
    maija, pekka = members
    _fill(maija, workshop)
    response = post(pekka, workshop, "submit")
    assert response.status_code == 303
    page = text(maija.get(workshop.page))
    assert "Your group has submitted this list" in page
    assert 'name="slot-1-title"' not in page and "Use as a priority" not in page
    assert 'Place 1: <span lang="fi">Tilat</span>' in page and "Perustelu 1" in page
    refused = save(maija, workshop, 1, "Myöhästynyt", version=1, htmx=True)
    assert refused.status_code == 409 and "already submitted" in text(refused)
    with app.app_context():
        session = db.session.get(Session, workshop.id)
        services.unlock(session, db.session.scalar(sa.select(Submission)), "fasilitaattori")
        db.session.commit()
    assert 'name="slot-1-title"' in text(maija.get(workshop.page))


def test_submitting_twice_is_a_conflict(workshop, members):
    maija, pekka = members
    _fill(maija, workshop)
    assert post(maija, workshop, "submit", htmx=True).status_code == 200
    assert post(pekka, workshop, "submit", htmx=True).status_code == 409


def test_htmx_submit_also_takes_away_the_background_item_buttons(workshop, members):
    maija, _ = members
    _fill(maija, workshop)
    body = text(post(maija, workshop, "submit", htmx=True))
    assert 'id="background-items" class="background-items" aria-labelledby="items-heading"' \
        ' hx-swap-oob="true"' in body
    assert "Use as a priority" not in body and "Palvelulupaus: tausta 1" in body
