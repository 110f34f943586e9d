"""Invitations: the link goes only to the invited address, and only its holder joins.

The attack these tests close: an admin of one organisation invited an address they did not
own, opened the invitation link the page showed them, set the password, and so held the
account that another organisation later made its facilitator.
"""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.auth.models import User
from app.core.database import utcnow
from app.extensions import db
from app.organisations.models import Invitation, Membership
from tests.conftest import LINK_RE, PASSWORD, flash_text, link_in, post_form

MEMBERS = "/organisations/oulu/members"
NEW_PASSWORD = "a very long passphrase indeed"


@pytest.fixture
def oulu(make_org, make_user):
    make_org("oulu", "Oulun kaupunki")
    make_org("kemi", "Kemin kaupunki")
    make_user("admin@oulu.fi", org="oulu", role="admin", name="Olli Admin")
    make_user("admin@kemi.fi", org="kemi", role="admin", name="Kerttu Admin")
    return "oulu"


def invite(client, login, email, admin="admin@oulu.fi", members=MEMBERS, role="facilitator"):
    login(admin)
    return post_form(client, members, {"email": email, "role": role})


def members_of(app, slug):
    with app.app_context():
        return set(db.session.scalars(
            sa.select(User.email).join(Membership).join(Membership.organisation)
            .where(Membership.organisation.has(slug=slug))))


def test_the_link_goes_to_the_address_and_never_to_the_inviter(app, client, oulu, login,
                                                               outbox):
    response = invite(client, login, "colleague@city.fi")
    assert response.status_code == 302
    page = client.get(MEMBERS).get_data(as_text=True)
    assert "An invitation was sent to colleague@city.fi" in page
    [mail] = outbox
    assert mail.to == "colleague@city.fi"
    assert "Oulun kaupunki" in mail.subject
    token = link_in(mail).rsplit("/", 1)[1]
    assert token not in page
    assert "/organisations/invitations/" not in page
    with app.app_context():
        stored = db.session.scalar(sa.select(Invitation.token_hash))
    assert stored != token  # only a keyed hash is kept
    assert "colleague@city.fi" not in members_of(app, "oulu")


