"""The facilitator merges duplicates across groups, renames items and undoes merges."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.aggregation.models import AggregateItem
from app.audit.models import AuditEntry
from app.extensions import db
from app.sessions.models import Session, Stage
from tests.conftest import post_form

HTMX = {"HX-Request": "true"}


def _url(scene: dict, tail: str = "") -> str:
    return f"/sessions/{scene['session']}/themes/{scene['themes'][0]}/aggregate{tail}"


def _post(client, scene, tail, data, **kwargs):
    return post_form(client, _url(scene, tail), data, page="/login", **kwargs)


def _rows(client, scene) -> list[tuple[str, int]]:
    """(title, points) of the combined list, as the page shows them, in order."""
    page = client.get(_url(scene)).get_data(as_text=True)
    titles = re.findall(r'class="aggregate-title"[^>]*>'
                        r'(?:<span class="visually-hidden">[^<]*</span>)?'
                        r'(?:<span lang="fi">)?([^<]+)<', page)
    points = [int(n) for n in re.findall(r'class="aggregate-score">(\d+) points?<', page)]
    return list(zip(titles, points, strict=True))


def _last_action(app) -> str:
    with app.app_context():
        return db.session.scalar(sa.select(AuditEntry.action).order_by(AuditEntry.id.desc())
                                 .limit(1))


def _item_html(page: str, item_id: int) -> str:
    start = page.index(f'id="item-{item_id}"')
    end = page.find('id="item-', start + 1)
    return page[start:end if end > 0 else None]


def test_page_shows_every_members_group_place_title_and_reasoning(client, scene):
    page = client.get(_url(scene)).get_data(as_text=True)
    tuki = _item_html(page, scene["merged"])
    assert ">Tuki</span></label>" in tuki
    assert '<span class="tag tag-info badge">merged</span>' in tuki
    assert "4 points" in tuki and "2 groups" in tuki and "0 first places" in tuki
    assert "<strong>Ryhmä 1</strong> · place 2" in tuki and "Perustelu: Avustukset" in tuki
    assert "<strong>Ryhmä 2</strong> · place 2" in tuki and "Perustelu: Kokemustieto" in tuki
    assert ">Avustukset<" in tuki and ">Kokemustieto<" in tuki


def test_merge_sums_points_and_keeps_every_member(client, scene, app):
    first, second = scene["first"], scene["second"]
    response = _post(client, scene, "/merge",
                     {"items": [first["Tilat"], second["Tilat maksutta"]],
                      "title": "Maksuttomat tilat"})
    assert response.status_code == 302
    assert _rows(client, scene)[0] == ("Maksuttomat tilat", 6)  # place 1 twice: 3 + 3
    page = client.get(_url(scene)).get_data(as_text=True)
    assert "Perustelu: Tilat maksutta" in page and "Perustelu: Tilat<" in page
    assert ">Tilat<" in page and ">Tilat maksutta<" in page  # the members' own titles
    assert _last_action(app) == "aggregate.merged"


def test_an_empty_title_takes_the_first_chosen_items_title(client, scene):
    _post(client, scene, "/merge",
          {"items": [scene["second"]["Liikunta"], scene["first"]["Palveluohjaus"]], "title": ""})
    assert ("Liikunta", 2) in _rows(client, scene)


def test_merge_suggests_the_first_chosen_title_in_the_form(client, scene):
    page = client.get(_url(scene)).get_data(as_text=True)
    assert 'data-title="Tilat maksutta"' in page
    assert "first chosen item" in page


def test_merge_with_htmx_swaps_the_list_and_announces_it(client, scene):
    response = _post(client, scene, "/merge",
                     {"items": [scene["first"]["Tilat"], scene["second"]["Tilat maksutta"]]},
                     headers=HTMX)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<html" not in body and 'id="aggregate"' in body
    assert 'hx-swap-oob="true"' in body and "Merged into “Tilat”." in body


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
@pytest.mark.parametrize("chosen", [[], ["Tilat"]])
def test_merging_fewer_than_two_items_is_refused_with_a_message(client, scene, chosen, headers):
    items = [scene["first"][title] for title in chosen]
    response = _post(client, scene, "/merge", {"items": items, "title": "Yksin"},
                     headers=headers)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Choose at least two items of this theme to merge." in body
    assert 'value="Yksin"' in body
    if items:
        assert re.search(rf'value="{items[0]}"[^>]*\n?[^>]*checked', body)


def test_items_of_another_session_are_not_found(client, scene, make_session, submit_list):
    other = make_session(org="kunta", title="Toinen")
    foreign = submit_list(other, "Ryhmä 1", ["Muu", "Toinen", "Kolmas"])
    response = _post(client, scene, "/merge", {"items": [scene["first"]["Tilat"], foreign["Muu"]]})
    assert response.status_code == 404
    assert _post(client, scene, f"/items/{foreign['Muu']}/title", {"title": "X"}
                 ).status_code == 404
    assert _post(client, scene, f"/items/{foreign['Muu']}/undo", {}).status_code == 404


def test_items_of_another_theme_are_not_found(client, scene, submit_list):
    other_theme = submit_list(scene["session"], "Ryhmä 3", ["Hallinto", "Talous", "Viestintä"],
                              theme=1)
    response = _post(client, scene, "/merge",
                     {"items": [scene["first"]["Tilat"], other_theme["Hallinto"]]})
    assert response.status_code == 404


def test_undo_restores_the_separate_items_and_their_points(client, scene, app):
    before = sorted(_rows(client, scene))
    _post(client, scene, "/merge",
          {"items": [scene["first"]["Tilat"], scene["second"]["Tilat maksutta"]]})
    with app.app_context():
        merged = db.session.scalar(sa.select(AggregateItem.id).where(
            AggregateItem.merged, AggregateItem.title == "Tilat"))
    response = _post(client, scene, f"/items/{merged}/undo", {})
    assert response.status_code == 302
    assert sorted(_rows(client, scene)) == before
    assert _last_action(app) == "aggregate.unmerged"


def test_undo_of_the_fixture_merge_gives_both_titles_back(client, scene):
    _post(client, scene, f"/items/{scene['merged']}/undo", {})
    rows = dict(_rows(client, scene))
    assert rows["Avustukset"] == 2 and rows["Kokemustieto"] == 2 and "Tuki" not in rows


def test_undo_of_an_item_that_is_not_a_merge_is_refused(client, scene):
    assert _post(client, scene, f"/items/{scene['first']['Tilat']}/undo", {}).status_code == 409


def test_rename_changes_only_the_items_title_and_shows_html_as_text(client, scene, app):
    response = _post(client, scene, f"/items/{scene['merged']}/title",
                     {"title": "<b>Tuki</b> järjestöille"})
    assert response.status_code == 302
    page = client.get(_url(scene)).get_data(as_text=True)
    assert "&lt;b&gt;Tuki&lt;/b&gt; järjestöille" in page and "<b>Tuki</b>" not in page
    assert ">Avustukset<" in page  # the member keeps its own title
    assert _last_action(app) == "aggregate.renamed"


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_rename_to_nothing_is_refused_and_the_form_stays_open(client, scene, headers):
    response = _post(client, scene, f"/items/{scene['merged']}/title", {"title": "  "},
                     headers=headers)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert f'id="rename-{scene["merged"]}-error"' in body and "open" in body


def test_nothing_changes_once_the_session_is_closed(client, scene, app):
    with app.app_context():
        db.session.get(Session, scene["session"]).stage = Stage.CLOSED
        db.session.commit()
    first, second = scene["first"], scene["second"]
    assert _post(client, scene, "/merge", {"items": [first["Tilat"], second["Liikunta"]]}
                 ).status_code == 409
    assert _post(client, scene, f"/items/{scene['merged']}/undo", {}).status_code == 409
    assert _post(client, scene, f"/items/{scene['merged']}/title", {"title": "Uusi"}
                 ).status_code == 409
    page = client.get(_url(scene)).get_data(as_text=True)
    assert 'type="checkbox"' not in page and "Undo merge" not in page


@pytest.mark.parametrize("stage", [Stage.VOTING, Stage.RESULTS])
def test_merging_is_allowed_while_voting_and_showing_results(client, scene, app, stage):
    with app.app_context():
        db.session.get(Session, scene["session"]).stage = stage
        db.session.commit()
    response = _post(client, scene, "/merge",
                     {"items": [scene["first"]["Tilat"], scene["second"]["Tilat maksutta"]]})
    assert response.status_code == 302
