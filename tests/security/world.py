"""The security suite's world: the demo's content and a person in every role.

One world per module (it takes a few seconds to seed): the demo organisation with its
workshop, brainstorm and budget process, plus another organisation with a session of
its own, and a signed-in browser (its cookies) for every role the access table names.

``World.url(endpoint)`` fills every URL parameter of an endpoint from the world, so a new
route needs no code here unless it brings a parameter name never seen before (then
``PARAMETERS`` gets one line, and the test says so).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa
from flask import Flask

from app.aggregation.models import AggregateItem
from app.api.models import ApiToken
from app.api.services import issue_token
from app.auth.models import User
from app.auth.services import create_user
from app.brainstorm.models import Cluster, Idea
from app.budgets.models import Area, Phase, Proposal, ProposalStatus
from app.budgets.phases import AreaRules, add_area, create_process
from app.comments.models import Comment, CommentFlag, CommentThread, Target
from app.core.database import utcnow
from app.core.tokens import sign
from app.extensions import db
from app.organisations.models import Invitation, Level, Membership, Role
from app.organisations.services import add_membership, create_organisation
from app.sessions.access import GUEST_PURPOSE, guest_cookie_name
from app.sessions.models import (
    Affiliation,
    BackgroundItem,
    Group,
    Participant,
    SessionKind,
    Stage,
    Theme,
)
from app.sessions.services import create_session, join_session
from app.voting.models import VoteRound
from seeds.demo import seed_demo
from tests.conftest import PASSWORD, csrf_token, post_form

# Who asks, in the order of the table's columns.
ROLES = ("anonymous", "guest", "participant", "other_group", "staff", "facilitator",
         "admin", "outsider", "superuser")
ROLE_MEANING = {
    "anonymous": "nobody signed in, no guest cookie",
    "guest": "a guest of another organisation's session",
    "participant": "a guest in group 1 of the demo workshop (and of the brainstorm)",
    "other_group": "a guest in group 2 of the demo workshop (and of the brainstorm)",
    "staff": "staff of the demo organisation",
    "facilitator": "facilitator of the demo organisation",
    "admin": "admin of the demo organisation",
    "outsider": "admin of another organisation",
    "superuser": "a platform superuser, member of no organisation",
}


@dataclass
class World:
    app: Flask
    ids: dict[str, object] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    csrf: dict[str, str] = field(default_factory=dict)

    def values(self, endpoint: str, arguments: set[str],
               variant: str = "") -> dict[str, object]:
        """The URL values of *endpoint*: what the world has for each parameter name,
        with the blueprint's own meaning where a name means different things (and the
        variant's, for an ``"endpoint@variant"`` line of the access table)."""
        blueprint = endpoint.split(".")[0]
        values = {}
        for name in arguments:
            key = (variant and PARAMETERS.get(f"{endpoint}@{variant}:{name}")) \
                or PARAMETERS.get(f"{endpoint}:{name}") or PARAMETERS.get(f"{blueprint}:{name}") \
                or PARAMETERS.get(name)
            if key is None:
                raise KeyError(f"tests/security/world.py: PARAMETERS has nothing for "
                               f"{name!r} of {endpoint}")
            values[name] = self.ids[key]
        return values


