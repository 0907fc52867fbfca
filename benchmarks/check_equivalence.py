"""
Do the fast path and the reference path give the same verdicts?

The fast path is structuring with innovscale's strict cattrs converter
(``innovscale.serialization.structure``), which ``innovscale.validation`` runs first;
the reference path is the ``jsonschema`` package with innovscale's schemas
(``innovscale.schema.validator``). On the generated small evidence base this
script checks that both accept:

1. the whole document;
2. every record, against its record type and record schema;

and that both reject, or both accept:

3. ``--mutations`` seeded single-point mutations of records (a required key
   dropped, an unknown key added, a wrong type, an empty string, a bad id or code,
   ``null``, a negative count, a repeated item, an impossible date, ...), at any
   depth of the record;
4. mutations of a trimmed document (three records of each collection), checked
   with the evidence-base schema.

A disagreement explained by a model-only rule (``innovscale.schema.model_only_rules()``:
rules JSON Schema cannot express, such as a reversed period) is expected and counted
apart. Any other disagreement is printed and the exit status is 1.

    python benchmarks/check_equivalence.py [--mutations 2000] [--seed 7]
"""

from __future__ import annotations

import argparse
import copy
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate
import orjson

from innovscale import InvalidDocument, schema
from innovscale.model import RECORD_COLLECTIONS
from innovscale.serialization import RECORD_TYPES, structure

#: Collection name -> record type name, e.g. "enabler_claims" -> "enabler_claim".
COLLECTION_TYPE = {
    collection: name
    for name, cls in RECORD_TYPES.items()
    for collection, owner in RECORD_COLLECTIONS.items()
    if owner is cls
}
MODEL_ONLY = {rule["code"] for rule in schema.model_only_rules()}


def fast_verdict(value: Any, type_name: str) -> tuple[bool, set[str]]:
    try:
        structure(value, RECORD_TYPES[type_name])
    except InvalidDocument as exc:
        return False, {issue.code for issue in exc.report.issues}
    return True, set()


def reference_verdict(value: Any, type_name: str) -> bool:
    return schema.validator(type_name.replace("_", "-")).is_valid(value)


# -- Mutations -------------------------------------------------------------------------------


