"""A participant votes on the page they have open: +/− forms, whole ballots, refusals."""

from __future__ import annotations

import re

import pytest

from tests.conftest import csrf_token

HX = {"HX-Request": "true"}


def post(client, path, data, page, **kwargs):
    return client.post(path, data={"csrf_token": csrf_token(client, page), **data}, **kwargs)


def test_the_group_page_brings_the_ballot_once_a_round_opens(in_voting, voters, open_vote, ids):
    guest, _ = voters[0]
    page = f"/p/{in_voting}/themes/{ids(in_voting)[1][0]}"
    before = guest.get(f"/p/{in_voting}/vote?next={page}", headers=HX).get_data(as_text=True)
    assert "opens the vote soon" in before
    open_vote(in_voting)
    html = guest.get(page).get_data(as_text=True)
    assert "3 / 3 dots left" in html
    assert "Spread 3 dots over the options, at most 2 on one." in html
    polled = guest.get(f"/p/{in_voting}/vote?next={page}", headers=HX)
    assert "3 / 3 dots left" in polled.get_data(as_text=True)


def test_plus_and_minus_change_the_dots_and_say_what_is_left(dot_round, voters, ballot_of):
    guest, voter = voters[0]
    first = dot_round["options"][0]
    for _ in range(2):
        response = post(guest, dot_round["adjust"], {"option": first, "delta": 1,
                                                     "next": dot_round["page"]},
                        dot_round["page"], headers=HX)
        assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "1 / 3 dots left" in html and "Saved. 1 dot left." in html
    post(guest, dot_round["adjust"], {"option": first, "delta": -1}, dot_round["page"],
         headers=HX)
    assert ballot_of(dot_round["round"], voter) == {first: 1}


def test_without_javascript_a_vote_goes_back_to_the_page_it_came_from(dot_round, voters):
    guest, _ = voters[0]
    response = post(guest, dot_round["adjust"], {"option": dot_round["options"][0], "delta": 1,
                                                 "next": dot_round["page"]}, dot_round["page"])
    assert response.status_code == 303
    assert response.headers["Location"].endswith(dot_round["page"])
    followed = guest.get(response.headers["Location"]).get_data(as_text=True)
    assert "Saved. 2 dots left." in followed and "2 / 3 dots left" in followed


def test_a_next_address_elsewhere_is_not_followed(dot_round, voters):
    guest, _ = voters[0]
    response = post(guest, dot_round["adjust"], {"option": dot_round["options"][0], "delta": 1,
                                                 "next": "https://evil.example/p/1/"},
                    dot_round["page"])
    assert response.headers["Location"].endswith(f"/p/{dot_round['session']}/vote")


def test_more_dots_than_allowed_on_one_option_are_refused_with_the_reason(dot_round, voters,
                                                                          ballot_of):
    guest, voter = voters[0]
    first = dot_round["options"][0]
    for _ in range(2):
        post(guest, dot_round["adjust"], {"option": first, "delta": 1}, dot_round["page"])
    response = post(guest, dot_round["adjust"], {"option": first, "delta": 1},
                    dot_round["page"], headers=HX)
    assert response.status_code == 422
    assert "at most 2 dots on one option" in response.get_data(as_text=True)
    assert ballot_of(dot_round["round"], voter) == {first: 2}


@pytest.mark.parametrize(("values", "message"), [
    ({0: "2", 1: "2"}, "You have 3 dots in all"),
    ({0: "-1"}, "Give a whole number of zero or more."),
    ({0: "1.5"}, "Give a whole number of zero or more."),
    ({0: "kaksi"}, "Give a whole number of zero or more."),
])
def test_a_whole_ballot_over_the_limits_or_not_whole_numbers_is_refused_and_kept(
        dot_round, voters, ballot_of, values, message):
    guest, voter = voters[0]
    options = dot_round["options"]
    data = {f"option-{options[index]}": value for index, value in values.items()}
    response = post(guest, dot_round["ballot"], data, dot_round["page"])
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert ballot_of(dot_round["round"], voter) == {}


def test_a_vote_for_an_option_of_another_round_is_refused(dot_round, voters, ballot_of):
    guest, voter = voters[0]
    response = post(guest, dot_round["ballot"], {"option-999999": "1"}, dot_round["page"])
    assert response.status_code == 422
    assert "not in this vote" in response.get_data(as_text=True)
    response = post(guest, dot_round["adjust"], {"option": 999999, "delta": 1},
                    dot_round["page"])
    assert response.status_code == 422
    assert ballot_of(dot_round["round"], voter) == {}


def test_a_vote_in_another_sessions_round_is_not_found(dot_round, make_session, join_as,
                                                       app):
    other = make_session(title="Toinen")
    guest, _ = join_as(other, "Aino")
    response = post(guest, f"/p/{other}/rounds/{dot_round['round']}/adjust",
                    {"option": dot_round["options"][0], "delta": 1}, f"/p/{other}/vote")
    assert response.status_code == 404


