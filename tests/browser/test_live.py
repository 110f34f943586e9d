"""Running a workshop live in real browsers: the facilitator's dashboard on a laptop follows a
participant on a phone, a paper sheet is typed in, the projector shows the lists and the QR
code, and duplicates are merged in the combined list, by mouse and by keyboard."""

from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import BrowserContext, Page, expect

from app.extensions import db
from app.sessions.models import Participant, Session, Theme
from tests.browser.conftest import PHONE, assert_accessible, confirm, fits_width, screenshot
from tests.conftest import PASSWORD
from tests.live import fixtures

submit_list = fixtures.submit_list  # the live tests' fixture: lists submitted through services

LIVE = 10_000  # ms: a poll every 3 s, so a change shows within a few seconds
PROJECTOR = {"width": 1280, "height": 720}


def _sign_in(context: BrowserContext, email: str) -> Page:
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    return page


def _facilitator(new_context, make_org, make_user, viewport=None) -> Page:
    make_org("kunta")
    email = make_user(org="kunta", name="Fasi Litaattori")
    return _sign_in(new_context(locale="en-GB", viewport=viewport), email)


def _session(app, make_session, **kwargs) -> tuple[int, str, list[int]]:
    session_id = make_session(org="kunta", themes=("Palvelulupaus", "Rakenteet"), **kwargs)
    with app.app_context():
        code = db.session.get(Session, session_id).join_code
        themes = db.session.scalars(sa.select(Theme.id).where(Theme.session_id == session_id)
                                    .order_by(Theme.position)).all()
    return session_id, code, list(themes)


def _group_row(page: Page, group: str):
    return page.locator("#board tbody tr", has=page.get_by_role("rowheader", name=group))


