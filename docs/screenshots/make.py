"""Renew the screenshots in docs/screenshots/ from a running, seeded demo.

    DATABASE_URL=sqlite:////tmp/demo.db .venv/bin/flask --app wsgi db upgrade
    DATABASE_URL=sqlite:////tmp/demo.db .venv/bin/flask --app wsgi seed demo
    DATABASE_URL=sqlite:////tmp/demo.db .venv/bin/flask --app wsgi run --port 5101 &
    .venv/bin/python docs/screenshots/make.py http://127.0.0.1:5101

Each page is taken at the size people use it on (phone 390×844, laptop 1366×768, projector
1920×1080 and 1366×768), in Finnish and Swedish, with Debian's chromium (no browser is
downloaded). A guest joins the demo workshop to show the group page; run it on a fresh demo.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

HERE = Path(__file__).resolve().parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
PROJECTOR = {"width": 1920, "height": 1080}
LANGUAGES = {"fi": ("fi-FI", "Suomi"), "sv": ("sv-SE", "Svenska")}


def demo() -> dict:
    out = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "seed", "demo", "--json"],
                         capture_output=True, text=True, check=True, cwd=HERE.parents[1])
    return json.loads(out.stdout.strip().splitlines()[-1])


def shot(page: Page, name: str, full_page: bool = False) -> None:
    page.wait_for_load_state("networkidle")
    # caret="initial": hiding the caret would inject a style, which the CSP refuses.
    page.screenshot(path=str(HERE / f"{name}.png"), full_page=full_page, caret="initial")
    print(name)


def choose_language(page: Page, lang: str) -> None:
    page.locator(".language-switcher button", has_text=LANGUAGES[lang][1]).click()
    page.wait_for_load_state("networkidle")


def new_page(browser: Browser, base: str, lang: str, viewport: dict) -> Page:
    context = browser.new_context(base_url=base, locale=LANGUAGES[lang][0], viewport=viewport)
    return context.new_page()


def sign_in(page: Page, email: str, password: str, lang: str) -> None:
    page.goto("/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.locator("form[action$='/login'] button[type=submit]").click()
    choose_language(page, lang)


def join_code(page: Page, workshop_id: int) -> str:
    page.goto(f"/sessions/{workshop_id}")
    return page.locator(".join-code").first.inner_text().strip()


def main(base: str) -> None:
    ids = demo()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=CHROMIUM_ARGS)
        for lang in LANGUAGES:
            front = new_page(browser, base, lang, LAPTOP)
            front.goto("/")
            choose_language(front, lang)
            shot(front, f"front-{lang}")
            front.goto("/design")
            shot(front, f"design-{lang}")

            laptop = new_page(browser, base, lang, LAPTOP)
            sign_in(laptop, ids["email"], ids["password"], lang)
            workshop = ids["workshop_id"]
            code = join_code(laptop, workshop)
            shot(laptop, f"setup-{lang}", full_page=True)
            laptop.goto(f"/sessions/{workshop}/dashboard")
            shot(laptop, f"dashboard-{lang}")
            laptop.goto(f"/sessions/{workshop}/dashboard")
            laptop.locator("a[href*='/aggregate']").first.click()
            shot(laptop, f"combined-{lang}")

            for size, viewport in (("1920", PROJECTOR), ("1366", LAPTOP)):
                room = new_page(browser, base, lang, viewport)
                room.context.add_cookies(laptop.context.cookies())
                room.goto(f"/sessions/{workshop}/projector")
                shot(room, f"projector-{size}-{lang}")

            phone = new_page(browser, base, lang, PHONE)
            phone.goto(f"/join/{code}")
            choose_language(phone, lang)
            shot(phone, f"join-phone-{lang}")
            phone.fill("input[name=display_name]", "Aino" if lang == "fi" else "Astrid")
            phone.locator("input[name=affiliation]").first.check()
            group = phone.locator("select[name=group]")
            if group.count():
                group.select_option(index=3)
            phone.locator("form.join-form button[type=submit]").click()
            shot(phone, f"group-phone-{lang}")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5101")
