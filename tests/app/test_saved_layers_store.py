"""'Eigen gegevens' with the saved layers in the database: old layer files come along, a database
that cannot be reached is said in Dutch and the rest of the page keeps working."""

from __future__ import annotations

from pathlib import Path

from ruraldash.features.upload import LayerStore, save_layer
from tests.app.conftest import needs_data, run_page
from tests.test_userlayers import OLD_VALUES, layer


@needs_data
def test_layer_files_of_an_earlier_version_are_listed_from_the_database(
    tmp_path: Path, monkeypatch
):
    old = tmp_path / "user_layers"
    save_layer(layer(OLD_VALUES, label="Uit een oud bestand"), old)
    url = f"sqlite:///{tmp_path / 'ruraldash.sqlite'}"
    monkeypatch.setenv("RURALDASH_USER_LAYERS_DIR", str(old))
    monkeypatch.setenv("RURALDASH_DB_URL", url)
    at = run_page("eigen_gegevens")
    assert not at.exception, at.exception
    assert any("Uit een oud bestand" in m.value for m in at.markdown)
    with LayerStore(url) as store:  # imported into the database
        assert [la.label for la in store.load()] == ["Uit een oud bestand"]


@needs_data
def test_an_unreachable_database_is_said_and_the_upload_still_works(tmp_path: Path, monkeypatch):
    blocker = tmp_path / "bestand"
    blocker.write_text("geen map")
    monkeypatch.setenv("RURALDASH_USER_LAYERS_DIR", str(tmp_path / "user_layers"))
    monkeypatch.setenv("RURALDASH_DB_URL", f"sqlite:///{blocker / 'sub' / 'x.sqlite'}")
    at = run_page("eigen_gegevens")
    assert not at.exception, at.exception
    assert any("databank" in w.value for w in at.warning)
    assert at.text_area(key="w_up_paste") is not None  # uploading a layer for this session works
