"""How joining with a code is rate-limited.

A whole room often joins from one venue network, behind one address, so the limits
must let hundreds of people in within a couple of minutes while still stopping
anyone who guesses codes. Each limit is a setting (README, Configuration):

``JOIN_RATE_LIMIT``
    joins (sent join forms) per address: generous, a room of 500 fits in a minute.
``JOIN_CODE_RATE_LIMIT``
    joins per session code, from any address.
``JOIN_UNKNOWN_CODE_LIMIT``
    unknown codes tried per address *and code prefix* (its first two characters).
    People mistyping other codes do not stop a code that starts differently, and
    guessing codes of one prefix is stopped soon.
``JOIN_UNKNOWN_CODE_ADDRESS_LIMIT``
    unknown codes tried per address over all prefixes: the bound on guessing.

While an unknown-code limit is exceeded, every code it covers answers 429, known or
not, so the answers tell a guesser nothing. The exception: a code that this address
has already reached (a session answered for it) stays open to the address for
``KNOWN_CODE_MEMORY``. A room whose first members got in keeps joining however many
typos its neighbours make, and the address learns nothing it did not know already.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import suppress

from flask import current_app, request
from flask_limiter.util import get_remote_address
from limits import parse
from werkzeug.wrappers import Response

from app.extensions import limiter
from app.sessions.services import normalise_code

PREFIX_LENGTH = 2
KNOWN_CODE_MEMORY = parse("1 per 3 hours")
_NOT_CODE = re.compile("[^A-Z0-9]")


def setting(name: str) -> Callable[[], str]:
    """The limit named *name* in the app's config, read at each request."""
    return lambda: current_app.config[name]


def requested_code() -> str:
    """The code in the address, as a safe key: capitals and digits only (anything else
    becomes ``_``, so a key never carries control characters into a log line)."""
    code = normalise_code((request.view_args or {}).get("code", ""))
    return _NOT_CODE.sub("_", code)[:12]


def code_key() -> str:
    return "join-code:" + requested_code()


def address_and_prefix_key() -> str:
    return f"{get_remote_address()}:{requested_code()[:PREFIX_LENGTH]}"


def is_unknown_code(response: Response) -> bool:
    return response.status_code == 404


def _known_code_identifiers() -> tuple[str, str, str]:
    return "join-known-code", get_remote_address(), requested_code()


def remember_code() -> None:
    """This address has reached the session of the requested code."""
    with suppress(Exception):  # limits are a safeguard: an outage must not stop the join
        limiter.limiter.hit(KNOWN_CODE_MEMORY, *_known_code_identifiers())


def is_known_here() -> bool:
    """Has this address reached the requested code's session lately?"""
    with suppress(Exception):
        return not limiter.limiter.test(KNOWN_CODE_MEMORY, *_known_code_identifiers())
    return False


unknown_codes_per_prefix = limiter.shared_limit(
    setting("JOIN_UNKNOWN_CODE_LIMIT"), scope="join-unknown-code-prefix",
    key_func=address_and_prefix_key, deduct_when=is_unknown_code, exempt_when=is_known_here)

unknown_codes_per_address = limiter.shared_limit(
    setting("JOIN_UNKNOWN_CODE_ADDRESS_LIMIT"), scope="join-unknown-code",
    deduct_when=is_unknown_code, exempt_when=is_known_here)

joins_per_address = limiter.limit(setting("JOIN_RATE_LIMIT"), methods=["POST"])

joins_per_code = limiter.limit(setting("JOIN_CODE_RATE_LIMIT"), methods=["POST"],
                               key_func=code_key)