def test_the_takeover_of_an_invited_address_no_longer_works(app, client, oulu, login, outbox):
    """The inviter has no link, so they cannot choose the password; the account that the
    holder of the address creates is theirs, and a second organisation's invitation needs
    that holder's acceptance too."""
    invite(client, login, "colleague@city.fi")
    link_from_oulu = link_in(outbox[0])
    # Without the e-mail the attacker can only guess; a guessed token finds nothing.
    assert client.get("/organisations/invitations/guessed-token").status_code == 404

    holder = app.test_client()
    accepted = post_form(holder, link_from_oulu, {
        "display_name": "Colleague", "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert accepted.status_code == 302
    assert "colleague@city.fi" in members_of(app, "oulu")

    kemi = app.test_client()
    post_form(kemi, "/login", {"email": "admin@kemi.fi", "password": PASSWORD})
    post_form(kemi, "/organisations/kemi/members",
              {"email": "colleague@city.fi", "role": "facilitator"})
    assert "colleague@city.fi" not in members_of(app, "kemi")
    link_from_kemi = link_in(outbox[1])
    assert outbox[1].to == "colleague@city.fi"
    # Someone else's browser holding the link cannot accept for the holder.
    stranger = app.test_client()
    assert stranger.get(link_from_kemi).status_code == 200
    post_form(stranger, link_from_kemi, {"answer": "accept", "display_name": "X",
                                         "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert "colleague@city.fi" not in members_of(app, "kemi")

    post_form(holder, link_from_kemi, {"answer": "accept"})
    assert "colleague@city.fi" in members_of(app, "kemi")


def test_known_and_unknown_addresses_get_the_same_answer(app, client, oulu, make_user, login,
                                                         outbox):
    make_user("existing@city.fi", name="Existing Person")
    answers = []
    for email in ("existing@city.fi", "nobody@city.fi"):
        response = invite(client, login, email)
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        answers.append((response.status_code, flash_text(page).replace(email, "EMAIL")))
    assert answers[0] == answers[1]
    assert [m.to for m in outbox] == ["existing@city.fi", "nobody@city.fi"]
    # The mails say the same too: only the link differs.
    assert LINK_RE.sub("LINK", outbox[0].body) == LINK_RE.sub("LINK", outbox[1].body)
    assert "existing@city.fi" not in members_of(app, "oulu")


def test_an_existing_account_joins_only_when_its_holder_accepts(app, client, oulu, make_user,
                                                               login, outbox):
    make_user("kirsi@city.fi", name="Kirsi")
    invite(client, login, "kirsi@city.fi", role="staff")
    link = link_in(outbox[0])

    kirsi = app.test_client()
    page = kirsi.get(link).get_data(as_text=True)
    assert "Sign in to accept" in page
    assert "/login?next=" in page
    post_form(kirsi, "/login", {"email": "kirsi@city.fi", "password": PASSWORD})
    page = kirsi.get(link).get_data(as_text=True)
    assert "Accept the invitation" in page
    assert "kirsi@city.fi" not in members_of(app, "oulu")

    response = post_form(kirsi, link, {"answer": "accept"})
    assert response.status_code == 302
    with app.app_context():
        role = db.session.scalar(sa.select(Membership.role).join(User).where(
            User.email == "kirsi@city.fi"))
        actions = db.session.scalars(sa.select(AuditEntry.action)).all()
    assert role == "staff"
    assert {"invitation.sent", "membership.added", "invitation.accepted"} <= set(actions)
    assert kirsi.get(link).status_code == 404  # used once


def test_an_account_can_decline(app, client, oulu, make_user, login, outbox):
    make_user("kirsi@city.fi")
    invite(client, login, "kirsi@city.fi")
    kirsi = app.test_client()
    post_form(kirsi, "/login", {"email": "kirsi@city.fi", "password": PASSWORD})
    post_form(kirsi, link_in(outbox[0]), {"answer": "decline"})
    assert "kirsi@city.fi" not in members_of(app, "oulu")
    assert "Invitations waiting" not in client.get(MEMBERS).get_data(as_text=True)


def test_signed_in_as_another_account_the_invitation_asks_to_switch(app, client, oulu,
                                                                   make_user, login, outbox):
    make_user("kirsi@city.fi")
    make_user("other@city.fi")
    invite(client, login, "kirsi@city.fi")
    other = app.test_client()
    post_form(other, "/login", {"email": "other@city.fi", "password": PASSWORD})
    link = link_in(outbox[0])
    assert "You are signed in with another account" in other.get(link).get_data(as_text=True)
    post_form(other, link, {"answer": "accept"})
    assert members_of(app, "oulu") == {"admin@oulu.fi"}


def test_a_new_account_page_does_not_sign_anyone_in_before_the_form_is_sent(app, client, oulu,
                                                                           login, outbox):
    invite(client, login, "new@city.fi")
    visitor = app.test_client()
    page = visitor.get(link_in(outbox[0])).get_data(as_text=True)
    assert "Create account and accept" in page
    assert "Signed in as" not in page
    with app.app_context():
        assert db.session.scalar(sa.select(User).where(User.email == "new@city.fi")) is None


def test_inviting_again_sends_a_new_link_and_the_old_one_dies(app, client, oulu, login, outbox):
    invite(client, login, "new@city.fi")
    with app.app_context():
        invitation_id = db.session.scalar(sa.select(Invitation.id))
    post_form(client, f"/organisations/oulu/invitations/{invitation_id}/resend", {}, page=MEMBERS)
    old, new = (link_in(mail) for mail in outbox)
    assert old != new
    visitor = app.test_client()
    assert visitor.get(old).status_code == 404
    assert visitor.get(new).status_code == 200


def test_a_cancelled_or_expired_invitation_is_refused_with_words(app, client, oulu, login,
                                                                 outbox):
    invite(client, login, "one@city.fi")
    invite(client, login, "two@city.fi")
    with app.app_context():
        one = db.session.scalar(sa.select(Invitation).where(Invitation.email == "one@city.fi"))
        two = db.session.scalar(sa.select(Invitation).where(Invitation.email == "two@city.fi"))
        two.expires_at = utcnow() - timedelta(minutes=1)
        one_id = one.id
        db.session.commit()
    post_form(client, f"/organisations/oulu/invitations/{one_id}/cancel", {}, page=MEMBERS)
    visitor = app.test_client()
    for mail in outbox:
        response = visitor.get(link_in(mail))
        assert response.status_code == 404
        assert "Ask the organisation's admin to send a new one" in html.unescape(
            response.get_data(as_text=True))


def test_a_refused_invitation_sends_no_mail(app, client, oulu, make_user, login, outbox):
    make_user("kirsi@city.fi", org="oulu", role="staff")
    response = invite(client, login, "kirsi@city.fi")
    assert response.status_code == 409
    assert outbox == []


def test_another_organisations_admin_cannot_touch_an_invitation(app, client, oulu, login,
                                                               outbox):
    invite(client, login, "new@city.fi")
    with app.app_context():
        invitation_id = db.session.scalar(sa.select(Invitation.id))
    kemi = app.test_client()
    post_form(kemi, "/login", {"email": "admin@kemi.fi", "password": PASSWORD})
    for action in ("resend", "cancel"):
        path = f"/organisations/kemi/invitations/{invitation_id}/{action}"
        assert post_form(kemi, path, {}, page="/organisations/kemi/members").status_code == 404
    assert len(outbox) == 1


def test_the_invitation_mail_is_in_the_language_of_an_existing_account(app, client, oulu,
                                                                      make_user, login, outbox):
    make_user("sv@city.fi", locale="sv")
    invite(client, login, "sv@city.fi")
    assert "Inbjudan" in outbox[0].subject
