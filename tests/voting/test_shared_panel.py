"""The vote panel is rendered once for everyone who has not voted yet
(app/core/shared_renders.py): each voter still gets their own ETag and CSRF token, and a
ballot shows only on its voter's panel, even when it is cast while the panel renders."""

from __future__ import annotations

import pytest

from app.core.shared_renders import MARK
from app.voting import routes
from tests.conftest import CSRF_RE
from tests.voting.test_ballot import HX


@pytest.fixture
def panel_loads(monkeypatch):
    """The participants whose panel was loaded to be rendered, in order; *before* runs
    before each load."""
    loads, before = [], []
    load = routes.load_panel

    def counting(session, participant):
        for step in before:
            step()
        loads.append(participant.display_name)
        return load(session, participant)

    monkeypatch.setattr(routes, "load_panel", counting)
    return loads, before


def _poll(client, round_):
    return client.get(f"/p/{round_['session']}/vote?next={round_['page']}", headers=HX)


def test_the_empty_ballot_is_rendered_once_for_all_voters(dot_round, voters, panel_loads):
    loads, _ = panel_loads
    answers = [_poll(client, dot_round) for client, _ in voters[:3]]
    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert len(loads) == 1
    tokens = []
    for answer in answers:
        body = answer.get_data(as_text=True)
        assert "3 / 3 dots left" in body
        assert f'data-etag="{answer.headers["ETag"].strip(chr(34))}"' in body
        found = set(CSRF_RE.findall(body))
        assert len(found) == 1  # every form of the panel carries the voter's one token
        tokens += found
    assert len(set(tokens)) == 3  # each voter's own session's


def test_a_voter_sees_their_own_dots_and_the_others_do_not(dot_round, voters, cast,
                                                           panel_loads):
    (aino, aino_id), (bertta, _) = voters[:2]
    _poll(bertta, dot_round)
    cast(dot_round["round"], aino_id, {dot_round["options"][0]: 2})
    assert "1 / 3 dots left" in _poll(aino, dot_round).get_data(as_text=True)
    assert "3 / 3 dots left" in _poll(bertta, dot_round).get_data(as_text=True)


def test_a_ballot_cast_while_the_panel_renders_is_not_shown_to_others(
        dot_round, voters, cast, panel_loads):
    loads, before = panel_loads
    (aino, aino_id), (bertta, _) = voters[:2]
    # Aino's poll reads its versions before her other tab's vote lands, and loads the
    # panel after it (on PostgreSQL each statement sees the latest commits): what it
    # renders may hold her dots, and must then not be what Bertta is shown.
    before.append(lambda: (cast(dot_round["round"], aino_id, {dot_round["options"][0]: 2}),
                           before.clear()))
    assert MARK not in _poll(aino, dot_round).get_data(as_text=True)
    assert "3 / 3 dots left" in _poll(bertta, dot_round).get_data(as_text=True)
    assert "1 / 3 dots left" in _poll(aino, dot_round).get_data(as_text=True)
    assert loads[0] == "Aino"
