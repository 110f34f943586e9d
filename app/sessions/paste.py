"""Turn a pasted bullet list into background items (pure functions, no Flask).

Facilitators copy lists from slides, Word documents and e-mails. Each non-empty
line becomes one item. Its bullet ("- ", "* ", "+ ", "•", "–", "▪" …) or number
("1." / "1)") and its indentation are removed. A line with no bullet of its own
that is indented deeper than the line it follows is the continuation of that
item (a bullet point wrapped onto two lines) and is joined to it with a space.
A blank line always ends an item.
"""

from __future__ import annotations

import re

# Bullet characters that need no space after them, and ASCII ones that do (so that
# "-5 %" or "*huom*" keep their first character).
_SYMBOLS = "•◦‣⁃▪▫■□●○·∙–—→►▸✓✔"
_BULLET = re.compile(
    rf"""^(?:
        [{_SYMBOLS}]\s*            # a typographic bullet, space optional
      | [-*+](?:\s+|$)             # an ASCII bullet followed by a space
      | \(?\d{{1,3}}[.)](?:\s+|$)  # 1. 2) (3)
      | \(?[a-zA-Z][)](?:\s+|$)    # a) b)
    )""",
    re.VERBOSE,
)
TAB_WIDTH = 4


def _indent(line: str) -> int:
    expanded = line.expandtabs(TAB_WIDTH)
    return len(expanded) - len(expanded.lstrip())


def strip_bullet(text: str) -> tuple[str, bool]:
    """The text without its leading bullet or number, and whether it had one."""
    match = _BULLET.match(text)
    if match is None:
        return text, False
    return text[match.end():].strip(), True


def parse_bullets(text: str) -> list[str]:
    """The items of a pasted list, in order, each on one line without its bullet."""
    items: list[str] = []
    item_indent: int | None = None  # indentation of the line that started the last item
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped:
            item_indent = None
            continue
        indent = _indent(raw)
        content, has_bullet = strip_bullet(stripped)
        if not content:
            continue
        if not has_bullet and item_indent is not None and indent > item_indent:
            items[-1] = f"{items[-1]} {content}"
            continue
        items.append(content)
        item_indent = indent
    return items
