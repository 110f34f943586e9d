"""The facilitator's page: every idea, sub-themes, moving, editing and hiding ideas."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.brainstorm.models import Cluster, Idea, Support
from app.extensions import db
from tests.brainstorm.conftest import post, text_of


def _clusters(app, theme_id) -> list[tuple[int, str]]:
    with app.app_context():
        return [(c.id, c.title) for c in db.session.scalars(
            sa.select(Cluster).where(Cluster.theme_id == theme_id)
            .order_by(Cluster.position, Cluster.id))]


def _idea(app, idea_id) -> Idea:
    with app.app_context():
        idea = db.session.get(Idea, idea_id)
        db.session.expunge(idea)
        return idea


def _make_clusters(facilitator, brainstorm, *titles):
    for title in titles:
        response = post(facilitator, f"{brainstorm.manage()}/clusters", {"new-title": title},
                        brainstorm.manage())
        assert response.status_code == 302


def test_the_page_lists_every_idea_with_author_supports_and_hidden_reason(
        app, brainstorm, facilitator, add_ideas, join_as):
    shown, hidden = add_ideas(texts=["Avoin dialogi", "Nimi ja numero"])
    _, maija = join_as(brainstorm.session_id, "Maija", group=None)
    with app.app_context():
        db.session.add(Support(idea_id=shown, participant_id=maija))
        db.session.get(Idea, hidden).hidden_reason = "Henkilötietoja"
        db.session.commit()
    html = text_of(facilitator.get(brainstorm.manage()))
    assert "Avoin dialogi" in html and "Nimi ja numero" in html
    assert "<span>Pekka</span>" in html
    assert "1 support<" in html
    assert "Reason shown: Henkilötietoja" in html
    assert "2 ideas" in html


def test_clusters_are_created_renamed_reordered_and_deleted(app, brainstorm, facilitator):
    _make_clusters(facilitator, brainstorm, "Lapset ja perheet", "Ikääntyneet")
    (children, _), (elderly, _) = _clusters(app, brainstorm.theme_id)
    page = brainstorm.manage()

    response = post(facilitator, f"{page}/clusters/{elderly}",
                    {f"cluster-{elderly}-title": "Ikäihmiset"}, page)
    assert response.status_code == 302
    response = post(facilitator, f"{page}/clusters/{elderly}/move", {"offset": "-1"}, page)
    assert response.status_code == 302
    assert _clusters(app, brainstorm.theme_id) == [(elderly, "Ikäihmiset"),
                                                   (children, "Lapset ja perheet")]
    html = text_of(facilitator.get(page))
    assert "Move “Lapset ja perheet” up to place 1" in html
    assert "Move “Ikäihmiset” down to place 2" in html

    response = post(facilitator, f"{page}/clusters/{children}/delete", {}, page)
    assert response.status_code == 302
    assert _clusters(app, brainstorm.theme_id) == [(elderly, "Ikäihmiset")]
    assert "Sub-theme “Lapset ja perheet” deleted" in text_of(facilitator.get(page))


@pytest.mark.parametrize("title", ["", "   ", "x" * 121])
def test_a_cluster_title_is_required_and_short(app, brainstorm, facilitator, title):
    response = post(facilitator, f"{brainstorm.manage()}/clusters", {"new-title": title},
                    brainstorm.manage())
    html = text_of(response)
    assert response.status_code == 422
    assert 'id="new-title-error"' in html
    if title.strip():
        assert f'value="{title}"' in html
    assert _clusters(app, brainstorm.theme_id) == []


def test_renaming_a_cluster_with_a_too_long_title_keeps_the_text(app, brainstorm, facilitator):
    _make_clusters(facilitator, brainstorm, "Ympäristö")
    [(cluster, _)] = _clusters(app, brainstorm.theme_id)
    long = "y" * 121
    response = post(facilitator, f"{brainstorm.manage()}/clusters/{cluster}",
                    {f"cluster-{cluster}-title": long}, brainstorm.manage())
    assert response.status_code == 422
    assert f'value="{long}"' in text_of(response)
    assert _clusters(app, brainstorm.theme_id) == [(cluster, "Ympäristö")]


def test_deleting_a_cluster_leaves_its_ideas_unclustered(app, brainstorm, facilitator, add_ideas):
    idea_id = add_ideas(1)[0]
    _make_clusters(facilitator, brainstorm, "Ympäristö")
    [(cluster, _)] = _clusters(app, brainstorm.theme_id)
    post(facilitator, f"{brainstorm.manage()}/ideas/{idea_id}/cluster",
         {f"assign-{idea_id}-cluster": str(cluster)}, brainstorm.manage())
    assert _idea(app, idea_id).cluster_id == cluster
    post(facilitator, f"{brainstorm.manage()}/clusters/{cluster}/delete", {}, brainstorm.manage())
    assert _idea(app, idea_id).cluster_id is None


def test_assigning_an_idea_with_htmx_moves_it_under_the_heading(
        app, brainstorm, facilitator, add_ideas):
    first, second = add_ideas(2)
    _make_clusters(facilitator, brainstorm, "Ikääntyneet")
    [(cluster, _)] = _clusters(app, brainstorm.theme_id)
    response = post(facilitator, f"{brainstorm.manage()}/ideas/{second}/cluster",
                    {f"assign-{second}-cluster": str(cluster)}, brainstorm.manage(), htmx=True)
    html = text_of(response)
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="manage-ideas"')
    assert "The idea was moved." in html
    elderly = html.index('lang="fi">Ikääntyneet</span>')
    assert elderly < html.index(f'id="idea-{second}"')
    assert html.index("Ideas without a sub-theme") < html.index(f'id="idea-{first}"')
    # Back out of the cluster.
    post(facilitator, f"{brainstorm.manage()}/ideas/{second}/cluster",
         {f"assign-{second}-cluster": ""}, brainstorm.manage(), htmx=True)
    assert _idea(app, second).cluster_id is None


def test_assigning_to_an_unknown_cluster_is_refused(app, brainstorm, facilitator, add_ideas):
    idea_id = add_ideas(1)[0]
    response = post(facilitator, f"{brainstorm.manage()}/ideas/{idea_id}/cluster",
                    {f"assign-{idea_id}-cluster": "999"}, brainstorm.manage(), htmx=True)
    assert response.status_code == 422
    assert _idea(app, idea_id).cluster_id is None


def test_bulk_move_puts_the_ticked_ideas_under_one_cluster(
        app, brainstorm, facilitator, add_ideas):
    ids = add_ideas(4)
    _make_clusters(facilitator, brainstorm, "Lapset ja perheet")
    [(cluster, _)] = _clusters(app, brainstorm.theme_id)
    response = facilitator.post(
        f"{brainstorm.manage()}/move", headers={"HX-Request": "true"},
        data={"csrf_token": _token(facilitator, brainstorm), "bulk-ideas": ids[:3],
              "bulk-cluster": str(cluster)})
    assert response.status_code == 200
    assert "Ideas moved: 3." in text_of(response)
    assert [_idea(app, i).cluster_id for i in ids] == [cluster, cluster, cluster, None]


def test_bulk_move_without_ticked_ideas_says_so(app, brainstorm, facilitator, add_ideas):
    add_ideas(2)
    response = post(facilitator, f"{brainstorm.manage()}/move", {"bulk-cluster": ""},
                    brainstorm.manage(), htmx=True)
    assert response.status_code == 422
    assert "Select at least one idea to move." in text_of(response)


def test_bulk_move_of_another_questions_idea_is_not_found(
        app, brainstorm, facilitator, add_ideas):
    elsewhere = add_ideas(1, theme_id=brainstorm.theme_ids[1])[0]
    response = post(facilitator, f"{brainstorm.manage()}/move",
                    {"bulk-ideas": str(elsewhere), "bulk-cluster": ""}, brainstorm.manage())
    assert response.status_code == 404


def _token(client, brainstorm) -> str:
    page = text_of(client.get(brainstorm.manage()))
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_editing_an_idea_is_saved_and_audit_logged(app, brainstorm, facilitator, add_ideas):
    idea_id = add_ideas(texts=["Vanhusneuvostojen asma?"])[0]
    response = post(facilitator, f"{brainstorm.manage()}/ideas/{idea_id}/edit",
                    {f"edit-{idea_id}-text": "Vanhusneuvostojen asema?"}, brainstorm.manage(),
                    htmx=True)
    assert response.status_code == 200
    assert "Vanhusneuvostojen asema?" in text_of(response)
    assert _idea(app, idea_id).text == "Vanhusneuvostojen asema?"
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "idea.edited"))
        assert entry.actor_label == "fasi@example.fi"
        assert (entry.before, entry.after) == ({"text": "Vanhusneuvostojen asma?"},
                                               {"text": "Vanhusneuvostojen asema?"})


@pytest.mark.parametrize("htmx", [False, True])
def test_a_too_long_edit_is_refused_with_the_text_kept_and_the_editor_open(
        app, brainstorm, facilitator, add_ideas, htmx):
    idea_id = add_ideas(1)[0]
    long = "z" * 281
    response = post(facilitator, f"{brainstorm.manage()}/ideas/{idea_id}/edit",
                    {f"edit-{idea_id}-text": long}, brainstorm.manage(), htmx=htmx)
    html = text_of(response)
    assert response.status_code == 422
    assert re.search(rf">\s*{long}</textarea>", html)
    assert f'id="edit-{idea_id}-text-error"' in html
    assert re.search(r'<details class="idea-tool" open>\s*<summary aria-label="Edit text', html)
    assert _idea(app, idea_id).text == "Pekkan idea 1"


def test_hiding_needs_a_reason(app, brainstorm, facilitator, add_ideas):
    idea_id = add_ideas(1)[0]
    response = post(facilitator, f"{brainstorm.manage()}/ideas/{idea_id}/hide",
                    {f"hide-{idea_id}-reason": " "}, brainstorm.manage(), htmx=True)
    assert response.status_code == 422
    assert "Write the reason for hiding the idea." in text_of(response)
    assert not _idea(app, idea_id).hidden


def test_a_hidden_idea_shows_its_reason_to_participants_until_shown_again(
        app, brainstorm, facilitator, add_ideas, guest):
    idea_id = add_ideas(texts=["Puhelinnumero 040 123"])[0]
    response = post(facilitator, f"{brainstorm.manage()}/ideas/{idea_id}/hide",
                    {f"hide-{idea_id}-reason": "Sisälsi henkilötietoja"}, brainstorm.manage())
    assert response.status_code == 302
    board = text_of(guest.get(brainstorm.board))
    assert "Hidden by the facilitator: Sisälsi henkilötietoja" in board
    assert "Puhelinnumero" not in board
    # The facilitator still sees it, and can show it again.
    assert "Puhelinnumero 040 123" in text_of(facilitator.get(brainstorm.manage()))
    post(facilitator, f"{brainstorm.manage()}/ideas/{idea_id}/unhide", {}, brainstorm.manage())
    assert "Puhelinnumero 040 123" in text_of(guest.get(brainstorm.board))
    with app.app_context():
        actions = db.session.scalars(sa.select(AuditEntry.action)
                                     .where(AuditEntry.action.like("idea.%"))).all()
        assert sorted(actions) == ["idea.hidden", "idea.unhidden"]


@pytest.mark.parametrize("stage", ["draft", "voting", "results"])
def test_facilitators_organise_ideas_outside_the_open_stage(
        app, brainstorm, facilitator, add_ideas, set_stage, stage):
    idea_id = add_ideas(1)[0]
    set_stage(brainstorm.session_id, stage)
    response = post(facilitator, f"{brainstorm.manage()}/ideas/{idea_id}/edit",
                    {f"edit-{idea_id}-text": "Korjattu"}, brainstorm.manage())
    assert response.status_code == 302
    assert _idea(app, idea_id).text == "Korjattu"


@pytest.mark.parametrize("htmx", [False, True])
def test_a_closed_session_is_read_only_for_the_facilitator(
        app, brainstorm, facilitator, add_ideas, set_stage, htmx):
    idea_id = add_ideas(1)[0]
    token = _token(facilitator, brainstorm)
    set_stage(brainstorm.session_id, "closed")
    html = text_of(facilitator.get(brainstorm.manage()))
    assert "can be read but no longer changed" in html
    assert "Pekkan idea 1" in html and 'id="bulk-move"' not in html
    response = facilitator.post(f"{brainstorm.manage()}/ideas/{idea_id}/edit",
                                data={"csrf_token": token, f"edit-{idea_id}-text": "Myöhään"},
                                headers={"HX-Request": "true"} if htmx else {})
    assert response.status_code == 409
    if not htmx:
        assert "Myöhään</textarea>" in text_of(response)
    response = facilitator.post(f"{brainstorm.manage()}/clusters",
                                data={"csrf_token": token, "new-title": "Myöhässä"})
    assert response.status_code == 409
    assert _idea(app, idea_id).text == "Pekkan idea 1"


def test_html_in_ideas_and_cluster_titles_is_shown_as_text(
        app, brainstorm, facilitator, add_ideas):
    add_ideas(texts=['<img src=x onerror="alert(1)">'])
    _make_clusters(facilitator, brainstorm, "<script>alert(2)</script>")
    html = text_of(facilitator.get(brainstorm.manage()))
    assert "<img src=x" not in html and "<script>alert(2)" not in html
    assert "&lt;img src=x onerror=" in html and "&lt;script&gt;alert(2)&lt;/script&gt;" in html
