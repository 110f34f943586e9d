"""A comment's body as HTML: every character escaped, web addresses made into links.

Nothing a person types becomes markup: ``<script>``, ``hx-get`` attributes and the like
are shown as the text they are. Only ``http://`` and ``https://`` addresses become
links (never ``javascript:`` or ``data:``), with ``rel="nofollow ugc noopener"``.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

LINK_REL = "nofollow ugc noopener"
# An address runs to the next space or quote-like character; punctuation that usually
# ends a sentence is left outside the link.
_URL = re.compile(r"\bhttps?://[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}"


def _split_trailing(url: str) -> tuple[str, str]:
    end = len(url)
    while end and url[end - 1] in _TRAILING:
        # Keep a closing bracket that closes one opened inside the address (Wikipedia).
        if url[end - 1] == ")" and url[:end].count("(") >= url[:end].count(")"):
            break
        end -= 1
    return url[:end], url[end:]


def render_body(text: str) -> Markup:
    """*text* escaped, with its web addresses as safe links."""
    parts: list[str] = []
    last = 0
    for match in _URL.finditer(text):
        url, rest = _split_trailing(match.group(0))
        if "://" not in url or url.endswith("://"):
            continue
        parts.append(escape(text[last:match.start()]))
        parts.append(Markup('<a href="{0}" rel="{1}">{0}</a>').format(url, LINK_REL))
        parts.append(escape(rest))
        last = match.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)
