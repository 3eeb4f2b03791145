"""Checksummed sync of the bundle: copy, verify, refuse bad files, never overwrite a good copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from ruraldash.core import sync
from ruraldash.core.provenance import ManifestError, read_manifest
from tests.factories import manifest_record, sha256_text, write_tables


@pytest.fixture
def dest(tmp_path) -> Path:
    return tmp_path / "data"


def _states(results) -> dict[str, str]:
    return {r.dataset.id: r.state for r in results}


def _leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob(".sync-*")]


def test_sync_copies_every_file_with_its_checksum(mini_datasets, mini_mirror, dest):
    results = sync.sync_all(mini_datasets, mini_mirror, dest, download=False)
    assert set(_states(results).values()) == {sync.COPIED}
    assert all(r.good for r in results)
    for ds in mini_datasets.values():
        assert (dest / ds.path).read_bytes() == (mini_mirror / ds.path).read_bytes()
        assert sync.sha256_of(dest / ds.path) == ds.sha256


def test_second_sync_is_idempotent(mini_datasets, mini_mirror, dest):
    sync.sync_all(mini_datasets, mini_mirror, dest, download=False)
    again = sync.sync_all(mini_datasets, mini_mirror, dest, download=False)
    assert set(_states(again).values()) == {sync.OK}


def test_wrong_checksum_in_mirror_is_refused(mini_datasets, mini_mirror, dest):
    sync.sync_all(mini_datasets, mini_mirror, dest, download=False)
    ds = mini_datasets["population_2020"]
    good = (dest / ds.path).read_bytes()
    (mini_mirror / ds.path).write_text("nis_code,population\n11001,999999\n", encoding="utf-8")
    result = sync.sync_one(ds, mini_mirror, dest, download=False)
    assert result.state == sync.OK  # the good local copy is kept; the bad mirror is not even read
    assert (dest / ds.path).read_bytes() == good

    (dest / ds.path).write_bytes(good.replace(b"1000", b"1001"))  # now the local copy is bad too
    result = sync.sync_one(ds, mini_mirror, dest, download=False)
    assert result.state == sync.MISMATCH and not result.good
    assert "geweigerd" in result.message
    assert b"999999" not in (dest / ds.path).read_bytes()  # the bad mirror file never landed
    assert _leftovers(dest) == []


def test_bad_mirror_file_does_not_replace_a_good_copy(mini_datasets, mini_mirror, dest, tmp_path):
    """A manifest update whose mirror file is wrong: the old good copy stays byte for byte."""
    sync.sync_all(mini_datasets, mini_mirror, dest, download=False)
    ds = mini_datasets["landuse_2015"]
    before = (dest / ds.path).read_bytes()
    new_text = "nis_code,total_area_ha\n11001,1\n"
    updated = ds.__class__(**(ds.__dict__ | {"sha256": sha256_text(new_text)}))
    (mini_mirror / ds.path).write_text(new_text + "tampered\n", encoding="utf-8")
    result = sync.sync_one(updated, mini_mirror, dest, download=False)
    assert result.state == sync.MISMATCH
    assert "goede kopie blijft staan" in result.message
    assert (dest / ds.path).read_bytes() == before
    assert _leftovers(dest) == []


def test_corrupted_local_copy_is_replaced_from_the_mirror(mini_datasets, mini_mirror, dest):
    sync.sync_all(mini_datasets, mini_mirror, dest, download=False)
    ds = mini_datasets["survey_2023"]
    (dest / ds.path).write_text("kapot", encoding="utf-8")
    result = sync.sync_one(ds, mini_mirror, dest, download=False)
    assert result.state == sync.COPIED
    assert (dest / ds.path).read_bytes() == (mini_mirror / ds.path).read_bytes()


def test_missing_file_without_download_url_is_missing(mini_datasets, tmp_path, dest):
    ds = mini_datasets["readme"]
    assert ds.download_url == ""
    result = sync.sync_one(ds, tmp_path / "empty-mirror", dest, download=True)
    assert result.state == sync.MISSING and not result.good
    assert not (dest / ds.path).exists()


def test_download_url_is_the_fallback_and_checked(mini_datasets, mini_mirror, tmp_path, dest):
    ds = mini_datasets["readme"]
    src = mini_mirror / ds.path
    with_url = ds.__class__(**(ds.__dict__ | {"download_url": src.as_uri()}))
    result = sync.sync_one(with_url, tmp_path / "empty-mirror", dest)
    assert result.state == sync.DOWNLOADED
    assert (dest / ds.path).read_bytes() == src.read_bytes()

    (dest / ds.path).unlink()
    src.write_text("iets anders", encoding="utf-8")
    result = sync.sync_one(with_url, tmp_path / "empty-mirror", dest)
    assert result.state == sync.MISMATCH
    assert not (dest / ds.path).exists()
    assert _leftovers(dest) == []


def test_verify_flags_tampered_and_missing_copies(mini_datasets, mini_mirror, dest):
    sync.sync_all(mini_datasets, mini_mirror, dest, download=False)
    assert set(_states(sync.verify_all(mini_datasets, dest)).values()) == {sync.OK}
    tampered = mini_datasets["landuse_2015"]
    gone = mini_datasets["typology_pinc_2025"]
    with (dest / tampered.path).open("a", encoding="utf-8") as fh:
        fh.write("99999,Extra,99999,1,1,1,1\n")
    (dest / gone.path).unlink()
    states = _states(sync.verify_all(mini_datasets, dest))
    assert states.pop(tampered.id) == sync.MISMATCH
    assert states.pop(gone.id) == sync.MISSING
    assert set(states.values()) == {sync.OK}
    assert not (dest / gone.path).exists()  # verify never repairs


# ----------------------------------------------------------------------------- the manifest


def test_manifest_reads_records(mini_datasets):
    ds = mini_datasets["population_2020"]
    assert ds.border_set == "2019"
    assert ds.label("en") == "Test file population_2020"
    assert ds.label("nl") == "Testbestand population_2020"
    assert "Testbron" in ds.source_line() and "CC0 1.0" in ds.source_line()


def test_manifest_duplicate_id(tmp_path):
    recs = [
        manifest_record("a", "a.csv", "2019", "0" * 64),
        manifest_record("a", "b.csv", "2019", "1" * 64),
    ]
    path = write_tables(tmp_path / "sources.toml", "dataset", recs)
    with pytest.raises(ManifestError, match="'a'"):
        read_manifest(path)


def test_manifest_unknown_status(tmp_path):
    recs = [manifest_record("a", "a.csv", "2019", "0" * 64, status="guessed")]
    path = write_tables(tmp_path / "sources.toml", "dataset", recs)
    with pytest.raises(ManifestError, match="guessed"):
        read_manifest(path)


def test_manifest_missing_field(tmp_path):
    rec = manifest_record("a", "a.csv", "2019", "0" * 64)
    del rec["licence"]
    path = write_tables(tmp_path / "sources.toml", "dataset", [rec])
    with pytest.raises(ManifestError, match="licence"):
        read_manifest(path)
