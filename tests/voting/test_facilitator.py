"""The facilitator's vote pages: open, close, paper dots, access and query counts."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.extensions import db
from tests.conftest import post_form


def _theme_page(session_id, theme_id):
    return f"/sessions/{session_id}/themes/{theme_id}/vote"


def test_the_facilitator_opens_a_dot_vote_with_the_defaults(client, in_voting, ids, vote_round):
    theme = ids(in_voting)[1][0]
    response = post_form(client, f"/sessions/{in_voting}/themes/{theme}/rounds",
                         {"mode": "dots"}, page=_theme_page(in_voting, theme))
    assert response.status_code == 303
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Participants see it on their phones now." in html
    assert "Spread 3 dots over the options, at most 2 on one." in html
    assert "Close the vote" in html


def test_settings_out_of_range_are_refused_with_the_form_again(client, in_voting, ids):
    theme = ids(in_voting)[1][0]
    response = post_form(client, f"/sessions/{in_voting}/themes/{theme}/rounds",
                         {"mode": "dots", "budget": "0"}, page=_theme_page(in_voting, theme))
    assert response.status_code == 422
    assert "There is a problem" in response.get_data(as_text=True)


def test_a_second_round_on_a_theme_is_a_clear_conflict(client, in_voting, ids, open_vote):
    open_vote(in_voting)
    theme = ids(in_voting)[1][0]
    response = post_form(client, f"/sessions/{in_voting}/themes/{theme}/rounds",
                         {"mode": "approval"}, page=f"/sessions/{in_voting}/dashboard")
    assert response.status_code == 409
    assert "already open on this theme" in response.get_data(as_text=True)


def test_closing_twice_is_a_clear_409(client, in_voting, open_vote, app):
    round_id = open_vote(in_voting)
    path = f"/sessions/{in_voting}/rounds/{round_id}/close"
    first = post_form(client, path, {}, page=f"/sessions/{in_voting}/dashboard")
    second = post_form(client, path, {}, page=f"/sessions/{in_voting}/dashboard")
    assert first.status_code == 303
    assert second.status_code == 409
    assert "already closed" in second.get_data(as_text=True)


def test_paper_dots_are_typed_in_shown_apart_and_together_and_audited(client, app, in_voting,
                                                                      open_vote, vote_round,
                                                                      voters, cast):
    round_id = open_vote(in_voting)
    options = list(vote_round(round_id)["options"].values())
    cast(round_id, voters[0][1], {options[1]: 2})
    path = f"/sessions/{in_voting}/rounds/{round_id}/paper"
    refused = post_form(client, path, {f"option_{options[1]}": "-3"})
    assert refused.status_code == 422
    saved = post_form(client, path, {f"option_{options[1]}": "4", f"option_{options[0]}": "1"})
    assert saved.status_code == 303
    html = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "6 points" in html and "online 2, paper 4" in html
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id)).where(
            AuditEntry.action == "vote_round.paper_entered")) == 1


@pytest.mark.parametrize("role", ["guest", "anonymous", "staff", "outsider"])
def test_only_facilitators_open_and_close_rounds(client_as, in_voting, ids, open_vote, voters,
                                                 role):
    round_id = open_vote(in_voting)
    reader = voters[0][0] if role == "guest" else client_as(role, in_voting)
    expected = {"guest": 403, "staff": 403}.get(role, 404)
    theme = ids(in_voting)[1][0]
    page = reader.get(_theme_page(in_voting, theme)).status_code
    assert page == (302 if role == "anonymous" else expected)  # signed out: sign in first
    token_page = f"/p/{in_voting}/vote" if role == "guest" else "/login"
    response = post_form(reader, f"/sessions/{in_voting}/rounds/{round_id}/close", {},
                         page=token_page)
    assert response.status_code == expected


def test_the_vote_page_reads_in_a_constant_number_of_queries(client, in_voting, ids, open_vote,
                                                            vote_round, voters, cast,
                                                            count_queries, app):
    from app.sessions.models import Session, Stage
    from app.voting import rounds
    from tests.voting.fixtures import load_round

    theme = ids(in_voting)[1][0]

    def queries() -> int:
        with count_queries() as statements:
            assert client.get(_theme_page(in_voting, theme)).status_code == 200
        return len(statements)

    first = open_vote(in_voting)
    options = list(vote_round(first)["options"].values())
    cast(first, voters[0][1], {options[0]: 1})
    small = queries()
    latest = first
    for index in range(10):
        with app.app_context():
            session = db.session.get(Session, in_voting)
            rounds.close_round(session, load_round(latest), "fasi")
            session.stage = Stage.VOTING
            db.session.commit()
        latest = open_vote(in_voting, mode=("dots", "approval")[index % 2])
        option = list(vote_round(latest)["options"].values())[0]
        for _, voter in voters:
            cast(latest, voter, {option: 1})
    assert queries() == small
