"""The projector in presentation mode at 1366×768, the laptop resolution most venues'
projectors get: no facilitator's tabs or language buttons, a full-screen button, a join box
that shrinks once people have joined, four groups' lists or eight combined items readable at
once, and a brainstorm's ideas as a wall by sub-theme that follows the room live."""

from __future__ import annotations

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from app.brainstorm import services as brainstorm
from app.extensions import db
from app.sessions.models import Affiliation, Participant, Session, Theme
from app.sessions.services import join_session
from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_live import LIVE, _facilitator
from tests.conftest import PASSWORD
from tests.live import fixtures

submit_list = fixtures.submit_list

ROOM = {"width": 1366, "height": 768}
LISTS = {
    "Ryhmä 1": ["Lähipalvelut säilyvät kylissä", "Kuljetukset palveluihin",
                "Järjestöjen tilat maksutta"],
    "Ryhmä 2": ["Yksi palveluneuvonnan numero", "Digituki ikäihmisille",
                "Omaishoitajien vapaapäivät"],
    "Ryhmä 3": ["Nuorten matalan kynnyksen tuki", "Harrastukset kouluissa",
                "Mielenterveyspalvelut ilman jonoa"],
    "Ryhmä 4": ["Kumppanuuspöydät joka kunnassa", "Avustusten pitkäjänteisyys",
                "Vapaaehtoisten koulutus"],
}


def _readable(page: Page, selector: str) -> list[str]:
    """The texts of *selector* that are not wholly inside the window or are cut off (measured
    once the page's stylesheets and fonts have loaded, as the room would see it)."""
    page.wait_for_load_state("load")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    return page.evaluate("""(selector) => [...document.querySelectorAll(selector)]
        .filter(element => {
            const box = element.getBoundingClientRect();
            const inside = box.top >= 0 && box.left >= 0 && box.width > 0 &&
                box.bottom <= window.innerHeight && box.right <= window.innerWidth;
            const whole = element.scrollWidth <= element.clientWidth + 1 &&
                element.scrollHeight <= element.clientHeight + 1;
            return !(inside && whole);
        }).map(element => element.textContent.trim())""", selector)


def _workshop(make_session, submit_list) -> int:
    session_id = make_session(org="kunta", title="Maakuntastrategiatyöpaja", groups=4,
                              themes=("Palvelujen saatavuus", "Yhteistyö"))
    for group, titles in LISTS.items():
        submit_list(session_id, group, titles)
    return session_id


def test_the_projector_shows_four_groups_lists_whole_at_1366x768(new_context, app,
                                                                  make_org, make_user,
                                                                  make_session, submit_list):
    laptop = _facilitator(new_context, make_org, make_user, viewport=ROOM)
    session_id = _workshop(make_session, submit_list)
    laptop.goto(f"/sessions/{session_id}/projector")
    # presentation mode: nothing of the facilitator's own on the room's screen
    expect(laptop.locator(".session-nav")).to_have_count(0)
    expect(laptop.locator(".language-switcher")).to_have_count(0)
    expect(laptop.get_by_role("button", name="Sign out")).to_have_count(0)
    expect(laptop.get_by_role("button", name="Full screen")).to_be_visible()
    # people have joined: the join box has given its room to the lists
    expect(laptop.locator(".projector-join")).to_have_class("projector-join projector-join-compact")
    assert laptop.locator("svg.qr").bounding_box()["width"] <= 120
    expect(laptop.locator(".projector-group")).to_have_count(4)
    assert _readable(laptop, ".projector-group h4, .projector-group li") == []
    screenshot(laptop, "projector-1366-groups")
    assert_accessible(laptop)

    laptop.get_by_role("link", name="Combined list").click()
    expect(laptop.locator(".projector-combined > li")).to_have_count(12)
    first_eight = ".projector-combined > li:nth-child(-n+8)"
    assert _readable(laptop, first_eight) == []
    screenshot(laptop, "projector-1366-combined")


def test_without_script_there_is_no_full_screen_button(browser, live_server, make_org,
                                                       make_user, make_session):
    make_org("kunta")
    email = make_user(org="kunta")
    context = browser.new_context(base_url=live_server, locale="en-GB", viewport=ROOM,
                                  java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/login")
        page.get_by_label("E-mail address").fill(email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        session_id = make_session(org="kunta")
        page.goto(f"/sessions/{session_id}/projector")
        expect(page.locator(".projector-code")).to_be_visible()
        expect(page.get_by_role("button", name="Full screen")).to_be_hidden()
        # nobody has joined yet: the join box is at its largest
        expect(page.locator(".projector-join")).to_have_class("projector-join")
    finally:
        context.close()


def test_a_brainstorm_projector_is_a_live_wall_of_ideas_by_sub_theme(new_context, app,
                                                                     make_org, make_user,
                                                                     make_session):
    laptop = _facilitator(new_context, make_org, make_user, viewport=ROOM)
    session_id = make_session(org="kunta", title="Järjestöt ja hyvinvointi", kind="brainstorm",
                              themes=("Miten järjestöt voivat tukea yksinäisiä?",))
    with app.app_context():
        session = db.session.get(Session, session_id)
        theme = db.session.scalar(sa.select(Theme).where(Theme.session_id == session_id))
        maija, _ = join_session(session, "Maija", Affiliation.RESIDENT)
        pekka, _ = join_session(session, "Pekka", Affiliation.ASSOCIATION)
        ideas = {text: brainstorm.add_idea(session, maija, theme, text) for text in (
            "Kylätalojen kahvilat", "Ystäväpalvelu puhelimitse", "Yhteiset ruokailut")}
        meeting = brainstorm.create_cluster(session, theme, "Kohtaamispaikat")
        brainstorm.assign_ideas(session, theme, [ideas["Kylätalojen kahvilat"].id,
                                                 ideas["Yhteiset ruokailut"].id], meeting)
        brainstorm.set_support(session, pekka, ideas["Kylätalojen kahvilat"], True)
        db.session.commit()
        theme_id, pekka_id = theme.id, pekka.id

    laptop.goto(f"/sessions/{session_id}/projector")
    wall = laptop.locator(".projector-wall")
    meeting_column = wall.locator(".projector-cluster", has=laptop.get_by_role(
        "heading", name="Kohtaamispaikat"))
    expect(meeting_column.locator(".projector-idea")).to_have_count(2)
    expect(meeting_column.get_by_text("Kylätalojen kahvilat")).to_be_visible()
    expect(meeting_column.locator(".projector-idea").first).to_contain_text("1 support")
    other = wall.locator(".projector-cluster", has=laptop.get_by_role("heading",
                                                                      name="Other ideas"))
    expect(other.get_by_text("Ystäväpalvelu puhelimitse")).to_be_visible()
    expect(laptop.get_by_text("The groups' lists appear here")).to_have_count(0)
    assert_accessible(laptop)

    with app.app_context():  # a new idea in the room reaches the wall by itself
        session = db.session.get(Session, session_id)
        theme = db.session.get(Theme, theme_id)
        brainstorm.add_idea(session, db.session.get(Participant, pekka_id), theme,
                            "Lukupiirit kirjastossa")
        db.session.commit()
    expect(other.get_by_text("Lukupiirit kirjastossa")).to_be_visible(timeout=LIVE)
    screenshot(laptop, "projector-1366-brainstorm-wall")
