"""Build icons.svg, one sprite of the Lucide icons Yhdessä uses.

Run from an unpacked `npm pack lucide-static` (ISC; see LICENSE):
    python make_sprite.py /tmp/package/icons
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ICONS = """
arrow-down arrow-left arrow-right arrow-up calendar check chevron-down chevron-right
circle-alert circle-check copy ellipsis-vertical eye eye-off file-text git-merge globe
grip-vertical image info layout-dashboard lightbulb list-ordered lock lock-open log-in
log-out palette pencil plus presentation qr-code refresh-cw save send settings
thumbs-up trash-2 triangle-alert undo-2 upload users x
""".split()  # noqa: SIM905 (a readable list of names)


# On each symbol: a <use> copies the symbol, not the sprite's root element.
STROKE = ('fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" '
          'stroke-linejoin="round"')


def main(source: Path) -> None:
    symbols = []
    for name in ICONS:
        svg = (source / f"{name}.svg").read_text()
        body = re.search(r"<svg[^>]*>\s*(.*)</svg>", svg, re.S).group(1)
        body = " ".join(line.strip() for line in body.splitlines() if line.strip())
        symbols.append(f'<symbol id="{name}" viewBox="0 0 24 24" {STROKE}>{body}</symbol>')
    sprite = (
        "<!-- Lucide icons (lucide-static 1.87.0, ISC licence: LICENSE beside this file) -->\n"
        '<svg xmlns="http://www.w3.org/2000/svg">\n'
        + "\n".join(symbols) + "\n</svg>\n"
    )
    (Path(__file__).parent / "icons.svg").write_text(sprite)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
