"""Data of a chosen size for the query ceilings (tests/test_query_ceilings.py): a workshop
that votes, and participatory budgeting processes in voting and finished."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from app.budgets.ballots import VoterIdentity, cast_ballot
from app.budgets.codes import find_code, generate_codes
from app.budgets.counting import run_count, start_count
from app.budgets.models import (
    AreaRule,
    ImplementationState,
    Phase,
    Proposal,
    ProposalStatus,
)
from app.budgets.phases import AreaRules, add_area, create_process, move_phase
from app.budgets.proposals import add_status_update
from app.extensions import db
from app.organisations.models import Organisation
from app.sessions.lookups import themes_of
from app.sessions.models import Participant, Session, Stage
from app.sessions.services import move_stage
from app.voting import ballots, rounds
from app.voting.models import Mode


def vote(session_id: int) -> int:
    """Move a workshop whose groups have submitted their lists for the first theme to
    voting: a closed dot round and an open approval round on that theme, every participant
    with a ballot in each. Returns the open round's id."""
    session = db.session.get(Session, session_id)
    move_stage(session, Stage.VOTING, None)
    theme = themes_of(session_id)[0]
    people = db.session.scalars(sa.select(Participant).where(
        Participant.session_id == session_id).order_by(Participant.id)).all()
    dots = rounds.open_round(session, theme, Mode.DOTS, None, budget=3, per_option=2)
    options = [option.id for option in dots.options]
    for n, person in enumerate(people):
        ballots.save_ballot(session, person, dots, {options[n % len(options)]: 2,
                                                    options[(n + 1) % len(options)]: 1})
    rounds.close_round(session, dots, None)
    approval = rounds.open_round(session, theme, Mode.APPROVAL, None, budget=2)
    options = [option.id for option in approval.options]
    for n, person in enumerate(people):
        ballots.save_ballot(session, person, approval, {options[n % len(options)]: 1})
    return approval.id


def budget(organisation: Organisation, scale: int, finished: bool) -> dict[str, int]:
    """A process with 3 areas of 4·scale proposals and 5·scale ballots cast with codes
    (a code left for the ballot page); *finished*: counted, with 2·scale status updates on a
    selected proposal. Returns the addresses' ids: process, area, proposal and voting code."""
    process = create_process(organisation, None, f"Budjetti ×{scale}",
                             area_rule=AreaRule.EVERY, allow_codes=True)
    areas = [add_area(process, None, f"Alue {n}", AreaRules(budget=Decimal(1000 * scale)))
             for n in range(3)]
    proposals: dict[int, list[Proposal]] = {}
    for area in areas:
        proposals[area.id] = [
            Proposal(process_id=process.id, area_id=area.id, title=f"Hanke {n}",
                     cost=Decimal(100 + n), status=ProposalStatus.FEASIBLE)
            for n in range(4 * scale)]
        db.session.add_all(proposals[area.id])
    process.phase = Phase.VOTING
    db.session.flush()
    codes = generate_codes(process, None, 5 * scale + 1)
    for n, code in enumerate(codes[:-1]):
        area = areas[n % len(areas)]
        chosen = proposals[area.id][n % (4 * scale):][:3]
        cast_ballot(process, area, VoterIdentity(code_id=find_code(process, code).id),
                    [p.id for p in chosen])
    voter = find_code(process, codes[-1]).id
    cast_ballot(process, areas[0], VoterIdentity(code_id=voter),
                [p.id for p in proposals[areas[0].id][:2]])
    proposal = proposals[areas[0].id][0]
    if finished:
        move_phase(process, Phase.COUNTING, None)
        run = start_count(process, None)
        db.session.commit()
        run_count(run.id)
        proposal = db.session.scalar(sa.select(Proposal).where(
            Proposal.process_id == process.id, Proposal.status == ProposalStatus.SELECTED))
        for n in range(2 * scale):
            add_status_update(proposal, None, ImplementationState.IN_PROGRESS,
                              date(2027, 1, 1 + n % 28), f"Vaihe {n}")
    db.session.flush()
    return {"process": process.id, "area": areas[0].id, "proposal": proposal.id,
            "code": voter}