def test_nobody_votes_in_a_session_they_did_not_join(dot_round, app):
    outsider = app.test_client()
    response = outsider.post(dot_round["adjust"], data={"option": dot_round["options"][0],
                                                        "delta": 1})
    assert response.status_code in (400, 404)  # no CSRF token to be had, no session either
    token = csrf_token(outsider, "/join")
    response = outsider.post(dot_round["adjust"], data={"csrf_token": token, "delta": 1,
                                                        "option": dot_round["options"][0]})
    assert response.status_code == 404


def test_a_vote_after_the_close_is_refused_with_a_message_and_the_typed_ranking_kept(
        app, in_voting, voters, open_vote, vote_round, ids, client):
    round_id = open_vote(in_voting, mode="ranked")
    options = list(vote_round(round_id)["options"].values())
    guest, _ = voters[0]
    page = f"/p/{in_voting}/themes/{ids(in_voting)[1][0]}"
    token = csrf_token(guest, page)
    close = client.post(f"/sessions/{in_voting}/rounds/{round_id}/close",
                        data={"csrf_token": csrf_token(client, f"/sessions/{in_voting}/dashboard")})
    assert close.status_code == 303
    response = guest.post(f"/p/{in_voting}/rounds/{round_id}/ballot", headers=HX, data={
        "csrf_token": token, f"option-{options[2]}": "1", f"option-{options[0]}": "2"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "This vote has closed" in html
    chosen = re.findall(r'<option value="(\d)" selected>', html)
    assert chosen == ["2", "1"]


def test_a_ranked_ballot_with_a_duplicate_or_a_gap_is_refused(in_voting, voters, open_vote,
                                                             vote_round, ids, ballot_of):
    round_id = open_vote(in_voting, mode="ranked")
    options = list(vote_round(round_id)["options"].values())
    guest, voter = voters[0]
    page = f"/p/{in_voting}/themes/{ids(in_voting)[1][0]}"
    path = f"/p/{in_voting}/rounds/{round_id}/ballot"
    duplicate = post(guest, path, {f"option-{options[0]}": "1", f"option-{options[1]}": "1"},
                     page)
    gap = post(guest, path, {f"option-{options[0]}": "1", f"option-{options[1]}": "3"}, page)
    assert (duplicate.status_code, gap.status_code) == (422, 422)
    assert "Give each place to one option only." in duplicate.get_data(as_text=True)
    assert "Number the places from 1 without gaps." in gap.get_data(as_text=True)
    saved = post(guest, path, {f"option-{options[0]}": "2", f"option-{options[1]}": "1"}, page)
    assert saved.status_code == 303
    assert ballot_of(round_id, voter) == {options[0]: 2, options[1]: 1}


def test_approval_chooses_and_unchooses_up_to_k(in_voting, voters, open_vote, vote_round, ids,
                                                ballot_of):
    round_id = open_vote(in_voting, mode="approval", budget=2)
    options = list(vote_round(round_id)["options"].values())
    guest, voter = voters[0]
    page = f"/p/{in_voting}/themes/{ids(in_voting)[1][0]}"
    path = f"/p/{in_voting}/rounds/{round_id}/adjust"
    for option in options[:2]:
        post(guest, path, {"option": option, "delta": 1}, page)
    third = post(guest, path, {"option": options[2], "delta": 1}, page, headers=HX)
    assert third.status_code == 422
    assert "at most 2 options" in third.get_data(as_text=True)
    post(guest, path, {"option": options[0], "delta": -1}, page)
    assert ballot_of(round_id, voter) == {options[1]: 1}


def test_the_ballot_and_its_poll_read_in_a_constant_number_of_queries(
        app, in_voting, voters, open_vote, vote_round, cast, count_queries, ids, submit_list):
    guest, voter = voters[0]
    page = f"/p/{in_voting}/themes/{ids(in_voting)[1][0]}"

    def queries(path: str, headers=None) -> int:
        with count_queries() as statements:
            assert guest.get(path, headers=headers or {}).status_code == 200
        return len(statements)

    round_id = open_vote(in_voting)
    options = list(vote_round(round_id)["options"].values())
    cast(round_id, voter, {options[0]: 1})
    small = (queries(page), queries(f"/p/{in_voting}/vote", HX))
    for _, other in voters[1:]:  # more ballots and more options make no more queries
        cast(round_id, other, {options[1]: 2, options[2]: 1})
    cast(round_id, voter, {options[0]: 1, options[3]: 1, options[4]: 1})
    assert (queries(page), queries(f"/p/{in_voting}/vote", HX)) == small
