"""Participatory budgeting end to end in a real browser: a resident proposes, a facilitator
promotes a workshop's priority, staff review; a resident votes with an account and another
with a one-time code on a phone (the meter follows every tick, an over-budget ballot is
refused); staff type in a paper ballot and count with progress; the results explain every
project and show what greedy counting would have funded; the receipt is found; the published
ballots, imported again, give the same outcome. axe on the proposal, ballot and results pages.
"""

from __future__ import annotations

import re
from pathlib import Path

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from app.budgets.models import Proposal, ProposalStatus
from app.budgets.pabulib import import_pb
from app.extensions import db
from app.organisations.models import Organisation, Role
from tests.browser.conftest import PHONE, assert_accessible, fits_width, screenshot
from tests.budgets.conftest import make_budget, workshop  # noqa: F401 - the fixtures
from tests.conftest import PASSWORD


def sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def next_phase(page: Page, process_id: int, button: str) -> None:
    """Staff move the process on from its manage page (the page asks first)."""
    page.goto(f"/budgets/{process_id}/manage")
    page.get_by_role("button", name=button).click()
    page.get_by_role("dialog").get_by_role("button", name="Yes, continue").click()
    expect(page.get_by_role("button", name=button)).to_have_count(0)


def test_a_budget_from_proposals_to_verified_results(  # noqa: PLR0915 - one story
        app, new_context, make_budget, workshop, make_user):  # noqa: F811
    made = make_budget(phase="proposals")
    pid = made.process_id
    for email, role in (("virka@example.fi", Role.STAFF), ("fasi@example.fi", Role.FACILITATOR)):
        make_user(email, org="kunta", role=role)
    make_user("asukas@example.fi")

    # A resident proposes.
    resident = new_context(locale="en-GB", viewport=PHONE).new_page()
    sign_in(resident, "asukas@example.fi")
    resident.goto(f"/budgets/{pid}")
    resident.get_by_role("link", name="Make a proposal").click()
    resident.get_by_label("Title").fill("Kuntoportaat")
    resident.get_by_label("Description").fill("Portaat rinteeseen kuntoilijoille.")
    resident.get_by_label("Area").select_option(label="Keskusta")
    resident.get_by_label("Estimated cost (euros)").fill("350")
    resident.get_by_role("button", name="Send the proposal").click()
    expect(resident.get_by_role("heading", name="Kuntoportaat")).to_be_visible()
    assert_accessible(resident)

    # A facilitator promotes the workshop's combined-list item.
    facilitator = new_context(locale="en-GB").new_page()
    sign_in(facilitator, "fasi@example.fi")
    facilitator.goto(f"/sessions/{workshop['session']}/themes/{workshop['theme']}/aggregate")
    facilitator.get_by_text("Make a budget proposal", exact=True).click()
    facilitator.get_by_role("link", name="Of this item, with every group's words").click()
    facilitator.get_by_label("Process and area").select_option(label=(
        "Osallistuva budjetointi: Keskusta"))
    facilitator.get_by_label("Estimated cost (euros)").fill("450")
    facilitator.get_by_role("button", name="Make the proposal draft").click()
    provenance = facilitator.locator(".pb-provenance")
    expect(provenance).to_contain_text("Strategiatyöpaja")
    expect(provenance).to_contain_text("Ryhmä 1, place 1: Liikuntapaikat")
    assert_accessible(facilitator)

    # Staff review both and open voting.
    staff = new_context(locale="en-GB").new_page()
    sign_in(staff, "virka@example.fi")
    next_phase(staff, pid, "Close proposals and start the review")
    for title, cost in (("Kuntoportaat", "350"), ("Lähiliikunta", "450")):
        staff.get_by_role("link", name=f"Review {title}").click()
        staff.get_by_label("Cost (euros)").fill(cost)
        staff.get_by_text("Feasible: goes on the ballot").click()
        staff.get_by_role("button", name="Save the review").click()
        expect(staff.get_by_text(f"The review of “{title}” was saved.")).to_be_visible()
    next_phase(staff, pid, "Open voting")
    staff.get_by_label("Number of codes").fill("1")
    staff.get_by_role("button", name="Make a sheet of codes").click()
    code = staff.locator(".pb-slip-code").inner_text()

    # The resident votes with the account, on the phone.
    resident.goto(f"/budgets/{pid}/vote")
    resident.get_by_role("link", name="Vote in Keskusta").click()
    resident.get_by_label("Kuntoportaat").check()
    resident.get_by_label("Lähiliikunta").check()
    resident.get_by_label("I declare that I may vote").check()
    resident.get_by_role("button", name="Cast your ballot").click()
    expect(resident.get_by_role("heading", name="Your ballot was saved")).to_be_visible()

    # A voter with a one-time code, on a phone: the meter is live, over budget is refused.
    voter = new_context(locale="en-GB", viewport=PHONE).new_page()
    voter.goto(f"/budgets/{pid}/vote")
    voter.get_by_label("Voting code").fill(code.lower())
    voter.get_by_role("button", name="Use the code").click()
    voter.get_by_role("link", name="Vote in Keskusta").click()
    meter = voter.locator("#pb-meter")
    expect(meter).to_contain_text("1,000 € left")
    for title in ("Puisto", "Kirjasto", "Valot"):
        voter.get_by_label(title).check()
    expect(meter).to_contain_text("200 € over the budget")  # live, before sending
    assert fits_width(voter)
    assert_accessible(voter)
    screenshot(voter, "budget-ballot-phone-en")
    voter.get_by_role("button", name="Cast your ballot").click()
    refused = voter.get_by_role("alert").filter(has_text="more than the area's budget")
    expect(refused).to_be_visible()
    expect(voter.get_by_label("Valot")).to_be_checked()  # nothing is lost
    voter.get_by_label("Valot").uncheck()
    expect(meter).to_contain_text("200 € left")
    voter.get_by_role("button", name="Cast your ballot").click()
    receipt = voter.locator(".pb-receipt-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){3}", receipt)

    # Staff type in a paper ballot, close voting and count with progress.
    staff.goto(f"/budgets/{pid}/manage")
    staff.get_by_role("link", name="Type in paper ballots for Keskusta").click()
    staff.get_by_label("Puisto").check()
    staff.get_by_label("Penkit").check()
    staff.get_by_role("button", name="Save the paper ballot").click()
    expect(staff.get_by_text("The paper ballot was saved.")).to_be_visible()
    next_phase(staff, pid, "Close voting")
    staff.get_by_role("button", name="Count the votes").click()
    expect(staff.get_by_role("heading", name=re.compile("^Count"))).to_be_visible()
    expect(staff.locator("#pb-count")).to_contain_text("The count is done.")
    staff.get_by_role("link", name="See the results").click()

    # The results explain every project and compare with greedy counting.
    results = new_context(locale="en-GB", viewport=PHONE).new_page()
    results.goto(f"/budgets/{pid}/results")
    keskusta = results.locator("section.pb-result").first
    expect(keskusta.get_by_role("heading", name="Keskusta")).to_be_visible()
    expect(keskusta).to_contain_text("Funded by Equal Shares in round 1")
    expect(keskusta).to_contain_text("Effective support")
    expect(keskusta.locator(".pb-compare")).to_contain_text(
        "What greedy counting would have funded")
    expect(results.locator("section.pb-result").nth(1)).to_contain_text("in order of votes")
    assert fits_width(results)
    assert_accessible(results)
    screenshot(results, "budget-results-phone-en")

    # The receipt is found.
    results.get_by_role("link", name="Find your receipt").first.click()
    results.get_by_label("Receipt code").fill(receipt)
    results.get_by_role("button", name="Check").click()
    expect(results.get_by_role("status").filter(has_text="your ballot was counted")).to_be_visible()

    # The published ballots, imported again, give the same outcome.
    results.goto(f"/budgets/{pid}/results")
    with results.expect_download() as download:
        results.get_by_role("link", name=re.compile("Download the anonymous ballots of Keskusta")
                            ).click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    with app.app_context():
        published = sorted(db.session.scalars(sa.select(Proposal.id).where(
            Proposal.area_id == made.areas["Keskusta"],
            Proposal.status == ProposalStatus.SELECTED)))
        organisation = db.session.scalar(sa.select(Organisation).where(
            Organisation.slug == "kunta"))
        again = import_pb(text, organisation)
        db.session.commit()
        recounted = sorted(int(p.external_id) for p in db.session.scalars(
            sa.select(Proposal).where(Proposal.process_id == again.id,
                                      Proposal.status == ProposalStatus.SELECTED)))
    assert published and recounted == published
