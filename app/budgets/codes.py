"""One-time voting codes and receipt codes.

A voting code is printed once on a slip and stored only as a keyed hash; a receipt code is
shown once to the voter and stored (and published) only as its plain SHA-256, so that anyone
can check it with their own tools.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from app.audit.services import record
from app.budgets.ballot_models import VotingCode
from app.budgets.errors import PhaseClosed
from app.budgets.models import BudgetProcess, Phase
from app.core.errors import DomainError
from app.core.tokens import token_hash
from app.extensions import db
from app.sessions.services import JOIN_CODE_ALPHABET

CODE_GROUPS, GROUP_LENGTH = 3, 4  # e.g. "K4QX-7MTA-9CHW": 25**12, about 2**56
MAX_CODES_AT_ONCE = 5000


class TooManyCodes(DomainError):
    status = 422


def _random_code(groups: int) -> str:
    return "-".join("".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(GROUP_LENGTH))
                    for _ in range(groups))


def normalise(code: str) -> str:
    """What the voter typed, as printed: groups of four, separated by dashes."""
    plain = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(plain[i:i + GROUP_LENGTH] for i in range(0, len(plain), GROUP_LENGTH))


def code_hash(process_id: int, code: str) -> str:
    return token_hash(f"budget-code:{process_id}:{normalise(code)}")


def generate_codes(process: BudgetProcess, actor: Any, count: int) -> list[str]:
    """``count`` new codes for the process; returned once, for the printed sheet."""
    if not 1 <= count <= MAX_CODES_AT_ONCE:
        raise TooManyCodes(_("Generate between 1 and %(most)d codes at a time.",
                             most=MAX_CODES_AT_ONCE))
    if process.phase in (Phase.COUNTING, Phase.FINISHED) or not process.allow_codes:
        raise PhaseClosed()
    batch = (db.session.scalar(sa.select(sa.func.max(VotingCode.batch))
                               .where(VotingCode.process_id == process.id)) or 0) + 1
    codes = [_random_code(CODE_GROUPS) for _ in range(count)]
    db.session.execute(sa.insert(VotingCode), [
        {"process_id": process.id, "code_hash": code_hash(process.id, code), "batch": batch}
        for code in codes
    ])
    record(actor, "budget.codes.generate", process, after={"batch": batch, "count": count})
    return codes


def find_code(process: BudgetProcess, code: str) -> VotingCode | None:
    return db.session.scalar(sa.select(VotingCode).where(
        VotingCode.process_id == process.id,
        VotingCode.code_hash == code_hash(process.id, code)))


def new_receipt() -> tuple[str, str]:
    """A receipt code for the voter and the hash that is stored and published."""
    code = _random_code(4)
    return code, receipt_hash(code)


def receipt_hash(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()
