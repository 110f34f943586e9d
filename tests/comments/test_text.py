"""A comment's body is plain text: everything escaped, http(s) addresses as safe links."""

import pytest

from app.comments.text import render_body


def test_markup_is_shown_as_text():
    html = str(render_body('<script>alert("x")</script><b>bold</b>'))
    assert "<script>" not in html and "<b>" not in html
    assert html == "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;"


def test_htmx_attributes_stay_text():
    html = str(render_body('<button hx-post="/sessions/1/stage" hx-trigger="load">x</button>'))
    assert "<button" not in html
    assert 'hx-post="' not in html  # the quotes are escaped, so no attribute can form


def test_a_web_address_becomes_a_link_with_nofollow_ugc_noopener():
    html = str(render_body("Katso https://example.fi/sivu?a=1&b=2 ja www"))
    assert html == ('Katso <a href="https://example.fi/sivu?a=1&amp;b=2" '
                    'rel="nofollow ugc noopener">https://example.fi/sivu?a=1&amp;b=2</a> ja www')


@pytest.mark.parametrize("text", [
    "javascript:alert(1)",
    "JavaScript://%0Aalert(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox",
])
def test_other_schemes_never_become_links(text):
    assert "<a " not in str(render_body(text))


def test_an_address_hidden_after_javascript_is_not_a_javascript_link():
    html = str(render_body("javascript:http://example.fi/"))
    assert 'href="http://example.fi/"' in html
    assert 'href="javascript' not in html


def test_sentence_punctuation_stays_outside_the_link():
    html = str(render_body("Lähde: https://example.fi/a. (https://example.fi/b), "
                           "https://fi.wikipedia.org/wiki/Kunta_(Suomi)!"))
    assert 'href="https://example.fi/a"' in html
    assert 'href="https://example.fi/b"' in html
    assert 'href="https://fi.wikipedia.org/wiki/Kunta_(Suomi)"' in html
    assert "</a>!" in html


def test_a_quote_ends_an_address():
    html = str(render_body('https://example.fi/"onmouseover="alert(1)'))
    assert 'href="https://example.fi/"' in html
    assert "onmouseover=&#34;" in html
