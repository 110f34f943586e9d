"""Languages: catalogues complete, the switcher, and locale-aware formatting."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import format_date, format_decimal

from tests.conftest import post_form

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "app" / "translations"


def _catalog(locale: str):
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=locale)


@pytest.fixture(scope="module")
def extracted_ids(tmp_path_factory) -> set[str]:
    """Every msgid in the code and templates right now."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "_l", "-o", str(pot), "."],
        cwd=ROOT, check=True,
    )
    with open(pot, "rb") as handle:
        return {message.id if isinstance(message.id, str) else message.id[0]
                for message in read_po(handle) if message.id}


@pytest.mark.parametrize("locale", ["fi", "sv", "en"])
def test_catalogue_is_complete_and_current(locale, extracted_ids):
    catalog = _catalog(locale)
    untranslated = [m.id for m in catalog if m.id and not all(
        m.string if isinstance(m.string, tuple) else (m.string,))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    assert untranslated == [], f"{locale}: untranslated messages"
    assert fuzzy == [], f"{locale}: fuzzy messages"
    assert extracted_ids - ids == set(), f"{locale}: run `make extract-messages`"


@pytest.mark.parametrize("locale", ["fi", "sv"])
def test_translations_keep_their_placeholders(locale):
    for message in _catalog(locale):
        if message.id and isinstance(message.id, str) and "%(" in message.id:
            for placeholder in set(re.findall(r"%\(\w+\)s", message.id)):
                assert placeholder in message.string, (locale, message.id)


def test_finnish_is_the_default(client):
    page = client.get("/", headers={"Accept-Language": ""}).get_data(as_text=True)
    assert '<html lang="fi">' in page
    assert "Saavutettavuusseloste" in page


def test_browser_language_is_used_without_a_choice(client):
    page = client.get("/", headers={"Accept-Language": "sv-FI,sv;q=0.9"}).get_data(as_text=True)
    assert '<html lang="sv">' in page
    assert "Tillgänglighetsutlåtande" in page


def test_switching_to_swedish_is_remembered_in_a_cookie(client):
    response = post_form(client, "/language", {"lang": "sv", "next": "/privacy"}, page="/privacy")
    assert response.headers["Location"] == "/privacy"
    page = client.get("/privacy").get_data(as_text=True)
    assert '<html lang="sv">' in page
    assert "Dataskyddsbeskrivning" in page


def test_language_choice_is_remembered_on_the_account(app, client, make_user, login, get_user):
    email = make_user()
    login(email)
    post_form(client, "/language", {"lang": "en", "next": "/"}, page="/")
    assert get_user(email).locale == "en"
    fresh = app.test_client()
    post_form(fresh, "/login", {"email": email, "password": "correct horse battery staple"})
    assert '<html lang="en">' in fresh.get("/").get_data(as_text=True)


def test_unknown_language_falls_back_to_finnish(client):
    post_form(client, "/language", {"lang": "xx", "next": "/"}, page="/")
    client.set_cookie("lang", "klingon")
    assert '<html lang="fi">' in client.get("/", headers={"Accept-Language": "de"}).get_data(
        as_text=True)


@pytest.mark.parametrize(
    ("locale", "expected_date", "expected_number"),
    [
        ("fi", "24. marraskuuta 2026", "1\xa0234,5"),
        ("sv", "24 november 2026", "1\xa0234,5"),
        ("en", "November 24, 2026", "1,234.5"),
    ],
)
def test_dates_and_numbers_follow_the_language(app, locale, expected_date, expected_number):
    with app.test_request_context(headers={"Accept-Language": locale}):
        assert format_date(date(2026, 11, 24), "long") == expected_date
        assert format_decimal(1234.5) == expected_number