# Parameter name (or "blueprint:name", or "endpoint:name") → the world's id to use.
PARAMETERS = {
    "session_id": "workshop",
    "theme_id": "theme",
    "group_id": "group",
    "participant_id": "participant",
    "item_id": "background_item",
    "rank": "rank",
    "round_id": "round",
    "slug": "slug",
    "membership_id": "membership",
    "invitation_id": "invitation",
    "token": "token",
    "code": "code",
    "filename": "filename",
    "process_id": "process",
    "budget_id": "process",
    "area_id": "area",
    "proposal_id": "proposal",
    "idea_id": "idea",
    "cluster_id": "cluster",
    "brainstorm:session_id": "brainstorm",
    "brainstorm:theme_id": "question",
    "aggregation:item_id": "aggregate_item",
    "budgets:item_id": "aggregate_item",
    "voting:theme_id": "theme",
    "priority_id": "priority",
    "token_id": "api_token",
    # Comment threads: a group's submitted priority in the demo workshop and a comment on
    # it; the variants a brainstorm idea and a PB proposal of the finished process.
    "comments:target": "priority_target",
    "comments:target_id": "priority",
    "comment_id": "priority_comment",
    "comments.thread@idea:target": "idea_target",
    "comments.thread@idea:target_id": "idea",
    "comments.thread@aggregate:target": "aggregate_target",
    "comments.thread@aggregate:target_id": "commented_item",
    **{f"comments.{endpoint}@proposal:{name}": key
       for endpoint in ("thread", "post", "upvote", "flag", "hide", "restore")
       for name, key in (("target", "proposal_target"), ("target_id", "proposal"),
                         ("comment_id", "proposal_comment"))},
    # The ballot's pages in a process that is voting now (the demo's process is finished).
    **{f"budgets.{endpoint}:{name}": f"voting_{key}"
       for endpoint in ("ballot", "code_sign_in", "meter", "vote_index", "paper_ballot",
                        "forget_code")
       for name, key in (("process_id", "process"), ("area_id", "area"))},
}


def _first(statement):
    return db.session.scalar(statement.limit(1))


