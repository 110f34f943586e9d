"""Every feature's pages build their buttons, fields and notices from the design system's
macros (app/templates/macros): none writes its own button, text field, checkbox or notice
markup."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "app"
FEATURES = tuple(sorted(path.parent.name for path in APP.glob("*/templates")))
TEMPLATES = sorted(path for feature in FEATURES
                   for path in (APP / feature / "templates").rglob("*.html"))

COMMENT = re.compile(r"\{#.*?#\}", re.S)
# A control written by hand is allowed inside a bare_field call (its label, hint, error).
BARE_FIELD = re.compile(r"\{%-?\s*call bare_field\(.*?\{%-?\s*endcall\s*-?%\}", re.S)
HAND_MADE = {
    "a button": re.compile(r"<button\b|class=\"button\b"),
    "a text area": re.compile(r"<textarea\b"),
    # (a hidden one, or the account's name kept hidden for password managers)
    "an input other than a hidden one":
        re.compile(r"<input\b(?![^>]*(type=\"hidden\"|\shidden\b))"),
    "a select outside bare_field": re.compile(r"<select\b"),
    "a notice of its own": re.compile(r"class=\"(notice|alert|flash)\b"),
}


def test_the_room_has_templates_to_check():
    assert len(TEMPLATES) > 30


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(APP)))
def test_every_control_comes_from_a_macro(path):
    source = BARE_FIELD.sub("", COMMENT.sub("", path.read_text()))
    found = [what for what, pattern in HAND_MADE.items() if pattern.search(source)]
    assert found == [], f"{path.relative_to(APP)} writes {', '.join(found)} by hand"
