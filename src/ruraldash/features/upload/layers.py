"""A user's own indicator: built from an upload report, and laid over the shared atlas per session.

:func:`to_layer` turns a good :class:`~ruraldash.features.upload.report.UploadReport` into a
:class:`UserLayer`; :func:`overlay` returns a new :class:`~ruraldash.data.atlas.Atlas` in which every
layer is an indicator (layer ``own``, status ``user``) with values on both border sets.
Saving and loading: :mod:`ruraldash.features.upload.store`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from ruraldash.core.fmt import day
from ruraldash.core.i18n import t
from ruraldash.core.provenance import Dataset
from ruraldash.data.atlas import Atlas
from ruraldash.data.catalog import Indicator
from ruraldash.data.indicators import TIDY_COLUMNS, Bundle
from ruraldash.features.upload.base import (
    ERROR,
    LIMITS,
    MERGE_RULES,
    POLARITIES,
    LayerError,
    Limits,
    Message,
    clean_text,
    make_message,
)
from ruraldash.features.upload.match import MatchResult
from ruraldash.features.upload.report import UploadReport

SAFE_ID = re.compile(r"eigen-[a-z0-9-]{1,60}")
YEARS = (1900, 2100)


@dataclass
class UserLayer:
    """A user's own indicator, ready for the map: values by NIS code of ``border_set``."""

    id: str
    label: str
    unit: str
    polarity: str
    facet: int
    border_set: str
    values: pd.Series
    source_note: str
    filename: str = ""
    created: str = ""
    year: str = ""  # the reference year the user gave ('' for layers saved before it was asked)


def check_layer_input(
    label: object,
    unit: object,
    polarity: object,
    facet: object,
    lang: str = "nl",
    limits: Limits = LIMITS,
) -> list[Message]:
    """Validate the form fields of a layer; an empty list means all is well (never raises)."""
    problems = []
    text = clean_text(label) if isinstance(label, str) else ""
    if not text:
        problems.append(make_message(ERROR, "label_empty", lang))
    elif len(text) > limits.max_label_length:
        problems.append(
            make_message(
                ERROR, "label_too_long", lang, length=len(text), max=limits.max_label_length
            )
        )
    if not isinstance(unit, str) or len(clean_text(unit)) > limits.max_unit_length:
        problems.append(make_message(ERROR, "unit_too_long", lang, max=limits.max_unit_length))
    if polarity not in POLARITIES:
        problems.append(make_message(ERROR, "polarity_invalid", lang))
    if isinstance(facet, bool) or not isinstance(facet, int) or not 1 <= facet <= 5:
        problems.append(make_message(ERROR, "facet_invalid", lang))
    return problems


def to_layer(
    report: UploadReport,
    value_column: str,
    label: str,
    unit: str,
    polarity: str,
    facet: int,
    merge: str | None = None,
    lang: str = "nl",
    today: date | None = None,
    year: object = "",
) -> UserLayer:
    """Turn a good report into a layer; raises :class:`LayerError` (Dutch messages) when invalid.

    Parameters
    ----------
    report : UploadReport
        From :func:`prepare_layer`; must be ``ok``.
    value_column : str
        One of ``report.value_columns``.
    label, unit, polarity, facet
        Name (≤ 80 characters, control characters removed, otherwise kept as typed: escape it
        when rendering), unit (≤ 20), one of :data:`POLARITIES`, facet 1..5.
    merge : {"sum", "mean"}, optional
        Needed when rows merge into one 2025 municipality. A merged municipality with a part
        missing from the file, or with a missing value, gets no value (NaN).
    year : str or int
        The year the figures are about (1900..2100), as the user gave it; required.
    """
    problems = check_layer_input(label, unit, polarity, facet, lang)
    year = clean_text(str(year or ""))
    if not (year.isdigit() and len(year) == 4 and YEARS[0] <= int(year) <= YEARS[1]):
        problems.append(make_message(ERROR, "year_invalid", lang, min=YEARS[0], max=YEARS[1]))
    if not report.ok:
        problems.append(make_message(ERROR, "report_not_ok", lang))
    elif value_column not in report.values:
        problems.append(make_message(ERROR, "unknown_column", lang, column=str(value_column)))
    elif (report.match.merged or merge is not None) and merge not in MERGE_RULES:
        problems.append(make_message(ERROR, "merge_choice_needed", lang))
    if problems:
        raise LayerError(problems)
    created = (today or date.today()).isoformat()
    label, unit = clean_text(label), clean_text(unit)
    values = _layer_values(report.match, report.values[value_column].values, merge)
    # the id changes with anything shown (label, unit, facet, values...): a changed layer is new
    fields = (
        label,
        unit,
        polarity,
        facet,
        report.target_border_set,
        report.filename,
        created,
        year,
    )
    digest = hashlib.sha1(f"{fields!r}|{values.to_json()}".encode()).hexdigest()
    return UserLayer(
        id=f"eigen-{_slug(label)}-{digest[:8]}",
        label=label,
        unit=unit,
        polarity=polarity,
        facet=facet,
        border_set=report.target_border_set,
        values=values,
        source_note=t(
            "upload_source_note", lang, filename=report.filename, date=day(created, lang)
        ),
        filename=report.filename,
        created=created,
        year=year,
    )


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:40].strip("-") or "laag"


