"""The `ruraldash data sync | verify` commands on a temporary data folder and mirror."""

from __future__ import annotations

import dataclasses

import pytest

from ruraldash import cli
from ruraldash.core import config


@pytest.fixture
def tmp_env(tmp_path, monkeypatch, mini_mirror, mini_manifest):
    """RURALDASH_DATA_DIR / _MIRROR point at tmp folders; the manifest is the tiny one.

    ``config.settings()`` is cached: it is cleared here and again afterwards, so later tests see the
    real settings.
    """
    data_dir = tmp_path / "data"
    monkeypatch.setenv("RURALDASH_DATA_DIR", str(data_dir))
    monkeypatch.setenv("RURALDASH_DATA_MIRROR", str(mini_mirror))
    config.settings.cache_clear()
    monkeypatch.setattr(
        cli, "settings", lambda: dataclasses.replace(config.settings(), manifest=mini_manifest)
    )
    yield data_dir
    config.settings.cache_clear()


def test_env_vars_override_the_data_paths(tmp_env, mini_mirror):
    s = config.settings()
    assert s.data_dir == tmp_env
    assert s.mirror == mini_mirror
    assert s.geo_cache_dir == tmp_env / "cache"


def test_sync_then_verify_exits_0(tmp_env, capsys):
    assert cli.main(["data", "sync", "--offline"]) == 0
    assert cli.main(["data", "verify"]) == 0
    out = capsys.readouterr().out
    assert "FOUT" not in out
    assert "8 van 8 bestanden in orde" in out


def test_verify_exits_1_on_a_tampered_file(tmp_env, mini_datasets, capsys):
    assert cli.main(["data", "sync", "--offline"]) == 0
    path = tmp_env / mini_datasets["landuse_2015"].path
    path.write_text(path.read_text(encoding="utf-8").replace("600", "601"), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["data", "verify"]) == 1
    out = capsys.readouterr().out
    bad = [line for line in out.splitlines() if line.startswith("[FOUT]")]
    assert len(bad) == 1 and mini_datasets["landuse_2015"].path in bad[0]
    assert "controlegetal klopt niet" in bad[0]


def test_verify_exits_1_when_nothing_is_synced(tmp_env, capsys):
    assert cli.main(["data", "verify"]) == 1
    assert "ruraldash data sync" in capsys.readouterr().out


def test_sync_refuses_a_wrong_mirror_file_in_dutch(tmp_env, mini_mirror, mini_datasets, capsys):
    ds = mini_datasets["population_2020"]
    (mini_mirror / ds.path).write_text("nis_code,population\n11001,1\n", encoding="utf-8")
    assert cli.main(["data", "sync", "--offline"]) == 1
    out = capsys.readouterr().out
    bad = [line for line in out.splitlines() if line.startswith("[FOUT]")]
    assert len(bad) == 1 and ds.path in bad[0]
    assert "controlegetal klopt niet" in bad[0] and "geweigerd" in bad[0]
    assert "7 van 8 bestanden in orde" in out
    assert not (tmp_env / ds.path).exists()


def test_data_info_lists_every_type_change_between_border_sets(real_atlas, capsys):
    """`ruraldash data info` ends with the municipalities whose type changes (Lochristi)."""
    from ruraldash.cli import _print_type_changes

    _print_type_changes(real_atlas)
    out = capsys.readouterr().out
    assert "Lochristi (44034): Verstedelijkte gemeente → Plattelandsgemeente" in out
    assert "grenzen van 2019–2024" in out
