"""Nothing typed on the group page is lost: unsaved text survives a reload, leaving asks
first, a save refused because the stage moved on shows the text and why, and text that can
no longer be saved stays on the phone to copy."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from app.extensions import db
from app.sessions.models import Session, Stage
from tests.browser.conftest import PHONE, assert_accessible, confirm
from tests.browser.test_groupwork import join


@pytest.fixture
def workshop(app, make_session) -> tuple[int, str]:
    session_id = make_session(themes=("Palvelulupaus", "Yhteistyö"))
    with app.app_context():
        return session_id, db.session.get(Session, session_id).join_code


def _move_stage(app, session_id: int, stage: Stage) -> None:
    with app.app_context():
        db.session.execute(sa.update(Session).where(Session.id == session_id)
                           .values(stage=stage, version=Session.version + 1))
        db.session.commit()


def _drafts(page: Page) -> list[str]:
    return page.evaluate(
        "() => Object.keys(localStorage).filter(k => k.startsWith('yhdessa-draft:'))")


def test_unsaved_text_survives_a_reload_and_is_forgotten_once_saved(new_context, workshop):
    _, code = workshop
    page = new_context(locale="en-GB", viewport=PHONE).new_page()
    join(page, code, "Maija")
    page.locator("#slot-1-title").fill("Kirjaston aukioloajat")
    page.locator("#slot-1-reasoning").fill("Illalla auki, kun ihmiset pääsevät töistä.")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept()))
    page.reload()
    assert asked == ["beforeunload"]  # the browser's own "leave the page?"
    expect(page.locator("#slot-1-title")).to_have_value("Kirjaston aukioloajat")
    expect(page.locator("#slot-1-reasoning")).to_have_value(
        "Illalla auki, kun ihmiset pääsevät töistä.")
    expect(page.locator("#group-status")).to_have_text(
        "Your unsaved text from this device is back in the form. Save it when you are ready.")
    expect(page.locator("#slot-1")).to_have_attribute("data-dirty", "true")

    page.locator("#slot-1-save").click()
    expect(page.locator("#slot-1").get_by_text("Last saved by Maija")).to_be_visible()
    assert _drafts(page) == []
    page.reload()  # nothing unsaved: no question, nothing restored
    expect(page.locator("#slot-1-title")).to_have_value("Kirjaston aukioloajat")
    expect(page.locator("#group-status")).to_have_text("")


def test_switching_theme_with_unsaved_text_asks_first(new_context, workshop):
    _, code = workshop
    page = new_context(locale="en-GB", viewport=PHONE).new_page()
    join(page, code, "Maija")
    page.locator("#slot-2-title").fill("Vertaistuki")
    page.locator(".theme-tabs").get_by_role("link", name="Yhteistyö").click()
    dialog = page.locator("#confirm-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("You have text that is not saved yet.")
    page.locator("#confirm-no").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Palvelulupaus")
    expect(page.locator("#slot-2-title")).to_have_value("Vertaistuki")
    confirm(page, page.locator(".theme-tabs").get_by_role("link", name="Yhteistyö"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Yhteistyö")
    page.go_back()  # the text waits on this device
    expect(page.locator("#slot-2-title")).to_have_value("Vertaistuki")


def test_a_save_after_the_stage_moved_shows_the_text_and_keeps_it(app, new_context, workshop):
    session_id, code = workshop
    page = new_context(locale="en-GB", viewport=PHONE).new_page()
    join(page, code, "Maija")
    page.locator("#slot-1-title").fill("Nuorisotila")
    page.locator("#slot-1-reasoning").fill("Nuorilla ei ole paikkaa olla iltaisin.")
    _move_stage(app, session_id, Stage.VOTING)
    page.locator("#slot-1-save").click()
    place = page.locator("#slot-1")
    expect(place.get_by_role("alert")).to_contain_text(
        "Your text for place 1 was not saved. Group work has ended")
    expect(place.get_by_label("Reasoning")).to_have_value(
        "Nuorilla ei ole paikkaa olla iltaisin.")
    assert_accessible(page)

    page.reload()  # the list can no longer change: the text is shown to copy
    kept = page.locator("#unsaved-drafts")
    expect(kept).to_be_visible()
    expect(kept.get_by_label("Place 1: Title")).to_have_value("Nuorisotila")
    expect(kept.get_by_label("Place 1: Reasoning")).to_have_value(
        "Nuorilla ei ole paikkaa olla iltaisin.")
    assert_accessible(page)
    kept.get_by_role("button", name="Forget this text").click()
    expect(kept).to_be_hidden()
    assert _drafts(page) == []
