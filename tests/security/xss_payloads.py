"""The stored-XSS corpus, and how it is written into every user-writable text of a world.

Every payload carries the marker ``xss``: an injected element carries ``data-xss``, a
URL the payload would make the browser fetch contains ``xss``, template syntax renders
``xss49`` if it were ever evaluated. tests/browser/test_xss.py renders the world's
pages in Chromium and looks for each of those.
"""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db

LONG_WORD = "xss" + "Lentokonesuihkuturbiinimoottoriapumekaanikkoaliupseerioppilas" * 4

PAYLOADS = [
    "<script data-xss>alert('xss')</script>",
    "<img src=/xss-img onerror=\"alert('xss')\" data-xss>",
    "<svg onload=alert('xss') data-xss></svg>",
    "<svg><script data-xss>alert('xss')</script></svg>",
    "\"><script data-xss>alert('xss')</script>",
    "'><img src=/xss-quote data-xss>",
    "\" onmouseover=\"alert('xss')\" data-xss=\"",
    "' onfocus='alert(`xss`)' autofocus data-xss='",
    "javascript:alert('xss')",
    "JaVaScRiPt:alert('xss')",
    " \tjavascript:alert('xss')",
    "data:text/html,<script>alert('xss')</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzJyk8L3NjcmlwdD4=",
    "<a href=\"javascript:alert('xss')\" data-xss>klikkaa</a>",
    "<iframe src=\"/xss-frame\" data-xss></iframe>",
    "<div hx-get=\"/xss-htmx\" hx-trigger=\"load\" data-xss>x</div>",
    "<div hx-on:click=\"alert('xss')\" hx-on::load=\"alert('xss')\" data-xss>x</div>",
    "\" hx-get=\"/xss-attr\" hx-trigger=\"load\" data-xss=\"",
    "' hx-post='/xss-attr' hx-trigger='load' data-xss='",
    "<form action=\"/xss-form\" data-xss><button>Lähetä</button></form>",
    "<math><mtext><table><mglyph><style><img src=/xss-mxss data-xss>",
    "<style>@import '/xss-style.css';</style>",
    "<link rel=stylesheet href=/xss-link.css data-xss>",
    "<meta http-equiv=\"refresh\" content=\"0;url=/xss-refresh\" data-xss>",
    "xss{{7*7}}",
    "xss{{ config }}",
    "xss${7*7}#{7*7}",
    "xss{% print(7*7) %}",
    "\u202eexe.tnemelbaT xss\u202c",
    "\u200fxss\u202b مرحبا \u202c",
    LONG_WORD,
    "--><script data-xss>alert('xss')</script><!--",
    "</textarea><script data-xss>alert('xss')</script>",
    "</title><script data-xss>alert('xss')</script>",
    "<object data=\"/xss-object\" data-xss></object>",
    "<base href=\"https://xss.example/\" data-xss>",
    "<input autofocus onfocus=alert('xss') data-xss>",
    "<details open ontoggle=alert('xss') data-xss>",
    "{\"xss\": \"</script><script data-xss>alert('xss')</script>\"}",
    "<svg><a xlink:href=\"javascript:alert('xss')\" data-xss><text>x</text></a></svg>",
    "&lt;script&gt;xss&lt;/script&gt;",
    "<noscript><p title=\"</noscript><img src=/xss-noscript data-xss>\">",
]

# Text columns people never write (hashes, tokens, codes, addresses, machine values).
NOT_WRITTEN_BY_PEOPLE = {
    "slug", "email", "password_hash", "locale", "session_token", "token_hash", "actor_label",
    "action", "object_type", "object_id", "colour", "logo_hash", "language", "join_code",
    "error", "ballots_sha256", "code_hash", "pseudonym", "receipt_hash", "external_id",
}
# Texts whose presence changes what a row is (a reason hides an idea or a comment, and a
# hidden one shows the reason instead of its text): written only where the world has set
# them, so that every other row keeps showing its own text.
ONLY_WHERE_SET = {"hidden_reason"}


def payload_text(start: int, limit: int | None) -> str:
    """Whole payloads from *start* on, as many as fit in *limit* characters (a text
    without a limit of its own takes 1,500: the longest any form allows is 2,000), at
    least one (cut to the limit)."""
    limit = limit or 1500
    text = ""
    for step in range(len(PAYLOADS)):
        payload = PAYLOADS[(start + step) % len(PAYLOADS)]
        if limit is not None and len(text) + len(payload) + 1 > limit:
            break
        text = f"{text} {payload}" if text else payload
    return text or PAYLOADS[start % len(PAYLOADS)][:limit]


def writable_columns() -> list[tuple[sa.Table, sa.Column]]:
    return [(table, column) for table in db.metadata.sorted_tables
            for column in table.columns
            if isinstance(column.type, sa.String | sa.Text)
            and not isinstance(column.type, sa.Enum)
            and column.name not in NOT_WRITTEN_BY_PEOPLE]


def fill_with_payloads() -> list[str]:
    """Write payloads into every user-writable text of every row; returns the columns
    written ("table.column", only those with a row to write). Each row starts at another
    payload, so every payload reaches every kind of field."""
    written = []
    for offset, (table, column) in enumerate(writable_columns()):
        key = next(iter(table.primary_key.columns))
        rows = sa.select(key)
        if column.name in ONLY_WHERE_SET:
            rows = rows.where(column.is_not(None))
        for row, (identity,) in enumerate(db.session.execute(rows)):
            db.session.execute(sa.update(table).where(key == identity).values(
                {column.name: payload_text(row + offset, column.type.length)}))
            if row == 0:
                written.append(f"{table.name}.{column.name}")
    db.session.commit()
    return written
