"""Municipality types: the Plattelandsrapport rule (platteland / verstedelijkt / centrumstad) and groupings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ruraldash.core.config import Settings
from ruraldash.core.locale import LocalisedError
from ruraldash.core.vocab import MUNICIPALITY_TYPES
from ruraldash.data.atlas import Atlas
from ruraldash.data.atlas import load_atlas as _load_atlas

TYPES = MUNICIPALITY_TYPES
BORDERLINE_PP = 2.0
"""Within this many percentage points of the ruimtebeslag threshold a case is called borderline."""
BORDERLINE_DENSITY = 0.1
"""Within this share (10 %) of the density threshold a case is called borderline."""


class TypologyError(LocalisedError, ValueError):
    """The official type list cannot be used (columns, types or codes); ``key`` and values say why."""


@dataclass(frozen=True)
class Calibration:
    """How the cadastral proxy is scaled to the official Flemish ruimtebeslag.

    Attributes
    ----------
    anchor_pct : float or None
        Official Flemish ruimtebeslag (config ``ruimtebeslag_anchor_pct``); None: no calibration.
    proxy_pct : float
        The proxy for Flanders as a whole: sum of proxy areas / sum of total areas × 100.
    factor : float
        ``anchor_pct / proxy_pct`` (1.0 without an anchor).
    source : str
        Where the anchor comes from (config ``ruimtebeslag_anchor_source``).
    """

    anchor_pct: float | None
    proxy_pct: float
    factor: float
    source: str = ""


def calibration(
    proxy_pct: pd.Series, area: pd.Series, anchor_pct: float | None, source: str = ""
) -> Calibration:
    """Derive the factor that scales the proxy so that Flanders as a whole matches the anchor.

    Parameters
    ----------
    proxy_pct : Series
        Proxy share per municipality (%), indexed by nis_code.
    area : Series
        Total area per municipality (same unit for all), the proxy's denominator.
    anchor_pct : float or None
        The official Flemish figure; None or a missing area gives factor 1.0.

    Notes
    -----
    The Flemish proxy is the area-weighted mean of the municipal shares, i.e. the sum of the proxy
    areas over the sum of the total areas (municipalities missing either are left out).
    """
    both = proxy_pct.notna() & area.notna() & (area > 0)
    total = float(area[both].sum())
    flemish = float((proxy_pct[both] * area[both]).sum() / total) if total else float("nan")
    if anchor_pct is None or not flemish or pd.isna(flemish):
        return Calibration(None, flemish, 1.0, source)
    return Calibration(float(anchor_pct), flemish, float(anchor_pct) / flemish, source)


def plattelandsrapport(
    density: pd.Series,
    ruimtebeslag: pd.Series,
    centrumstad: pd.Series,
    density_max: float = 350.0,
    ruimtebeslag_max: float = 30.0,
) -> pd.Series:
    """Apply the VLM Plattelandsrapport rule.

    A centrumstad is its own type; otherwise a municipality is ``platteland`` if its density is at most
    ``density_max`` inh/km² OR its ruimtebeslag is at most ``ruimtebeslag_max`` %, else ``verstedelijkt``.
    A municipality missing both inputs (and not a centrumstad) gets no type (``<NA>``): never guessed.

    Parameters
    ----------
    density, ruimtebeslag, centrumstad : Series
        Indexed by nis_code; ``centrumstad`` is boolean.
    """
    rural = (density <= density_max) | (ruimtebeslag <= ruimtebeslag_max)
    known = density.notna() | ruimtebeslag.notna()
    # one known input below its threshold suffices; with one input missing and the other above, unknown
    decided = rural | (density.notna() & ruimtebeslag.notna())
    out = pd.Series(pd.NA, index=density.index, dtype="string")
    out[known & decided] = "verstedelijkt"
    out[rural.fillna(False)] = "platteland"
    out[centrumstad.reindex(density.index).fillna(False).astype(bool)] = "centrumstad"
    return out


def read_official_list(path: Path, units: pd.Index) -> pd.Series | None:
    """Read an official (nis_code, type) CSV when it exists; codes must cover ``units``.

    Returns None when there is no file. Raises :class:`TypologyError` (a ValueError) on unknown
    types or codes.
    """
    if not path.is_file():
        return None
    df = pd.read_csv(path, dtype=str, sep=None, engine="python")
    if not {"nis_code", "type"} <= set(df.columns):
        raise TypologyError("typology_err_columns", file=path.name)
    bad_types = sorted(set(df["type"]) - set(TYPES))
    if bad_types:
        raise TypologyError("typology_err_type", file=path.name, values=", ".join(bad_types))
    dupes = sorted(df.loc[df["nis_code"].duplicated(), "nis_code"].unique())
    if dupes:
        raise TypologyError("typology_err_duplicate", file=path.name, values=", ".join(dupes[:5]))
    series = df.set_index("nis_code")["type"].astype("string")
    unknown = sorted(set(series.index) - set(units))
    if unknown:
        raise TypologyError("typology_err_code", file=path.name, values=", ".join(unknown[:5]))
    absent = sorted(set(units) - set(series.index))
    if absent:
        values = ", ".join(absent[:5])
        raise TypologyError("typology_err_absent", file=path.name, n=len(absent), values=values)
    return series.reindex(units)


def counts(types: pd.Series) -> dict[str, int]:
    """Number of municipalities per type (all three types present, 0 when none)."""
    vc = types.value_counts()
    return {t: int(vc.get(t, 0)) for t in TYPES}


def calibration_of(units: pd.DataFrame, settings: Settings) -> Calibration:
    """The calibration of a border set's units (``ruimtebeslag_proxy`` and ``ruimtebeslag_area``)
    with the anchor of the ``[typology]`` settings."""
    cfg = settings.section("typology")
    anchor = cfg.get("ruimtebeslag_anchor_pct")
    area = units["ruimtebeslag_area"] if "ruimtebeslag_area" in units else pd.Series(dtype=float)
    return calibration(
        units["ruimtebeslag_proxy"],
        area.reindex(units.index),
        None if anchor in (None, "") else float(anchor),
        str(cfg.get("ruimtebeslag_anchor_source", "")),
    )


def assign(units: pd.DataFrame, border_set: str, settings: Settings) -> pd.DataFrame:
    """Add the types to a border set's units: ``type`` (official list when present, else the rule on
    the calibrated proxy), ``type_source`` (``official`` / ``calibrated`` / ``rule``), ``type_raw``
    (the rule on the raw proxy) and ``ruimtebeslag_calibrated``.

    Parameters
    ----------
    units : DataFrame
        Indexed by nis_code, with ``density``, ``ruimtebeslag_proxy``, ``centrumstad`` and
        (for the calibration) ``ruimtebeslag_area``.
    border_set : {"2019", "2025"}
    settings : Settings
        The ``[typology]`` section gives the thresholds, the calibration anchor and the path of an
        official list.
    """
    cfg = settings.section("typology")
    cal = calibration_of(units, settings)
    units["ruimtebeslag_calibrated"] = units["ruimtebeslag_proxy"] * cal.factor

    def rule(ruimtebeslag: pd.Series) -> pd.Series:
        return plattelandsrapport(
            units["density"],
            ruimtebeslag,
            units["centrumstad"],
            float(cfg.get("density_max", 350)),
            float(cfg.get("ruimtebeslag_max_pct", 30)),
        )

    units["type_raw"] = rule(units["ruimtebeslag_proxy"])
    units["type_calibrated"] = rule(units["ruimtebeslag_calibrated"])
    official = None
    if border_set == "2019" and cfg.get("official_list"):
        official = read_official_list(settings.root / cfg["official_list"], units.index)
    if official is not None:
        units["type"], units["type_source"] = official, "official"
    else:
        units["type"] = units["type_calibrated"]
        units["type_source"] = "calibrated" if cal.anchor_pct is not None else "rule"
    return units


def load_atlas(settings: Settings) -> Atlas:
    """The atlas with municipality types: the front door for loading all data the app shows."""
    return _load_atlas(settings, typer=assign)


@dataclass(frozen=True)
class RuralReason:
    """Why the rule makes a municipality rural or not: each input against its threshold.

    Attributes
    ----------
    density, ruimtebeslag : float or None
        The inputs (inh/km², %), None when missing.
    density_max, ruimtebeslag_max : float
        The thresholds.
    centrumstad : bool
        A centrumstad is its own type, whatever the inputs.
    rural : bool or None
        The rule's verdict (None when the inputs cannot decide).
    deciding : tuple of str
        For a rural municipality the condition(s) met (``density``, ``ruimtebeslag``); for an
        urbanised one both (neither is met).
    borderline : bool
        A small change in a deciding input would change the verdict (see :data:`BORDERLINE_PP`,
        :data:`BORDERLINE_DENSITY`).
    """

    density: float | None
    ruimtebeslag: float | None
    density_max: float
    ruimtebeslag_max: float
    centrumstad: bool
    rural: bool | None
    deciding: tuple[str, ...]
    borderline: bool

    @property
    def density_margin(self) -> float | None:
        """Density minus its threshold (negative: under the threshold)."""
        return None if self.density is None else self.density - self.density_max

    @property
    def ruimtebeslag_margin(self) -> float | None:
        """Ruimtebeslag minus its threshold in percentage points (negative: under it)."""
        return None if self.ruimtebeslag is None else self.ruimtebeslag - self.ruimtebeslag_max


def _near(name: str, margin: float | None, threshold: float) -> bool:
    if margin is None:
        return False
    limit = BORDERLINE_PP if name == "ruimtebeslag" else BORDERLINE_DENSITY * threshold
    return abs(margin) <= limit


def why_rural(
    density: float | None,
    ruimtebeslag: float | None,
    centrumstad: bool,
    density_max: float = 350.0,
    ruimtebeslag_max: float = 30.0,
) -> RuralReason:
    """Explain the Plattelandsrapport rule for one municipality (see :func:`plattelandsrapport`).

    Borderline: a rural municipality whose every met condition lies within the margin of its
    threshold, or an urbanised one with an input within the margin above its threshold.
    """
    d = None if density is None or pd.isna(density) else float(density)
    r = None if ruimtebeslag is None or pd.isna(ruimtebeslag) else float(ruimtebeslag)
    met = tuple(
        name
        for name, value, limit in (
            ("density", d, density_max),
            ("ruimtebeslag", r, ruimtebeslag_max),
        )
        if value is not None and value <= limit
    )
    rural = True if met else (False if d is not None and r is not None else None)
    deciding = met if met else ("density", "ruimtebeslag")
    margins = {"density": (d, density_max), "ruimtebeslag": (r, ruimtebeslag_max)}
    near = {n: _near(n, None if v is None else v - lim, lim) for n, (v, lim) in margins.items()}
    if rural:
        borderline = all(near[n] for n in met)
    else:
        borderline = rural is False and any(near.values())
    return RuralReason(d, r, density_max, ruimtebeslag_max, bool(centrumstad), rural, deciding,
                       borderline and not centrumstad)  # fmt: skip
