"""The participants' board: the question, adding ideas, supporting them."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.brainstorm.models import Cluster, Idea, Support
from app.extensions import db
from app.sessions.models import Theme
from tests.brainstorm.conftest import QUESTIONS, post, pressed, text_of


def _cluster(app, theme_id: int, title: str, idea_ids: list[int], position: int = 1) -> int:
    with app.app_context():
        cluster = Cluster(theme_id=theme_id, title=title, position=position)
        db.session.add(cluster)
        db.session.flush()
        for idea_id in idea_ids:
            db.session.get(Idea, idea_id).cluster_id = cluster.id
        db.session.commit()
        return cluster.id


def test_the_board_shows_the_question_and_links_to_the_others(brainstorm, guest):
    html = text_of(guest.get(brainstorm.board))
    assert f'<h2 id="question-title" lang="fi">{QUESTIONS[0]}</h2>' in html
    assert f'href="/p/{brainstorm.session_id}/ideas?theme={brainstorm.theme_ids[1]}"' in html
    assert 'aria-current="page"' in html
    assert "No ideas yet" in html


def test_the_board_opens_on_the_question_the_room_works_on(app, brainstorm, guest):
    with app.app_context():
        for theme in db.session.scalars(sa.select(Theme)):
            theme.is_current = theme.id == brainstorm.theme_ids[1]
        db.session.commit()
    html = text_of(guest.get(brainstorm.board))
    assert f'<h2 id="question-title" lang="fi">{QUESTIONS[1]}</h2>' in html


def test_an_unknown_question_is_not_found(brainstorm, guest):
    assert guest.get(f"{brainstorm.board}?theme=999").status_code == 404


def test_ideas_come_under_their_sub_theme_headings_with_loose_ideas_last(
        app, brainstorm, guest, add_ideas):
    loose, child, elder = add_ideas(texts=["Avoin dialogi", "Neuvolat", "Vanhusneuvosto"])
    _cluster(app, brainstorm.theme_id, "Ikääntyneet", [elder], position=2)
    _cluster(app, brainstorm.theme_id, "Lapset ja perheet", [child], position=1)
    html = text_of(guest.get(brainstorm.board))
    headings = [re.sub(r"<[^>]+>", "", h)
                for h in re.findall(r'<h3 class="cluster-title">(.*?)</h3>', html)]
    assert headings == ["Lapset ja perheet", "Ikääntyneet", "Other ideas"]
    assert html.index("Neuvolat") < html.index("Vanhusneuvosto") < html.index("Avoin dialogi")
    assert len(re.findall(r'<li class="idea"', html)) == 3


def test_adding_an_idea_without_javascript_redirects_back_to_it(brainstorm, guest, count_rows):
    response = post(guest, brainstorm.add_url(), {"text": "Yhteiset tilat"}, brainstorm.board)
    assert response.status_code == 302
    assert re.search(rf"/p/{brainstorm.session_id}/ideas\?theme=\d+#idea-\d+",
                     response.headers["Location"])
    assert count_rows(Idea, text="Yhteiset tilat") == 1
    assert "Yhteiset tilat" in text_of(guest.get(response.headers["Location"]))


def test_adding_an_idea_with_htmx_clears_the_form_and_refreshes_the_list(brainstorm, guest):
    response = post(guest, brainstorm.add_url(), {"text": "Yhteiset tilat"}, brainstorm.board,
                    htmx=True)
    html = text_of(response)
    assert response.status_code == 200
    assert re.search(r'<textarea[^>]*id="text"[^>]*>\s*</textarea>', html)
    assert 'id="idea-list" class="idea-list" hx-swap-oob="true"' in html
    assert '<p class="idea-text" lang="fi">Yhteiset tilat</p>' in html
    assert "Your idea was added." in html


@pytest.mark.parametrize("htmx", [False, True])
def test_a_281_character_idea_is_refused_with_the_text_kept(brainstorm, guest, htmx, count_rows):
    text = "Pitkä " + "a" * 275
    assert len(text) == 281
    response = post(guest, brainstorm.add_url(), {"text": text}, brainstorm.board, htmx=htmx)
    html = text_of(response)
    assert response.status_code == 422
    assert "An idea can be at most 280 characters." in html
    assert re.search(r'<textarea[^>]*aria-invalid="true"[^>]*>\s*' + text + "</textarea>", html)
    assert 'aria-describedby="text-help text-error"' in html
    assert count_rows(Idea) == 0


def test_a_line_break_counts_as_one_character(brainstorm, guest, count_rows):
    text = "a" * 139 + "\r\n" + "b" * 140
    response = post(guest, brainstorm.add_url(), {"text": text}, brainstorm.board)
    assert response.status_code == 302
    assert count_rows(Idea, text="a" * 139 + "\n" + "b" * 140) == 1


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_idea_is_refused(brainstorm, guest, text, count_rows):
    response = post(guest, brainstorm.add_url(), {"text": text}, brainstorm.board, htmx=True)
    assert response.status_code == 422
    assert "Write the idea." in text_of(response)
    assert count_rows(Idea) == 0


def test_html_in_an_idea_is_shown_as_text(brainstorm, guest, join_as):
    text = '<script>alert("x")</script><b onclick="x()">lihava</b>'
    post(guest, brainstorm.add_url(), {"text": text}, brainstorm.board)
    other, _ = join_as(brainstorm.session_id, "Pekka", group=None)
    html = text_of(other.get(brainstorm.board))
    assert "<script>alert" not in html and "<b onclick" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b onclick=" in html


def test_support_buttons_are_named_with_the_idea_and_show_their_state(
        brainstorm, guest, add_ideas):
    idea_id = add_ideas(texts=["Lapsiperheiden neuvosto pitäisi perustaa koko maakuntaan "
                               "ja kuntiin"])[0]
    html = text_of(guest.get(brainstorm.board))
    assert pressed(html, idea_id) == "false"
    assert 'aria-label="Support: Lapsiperheiden neuvosto pitäisi perustaa koko…"' in html


def test_support_and_remove_support_toggle_with_htmx(brainstorm, guest, add_ideas, count_rows):
    idea_id = add_ideas(1)[0]
    url = brainstorm.support_url(idea_id)
    response = post(guest, url, {"supported": "1"}, brainstorm.board, htmx=True)
    html = text_of(response)
    assert response.status_code == 200
    assert pressed(html, idea_id) == "true" and "1 support<" in html
    assert count_rows(Support) == 1
    response = post(guest, url, {"supported": "0"}, brainstorm.board, htmx=True)
    assert pressed(text_of(response), idea_id) == "false" and "0 supports" in text_of(response)
    assert count_rows(Support) == 0


def test_support_without_javascript_redirects_to_the_idea(brainstorm, guest, add_ideas):
    idea_id = add_ideas(1)[0]
    response = post(guest, brainstorm.support_url(idea_id), {"supported": "1"}, brainstorm.board)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#idea-{idea_id}")


def test_supporting_twice_still_counts_one_support(brainstorm, guest, add_ideas, count_rows):
    idea_id = add_ideas(1)[0]
    for _ in range(2):
        response = post(guest, brainstorm.support_url(idea_id), {"supported": "1"},
                        brainstorm.board, htmx=True)
        assert response.status_code == 200
    assert count_rows(Support, idea_id=idea_id) == 1


def test_a_support_saved_meanwhile_by_a_double_click_is_no_error(
        app, brainstorm, join_as, add_ideas, count_rows):
    """The other request's support is committed first: this insert hits the unique constraint."""
    idea_id = add_ideas(1)[0]
    guest, participant_id = join_as(brainstorm.session_id, "Maija", group=None)
    page = text_of(guest.get(brainstorm.board))
    with app.app_context():
        db.session.add(Support(idea_id=idea_id, participant_id=participant_id))
        db.session.commit()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = guest.post(brainstorm.support_url(idea_id),
                          data={"csrf_token": token, "supported": "1"},
                          headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert pressed(text_of(response), idea_id) == "true"
    assert count_rows(Support, idea_id=idea_id) == 1


@pytest.mark.parametrize("value", ["", "2", "yes"])
def test_a_support_value_other_than_0_or_1_is_refused(brainstorm, guest, add_ideas, value,
                                                      count_rows):
    idea_id = add_ideas(1)[0]
    response = post(guest, brainstorm.support_url(idea_id), {"supported": value},
                    brainstorm.board)
    assert response.status_code == 400
    assert count_rows(Support) == 0


def test_own_ideas_have_no_support_button_and_cannot_be_supported(
        app, brainstorm, guest, count_rows):
    post(guest, brainstorm.add_url(), {"text": "Oma idea"}, brainstorm.board)
    html = text_of(guest.get(brainstorm.board))
    assert "Your idea" in html and 'support-button' not in html
    with app.app_context():
        idea_id = db.session.scalar(sa.select(Idea.id))
    response = post(guest, brainstorm.support_url(idea_id), {"supported": "1"}, brainstorm.board)
    assert response.status_code == 403
    assert "You cannot support your own idea." in text_of(response)
    assert count_rows(Support) == 0


def test_a_hidden_idea_shows_the_reason_in_its_place(app, brainstorm, guest, add_ideas):
    idea_id = add_ideas(texts=["Nimi ja puhelinnumero <b>"])[0]
    with app.app_context():
        db.session.get(Idea, idea_id).hidden_reason = "Sisälsi <i>henkilötietoja</i>"
        db.session.commit()
    html = text_of(guest.get(brainstorm.board))
    assert "Nimi ja puhelinnumero" not in html
    assert "Hidden by the facilitator: Sisälsi &lt;i&gt;henkilötietoja&lt;/i&gt;" in html
    assert f'id="support-{idea_id}"' not in html
    response = post(guest, brainstorm.support_url(idea_id), {"supported": "1"}, brainstorm.board,
                    htmx=True)
    assert response.status_code == 409


@pytest.mark.parametrize("stage", ["voting", "closed"])
@pytest.mark.parametrize("htmx", [False, True])
def test_ideas_are_refused_after_the_open_stage_and_the_text_is_kept(
        brainstorm, guest, set_stage, stage, htmx, count_rows):
    page = text_of(guest.get(brainstorm.board))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    set_stage(brainstorm.session_id, stage)
    response = guest.post(brainstorm.add_url(), data={"csrf_token": token,
                                                      "text": "Myöhässä tullut idea"},
                          headers={"HX-Request": "true"} if htmx else {})
    assert response.status_code == 409
    html = text_of(response)
    if htmx:
        assert response.headers["HX-Retarget"] == "#htmx-alert"
        assert "What you typed is still in the form" in html
    else:
        assert "Myöhässä tullut idea</textarea>" in html
    assert count_rows(Idea) == 0


@pytest.mark.parametrize("stage", ["voting", "closed"])
def test_supports_are_refused_after_the_open_stage(brainstorm, guest, add_ideas, set_stage,
                                                  stage, count_rows):
    idea_id = add_ideas(1)[0]
    set_stage(brainstorm.session_id, stage)
    response = post(guest, brainstorm.support_url(idea_id), {"supported": "1"}, brainstorm.board)
    assert response.status_code == 409
    assert count_rows(Support) == 0


def test_after_the_open_stage_the_board_is_read_only(brainstorm, guest, add_ideas, set_stage):
    add_ideas(1)
    set_stage(brainstorm.session_id, "voting")
    html = text_of(guest.get(brainstorm.board))
    assert "Adding and supporting ideas has ended" in html
    assert 'id="add-idea"' not in html and "support-button" not in html
    assert "Pekkan idea 1" in html
