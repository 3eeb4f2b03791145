"""HTML from templates: every value escaped by Jinja2's autoescape, links only to http(s) sources."""

from __future__ import annotations

from markupsafe import Markup

from ruraldash.render.templates import snippet


def _footer(**changes):
    values = dict(
        origin="Statbel <2024>",
        url="https://statbel.fgov.be/?a=1&b=2",
        dataset_label="Bevolking & gezinnen",
        route="",
        licence="CC BY 4.0",
        badge="",
        n_approx=0,
        approx_badge="",
        caveat="",
    )
    return str(snippet("footer", "nl", **(values | changes)))


def test_footer_escapes_source_texts_and_keeps_the_link():
    html = _footer(caveat="<script>alert(1)</script>")
    assert "Statbel &lt;2024&gt;" in html and "Bevolking &amp; gezinnen</a>" in html
    assert "href='https://statbel.fgov.be/?a=1&amp;b=2'" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "\n" not in html  # one line: Streamlit's Markdown sees no paragraph break


def test_footer_links_only_to_web_sources():
    assert "<a " not in _footer(url="javascript:alert(1)", dataset_label="eigen upload")
    assert "<a " not in _footer(url="")


def test_a_badge_is_inserted_as_html_only_when_built_by_a_template():
    badge = snippet("badge", "en", status="proxy", colour="#b35806")
    assert "<span class='rd-badge'" in _footer(badge=badge)
    assert "&lt;span" in _footer(badge=Markup.escape("<span>"))
    assert "&lt;b&gt;" in _footer(badge="<b>")  # a plain string is text, never markup
