"""Pasting a bullet list: each line one background item, bullets and indentation gone,
wrapped lines joined to their item."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.sessions.paste import parse_bullets

SLIDE = """Palvelulupaus
- Järjestöjen rooli palveluiden tuottajana
  ja kumppanina
- Asukkaiden osallisuus
    • Kuntalaisaloitteet
    • Osallistuva budjetointi
* Avustusten tilastot
"""


def test_each_line_of_a_plain_list_is_one_item():
    assert parse_bullets("Tilat\nAvustukset\nViestintä") == ["Tilat", "Avustukset", "Viestintä"]


@pytest.mark.parametrize("bullet", ["- ", "* ", "+ ", "• ", "•", "–", "– ", "— ", "▪ ", "◦ ",
                                    "1. ", "1) ", "(1) ", "12. ", "a) "])
def test_bullets_and_numbers_are_removed(bullet):
    assert parse_bullets(f"{bullet}Tilat maksutta järjestöille") == ["Tilat maksutta järjestöille"]


def test_indentation_is_removed_and_nested_bullets_are_items_of_their_own():
    assert parse_bullets(SLIDE) == [
        "Palvelulupaus",
        "Järjestöjen rooli palveluiden tuottajana ja kumppanina",
        "Asukkaiden osallisuus",
        "Kuntalaisaloitteet",
        "Osallistuva budjetointi",
        "Avustusten tilastot",
    ]


def test_a_deeper_line_without_a_bullet_continues_the_item():
    text = "• Yhteinen lista järjestöjen\n  toiminnasta ja\n  tapahtumista\n• Toinen"
    assert parse_bullets(text) == ["Yhteinen lista järjestöjen toiminnasta ja tapahtumista",
                                   "Toinen"]


def test_a_line_at_the_same_depth_without_a_bullet_is_a_new_item():
    assert parse_bullets("  - Yksi\n  Kaksi") == ["Yksi", "Kaksi"]


def test_tabs_count_as_indentation():
    assert parse_bullets("-\tYksi\n\tjatkuu") == ["Yksi jatkuu"]


def test_a_blank_line_ends_an_item():
    assert parse_bullets("- Yksi\n\n  Kaksi") == ["Yksi", "Kaksi"]


def test_empty_lines_and_lone_bullets_are_skipped():
    assert parse_bullets("\n\n-\n•\n   \n1.\n- Ainoa\n\r\n") == ["Ainoa"]


def test_windows_line_ends_and_non_breaking_spaces():
    assert parse_bullets("-\u00a0Yksi\r\n-\u00a0Kaksi\r\n") == ["Yksi", "Kaksi"]


@pytest.mark.parametrize("text", ["-5 % budjetista", "*huom* tärkeä", "1.5 miljoonaa euroa",
                                  "2023. vuoden avustukset", "PoPSTer-lausunto", "Braxin raportti"])
def test_text_that_only_looks_like_a_bullet_is_kept(text):
    assert parse_bullets(text) == [text]


def test_nothing_but_whitespace_gives_no_items():
    assert parse_bullets(" \n\t\n") == []


# --- properties --------------------------------------------------------------

# One line of item text: no line breaks, no surrounding space, not starting like a bullet.
item_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1,
    max_size=40,
).map(lambda s: " ".join(s.split())).filter(
    lambda s: s and parse_bullets(s) == [s]
)
bullets = st.sampled_from(["- ", "* ", "• ", "–", "1. ", "1) ", ""])


@given(st.lists(item_text, min_size=1, max_size=12), bullets, st.integers(0, 6))
def test_a_formatted_list_parses_back_to_its_items(items, bullet, indent):
    text = "\n".join(" " * indent + bullet + item for item in items)
    assert parse_bullets(text) == items


@given(st.text(max_size=300))
def test_items_are_single_trimmed_non_empty_lines(text):
    items = parse_bullets(text)
    assert all(item and item == item.strip() for item in items)
    assert all("\n" not in item and "\r" not in item for item in items)
    assert len(items) <= len([line for line in text.splitlines() if line.strip()])


@given(st.lists(item_text, min_size=1, max_size=6), st.lists(item_text, min_size=1, max_size=3))
def test_wrapped_lines_join_the_item_above(first, continuation):
    text = "- " + first[0] + "".join("\n    " + more for more in continuation)
    assert parse_bullets(text) == [" ".join([first[0], *continuation])]