def _places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    """Every (path, value) inside ``value``, containers included."""
    out = [(path, value)]
    if isinstance(value, dict):
        for key, item in value.items():
            out.extend(_places(item, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out.extend(_places(item, (*path, index)))
    return out


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


def _set(value: Any, path: tuple[Any, ...], new: Any) -> None:
    _get(value, path[:-1])[path[-1]] = new


def mutate(record: dict[str, Any], rng: random.Random) -> tuple[dict[str, Any], str]:  # noqa: PLR0915
    """One seeded single-point mutation of ``record``, and what it was."""
    out = copy.deepcopy(record)
    places = [(p, v) for p, v in _places(out)]
    while True:
        path, value = rng.choice(places)
        if isinstance(value, dict):
            options = ["add_unknown_key", "drop_key", "to_array", "to_string"]
            if "acme:priority" in value or any(":" in str(k) for k in value):
                options = ["to_array"]  # extensions take any key
        elif isinstance(value, list):
            options = ["to_string", "empty", "duplicate_item", "nested_array"]
        elif isinstance(value, bool):
            options = ["bool_to_string", "bool_to_int", "to_null"]
        elif isinstance(value, (int, float)):
            options = ["negative", "number_to_string", "to_null", "fraction", "huge"]
        elif isinstance(value, str):
            options = ["empty_string", "string_to_number", "to_null", "bad_id", "bad_code"]
            if len(value) in (4, 7, 10) and value[:4].isdigit():
                options += ["bad_date", "impossible_date"]
        else:
            continue
        if not path and any(o in options for o in ("to_array", "to_string")):
            options = [o for o in options if o not in ("to_array", "to_string")]
        if any(":" in str(step) for step in path):
            continue  # inside extensions anything goes
        kind = rng.choice(options)
        break
    if kind == "add_unknown_key":
        value["bogus_field"] = "x"
    elif kind == "drop_key":
        if not value:
            value["bogus_field"] = 1
        else:
            del value[rng.choice(list(value))]
    elif kind == "to_array":
        _set(out, path, [value])
    elif kind == "to_string":
        _set(out, path, "text")
    elif kind == "empty":
        _set(out, path, [])
    elif kind == "duplicate_item":
        _set(out, path, [*value, value[0]] if value else [None])
    elif kind == "nested_array":
        _set(out, path, [value])
    elif kind == "bool_to_string":
        _set(out, path, "true")
    elif kind == "bool_to_int":
        _set(out, path, 1)
    elif kind == "to_null":
        _set(out, path, None)
    elif kind == "negative":
        _set(out, path, -abs(value) - 1)
    elif kind == "number_to_string":
        _set(out, path, str(value))
    elif kind == "fraction":
        _set(out, path, value + 0.5)
    elif kind == "huge":
        _set(out, path, 10**6)
    elif kind == "empty_string":
        _set(out, path, "")
    elif kind == "string_to_number":
        _set(out, path, 42)
    elif kind == "bad_id":
        _set(out, path, "Not An Id!")
    elif kind == "bad_code":
        _set(out, path, "not_a_code")
    elif kind == "bad_date":
        _set(out, path, "2021-13")
    elif kind == "impossible_date":
        _set(out, path, "2021-02-29")
    return out, f"{kind} at {'/'.join(map(str, path)) or '(root)'}"


# -- The checks ------------------------------------------------------------------------------


class Tally:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.failures: list[str] = []

    def compare(self, what: str, value: Any, type_name: str, *, expect: bool | None) -> None:
        fast, codes = fast_verdict(value, type_name)
        reference = reference_verdict(value, type_name)
        verdict = "valid" if fast else "invalid"
        if fast == reference:
            self.counts[f"agree ({verdict})"] += 1
            if expect is not None and fast != expect:
                self.failures.append(f"{what}: both say {verdict}, expected the opposite")
        elif not fast and codes and codes <= MODEL_ONLY:
            self.counts["differ, explained by a model-only rule"] += 1
        else:
            self.counts["DISAGREE"] += 1
            self.failures.append(
                f"{what}: fast path {verdict} {sorted(codes)}, jsonschema "
                f"{'valid' if reference else 'invalid'}"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mutations", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    doc_path, _ = generate.ensure("small")
    document = orjson.loads(doc_path.read_bytes())

    whole = Tally()
    whole.compare("the small document", document, "evidence_base", expect=True)
    records = [
        (collection, index, record)
        for collection, type_name in COLLECTION_TYPE.items()
        for index, record in enumerate(document.get(collection, ()))
    ]
    valid = Tally()
    for collection, index, record in records:
        valid.compare(f"{collection}[{index}]", record, COLLECTION_TYPE[collection], expect=True)
    mutated = Tally()
    kinds: Counter[str] = Counter()
    for _ in range(args.mutations):
        collection, index, record = rng.choice(records)
        bad, how = mutate(record, rng)
        kinds[how.split(" at ", 1)[0]] += 1
        mutated.compare(
            f"{collection}[{index}]: {how}", bad, COLLECTION_TYPE[collection], expect=None
        )
    trimmed = {
        key: value[:3] if isinstance(value, list) and key in COLLECTION_TYPE else value
        for key, value in document.items()
    }
    docs = Tally()
    for _ in range(max(50, args.mutations // 20)):
        bad, how = mutate(trimmed, rng)
        docs.compare(f"trimmed document: {how}", bad, "evidence_base", expect=None)

    failed = False
    for label, tally in (
        ("whole small document", whole),
        (f"{len(records)} records of the small document", valid),
        (f"{args.mutations} mutated records", mutated),
        ("mutated trimmed documents", docs),
    ):
        print(f"{label}: " + ", ".join(f"{k}: {v}" for k, v in sorted(tally.counts.items())))
        for failure in tally.failures[:20]:
            print(f"  - {failure}")
        failed |= bool(tally.failures)
    print("mutation kinds: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    print("verdicts " + ("DIFFER" if failed else "agree"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
