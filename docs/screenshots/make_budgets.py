"""Renew the participatory-budgeting screenshots in docs/screenshots/ from a running demo.

    DATABASE_URL=sqlite:////tmp/demo.db .venv/bin/flask --app wsgi db upgrade
    DATABASE_URL=sqlite:////tmp/demo.db .venv/bin/flask --app wsgi seed demo
    DATABASE_URL=sqlite:////tmp/demo.db .venv/bin/flask --app wsgi run --port 5101 &
    DATABASE_URL=sqlite:////tmp/demo.db .venv/bin/python docs/screenshots/make_budgets.py \
        http://127.0.0.1:5101

The demo's process is counted, so these are its results (a phone in Finnish, a laptop in
Swedish) and a promoted proposal's page. The ballot on a phone (English) is taken by the
browser test ``tests/browser/test_budgets.py`` into test-artifacts/ and copied here.
"""

from __future__ import annotations

import sys

from make import LAPTOP, PHONE, choose_language, demo, new_page, shot
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def main(base: str) -> None:
    budget_id = demo()["budget_id"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=CHROMIUM_ARGS)
        page = new_page(browser, base, "fi", PHONE)
        page.goto(f"/budgets/{budget_id}/results")
        choose_language(page, "fi")
        shot(page, "budget-results-phone-fi", full_page=True)
        page = new_page(browser, base, "sv", LAPTOP)
        page.goto(f"/budgets/{budget_id}/results")
        choose_language(page, "sv")
        shot(page, "budget-results-sv", full_page=True)
        page = new_page(browser, base, "fi", LAPTOP)
        page.goto(f"/budgets/{budget_id}/proposals?status=selected")
        choose_language(page, "fi")
        page.locator(".pb-card", has_text="työpaja").first.get_by_role("link").click()
        shot(page, "budget-proposal-fi", full_page=True)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1])
