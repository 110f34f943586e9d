"""Times of day as people read them: "klo 13.06" (fi), "kl. 13.06" (sv), "13:06" (en).

CLDR's short time is "13.06" in Finnish, which reads as a date (13 June) on a
dashboard; the Finnish and Swedish style guides write the time with its word.
Each moment is shown in the user's time zone (BABEL_DEFAULT_TIMEZONE)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import format_date, to_user_timezone
from flask_babel import gettext as _

from app.core.database import utcnow


def clock(moment: datetime) -> str:
    """The time of day of *moment*: "klo 13.06", "kl. 13.06", "13:06"."""
    local = to_user_timezone(moment)
    # TRANSLATORS: a time of day, e.g. 13:06; Finnish "klo 13.06", Swedish "kl. 13.06".
    return _("%(hours)s:%(minutes)s", hours=local.hour, minutes=f"{local.minute:02d}")


def date_and_clock(moment: datetime) -> str:
    """A date with its time of day: "5.3.2026 klo 13.06"."""
    # TRANSLATORS: a date and a time of day; "%(time)s" already carries "klo" or "kl.".
    return _("%(date)s %(time)s", date=format_date(moment, "short"), time=clock(moment))


def when_label(moment: datetime) -> str:
    """Today's moments as a time of day, older ones with their date."""
    if to_user_timezone(moment).date() == to_user_timezone(utcnow()).date():
        return clock(moment)
    return date_and_clock(moment)
