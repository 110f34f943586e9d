"""What a person does on the base pages, in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, fits_width, screenshot
from tests.conftest import PASSWORD


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("Sähköpostiosoite").fill(email)
    page.get_by_label("Salasana").fill(password)
    page.get_by_role("button", name="Kirjaudu sisään").click()


def test_facilitator_signs_in_and_out(page, make_org, make_user):
    make_org("oulu", "Oulun kaupunki")
    email = make_user(org="oulu", name="Tiina Testaaja")
    sign_in(page, email)
    expect(page.get_by_text("Kirjautuneena: Tiina Testaaja")).to_be_visible()
    expect(page.get_by_role("heading", name="Oulun kaupunki")).to_be_visible()
    screenshot(page, "home-signed-in-fi")
    page.get_by_role("button", name="Kirjaudu ulos").click()
    expect(page.get_by_role("link", name="Kirjaudu sisään").first).to_be_visible()


def test_wrong_password_shows_the_error_next_to_the_field(page, make_user):
    email = make_user()
    sign_in(page, email, "wrong password")
    password = page.get_by_label("Salasana")
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_attribute("aria-describedby", "password-error")
    expect(page.locator("#password-error")).to_contain_text("Sähköpostiosoite tai salasana")
    # The summary names the field and leads to it; the message is said once, by the field.
    summary = page.get_by_role("alert").filter(has_text="Tarkista tiedot")
    expect(summary).to_be_focused()
    expect(summary).not_to_contain_text("Sähköpostiosoite tai salasana")
    summary.get_by_role("link", name="Salasana").click()
    expect(password).to_be_focused()
    assert_accessible(page)


def test_switching_to_swedish_translates_the_page(page):
    page.goto("/accessibility")
    page.get_by_role("button", name="Svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tillgänglighetsutlåtande")
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    screenshot(page, "home-sv")


def test_keyboard_only_sign_in(page, make_user):
    email = make_user(name="Kaisa Näppäimistö")
    page.goto("/login")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Siirry pääsisältöön")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "email":
            break
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("id", "password")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineWidth")
    assert float(outline.removesuffix("px")) >= 3  # the focus can be seen
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Kirjautuneena: Kaisa Näppäimistö")).to_be_visible()


@pytest.mark.parametrize("path", ["/", "/login", "/accessibility", "/privacy", "/no-such-page",
                                  "/design", "/join"])
@pytest.mark.parametrize("locale", ["fi-FI", "sv-FI"])
def test_base_pages_pass_axe(new_context, path, locale):
    page = new_context(locale=locale).new_page()
    page.goto(path)
    assert_accessible(page)


def test_members_page_passes_axe_and_fits_a_phone(phone_page, make_org, make_user):
    make_org("oulu", "Oulun kaupunki")
    make_user("kirsi@example.fi", org="oulu", role="staff", name="Kirsi Kokeilija")
    sign_in(phone_page, make_user(org="oulu", role="admin"))
    phone_page.goto("/organisations/oulu/members")
    expect(phone_page.get_by_text("kirsi@example.fi")).to_be_visible()
    assert fits_width(phone_page)
    assert_accessible(phone_page)
    screenshot(phone_page, "members-phone-fi")


@pytest.mark.parametrize("path", ["/", "/login", "/accessibility", "/design"])
def test_pages_reflow_at_320_px(new_context, path):
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    page.goto(path)
    assert fits_width(page)


def test_htmx_loads_under_the_content_security_policy(page):
    page.goto("/")
    assert page.evaluate("() => typeof htmx !== 'undefined' && htmx.config.allowEval === false")
