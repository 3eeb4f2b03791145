"""The "kopieer link" button: puts the address of the current view on the clipboard.

A small ``st.components.v2`` component (no iframe, public API) whose code is a static module
(``assets/copylink.js``, see :mod:`ruraldash.ui.jsmodule`): the page's own URL already holds the
whole view (``ui.state.sync_url`` writes it on every run), so the button copies
``window.location.href``. Where the Clipboard API is unavailable (an insecure context) it falls
back to a selected text field and ``document.execCommand("copy")``, and always shows the link.
"""

from __future__ import annotations

from functools import cache

from ruraldash.core.i18n import t
from ruraldash.render import staticgen
from ruraldash.ui import jsmodule


@cache
def _module_path() -> str:
    """Copy the button's JavaScript to ``static/gen/copylink-<hash>.js`` (once per process)."""
    return staticgen.copy_module()  # the same file `ruraldash data sync` writes


def copy_button(lang: str, key: str = "rd_copy_link") -> None:
    """A "kopieer link" button; after a click it says the link was copied, and shows it."""
    jsmodule.component("ruraldash_copy_link")(
        key=key,
        data={
            "module": f"{jsmodule.static_url()}/{_module_path()}",
            "label": t("px_copy_link", lang),
            "done": t("px_copy_done", lang),
            "failed": t("px_copy_failed", lang),
        },
    )
