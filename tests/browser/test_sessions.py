"""A facilitator prepares a workshop in a real browser: creates it, pastes background
items, makes groups and opens it; the pages pass axe, work by keyboard and fit a phone.

Controls are found by their ids, not their words, so that the tests hold after the
interface is translated.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, assert_accessible, confirm, fits_width, screenshot
from tests.conftest import PASSWORD

PASTED = """Järjestöjen rooli palvelulupauksessa
- Järjestöt kumppaneina palveluiden
  suunnittelussa
• Asukkaiden osallisuus
    1. Osallistuva budjetointi
"""


def sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("#password").press("Enter")
    expect(page.locator(".signed-in")).to_be_visible()


def submit(page: Page, form_selector: str) -> None:
    page.locator(f"{form_selector} button[type=submit]").first.click()


def test_facilitator_prepares_and_opens_a_workshop(new_context, make_org, make_user):
    make_org("pohjois", "Pohjois-Pohjanmaan liitto")
    email = make_user(org="pohjois", name="Tiina Testaaja")
    page = new_context().new_page()
    sign_in(page, email)

    page.locator("a[href='/sessions/']").first.click()
    expect(page).to_have_url(re.compile(r"/sessions/$"))
    assert_accessible(page)

    page.locator("a[href='/sessions/new?org=pohjois']").click()
    assert_accessible(page)
    page.locator("#title").fill("Maakuntastrategiatyöpaja")
    page.locator("#kind-0").check()  # workshop
    page.locator("#description").fill("Kolme teemaa, ryhmät valitsevat tärkeimmät.")
    page.locator("#scheduled_at").fill("2026-03-12T13:00")
    submit(page, "form.session-form")
    expect(page).to_have_url(re.compile(r"/sessions/\d+$"))
    expect(page.locator("h1")).to_have_text("Maakuntastrategiatyöpaja")
    expect(page.locator(".facts time")).to_contain_text("2026")

    page.locator("#theme-title").fill("Palvelulupaus")
    page.locator("#theme-prompt").fill("Valitkaa kolme tärkeintä asiaa ja perustelkaa.")
    submit(page, "form.add-theme")
    theme = page.locator("li.theme").first
    expect(theme.locator("h3")).to_have_text("Palvelulupaus")

    theme.locator("textarea[id^='paste-']").fill(PASTED)
    theme.locator("input[id^='paste-'][id$='-source']").fill("PoPSTer-lausunto")
    theme.locator("form[action$='/paste'] button[type=submit]").click()
    items = page.locator("li.theme").first.locator("ol.items > li")
    expect(items).to_have_count(4)
    expect(items.nth(1)).to_contain_text("Järjestöt kumppaneina palveluiden suunnittelussa")
    expect(items.nth(3)).to_contain_text("Osallistuva budjetointi")
    expect(items.nth(3).locator(".source")).to_contain_text("PoPSTer-lausunto")

    page.locator("#make-count").fill("3")
    submit(page, "form[action$='/groups/make']")
    expect(page.locator("li.group")).to_have_count(3)

    page.wait_for_load_state()
    assert_accessible(page)
    screenshot(page, "sessions-setup-laptop")

    confirm(page, page.locator("form.stage-move button.primary"))  # yes in the page's dialog
    expect(page.locator(".session-meta .stage-badge")).to_have_class(re.compile("stage-open"))
    expect(page.locator(".join-code")).to_have_text(re.compile(r"^[A-Z0-9]{6}$"))
    assert_accessible(page)

    phone = new_context(viewport=PHONE).new_page()
    sign_in(phone, email)
    phone.goto(page.url)
    assert fits_width(phone)
    assert_accessible(phone)
    screenshot(phone, "sessions-setup-phone")
    phone.goto("/sessions/")
    assert fits_width(phone)
    screenshot(phone, "sessions-list-phone")


def test_cancelling_the_confirmation_keeps_the_stage(page, make_org, make_user, make_session):
    make_org("kunta")
    session_id = make_session(stage="draft")
    sign_in(page, make_user(org="kunta"))
    page.goto(f"/sessions/{session_id}")
    page.locator("form.stage-move button.primary").click()
    page.locator("#confirm-no").click()  # the question in the page's dialog
    expect(page.locator(".session-meta .stage-badge")).to_have_class(re.compile("stage-draft"))


def test_themes_are_reordered_with_the_keyboard(page, make_org, make_user, make_session):
    make_org("kunta")
    session_id = make_session(themes=("Palvelulupaus", "Rakenteet"), stage="draft")
    sign_in(page, make_user(org="kunta"))
    page.goto(f"/sessions/{session_id}")
    # The first "Down" button on the page belongs to the first theme.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.value") == "down":
            break
    else:
        raise AssertionError("no Down button was reached with Tab")
    expect(page.locator(":focus")).to_have_attribute("aria-label", re.compile("Palvelulupaus"))
    page.keyboard.press("Enter")
    expect(page.locator("li.theme h3")).to_have_text(["Rakenteet", "Palvelulupaus"])


def test_new_session_form_errors_are_announced_and_tied(page, make_org, make_user):
    make_org("kunta")
    sign_in(page, make_user(org="kunta"))
    page.goto("/sessions/new")
    page.locator("#meeting_url").fill("javascript://x")
    submit(page, "form.session-form")
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator("#title")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#meeting_url")).to_have_attribute(
        "aria-describedby", re.compile("meeting_url-error"))
    assert_accessible(page)


def _item_texts(page: Page) -> list[str]:
    return page.locator("li.theme").first.locator("ol.items > li label.item-text > span[lang]") \
        .all_inner_texts()


def _session_with_items(make_session, app, count: int = 5) -> int:
    from app.extensions import db
    from app.sessions.models import BackgroundItem, Theme

    session_id = make_session(stage="draft")
    with app.app_context():
        theme = db.session.query(Theme).filter_by(session_id=session_id).one()
        db.session.query(BackgroundItem).filter_by(theme_id=theme.id).delete()
        db.session.add_all([BackgroundItem(theme_id=theme.id, text=f"Asia {n}", source="",
                                           position=n) for n in range(1, count + 1)])
        db.session.commit()
    return session_id


def test_background_items_are_ticked_and_deleted_together(page, make_org, make_user,
                                                          make_session, app):
    make_org("kunta")
    session_id = _session_with_items(make_session, app)
    sign_in(page, make_user(org="kunta"))
    page.goto(f"/sessions/{session_id}")
    page.get_by_text("Asia 2").click()  # the text is the tick box's label
    page.locator("ol.items > li", has_text="Asia 4").locator("input[type=checkbox]").check()
    confirm(page, page.locator("button[id^='delete-ticked-']"))  # yes in the page's dialog
    expect(page.locator(".flash-success")).to_contain_text("2")
    assert _item_texts(page) == ["Asia 1", "Asia 3", "Asia 5"]
    assert_accessible(page)


def test_a_background_item_is_dragged_to_another_place(page, make_org, make_user, make_session,
                                                       app):
    make_org("kunta")
    session_id = _session_with_items(make_session, app)
    sign_in(page, make_user(org="kunta"))
    page.goto(f"/sessions/{session_id}")
    handle = page.locator("ol.items > li", has_text="Asia 4").locator(".drag-handle")
    target = page.locator("ol.items > li", has_text="Asia 1")
    handle.hover()
    page.mouse.down()
    box = target.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 5, steps=8)
    page.mouse.up()
    expect(page.locator("li.theme").first.locator("ol.items > li").first).to_contain_text("Asia 4")
    assert _item_texts(page) == ["Asia 4", "Asia 1", "Asia 2", "Asia 3", "Asia 5"]


def test_a_keyboard_moves_a_background_item_through_its_menu(page, make_org, make_user,
                                                             make_session, app):
    make_org("kunta")
    session_id = _session_with_items(make_session, app, count=3)
    sign_in(page, make_user(org="kunta"))
    page.goto(f"/sessions/{session_id}")
    menu = page.locator("ol.items > li", has_text="Asia 3").locator("details.menu > summary")
    menu.focus()
    page.keyboard.press("Enter")
    item = page.locator("ol.items > li", has_text="Asia 3")
    up = item.get_by_role("button", name=re.compile("Asia 3"))
    expect(up.first).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("value", "up")
    page.keyboard.press("Enter")
    expect(page.locator("ol.items > li").nth(1)).to_contain_text("Asia 3")
    assert _item_texts(page) == ["Asia 1", "Asia 3", "Asia 2"]
    assert_accessible(page)


def test_the_demo_sized_setup_page_fits_in_a_few_screens(new_context, make_org, make_user,
                                                         make_session, app):
    """Three themes of 14, 10 and 10 items, as in the demo: once 5,675 px tall."""
    from app.extensions import db
    from app.sessions.models import BackgroundItem, Theme

    make_org("kunta")
    session_id = make_session(themes=("Palvelulupaus", "Toimintaedellytykset", "Rakenteet"),
                              groups=4)
    with app.app_context():
        for theme, count in zip(db.session.query(Theme).filter_by(session_id=session_id)
                                .order_by(Theme.position), (14, 10, 10), strict=True):
            db.session.add_all([BackgroundItem(
                theme_id=theme.id, source="PoPSTer-lausunto", position=10 + n,
                text=f"Järjestöjen toimintaedellytysten turvaaminen, kohta {n}")
                for n in range(count - 2)])
        db.session.commit()
    page = new_context(viewport={"width": 1366, "height": 768}).new_page()
    sign_in(page, make_user(org="kunta"))
    page.goto(f"/sessions/{session_id}")
    expect(page.locator("ol.items > li")).to_have_count(34)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 6 * 768, height
