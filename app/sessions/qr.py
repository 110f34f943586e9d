"""The join link of a session and its QR code, as inline SVG (no script, fine under the CSP)."""

from __future__ import annotations

import segno
from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup

from app.sessions.models import Session


def join_url(session: Session) -> str:
    return url_for("participation.join", code=session.join_code, _external=True)


def join_qr(session: Session, scale: int = 8) -> Markup:
    """An SVG QR code of the join link, labelled for screen readers."""
    code = segno.make(join_url(session), error="m")
    svg = code.svg_inline(scale=scale, border=2, dark="#000", light="#fff",
                          title=_("QR code for joining %(title)s", title=session.title),
                          svgclass="qr", lineclass=None)
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))