def test_dashboard_follows_a_phone_and_a_paper_sheet_reaches_the_projector(
        new_context, app, make_org, make_user, make_session, submit_list):
    laptop = _facilitator(new_context, make_org, make_user)
    session_id, code, themes = _session(app, make_session)
    laptop.goto(f"/sessions/{session_id}/dashboard")
    expect(laptop.get_by_role("heading", level=2, name="0 participants")).to_be_visible()
    # a poll that finds nothing new leaves the board (and the keyboard focus) alone
    laptop.evaluate("document.getElementById('board').dataset.seen = 'yes'")
    laptop.wait_for_timeout(4000)
    expect(laptop.locator("#board")).to_have_attribute("data-seen", "yes")

    phone = new_context(locale="en-GB", viewport=PHONE).new_page()
    phone.goto(f"/join/{code}")
    phone.get_by_label("Your name").fill("Maija")
    phone.get_by_label("Experience expert").check()
    phone.get_by_label("Group").select_option(label="Ryhmä 1")
    phone.get_by_role("button", name="Join").click()
    expect(laptop.get_by_role("heading", level=2, name="1 participant")).to_be_visible(
        timeout=LIVE)
    row = _group_row(laptop, "Ryhmä 1")
    expect(row.locator(".member-name", has_text="Maija")).to_be_visible()
    expect(laptop.get_by_text("Experience expert: 1")).to_be_visible()

    phone.goto(f"/p/{session_id}/themes/{themes[0]}")
    phone.locator("#slot-1-title").fill("Kohtaamispaikat")
    phone.locator("#slot-1-reasoning").fill("Järjestöille tarvitaan tiloja.")
    phone.get_by_role("button", name="Save place 1").click()
    expect(row.locator(".state").first).to_have_text("in progress", timeout=LIVE)
    screenshot(laptop, "live-dashboard-laptop")
    assert_accessible(laptop)

    # a paper sheet from the third group
    laptop.get_by_role("link", name="Enter paper result: Ryhmä 3, Palvelulupaus").click()
    for place, title in enumerate(("Tilat", "Avustukset", "Kokemustieto")):
        laptop.locator(f"#slots-{place}-title").fill(title)
        laptop.locator(f"#slots-{place}-reasoning").fill(f"Paperilla: {title}")
    assert_accessible(laptop)
    laptop.get_by_role("button", name="Save the paper result").click()
    expect(laptop.get_by_text("The paper result of Ryhmä 3")).to_be_visible()
    expect(_group_row(laptop, "Ryhmä 3").locator(".state").first).to_have_text(
        re.compile("submitted on paper"))

    # the projector on the big screen: code, QR and the lists as they arrive
    projector = laptop.context.new_page()
    projector.set_viewport_size(PROJECTOR)
    projector.goto(f"/sessions/{session_id}/projector")
    expect(projector.locator(".projector-code")).to_have_text(code)
    expect(projector.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    expect(projector.get_by_role("heading", name=re.compile("Ryhmä 3"))).to_be_visible()
    expect(projector.locator(".badge-paper")).to_have_text("paper")
    submit_list(session_id, "Ryhmä 2", ["Lähipalvelut", "Liikenne", "Kulttuuri"])
    expect(projector.get_by_text("Lähipalvelut")).to_be_visible(timeout=LIVE)
    sizes = projector.evaluate("""() => ['.projector-prompt', '.projector-group li',
        '.projector-background li', '.projector-theme', '.projector-code']
        .map(s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize))""")
    # A 720 px high screen takes a little smaller type (1.45×) so that four groups' lists fit
    # side by side; people have joined, so the code and the QR have given the lists room.
    assert min(sizes[:3]) >= 24 and sizes[3] > 40 and sizes[4] >= 30, sizes
    qr = projector.locator("svg.qr").bounding_box()
    assert 80 <= qr["width"] <= 120
    screenshot(projector, "live-projector-1280x720")
    assert_accessible(projector)

    projector.get_by_role("button", name="Next theme: Rakenteet").click()
    expect(projector.locator(".projector-theme")).to_have_text("Rakenteet")
    expect(projector.get_by_text("Rakenteet: tausta 1")).to_be_visible()


def test_facilitator_moves_a_participant_by_keyboard(new_context, app, make_org, make_user,
                                                      make_session, join_as):
    laptop = _facilitator(new_context, make_org, make_user)
    session_id, _, _ = _session(app, make_session)
    _, maija = join_as(session_id, "Maija", group="Ryhmä 1")
    with app.app_context():
        maija_group = db.session.get(Participant, maija).group_id
    laptop.goto(f"/sessions/{session_id}/dashboard")
    laptop.locator(f"#move-{maija}").focus()
    laptop.keyboard.press("ArrowDown")  # Ryhmä 2
    # someone joins meanwhile: the board waits instead of undoing the half-made choice
    join_as(session_id, "Pekka", group="Ryhmä 3")
    laptop.wait_for_timeout(4000)
    expect(laptop.locator(f"#move-{maija}")).to_have_value(str(maija_group + 1))
    expect(laptop.locator(f"#move-{maija}")).to_be_focused()
    laptop.keyboard.press("Tab")
    expect(laptop.locator(":focus")).to_have_id(f"move-button-{maija}")
    laptop.keyboard.press("Enter")
    expect(laptop.get_by_role("status")).to_contain_text("Maija is now in Ryhmä 2")
    expect(_group_row(laptop, "Ryhmä 2").locator(".member-name", has_text="Maija")).to_be_visible()
    expect(_group_row(laptop, "Ryhmä 1").get_by_text("No members yet")).to_be_visible()
    expect(_group_row(laptop, "Ryhmä 3").locator(".member-name", has_text="Pekka")).to_be_visible()
    expect(laptop.locator(f"#move-button-{maija}")).to_be_focused()  # htmx keeps the focus

    # the stage moves from the dashboard after the browser's confirmation
    confirm(laptop, laptop.get_by_role("button", name="Start voting (group work freezes)"))
    expect(laptop.get_by_role("heading", name="Stage: Voting")).to_be_visible()
    expect(laptop).to_have_url(re.compile(f"/sessions/{session_id}/dashboard$"))
    expect(laptop.locator(".move-form")).to_have_count(0)


def test_dashboard_on_a_phone_shows_a_card_per_group(new_context, app, make_org, make_user,
                                                     make_session, join_as, submit_list):
    phone = _facilitator(new_context, make_org, make_user, viewport=PHONE)
    session_id, _, _ = _session(app, make_session)
    join_as(session_id, "Maija Meikäläinen-Virtanen", group="Ryhmä 1")
    join_as(session_id, "Pekka", group="Ryhmä 2", affiliation="staff")
    submit_list(session_id, "Ryhmä 2", ["Tilat", "Avustukset", "Kokemustieto"])
    phone.goto(f"/sessions/{session_id}/dashboard")
    expect(_group_row(phone, "Ryhmä 2").get_by_text("submitted")).to_be_visible()
    assert fits_width(phone)
    assert_accessible(phone)
    screenshot(phone, "live-dashboard-phone")
    phone.set_viewport_size({"width": 320, "height": 640})
    assert fits_width(phone)


def test_merging_two_duplicates_adds_up_their_points(new_context, app, make_org, make_user,
                                                     make_session, submit_list):
    laptop = _facilitator(new_context, make_org, make_user)
    session_id, _, themes = _session(app, make_session)
    submit_list(session_id, "Ryhmä 1", ["Tilat", "Avustukset", "Palveluohjaus"])
    submit_list(session_id, "Ryhmä 2", ["Kokemustieto", "Maksuttomat tilat", "Liikunta"],
                paper=True)
    laptop.goto(f"/sessions/{session_id}/themes/{themes[0]}/aggregate")
    assert_accessible(laptop)

    title = laptop.get_by_label("Title of the merged item")
    laptop.get_by_label("Choose for merging: Tilat", exact=True).check()
    expect(title).to_have_value("Tilat")  # the first chosen item's title is suggested
    laptop.get_by_label("Choose for merging: Maksuttomat tilat").focus()
    laptop.keyboard.press("Space")  # by keyboard
    title.fill("Tilat maksutta järjestöille")
    laptop.get_by_role("button", name="Merge the chosen items").click()

    first = laptop.locator(".aggregate-item").first
    expect(first.locator(".aggregate-title")).to_contain_text("Tilat maksutta järjestöille")
    expect(first.locator(".aggregate-score")).to_have_text("5 points")  # 3 + 2
    expect(first.get_by_text("Perustelu: Maksuttomat tilat")).to_be_visible()
    expect(first.locator(".badge-paper")).to_have_text("paper")
    expect(laptop.get_by_role("status")).to_contain_text("Merged into")
    assert_accessible(laptop)
    screenshot(laptop, "live-aggregate-laptop")

    first.get_by_role("button", name=re.compile("Undo merge")).click()
    expect(laptop.locator(".aggregate-title", has_text="Tilat maksutta järjestöille")
           ).to_have_count(0)
    expect(laptop.locator(".aggregate-item").first.locator(".aggregate-title")
           ).to_contain_text("Tilat")

    laptop.set_viewport_size({"width": 320, "height": 640})
    assert fits_width(laptop)
    screenshot(laptop, "live-aggregate-phone")
