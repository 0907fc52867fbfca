"""
Hostile and careless inputs whose cost must grow with their size, not its square.

Each case builds a document of ``n`` units of trouble (dangling references, duplicate
keys, a licence chain, unknown licensing vehicles, invalid records). The benchmark
suite times every case at ``n`` and ``2n`` and reports the ratio (about 2 when the cost
is linear, 4 when it is quadratic); ``tests/test_scaling.py`` counts the work instead.

Run alone: ``python benchmarks/hostile.py [--n 2000]``.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

SCHEMA_VERSION = "2.0"


def _base(**collections: list[Any]) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "id": "hostile",
        "title": "Hostile input",
        **collections,
    }


def _innovation(identifier: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": identifier,
        "name": f"Innovation {identifier}",
        "kind": "service_model",
        "summary": "A generated innovation.",
        "elements": [{"id": "core", "name": "Core", "kind": "core", "function": "It works."}],
        **extra,
    }


def dangling_references(n: int) -> str:
    """``n`` adoptions, each naming an adopter organisation that does not exist."""
    organisations = [{"id": f"org-{i}", "name": f"Org {i}", "kind": "charity"} for i in range(n)]
    adoptions = [
        {"id": f"adoption-{i}", "innovation": "inn", "adopter": f"org-{i}x", "stage": "exploring"}
        for i in range(n)
    ]
    return json.dumps(
        _base(organisations=organisations, innovations=[_innovation("inn")], adoptions=adoptions)
    )


def duplicate_keys(n: int) -> str:
    """One object whose key ``"k"`` is repeated ``n`` times, one per line."""
    body = ",\n".join('  "k": 1' for _ in range(n))
    return '{\n  "schema_version": "2.0",\n' + body + "\n}"


def licence_chain(n: int) -> str:
    """One innovation whose ``n`` scaling vehicles each license from the one before."""
    vehicles = [
        {
            "id": f"v{i}",
            "organisation": "org",
            "type": "licensed_collaborative",
            **({"licenses_from": f"v{i - 1}"} if i else {}),
        }
        for i in range(n)
    ]
    return json.dumps(
        _base(
            organisations=[{"id": "org", "name": "Org", "kind": "charity"}],
            innovations=[_innovation("inn", scaling_vehicles=vehicles)],
        )
    )


def unknown_licensors(n: int) -> str:
    """One innovation with ``n`` vehicles, each licensing from a vehicle that does not exist."""
    vehicles = [
        {
            "id": f"vehicle-{i}",
            "organisation": "org",
            "type": "licensed_collaborative",
            "licenses_from": f"elsewhere-{i}",
        }
        for i in range(n)
    ]
    return json.dumps(
        _base(
            organisations=[{"id": "org", "name": "Org", "kind": "charity"}],
            innovations=[_innovation("inn", scaling_vehicles=vehicles)],
        )
    )


def schema_errors(n: int) -> str:
    """``n`` organisations, each with two schema errors (an unknown kind and a bad country)."""
    organisations = [
        {"id": f"org-{i}", "name": f"Org {i}", "kind": "charty", "country": "England"}
        for i in range(n)
    ]
    return json.dumps(_base(organisations=organisations), indent=2)


def unknown_benchmarks(n: int) -> str:
    """One innovation stating ``n`` benchmarks, and ``n`` site values naming none of them."""
    rules = [
        {
            "id": f"rule-{i}",
            "kind": "dose",
            "measure": "sessions",
            "comparator": "at_least",
            "threshold": 12,
        }
        for i in range(n)
    ]
    innovation = _innovation("inn")
    innovation["elements"][0]["benchmarks"] = rules
    values = [{"benchmark": f"rule-{i}x", "value": 12} for i in range(n)]
    adoption = {"id": "site", "innovation": "inn", "adopter": "org", "measures": values}
    return json.dumps(
        _base(
            organisations=[{"id": "org", "name": "Org", "kind": "charity"}],
            innovations=[innovation],
            adoptions=[adoption],
        )
    )


def claims_on_other_evidence(n: int) -> str:
    """``n`` claims about one innovation, each citing one evidence record about ``n`` others."""
    innovations = [_innovation(f"inn-{i}") for i in range(n + 1)]
    evidence = {
        "id": "study",
        "about": {"innovations": [f"inn-{i}" for i in range(1, n + 1)]},
        "design": "rct",
        "finding": "It worked elsewhere.",
        "direction": "supports",
        "citation": "paper",
    }
    claims = [
        {
            "id": f"claim-{i}",
            "innovation": "inn-0",
            "enabler": "using_evidence_to_build_demand",
            "strength": "enabling",
            "narrative": "Evidence built demand.",
            "evidence": ["study"],
        }
        for i in range(n)
    ]
    return json.dumps(
        _base(
            sources=[{"id": "paper", "title": "A paper", "kind": "journal_article"}],
            innovations=innovations,
            enabler_claims=claims,
            evidence=[evidence],
        )
    )


def unknown_fields(n: int) -> str:
    """``n`` organisations, each with a different misspelt field (``nmae0``, ``nmae1``, …)."""
    organisations = [
        {"id": f"org-{i}", "name": f"Org {i}", "kind": "charity", f"nmae{i}": "x"} for i in range(n)
    ]
    return json.dumps(_base(organisations=organisations))


CASES: dict[str, Callable[[int], str]] = {
    "dangling references": dangling_references,
    "duplicate keys": duplicate_keys,
    "licence chain": licence_chain,
    "unknown licensors": unknown_licensors,
    "schema errors": schema_errors,
    "unknown benchmarks": unknown_benchmarks,
    "claims on other innovations' evidence": claims_on_other_evidence,
    "unknown fields": unknown_fields,
}


def measure(build: Callable[[int], str], n: int) -> tuple[float, int]:
    """Seconds to validate the case at size ``n``, and the number of issues found."""
    import innovscale

    text = build(n)
    started = time.perf_counter()
    report = innovscale.validate(text)
    return time.perf_counter() - started, len(report.issues)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=2000)
    args = parser.parse_args()
    print("| case | n | seconds at n | seconds at 2n | ratio | issues at 2n |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, build in CASES.items():
        small, _ = measure(build, args.n)
        large, issues = measure(build, 2 * args.n)
        print(
            f"| {name} | {args.n:,} | {small:.3f} | {large:.3f} | {large / small:.2f} | {issues:,} |"
        )


if __name__ == "__main__":
    main()