def layer_values(report: UploadReport, column: str, merge: str | None = None) -> pd.Series:
    """The values of ``column`` that reach the map, by NIS code of the report's border set.

    Rows of a merged 2025 municipality are summed or averaged (``merge``); without a rule, or with
    a part missing, that municipality gets no value (NaN). Missing stays missing (NaN), never 0.
    """
    merge = merge if merge in MERGE_RULES else None
    values = _layer_values(report.match, report.values[column].values, merge)
    if merge is None and report.match.merged:
        values[values.index.isin(list(report.match.merged))] = math.nan
    return values


def _layer_values(match: MatchResult, values: pd.Series, merge: str | None) -> pd.Series:
    frame = pd.DataFrame({"code": match.codes, "value": values}).dropna(subset=["code"])
    whole = lambda s: s.agg(merge) if s.notna().all() else math.nan  # noqa: E731
    out = frame.groupby("code", sort=True)["value"].agg(whole if merge else "first")
    out[out.index.isin(list(match.merged_incomplete))] = math.nan
    out.index = out.index.astype(str)
    return out.rename_axis("nis_code").rename("value").astype("float64")


# ---------------------------------------------------------------------------------------- overlay
OWN_LAYER, USER_STATUS = "own", "user"


def indicator_id(layer: UserLayer) -> str:
    """The catalogue id of a layer: ``eigen_<slug>`` (``eigen-jobs-1a2b3c4d`` -> ``eigen_jobs_1a2b3c4d``)."""
    return layer.id.replace("-", "_")


def dataset_id(layer: UserLayer) -> str:
    """The pseudo dataset id of a layer: ``upload_<slug>``."""
    return "upload_" + indicator_id(layer).removeprefix("eigen_")


def guess_decimals(values: pd.Series) -> int:
    """0 for whole numbers, else the decimals the values need, at most 2."""
    finite = values[np.isfinite(values)]
    for decimals in (0, 1):
        if np.allclose(finite, finite.round(decimals), rtol=0, atol=1e-9):
            return decimals
    return 2


def _year(layer: UserLayer) -> str:
    """The reference year the user gave; for layers saved without one, the upload year."""
    if str(layer.year).isdigit():
        return str(layer.year)
    created = str(layer.created)[:4]
    return created if created.isdigit() else str(date.today().year)


def layer_indicator(layer: UserLayer) -> Indicator:
    """The catalogue entry of a layer (layer ``own``, status ``user``, rule ``none``)."""
    values = layer.values.astype("float64")
    signed = bool((values < 0).any() and (values > 0).any())
    texts = {
        lang: t("ul_definition", lang, date=_day(layer, lang))  # no file name: plain, safe text
        for lang in ("nl", "en")
    }
    return Indicator(
        id=indicator_id(layer),
        label_nl=layer.label,
        label_en=layer.label,
        definition_nl=texts["nl"],
        definition_en=texts["en"],
        unit=layer.unit,
        decimals=guess_decimals(values),
        facets=(layer.facet,),
        layer=OWN_LAYER,
        polarity=layer.polarity,
        kind="signed" if signed else "numeric",
        source=dataset_id(layer),
        year=_year(layer),
        status=USER_STATUS,
        rule="none",
        expr="value",
        native=layer.border_set,
    )


