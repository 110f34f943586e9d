"""Outgoing e-mail: where it goes, and that it leaves only with a committed change."""

from __future__ import annotations

import logging

import pytest

from app.extensions import db
from app.mail import services as mail
from app.mail.services import Mail, check_mail_url, deliver, send_after_commit

MESSAGE = Mail(to="kirsi@city.fi", subject="Tervetuloa", body="Hei!\n")


def test_mail_leaves_when_the_transaction_commits(app_ctx, outbox):
    send_after_commit(MESSAGE)
    assert outbox == []
    db.session.commit()
    assert outbox == [MESSAGE]


def test_mail_of_a_rolled_back_change_is_never_sent(app_ctx, outbox):
    send_after_commit(MESSAGE)
    db.session.rollback()
    db.session.commit()
    assert outbox == []


def test_the_console_transport_writes_the_message_to_the_log(app, caplog):
    app.config["MAIL_URL"] = "console"
    try:
        with caplog.at_level(logging.INFO, logger="app.mail.services"):
            deliver(app, MESSAGE)
    finally:
        app.config["MAIL_URL"] = "memory"
    assert "kirsi@city.fi" in caplog.text and "Tervetuloa" in caplog.text


class FakeSMTP:
    """Records what the SMTP transport asks of smtplib."""

    calls: list = []

    def __init__(self, host, port, timeout=None, context=None):
        self.calls.append(("connect", type(self).__name__, host, port))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.calls.append(("quit",))

    def starttls(self, context=None):
        self.calls.append(("starttls",))

    def login(self, user, password):
        self.calls.append(("login", user, password))

    def send_message(self, message):
        self.calls.append(("send", message["To"], message["Subject"], message["From"]))


class FakeSMTPSSL(FakeSMTP):
    pass


@pytest.mark.parametrize(("url", "expected"), [
    ("smtp://relay.kunta.fi", [("connect", "FakeSMTP", "relay.kunta.fi", 25)]),
    ("smtp+starttls://posti%40kunta.fi:s%C3%A4kr@mail.kunta.fi:587",
     [("connect", "FakeSMTP", "mail.kunta.fi", 587), ("starttls",),
      ("login", "posti@kunta.fi", "säkr")]),
    ("smtps://u:p@mail.kunta.fi", [("connect", "FakeSMTPSSL", "mail.kunta.fi", 465),
                                   ("login", "u", "p")]),
])
def test_smtp_urls_connect_as_they_say(app, monkeypatch, url, expected):
    FakeSMTP.calls = []
    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    monkeypatch.setattr(mail.smtplib, "SMTP_SSL", FakeSMTPSSL)
    app.config["MAIL_URL"] = url
    try:
        deliver(app, MESSAGE)
    finally:
        app.config["MAIL_URL"] = "memory"
    assert FakeSMTP.calls == [*expected, ("send", "kirsi@city.fi", "Tervetuloa",
                                          app.config["MAIL_FROM"]), ("quit",)]


def test_a_failing_smtp_server_is_logged_not_raised(app, monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("no server")

    monkeypatch.setattr(mail.smtplib, "SMTP", refuse)
    app.config["MAIL_URL"] = "smtp://127.0.0.1:1"
    try:
        with caplog.at_level(logging.ERROR, logger="app.mail.services"):
            deliver(app, MESSAGE)
    finally:
        app.config["MAIL_URL"] = "memory"
    assert "Could not send e-mail to kirsi@city.fi" in caplog.text


@pytest.mark.parametrize("url", ["http://mail", "smtp", "sendmail:///usr/sbin/sendmail"])
def test_an_unknown_mail_url_stops_the_start(url):
    with pytest.raises(ValueError, match="MAIL_URL"):
        check_mail_url(url)
