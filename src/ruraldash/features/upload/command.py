"""``ruraldash upload check FILE``: the upload report on the command line, for scripts and tests.

Exit code 0 for accept and accept_with_warning, 1 for reject, 2 when the file or the data bundle
cannot be opened. ``--json`` prints one JSON object (see :func:`check_summary`).
"""

from __future__ import annotations

import argparse
import json
import sys
from functools import cache
from pathlib import Path

from ruraldash.features.upload.base import BORDER_SETS
from ruraldash.features.upload.check import (
    REJECT,
    CheckRequest,
    check_summary,
    check_upload,
    reference_frames,
)

MERGE_WORDS = {"som": "sum", "gemiddelde": "mean", "sum": "sum", "mean": "mean"}
SEPARATOR_WORDS = {
    "puntkomma": ";",
    ";": ";",
    "komma": ",",
    ",": ",",
    "tab": "\t",
    "streep": "|",
    "|": "|",
}


def add_parser(sub) -> None:
    """Add ``upload check`` to the ``ruraldash`` argument parser."""
    group = sub.add_parser("upload", help="een eigen tabel controleren zoals de app dat doet")
    usub = group.add_subparsers(dest="cmd", required=True)
    check = usub.add_parser("check", help="lees, herken en controleer een CSV- of XLSX-bestand")
    check.add_argument("file", type=Path, help="het CSV- of XLSX-bestand")
    check.add_argument(
        "--grenzen", choices=BORDER_SETS, help="gemeentegrenzen (standaard: herkend)"
    )
    check.add_argument("--kolom", help="de kolom met waarden (standaard: elke kolom met getallen)")
    check.add_argument(
        "--blad", help="het werkblad van een XLSX (standaard: het blad met gegevens)"
    )
    check.add_argument(
        "--samenvoegen", choices=sorted(MERGE_WORDS), help="fusiegemeenten: som of gemiddelde"
    )
    check.add_argument(
        "--scheiding",
        choices=list(SEPARATOR_WORDS),
        help="scheidingsteken van een CSV: puntkomma, komma, tab of streep (standaard: herkend)",
    )
    check.add_argument("--taal", choices=("nl", "en"), default="nl", help="taal van de meldingen")
    check.add_argument("--json", action="store_true", help="één JSON-object als uitvoer")
    check.set_defaults(func=run_check)


@cache
def _reference():
    from ruraldash.core.config import settings
    from ruraldash.domain.typology import load_atlas

    return reference_frames(load_atlas(settings()))


def run_check(args: argparse.Namespace) -> int:
    """Check one file; print the report (or its JSON) and return the exit code."""
    from ruraldash.data.atlas import DataMissing

    try:
        raw = Path(args.file).read_bytes()
    except OSError as exc:
        print(f"Kan {args.file} niet lezen: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        units, mapping = _reference()
    except DataMissing as exc:
        print(f"{exc}\nOplossing: {exc.fix}", file=sys.stderr)
        return 2
    merge = MERGE_WORDS.get(args.samenvoegen or "")
    request = CheckRequest(
        raw,
        Path(args.file).name,
        args.grenzen,
        args.kolom,
        args.blad,
        merge,
        lang=args.taal,
        separator=SEPARATOR_WORDS.get(args.scheiding or ""),
    )
    summary = check_summary(check_upload(request, units, mapping), merge)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        _print_text(summary)
    return 1 if summary["outcome"] == REJECT else 0


def _print_text(summary: dict) -> None:
    print(
        f"uitkomst: {summary['outcome']}  grenzen: {summary['border_set']}  rijen: "
        f"{summary['rows']}  gevonden: {summary['matched']}  niet herkend: {summary['unmatched']}"
    )
    for col in summary["columns"]:
        print(f"kolom {col['name']!r}: {col['n_values']} waarden, som {col['sum']} {col['unit']}")
    for msg in summary["messages"]:
        print(f"[{msg['level']}] {msg['text']}")
