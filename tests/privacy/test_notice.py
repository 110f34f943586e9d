"""The privacy notice: what is stored, why, for how long, whom to contact, in fi/sv/en."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.organisations.models import Organisation


def test_the_notice_names_the_controller_the_retention_and_the_contact(client):
    page = client.get("/privacy").get_data(as_text=True)
    for heading in ("Who is responsible for your data", "What we store and why",
                    "How long we keep it", "Who sees your data", "Your rights", "Contact"):
        assert f">{heading}</h2>" in page
    assert "Data Protection Ombudsman" in page


def test_the_notice_lists_each_organisations_period(app, client, make_org):
    make_org("oulu", "Oulun kaupunki")
    make_org("kemi", "Kemin kaupunki")
    with app.app_context():
        db.session.scalar(sa.select(Organisation).where(Organisation.slug == "kemi")
                          ).guest_retention_days = 30
        db.session.commit()
    page = client.get("/privacy").get_data(as_text=True)
    assert "<tr><td>Kemin kaupunki</td><td>30 days</td></tr>" in page
    assert "<tr><td>Oulun kaupunki</td><td>90 days</td></tr>" in page


def test_the_operators_contact_is_shown_when_set(app, client):
    assert "mailto:" not in client.get("/privacy").get_data(as_text=True)
    app.config["PRIVACY_CONTACT"] = "tietosuoja@example.fi"
    try:
        page = client.get("/privacy").get_data(as_text=True)
    finally:
        app.config["PRIVACY_CONTACT"] = None
    assert 'href="mailto:tietosuoja@example.fi"' in page


@pytest.mark.parametrize(("language", "heading"), [
    ("fi", "Kuka vastaa tiedoistasi"), ("sv", "Vem ansvarar för dina uppgifter"),
    ("en", "Who is responsible for your data")])
def test_the_notice_is_in_finnish_swedish_and_english(client, language, heading):
    page = client.get("/privacy", headers={"Accept-Language": language}).get_data(as_text=True)
    assert heading in page


@pytest.mark.parametrize(("language", "heading", "kept", "seen"), [
    ("fi", "Kommentit, peukutukset ja ilmoitukset", "”Poistettu käyttäjä”",
     "mutta eivät sitä, keitä peukuttajat ovat"),
    ("sv", "Kommentarer, gilla-markeringar och anmälningar", "”Raderad användare”",
     "men inte vem som gav dem"),
    ("en", "Comments, upvotes and flags", "“Deleted user”", "but not who gave them")])
def test_the_notice_tells_about_comments_upvotes_and_flags(client, language, heading, kept,
                                                            seen):
    page = client.get("/privacy", headers={"Accept-Language": language}).get_data(as_text=True)
    section = page[page.index('id="comments"'):page.index('id="basis"')]
    assert f">{heading}</h3>" in section
    retention = page[page.index('id="retention"'):page.index('id="recipients"')]
    assert kept in retention  # how long, and what deleting an account does
    recipients = page[page.index('id="recipients"'):page.index('id="rights"')]
    assert seen in recipients  # who sees them
