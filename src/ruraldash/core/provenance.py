"""The committed manifest of the data bundle: one record per file (checksum, publisher, licence, year)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from ruraldash.core.i18n import t
from ruraldash.core.vocab import STATUSES  # noqa: F401 (re-exported; the registry is core.vocab)

"""``user``: a layer uploaded by the user in this session (shown as 'eigen gegevens')."""
STATUS_COLOURS = {
    "official": "#1b7837",
    "proxy": "#b35806",
    "derived": "#5e3c99",
    "low_confidence": "#b2182b",
    "approx": "#8c510a",
    "model": "#2166ac",
    "user": "#4d4d4d",
}
"""Badge colour per status (screen badges, print map, slides); white text passes 4.5:1 on each."""


@dataclass(frozen=True)
class Dataset:
    """One file of the bundle as described in ``data/sources.toml``."""

    id: str
    path: str
    sha256: str
    publisher: str
    title: str
    title_en: str
    url: str
    licence: str
    year: str
    border_set: str
    status: str
    caveat: str = ""
    caveat_en: str = ""
    download_url: str = ""
    reference: str | None = None
    reference_en: str = ""
    route: str = ""
    year_note: str = ""
    role: str = ""
    """``series``: a yearly series read by the pact monitor only (the atlas neither loads nor
    requires it, so the map pages still start when it has not been synced yet)."""
    licence_en: str = ""

    def licence_text(self, lang: str = "nl") -> str:
        """The licence note in the UI language (Dutch in the manifest, ``licence_en`` English)."""
        return self.licence_en if lang == "en" and self.licence_en else self.licence

    def label(self, lang: str = "nl") -> str:
        """Title in the UI language."""
        return self.title_en if lang == "en" and self.title_en else self.title

    def caveat_text(self, lang: str = "nl") -> str:
        """Caveat in the UI language (Dutch when no English text is given)."""
        return self.caveat_en if lang == "en" and self.caveat_en else self.caveat

    def when(self, lang: str = "nl", year: object = None) -> str:
        """The reference date shown after the publisher ("1 januari 2020"); ``year`` (an
        indicator's year) wins when it differs from the dataset's; "" when not known."""
        ref = self.reference_en if lang == "en" and self.reference_en else self.reference
        text = self.year if ref is None else ref  # no reference field: the year
        if year not in (None, "") and (str(year) != self.year or not text):
            text = str(year)
        return text if text[:4].isdigit() or (text and ref) else ""

    def origin(self, lang: str = "nl", year: object = None) -> str:
        """Original publisher and date first: "Statbel, 1 januari 2020", or, when the source does
        not state its year, "…, jaar niet vermeld in de bron (note)"."""
        when = self.when(lang, year)
        if when:
            return f"{self.publisher}, {when}"
        note = f" ({self.year_note})" if self.year_note else ""
        return f"{self.publisher}, {t('source_year_unknown', lang)}{note}"

    def route_text(self, lang: str = "nl") -> str:
        """How the file reached the bundle ("via robi-nordstardigital/…"), "" when direct."""
        return t("source_route", lang, route=self.route) if self.route else ""

    def source_line(self, lang: str = "nl", year: object = None) -> str:
        """Short attribution fit for a ministerial note: original publisher and date, title,
        licence (plain text: escape before HTML). The route (a republishing repository) is left
        out: the sources page shows it (:meth:`route_text`)."""
        return f"{self.origin(lang, year)}: {self.label(lang)}; {self.licence_text(lang)}"


class ManifestError(ValueError):
    """The manifest is malformed (missing field, duplicate id, unknown status)."""


def read_manifest(path: Path) -> dict[str, Dataset]:
    """Read the manifest into ``{dataset id: Dataset}``.

    Parameters
    ----------
    path : Path
        ``data/sources.toml``.

    Raises
    ------
    ManifestError
        On a missing field, a duplicate id or an unknown status.
    """
    records = tomllib.loads(path.read_text(encoding="utf-8")).get("dataset", [])
    out: dict[str, Dataset] = {}
    for rec in records:
        try:
            ds = Dataset(**rec)
        except TypeError as exc:
            raise ManifestError(f"manifest {path.name}: {exc}") from exc
        if ds.id in out:
            raise ManifestError(f"manifest {path.name}: dataset id {ds.id!r} appears twice")
        if ds.status not in STATUSES:
            raise ManifestError(f"manifest {path.name}: {ds.id}: unknown status {ds.status!r}")
        out[ds.id] = ds
    return out
