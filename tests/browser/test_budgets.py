"""Voting in a participatory budget on a phone with a one-time code: the budget meter follows
every tick, an over-budget ballot is refused, the receipt is found after the count — with
axe on the proposal, ballot and results pages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from app.budgets.codes import generate_codes
from app.budgets.counting import run_count, start_count
from app.budgets.models import BudgetProcess, Phase
from app.budgets.phases import move_phase
from app.extensions import db
from tests.browser.conftest import PHONE, assert_accessible, fits_width, screenshot
from tests.budgets.conftest import make_budget  # noqa: F401 - the fixture


@pytest.fixture
def voting(app, make_budget):  # noqa: F811 - the imported fixture
    made = make_budget()
    with app.app_context():
        code = generate_codes(db.session.get(BudgetProcess, made.process_id), None, 1)[0]
        db.session.commit()
    return made, code


def count(app, made) -> None:
    with app.app_context():
        process = db.session.get(BudgetProcess, made.process_id)
        move_phase(process, Phase.COUNTING, "staff")
        run = start_count(process, "staff")
        db.session.commit()
        run_count(run.id)


def test_a_code_voter_on_a_phone_votes_within_the_budget_and_finds_the_receipt(
        app, new_context, voting):
    made, code = voting
    page: Page = new_context(locale="en-GB", viewport=PHONE).new_page()
    page.goto(f"/budgets/{made.process_id}/proposals/{made.proposals['Puisto']}")
    expect(page.get_by_role("heading", name="Puisto")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/budgets/{made.process_id}/vote")
    page.get_by_label("Voting code").fill(code.lower())
    page.get_by_role("button", name="Use the code").click()
    page.get_by_role("link", name="Vote in Keskusta").click()
    meter = page.locator("#pb-meter")
    expect(meter).to_contain_text("1,000 € left")
    for title in ("Puisto", "Kirjasto", "Valot"):
        page.get_by_label(title, exact=True).check()
    expect(meter).to_contain_text("200 € over the budget")  # live, before sending
    assert fits_width(page)
    assert_accessible(page)
    screenshot(page, "budget-ballot-phone-en")
    page.get_by_role("button", name="Cast your ballot").click()
    expect(page.get_by_role("alert")).to_contain_text("more than the area's budget")
    expect(page.get_by_label("Valot", exact=True)).to_be_checked()  # nothing is lost
    page.get_by_label("Valot", exact=True).uncheck()
    expect(meter).to_contain_text("200 € left")
    page.get_by_role("button", name="Cast your ballot").click()
    receipt = page.locator(".pb-receipt-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){3}", receipt)

    count(app, made)
    page.goto(f"/budgets/{made.process_id}/results")
    expect(page.get_by_role("heading", name="Keskusta")).to_be_visible()
    expect(page.get_by_text("Method of Equal Shares", exact=False).first).to_be_attached()
    assert_accessible(page)
    screenshot(page, "budget-results-phone-en")
    page.get_by_role("link", name="Find your receipt").first.click()
    page.get_by_label("Receipt code").fill(receipt)
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("status").filter(has_text="your ballot was counted")).to_be_visible()