def build_world(app: Flask) -> World:
    """Seed the demo and the other organisation; sign every role in."""
    world = World(app)
    with app.app_context():
        demo = seed_demo()
        other = create_organisation("Muu kunta", "muu", Level.MUNICIPALITY)
        foreign = create_session(other, None, "Toisen kunnan työpaja", SessionKind.WORKSHOP)
        foreign_theme = Theme(session_id=foreign.id, title="Muu teema", position=0, picks=3,
                              is_current=True)
        db.session.add_all([foreign_theme, Group(session_id=foreign.id, name="A", position=1)])
        foreign.stage = Stage.OPEN
        for email, org, role in (("staff@example.fi", demo.organisation, Role.STAFF),
                                 ("outsider@example.fi", other, Role.ADMIN)):
            add_membership(None, org, create_user(email, "Henkilö", PASSWORD), role)
        create_user("super@example.fi", "Pääkäyttäjä", PASSWORD, superuser=True)
        workshop, brainstorm = demo.workshop, demo.brainstorm
        theme = _first(sa.select(Theme).where(Theme.session_id == workshop.id)
                       .order_by(Theme.position))
        question = _first(sa.select(Theme).where(Theme.session_id == brainstorm.id)
                          .order_by(Theme.position))
        groups = db.session.scalars(sa.select(Group).where(Group.session_id == workshop.id)
                                    .order_by(Group.position)).all()
        guests = {}
        for role, session, group in (("participant", workshop, groups[0]),
                                     ("other_group", workshop, groups[1]),
                                     ("participant", brainstorm, None),
                                     ("other_group", brainstorm, None),
                                     ("guest", foreign, None)):
            participant, token = join_session(session, f"Vieras {role}", Affiliation.RESIDENT,
                                              group)
            guests.setdefault(role, []).append((session.id, token))
            if role == "other_group" and session is workshop:
                other_participant = participant
        voting_process = create_process(demo.organisation, None, "Äänestys nyt",
                                        allow_codes=True)
        voting_area = add_area(voting_process, None, "Keskusta",
                               AreaRules(budget=Decimal(100000), min_projects=1, max_projects=2))
        db.session.add_all([Proposal(process_id=voting_process.id, area_id=voting_area.id,
                                     title=f"Hanke {n}", cost=Decimal(30000),
                                     status=ProposalStatus.FEASIBLE) for n in (1, 2, 3)])
        voting_process.phase = Phase.VOTING
        invitation = Invitation(organisation=demo.organisation, email="uusi@example.fi",
                                role=Role.FACILITATOR, token_hash="0" * 64,
                                created_at=utcnow(), expires_at=utcnow() + timedelta(days=14))
        db.session.add(invitation)
        facilitator = db.session.scalar(sa.select(User).where(
            User.email == "fasilitaattori@demo.yhdessa.fi"))
        issue_token(facilitator, "Raportit")
        db.session.flush()
        commented = {thread.target: thread for thread in db.session.scalars(
            sa.select(CommentThread).where(CommentThread.session_id.is_(None) |
                                           (CommentThread.session_id == workshop.id)))}
        on_priority, on_proposal = commented[Target.PRIORITY], commented[Target.PROPOSAL]
        # A hidden comment and a hidden idea (their reasons show), a flag on a comment.
        on_item = db.session.scalars(sa.select(Comment).where(
            Comment.thread_id == commented[Target.AGGREGATE].id).order_by(Comment.id)).all()
        on_item[-1].hidden_reason = "Asiaton"
        on_item[-1].hidden_at = utcnow()
        db.session.add(CommentFlag(comment_id=on_item[0].id, participant_id=other_participant.id,
                                   reason="Loukkaava"))
        ideas = db.session.scalars(sa.select(Idea).where(Idea.theme_id == question.id)
                                   .order_by(Idea.id)).all()
        ideas[-1].hidden_reason = "Toistoa"
        world.ids.update(
            workshop=workshop.id, brainstorm=brainstorm.id, theme=theme.id,
            question=question.id, group=groups[0].id, participant=other_participant.id,
            background_item=_first(sa.select(BackgroundItem.id)
                                   .where(BackgroundItem.theme_id == theme.id)),
            aggregate_item=_first(sa.select(AggregateItem.id)
                                  .where(AggregateItem.theme_id == theme.id)),
            idea=_first(sa.select(Idea.id).where(Idea.theme_id == question.id)),
            cluster=_first(sa.select(Cluster.id).where(Cluster.theme_id == question.id)),
            round=_first(sa.select(VoteRound.id).where(VoteRound.theme_id == theme.id)),
            rank=1, slug=demo.organisation.slug, code=workshop.join_code,
            membership=_first(sa.select(Membership.id).where(
                Membership.organisation_id == demo.organisation.id,
                Membership.role == Role.FACILITATOR)),
            invitation=invitation.id, token="not-a-real-token",
            filename="css/components.css", process=demo.budget.id,
            area=_first(sa.select(Area.id).where(Area.process_id == demo.budget.id)),
            voting_process=voting_process.id, voting_area=voting_area.id,
            api_token=_first(sa.select(ApiToken.id).where(ApiToken.user_id == facilitator.id)),
            priority_target="priority", idea_target="idea", proposal_target="proposal",
            aggregate_target="aggregate", commented_item=commented[Target.AGGREGATE].aggregate_id,
            priority=on_priority.priority_id, proposal=on_proposal.proposal_id,
            priority_comment=_first(sa.select(Comment.id)
                                    .where(Comment.thread_id == on_priority.id)),
            proposal_comment=_first(sa.select(Comment.id)
                                    .where(Comment.thread_id == on_proposal.id)),
        )
        missing = [name for name, value in world.ids.items() if value is None]
        assert not missing, f"the demo has no {missing}"
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count(Participant.id))) >= 5

    clients = {role: app.test_client() for role in ROLES}
    with app.app_context():
        for role, sessions in guests.items():
            for session_id, token in sessions:
                clients[role].set_cookie(guest_cookie_name(session_id),
                                         sign(token, GUEST_PURPOSE))
    for role, email in (("staff", "staff@example.fi"),
                        ("facilitator", "fasilitaattori@demo.yhdessa.fi"),
                        ("admin", "admin@demo.yhdessa.fi"),
                        ("outsider", "outsider@example.fi"),
                        ("superuser", "super@example.fi")):
        password = {"fasilitaattori@demo.yhdessa.fi": "yhdessa-demo-2026",
                    "admin@demo.yhdessa.fi": "yhdessa-admin-2026"}.get(email, PASSWORD)
        response = post_form(clients[role], "/login", {"email": email, "password": password})
        assert response.status_code == 302, f"{email} could not sign in"
    for role, client in clients.items():
        world.csrf[role] = csrf_token(client, "/")
        world.cookies[role] = "; ".join(f"{cookie.key}={cookie.value}"
                                        for cookie in client._cookies.values())
    return world
