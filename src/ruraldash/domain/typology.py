"""Municipality types: the Plattelandsrapport rule (platteland / verstedelijkt / centrumstad) and groupings."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ruraldash.core.config import Settings
from ruraldash.data.atlas import Atlas
from ruraldash.data.atlas import load_atlas as _load_atlas

TYPES = ("platteland", "verstedelijkt", "centrumstad")
TYPOLOGIES = ("plattelandsrapport", "uitrusting", "vlaamse_rand", "province")


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

    Returns None when there is no file. Raises ValueError (Dutch) on unknown types or codes.
    """
    if not path.is_file():
        return None
    df = pd.read_csv(path, dtype=str, sep=None, engine="python")
    if not {"nis_code", "type"} <= set(df.columns):
        raise ValueError(f"{path.name}: kolommen nis_code en type verwacht")
    bad_types = sorted(set(df["type"]) - set(TYPES))
    if bad_types:
        raise ValueError(f"{path.name}: onbekend type {', '.join(bad_types)}")
    dupes = sorted(df.loc[df["nis_code"].duplicated(), "nis_code"].unique())
    if dupes:
        raise ValueError(f"{path.name}: NIS-code(s) meer dan eens: {', '.join(dupes[:5])}")
    series = df.set_index("nis_code")["type"].astype("string")
    unknown = sorted(set(series.index) - set(units))
    if unknown:
        raise ValueError(f"{path.name}: onbekende NIS-code(s) {', '.join(unknown[:5])}")
    absent = sorted(set(units) - set(series.index))
    if absent:
        raise ValueError(
            f"{path.name}: {len(absent)} gemeente(n) zonder type, o.a. {', '.join(absent[:5])}"
        )
    return series.reindex(units)


def counts(types: pd.Series) -> dict[str, int]:
    """Number of municipalities per type (all three types present, 0 when none)."""
    vc = types.value_counts()
    return {t: int(vc.get(t, 0)) for t in TYPES}


def assign(units: pd.DataFrame, border_set: str, settings: Settings) -> pd.DataFrame:
    """Add ``type`` and ``type_source`` to a border set's units (the official list wins when present).

    Parameters
    ----------
    units : DataFrame
        Indexed by nis_code, with ``density``, ``ruimtebeslag_proxy`` and ``centrumstad``.
    border_set : {"2019", "2025"}
    settings : Settings
        The ``[typology]`` section gives the thresholds and the path of an official list.
    """
    cfg = settings.section("typology")
    rule = plattelandsrapport(
        units["density"],
        units["ruimtebeslag_proxy"],
        units["centrumstad"],
        float(cfg.get("density_max", 350)),
        float(cfg.get("ruimtebeslag_max_pct", 30)),
    )
    official = None
    if border_set == "2019" and cfg.get("official_list"):
        official = read_official_list(settings.root / cfg["official_list"], units.index)
    units["type"] = official if official is not None else rule
    units["type_source"] = "official" if official is not None else "rule"
    return units


def load_atlas(settings: Settings) -> Atlas:
    """The atlas with municipality types: the front door for loading all data the app shows."""
    return _load_atlas(settings, typer=assign)
