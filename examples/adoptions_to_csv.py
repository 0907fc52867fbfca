"""
Write the adoptions of an evidence base as a flat CSV table, one row per adoption.

Run from the repository root:

    python examples/adoptions_to_csv.py                        # the example, to stdout
    python examples/adoptions_to_csv.py -o adoptions.csv       # to a file, written atomically
    python examples/adoptions_to_csv.py path/to/base.json -o out.csv

Lists (support, reach, sources) are joined with "; " inside one cell. Only the
public API is used: ``innovscale``, ``innovscale.vocab`` and ``innovscale.serialization``.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

import innovscale
from innovscale.serialization import write_bytes_atomic
from innovscale.vocab import ElementKind, Qualifier

DEFAULT = Path(__file__).resolve().parent / "against-the-odds.json"

COLUMNS = (
    "adoption_id",
    "innovation_id",
    "innovation_name",
    "adopter_id",
    "adopter_name",
    "adopter_kind",
    "setting",
    "place",
    "stage",
    "start",
    "end",
    "adaptations",
    "core_element_adaptations",
    "support",
    "support_providers",
    "takeover",
    "reach",
    "sources",
    "claim_status",
)

_QUALIFIER_SIGNS = {
    Qualifier.EXACT: "",
    Qualifier.APPROXIMATE: "~",
    Qualifier.AT_LEAST: ">=",
    Qualifier.AT_MOST: "<=",
}


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def rows(base: innovscale.EvidenceBase) -> list[dict[str, str]]:
    """One flat row per adoption, in document order."""
    out = []
    for adoption in base.adoptions:
        innovation = base.innovation(adoption.innovation)
        adopter = base.organisation(adoption.adopter)
        core = {e.id for e in innovation.elements if e.kind is ElementKind.CORE}
        period = adoption.period
        out.append(
            {
                "adoption_id": adoption.id,
                "innovation_id": innovation.id,
                "innovation_name": innovation.name,
                "adopter_id": adopter.id,
                "adopter_name": adopter.name,
                "adopter_kind": adopter.kind_other or adopter.kind.label,
                "setting": adoption.setting or "",
                "place": adoption.place or "",
                "stage": adoption.stage.code,
                "start": str(period.start) if period and period.start else "",
                "end": str(period.end) if period and period.end else "",
                "adaptations": str(len(adoption.adaptations)),
                "core_element_adaptations": str(
                    sum(1 for a in adoption.adaptations if core.intersection(a.elements))
                ),
                "support": "; ".join(s.kind.code for s in adoption.support),
                "support_providers": "; ".join(s.provider for s in adoption.support if s.provider),
                "takeover": "; ".join(s.takeover for s in adoption.support if s.takeover),
                "reach": "; ".join(
                    f"{r.metric.code}={_QUALIFIER_SIGNS[r.qualifier]}{_number(r.value)}"
                    for r in adoption.reach
                ),
                "sources": "; ".join(adoption.sources),
                "claim_status": adoption.claim_status.code,
            }
        )
    return out


def to_csv(base: innovscale.EvidenceBase) -> str:
    """The adoptions as CSV text with a header row."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(base))
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Load an evidence base and write its adoptions as CSV."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT, help="evidence base file")
    parser.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
    args = parser.parse_args(argv)
    try:
        base = innovscale.load_valid(args.path)
    except innovscale.InvalidDocument as exc:
        print(exc.report.format_text(), file=sys.stderr)
        return 1
    text = to_csv(base)
    if args.output is None:
        sys.stdout.write(text)
    else:
        write_bytes_atomic(args.output, text.encode("utf-8"))
        print(f"Wrote {len(base.adoptions)} adoptions to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
