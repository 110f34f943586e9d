"""The demo content: the seed-000 workshop and seed-001 brainstorm, as the API shows them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.brainstorm.models import Idea, Support
from app.extensions import db

DOCUMENTS = Path(__file__).resolve().parents[2] / "shared" / "source-documents"


@pytest.fixture
def demo(client, runner):
    """The demo's ids and its two sessions' results documents (read with a token)."""
    ids = json.loads(runner.invoke(args=["seed", "demo", "--json"]).output)
    token = runner.invoke(args=["users", "token", ids["email"]]).output.strip()
    read = {"Authorization": f"Bearer {token}"}
    return {name: client.get(f"/api/v1/sessions/{ids[name]}/results", headers=read).get_json()
            for name in ("workshop_id", "brainstorm_id")}


def test_the_workshop_has_three_themes_with_sourced_background_items(demo):
    workshop = demo["workshop_id"]
    assert workshop["session"]["title"] == "Maakuntastrategiatyöpaja"
    assert [t["title"] for t in workshop["themes"]] == [
        "Palvelulupaus", "Järjestöjen toimintaedellytykset", "Järjestöyhteistyön rakenteet"]
    for theme in workshop["themes"]:
        assert {item["source"] for item in theme["items"]} == {"PoPSTer-lausunto",
                                                                "Braxin raportti"}


def test_three_of_four_groups_submitted_a_reasoned_top_three_one_on_paper(demo):
    groups = demo["workshop_id"]["themes"][0]["groups"]
    assert len(groups) == 4
    submitted = [g for g in groups if g["submitted"]]
    assert len(submitted) == 3
    assert [g["source"] for g in submitted].count("paper") == 1
    for group in submitted:
        assert [p["rank"] for p in group["priorities"]] == [1, 2, 3]
        assert all(p["title"] and p["reasoning"] for p in group["priorities"])
    assert demo["workshop_id"]["themes"][0]["aggregate"][0]["score"] >= 3


def test_the_brainstorm_has_a_few_dozen_ideas_in_sub_themes(demo):
    ideas = [idea for theme in demo["brainstorm_id"]["themes"] for idea in theme["ideas"]]
    assert len(ideas) >= 24
    assert len({idea["cluster"] for idea in ideas if idea["cluster"]}) >= 3
    # Some ideas have gathered support, in varied numbers, as after a real session.
    supports = [idea["supports"] for idea in ideas]
    assert 0 in supports and len(set(supports)) >= 4


def test_nobody_in_the_demo_supports_their_own_idea(app, demo):
    with app.app_context():
        own = db.session.scalar(sa.select(sa.func.count(Support.id)).join(Idea).where(
            Support.participant_id == Idea.participant_id))
        authors = db.session.scalar(sa.select(sa.func.count(Idea.id)).where(
            Idea.participant_id.is_not(None)))
    assert own == 0 and authors >= 24


def test_no_contact_details_from_the_documents_are_copied(demo):
    text = json.dumps(demo, ensure_ascii=False)
    assert not re.search(r"[\w.-]+@[\w-]+\.\w+", text)  # e-mail addresses
    assert not re.search(r"\b0\d{2}[ -]?\d{3,4}[ -]?\d{3,4}\b", text)  # phone numbers
    surnames = {address.split("@")[0].split(".")[-1] for document in DOCUMENTS.glob("*.txt")
                for address in re.findall(r"[\w.-]+@[\w.-]+", document.read_text())}
    assert surnames and not any(name.lower() in text.lower() for name in surnames)


def test_the_demo_organisation_has_a_colour_and_a_logo_that_its_pages_show(client, runner):
    ids = json.loads(runner.invoke(args=["seed", "demo", "--json"]).output)
    css = client.get(f"/brand/{ids['organisation']}.css").get_data(as_text=True)
    assert "--color-brand: #" in css
    logo = client.get(f"/brand/{ids['organisation']}/logo.png")
    assert logo.status_code == 200 and logo.data.startswith(b"\x89PNG")
    runner.invoke(args=["seed", "demo"])  # again: the brand stays as it was
    assert client.get(f"/brand/{ids['organisation']}/logo.png").headers["ETag"] == \
        logo.headers["ETag"]
