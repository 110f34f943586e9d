"""The thread's list is live: 304 while nothing changed, the new comment once it has."""

from tests.comments.fixtures import HTMX, thread_url


def test_a_poll_answers_304_until_someone_else_comments(workshop, item, join_as, post_comment):
    maija, _ = join_as(workshop, "Maija")
    pekka, _ = join_as(workshop, "Pekka", group="Ryhmä 2")
    url = thread_url("aggregate", item)
    first = pekka.get(url, headers=HTMX)
    assert first.status_code == 200
    html = first.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="comment-list-') and "<html" not in html
    tag = first.headers["ETag"]
    assert pekka.get(url, headers=HTMX | {"If-None-Match": tag}).status_code == 304
    post_comment(maija, url, "Uusi kommentti puhelimelta")
    again = pekka.get(url, headers=HTMX | {"If-None-Match": tag})
    assert again.status_code == 200
    assert "Uusi kommentti puhelimelta" in again.get_data(as_text=True)
    assert again.headers["ETag"] != tag


def test_a_thread_of_a_closed_session_stops_polling(app, workshop, item, join_as):
    from app.extensions import db
    from app.sessions.models import Session, Stage

    maija, _ = join_as(workshop, "Maija")
    with app.app_context():
        db.session.get(Session, workshop).stage = Stage.CLOSED
        db.session.commit()
    assert maija.get(thread_url("aggregate", item), headers=HTMX).status_code == 286


def test_turning_comments_off_refreshes_the_list(client, workshop, item, join_as):
    from tests.conftest import csrf_token

    maija, _ = join_as(workshop, "Maija")
    url = thread_url("aggregate", item)
    tag = maija.get(url, headers=HTMX).headers["ETag"]
    client.post(f"/sessions/{workshop}/comments",
                data={"csrf_token": csrf_token(client, f"/sessions/{workshop}"), "enabled": "0"})
    assert maija.get(url, headers=HTMX | {"If-None-Match": tag}).status_code == 200
