"""Typing in a group's paper sheet: submitted at once and shown as "paper" everywhere."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.groupwork.models import Source, Submission
from app.sessions.models import Session, Stage
from tests.conftest import post_form


def _paper_url(scene: dict, group: str = "Ryhmä 3") -> str:
    return (f"/sessions/{scene['session']}/groups/{scene['groups'][group]}/themes/"
            f"{scene['themes'][0]}/paper")


def _sheet(*titles: str, reasoning: str = "Koska") -> dict:
    data = {}
    for index, title in enumerate(titles):
        data[f"slots-{index}-title"] = title
        data[f"slots-{index}-reasoning"] = f"{reasoning} {title}" if reasoning else ""
    return data


def test_form_has_one_place_per_pick_with_title_and_reasoning(client, scene):
    page = client.get(_paper_url(scene)).get_data(as_text=True)
    for index in range(3):
        assert f'id="slots-{index}-title"' in page and f'id="slots-{index}-reasoning"' in page
    assert 'id="slots-3-title"' not in page
    assert "Place 3" in page


def test_paper_result_is_shown_as_paper_on_dashboard_projector_and_combined_list(client, scene,
                                                                                  app):
    response = post_form(client, _paper_url(scene), _sheet("Liikunta", "Kulttuuri", "Nuoret"),
                         page="/login")
    assert response.status_code == 302
    with app.app_context():
        submission = db.session.scalar(sa.select(Submission).where(
            Submission.group_id == scene["groups"]["Ryhmä 3"]))
        assert submission.source == Source.PAPER and submission.locked
    base = f"/sessions/{scene['session']}"
    dashboard = client.get(f"{base}/dashboard").get_data(as_text=True)
    assert "state-paper" in dashboard and "submitted on paper" in dashboard
    projector = client.get(f"{base}/projector").get_data(as_text=True)
    assert 'Ryhmä 3 <span class="badge badge-paper">paper</span>' in projector
    combined = client.get(f"{base}/themes/{scene['themes'][0]}/aggregate").get_data(as_text=True)
    assert combined.count('class="badge badge-paper"') == 3
    assert "Koska Liikunta" in combined


def test_a_group_with_a_list_gets_it_prefilled_and_replaced(client, scene, item_titles):
    url = _paper_url(scene, "Ryhmä 1")
    page = client.get(url).get_data(as_text=True)
    assert 'value="Tilat"' in page and "Saving replaces it" in page
    post_form(client, url, _sheet("Tilat", "Avustukset", "Kirjasto"), page="/login")
    titles = item_titles(scene["session"])
    assert "Kirjasto" in titles and "Palveluohjaus" not in titles


def test_missing_reasoning_is_refused_with_422_and_the_typed_text_stays(client, scene):
    data = _sheet("Liikunta", "Kulttuuri", "Nuoret")
    data["slots-1-reasoning"] = "  "
    response = post_form(client, _paper_url(scene), data, page="/login")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'value="Liikunta"' in page and "Koska Nuoret" in page
    assert 'href="#slots-1-reasoning"' in page and 'aria-invalid="true"' in page


def test_over_long_title_is_refused(client, scene):
    response = post_form(client, _paper_url(scene), _sheet("x" * 201, "B", "C"), page="/login")
    assert response.status_code == 422


def test_paper_entry_after_group_work_is_refused_and_not_offered(client, scene, app):
    with app.app_context():
        db.session.get(Session, scene["session"]).stage = Stage.VOTING
        db.session.commit()
    response = post_form(client, _paper_url(scene), _sheet("A", "B", "C"), page="/login")
    assert response.status_code == 409
    assert "Koska A" in response.get_data(as_text=True)  # the typed text is shown back
    page = client.get(_paper_url(scene)).get_data(as_text=True)
    assert "can be entered while the session is open" in page and "slots-0-title" not in page


def test_paper_entry_is_audited_and_counts_as_the_groups_last_activity(client, scene, app):
    from app.audit.models import AuditEntry
    from app.groupwork.services import last_activity

    with app.app_context():
        assert scene["groups"]["Ryhmä 3"] not in last_activity(db.session.get(
            Session, scene["session"]))  # nobody has joined Ryhmä 3
    post_form(client, _paper_url(scene), _sheet("Liikunta", "Kulttuuri", "Nuoret"),
              page="/login")
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(
            AuditEntry.action == "submission.paper_entered"))
        assert entry.before == {"priorities": []}
        assert entry.after == {"priorities": [[1, "Liikunta"], [2, "Kulttuuri"], [3, "Nuoret"]]}
        assert scene["groups"]["Ryhmä 3"] in last_activity(db.session.get(
            Session, scene["session"]))
