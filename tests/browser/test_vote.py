"""The room votes: five phones spread their dots in parallel, the projector follows, the
facilitator closes the round (hidden until then), the phones show the results, and the
memo prints to PDF while the CSV and JSON downloads match the screen."""

from __future__ import annotations

import csv
import io
import json
import re

from playwright.sync_api import Page, expect

from app.extensions import db
from app.sessions.models import ResultsVisibility, Session, Stage
from tests.browser.conftest import ARTIFACTS, PHONE, assert_accessible, confirm, screenshot
from tests.browser.test_live import LIVE, PROJECTOR, _facilitator, _session
from tests.live import fixtures

submit_list = fixtures.submit_list

# What each of the five participants does with three dots (at most two on one option):
# option index → dots.
DOTS = [{0: 2, 1: 1}, {1: 2, 2: 1}, {0: 1, 2: 1, 3: 1}, {0: 2, 3: 1}, {1: 1, 4: 2}]


def _join(new_context, code: str, name: str, group: str) -> Page:
    phone = new_context(locale="fi-FI", viewport=PHONE).new_page()
    phone.goto(f"/join/{code}")
    phone.get_by_label("Nimesi").fill(name)
    phone.get_by_label("Asukas").check()
    phone.get_by_label("Ryhmä").select_option(label=group)
    phone.get_by_role("button", name="Liity").click()
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    return phone


def test_the_room_votes_with_dots_on_phones_and_takes_the_memo_home(
        new_context, app, make_org, make_user, make_session, submit_list, tmp_path):
    laptop = _facilitator(new_context, make_org, make_user)
    session_id, code, themes = _session(app, make_session)
    with app.app_context():
        db.session.get(Session, session_id).results_visibility = ResultsVisibility.AFTER_CLOSE
        db.session.commit()
    phones = [_join(new_context, code, name, f"Ryhmä {1 + index % 3}")
              for index, name in enumerate(["Aino", "Bertta", "Cecilia", "Daniel", "Eero"])]
    submit_list(session_id, "Ryhmä 1", ["Tilat", "Avustukset", "Palveluohjaus"])
    submit_list(session_id, "Ryhmä 2", ["Kokemustieto", "Liikunta", "Digituki"])
    with app.app_context():
        db.session.get(Session, session_id).stage = Stage.VOTING
        db.session.commit()

    projector_page = laptop.context.new_page()  # the facilitator's second screen
    projector_page.set_viewport_size(PROJECTOR)
    projector_page.goto(f"/sessions/{session_id}/projector")

    laptop.goto(f"/sessions/{session_id}/themes/{themes[0]}/vote")
    assert_accessible(laptop)
    laptop.get_by_label("Dots: spread K dots, at most M on one option").check()
    laptop.get_by_role("button", name="Open the vote").click()
    expect(laptop.get_by_text("Participants see it on their phones now.")).to_be_visible()

    # The ballot arrives on the page each phone already has open, without a reload.
    for phone in phones:
        expect(phone.get_by_text("3 / 3 pistettä jäljellä")).to_be_visible(timeout=LIVE)
    assert_accessible(phones[0])
    options = phones[0].locator(".ballot-option")
    titles = [options.nth(i).locator(".ballot-title").inner_text() for i in range(5)]

    # Everyone votes at once (the pages take turns in this one thread, as a room does).
    for step in range(3):
        for phone, dots in zip(phones, DOTS, strict=True):
            plan = [index for index, count in dots.items() for _ in range(count)]
            option = phone.locator(".ballot-option").nth(plan[step])
            option.get_by_role("button", name="Lisää piste").click()
        for phone in phones:
            expect(phone.get_by_text(f"{2 - step} / 3 pistettä jäljellä")).to_be_visible()
    phones[0].locator(".ballot-option").nth(2).get_by_role(  # a fourth dot
        "button", name="Lisää piste").click()
    expect(phones[0].locator(".vote-panel .alert")).to_contain_text(
        "Sinulla on yhteensä 3 pistettä")
    screenshot(phones[0], "vote-phone-fi")

    # Hidden until the close: the projector shows no count.
    hidden = "The results are hidden until the vote closes."
    expect(projector_page.get_by_text(hidden)).to_be_visible()
    assert not re.search(r"\d+ points?", projector_page.locator(".latest-round").inner_text())

    confirm(laptop, laptop.get_by_role("button", name="Close the vote"))  # yes in the page's dialog
    expect(laptop.get_by_text("The vote is closed and its results are final.")).to_be_visible()
    totals = {titles[0]: 5, titles[1]: 4, titles[2]: 2, titles[3]: 2, titles[4]: 2}
    first = projector_page.locator(".result-row").first
    expect(first).to_contain_text(titles[0], timeout=LIVE)
    expect(first).to_contain_text("5 points")
    assert_accessible(projector_page)
    screenshot(projector_page, "vote-projector")

    laptop.get_by_role("link", name="Type in paper dots").click()
    expect(laptop.get_by_role("heading", level=1)).to_contain_text("Paper dots")
    assert_accessible(laptop)
    phones[4].goto(f"/p/{session_id}/vote")  # the ballot's own page, for a bookmark
    assert_accessible(phones[4])

    # The phones leave the ballot by themselves once the vote has closed.
    for phone in phones:
        expect(phone.get_by_text("Äänestys on päättynyt. Tulokset näytetään pian.")
               ).to_be_visible(timeout=LIVE)

    # The results stage: every phone shows the results by itself.
    laptop.goto(f"/sessions/{session_id}/dashboard")
    assert_accessible(laptop)
    confirm(laptop, laptop.get_by_role("button", name="Show results"))  # yes in the page's dialog
    for phone in phones:
        expect(phone.get_by_role("link", name="Katso kaikki tulokset")).to_be_visible(
            timeout=LIVE)
    expect(phones[1].locator(".result-row").first).to_contain_text("5 pistettä")
    phones[0].get_by_role("link", name="Katso kaikki tulokset").click()
    expect(phones[0].get_by_role("heading", name="Ryhmäsi lista: Ryhmä 1")).to_be_visible()
    expect(phones[0].locator(".result-row").first).to_contain_text(titles[0])
    assert_accessible(phones[0])
    screenshot(phones[0], "results-phone-fi")

    # The memo renders, prints to A4 PDF with a page per theme, and is accessible.
    laptop.get_by_role("link", name="Memo (printable)").click()
    expect(laptop.get_by_role("heading", level=1, name="Strategiatyöpaja")).to_be_visible()
    assert_accessible(laptop)
    screenshot(laptop, "memo-fi")
    pdf = laptop.pdf(format="A4", print_background=True)
    (ARTIFACTS / "memo-fi.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 3  # the head and the first theme,
    #                                                       then the second theme's page

    # The CSV and JSON download from the links and say what the screen said.
    laptop.goto(f"/sessions/{session_id}/dashboard")
    with laptop.expect_download() as download:
        laptop.get_by_role("link", name="Results as CSV (Excel)").click()
    rows = list(csv.reader(io.StringIO(
        download.value.path().read_bytes().decode("utf-8").removeprefix("\ufeff"))))
    votes = {row[5]: int(row[7]) for row in rows if row[0] == "äänestystulos"}
    assert {title: votes[title] for title in totals} == totals
    with laptop.expect_download() as download:
        laptop.get_by_role("link", name="Results as JSON").click()
    document = json.loads(download.value.path().read_text())
    [vote] = document["themes"][0]["rounds"]
    assert {r["title"]: r["count"] for r in vote["results"] if r["title"] in totals} == totals
