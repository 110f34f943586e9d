"""Setting an organisation's colour and logo, and the stylesheet its pages get."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from app.audit.services import record
from app.branding import colours
from app.branding.logos import reencode
from app.branding.models import Brand
from app.core.errors import DomainError
from app.extensions import db
from app.organisations.models import Organisation


class ColourTooLight(DomainError):
    status = 422
    message = _l("The colour is too light.")

    def __init__(self, verdict: colours.Verdict) -> None:
        super().__init__()
        self.verdict = verdict


def brand_of(organisation: Organisation) -> Brand:
    """The organisation's brand row, made when it has none yet."""
    if organisation.brand is None:
        organisation.brand = Brand(organisation_id=organisation.id)
        db.session.add(organisation.brand)
    return organisation.brand


def set_colour(actor: Any, organisation: Organisation, colour: str) -> Brand:
    """Make *colour* (#rrggbb) the organisation's primary colour, if it passes AA."""
    verdict = colours.judge(colour)
    if not verdict.ok:
        raise ColourTooLight(verdict)
    brand = brand_of(organisation)
    before = brand.colour
    brand.colour = colour
    record(actor, "brand.colour", organisation, {"colour": before}, {"colour": colour},
           organisation_id=organisation.id)
    db.session.flush()
    return brand


def reset_colour(actor: Any, organisation: Organisation) -> None:
    brand = organisation.brand
    if brand is None or brand.colour is None:
        return
    record(actor, "brand.colour", organisation, {"colour": brand.colour}, {"colour": None},
           organisation_id=organisation.id)
    brand.colour = None
    db.session.flush()


def set_logo(actor: Any, organisation: Organisation, upload: bytes) -> Brand:
    """Store the uploaded image, re-encoded, as the organisation's logo."""
    logo = reencode(upload)
    brand = brand_of(organisation)
    brand.logo, brand.logo_hash = logo.data, logo.digest
    brand.logo_width, brand.logo_height = logo.width, logo.height
    record(actor, "brand.logo", organisation, None,
           {"sha256": logo.digest, "width": logo.width, "height": logo.height},
           organisation_id=organisation.id)
    db.session.flush()
    return brand


def remove_logo(actor: Any, organisation: Organisation) -> None:
    brand = organisation.brand
    if brand is None or brand.logo_hash is None:
        return
    record(actor, "brand.logo", organisation, {"sha256": brand.logo_hash}, None,
           organisation_id=organisation.id)
    brand.logo = brand.logo_hash = brand.logo_width = brand.logo_height = None
    db.session.flush()


def stylesheet(brand: Brand | None) -> str:
    """The CSS that gives an organisation's pages its colour (tokens only)."""
    if brand is None or brand.colour is None:
        return "/* this organisation uses Yhdessä's own colours */\n"
    tokens = colours.brand_tokens(brand.colour)
    body = "".join(f"  {name}: {value};\n" for name, value in tokens.items())
    return ":root {\n" + body + "}\n"
