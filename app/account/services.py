"""What the account page needs beyond the data-rights and token services."""

from __future__ import annotations

import json

from app.auth.models import User
from app.core.tokens import sign_timed, unsign_timed
from app.privacy.data_rights import export_user_data

PROOF_PURPOSE = "account-delete"
# The no-script confirmation page must be answered within this many seconds.
PROOF_MAX_AGE = 15 * 60


def deletion_proof(user: User) -> str:
    """A signed note that *user* just gave their password to delete the account. It names
    the account and its sign-in token, so it dies with a password change or a sign-out
    everywhere."""
    return sign_timed(user.get_id(), PROOF_PURPOSE)


def proves_deletion(user: User, proof: str) -> bool:
    return unsign_timed(proof, PROOF_PURPOSE, PROOF_MAX_AGE) == user.get_id()


def data_download(user: User) -> str:
    """Everything stored about *user*, as the JSON file they download."""
    return json.dumps(export_user_data(user), ensure_ascii=False, indent=2)
