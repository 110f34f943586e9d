"""Two people on phones join the same group, write its top three together, resolve a
conflict without losing text and submit — with the keyboard, and passing axe."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from app.extensions import db
from app.sessions.models import Session, Stage
from tests.browser.conftest import PHONE, assert_accessible, fits_width, screenshot

LIVE = 10_000  # ms: polling runs every 3 s
SMALL_PHONE = {"width": 320, "height": 640}


@pytest.fixture
def code(app, make_session) -> str:
    session_id = make_session(themes=("Palvelulupaus", "Yhteistyö"))
    with app.app_context():
        session = db.session.get(Session, session_id)
        session.meeting_url = "https://meet.example.fi/tyopaja"
        db.session.commit()
        return session.join_code


def snap(page: Page, name: str) -> None:
    """Screenshot, then drop the empty style="" attributes Playwright leaves on form fields
    (htmx would copy them into swapped content, which the CSP rightly blocks)."""
    screenshot(page, name)
    page.evaluate("() => document.querySelectorAll('[style=\"\"]')"
                  ".forEach(element => element.removeAttribute('style'))")


def join(page: Page, code: str, name: str, by_link: bool = False) -> None:
    if by_link:
        page.goto(f"/join/{code}")
    else:
        page.goto("/join")
        page.get_by_label("Join code").fill(" ".join([code[:3].lower(), code[3:].lower()]))
        page.get_by_role("button", name="Continue").click()
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Resident").check()
    page.get_by_label("Group").select_option(label="Ryhmä 1")
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_text(f"Welcome, {name}!")).to_be_visible()
    page.wait_for_load_state("load")  # its script, as a person's first tap comes after it


def place(page: Page, rank: int):
    return page.locator(f"#slot-{rank}")


def write(page: Page, rank: int, title: str, reasoning: str) -> None:
    page.locator(f"#slot-{rank}-title").fill(title)
    page.locator(f"#slot-{rank}-reasoning").fill(reasoning)
    page.locator(f"#slot-{rank}-save").click()
    expect(place(page, rank).get_by_text(re.compile("Last saved by"))).to_be_visible()


def test_two_phones_write_the_list_together_and_submit(new_context, code):
    maija = new_context(locale="en-GB", viewport=PHONE).new_page()
    pekka = new_context(locale="en-GB", viewport=PHONE).new_page()

    maija.goto("/join")
    assert_accessible(maija)
    join(maija, code, "Maija")
    pekka.goto(f"/join/{code}")
    assert_accessible(pekka)
    snap(pekka, "groupwork-join-phone")
    join(pekka, code, "Pekka", by_link=True)

    expect(maija.get_by_role("heading", level=1)).to_have_text("Palvelulupaus")
    expect(maija.get_by_role("link", name="Join the online meeting")).to_be_visible()
    expect(maija.locator(".group-members")).to_contain_text("Pekka", timeout=LIVE)
    assert_accessible(maija)
    assert fits_width(maija)

    # Maija writes place 1; Pekka sees it within a few seconds.
    write(maija, 1, "Tilat", "Yhdistyksillä ei ole kokoontumispaikkoja.")
    expect(pekka.locator("#slot-1-title")).to_have_value("Tilat", timeout=LIVE)

    # Pekka is typing in place 2 when Maija's next save arrives: his text stays.
    pekka.locator("#slot-2-title").fill("Avustukset (kesken)")
    write(maija, 3, "Palveluohjaus", "Tieto palveluista ei kulje.")
    expect(pekka.locator("#slot-3-title")).to_have_value("Palveluohjaus", timeout=LIVE)
    expect(pekka.locator("#slot-2-title")).to_have_value("Avustukset (kesken)")
    pekka.locator("#slot-2-reasoning").fill("Pienet avustukset auttavat paljon.")
    pekka.locator("#slot-2-save").click()
    expect(place(pekka, 2).get_by_text("Last saved by Pekka")).to_be_visible()

    # Both change place 1 at once: Pekka's save shows both texts, nothing is lost.
    pekka.locator("#slot-1-reasoning").fill("Pekan perustelu: tilat maksavat liikaa.")
    write(maija, 1, "Maksuttomat tilat", "Maijan perustelu.")
    pekka.wait_for_timeout(3500)  # a poll passes; Pekka's typing must survive it
    expect(pekka.locator("#slot-1-reasoning")).to_have_value(
        "Pekan perustelu: tilat maksavat liikaa.")
    pekka.locator("#slot-1-save").click()
    conflict = place(pekka, 1)
    expect(conflict.get_by_role("heading", name="Saved meanwhile by Maija")).to_be_visible()
    expect(conflict.get_by_text("Maksuttomat tilat")).to_be_visible()
    expect(pekka.locator("#slot-1-reasoning")).to_have_value(
        "Pekan perustelu: tilat maksavat liikaa.")
    assert_accessible(pekka)
    snap(pekka, "groupwork-conflict-phone")
    pekka.wait_for_timeout(3500)  # polling does not take the conflict away
    expect(conflict.get_by_role("heading", name="Saved meanwhile by Maija")).to_be_visible()
    pekka.locator("#slot-1-title").fill("Maksuttomat tilat")
    pekka.locator("#slot-1-reasoning").fill("Maijan perustelu. Tilat maksavat liikaa.")
    pekka.get_by_role("button", name="Keep my text").click()
    expect(conflict.get_by_text("Last saved by Pekka")).to_be_visible()
    expect(maija.locator("#slot-1-reasoning")).to_have_value(
        "Maijan perustelu. Tilat maksavat liikaa.", timeout=LIVE)

    # Keyboard only: move place 3 up, then submit.
    maija.locator("#slot-3-up").focus()
    maija.keyboard.press("Enter")
    expect(maija.locator("#slot-2-title")).to_have_value("Palveluohjaus")
    expect(maija.locator(":focus")).to_have_attribute("id", "slot-2-up")
    expect(maija.locator(":focus")).to_have_attribute(
        "aria-label", "Move “Palveluohjaus” up to place 1")
    expect(maija.locator("#group-status")).to_have_text("“Palveluohjaus” moved to place 2.")
    expect(pekka.locator("#slot-2-title")).to_have_value("Palveluohjaus", timeout=LIVE)
    snap(maija, "groupwork-list-phone")

    maija.locator("#submit-list").focus()
    maija.keyboard.press("Enter")
    # The question opens in the page's dialog with Cancel focused; the keyboard says yes.
    expect(maija.locator("#confirm-no")).to_be_focused()
    assert_accessible(maija)
    maija.keyboard.press("Shift+Tab")
    maija.keyboard.press("Enter")
    expect(maija.get_by_text("Your group has submitted this list")).to_be_visible()
    expect(maija.locator("#slot-1-title")).to_have_count(0)
    expect(maija.get_by_role("button", name="Use as a priority")).to_have_count(0)
    expect(pekka.get_by_text("Your group has submitted this list")).to_be_visible(timeout=LIVE)
    assert_accessible(maija)
    snap(maija, "groupwork-submitted-phone")


def test_keyboard_user_writes_and_saves_a_place(new_context, code):
    page = new_context(locale="en-GB", viewport=PHONE).new_page()
    join(page, code, "Kaisa")
    page.locator("#slot-1-title").focus()
    page.keyboard.type("Nuoret")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("id", "slot-1-reasoning")
    page.keyboard.type("Nuorten ääni kuuluviin.")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("id", "slot-1-save")
    page.keyboard.press("Enter")
    expect(place(page, 1).get_by_text("Last saved by Kaisa")).to_be_visible()
    expect(page.locator(":focus")).to_have_attribute("id", "slot-1-save")
    expect(page.locator("#slot-1-title")).to_have_value("Nuoret")


def test_background_item_fills_a_place_and_the_page_fits_small_phones(new_context, code):
    page = new_context(locale="en-GB", viewport=SMALL_PHONE).new_page()
    join(page, code, "Ville")
    page.get_by_role("button", name="Use as a priority").first.click()
    expect(page.locator("#slot-1-title")).to_have_value("Palvelulupaus: tausta 1")
    expect(page.locator(":focus")).to_have_attribute("id", "slot-1-reasoning")
    assert fits_width(page)
    for button in page.locator(".slot button, .items button").all():
        box = button.bounding_box()
        assert box and box["height"] >= 44, button.text_content()
    snap(page, "groupwork-320")


def test_laptop_shows_background_items_beside_the_list(new_context, code):
    page = new_context(locale="en-GB").new_page()
    join(page, code, "Liisa")
    write(page, 1, "Tilat", "Kokoontumispaikkoja tarvitaan.")
    items = page.locator(".background-items").bounding_box()
    work = page.locator("#group-work").bounding_box()
    assert items["x"] > work["x"] + work["width"] - 1
    assert_accessible(page)
    snap(page, "groupwork-laptop")


def test_a_place_is_dragged_onto_another_on_a_laptop(new_context, code):
    # A tall window, so that both places are on screen while the mouse drags.
    page = new_context(locale="en-GB", viewport={"width": 1280, "height": 2000}).new_page()
    join(page, code, "Liisa")
    write(page, 1, "Tilat", "Kokoontumispaikkoja tarvitaan.")
    write(page, 2, "Avustukset", "Vakaa rahoitus.")
    write(page, 3, "Palveluohjaus", "Ohjaus järjestöihin.")
    handle = page.locator("#slot-3 .drag-handle")
    expect(handle).to_be_visible()
    handle.drag_to(page.locator("#slot-1-heading"))
    expect(page.get_by_text("“Palveluohjaus” moved to place 1.")).to_be_visible()
    expect(page.locator("#slot-1-title")).to_have_value("Palveluohjaus")
    expect(page.locator("#slot-2-title")).to_have_value("Tilat")
    expect(page.locator("#slot-3-title")).to_have_value("Avustukset")


def test_a_button_pressed_as_the_list_is_replaced_is_still_sent_by_htmx(new_context, code):
    """The moment a new list arrives its buttons already work: pressed then, they do not
    fall back to a whole-page post (which loses the focus and the place on the page)."""
    page = new_context(locale="en-GB").new_page()
    join(page, code, "Liisa")
    write(page, 1, "Tilat", "Kokoontumispaikkoja tarvitaan.")
    write(page, 2, "Avustukset", "Vakaa rahoitus.")
    write(page, 3, "Palveluohjaus", "Ohjaus järjestöihin.")
    # Press "Up" on place 3 in the very moment the list is replaced after the first move.
    page.evaluate("""() => {
        window.samePage = true;
        const observer = new MutationObserver(() => {
            const up = document.getElementById("slot-3-up");
            if (up && up.closest("[data-group-work]").dataset.pressed !== "1") {
                up.closest("[data-group-work]").dataset.pressed = "1";
                observer.disconnect();
                up.click();
            }
        });
        document.getElementById("slot-2-down").closest("[data-group-work]").dataset.pressed = "1";
        observer.observe(document.querySelector("main"), {childList: true, subtree: true});
    }""")
    page.locator("#slot-2-down").click()
    expect(page.locator("#group-status")).to_have_text("“Avustukset” moved to place 2.")
    expect(page.locator("#slot-2-title")).to_have_value("Avustukset")
    expect(page.locator("#slot-3-title")).to_have_value("Palveluohjaus")
    assert page.evaluate("() => window.samePage === true")


def test_an_error_message_goes_away_with_the_next_action(new_context, code):
    page = new_context(locale="en-GB", viewport=PHONE).new_page()
    join(page, code, "Liisa")
    # The page's form tokens go stale (as after a server restart with a new key).
    page.evaluate("""() => {
        window.tokens = [...document.querySelectorAll("input[name$='csrf_token']")]
            .map(input => [input, input.value]);
        window.tokens.forEach(([input]) => { input.value = "stale"; });
        window.header = document.body.getAttribute("hx-headers");
        document.body.setAttribute("hx-headers", '{"X-CSRFToken": "stale"}');
    }""")
    page.locator("#slot-1-title").fill("Tilat")
    page.locator("#slot-1-save").click()
    alert = page.locator("#htmx-alert")
    expect(alert).to_contain_text("The request could not be handled")
    expect(page.locator("#slot-1-title")).to_have_value("Tilat")  # the text stays
    page.evaluate("""() => {
        window.tokens.forEach(([input, value]) => { input.value = value; });
        document.body.setAttribute("hx-headers", window.header);
    }""")
    page.locator("#slot-1-save").click()
    expect(place(page, 1).get_by_text("Last saved by Liisa")).to_be_visible()
    expect(alert).to_be_empty()


def test_without_javascript_a_save_and_a_conflict_still_work(browser, live_server, code):
    context = browser.new_context(base_url=live_server, locale="en-GB", viewport=PHONE,
                                  java_script_enabled=False)
    other = browser.new_context(base_url=live_server, locale="en-GB", viewport=PHONE,
                                java_script_enabled=False)
    try:
        first, second = context.new_page(), other.new_page()
        join(first, code, "Aino", by_link=True)
        join(second, code, "Eino", by_link=True)
        first.locator("#slot-1-title").fill("Tilat")
        first.locator("#slot-1-save").click()
        expect(first.get_by_text("Place 1 saved.")).to_be_visible()
        second.locator("#slot-1-title").fill("Einon otsikko")  # his page is from before
        second.locator("#slot-1-save").click()
        expect(second.get_by_role("heading", name="Saved meanwhile by Aino")).to_be_visible()
        expect(second.locator("#slot-1-title")).to_have_value("Einon otsikko")
        second.get_by_role("button", name="Use their text").click()
        expect(second.locator("#slot-1-title")).to_have_value("Tilat")
    finally:
        context.close()
        other.close()


def test_typed_text_survives_the_end_of_group_work(app, new_context, code):
    page = new_context(locale="en-GB", viewport=PHONE).new_page()
    join(page, code, "Matti")
    page.locator("#slot-1-title").fill("Kirjasto")
    page.locator("#slot-1-reasoning").fill("Ajatus, jota en halua menettää.")
    with app.app_context():
        session = db.session.scalar(sa.select(Session).where(Session.join_code == code))
        session.stage = Stage.VOTING
        session.touch()
        db.session.commit()
    expect(page.get_by_text("Group work has ended")).to_be_visible(timeout=LIVE)
    expect(page.locator("#slot-2-title")).to_have_count(0)  # the rest is read-only now
    expect(page.locator("#slot-1-reasoning")).to_have_value("Ajatus, jota en halua menettää.")
    page.locator("#slot-1-save").click()
    expect(place(page, 1).get_by_role("alert")).to_contain_text("moved on to voting")
    expect(place(page, 1).get_by_label("Reasoning")).to_have_value(
        "Ajatus, jota en halua menettää.")  # read-only now, to copy
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/join/QQQQ77", "refused"])
def test_join_refusals_pass_axe(app, new_context, make_session, path):
    if path == "refused":
        session_id = make_session(stage="closed")
        with app.app_context():
            path = f"/join/{db.session.get(Session, session_id).join_code}"
    page = new_context(locale="en-GB", viewport=PHONE).new_page()
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
