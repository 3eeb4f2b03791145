"""HTML the app builds, from Jinja2 templates with autoescape (``render/templates/*.html``).

Every value put into a template is escaped unless a template marks it safe on purpose (a data URI
built here, the page-fitting script); templates call the locale service for their words:
``t(key, **values)``, ``label(key, default)``, ``number(value, decimals, unit)`` and ``day(value)``,
all in the template's ``lang``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ruraldash.core import locale

FOLDER = Path(__file__).with_name("templates")


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The one Jinja2 environment: autoescape for .html, undefined names fail loudly."""
    return Environment(
        loader=FileSystemLoader(FOLDER),
        autoescape=select_autoescape(["html", "htm", "xml", "svg"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,  # the files do not change while the app runs: no stat on every render
    )


def render(template: str, lang: str = "nl", **context: object) -> str:
    """Render ``template`` in ``lang`` with the locale helpers bound to that language."""

    def t(key: str, **values: object) -> str:
        return locale.t(key, lang, **values)

    def label(key: str, default: str | None = None) -> str:
        return locale.label(key, lang, default)

    def number(value: object, decimals: int = 0, unit: str | None = None) -> str:
        return locale.number(value, decimals, lang, unit)

    def day(value: object) -> str:
        try:
            return locale.day(value, lang)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return str(value)

    helpers = {"t": t, "label": label, "number": number, "day": day, "lang": lang}
    return environment().get_template(template).render(**helpers, **context)


def snippet(name: str, lang: str = "nl", **context: object) -> Markup:
    """A one-line HTML snippet (``templates/snippets/<name>.html``) for ``st.markdown``, marked safe
    because the template escaped every value in it."""
    return Markup(render(f"snippets/{name}.html", lang, **context).strip())