def _day(layer: UserLayer, lang: str) -> str:
    try:
        return day(layer.created, lang)
    except (ValueError, TypeError):
        return "—"


def layer_dataset(layer: UserLayer) -> Dataset:
    """The pseudo manifest record of a layer (publisher 'Eigen gegevens', licence '—')."""
    title = f"{layer.label} ({layer.filename})" if layer.filename else layer.label
    return Dataset(
        id=dataset_id(layer),
        path="",
        sha256="",
        publisher=t("ul_publisher", "nl"),
        title=title,
        title_en=title,
        url="",
        licence="—",
        year=_year(layer),
        border_set=layer.border_set,
        status=USER_STATUS,
        caveat=t("ul_caveat", "nl"),
        caveat_en=t("ul_caveat", "en"),
    )


def other_border_set(values: pd.Series, bundle: Bundle, target: str) -> pd.DataFrame:
    """A layer's values on the other border set: unmerged municipalities carry over unchanged.

    A merged 2025 municipality gets no value (``not_convertible``: nothing says whether the
    parts add up); an old municipality that merged cannot be split from its 2025 value
    (``no_split``). Indexed by nis_code; columns value, approx, missing_reason.
    """
    pairs = bundle.one_to_one()
    if target == "2025":
        codes = pd.Index(bundle.groups().index, name="nis_code")
        carried = pairs.set_index("nis_code_2025")["nis_code_2019_2024"]
        reason = "not_convertible"
    else:
        codes = pd.Index(bundle.mapping["nis_code_2019_2024"], name="nis_code")
        carried = pairs.set_index("nis_code_2019_2024")["nis_code_2025"]
        reason = "no_split"
    unmerged = codes.isin(carried.index)
    out = pd.DataFrame(index=codes)
    out["value"] = codes.map(carried).map(values).astype("float64")
    out["approx"] = False
    out["missing_reason"] = np.where(unmerged, "not_in_source", reason)
    return out


def layer_tidy(layer: UserLayer, bundle: Bundle, ind: Indicator) -> pd.DataFrame:
    """The tidy rows of a layer on both border sets (missing values keep their reason)."""
    native = layer.border_set
    other = "2025" if native == "2019" else "2019"
    own = pd.Index(bundle.geometry[native]["nis_code"].astype(str), name="nis_code")
    values = layer.values.astype("float64")
    frames = {
        native: pd.DataFrame(
            {"value": values.reindex(own), "approx": False, "missing_reason": "not_in_source"},
            index=own,
        ),
        other: other_border_set(values, bundle, other),
    }
    parts = []
    for bs, frame in frames.items():
        part = frame.reset_index()
        part["border_set"], part["indicator"], part["year"] = bs, ind.id, int(ind.year)
        parts.append(part)
    tidy = pd.concat(parts, ignore_index=True)
    tidy["missing_reason"] = tidy["missing_reason"].where(tidy["value"].isna(), "")
    return tidy[TIDY_COLUMNS]


def overlay(atlas: Atlas, layers: Sequence[UserLayer]) -> Atlas:
    """A NEW atlas with each layer as an indicator of theme 'Eigen gegevens'; ``atlas`` is untouched.

    Parameters
    ----------
    atlas : Atlas
        The shared atlas (shared by all sessions: never mutated).
    layers : sequence of UserLayer
        This session's layers; a later layer with the same id replaces an earlier one.

    Returns
    -------
    Atlas
        With one :class:`~ruraldash.data.catalog.Indicator` (``eigen_<slug>``), one pseudo
        :class:`~ruraldash.core.provenance.Dataset` (``upload_<slug>``) and tidy rows on both border
        sets per layer. Labels are kept as typed: renderers escape them.
    """
    catalogue, datasets = dict(atlas.catalogue), dict(atlas.datasets)
    parts = {}
    for layer in layers:
        ind = layer_indicator(layer)
        catalogue[ind.id], datasets[ind.source] = ind, layer_dataset(layer)
        parts[ind.id] = layer_tidy(layer, atlas.bundle, ind)
    if not parts:
        return atlas
    old = atlas.tidy[~atlas.tidy["indicator"].isin(list(parts))]
    tidy = pd.concat([old, *parts.values()], ignore_index=True).astype(atlas.tidy.dtypes.to_dict())
    return dataclasses.replace(atlas, catalogue=catalogue, datasets=datasets, tidy=tidy)
