"""Command line: ``ruraldash data sync | verify | info``, ``ruraldash upload check FILE``,
``ruraldash monitor INDICATOR`` and ``ruraldash toets FILE | --laag openruimtefonds``."""

from __future__ import annotations

import argparse
import sys

from ruraldash.core.config import settings
from ruraldash.core.i18n import t
from ruraldash.core.provenance import read_manifest
from ruraldash.core.sync import sync_all, verify_all
from ruraldash.domain import typology


def _print_results(results) -> int:
    bad = 0
    for r in results:
        mark = "ok " if r.good else "FOUT"
        bad += not r.good
        print(f"[{mark}] {r.dataset.path}: {r.message}")
    print(f"{len(results) - bad} van {len(results)} bestanden in orde.")
    return 1 if bad else 0


def cmd_sync(args: argparse.Namespace) -> int:
    """Copy the bundle from the mirror into data/ with checksum checks."""
    s = settings()
    datasets = read_manifest(s.manifest)
    print(f"bron: {s.mirror}\ndoel: {s.data_dir}")
    bad = _print_results(sync_all(datasets, s.mirror, s.data_dir, download=not args.offline))
    return bad or _static_files()


def _static_files() -> int:
    """Write the map's generated browser files into static/gen and remove stale ones.

    A bundle the app cannot load (a partial manifest) skips this step with a notice: the data
    sync itself succeeded, and the first start writes the files. Only a static/gen that cannot be
    written fails the command.
    """
    from ruraldash.data.atlas import DataMissing
    from ruraldash.data.catalog import CatalogueError
    from ruraldash.domain.typology import load_atlas
    from ruraldash.features import search
    from ruraldash.render import maplayer, staticgen

    try:
        atlas = load_atlas(settings())
    except (DataMissing, CatalogueError) as exc:
        print(f"static/gen: overgeslagen, de app kan de bundel niet laden ({str(exc)[:200]}).")
        return 0
    try:
        done = staticgen.generate(
            lambda bs, static: maplayer.geometry(atlas.geojson(bs), bs, static).url_path,
            labels=lambda bs: search.labels(atlas, bs),
        )
    except staticgen.StaticGenError as exc:
        print(f"[FOUT] {exc}", file=sys.stderr)
        return 1
    print(
        f"static/gen: {len(done.current)} kaartbestanden actueel, "
        f"{len(done.removed)} verouderde verwijderd."
    )
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Re-check every synced file."""
    s = settings()
    return _print_results(verify_all(read_manifest(s.manifest), s.data_dir))


def cmd_info(args: argparse.Namespace) -> int:
    """Per indicator: source, year, status, coverage on each border set."""
    from ruraldash.data.atlas import DataMissing
    from ruraldash.data.indicators import coverage
    from ruraldash.domain.typology import load_atlas

    try:
        atlas = load_atlas(settings())
    except DataMissing as exc:
        print(f"{exc}\nOplossing: {exc.fix}", file=sys.stderr)
        return 1
    cov = coverage(atlas.tidy, atlas.catalogue).set_index(["indicator", "border_set"])
    header = f"{'indicator':32} {'bron':22} {'jaar':10} {'status':15} {'2019-2024':>9} {'2025':>7}"
    print(header + "\n" + "-" * len(header))
    for ind in atlas.catalogue.values():
        c19, c25 = cov.loc[(ind.id, "2019")], cov.loc[(ind.id, "2025")]
        print(
            f"{ind.id:32} {ind.source:22} {ind.year[:10]:10} {ind.status:15} "
            f"{c19.n:>5}/{c19.of:<3} {c25.n:>3}/{c25.of}"
        )
    _print_typologies(atlas)
    return 0


def _print_typologies(atlas) -> None:
    """Municipalities per type for every typology of the selector on both border sets."""
    from ruraldash.core.vocab import BORDER_SETS, TYPOLOGY_IDS
    from ruraldash.features.choropleth import group_values
    from ruraldash.features.typenote import typology_note

    cal = typology.calibration_of(atlas.units("2019"), atlas.settings)
    print(f"\nkalibratie ruimtebeslag: Vlaanderen {cal.proxy_pct:.2f} % -> {cal.anchor_pct} %, "
          f"factor {cal.factor:.4f} ({cal.source})")  # fmt: skip
    for ty in TYPOLOGY_IDS:
        for bs in BORDER_SETS:
            counts = group_values(atlas, bs, ty).value_counts().sort_index()
            text = ", ".join(f"{k} {v}" for k, v in counts.items())
            print(f"{ty:25} {bs}: {text}\n{'':25}       {typology_note(atlas, bs, 'nl', ty)}")
    _print_type_changes(atlas)


def _print_type_changes(atlas) -> None:
    """Every municipality whose default type changes between the 2019–2024 and 2025 borders."""
    from ruraldash.features.profile import borders

    lines = borders.type_changes_text(atlas, "nl")
    print(f"\n{t('pf_type_changes_heading', 'nl')} ({len(lines)}):")
    for line in lines:
        print(f"  {line}")
    print(f"  {t('pf_type_report_borders', 'nl')}")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``ruraldash`` command."""
    parser = argparse.ArgumentParser(prog="ruraldash")
    sub = parser.add_subparsers(dest="group", required=True)
    data = sub.add_parser("data", help="de gegevensbundel beheren")
    dsub = data.add_subparsers(dest="cmd", required=True)
    p_sync = dsub.add_parser("sync", help="kopieer en controleer de bundel")
    p_sync.add_argument("--offline", action="store_true", help="niet downloaden")
    p_sync.set_defaults(func=cmd_sync)
    dsub.add_parser("verify", help="controleer de controlegetallen").set_defaults(func=cmd_verify)
    dsub.add_parser("info", help="dekking per indicator").set_defaults(func=cmd_info)
    from ruraldash.features.upload.command import add_parser as add_upload

    add_upload(sub)
    from ruraldash.features.monitor.command import add_parser as add_monitor

    add_monitor(sub)
    from ruraldash.features.toets.command import add_parser as add_toets

    add_toets(sub)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
