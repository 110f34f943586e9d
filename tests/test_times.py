"""Times of day read as times: "klo 13.06", "kl. 13.06", "13:06", never as a date."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from flask_babel import force_locale

from app.core.times import clock, date_and_clock, when_label

# 11.06 UTC is 13.06 in Helsinki in March (winter time, UTC+2).
MOMENT = datetime(2026, 3, 5, 11, 6, tzinfo=UTC)


@pytest.mark.parametrize(("locale", "time", "both"), [
    ("fi", "klo 13.06", "5.3.2026 klo 13.06"),
    ("sv", "kl. 13.06", "2026-03-05 kl. 13.06"),
    ("en", "13:06", "3/5/26 13:06"),
])
def test_a_time_of_day_says_so_in_each_language(app, locale, time, both):
    with app.test_request_context("/"), force_locale(locale):
        assert clock(MOMENT) == time
        assert date_and_clock(MOMENT) == both


def test_todays_moments_are_times_and_older_ones_carry_their_date(app):
    now = datetime.now(UTC)
    with app.test_request_context("/"), force_locale("fi"):
        assert when_label(now).startswith("klo ")
        assert re.fullmatch(r"\d+\.\d+\.\d{4} klo \d+\.\d\d", when_label(now - timedelta(days=3)))


@pytest.mark.parametrize(("lang", "pattern"), [("fi", r"klo \d+\.\d\d"), ("sv", r"kl\. \d+\.\d\d"),
                                               ("en", r"\d+:\d\d")])
def test_the_dashboards_last_activity_is_a_time(client, make_org, make_user, login,
                                               make_session, join_as, lang, pattern):
    make_org()
    login(make_user(org="kunta"))
    session_id = make_session()
    join_as(session_id, "Maija")
    client.set_cookie("lang", lang)
    page = client.get(f"/sessions/{session_id}/dashboard").get_data(as_text=True)
    shown = re.findall(r"<time datetime=\"[^\"]+\">([^<]*)</time>", page)
    assert shown and all(re.fullmatch(pattern, text) for text in shown), shown


def test_the_sessions_list_shows_the_scheduled_time_with_its_word(app, client, make_org,
                                                                 make_user, login, make_session):
    from app.extensions import db
    from app.sessions.models import Session

    make_org()
    login(make_user(org="kunta"))
    session_id = make_session()
    with app.app_context():
        db.session.get(Session, session_id).scheduled_at = MOMENT
        db.session.commit()
    client.set_cookie("lang", "fi")
    assert "5.3.2026 klo 13.06" in client.get("/sessions/").get_data(as_text=True)
    overview = client.get(f"/sessions/{session_id}").get_data(as_text=True)
    assert "torstaina 5.3.2026 klo 13.06" in overview
