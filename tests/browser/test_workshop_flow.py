"""A whole workshop in one go, in three languages at once: the facilitator (laptop, Finnish)
creates it with pasted background items and three groups and opens it; two participants
(phones, English and Swedish) join the same group by code and by link, write the ranked list
together, meet a conflict without losing text and submit; a paper sheet comes in for another
group; the facilitator merges two duplicates, the combined list follows the Borda rule and
the projector shows it; voting starts and the group's edits are refused.

Every step goes through the pages; nothing is put in the database behind them.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, assert_accessible, confirm, screenshot
from tests.browser.test_sessions import sign_in

LIVE = 10_000  # ms: pages poll every 3 s
PASTED = """- Järjestöjen toimintaedellytysten turvaaminen
- Kokemustiedon hyödyntäminen
  palveluissa
• Palveluohjaus järjestötoimintaan
"""


def create_and_open(page: Page) -> tuple[str, str]:
    """The facilitator's part before the room arrives: the session's path and join code."""
    page.goto("/sessions/new?org=pohjois")
    page.locator("#title").fill("Maakuntastrategiatyöpaja")
    page.locator("#kind-0").check()  # workshop
    page.locator("form.session-form button[type=submit]").click()
    page.locator("#theme-title").fill("Palvelulupaus")
    page.locator("#theme-prompt").fill("Valitkaa kolme tärkeintä asiaa perusteluineen.")
    page.locator("form.add-theme button[type=submit]").click()
    theme = page.locator("li.theme").first
    theme.locator("textarea[id^='paste-']").fill(PASTED)
    theme.locator("input[id^='paste-'][id$='-source']").fill("PoPSTer-lausunto")
    theme.locator("form[action$='/paste'] button[type=submit]").click()
    expect(page.locator("li.theme").first.locator("ol.items > li")).to_have_count(3)
    page.locator("#make-count").fill("3")
    page.locator("form[action$='/groups/make'] button[type=submit]").click()
    expect(page.locator("li.group")).to_have_count(3)
    confirm(page, page.locator("form.stage-move button.primary"))
    expect(page.locator(".session-meta .stage-badge")).to_have_class(re.compile("stage-open"))
    session_path = re.search(r"/sessions/\d+", page.url).group(0)
    return session_path, page.locator(".join-code").inner_text()


def join(page: Page, name: str) -> None:
    """The join form after the code: name, background group, group 1."""
    page.locator("#display_name").fill(name)
    page.locator("#affiliation-1").check()  # association
    page.locator("#group").select_option(label="Ryhmä 1")
    page.locator("form.join-form button[type=submit]").click()
    expect(page.locator("#slot-1-title")).to_be_visible()


def save(page: Page, rank: int, title: str, reasoning: str) -> None:
    page.locator(f"#slot-{rank}-title").fill(title)
    page.locator(f"#slot-{rank}-reasoning").fill(reasoning)
    page.locator(f"#slot-{rank}-save").click()
    expect(page.locator(f"#slot-{rank} .slot-meta")).to_be_visible()


def test_a_whole_workshop_from_setup_to_voting(new_context, make_org, make_user):
    make_org("pohjois", "Pohjois-Pohjanmaan liitto")
    laptop = new_context(locale="fi-FI").new_page()
    sign_in(laptop, make_user(org="pohjois", name="Tiina Fasilitaattori"))
    session_url, code = create_and_open(laptop)

    # Maija types the code on her phone; Pekka follows the link (or the QR code).
    maija = new_context(locale="en-GB", viewport=PHONE).new_page()
    maija.goto("/join")
    maija.locator("#code").fill(code.lower())
    maija.locator("main form button[type=submit]").last.click()
    join(maija, "Maija")
    pekka = new_context(locale="sv-FI", viewport=PHONE).new_page()
    pekka.goto(f"/join/{code}")
    join(pekka, "Pekka")
    expect(pekka.locator("h2", has_text="3")).to_contain_text("viktigaste")  # Swedish page
    assert_accessible(pekka)

    # They write the list together and see each other's places appear.
    save(maija, 1, "Maksuttomat tilat", "Yhdistyksillä ei ole kokoontumispaikkoja.")
    expect(pekka.locator("#slot-1-title")).to_have_value("Maksuttomat tilat", timeout=LIVE)
    save(pekka, 2, "Avustukset", "Pienet avustukset auttavat paljon.")
    expect(maija.locator("#slot-2-title")).to_have_value("Avustukset", timeout=LIVE)

    # Both change place 1 at once: Pekka's save shows both texts; he keeps a combined one.
    pekka.locator("#slot-1-reasoning").fill("Pekan perustelu: tilat maksavat liikaa.")
    save(maija, 1, "Maksuttomat tilat", "Maijan uusi perustelu.")
    pekka.locator("#slot-1-save").click()
    conflict = pekka.locator("#slot-1")
    expect(conflict.locator(".theirs h4")).to_have_text("Sparad under tiden av Maija")
    expect(conflict.locator(".theirs .reasoning")).to_have_text("Maijan uusi perustelu.")
    expect(pekka.locator("#slot-1-reasoning")).to_have_value(
        "Pekan perustelu: tilat maksavat liikaa.")  # his text is still there
    assert_accessible(pekka)
    pekka.locator("#slot-1-reasoning").fill("Maijan uusi perustelu. Tilat maksavat liikaa.")
    pekka.locator("#slot-1-save").click()
    expect(conflict.locator(".slot-meta")).to_have_text("Senast sparad av Pekka")
    expect(maija.locator("#slot-1-reasoning")).to_have_value(
        "Maijan uusi perustelu. Tilat maksavat liikaa.", timeout=LIVE)

    save(maija, 3, "Palveluohjaus", "Tieto järjestöjen toiminnasta ei kulje.")
    confirm(maija, maija.locator("#submit-list"))
    expect(maija.locator(".notice-done")).to_be_visible()
    expect(pekka.locator(".notice-done")).to_contain_text("Gruppen har lämnat in listan",
                                                          timeout=LIVE)
    expect(maija.locator("#slot-1-title")).to_have_count(0)  # read-only once submitted

    # A paper sheet from Ryhmä 2, typed in from the dashboard.
    laptop.goto(f"{session_url}/dashboard")
    laptop.locator("a[href*='/groups/'][href$='/paper']").nth(1).click()
    for place, (title, reasoning) in enumerate([
            ("Kokemustieto", "Kokemusasiantuntijat mukaan suunnitteluun."),
            ("Tilat järjestöille", "Kunnan tilat maksutta iltaisin."),
            ("Liikunta", "Liikkuminen ehkäisee sairauksia.")]):
        laptop.locator(f"#slots-{place}-title").fill(title)
        laptop.locator(f"#slots-{place}-reasoning").fill(reasoning)
    laptop.locator("form.paper-form button[type=submit]").click()
    expect(laptop.locator("#board .state-paper")).to_have_count(1)
    expect(laptop.locator("#board .state-submitted")).to_have_count(1)
    assert_accessible(laptop)

    # The combined list: merge the two "premises" items, then check the Borda order.
    laptop.locator("a[href$='/aggregate']").first.click()
    laptop.locator("label.aggregate-title", has_text="Maksuttomat tilat").click()
    # The first ticked item's title is suggested; a short title field shows no count.
    title = laptop.locator("#merge-form input[name=title]")
    expect(title).to_have_value("Maksuttomat tilat")
    expect(laptop.locator("#merge-form .char-count")).to_have_count(0)
    laptop.locator("label.aggregate-title", has_text="Tilat järjestöille").click()
    laptop.locator("#merge-form input[name=title]").fill("Maksuttomat tilat järjestöille")
    laptop.locator("#merge-form button[type=submit]").click()
    items = laptop.locator(".aggregate-item")
    # Borda with three places: 3, 2, 1 points. Merged: 3 (Ryhmä 1, place 1) + 2 (Ryhmä 2,
    # place 2) = 5. Then Kokemustieto 3, Avustukset 2, and the two 1-point items by age.
    expect(items.locator(".aggregate-title")).to_contain_text([
        "Maksuttomat tilat järjestöille", "Kokemustieto", "Avustukset", "Palveluohjaus",
        "Liikunta"])
    expect(items.locator(".aggregate-score")).to_have_text(
        ["5 pistettä", "3 pistettä", "2 pistettä", "1 piste", "1 piste"])
    merged = items.first
    expect(merged.locator(".aggregate-members > li")).to_have_count(2)
    expect(merged).to_contain_text("Maijan uusi perustelu. Tilat maksavat liikaa.")
    expect(merged).to_contain_text("Kunnan tilat maksutta iltaisin.")
    expect(merged.locator(".badge-paper")).to_have_count(1)
    assert_accessible(laptop)

    # The projector shows the combined list with its points.
    projector = laptop.context.new_page()
    projector.set_viewport_size({"width": 1280, "height": 720})
    projector.goto(f"{session_url}/projector?show=combined")
    expect(projector.locator(".projector-code")).to_have_text(code)
    expect(projector.get_by_text("Maksuttomat tilat järjestöille")).to_be_visible()
    expect(projector.get_by_text("5 pistettä")).to_be_visible()
    assert_accessible(projector)
    screenshot(projector, "workshop-projector-combined")

    # The facilitator unlocks Ryhmä 1; Maija is adding to her reasoning when voting starts.
    laptop.goto(f"{session_url}/dashboard")
    confirm(laptop, laptop.locator("form[action$='/unlock'] button").first)
    expect(maija.locator("#slot-3-reasoning")).to_be_visible(timeout=LIVE)
    maija.locator("#slot-3-reasoning").fill("Tieto ei kulje. Lisäys, jota en halua menettää.")
    confirm(laptop, laptop.locator("#stage-voting"))
    expect(laptop.locator("#stage-voting")).to_have_count(0)
    maija.locator("#slot-3-save").click()
    refused = maija.locator("#slot-3")  # the place, read-only, with why and the text to copy
    expect(refused.get_by_role("alert")).to_contain_text("moved on to voting")
    expect(refused.get_by_label("Reasoning")).to_have_value(
        "Tieto ei kulje. Lisäys, jota en halua menettää.")
    expect(pekka.locator("form[action$='/move']")).to_have_count(0, timeout=LIVE)
    assert_accessible(maija)
