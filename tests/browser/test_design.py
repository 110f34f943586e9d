"""The living style guide and an organisation's brand, as people see them in a browser."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, assert_accessible, confirm, fits_width, screenshot
from tests.browser.test_foundation import sign_in

COLOUR = re.compile(r"rgb\((\d+), (\d+), (\d+)\)")


def rgb(css_colour: str) -> tuple[int, int, int]:
    return tuple(int(v) for v in COLOUR.match(css_colour).groups())


@pytest.mark.parametrize(("locale", "heading", "summary"), [
    ("fi-FI", "Yhdessä-suunnittelujärjestelmä", "Tarkista tiedot"),
    ("sv-FI", "Yhdessäs designsystem", "Kontrollera uppgifterna"),
])
def test_the_style_guide_shows_every_component_in_the_readers_language(
        new_context, locale, heading, summary):
    page = new_context(locale=locale).new_page()
    page.goto("/design")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    # one section per component, each reachable from the contents
    anchors = page.locator(".design-contents a").evaluate_all("links => links.map(a => a.hash)")
    assert len(anchors) == 17
    for anchor in anchors:
        expect(page.locator(anchor)).to_have_count(1)
    # the states a reader should see: a primary button that stands out, a refused field
    # tied to its message, the summary naming that field, the current step, every icon drawn
    primary = page.get_by_role("button", name=re.compile("^(Ensisijainen|Primär)$"))
    secondary = page.get_by_role("button", name=re.compile("^(Toissijainen|Sekundär)$"))
    assert rgb(primary.evaluate("b => getComputedStyle(b).backgroundColor")) != rgb(
        secondary.evaluate("b => getComputedStyle(b).backgroundColor"))
    refused = page.locator("#refused-name")
    expect(refused).to_have_attribute("aria-invalid", "true")
    expect(refused).to_have_attribute("aria-describedby", re.compile("refused-name-error"))
    expect(page.locator(".error-summary h3")).to_have_text(summary)
    page.locator(".error-summary a[href='#refused-name']").click()
    expect(refused).to_be_focused()
    expect(page.locator(".steps [aria-current='step']").first).to_be_visible()
    widths = page.locator(".icon-grid svg").evaluate_all(
        "icons => icons.map(i => i.getBoundingClientRect().width)")
    assert len(widths) >= 40 and min(widths) > 10
    assert_accessible(page)
    screenshot(page, f"design-{locale[:2]}")


def test_the_style_guide_fits_a_phone(new_context):
    page = new_context(viewport=PHONE).new_page()
    page.goto("/design")
    assert fits_width(page)
    assert_accessible(page)


def test_the_count_appears_only_as_a_long_text_nears_its_limit(page):
    page.goto("/design")
    field = page.locator("#fresh-reasoning")
    count = page.locator("#fresh-reasoning-count")
    field.fill("Lyhyt perustelu.")
    expect(count).to_be_hidden()
    field.fill("x" * 250)  # the limit is 300
    expect(count).to_be_visible()
    expect(count).to_have_text("Merkkejä jäljellä: 50")
    expect(page.locator("#fresh-name-count")).to_have_count(0)  # short fields have none


def _logo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (360, 120), (13, 107, 87)).save(out, format="PNG")
    return out.getvalue()


def test_an_admin_brands_the_organisation_and_its_join_page_shows_it(
        new_context, make_org, make_user, make_session, app, tmp_path):
    make_org("oulu", "Oulun kaupunki")
    page = new_context().new_page()
    sign_in(page, make_user(org="oulu", role="admin"))
    page.goto("/organisations/oulu/members")
    page.get_by_role("link", name="Logo ja väri").click()
    assert_accessible(page)

    page.get_by_role("textbox", name="Pääväri").fill("#ffcc00")
    page.get_by_role("button", name="Tallenna väri").click()
    expect(page.locator("#colour-error")).to_contain_text("liian vaalea")
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)
    page.locator("#use-suggestion").click()
    expect(page.locator(".flash-success")).to_be_visible()

    logo = tmp_path / "logo.png"
    logo.write_bytes(_logo())
    page.locator("input#logo").set_input_files(str(logo))
    page.get_by_role("button", name="Lataa logo").click()
    expect(page.locator(".logo-preview img")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "brand-settings-fi")
    brand = rgb(page.locator(".site-header").evaluate("h => getComputedStyle(h).backgroundColor"))

    session_id = make_session(org="oulu")
    with app.app_context():
        from app.extensions import db
        from app.sessions.models import Session
        code = db.session.get(Session, session_id).join_code
    phone = new_context(viewport=PHONE).new_page()
    phone.goto(f"/join/{code}")
    expect(phone.locator(".brand-logo")).to_be_visible()
    expect(phone.locator(".brand-name")).to_contain_text("Oulun kaupunki")
    header = rgb(phone.locator(".site-header").evaluate("h => getComputedStyle(h).backgroundColor"))
    assert header == brand and header != (7, 55, 99)  # the organisation's, not Yhdessä's
    assert fits_width(phone)
    assert_accessible(phone)
    screenshot(phone, "join-branded-phone-fi")

    platform = new_context().new_page()
    platform.goto("/")
    own = rgb(platform.locator(".site-header").evaluate("h => getComputedStyle(h).backgroundColor"))
    assert own == (7, 55, 99)  # Yhdessä's own pages keep its colours


def test_a_question_is_asked_in_the_pages_dialog_and_cancel_keeps_everything(page):
    page.goto("/design#confirm")
    page.locator("#confirm-example").click()
    dialog = page.locator("#confirm-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Mitään ei poisteta")
    expect(page.locator("#confirm-no")).to_be_focused()
    assert_accessible(page)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert page.url.endswith("/design#confirm")  # nothing was sent
    confirm(page, page.locator("#confirm-example"))  # yes in the page's dialog
    expect(page).to_have_url(re.compile(r"/design\?"))  # the example form went on its way
