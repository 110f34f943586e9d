"""QR codes for voting-code slips, as inline SVG (no script, fine under the CSP)."""

from __future__ import annotations

from urllib.parse import urlencode

import segno
from flask_babel import gettext as _
from markupsafe import Markup


def voting_qr(url: str, code: str, scale: int = 3) -> Markup:
    """A QR code of the sign-in page with the code filled in, labelled for screen readers."""
    qr = segno.make(f"{url}?{urlencode({'code': code})}", error="m")
    svg = qr.svg_inline(scale=scale, border=2, dark="#000", light="#fff",
                        title=_("QR code for voting code %(code)s", code=code),
                        svgclass="qr", lineclass=None)
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))
