"""Comments on PB proposals: anyone who sees the proposal reads them, signed-in users
write, the process's staff hide and restore."""

import pytest

from tests.comments.fixtures import comment_ids, thread_url
from tests.conftest import PASSWORD, csrf_token, post_form


@pytest.fixture
def proposal(make_org, make_budget) -> tuple[int, int]:
    make_org("kunta")
    made = make_budget(phase="proposals")
    return made.process_id, made.proposals["Puisto"]


def _signed_in(app, make_user, email: str, role: str | None = None):
    visitor = app.test_client()
    make_user(email, org="kunta" if role else None, role=role or "facilitator")
    post_form(visitor, "/login", {"email": email, "password": PASSWORD})
    return visitor


def test_the_proposal_page_shows_its_thread(app, client, proposal, make_user):
    process_id, proposal_id = proposal
    page = client.get(f"/budgets/{process_id}/proposals/{proposal_id}").get_data(as_text=True)
    assert f'id="comments-proposal-{proposal_id}"' in page
    assert "Sign in to comment." in page and 'id="comment-form-' not in page


def test_a_signed_in_resident_comments_and_staff_hide(app, client, proposal, make_user,
                                                     post_comment):
    process_id, proposal_id = proposal
    resident = _signed_in(app, make_user, "asukas@example.fi")
    page_url = f"/budgets/{process_id}/proposals/{proposal_id}"
    url = thread_url("proposal", proposal_id)
    assert 'id="comment-form-' in resident.get(page_url).get_data(as_text=True)
    response = post_comment(resident, url, "Puisto tarvitaan", next=page_url)
    assert response.status_code == 303 and response.headers["Location"].startswith(page_url)
    assert "Puisto tarvitaan" in client.get(page_url).get_data(as_text=True)
    [comment] = comment_ids(client.get(url).get_data(as_text=True))
    assert resident.post(f"/comments/c/{comment}/hide", data={
        "csrf_token": csrf_token(resident, url), f"hide-{comment}-reason": "x"}).status_code \
        == 403
    staff = _signed_in(app, make_user, "henkilosto@example.fi", role="staff")
    response = staff.post(f"/comments/c/{comment}/hide", data={
        "csrf_token": csrf_token(staff, url), f"hide-{comment}-reason": "Loukkaava"})
    assert response.status_code == 303
    page = client.get(page_url).get_data(as_text=True)
    assert "Puisto tarvitaan" not in page and "Loukkaava" in page


def test_anonymous_visitors_cannot_post(client, proposal):
    _, proposal_id = proposal
    url = thread_url("proposal", proposal_id)
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "body": "Hei"})
    assert response.status_code == 403


def test_anonymous_visitors_are_told_to_sign_in_to_upvote(app, client, proposal, make_user,
                                                         post_comment):
    process_id, proposal_id = proposal
    url = thread_url("proposal", proposal_id)
    post_comment(_signed_in(app, make_user, "asukas@example.fi"), url, "Puisto tarvitaan")
    [comment] = comment_ids(client.get(url).get_data(as_text=True))
    token = csrf_token(client, url)
    for data in ({"csrf_token": token, "on": "1"}, {"csrf_token": token}):
        response = client.post(f"/comments/c/{comment}/upvote", data=data)
        assert response.status_code == 403
        assert "Sign in to comment." in response.get_data(as_text=True)


def test_a_draft_process_hides_its_proposals_threads(make_org, make_budget, client):
    make_org("kunta")
    made = make_budget(phase="draft")
    assert client.get(thread_url("proposal", made.proposals["Puisto"])).status_code == 404
