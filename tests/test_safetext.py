"""User text made inert for Markdown and for raw HTML (session titles, notes, URL notices)."""

from __future__ import annotations

from ruraldash.core.safetext import inert_html, inert_markdown


def test_a_title_in_raw_html_shows_no_markdown_backslashes():
    """Walked: the notes heading read "Walk\\-test 2 atelier"."""
    assert inert_html("Walk-test 2 atelier (Voeren)") == "Walk-test 2 atelier (Voeren)"


def test_raw_html_text_is_escaped_without_bidi_or_links():
    shown = inert_html("<b>x</b> \u202egnp.exe www.example.org")
    assert "<b>" not in shown and "&lt;b&gt;" in shown
    assert "\u202e" not in shown
    assert "www.example" not in shown  # a word joiner keeps it from becoming a link


def test_markdown_text_keeps_its_escapes():
    assert inert_markdown("a*b*") == "a\\*b\\*"
