"""Send e-mail once the change that caused it is committed.

``MAIL_URL`` picks where messages go:

- ``smtp://host:25`` plain SMTP (a relay on the same network), ``smtp+starttls://user:pass@host:587``
  SMTP upgraded with STARTTLS, ``smtps://user:pass@host:465`` SMTP over TLS;
- ``console`` writes each message to the log (the development default);
- ``memory`` keeps them in a list that tests read (``outbox()``).

A message is queued with :func:`send_after_commit` inside the request's transaction and goes out
only when that transaction commits: a refused or rolled-back change sends nothing.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import unquote, urlsplit

from flask import Flask, current_app, has_app_context, render_template
from flask_babel import force_locale, get_locale
from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession

from app.extensions import db

log = logging.getLogger(__name__)

PENDING_KEY = "pending_mail"
SMTP_TIMEOUT = 10


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


def outbox() -> list[Mail]:
    """Messages sent with the ``memory`` transport (tests)."""
    return current_app.extensions.setdefault("mail_outbox", [])


def send_after_commit(mail: Mail) -> None:
    """Send *mail* when the current database transaction commits (never if it rolls back)."""
    session = db.session()
    if not session.in_transaction():
        session.begin()  # so that a rollback before any query still drops the mail
    session.info.setdefault(PENDING_KEY, []).append(mail)


def deliver(app: Flask, mail: Mail) -> None:
    """Send *mail* now with the configured transport; a failure is logged, never raised."""
    url = app.config["MAIL_URL"]
    if url == "memory":
        app.extensions.setdefault("mail_outbox", []).append(mail)
        return
    if url == "console":
        log.info("E-mail to %s\nSubject: %s\n\n%s", mail.to, mail.subject, mail.body)
        return
    try:
        _send_smtp(url, _message(app, mail))
    except (OSError, smtplib.SMTPException):
        log.exception("Could not send e-mail to %s (%s)", mail.to, mail.subject)


def _message(app: Flask, mail: Mail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = app.config["MAIL_FROM"]
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Message-ID"] = make_msgid(domain=_domain(app.config["MAIL_FROM"]))
    message.set_content(mail.body)
    return message


def _domain(address: str) -> str:
    return address.rpartition("@")[2].strip("> ") or "localhost"


def _send_smtp(url: str, message: EmailMessage) -> None:
    parts = urlsplit(url)
    host, user = parts.hostname or "localhost", unquote(parts.username or "")
    password = unquote(parts.password or "")
    if parts.scheme == "smtps":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, parts.port or 465, timeout=SMTP_TIMEOUT,
                                              context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(host, parts.port or 25, timeout=SMTP_TIMEOUT)
    with smtp:
        if parts.scheme == "smtp+starttls":
            smtp.starttls(context=ssl.create_default_context())
        if user:
            smtp.login(user, password)
        smtp.send_message(message)


TRANSPORTS = ("smtp", "smtp+starttls", "smtps")


def check_mail_url(url: str) -> str:
    """*url* when it names a transport we know, else a ValueError that says what is wrong."""
    if url in ("console", "memory") or urlsplit(url).scheme in TRANSPORTS:
        return url
    raise ValueError(
        f"MAIL_URL must be console, memory or {', '.join(s + '://…' for s in TRANSPORTS)}"
    )


def init_mail(app: Flask) -> None:
    """Refuse an unknown transport at start; warn when production would only log mail."""
    check_mail_url(app.config["MAIL_URL"])
    if app.config.get("NAME") == "production" and app.config["MAIL_URL"] == "console":
        app.logger.warning("MAIL_URL is not set: e-mail (invitations, password resets) is "
                           "only written to the log.")


@event.listens_for(OrmSession, "after_commit")
def _send_pending(session: OrmSession) -> None:
    pending = session.info.pop(PENDING_KEY, None)
    if pending and has_app_context():
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        for mail in pending:
            deliver(app, mail)


@event.listens_for(OrmSession, "after_soft_rollback")
def _drop_pending(session: OrmSession, previous_transaction) -> None:
    if not previous_transaction.nested:
        session.info.pop(PENDING_KEY, None)


def render_mail(to: str, template: str, locale: str | None = None, **context) -> Mail:
    """A message from a text template whose first line is the subject, written in *locale*
    (the recipient's language when known, else the one this request is answered in)."""
    with force_locale(locale or str(get_locale() or "fi")):
        text = render_template(template, **context)
    subject, _, body = text.strip().partition("\n")
    return Mail(to=to, subject=" ".join(subject.split()), body=body.strip() + "\n")
