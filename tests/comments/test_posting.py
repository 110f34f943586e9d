"""Posting and replying: who sees what, bad bodies, the limit, one level of replies."""

import pytest
import sqlalchemy as sa

from app.comments.models import Comment
from app.extensions import db
from tests.comments.fixtures import comment_ids, thread_url
from tests.conftest import csrf_token


def test_a_guest_comments_and_another_participant_reads_it(workshop, item, join_as,
                                                           post_comment):
    maija, _ = join_as(workshop, "Maija")
    pekka, _ = join_as(workshop, "Pekka", group="Ryhmä 2")
    url = thread_url("aggregate", item)
    response = post_comment(maija, url, "Tämä on tärkein asia.")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(url + "#comment-1") or "#comment-" in \
        response.headers["Location"]
    page = pekka.get(url).get_data(as_text=True)
    assert "Tämä on tärkein asia." in page and "Maija" in page
    assert "Lähipalvelut" in page  # the thing the thread is about


def test_with_htmx_the_thread_comes_back_with_the_comment_and_a_message(workshop, item, join_as,
                                                                        post_comment):
    maija, _ = join_as(workshop, "Maija")
    response = post_comment(maija, thread_url("aggregate", item), "Nopea kommentti",
                            htmx=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<section class="comments"')
    assert "Nopea kommentti" in html and "Your comment was posted." in html
    assert "<html" not in html


@pytest.mark.parametrize("body", [
    "<script>alert('x')</script>",
    '<div hx-get="/sessions/1/memo" hx-trigger="load">x</div>',
    '<form hx-post="/comments/c/1/hide"><button>x</button></form>',
])
def test_markup_in_a_comment_is_shown_as_text(workshop, item, join_as, post_comment, body):
    maija, _ = join_as(workshop, "Maija")
    url = thread_url("aggregate", item)
    assert post_comment(maija, url, body).status_code == 303
    page = maija.get(url).get_data(as_text=True)
    text = page[page.index('class="comment-text"'):]
    text = text[:text.index("</p>")]
    assert "<script" not in text and "<div" not in text and "<form" not in text
    assert "&lt;" in text


def test_a_javascript_address_is_not_a_link(workshop, item, join_as, post_comment):
    maija, _ = join_as(workshop, "Maija")
    url = thread_url("aggregate", item)
    post_comment(maija, url, "javascript:alert(document.cookie) ja https://example.fi")
    page = maija.get(url).get_data(as_text=True)
    assert 'href="javascript' not in page.lower()
    assert '<a href="https://example.fi" rel="nofollow ugc noopener">' in page


def test_ten_thousand_characters_get_a_clear_limit_error_and_keep_the_text(workshop, item,
                                                                           join_as, post_comment):
    maija, _ = join_as(workshop, "Maija")
    url = thread_url("aggregate", item)
    body = "pitkä " * 1666 + "loppu"  # 10,001 characters
    response = post_comment(maija, url, body)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "A comment can be at most 2000 characters." in html
    assert "loppu</textarea>" in html  # what was typed is kept
    assert comment_ids(html) == []


def test_the_limit_error_is_translated(workshop, item, join_as):
    maija, _ = join_as(workshop, "Maija")
    url = thread_url("aggregate", item)
    token = csrf_token(maija, url)
    response = maija.post(url, data={"csrf_token": token, "body": "x" * 10_000},
                          headers={"Accept-Language": "fi"})
    assert response.status_code == 422
    assert "Kommentissa voi olla enintään 2000 merkkiä." in response.get_data(as_text=True)


def test_an_empty_comment_is_refused(workshop, item, join_as, post_comment):
    maija, _ = join_as(workshop, "Maija")
    response = post_comment(maija, thread_url("aggregate", item), "   ")
    assert response.status_code == 422
    assert "Write your comment." in response.get_data(as_text=True)


def test_the_database_refuses_a_body_over_the_limit(app, workshop, item, join_as, post_comment):
    maija, _ = join_as(workshop, "Maija")
    post_comment(maija, thread_url("aggregate", item), "Lyhyt")
    with app.app_context():
        comment = db.session.scalar(sa.select(Comment))
        with pytest.raises(sa.exc.IntegrityError):
            db.session.execute(sa.update(Comment).where(Comment.id == comment.id)
                               .values(body="x" * 2001))
            db.session.flush()
        db.session.rollback()


def test_a_reply_sits_under_its_comment(workshop, item, join_as, post_comment):
    maija, _ = join_as(workshop, "Maija")
    pekka, _ = join_as(workshop, "Pekka", group="Ryhmä 2")
    url = thread_url("aggregate", item)
    post_comment(maija, url, "Alkuperäinen")
    [first] = comment_ids(maija.get(url).get_data(as_text=True))
    response = post_comment(pekka, url, "Vastaus tähän", parent=first)
    assert response.status_code == 303
    page = maija.get(url).get_data(as_text=True)
    replies = page[page.index('class="comment-replies"'):]
    assert "Vastaus tähän" in replies and "Pekka" in replies


def test_a_reply_to_a_reply_is_refused(workshop, item, join_as, post_comment):
    maija, _ = join_as(workshop, "Maija")
    url = thread_url("aggregate", item)
    post_comment(maija, url, "Alkuperäinen")
    [first] = comment_ids(maija.get(url).get_data(as_text=True))
    post_comment(maija, url, "Vastaus", parent=first)
    reply = max(comment_ids(maija.get(url).get_data(as_text=True)))
    response = post_comment(maija, url, "Vastaus vastaukseen", parent=reply)
    assert response.status_code == 422
    assert "Reply to the comment the conversation started from." in response.get_data(
        as_text=True)


def test_a_reply_to_a_comment_of_another_thread_is_refused(workshop, submit_list, join_as,
                                                           post_comment):
    items = submit_list(workshop, "Ryhmä 1", ["A-asia", "B-asia", "C-asia"])
    maija, _ = join_as(workshop, "Maija")
    post_comment(maija, thread_url("aggregate", items["A-asia"]), "Ensimmäinen")
    [other] = comment_ids(maija.get(thread_url("aggregate", items["A-asia"])).get_data(
        as_text=True))
    response = post_comment(maija, thread_url("aggregate", items["B-asia"]), "Väärä",
                            parent=other)
    assert response.status_code == 422


def test_a_facilitator_comments_as_facilitator(client, workshop, item, join_as, post_comment):
    url = thread_url("aggregate", item)
    assert post_comment(client, url, "Hyvä huomio kaikille").status_code == 303
    maija, _ = join_as(workshop, "Maija")
    page = maija.get(url).get_data(as_text=True)
    meta = page[page.index('class="comment-meta"'):]
    assert "Facilitator" in meta[:400]


def test_newest_first_or_most_upvoted_first(app, workshop, item, join_as, post_comment):
    maija, _ = join_as(workshop, "Maija")
    pekka, _ = join_as(workshop, "Pekka", group="Ryhmä 2")
    url = thread_url("aggregate", item)
    post_comment(maija, url, "Vanhempi")
    post_comment(maija, url, "Uudempi")
    older, newer = sorted(comment_ids(maija.get(url).get_data(as_text=True)))
    token = csrf_token(pekka, url)
    pekka.post(f"/comments/c/{older}/upvote", data={"csrf_token": token, "on": "1"})
    assert comment_ids(maija.get(url).get_data(as_text=True)) == [newer, older]
    assert comment_ids(maija.get(url + "?order=top").get_data(as_text=True)) == [older, newer]


def test_a_hidden_comment_takes_no_replies(client, workshop, item, join_as, post_comment):
    maija, _ = join_as(workshop, "Maija")
    url = thread_url("aggregate", item)
    post_comment(maija, url, "Piilotettava")
    [first] = comment_ids(maija.get(url).get_data(as_text=True))
    client.post(f"/comments/c/{first}/hide", data={
        "csrf_token": csrf_token(client, url), f"hide-{first}-reason": "Asiaton"})
    assert f'name="parent" value="{first}"' not in maija.get(url).get_data(as_text=True)
    assert post_comment(maija, url, "Vastaan silti", parent=first).status_code == 409


def test_a_person_posting_too_fast_is_asked_to_wait_and_keeps_the_text(app, workshop, item,
                                                                        join_as, post_comment):
    app.config["COMMENTS_PER_MINUTE"] = 3
    maija, _ = join_as(workshop, "Maija")
    pekka, _ = join_as(workshop, "Pekka", group="Ryhmä 2")
    url = thread_url("aggregate", item)
    for number in range(3):
        assert post_comment(maija, url, f"Kommentti {number}").status_code == 303
    refused = post_comment(maija, url, "Neljäs ajatus, joka ei saa kadota")
    assert refused.status_code == 429
    html = refused.get_data(as_text=True)
    assert "Neljäs ajatus, joka ei saa kadota" in html  # still in the form
    assert "within a minute" in html
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Comment.id))) == 3
    # Another person in the same room is not slowed by Maija.
    assert post_comment(pekka, url, "Minun vuoroni").status_code == 303
