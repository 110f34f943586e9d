"""What the participatory-budgeting rules refuse, each with a clear, translated message."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.errors import DomainError


class PhaseClosed(DomainError):
    """The process is not in a phase that allows this."""

    status = 409
    message = _l("The process is not in a phase that allows this, so nothing was saved.")


class IllegalPhaseMove(DomainError):
    status = 409
    message = _l("The process can only move to its next phase.")


class RulesLocked(DomainError):
    status = 409
    message = _l("Ballots have already been cast, so the ballot and counting rules can no "
                 "longer change.")


class InvalidRules(DomainError):
    status = 422
    message = _l("These ballot or counting rules do not fit together.")


class InvalidCost(DomainError):
    status = 422
    message = _l("The cost must be a positive amount in euros that fits in the area's budget.")


class NotEligible(DomainError):
    status = 403
    message = _l("You cannot vote in this process in this way.")


class AreaNotOpen(DomainError):
    status = 409
    message = _l("You can no longer vote in this area: the process lets you vote in only "
                 "some of its areas, and you have already chosen others.")


class HomeAreaNeeded(DomainError):
    status = 422
    message = _l("Choose your home area first.")


class InvalidBallot(DomainError):
    """The ballot breaks one of the area's ballot rules; ``message`` says which."""

    status = 422
    message = _l("The ballot does not follow the area's rules.")


class UnknownCode(DomainError):
    status = 404
    message = _l("This voting code is not valid. Check the code and try again.")


class CountNotPossible(DomainError):
    status = 409
    message = _l("The votes can be counted only after voting has closed.")
