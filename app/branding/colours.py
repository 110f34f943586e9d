"""Colours of an organisation's brand: WCAG contrast, the tokens a brand sets, and a
darker shade to suggest when a colour is too light. Pure Python, no Flask."""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass

AA_TEXT = 4.5
AA_UI = 3.0
HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")

# The fixed backgrounds of tokens.css that brand-coloured text and links sit on.
PAGE_BACKGROUNDS = {
    "--color-bg": "#ffffff",
    "--color-surface": "#f3f5f8",
    "--color-surface-strong": "#e5e9ef",
}
ON_BRAND = "#ffffff"


def normalise(value: str) -> str | None:
    """'#ABC', 'abc' or '#aabbcc' as '#aabbcc'; None when it is not a hex colour."""
    match = HEX.match(value.strip())
    if not match:
        return None
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return f"#{digits}"


def rgb(colour: str) -> tuple[int, int, int]:
    digits = colour.lstrip("#")
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def luminance(colour: str) -> float:
    """Relative luminance (WCAG 2.1)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """Contrast ratio between two colours, 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def mix(colour: str, other: str, amount: float) -> str:
    """*colour* moved *amount* (0..1) of the way towards *other*."""
    mixed = (round(a + (b - a) * amount) for a, b in zip(rgb(colour), rgb(other), strict=True))
    return "#" + "".join(f"{v:02x}" for v in mixed)


def brand_tokens(colour: str) -> dict[str, str]:
    """The --color-brand* tokens that one primary colour gives."""
    return {
        "--color-brand": colour,
        "--color-brand-dark": mix(colour, "#000000", 0.3),
        "--color-brand-tint": mix(colour, "#ffffff", 0.9),
        "--color-on-brand": ON_BRAND,
        "--color-on-brand-dark": ON_BRAND,
    }


def weakest_pair(colour: str) -> float:
    """The lowest contrast the brand colour gets on our pages: white text on it, and it
    as text on the page's backgrounds and on its own tint."""
    tokens = brand_tokens(colour)
    backgrounds = [*PAGE_BACKGROUNDS.values(), tokens["--color-brand-tint"], ON_BRAND]
    return min(contrast(colour, background) for background in backgrounds)


def passes(colour: str) -> bool:
    return weakest_pair(colour) >= AA_TEXT


@dataclass(frozen=True)
class Verdict:
    colour: str
    ratio: float
    suggestion: str | None  # a darker shade of the same hue that passes, when it fails

    @property
    def ok(self) -> bool:
        return self.suggestion is None


def judge(colour: str) -> Verdict:
    """Whether *colour* can be a brand colour; if not, the nearest darker shade that can."""
    ratio = weakest_pair(colour)
    if ratio >= AA_TEXT:
        return Verdict(colour, ratio, None)
    return Verdict(colour, ratio, darker_shade(colour))


def darker_shade(colour: str) -> str:
    """The lightest shade of *colour*'s hue and saturation that passes (black at worst)."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*(v / 255 for v in rgb(colour)))
    step = 0.005
    while lightness > 0:
        lightness = max(0.0, lightness - step)
        shade = "#" + "".join(
            f"{round(v * 255):02x}" for v in colorsys.hls_to_rgb(hue, lightness, saturation)
        )
        if passes(shade):
            return shade
    return "#000000"
