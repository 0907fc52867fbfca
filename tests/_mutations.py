"""
Mutations of evidence bases (JSON data) that break the integrity rules, for the
differential tests of the integrity tier and of the pipeline.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import strategies as st

from innovscale import strategies, unstructure
from innovscale.model import (
    RECORD_COLLECTIONS,
    EvidenceBase,
)
from innovscale.report import format_json_path
from innovscale.schema._examples import EXAMPLES
from innovscale.serialization import RECORD_TYPES
from innovscale.validation import _rules
from innovscale.validation._walk import plan

TYPE_OF = {
    collection: name
    for name, cls in RECORD_TYPES.items()
    for collection, c in RECORD_COLLECTIONS.items()
    if c is cls
}


Path_ = tuple[str | int, ...]


def _id_slots(base: dict[str, Any]) -> list[tuple[Any, Any, str]]:
    """Every id of the base as (container, key, kind): records, elements, vehicles, adaptations."""
    out: list[tuple[Any, Any, str]] = []
    for collection in RECORD_COLLECTIONS:
        for record in base.get(collection, []):
            if type(record) is dict and "id" in record:
                out.append((record, "id", collection))
                for nested in ("elements", "scaling_vehicles", "adaptations"):
                    out.extend(
                        (item, "id", nested)
                        for item in record.get(nested, [])
                        if type(item) is dict and "id" in item
                    )
    return out


def _ref_slots(base: dict[str, Any]) -> list[tuple[Any, Any, str]]:
    """Every reference of the base as (container, key, the record type it names)."""
    out: list[tuple[Any, Any, str]] = []

    def walk(cls: type[Any], data: Any) -> None:
        if type(data) is not dict:
            return
        for field in plan(cls):
            value = data.get(field.name)
            if value is None:
                continue
            places = list(enumerate(value)) if field.many and type(value) is list else []
            if not field.many:
                places = [(field.name, value)]
            holder = value if field.many else data
            for key, item in places:
                if field.nested is not None:
                    walk(field.nested, item)
                elif field.references is not None:
                    out.append((holder, key, field.references))

    for collection, cls in RECORD_COLLECTIONS.items():
        for record in base.get(collection, []):
            walk(cls, record)
    return out


def _records(base: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (collection, record)
        for collection in RECORD_COLLECTIONS
        for record in base.get(collection, [])
        if type(record) is dict
    ]


JUNK = st.sampled_from([3, None, [], {}, True, 1.5, "", "Not An Id"])


KINDS = (
    "retarget",
    "dangle",
    "element_ref",
    "duplicate_id",
    "adaptation",
    "core",
    "date",
    "origin",
    "licence",
    "reach_adoption",
    "takeover",
    "no_evidence",
    "extra_source",
    "drop",
    "nested_duplicate",
    "benchmark",
    "claim_other",
    "lever_date",
)


_UNITS = st.sampled_from([None, "weeks", "days", "percent", "other"])


def mutate(draw: Any, base: dict[str, Any], kind: str, *, junk: bool) -> None:  # noqa: PLR0915 - one branch per kind of mutation
    """Apply one mutation of ``kind`` to ``base`` (plain data), if it applies."""
    ids = [c[k] for c, k, _ in _id_slots(base) if type(c[k]) is str]
    refs = _ref_slots(base)
    records = _records(base)
    innovations = [r for c, r in records if c == "innovations"]
    pick = lambda items: items[draw(st.integers(0, len(items) - 1))]  # noqa: E731
    if junk and draw(st.integers(0, 4)) == 4:  # one in five (hypothesis leans to 0)
        slots = refs + _id_slots(base)
        if slots:
            container, key, _ = pick(slots)
            container[key] = draw(JUNK)
        return
    if kind in ("retarget", "dangle") and refs and ids:
        container, key, _ = pick(refs)
        if kind == "retarget":
            container[key] = pick(ids)
        else:
            near = pick(ids)
            container[key] = draw(st.sampled_from([near + "x", near[:-1] or "q", "zz-nothing"]))
    elif kind == "element_ref" and refs:
        container, key, _ = pick(refs)
        choices = ["nothing#e", f"{pick(ids)}#e"] if ids else ["nothing#e"]
        for innovation in innovations:
            for element in innovation.get("elements", []):
                choices.append(f"{innovation.get('id')}#{element.get('id')}")
                choices.append(f"{innovation.get('id')}#{element.get('id')}x")
        container[key] = draw(st.sampled_from(choices))
    elif kind == "duplicate_id" and len(ids) > 1:
        slots = _id_slots(base)
        container, key, _ = pick(slots)
        container[key] = pick(ids)
    elif kind in ("adaptation", "core"):
        adoptions = [r for c, r in records if c == "adoptions"]
        if adoptions and draw(st.booleans()):
            adoption = pick(adoptions)
            adoption.setdefault("adaptations", []).append(
                {
                    "id": draw(st.sampled_from(["ad-1", "ad-2"])),
                    "description": "Changed.",
                    "elements": [],
                    "targets": ["content"],
                    "fidelity": draw(st.sampled_from(["fidelity_consistent", "unknown"])),
                }
            )
        adaptations = [a for c, r in records if c == "adoptions" for a in r.get("adaptations", [])]
        elements = [
            e.get("id") for i in innovations for e in i.get("elements", []) if type(e) is dict
        ]
        if kind == "core":
            for innovation in innovations:
                for element in innovation.get("elements", []):
                    if draw(st.booleans()):
                        element["kind"] = "core"
        if adaptations:
            adaptation = pick(adaptations)
            if kind == "core":
                adaptation["fidelity"] = "fidelity_consistent"
            elif elements:
                adaptation["elements"] = [pick(elements), "nope", *adaptation.get("elements", [])]
    elif kind == "date":
        dated = []
        for collection, record in records:
            if collection in ("adoptions", "reach_measures") and "period" in record:
                dated.append(record["period"])
            if collection == "reach_measures":
                dated.append(record)
            if collection == "adoptions":
                dated.extend(record.get("reach", []))
        if dated:
            holder = pick(dated)
            key = "as_of" if "as_of" in holder or "start" not in holder else "start"
            holder[key] = draw(st.sampled_from(["1001", "1001-02", "1001-02-03", "1001-02-30"]))
    elif kind == "origin" and innovations:
        innovation = pick(innovations)
        innovation["origins"] = [
            *innovation.get("origins", []),
            {"date": draw(st.sampled_from(["2999", "9999-12"]))},
        ]
    elif kind == "licence":
        for innovation in innovations:
            vehicles = [v for v in innovation.get("scaling_vehicles", []) if type(v) is dict]
            if vehicles:
                names = [v.get("id") for v in vehicles]
                for vehicle in vehicles:
                    if draw(st.booleans()):
                        vehicle["licenses_from"] = draw(st.sampled_from([*names, "nope"]))
    elif kind == "reach_adoption":
        adoptions = [r.get("id") for c, r in records if c == "adoptions"]
        measures = [r for c, r in records if c == "reach_measures"]
        if adoptions and innovations and (not measures or draw(st.booleans())):
            measures.append({"id": "measure-x", "innovation": pick(innovations).get("id")})
            base.setdefault("reach_measures", []).append(measures[-1])
        if adoptions and measures:
            pick(measures)["adoption"] = pick(adoptions)
    elif kind == "nested_duplicate":
        nested = [
            (record, name)
            for _, record in records
            for name in ("elements", "scaling_vehicles", "adaptations")
            if record.get(name)
        ]
        if nested:
            record, name = pick(nested)
            items = record[name]
            if len(items) > 1 and draw(st.booleans()):
                items[-1]["id"] = items[0].get("id")
            else:
                items.append(copy.deepcopy(items[0]))
    elif kind == "takeover":
        supports = [s for c, r in records if c == "adoptions" for s in r.get("support", [])]
        organisations = [r.get("id") for c, r in records if c == "organisations"]
        if supports and organisations:
            support = pick(supports)
            support["takeover"] = pick(organisations)
            support.pop("funding", None)
    elif kind == "no_evidence":
        claims = [r for c, r in records if c == "enabler_claims"]
        if claims:
            claim = pick(claims)
            claim.pop("evidence", None)
            claim.pop("sources", None)
    elif kind == "extra_source":
        base.setdefault("sources", []).append(
            {
                "id": draw(st.sampled_from(["uncited", *ids[:3]])),
                "title": "Uncited",
                "kind": "report",
            }
        )
    elif kind == "benchmark":
        # A rule on an element of an adopted innovation, and values at its sites.
        adoptions = [r for c, r in records if c == "adoptions"]
        adoption = pick(adoptions) if adoptions else None
        owner = next(
            (i for i in innovations if adoption and i.get("id") == adoption.get("innovation")),
            pick(innovations) if innovations else None,
        )
        elements = [
            e for e in _rules.list_or_empty(owner and owner.get("elements")) if type(e) is dict
        ]
        if elements and draw(st.integers(0, 4)) != 4:
            comparator = draw(st.sampled_from([*sorted(_rules._COMPARATORS), "nope"]))
            rule = {
                "id": draw(st.sampled_from(["b1", "b2"])),
                "comparator": comparator,
                "threshold": draw(st.sampled_from([5, 0, 28.5, True, "x"])),
                "unit": draw(_UNITS),
                "unit_other": draw(st.sampled_from(["Families per nurse", "families per nurse "])),
            }
            if comparator == "between" or draw(st.integers(0, 3)) == 3:
                rule["upper"] = draw(st.sampled_from([40, 5]))
            pick(elements).setdefault("benchmarks", []).append(rule)
        holders = [adoption, *adoption.get("adaptations", [])] if adoption else []
        for _ in range(draw(st.integers(1, 3)) if holders else 0):
            holder = pick(holders)
            if type(holder) is dict:
                holder.setdefault("measures", []).append(
                    {
                        "benchmark": draw(st.sampled_from(["b1", "b2", "nope"])),
                        "value": draw(st.sampled_from([-3, 0, 5, 28.5, 40, 1e20, None])),
                        "qualifier": draw(
                            st.sampled_from(["exact", "at_least", "at_most", "approximate", 7])
                        ),
                        "unit": draw(_UNITS),
                        "unit_other": "families per nurse",
                    }
                )
    elif kind == "claim_other":
        claims = [r for c, r in records if c == "enabler_claims"]
        evidence = [r.get("id") for c, r in records if c == "evidence"]
        if claims and evidence:
            pick(claims)["evidence"] = [pick(evidence)]
        if len(innovations) > 1 and draw(st.booleans()):
            first, second = innovations[0], innovations[-1]
            first.setdefault("relations", []).append(
                {"kind": "adapted_from", "innovation": second.get("id")}
            )
    elif kind == "lever_date":
        levers = [r for c, r in records if c == "policy_levers"]
        if levers:
            lever = pick(levers)
            lever["issued"] = draw(st.sampled_from(["1001", "1001-05", "2999"]))
            lever["period"] = {"start": "1002"}
    elif kind == "drop" and records:
        collection, record = pick(records)
        base[collection].remove(record)


@st.composite
def mutated_bases(draw: Any, *, junk: bool = True) -> dict[str, Any]:
    """
    Plain data of a hypothesis evidence base, often with the records of the schema's
    example base too (which has every kind of record), and up to five mutations.
    """
    base = unstructure(draw(strategies.evidence_bases()))
    if draw(st.booleans()):
        for collection, records in copy.deepcopy(EXAMPLES[EvidenceBase]).items():
            if collection in RECORD_COLLECTIONS:
                base[collection] = [*base.get(collection, []), *records]
    for kind in draw(st.lists(st.sampled_from(KINDS), max_size=5)):
        mutate(draw, base, kind, junk=junk)
    return base


def _line_records(base: dict[str, Any]) -> list[tuple[str, Any]]:
    """The records of ``base`` as (record type, body), in document order."""
    return [
        (TYPE_OF[collection], record)
        for collection in RECORD_COLLECTIONS
        for record in base.get(collection, [])
    ]


def _header(base: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in base.items() if k not in RECORD_COLLECTIONS}


def _jsonl_text(base: dict[str, Any]) -> tuple[str, list[Path_]]:
    """``base`` as JSON Lines (a header, then the records) and each line's document path."""
    lines = [json.dumps({"evidence_base": _header(base)})]
    where: list[Path_] = [()]
    for collection in RECORD_COLLECTIONS:
        for index, record in enumerate(base.get(collection, [])):
            lines.append(json.dumps({TYPE_OF[collection]: record}))
            where.append((collection, index))
    return "\n".join(lines) + "\n", where


def _keys_from_document(report: Any) -> list[tuple[str, str]]:
    return sorted((i.code, format_json_path(i.path)) for i in report.issues)


def _keys_from_lines(report: Any, where: list[Path_]) -> list[tuple[str, str]]:
    out = []
    for issue in report.issues:
        assert issue.line is not None
        path = (*where[issue.line - 1], *issue.path[1:])
        out.append((issue.code, format_json_path(path)))
    return sorted(out)
