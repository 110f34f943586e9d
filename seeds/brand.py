"""The demo organisation's brand: a colour and a logo drawn here with Pillow (no artwork
from anyone else). Set only when the organisation has none, like the rest of the seed."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from app.branding import services
from app.organisations.models import Organisation

DEMO_BRAND_COLOUR = "#0d6b57"


def demo_logo() -> bytes:
    """A wide PNG: three overlapping circles (people together) and a wave under them."""
    scale = 4  # drawn large and scaled down for smooth edges
    width, height = 360 * scale, 120 * scale
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    colours = [(13, 107, 87, 255), (242, 169, 0, 235), (36, 92, 160, 235)]
    for index, colour in enumerate(colours):
        x = (70 + index * 70) * scale
        draw.ellipse((x - 48 * scale, 12 * scale, x + 48 * scale, 108 * scale), fill=colour)
    draw.rounded_rectangle((250 * scale, 44 * scale, 350 * scale, 76 * scale),
                           radius=16 * scale, fill=colours[0])
    image = image.resize((width // scale, height // scale), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def seed_brand(organisation: Organisation) -> None:
    brand = organisation.brand
    if brand is None or brand.colour is None:
        services.set_colour("seed", organisation, DEMO_BRAND_COLOUR)
    if organisation.brand.logo_hash is None:
        services.set_logo("seed", organisation, demo_logo())
