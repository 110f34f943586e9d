"""A brainstorm in real browsers: two participants on phones add and support ideas live;
the facilitator on a laptop groups them under sub-themes and hides one with a reason."""

from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from app.extensions import db
from app.sessions.models import Session, Theme
from tests.browser.conftest import PHONE, assert_accessible, fits_width, screenshot
from tests.conftest import PASSWORD

QUESTIONS = (
    "Millaisia odotuksia ja toiveita järjestöillä on maakuntaudistukselle?",
    "Miten digiosallisuutta viedään eteenpäin järjestöjen kautta?",
)
LIVE = 10_000  # ms: a poll every 3 s, so a change shows within a few seconds


def _join(page: Page, code: str, name: str) -> None:
    page.goto(f"/join/{code}")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Resident").check()
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("heading", level=2, name=QUESTIONS[0])).to_be_visible()
    page.wait_for_load_state("load")  # its script, as a person's first tap comes after it


def _add(page: Page, text: str) -> None:
    page.get_by_label("Your idea").fill(text)
    page.get_by_role("button", name="Add an idea").click()
    expect(page.locator(".idea-list").get_by_text(text)).to_be_visible()
    expect(page.get_by_label("Your idea")).to_have_value("")


def _idea(page: Page, text: str):
    return page.locator("li.idea", has_text=text)


