"""The pages where people see the things link to their threads, with the number of comments."""

import re

from app.extensions import db
from app.sessions.models import Session, Stage
from tests.comments.fixtures import thread_url


def test_the_combined_list_links_each_item_and_each_groups_priority(client, workshop, item, ids,
                                                                    join_as, post_comment):
    maija, _ = join_as(workshop, "Maija")
    post_comment(maija, thread_url("aggregate", item), "Kommentti")
    theme = ids(workshop)[1][0]
    page = client.get(f"/sessions/{workshop}/themes/{theme}/aggregate").get_data(as_text=True)
    assert re.search(rf'href="/comments/aggregate/{item}"[^>]*>Comments \(1\)<', page)
    assert re.search(r'href="/comments/priority/\d+"[^>]*>Comment<', page)


def test_the_participants_results_page_links_the_combined_list(app, workshop, item, join_as):
    maija, _ = join_as(workshop, "Maija")
    with app.app_context():
        db.session.get(Session, workshop).stage = Stage.RESULTS
        db.session.commit()
    page = maija.get(f"/p/{workshop}/results").get_data(as_text=True)
    assert f'href="/comments/aggregate/{item}"' in page


def test_the_brainstorm_board_links_each_idea(idea_board, post_comment):
    session_id, guest, add = idea_board
    idea_id = add("Kirjastobussi")
    post_comment(guest, thread_url("idea", idea_id), "Hyvä idea!")
    page = guest.get(f"/p/{session_id}/ideas").get_data(as_text=True)
    assert re.search(rf'href="/comments/idea/{idea_id}"[^>]*>Comments \(1\)<', page)
    thread = guest.get(thread_url("idea", idea_id)).get_data(as_text=True)
    assert "Kirjastobussi" in thread and "Hyvä idea!" in thread
    assert f'href="/p/{session_id}/ideas?theme=' in thread  # back to the board
