"""Checksummed copy of the curated bundle from a mirror (or the source URL) into the ignored data folder."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ruraldash.core.provenance import Dataset

OK, COPIED, DOWNLOADED, MISMATCH, MISSING = "ok", "copied", "downloaded", "mismatch", "missing"


@dataclass(frozen=True)
class SyncResult:
    """What happened to one dataset; ``message`` is Dutch, for the terminal and the app."""

    dataset: Dataset
    state: str
    message: str

    @property
    def good(self) -> bool:
        """True when a verified copy is in place."""
        return self.state in (OK, COPIED, DOWNLOADED)


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB blocks."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _install(candidate: Path, target: Path, ds: Dataset) -> bool:
    """Move ``candidate`` onto ``target`` only when its checksum matches (atomic replace)."""
    if sha256_of(candidate) != ds.sha256:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(candidate, target)
    return True


def _temp_beside(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".sync-", dir=target.parent)
    os.close(fd)
    return Path(name)


def _from_mirror(ds: Dataset, mirror: Path, target: Path) -> SyncResult | None:
    src = mirror / ds.path
    if not src.is_file():
        return None
    tmp = _temp_beside(target)
    shutil.copyfile(src, tmp)
    if _install(tmp, target, ds):
        return SyncResult(ds, COPIED, f"gekopieerd uit {mirror}")
    tmp.unlink(missing_ok=True)
    keep = " (de goede kopie blijft staan)" if target.is_file() else ""
    return SyncResult(ds, MISMATCH, f"controlegetal klopt niet voor {src}: bestand geweigerd{keep}")


def _from_url(ds: Dataset, target: Path, timeout: float) -> SyncResult | None:
    if not ds.download_url:
        return None
    tmp = _temp_beside(target)
    try:
        with urllib.request.urlopen(ds.download_url, timeout=timeout) as resp, tmp.open("wb") as fh:  # noqa: S310
            shutil.copyfileobj(resp, fh)
    except (OSError, ValueError) as exc:
        tmp.unlink(missing_ok=True)
        return SyncResult(ds, MISSING, f"downloaden mislukt ({exc.__class__.__name__})")
    if _install(tmp, target, ds):
        return SyncResult(ds, DOWNLOADED, f"gedownload van {ds.download_url}")
    tmp.unlink(missing_ok=True)
    return SyncResult(ds, MISMATCH, "gedownload bestand heeft een ander controlegetal: geweigerd")


def sync_one(
    ds: Dataset, mirror: Path, dest: Path, download: bool = True, timeout: float = 20
) -> SyncResult:
    """Bring one dataset into ``dest`` with a verified checksum; never overwrite a good copy with a bad one.

    Parameters
    ----------
    ds : Dataset
        Manifest record.
    mirror : Path
        Folder laid out like the bundle (``../shared/data``).
    dest : Path
        The ignored ``data/`` folder.
    download : bool
        Fall back to ``ds.download_url`` when the mirror lacks the file.
    """
    target = dest / ds.path
    if target.is_file() and sha256_of(target) == ds.sha256:
        return SyncResult(ds, OK, "aanwezig, controlegetal klopt")
    result = _from_mirror(ds, mirror, target)
    if result is None and download:
        result = _from_url(ds, target, timeout)
    if result is not None:
        return result
    return SyncResult(ds, MISSING, f"niet gevonden in {mirror} en geen download-URL")


def sync_all(
    datasets: dict[str, Dataset], mirror: Path, dest: Path, download: bool = True
) -> list[SyncResult]:
    """Sync every dataset of the manifest (idempotent)."""
    return [sync_one(ds, mirror, dest, download) for ds in datasets.values()]


def verify_all(datasets: dict[str, Dataset], dest: Path) -> list[SyncResult]:
    """Re-check the checksums of the copies in ``dest`` without touching anything."""
    out = []
    for ds in datasets.values():
        target = dest / ds.path
        if not target.is_file():
            out.append(SyncResult(ds, MISSING, "ontbreekt: voer `ruraldash data sync` uit"))
        elif sha256_of(target) != ds.sha256:
            out.append(SyncResult(ds, MISMATCH, "controlegetal klopt niet: opnieuw synchroniseren"))
        else:
            out.append(SyncResult(ds, OK, "controlegetal klopt"))
    return out
