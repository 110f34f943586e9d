"""With results_visibility = after_close no count or order leaves the server before the
round closes: not the API, the fragments, their ETags or their sizes. After the close
the displayed count equals a recount from the stored ballots."""

from __future__ import annotations

import re

import pytest

from app.extensions import db
from app.sessions.models import ResultsVisibility, Session
from app.voting import rounds
from app.voting.counting import Rules, count
from app.voting.models import VoteBallot, VoteMark
from tests.conftest import csrf_token
from tests.voting.fixtures import load_round

HX = {"HX-Request": "true"}


@pytest.fixture
def hidden_round(app, in_voting, open_vote, vote_round):
    with app.app_context():
        db.session.get(Session, in_voting).results_visibility = ResultsVisibility.AFTER_CLOSE
        db.session.commit()
    round_id = open_vote(in_voting)
    return in_voting, round_id, list(vote_round(round_id)["options"].values())


def _fragment(client, session_id, round_id, etag=None):
    headers = dict(HX, **({"If-None-Match": etag} if etag else {}))
    return client.get(f"/sessions/{session_id}/rounds/{round_id}/results", headers=headers)


def _close(app, session_id, round_id):
    with app.app_context():
        rounds.close_round(db.session.get(Session, session_id), load_round(round_id), "fasi")
        db.session.commit()


def test_the_hidden_fragment_is_the_same_bytes_and_etag_whatever_the_votes(
        app, client, hidden_round, voters, cast):
    session_id, round_id, options = hidden_round
    empty = _fragment(client, session_id, round_id)
    cast(round_id, voters[0][1], {options[0]: 2, options[1]: 1})
    cast(round_id, voters[1][1], {options[3]: 1})
    with app.app_context():
        rounds.enter_paper(db.session.get(Session, session_id), load_round(round_id),
                           {options[5]: 40}, "fasi")
        db.session.commit()
    voted = _fragment(client, session_id, round_id)
    assert voted.get_data() == empty.get_data()
    assert voted.headers["ETag"] == empty.headers["ETag"]
    assert _fragment(client, session_id, round_id, empty.headers["ETag"]).status_code == 304
    assert "hidden until the vote closes" in voted.get_data(as_text=True)


def test_the_api_and_the_exports_give_no_counts_of_a_hidden_round(app, client, hidden_round,
                                                                  voters, cast):
    session_id, round_id, options = hidden_round
    cast(round_id, voters[0][1], {options[0]: 2})
    document = client.get(f"/api/v1/sessions/{session_id}/results").get_json()
    [rounds_json] = [theme["rounds"] for theme in document["themes"] if theme["rounds"]]
    assert rounds_json == [{"id": round_id, "mode": "dots", "closed": False, "results": []}]
    csv_text = client.get(f"/sessions/{session_id}/export.csv").get_data(as_text=True)
    assert "vote result" not in csv_text
    memo = client.get(f"/sessions/{session_id}/memo").get_data(as_text=True)
    assert "Tulokset näytetään, kun äänestys päättyy." in memo  # the session is Finnish
    assert "äänestäjä" not in memo


def test_the_dashboard_projector_and_phones_show_no_counts_before_the_close(
        app, client, hidden_round, voters, cast):
    session_id, round_id, options = hidden_round
    cast(round_id, voters[0][1], {options[0]: 2})
    for path in (f"/sessions/{session_id}/dashboard", f"/sessions/{session_id}/projector"):
        html = client.get(path).get_data(as_text=True)
        assert "hidden until the vote closes" in html
        assert not re.search(r"\d+ points?<", html.split("latest-round")[1])
    phone = voters[1][0].get(f"/p/{session_id}/vote").get_data(as_text=True)
    assert "point" not in phone


def test_after_the_close_the_counts_show_and_equal_a_recount_of_the_ballots(
        app, client, hidden_round, voters, cast):
    session_id, round_id, options = hidden_round
    cast(round_id, voters[0][1], {options[0]: 2, options[1]: 1})
    cast(round_id, voters[1][1], {options[1]: 2, options[0]: 1})
    cast(round_id, voters[2][1], {options[2]: 1})
    before = _fragment(client, session_id, round_id)
    _close(app, session_id, round_id)
    after = _fragment(client, session_id, round_id, before.headers["ETag"])
    assert after.status_code == 200
    shown = re.findall(r'id="round-\d+-result-(\d+)".*?<strong>(\d+) points?</strong>',
                       after.get_data(as_text=True), re.S)
    with app.app_context():
        marks: dict[int, dict[int, int]] = {}
        for ballot_id, option_id, dots in db.session.execute(
                db.select(VoteBallot.id, VoteMark.option_id, VoteMark.count).join(VoteMark)
                .where(VoteBallot.round_id == round_id)):
            marks.setdefault(ballot_id, {})[option_id] = dots
        found = load_round(round_id)
        recount = count(Rules("dots", 3, 2), [(o.id, o.title, o.paper) for o in found.options],
                        marks.values())
    assert [(int(option), int(points)) for option, points in shown] == [
        (row.option_id, row.total) for row in recount]
    # Equal totals are shown as ties: the two with 3 points, and the six with none.
    assert after.get_data(as_text=True).count("(tie)") == 8
    assert [int(points) for _, points in shown[:3]] == [3, 3, 1]


def test_live_visibility_shows_counts_while_open_and_the_etag_follows_ballots(
        app, client, in_voting, open_vote, vote_round, voters, cast):
    round_id = open_vote(in_voting)
    options = list(vote_round(round_id)["options"].values())
    first = _fragment(client, in_voting, round_id)
    cast(round_id, voters[0][1], {options[0]: 2})
    second = _fragment(client, in_voting, round_id, first.headers["ETag"])
    assert second.status_code == 200
    assert second.headers["ETag"] != first.headers["ETag"]
    assert "2 points" in second.get_data(as_text=True)


@pytest.mark.parametrize("role", ["guest", "anonymous", "staff", "outsider"])
def test_only_facilitators_read_the_results_fragment(client_as, in_voting, open_vote, voters,
                                                     role):
    round_id = open_vote(in_voting)
    reader = voters[0][0] if role == "guest" else client_as(role, in_voting)
    response = reader.get(
        f"/sessions/{in_voting}/rounds/{round_id}/results", headers=HX)
    assert response.status_code == {"guest": 403, "staff": 403}.get(role, 404)


def test_a_participant_probing_the_api_before_results_gets_nothing(in_voting, open_vote,
                                                                  voters, cast, vote_round):
    round_id = open_vote(in_voting)
    cast(round_id, voters[0][1], {list(vote_round(round_id)["options"].values())[0]: 1})
    guest = voters[1][0]
    assert guest.get(f"/api/v1/sessions/{in_voting}/results").status_code == 404
    assert guest.get(f"/sessions/{in_voting}/export.csv").status_code == 403
    assert guest.get(f"/sessions/{in_voting}/memo").status_code == 403
    token = csrf_token(guest, f"/p/{in_voting}/vote")
    assert token  # the participant's own page works
