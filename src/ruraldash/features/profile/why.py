""" "Waarom platteland?": one municipality's density and (calibrated) ruimtebeslag against the
thresholds of the Plattelandsrapport rule, which condition decides and how close it is. Pure text.
"""

from __future__ import annotations

from dataclasses import dataclass

from ruraldash.core.fmt import number
from ruraldash.core.i18n import t
from ruraldash.data.atlas import Atlas
from ruraldash.domain import typology
from ruraldash.features.typenote import rule_kind, typology_status


@dataclass(frozen=True)
class Why:
    """The explanation as display text: a title, one line per input, the verdict, notes."""

    title: str
    lines: tuple[str, ...]
    verdict: str
    notes: tuple[str, ...]

    def one_line(self) -> str:
        """Everything in one paragraph (the PDF briefing)."""
        return " ".join((self.verdict, *self.lines, *self.notes))


def _gap(margin: float | None, decimals: int, unit_key: str, lang: str) -> str:
    if margin is None:
        return t("no_data", lang)
    if margin == 0:
        return t("why_at", lang)
    key = "why_under" if margin < 0 else "why_over"
    return t(key, lang, gap=number(abs(margin), decimals, lang), unit=t(unit_key, lang))


def _verdict(reason: typology.RuralReason, lang: str) -> str:
    if reason.centrumstad:
        return t("why_verdict_centre", lang)
    if reason.rural is None:
        return t("why_verdict_unknown", lang)
    if not reason.rural:
        return t("why_verdict_urban", lang)
    return t("why_verdict_" + "_".join(reason.deciding), lang)


def why(atlas: Atlas, nis: str, border_set: str, lang: str = "nl") -> Why:
    """Why the rule makes ``nis`` rural or not, on the inputs of the default typology."""
    units, cfg = atlas.units(border_set), atlas.settings.section("typology")
    unit = units.loc[nis]
    column = (
        "ruimtebeslag_calibrated" if "ruimtebeslag_calibrated" in units else "ruimtebeslag_proxy"
    )
    d_max = float(cfg.get("density_max", 350))
    r_max = float(cfg.get("ruimtebeslag_max_pct", 30))
    reason = typology.why_rural(unit["density"], unit[column], unit["centrumstad"], d_max, r_max)
    cat = atlas.catalogue
    d_ind, r_ind = (
        cat.get(cfg.get(f"density_{border_set}", "")),
        cat.get(cfg.get("ruimtebeslag_proxy", "")),
    )
    status = t(f"status_{typology_status(atlas, border_set)}", lang)
    if rule_kind(atlas, border_set) == "official":
        status = (
            t("status_model", lang)
            if column == "ruimtebeslag_calibrated"
            else t("status_proxy", lang)
        )
    density = t(
        "why_density",
        lang,
        year=d_ind.year if d_ind else "",
        value=number(reason.density, 0, lang),
        limit=number(d_max, 0, lang),
        gap=_gap(reason.density_margin, 0, "why_unit_density", lang),
    )
    land = t(
        "why_ruimtebeslag",
        lang,
        year=r_ind.year if r_ind else "",
        status=status,
        value=number(reason.ruimtebeslag, 1, lang),
        limit=number(r_max, 0, lang),
        gap=_gap(reason.ruimtebeslag_margin, 1, "why_unit_pp", lang),
    )
    factor = typology.calibration_of(units, atlas.settings).factor
    if column == "ruimtebeslag_calibrated" and factor != 1.0 and reason.ruimtebeslag is not None:
        land += " " + t(
            "why_scaled",
            lang,
            raw=number(unit["ruimtebeslag_proxy"], 1, lang),
            factor=number(factor, 3, lang),
        )
    notes = []
    if reason.borderline:
        notes.append(t("why_borderline", lang))
    if rule_kind(atlas, border_set) == "official":
        notes.append(t("why_official", lang))
    return Why(t("why_title", lang), (density, land), _verdict(reason, lang), tuple(notes))
