"""The one line that travels with every use of a municipality type: which typology, its status and
its counts next to the official 140 / 147 / 13.

Every page, caption and export that shows a type calls :func:`typology_note` (pure text, no streamlit).
"""

from __future__ import annotations

import pandas as pd

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.core.memo import Memo
from ruraldash.core.vocab import DEFAULT_TYPOLOGY
from ruraldash.data.atlas import Atlas
from ruraldash.domain import typology

DEFAULT = DEFAULT_TYPOLOGY
"""The default typology: the Plattelandsrapport rule on the calibrated proxy (or the official list)."""


def rule_kind(atlas: Atlas, border_set: str, which: str = DEFAULT) -> str:
    """``official``, ``calibrated``, ``rule`` (raw proxy) or the PinC typology name."""
    if which == "plattelandsrapport_proxy":
        return "rule"
    if which != DEFAULT:
        return which
    sources = set(atlas.units(border_set)["type_source"])
    return "official" if sources == {"official"} else next(iter(sources - {"official"}), "rule")


def typology_status(atlas: Atlas, border_set: str, which: str = DEFAULT) -> str:
    """Status badge of the typology: ``official``, ``model`` (calibrated) or ``proxy`` (raw)."""
    kind = rule_kind(atlas, border_set, which)
    return {"official": "official", "calibrated": "model", "rule": "proxy"}.get(kind, "official")


def short_counts(types: pd.Series) -> str:
    """``139/148/13``: platteland / verstedelijkt / centrumstad."""
    c = typology.counts(types)
    return "/".join(str(c[k]) for k in typology.TYPES)


def _official_counts(atlas: Atlas) -> str:
    official = dict(atlas.settings.section("typology").get("official_counts", {}))
    return "/".join(str(official.get(k, "?")) for k in typology.TYPES)


def typology_note(atlas: Atlas, border_set: str, lang: str, typology: str = DEFAULT) -> str:
    """The typology behind the types shown, with its status and counts, as one line, e.g.
    "Type: Plattelandsrapport-regel, gekalibreerde benadering (139/148/13; officieel 140/147/13) ·
    status: model".

    Parameters
    ----------
    atlas : Atlas
    border_set : {"2019", "2025"}
    lang : {"nl", "en"}
    typology : str
        A typology of the registry (:data:`ruraldash.core.vocab.TYPOLOGIES`).
    """
    key = (id(atlas), border_set, lang, typology)
    return _NOTES.get(key, (atlas,), lambda: _note(atlas, border_set, lang, typology))


_NOTES = Memo(32)
"""One note per atlas, border set, language and typology (counting 300 types took ~1 ms a rerun)."""


def _note(atlas: Atlas, border_set: str, lang: str, typology: str) -> str:
    kind = rule_kind(atlas, border_set, typology)
    status = t(f"status_{typology_status(atlas, border_set, typology)}", lang)
    if kind in ("uitrusting", "vlaamse_rand"):
        name = t(f"tn_name_{kind}_{border_set}", lang)
        return t("tn_note_pinc", lang, name=name, status=status)
    units = atlas.units(border_set)
    column = "type_raw" if kind == "rule" and "type_raw" in units else "type"
    key = "tn_counts_2025" if border_set == "2025" else "tn_counts_2019"
    counts = t(key, lang, ours=short_counts(units[column]), official=_official_counts(atlas))
    if kind == "official":  # the list itself: its own counts only
        counts = short_counts(units[column])
    return t("tn_note", lang, name=t(f"tn_name_{kind}", lang), counts=counts, status=status)


def typology_method(atlas: Atlas, border_set: str, lang: str) -> str:
    """One or two sentences on how the default type is made: the rule, the proxy, the calibration
    factor and its anchor (or that the official list is used)."""
    cfg = atlas.settings.section("typology")
    d = number(float(cfg.get("density_max", 350)), 0, lang)
    r = number(float(cfg.get("ruimtebeslag_max_pct", 30)), 0, lang)
    kind = rule_kind(atlas, border_set)
    if kind == "official":
        return t("tn_method_official", lang, d=d, r=r)
    if kind != "calibrated":
        return t("tn_method_raw", lang, d=d, r=r)
    cal = typology.calibration_of(atlas.units(border_set), atlas.settings)
    return t(
        "tn_method_calibrated",
        lang,
        d=d,
        r=r,
        proxy=number(cal.proxy_pct, 2, lang),
        anchor=number(cal.anchor_pct, 0, lang),
        factor=number(cal.factor, 3, lang),
        source=cal.source,
    )
