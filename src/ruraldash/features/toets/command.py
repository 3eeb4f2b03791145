"""``ruraldash toets FILE --grenzen 2019|2025 [--kolom NAME] --json`` and ``ruraldash toets --laag …``.

The figures of the page *Plattelandstoets* on the command line. A file goes through the upload
check of *Eigen gegevens* (same reader, same Dutch messages); exit codes as ``ruraldash upload
check``: 0 when the screen was made (with or without warnings), 1 when the file is rejected, 2 when
the file, the layer or the data bundle cannot be opened.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ruraldash.core.i18n import t
from ruraldash.features.selection import TYPOLOGIES
from ruraldash.features.toets.inputs import ORF, Allocation
from ruraldash.features.upload.base import BORDER_SETS
from ruraldash.features.upload.check import REJECT


def add_parser(sub) -> None:
    """Add ``toets`` to the ``ruraldash`` argument parser."""
    p = sub.add_parser("toets", help="plattelandstoets van een verdeling (bestand of laag)")
    p.add_argument(
        "file", type=Path, nargs="?", help="CSV- of XLSX-bestand met een bedrag per gemeente"
    )
    p.add_argument("--grenzen", choices=BORDER_SETS, default="2025", help="gemeentegrenzen")
    p.add_argument(
        "--kolom", help="de kolom met bedragen (standaard: de eerste kolom met getallen)"
    )
    p.add_argument("--blad", help="het werkblad van een XLSX")
    p.add_argument("--laag", help=f"een verdeling van de app: {ORF} of een indicator-id")
    p.add_argument(
        "--budget", help="budget van het Openruimtefonds in miljoen euro (standaard 123,4)"
    )
    p.add_argument("--typologie", choices=TYPOLOGIES, default=TYPOLOGIES[0], help="typologie")
    p.add_argument("--provincie", action="append", default=[], help="alleen deze provincie(s)")
    p.add_argument("--taal", choices=("nl", "en"), default="nl", help="taal van de meldingen")
    p.add_argument("--json", action="store_true", help="één JSON-object als uitvoer")
    p.set_defaults(func=run_toets)


def _fail(text: str) -> int:
    print(text, file=sys.stderr)
    return 2


def run_toets(args: argparse.Namespace) -> int:
    """Make one screen; print its record (JSON) or a short text; return the exit code."""
    from ruraldash.core.config import settings
    from ruraldash.data.atlas import DataMissing
    from ruraldash.domain.typology import load_atlas
    from ruraldash.features.toets import screen
    from ruraldash.features.toets.context import load_context

    lang = args.taal
    if (args.file is None) == (args.laag is None):
        return _fail(t("toets_cli_file_or_layer", lang))
    raw = b""
    if args.file is not None:
        try:
            raw = Path(args.file).read_bytes()
        except OSError as exc:
            return _fail(f"Kan {args.file} niet lezen: {exc.strerror}")
    try:
        atlas = load_atlas(settings())
    except DataMissing as exc:
        return _fail(f"{exc}\nOplossing: {exc.fix}")
    alloc = _allocation(atlas, args, raw, lang)
    if isinstance(alloc, int):
        return alloc
    if alloc.outcome == REJECT:
        _print(screen.rejected_record(alloc), args.json)
        return 1
    ctx = load_context(atlas, args.grenzen, args.typologie, lang)
    _print(screen.record(screen.run(alloc, ctx, args.provincie, lang)), args.json)
    return 0


def _allocation(atlas, args: argparse.Namespace, raw: bytes, lang: str) -> Allocation | int:
    from ruraldash.domain.allocation import BUDGET_DEFAULT_EUR
    from ruraldash.features.orf.view import parse_million
    from ruraldash.features.toets import inputs
    from ruraldash.features.upload.check import reference_frames

    if args.file is not None:
        units, mapping = reference_frames(atlas)
        return inputs.upload_allocation(
            raw, Path(args.file).name, args.grenzen, units, mapping,
            column=args.kolom, sheet=args.blad, lang=lang,
        )  # fmt: skip
    if args.laag == ORF:
        budget = BUDGET_DEFAULT_EUR if args.budget is None else parse_million(args.budget, lang)
        if budget is None:
            return _fail(t("toets_cli_bad_budget", lang, value=args.budget))
        return inputs.orf_allocation(atlas, args.grenzen, budget, lang)
    if args.laag not in inputs.amount_indicators(atlas):
        names = ", ".join([ORF, *inputs.amount_indicators(atlas)])
        return _fail(t("toets_cli_bad_layer", lang, value=args.laag, names=names))
    return inputs.indicator_allocation(atlas, args.laag, args.grenzen, lang=lang)


def _print(record: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(record, ensure_ascii=False, indent=1))
        return
    src = record["input"]
    print(
        f"bron: {src['source']}\nrijen: {src['rows']}  gevonden: {src['matched']}  totaal: {src['total']}"
    )
    for group, row in record.get("by_type", {}).items():
        print(
            f"{group:15} {row['municipalities']:>4} gemeenten  per inwoner {row['amount_per_inhabitant']}"
            f"  aandeel {row['share_amount']}  verschil {row['share_gap_pp']} pp"
        )
    if record["by_type"]:
        test = record["test"]
        print(f"platteland/stedelijk: {record['rural_urban_ratio']}  gini: {record['gini']}  "
              f"p ({test['method']}): {test['p_value']}")  # fmt: skip
    for msg in record["messages"]:
        print(f"[{msg['level']}] {msg['text']}")
