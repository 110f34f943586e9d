"""The account page in a browser: reached from the header, a token made and shown once,
the account deleted after the page's own dialog asks; axe finds nothing on the page."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, confirm, screenshot
from tests.browser.test_foundation import sign_in
from tests.conftest import PASSWORD


def test_a_person_makes_a_token_and_deletes_their_account(page, app, make_org, make_user):
    make_org("oulu", "Oulun kaupunki")
    make_user("paakayttaja@example.fi", org="oulu", role="admin", name="Pää Käyttäjä")
    email = make_user(org="oulu", name="Tiina Testaaja")
    sign_in(page, email)
    page.get_by_role("link", name="Oma tili").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Oma tili")
    expect(page.get_by_role("link", name="Vaihda salasana")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Tunnisteen nimi").fill("Hyvinvointiraportti")
    page.get_by_role("button", name="Luo tunniste").click()
    token = page.locator("#new-token")
    expect(token).to_be_visible()
    expect(page.get_by_role("cell", name="Hyvinvointiraportti", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="Ei koskaan")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "account-fi")

    page.goto("/account/delete")  # the confirmation that works without script
    expect(page.get_by_role("heading", level=1)).to_have_text("Poistetaanko tilisi?")
    assert_accessible(page)
    page.get_by_role("link", name="Peruuta").click()

    deletion = page.locator("#delete")
    deletion.get_by_label("Salasanasi").fill(PASSWORD)
    deletion.get_by_role("button", name="Poista tilini").click()
    dialog = page.locator("#confirm-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Poistetaanko tilisi pysyvästi?")
    page.locator("#confirm-no").click()  # cancelled: nothing happens
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text("Oma tili")

    confirm(page, deletion.get_by_role("button", name="Poista tilini"))  # yes in the page's dialog
    expect(page.get_by_text("Tilisi on poistettu.")).to_be_visible()
    expect(page.get_by_role("link", name="Kirjaudu sisään", exact=True)).to_be_visible()
    sign_in(page, email)
    expect(page.get_by_text("Sähköpostiosoite tai salasana on väärä.")).to_be_visible()


def test_the_privacy_settings_and_the_notice_pass_axe(page, make_org, make_user):
    make_org("oulu", "Oulun kaupunki")
    sign_in(page, make_user("paakayttaja@example.fi", org="oulu", role="admin"))
    page.goto("/organisations/oulu/members")
    page.get_by_role("link", name="Tietosuoja", exact=True).click()
    page.get_by_label("Vieraiden nimien säilytysaika").fill("30")
    page.get_by_role("button", name="Tallenna säilytysaika").click()
    expect(page.get_by_text("Vieraiden nimet säilytetään nyt 30 päivää")).to_be_visible()
    assert_accessible(page)
    page.goto("/privacy")
    expect(page.get_by_role("cell", name="30 päivää")).to_be_visible()
    assert_accessible(page)
