"""Comments on phones: one phone posts, the other sees it appear by itself and replies,
flags it; the facilitator hides it with a reason shown in its place and restores it."""

from __future__ import annotations

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from app.aggregation.models import AggregateItem
from app.extensions import db
from tests.browser.conftest import PHONE, assert_accessible, fits_width, screenshot
from tests.browser.test_live import LIVE, _facilitator, _session
from tests.live import fixtures

submit_list = fixtures.submit_list


def _join(new_context, code: str, name: str, group: str) -> Page:
    phone = new_context(locale="en-GB", viewport=PHONE).new_page()
    phone.goto(f"/join/{code}")
    phone.get_by_label("Your name").fill(name)
    phone.get_by_label("Resident").check()
    phone.get_by_label("Group").select_option(label=group)
    phone.get_by_role("button", name="Join").click()
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    return phone


def _comment(page: Page, text: str):
    return page.locator("li.comment", has=page.locator(".comment-text", has_text=text)).first


def test_a_comment_is_posted_seen_live_replied_to_flagged_hidden_and_restored(
        new_context, app, make_org, make_user, make_session, submit_list):
    laptop = _facilitator(new_context, make_org, make_user, viewport=PHONE)
    session_id, code, _ = _session(app, make_session)
    submit_list(session_id, "Ryhmä 1", ["Lähipalvelut", "Liikenne", "Nuoret"])
    with app.app_context():
        item = db.session.scalar(sa.select(AggregateItem.id)
                                 .where(AggregateItem.title == "Lähipalvelut"))
    thread = f"/comments/aggregate/{item}"
    maija = _join(new_context, code, "Maija", "Ryhmä 1")
    pekka = _join(new_context, code, "Pekka", "Ryhmä 2")
    maija.goto(thread)
    pekka.goto(thread)
    expect(pekka.get_by_text("No comments yet.")).to_be_visible()

    # Maija posts; Pekka's phone shows it without a reload.
    maija.get_by_label("Your comment").fill("Lähipalvelut ensin, katso https://example.fi.")
    maija.get_by_role("button", name="Post comment").click()
    expect(maija.get_by_text("Your comment was posted.")).to_be_visible()
    expect(maija.get_by_label("Your comment")).to_have_value("")
    posted = _comment(pekka, "Lähipalvelut ensin")
    expect(posted).to_be_visible(timeout=LIVE)
    link = posted.get_by_role("link", name="https://example.fi")
    expect(link).to_have_attribute("rel", "nofollow ugc noopener")

    # Pekka upvotes, replies and flags it.
    posted.get_by_role("button", name="Upvote the comment by Maija").click()
    expect(_comment(pekka, "Lähipalvelut ensin").get_by_text("1 upvote")).to_be_visible()
    posted = _comment(pekka, "Lähipalvelut ensin")
    posted.locator("summary", has_text="Reply").click()
    posted.get_by_label("Your reply").fill("Samaa mieltä!")
    posted.get_by_role("button", name="Post reply").click()
    expect(pekka.get_by_text("Your reply was posted.")).to_be_visible()
    expect(pekka.locator(".comment-replies").get_by_text("Samaa mieltä!")).to_be_visible()
    posted = _comment(pekka, "Lähipalvelut ensin")
    posted.locator("summary", has_text="Flag").click()
    posted.get_by_label("Why should the facilitators look at this?").fill("Mainos")
    posted.get_by_role("button", name="Send the flag").click()
    expect(_comment(pekka, "Lähipalvelut ensin").get_by_text("You flagged this")).to_be_visible()
    expect(maija.locator(".comment-replies").get_by_text("Samaa mieltä!")).to_be_visible(
        timeout=LIVE)
    assert fits_width(pekka)
    assert_accessible(pekka)
    screenshot(pekka, "comments-phone")

    # The facilitator sees the flag, hides the comment with a reason, and restores it.
    laptop.goto(thread)
    flagged = _comment(laptop, "Lähipalvelut ensin").locator(":scope > .comment-actions")
    expect(flagged.get_by_text("1 flag")).to_be_visible()
    assert_accessible(laptop)
    flagged.locator("summary", has_text="Hide").click()
    flagged.get_by_label("Reason shown in its place").fill("Mainontaa")
    flagged.get_by_role("button", name="Hide the comment").click()
    expect(laptop.get_by_text("Hidden by the facilitators: Mainontaa")).to_be_visible()
    expect(maija.get_by_text("Hidden by the facilitators: Mainontaa")).to_be_visible(
        timeout=LIVE)
    expect(maija.get_by_text("Lähipalvelut ensin")).to_have_count(0)
    laptop.get_by_role("button", name="Restore the comment hidden for: Mainontaa").click()
    expect(laptop.get_by_text("The comment was restored.")).to_be_visible()
    expect(_comment(maija, "Lähipalvelut ensin")).to_be_visible(timeout=LIVE)
    assert_accessible(maija)