def test_a_brainstorm_from_phones_to_sub_themes(new_context, app, make_org, make_user,
                                                make_session):
    make_org()
    email = make_user(org="kunta")
    session_id = make_session(title="Järjestöt maakuntaudistuksessa", kind="brainstorm",
                              themes=QUESTIONS)
    with app.app_context():
        code = db.session.get(Session, session_id).join_code
        theme_id = db.session.scalar(sa.select(Theme.id).where(
            Theme.session_id == session_id).order_by(Theme.position))

    maija = new_context(locale="en-GB", viewport=PHONE).new_page()
    pekka = new_context(locale="en-GB", viewport=PHONE).new_page()
    _join(maija, code, "Maija")
    _join(pekka, code, "Pekka")

    children = "Lapsiperheiden neuvosto pitäisi perustaa maakuntaan."
    elderly = "Mikä on vanhusneuvostojen asema maakunnassa?"
    off_topic = "Kuka tuo kahvit seuraavaan tilaisuuteen?"
    _add(maija, children)
    _add(pekka, elderly)
    _add(pekka, off_topic)

    # Each sees the other's ideas appear without reloading, and supports them.
    expect(_idea(maija, elderly)).to_be_visible(timeout=LIVE)
    expect(_idea(pekka, children)).to_be_visible(timeout=LIVE)
    expect(_idea(pekka, children).get_by_text("Your idea")).to_have_count(0)
    expect(_idea(maija, children).get_by_text("Your idea")).to_be_visible()

    support = pekka.get_by_role("button", name="Support: Lapsiperheiden neuvosto")
    expect(support).to_have_attribute("aria-pressed", "false")
    support.click()
    expect(support).to_have_attribute("aria-pressed", "true")
    expect(_idea(pekka, children).get_by_text("1 support")).to_be_visible()
    expect(_idea(maija, children).get_by_text("1 support")).to_be_visible(timeout=LIVE)
    maija.get_by_role("button", name="Support: Mikä on vanhusneuvostojen").click()
    expect(_idea(pekka, elderly).get_by_text("1 support")).to_be_visible(timeout=LIVE)

    # Taking the support back, and the character count while typing.
    support.click()
    expect(support).to_have_attribute("aria-pressed", "false")
    expect(_idea(pekka, children).get_by_text("0 supports")).to_be_visible()
    support.click()
    pekka.get_by_label("Your idea").fill("x" * 290)
    expect(pekka.get_by_text("Too many characters: 10")).to_be_visible()
    pekka.get_by_role("button", name="Add an idea").click()
    expect(pekka.get_by_text("An idea can be at most 280 characters.").first).to_be_visible()
    expect(pekka.get_by_label("Your idea")).to_have_value("x" * 290)
    pekka.get_by_label("Your idea").fill("")

    assert_accessible(maija)
    screenshot(maija, "brainstorm-board-phone")
    maija.set_viewport_size({"width": 320, "height": 640})
    assert fits_width(maija)

    # The facilitator, on a laptop, groups the ideas and hides one.
    facilitator = new_context(locale="en-GB").new_page()
    facilitator.goto("/login")
    facilitator.get_by_label("E-mail address").fill(email)
    facilitator.get_by_label("Password").fill(PASSWORD)
    facilitator.get_by_role("button", name="Sign in").click()
    facilitator.goto(f"/sessions/{session_id}/ideas/{theme_id}")
    expect(facilitator.get_by_role("heading", level=2, name=QUESTIONS[0])).to_be_visible()
    expect(facilitator.get_by_text("3 ideas")).to_be_visible()
    assert_accessible(facilitator)

    for title in ("Lapset ja perheet", "Ikääntyneet"):
        facilitator.locator("#new-title").fill(title)
        facilitator.get_by_role("button", name="Add a sub-theme").click()
        expect(facilitator.get_by_text(f"Sub-theme “{title}” added.")).to_be_visible()

    facilitator.wait_for_load_state("load")
    # One idea with its own select; another with the bulk form.
    facilitator.get_by_label("Sub-theme: Lapsiperheiden").select_option(label="Lapset ja perheet")
    facilitator.get_by_role("button", name="Move: Lapsiperheiden").click()
    expect(facilitator.locator("#manage-status")).to_have_text("The idea was moved.")
    facilitator.get_by_label("Select: Mikä on vanhusneuvostojen").check()
    facilitator.get_by_label("Move the selected ideas to").select_option(label="Ikääntyneet")
    facilitator.get_by_role("button", name="Move to", exact=True).click()
    expect(facilitator.locator("#manage-status")).to_have_text("Ideas moved: 1.")
    headings = facilitator.locator("#manage-ideas h3")
    expect(headings).to_have_text([re.compile("^Lapset ja perheet"), re.compile("^Ikääntyneet"),
                                   re.compile("^Ideas without a sub-theme")])

    # New ideas appear live, except while the facilitator has ticked ideas to move.
    _add(pekka, "Järjestöt mukaan sote-toiminnan arviointiin.")
    expect(_idea(facilitator, "sote-toiminnan arviointiin")).to_be_visible(timeout=LIVE)
    facilitator.get_by_label("Select: Kuka tuo kahvit").check()
    _add(pekka, "Vertaisohjauksen koulutus koordinoidusti.")
    expect(facilitator.get_by_text("Updates are paused while you work on the list.")).to_be_visible(
        timeout=LIVE)
    expect(_idea(facilitator, "Vertaisohjauksen")).to_have_count(0)
    expect(facilitator.get_by_label("Select: Kuka tuo kahvit")).to_be_checked()
    facilitator.get_by_label("Select: Kuka tuo kahvit").uncheck()
    facilitator.get_by_role("heading", level=2, name=QUESTIONS[0]).click()
    expect(_idea(facilitator, "Vertaisohjauksen")).to_be_visible(timeout=LIVE)

    # Hide one idea, with the reason participants will see.
    facilitator.get_by_label("Hide: Kuka tuo kahvit").click()
    hidden = _idea(facilitator, off_topic)
    hidden.get_by_label("Reason, shown to participants").fill("Ei liity kysymykseen.")
    hidden.get_by_role("button", name="Hide the idea").click()
    expect(facilitator.get_by_text("Reason shown: Ei liity kysymykseen.")).to_be_visible()
    assert_accessible(facilitator)
    screenshot(facilitator, "brainstorm-manage-laptop")
    facilitator.set_viewport_size({"width": 320, "height": 640})
    assert fits_width(facilitator)
    screenshot(facilitator, "brainstorm-manage-320")

    # Participants see the sub-themes and the reason in place of the hidden idea.
    maija.set_viewport_size(PHONE)
    expect(maija.get_by_role("heading", level=3, name="Lapset ja perheet")).to_be_visible(
        timeout=LIVE)
    expect(maija.get_by_role("heading", level=3, name="Ikääntyneet")).to_be_visible()
    expect(maija.get_by_text("Hidden by the facilitator: Ei liity kysymykseen.")).to_be_visible(
        timeout=LIVE)
    expect(maija.get_by_text(off_topic)).to_have_count(0)
    assert_accessible(maija)
    screenshot(maija, "brainstorm-board-clustered-phone")


def test_the_boards_work_without_javascript(new_context, app, make_org, make_user, make_session):
    make_session(title="Ideariihi", kind="brainstorm", themes=QUESTIONS[:1])
    with app.app_context():
        code = db.session.scalar(sa.select(Session.join_code))
    context = new_context(locale="en-GB", viewport=PHONE)
    context.route(re.compile(r".*\.js$"), lambda route: route.abort())
    page = context.new_page()
    _join(page, code, "Ilman skriptejä")
    page.get_by_label("Your idea").fill("Toimii ilman JavaScriptiä")
    page.get_by_role("button", name="Add an idea").click()
    expect(page.get_by_text("Your idea was added.")).to_be_visible()
    expect(page.get_by_text("Toimii ilman JavaScriptiä")).to_be_visible()
    page.get_by_role("link", name="Refresh the list").click()
    expect(page.get_by_text("Toimii ilman JavaScriptiä")).to_be_visible()
