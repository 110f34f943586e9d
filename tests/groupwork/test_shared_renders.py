"""A group's polled list is rendered once per change for all its members
(app/core/shared_renders.py): each member still sees their own "(you)", ETag and CSRF
token, and a list that shows a replaced text is rendered for each member."""

from __future__ import annotations

import re

import pytest

from app.core.shared_renders import MARK
from app.groupwork import reading
from tests.conftest import CSRF_RE
from tests.groupwork.conftest import HTMX, save, text
from tests.groupwork.test_replaced_text import _conflict_then_keep


@pytest.fixture
def renders(monkeypatch):
    """How many times the group page was loaded to be rendered."""
    loads = []
    load = reading.load_group_page

    def counting(*args, **kwargs):
        loads.append(args[1].display_name)
        return load(*args, **kwargs)

    monkeypatch.setattr(reading, "load_group_page", counting)
    return loads


def _poll(client, ws):
    return client.get(ws.page, headers=HTMX)


def _members_line(body: str) -> str:
    return re.search(r'<p class="group-members">(.*?)</p>', body, re.S).group(1)


def test_a_change_is_rendered_once_for_the_group_and_each_sees_themselves(
        workshop, join_as, renders):
    phones = [join_as(workshop.id, name)[0] for name in ("Maija", "Pekka", "Aino")]
    save(phones[0], workshop, 1, "Nuorisotilat", "Illat ovat pitkiä.")
    renders.clear()
    answers = [_poll(phone, workshop) for phone in phones]
    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert len(renders) == 1  # not once per member
    for name, answer in zip(("Maija", "Pekka", "Aino"), answers, strict=True):
        body = text(answer)
        assert "Nuorisotilat" in body and "Illat ovat pitkiä." in body
        members = " ".join(_members_line(body).split())
        assert f"{name} (you)" in members and members.count("(you)") == 1
        assert f'data-etag="{answer.headers["ETag"].strip(chr(34))}"' in body


def test_each_member_gets_a_token_of_their_own_that_saves(workshop, join_as):
    maija, _ = join_as(workshop.id, "Maija")
    pekka, _ = join_as(workshop.id, "Pekka")
    save(maija, workshop, 1, "Nuorisotilat")
    tokens = {}
    for name, phone in (("Maija", maija), ("Pekka", pekka)):
        found = set(CSRF_RE.findall(text(_poll(phone, workshop))))
        assert len(found) == 1  # every form of the list carries the same token
        tokens[name] = found.pop()
    data = {"slot-2-title": "Kerhot", "slot-2-reasoning": "Lapsille.", "slot-2-version": 0}
    refused = pekka.post(f"{workshop.page}/slots/2", headers=HTMX,
                         data={**data, "slot-2-csrf_token": tokens["Maija"]})
    assert refused.status_code == 400  # Maija's token is not Pekka's
    saved = pekka.post(f"{workshop.page}/slots/2", headers=HTMX,
                       data={**data, "slot-2-csrf_token": tokens["Pekka"]})
    assert saved.status_code == 200 and "Place 2 saved." in text(saved)


def test_the_next_change_and_another_language_are_rendered_anew(workshop, join_as, renders):
    maija, _ = join_as(workshop.id, "Maija")
    pekka, _ = join_as(workshop.id, "Pekka")
    save(maija, workshop, 1, "Nuorisotilat")
    _poll(maija, workshop)
    save(maija, workshop, 1, "Kirjasto", version=1)
    renders.clear()
    assert "Kirjasto" in text(_poll(pekka, workshop))
    swedish = pekka.get(workshop.page, headers={**HTMX, "Accept-Language": "sv"})
    assert "Använd som prioritering" in text(swedish) and "Kirjasto" in text(swedish)
    assert len(renders) == 2


def test_a_replaced_text_is_rendered_for_each_member(workshop, join_as):
    maija, _ = join_as(workshop.id, "Maija")
    pekka, _ = join_as(workshop.id, "Pekka")
    _conflict_then_keep(maija, pekka, workshop)
    theirs = text(_poll(pekka, workshop))  # the first poll tries to share it, then not
    assert "Your text was replaced" in theirs
    mine = text(_poll(maija, workshop))
    assert "A text was replaced" in mine and "Your text was replaced" not in mine
    for body, phone in ((theirs, pekka), (mine, maija)):  # their own tokens, no marks
        assert MARK not in body
        token = set(CSRF_RE.findall(body)).pop()
        moved = phone.post(f"{workshop.page}/slots/1/move", headers=HTMX,
                           data={"csrf_token": token, "version": 3, "direction": "down"})
        assert moved.status_code != 400
