"""Every text/background pair of the design tokens meets WCAG AA, computed from the CSS
itself (the WCAG 2.1 formula), for Yhdessä's own colours and for a branded organisation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.branding.colours import AA_TEXT, AA_UI, brand_tokens, contrast, judge, passes

TOKENS_CSS = Path(__file__).resolve().parents[1] / "app" / "static" / "css" / "tokens.css"
SEMANTIC = ("success", "warning", "error", "info")


def root_colours(css: str) -> dict[str, str]:
    """The colour custom properties of the first :root block."""
    block = re.search(r":root\s*\{(.*?)\n\}", css, re.S).group(1)
    return {name: value.lower() for name, value in
            re.findall(r"(--color-[\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", block)}


def text_tokens(colours: dict[str, str]) -> list[str]:
    names = [n for n in colours if n.startswith("--color-text")]
    names += ["--color-brand", "--color-brand-dark"]
    names += [f"--color-{meaning}" for meaning in SEMANTIC]
    return names


def background_tokens(colours: dict[str, str]) -> list[str]:
    return [n for n in colours if n in ("--color-bg", "--color-brand-tint")
            or n.startswith("--color-surface") or n.endswith("-bg")]


def failing_pairs(colours: dict[str, str]) -> list[str]:
    failures = []
    for text in text_tokens(colours):
        for background in background_tokens(colours):
            ratio = contrast(colours[text], colours[background])
            if ratio < AA_TEXT:
                failures.append(f"{text} on {background}: {ratio:.2f}")
    for name in colours:
        if name.startswith("--color-on-"):
            base = "--color-" + name.removeprefix("--color-on-")
            ratio = contrast(colours[name], colours[base])
            if ratio < AA_TEXT:
                failures.append(f"{name} on {base}: {ratio:.2f}")
    for part in ("--color-border", "--color-focus-ring"):
        for background in background_tokens(colours):
            ratio = contrast(colours[part], colours[background])
            if ratio < AA_UI:
                failures.append(f"{part} against {background}: {ratio:.2f}")
    return failures


@pytest.fixture(scope="module")
def colours() -> dict[str, str]:
    return root_colours(TOKENS_CSS.read_text())


def test_the_token_file_has_the_colours_the_test_reads(colours):
    assert len(text_tokens(colours)) >= 8 and len(background_tokens(colours)) >= 7
    assert all(name in colours for name in text_tokens(colours))
    assert "--color-on-brand" in colours and "--color-border" in colours


def test_every_text_and_background_pair_meets_aa(colours):
    assert failing_pairs(colours) == []


def test_the_check_finds_a_pale_colour():
    broken = root_colours(TOKENS_CSS.read_text()) | {"--color-text-muted": "#9aa0a6"}
    assert any(failure.startswith("--color-text-muted on --color-bg") for failure in
               failing_pairs(broken))


@pytest.mark.parametrize("brand", ["#0a4b8c", "#7a2f8f", "#2a6f97", "#1b6133", "#000000"])
def test_a_branded_organisation_keeps_every_pair_aa(colours, brand):
    assert passes(brand)
    assert failing_pairs(colours | brand_tokens(brand)) == []


def test_the_brand_served_to_the_demo_organisation_passes(colours):
    from seeds.demo import DEMO_BRAND_COLOUR

    assert failing_pairs(colours | brand_tokens(DEMO_BRAND_COLOUR)) == []


@given(st.from_regex(r"#[0-9a-f]{6}", fullmatch=True))
def test_a_refused_colour_gets_a_suggestion_that_passes_every_pair(brand):
    colours = root_colours(TOKENS_CSS.read_text())
    verdict = judge(brand)
    chosen = brand if verdict.ok else verdict.suggestion
    assert failing_pairs(colours | brand_tokens(chosen)) == []
