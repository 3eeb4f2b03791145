"""``ruraldash monitor INDICATOR --basis YEAR --tot YEAR --grenzen 2019|2025 [--json]`` and
``ruraldash monitor --lijst [--json]``: the monitor's figures for scripts and for checking the page.

Exit code 0 on success, 2 with a Dutch message for an unknown indicator, border set or typology, a
year without data, or a data bundle that is not synced.
"""

from __future__ import annotations

import argparse
import json
import sys

from ruraldash.core.fmt import number, signed
from ruraldash.core.vocab import BORDER_SETS
from ruraldash.features.selection import TYPOLOGIES


def add_parser(sub) -> None:
    """Add ``monitor`` to the ``ruraldash`` argument parser."""
    p = sub.add_parser("monitor", help="verandering sinds een basisjaar, per gemeente en type")
    p.add_argument("indicator", nargs="?", help="de indicator (zie --lijst)")
    p.add_argument("--basis", type=int, help="basisjaar (standaard: het eerste jaar met gegevens)")
    p.add_argument("--tot", type=int, help="eindjaar (standaard: het laatste jaar met gegevens)")
    p.add_argument("--grenzen", default="2019", help="gemeentegrenzen: 2019 of 2025")
    p.add_argument("--typologie", default="plattelandsrapport", help="typologie van de types")
    p.add_argument("--lijst", action="store_true", help="de indicatoren met hun jaren")
    p.add_argument("--json", action="store_true", help="één JSON-object als uitvoer")
    p.set_defaults(func=run)


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def _load():
    from ruraldash.core.config import settings
    from ruraldash.domain.typology import load_atlas
    from ruraldash.features.monitor.series import load_monitor

    s = settings()
    atlas = load_atlas(s)
    return atlas, load_monitor(s.data_dir, atlas.datasets)


def run(args: argparse.Namespace) -> int:
    """Print the listing or one result; return the exit code."""
    from ruraldash.data.atlas import DataMissing
    from ruraldash.data.series import SeriesMissing
    from ruraldash.features.monitor.result import MonitorError, compute, listing, to_json

    if args.grenzen not in BORDER_SETS:
        return _fail(f"Onbekende grenzen '{args.grenzen}': kies 2019 of 2025.")
    if args.typologie not in TYPOLOGIES:
        return _fail(f"Onbekende typologie '{args.typologie}'. Kies uit: {', '.join(TYPOLOGIES)}.")
    if not args.lijst and not args.indicator:
        return _fail("Geef een indicator (of --lijst voor de lijst).")
    try:
        atlas, data = _load()
    except (DataMissing, SeriesMissing) as exc:
        return _fail(f"{exc}\nOplossing: {exc.fix}")
    if args.lijst:
        items = listing(data, border_set=args.grenzen)
        if args.json:
            print(json.dumps(items, ensure_ascii=False, indent=1))
        else:
            for it in items:
                print(
                    f"{it['id']:26} {it['unit']:12} {it['years'][0]}–{it['years'][-1]}  {it['label']}"
                )
        return 0
    try:
        result = compute(
            data, atlas, args.indicator, args.basis, args.tot, args.grenzen, args.typologie
        )
    except MonitorError as exc:
        return _fail(str(exc))
    obj = to_json(result)
    if args.json:
        print(json.dumps(obj, ensure_ascii=False, indent=1))
        return 0
    _print_text(obj, result.indicator.decimals)
    return 0


def _print_text(obj: dict, decimals: int) -> None:
    """A short table: Flanders and each type."""
    print(f"{obj['indicator']} ({obj['unit']}), {obj['baseline_year']} → {obj['end_year']}, "
          f"grenzen {obj['border_set']}")  # fmt: skip
    rows = {"Vlaanderen": obj["flanders"]} | obj["by_type"]
    for name, b in rows.items():
        print(
            f"  {name:14} {number(b['baseline'], decimals):>12} → {number(b['end'], decimals):>12}"
            f"  {signed(b['change'], decimals):>11}  {signed(b['change_pct'], 2, unit='%'):>9}"
            f"  {signed(b['annual_pct'], 2, unit='%/jaar'):>12}  (n = {b['n']})"
        )
    print(f"bron: {obj['source']}")
