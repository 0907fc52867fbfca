"""Tests for innovscale.serialization: round trips, determinism, strictness, files, JSON Lines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import assume, given, strategies as st

import innovscale
from _bases import acceptance_base, issues_of, only_issue
from innovscale import (
    EvidenceBase,
    FileWriteError,
    InvalidDocument,
    InvariantError,
    Organisation,
    Source,
    dump,
    dumpb,
    dumps,
    dumps_jsonl,
    load,
    loads,
    serialization as ser,
    strategies as ist,
    structure,
    unstructure,
    write_jsonl,
)
from innovscale.model import Outcome
from innovscale.model._rules import class_rules
from innovscale.serialization import _jsonl
from innovscale.vocab import (
    OrganisationKind,
)

ROOT = Path(__file__).resolve().parents[1]
#: Every attrs class of the model (PartialDate included): each must round-trip.
MODEL_TYPES = sorted(
    (
        cls
        for cls in vars(innovscale.model).values()
        if isinstance(cls, type) and attrs.has(cls) and cls.__module__.startswith("innovscale.")
    ),
    key=lambda c: c.__name__,
)


# -- A hand-built evidence base: the acceptance check of issue 2 ---------------------------------


class TestAcceptance:
    """Issue 2's acceptance check, end to end."""

    def test_round_trip(self):
        """The hand-built base survives dumps -> loads unchanged, and validates cleanly."""
        base = acceptance_base()
        text = dumps(base)
        assert loads(text) == base
        assert loads(text.encode("utf-8"), EvidenceBase) == base
        assert structure(unstructure(base)) == base
        assert innovscale.validate(text).issues == ()

    def test_malformed_document(self):
        """A missing comma is a parse.syntax issue at its line and column."""
        text = dumps(acceptance_base())
        broken = text.replace('"title": "Issue 2 acceptance check",', '"title": "x"', 1)
        issue = only_issue(loads, broken, source="base.json")
        assert issue.code == "parse.syntax"
        assert (issue.source, issue.line, issue.column) == (
            "base.json",
            5,
            3,
        )  # where the comma is missing

    def test_wrong_kind_of_element(self):
        """A wrong element kind deep in the base has its code, path and line:column."""
        data = unstructure(acceptance_base())
        data["innovations"][0]["elements"][2]["kind"] = "adaptible"
        text = json.dumps(data, indent=2)
        issue = only_issue(loads, text)
        assert issue.code == "value.enum"
        assert issue.json_path == "$.innovations[0].elements[2].kind"
        assert issue.hint == "Did you mean 'adaptable'?"
        line = text.split("\n")[issue.line - 1]
        assert line[issue.column - 1 :] == '"adaptible",'

    def test_wrong_typed_documents(self):
        """Wrong types are reported with value.type at the right path."""
        data = unstructure(acceptance_base())
        data["adoptions"][0]["adaptations"][0]["elements"] = "course-schedule"
        data["organisations"][0]["name"] = None
        data["evidence"][0]["outcomes"][0]["sample_size"] = 12.5
        data["innovations"][0]["summary"] = 123
        data["evidence"][0]["outcomes"][0]["value"] = True
        text = json.dumps(data, indent=2)
        with pytest.raises(InvalidDocument) as caught:
            loads(text, source="base.json")
        found = {(i.code, i.json_path) for i in caught.value.report.issues}
        assert found == {
            ("value.type", "$.adoptions[0].adaptations[0].elements"),
            ("value.type", "$.organisations[0].name"),
            ("value.type", "$.evidence[0].outcomes[0].sample_size"),
            ("value.type", "$.innovations[0].summary"),
            ("value.type", "$.evidence[0].outcomes[0].value"),
        }
        for issue in caught.value.report.issues:
            assert issue.source == "base.json"
            assert issue.line is not None
            assert issue.column is not None

    def test_broken_invariants(self):
        """An innovation with no core element and a reversed period are both reported."""
        data = unstructure(acceptance_base())
        for element in data["innovations"][0]["elements"]:
            element["kind"] = "adaptable"
            element.setdefault("variation", "any")
        data["adoptions"][0]["period"] = {"start": "2010", "end": "2009-12"}
        assert issues_of(loads, json.dumps(data)) == [
            ("innovation.no_core_element", "$.innovations[0].elements"),
            ("period.reversed", "$.adoptions[0].period.end"),
        ]


# -- Round trips and determinism -------------------------------------------------------------


class TestRoundTrip:
    def test_every_model_type_has_a_strategy(self):
        """The round-trip properties below cover every class of the model."""
        assert {cls.__name__ for cls in MODEL_TYPES} >= {
            "Adoption",
            "EvidenceBase",
            "Innovation",
            "PartialDate",
        }
        for cls in MODEL_TYPES:
            ist.for_type(cls)

    @pytest.mark.parametrize("cls", MODEL_TYPES, ids=lambda c: c.__name__)
    @given(data=st.data())
    def test_round_trip(self, cls, data):
        """structure(unstructure(x)) == x and loads(dumps(x)) == x, for every type."""
        value = data.draw(ist.for_type(cls))
        assert structure(unstructure(value), type(value)) == value
        text = dumps(value)
        again = loads(text, type(value))
        assert again == value
        assert dumps(again) == text
        assert dumpb(value) == text.encode("utf-8")

    @given(ist.records())
    def test_unstructured_data_is_plain_json(self, record):
        """unstructure() gives only JSON types, which json.dumps writes as dumps() does."""
        data = unstructure(record)
        assert json.loads(json.dumps(data)) == data
        assert dumps(record) == json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    @given(ist.evidence_bases())
    def test_evidence_base_round_trip(self, base):
        """Whole evidence bases round-trip through text and through bytes."""
        assert loads(dumps(base)) == base
        assert loads(dumpb(base)) == base

    def test_defaults_are_left_out(self):
        """Fields equal to their default are not written; required ones always are."""
        org = Organisation(id="o", name="O", kind=OrganisationKind.CHARITY)
        assert unstructure(org) == {"id": "o", "name": "O", "kind": "charity"}
        assert unstructure(EvidenceBase(id="b", title="T")) == {
            "schema_version": "2.0",
            "id": "b",
            "title": "T",
        }

    def test_wire_forms(self):
        """Vocabularies are codes, dates ISO 8601 strings, tuples arrays, keys in field order."""
        data = unstructure(acceptance_base())
        adoption = data["adoptions"][0]
        assert adoption["stage"] == "sustaining"
        assert adoption["period"] == {"start": "2004-09"}
        assert adoption["adaptations"][0]["elements"] == ["course-schedule"]
        assert list(data["innovations"][0]) == [
            "id",
            "name",
            "aliases",
            "kind",
            "summary",
            "elements",
            "sources",
            "extensions",
        ]


def _reordered(value: Any) -> Any:
    """The same JSON value with the keys of every object in reverse order."""
    if isinstance(value, dict):
        return {k: _reordered(v) for k, v in reversed(list(value.items()))}
    if isinstance(value, list):
        return [_reordered(v) for v in value]
    return value


class TestDeterminism:
    @given(ist.records(), ist.extensions())
    def test_extension_key_order_does_not_matter(self, record, extensions):
        """Equal values give identical bytes, whatever order their extension keys were in."""
        one = attrs.evolve(record, extensions=extensions)
        two = attrs.evolve(record, extensions=_reordered(extensions))
        assert one == two
        assert dumpb(one) == dumpb(two)

    @given(ist.evidence_bases())
    def test_equal_values_give_identical_bytes(self, base):
        """A base rebuilt from its data writes the same bytes as the original."""
        rebuilt = structure(_reordered(unstructure(base)))
        assert rebuilt == base
        assert dumpb(rebuilt) == dumpb(base)
        assert dumps_jsonl(rebuilt) == dumps_jsonl(base)

    def test_extension_keys_are_written_sorted(self):
        """Extension objects, nested ones too, are written with sorted keys."""
        org = Organisation(
            id="o",
            name="O",
            kind=OrganisationKind.CHARITY,
            extensions={"b:x": {"z": 1, "a": [{"y": 2, "b": 3}]}, "a:y": None},
        )
        assert dumps(org).index('"a:y"') < dumps(org).index('"b:x"')
        assert unstructure(org)["extensions"] == {
            "a:y": None,
            "b:x": {"a": [{"b": 3, "y": 2}], "z": 1},
        }
        assert list(unstructure(org)["extensions"]["b:x"]) == ["a", "z"]

    def test_output_format(self):
        """Output is UTF-8 text with two-space indents, unescaped unicode and a final newline."""
        org = Organisation(id="o", name='Łódź — "quoted"\nline', kind=OrganisationKind.CHARITY)
        text = dumps(org)
        assert text.endswith("}\n")
        assert '\n  "name": "Łódź — \\"quoted\\"\\nline",\n' in text
        assert dumpb(org) == text.encode("utf-8")

    def test_same_bytes_in_another_process(self, tmp_path):
        """Output does not depend on hash randomisation: two processes write the same bytes."""
        source = ROOT / "examples" / "against-the-odds.json"
        if not source.is_file():
            pytest.skip("the example evidence base is not in this checkout")
        script = (
            "import sys, innovscale;"
            "sys.stdout.buffer.write(innovscale.dumpb(innovscale.load(sys.argv[1])))"
        )
        outputs = []
        for seed in ("1", "2"):
            env = {**os.environ, "PYTHONHASHSEED": seed}
            run = subprocess.run(
                [sys.executable, "-c", script, str(source)],
                capture_output=True,
                check=True,
                env=env,
            )
            outputs.append(run.stdout)
        assert outputs[0] == outputs[1]
        assert outputs[0] == dumpb(load(source))


# -- Strictness: invariants, unknown fields, no coercion --------------------------------------


def _base_with_four_innovations() -> dict[str, Any]:
    """Unstructured data of a valid base with four innovations, to break one of them."""
    base = acceptance_base()
    innovations = [
        attrs.evolve(base.innovations[0], id=f"innovation-{n}", sources=()) for n in range(3)
    ]
    return unstructure(attrs.evolve(base, innovations=(*innovations, base.innovations[0])))


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    if value is _DELETE:
        del data[path[-1]]
    else:
        data[path[-1]] = value


_DELETE = object()
_INNOVATION = ("innovations", 3)
_ELEMENT = (*_INNOVATION, "elements", 0)
_ADOPTION = ("adoptions", 0)
_EVIDENCE = ("evidence", 0)

#: (name, changes to the valid base: (path, new value) pairs, expected code, expected path)
INVARIANT_CASES: list[tuple[str, list[tuple[tuple[Any, ...], Any]], str, str]] = [
    (
        "enum",
        [((*_ELEMENT, "kind"), "kore")],
        "value.enum",
        "$.innovations[3].elements[0].kind",
    ),
    ("id pattern", [((*_INNOVATION, "id"), "DAFNE")], "value.pattern", "$.innovations[3].id"),
    (
        "id length",
        [((*_ELEMENT, "id"), "e" * 101)],
        "value.maxLength",
        "$.innovations[3].elements[0].id",
    ),
    ("empty text", [((*_INNOVATION, "name"), "")], "value.minLength", "$.innovations[3].name"),
    (
        "empty text item",
        [((*_INNOVATION, "aliases"), ["DAFNE", ""])],
        "value.minLength",
        "$.innovations[3].aliases[1]",
    ),
    (
        "reference pattern in a list",
        [((*_INNOVATION, "sources"), ["heller-2002", "Heller 2002"])],
        "value.pattern",
        "$.innovations[3].sources[1]",
    ),
    (
        "repeated items",
        [((*_INNOVATION, "sources"), ["heller-2002", "heller-2002"])],
        "value.uniqueItems",
        "$.innovations[3].sources",
    ),
    (
        "no elements",
        [((*_INNOVATION, "elements"), [])],
        "value.minItems",
        "$.innovations[3].elements",
    ),
    (
        "no core element",
        [((*_ELEMENT, "kind"), "adaptable"), ((*_INNOVATION, "elements", 1, "kind"), "adaptable")],
        "innovation.no_core_element",
        "$.innovations[3].elements",
    ),
    (
        "variation on a core element",
        [((*_ELEMENT, "variation"), "any")],
        "element.variation_on_core",
        "$.innovations[3].elements[0].variation",
    ),
    (
        "other without its text",
        [((*_INNOVATION, "kind"), "other")],
        "value.other_text",
        "$.innovations[3].kind_other",
    ),
    (
        "text without other",
        [((*_INNOVATION, "kind_other"), "a kind")],
        "value.other_text",
        "$.innovations[3].kind_other",
    ),
    (
        "many others without text",
        [((*_ADOPTION, "adaptations", 0, "goals"), ["increase_reach", "other"])],
        "value.other_text",
        "$.adoptions[0].adaptations[0].goals_other",
    ),
    (
        "vehicle licensing itself",
        [
            (
                (*_INNOVATION, "scaling_vehicles"),
                [
                    {
                        "id": "v",
                        "organisation": "city-hospital",
                        "type": "spin_out",
                        "licenses_from": "v",
                    }
                ],
            )
        ],
        "vehicle.licenses_itself",
        "$.innovations[3].scaling_vehicles[0].licenses_from",
    ),
    (
        "origin date",
        [((*_INNOVATION, "origins"), [{"date": "2019-02-29"}])],
        "date.invalid",
        "$.innovations[3].origins[0].date",
    ),
    ("url", [((*_INNOVATION, "url"), "www.example.org")], "value.pattern", "$.innovations[3].url"),
    (
        "extension key",
        [((*_INNOVATION, "extensions"), {"priority": "high"})],
        "value.pattern",
        "$.innovations[3].extensions.priority",
    ),
    (
        "reversed period",
        [((*_ADOPTION, "period"), {"start": "2010-03", "end": "2010-02-28"})],
        "period.reversed",
        "$.adoptions[0].period.end",
    ),
    (
        "not a real date",
        [((*_ADOPTION, "period"), {"start": "2023-02-29"})],
        "date.invalid",
        "$.adoptions[0].period.start",
    ),
    (
        "not a date",
        [((*_ADOPTION, "period"), {"start": "09/2004"})],
        "value.pattern",
        "$.adoptions[0].period.start",
    ),
    (
        "negative money",
        [
            (
                (*_ADOPTION, "support"),
                [{"kind": "funded_post", "funding": {"amount": -1, "currency": "GBP"}}],
            )
        ],
        "value.minimum",
        "$.adoptions[0].support[0].funding.amount",
    ),
    (
        "money without currency",
        [((*_ADOPTION, "support"), [{"kind": "funded_post", "funding": {"amount": 100}}])],
        "funding.amount_without_currency",
        "$.adoptions[0].support[0].funding.currency",
    ),
    (
        "currency",
        [
            (
                (*_ADOPTION, "support"),
                [{"kind": "funded_post", "funding": {"amount": 1, "currency": "gbp"}}],
            )
        ],
        "value.pattern",
        "$.adoptions[0].support[0].funding.currency",
    ),
    (
        "negative count",
        [((*_ADOPTION, "reach"), [{"metric": "patients", "value": -5}])],
        "value.minimum",
        "$.adoptions[0].reach[0].value",
    ),
    (
        "interval",
        [((*_EVIDENCE, "outcomes", 0, "low"), 0.5)],
        "outcome.interval",
        "$.evidence[0].outcomes[0].value",
    ),
    (
        "sample size",
        [((*_EVIDENCE, "outcomes", 0, "sample_size"), -1)],
        "value.minimum",
        "$.evidence[0].outcomes[0].sample_size",
    ),
    (
        "grading level",
        [((*_EVIDENCE, "gradings", 0, "level"), "3b")],
        "grading.level",
        "$.evidence[0].gradings[0].level",
    ),
    (
        "grading scheme other",
        [((*_EVIDENCE, "gradings", 0, "scheme"), "other")],
        "value.other_text",
        "$.evidence[0].gradings[0].scheme_other",
    ),
    (
        "about nothing",
        [((*_EVIDENCE, "about"), {})],
        "evidence.about_nothing",
        "$.evidence[0].about",
    ),
    (
        "element address",
        [((*_EVIDENCE, "about", "elements"), ["carbohydrate-counting"])],
        "value.pattern",
        "$.evidence[0].about.elements[0]",
    ),
    (
        "lever superseding itself",
        [
            (
                ("policy_levers",),
                [
                    {
                        "id": "l",
                        "name": "L",
                        "kind": "target",
                        "supersedes": "l",
                        "innovations": ["dafne"],
                    }
                ],
            )
        ],
        "lever.supersedes_itself",
        "$.policy_levers[0].supersedes",
    ),
    (
        "lever affecting nothing",
        [(("policy_levers",), [{"id": "l", "name": "L", "kind": "target", "innovations": []}])],
        "value.minItems",
        "$.policy_levers[0].innovations",
    ),
    (
        "reach measure without sources",
        [
            (
                ("reach_measures",),
                [{"id": "r", "innovation": "dafne", "metric": "sites", "value": 1, "sources": []}],
            )
        ],
        "value.minItems",
        "$.reach_measures[0].sources",
    ),
    (
        "country",
        [(("organisations", 0, "country"), "England")],
        "value.pattern",
        "$.organisations[0].country",
    ),
    (
        "doi",
        [(("sources", 0, "doi"), "https://doi.org/10.1136/bmj.325.7367.746")],
        "value.pattern",
        "$.sources[0].doi",
    ),
    (
        "e-mail",
        [(("maintainers",), [{"name": "A", "email": "a at b"}])],
        "value.pattern",
        "$.maintainers[0].email",
    ),
    ("format version", [(("schema_version",), "2.0-beta")], "value.const", "$.schema_version"),
    (
        "a share above 100 per cent",
        [((*_EVIDENCE, "outcomes"), [{"measure": "m", "value": 841, "unit": "percent"}])],
        "outcome.share_range",
        "$.evidence[0].outcomes[0].value",
    ),
    (
        "money without its currency",
        [
            (
                (*_EVIDENCE, "outcomes"),
                [{"measure": "m", "value": 2100, "unit": "currency_per_qaly"}],
            )
        ],
        "outcome.money_without_currency",
        "$.evidence[0].outcomes[0].currency",
    ),
    (
        "vehicle with no organisation",
        [((*_INNOVATION, "scaling_vehicles"), [{"id": "v", "type": "charity"}])],
        "vehicle.no_organisation",
        "$.innovations[3].scaling_vehicles[0]",
    ),
    (
        "innovation related to itself",
        [((*_INNOVATION, "relations"), [{"kind": "renamed_from", "innovation": "dafne"}])],
        "innovation.related_to_itself",
        "$.innovations[3].relations",
    ),
    (
        "financial year of years that do not follow",
        [((*_ADOPTION, "period"), {"financial_year": "2020/22"})],
        "period.financial_year",
        "$.adoptions[0].period.financial_year",
    ),
    (
        "adoption with no adopter",
        [(("adoptions", 0, "adopter"), _DELETE)],
        "adoption.adopter",
        "$.adoptions[0]",
    ),
    (
        "adoption part of itself",
        [(("adoptions", 0, "part_of"), "dafne-at-city")],
        "adoption.part_of_itself",
        "$.adoptions[0].part_of",
    ),
    (
        "source without a title, web address or DOI",
        [(("sources", 0, "title"), _DELETE)],
        "source.unidentified",
        "$.sources[0]",
    ),
    (
        "format version missing",
        [(("schema_version",), _DELETE)],
        "value.required",
        "$.schema_version",
    ),
    (
        "required field",
        [((*_ELEMENT, "function"), _DELETE)],
        "value.required",
        "$.innovations[3].elements[0].function",
    ),
    (
        "unknown field",
        [((*_ELEMENT, "functoin"), "x")],
        "value.unknown_field",
        "$.innovations[3].elements[0].functoin",
    ),
    (
        "range without its upper bound",
        [
            (
                (*_ELEMENT, "benchmarks"),
                [
                    {
                        "id": "ages",
                        "kind": "eligibility",
                        "measure": "age",
                        "comparator": "between",
                        "threshold": 16,
                        "unit": "years",
                    }
                ],
            )
        ],
        "benchmark.upper",
        "$.innovations[3].elements[0].benchmarks[0].upper",
    ),
    (
        "range upside down",
        [
            (
                (*_ELEMENT, "benchmarks"),
                [
                    {
                        "id": "ages",
                        "kind": "eligibility",
                        "measure": "age",
                        "comparator": "between",
                        "threshold": 25,
                        "upper": 16,
                        "unit": "years",
                    }
                ],
            )
        ],
        "benchmark.range",
        "$.innovations[3].elements[0].benchmarks[0].upper",
    ),
    (
        "number too large for a float",
        [((*_EVIDENCE, "outcomes", 0, "value"), 10**400)],
        "value.invalid",
        "$.evidence[0].outcomes[0].value",
    ),
]


class TestInvariants:
    @pytest.mark.parametrize(
        ("changes", "code", "path"),
        [case[1:] for case in INVARIANT_CASES],
        ids=[case[0] for case in INVARIANT_CASES],
    )
    def test_counter_example(self, changes, code, path):
        """Each invariant rejects a counter-example with its code, at its JSON path and position."""
        data = _base_with_four_innovations()
        for where, value in changes:
            _set(data, where, value)
        assert issues_of(structure, data) == [(code, path)]
        text = json.dumps(data, indent=2)
        issue = only_issue(loads, text, source="base.json")
        assert (issue.code, issue.json_path) == (code, path)
        assert issue.source == "base.json"
        assert issue.line is not None
        assert issue.column is not None
        assert issue.hint

    def test_not_finite(self):
        """
        A number too large for a float (1e400) and NaN are refused when parsing, so
        nothing loads that cannot be written; a Python NaN is value.not_finite.
        """
        text = '{"measure": "m", "value": 1e400}'
        assert issues_of(loads, text, Outcome) == [("parse.nonfinite", "$.value")]
        assert issues_of(structure, {"measure": "m", "low": float("nan")}, Outcome) == [
            ("value.not_finite", "$.low")
        ]
        assert issues_of(loads, '{"measure": "m", "value": NaN}', Outcome) == [
            ("parse.nonfinite", "$.value")
        ]

    def test_every_rule_has_a_counter_example(self):
        """The cases above break every cross-field rule of the model."""
        rule_codes = {rule.code for cls in MODEL_TYPES for rule in class_rules(cls)}
        assert rule_codes <= {case[2] for case in INVARIANT_CASES}

    @given(base=ist.evidence_bases(), data=st.data())
    def test_bad_code_anywhere_is_located(self, base, data):
        """A bad element kind in any innovation of any base is found at its path and position."""
        assume(base.innovations)
        i = data.draw(st.integers(0, len(base.innovations) - 1))
        j = data.draw(st.integers(0, len(base.innovations[i].elements) - 1))
        doc = unstructure(base)
        doc["innovations"][i]["elements"][j]["kind"] = "kore"
        text = json.dumps(doc, indent=2, ensure_ascii=False)
        issue = only_issue(loads, text)
        assert issue.code == "value.enum"
        assert issue.json_path == f"$.innovations[{i}].elements[{j}].kind"
        assert text.split("\n")[issue.line - 1][issue.column - 1 :].startswith('"kore"')


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    """Every (path, value) in unstructured data, objects and arrays included, outside extensions."""
    out = [(path, value)] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            if key != "extensions":
                out.extend(_leaves(item, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out.extend(_leaves(item, (*path, index)))
    return out


def _wrong_values(value: Any) -> list[Any]:
    """Values of the wrong JSON type for where ``value`` stands."""
    if isinstance(value, bool):
        return [1, "true", None]
    if isinstance(value, int):
        return [12.5, "12", True]
    if isinstance(value, float):
        return [True, "1.5", None]
    if isinstance(value, str):
        return [None, 123, True, [value]]
    if isinstance(value, list):
        return ["abc", {}, 1]
    return [[value], "x", 0]


class TestNoSilentCoercion:
    @pytest.mark.parametrize(
        ("field", "bad"),
        [
            ("name", None),
            ("name", 123),
            ("aliases", "DAFNE"),
            ("name", ["DAFNE"]),
            ("kind", True),
        ],
    )
    def test_wrong_types_in_a_record(self, field, bad):
        """null, a number or a list for a string, a string for a list are value.type."""
        data = unstructure(acceptance_base().innovations[0])
        data[field] = bad
        assert issues_of(structure, data, "innovation") == [("value.type", f"$.{field}")]

    @pytest.mark.parametrize(
        ("field", "bad"),
        [
            ("sample_size", 12.5),
            ("sample_size", "12"),
            ("value", True),
            ("value", "1.5"),
            ("sample_size", True),
        ],
    )
    def test_wrong_numbers(self, field, bad):
        """12.5 is not an integer, true is not a number, and numbers are not strings."""
        assert issues_of(structure, {"measure": "m", field: bad}, Outcome) == [
            ("value.type", f"$.{field}")
        ]

    def test_whole_floats_are_integers(self):
        """
        12.0 is an integer in JSON (as JSON Schema says); integers are numbers, kept as
        written (so 50000 is written back as 50000, and every digit of a long one stays).
        """
        outcome = structure({"measure": "m", "sample_size": 12.0, "value": 3}, Outcome)
        assert outcome.sample_size == 12
        assert type(outcome.sample_size) is int
        assert type(outcome.value) is int
        long = 123456789012345678901234567890
        assert loads(dumps(attrs.evolve(outcome, value=long)), Outcome).value == long

    def test_flags_are_booleans(self):
        """1 and "true" are not booleans."""
        data = {
            "id": "a",
            "name": "A",
            "kind": "journal_club",
            "social": 1,
            "situated": "true",
            "sustained": True,
            "starts_with_learner_question": False,
        }
        assert issues_of(structure, data, "engagement_activity") == [
            ("value.type", "$.social"),
            ("value.type", "$.situated"),
        ]

    def test_not_an_object(self):
        """A record must be an object, and the message names it with the right article."""
        issue = only_issue(structure, [], "innovation")
        assert issue.message == "expected an object (an Innovation), got an array"
        issue = only_issue(loads, "[1, 2]")
        assert (issue.code, issue.json_path, issue.line, issue.column) == ("value.type", "$", 1, 1)

    @given(base=ist.evidence_bases(), data=st.data())
    def test_any_wrong_type_is_rejected(self, base, data):
        """Replacing any value of a base by one of another JSON type is a value.type issue there."""
        doc = unstructure(base)
        path, value = data.draw(st.sampled_from(_leaves(doc)))
        bad = data.draw(st.sampled_from(_wrong_values(value)))
        _set(doc, path, bad)
        text = json.dumps(doc, indent=2, ensure_ascii=False)
        issue = only_issue(loads, text)
        assert (issue.code, issue.path) == ("value.type", path)
        at = text.split("\n")[issue.line - 1][issue.column - 1 :]
        assert at.startswith(json.dumps(bad)[:1])


class TestUnknownFields:
    def test_did_you_mean(self):
        """An unknown field is rejected with a did-you-mean hint and the key's position."""
        issue = only_issue(
            loads, '{"id": "o", "nmae": "O", "name": "O", "kind": "charity"}', "organisation"
        )
        assert (issue.code, issue.json_path, issue.line, issue.column) == (
            "value.unknown_field",
            "$.nmae",
            1,
            13,
        )
        assert issue.hint.startswith("Did you mean 'name'?")
        assert "extensions" in issue.hint

    def test_every_unknown_field_is_reported(self):
        """All unknown fields of a document are reported, not just the first."""
        data = {"id": "o", "name": "O", "kind": "charity", "zzz": 1, "yyy": 2}
        assert issues_of(structure, data, "organisation") == [
            ("value.unknown_field", "$.yyy"),
            ("value.unknown_field", "$.zzz"),
        ]

    @given(base=ist.evidence_bases(), data=st.data())
    def test_unknown_field_anywhere(self, base, data):
        """A misspelt field in any object of a base is rejected there, with a hint."""
        doc = unstructure(base)
        objects = [(p, v) for p, v in _leaves(doc) if isinstance(v, dict) and v]
        objects.append(((), doc))
        path, obj = data.draw(st.sampled_from(objects))
        key = data.draw(st.sampled_from(sorted(obj))) + "_x"
        obj[key] = 1
        issue = only_issue(structure, doc)
        assert (issue.code, issue.path) == ("value.unknown_field", (*path, key))
        assert issue.hint.startswith("Did you mean")


class TestExtensions:
    @given(ist.records(), ist.extensions())
    def test_extensions_survive(self, record, extensions):
        """Any JSON value under a namespaced key round-trips unchanged."""
        record = attrs.evolve(record, extensions=extensions)
        again = loads(dumps(record), type(record))
        assert again.extensions == extensions
        assert again == record

    def test_extensions_keep_json_types(self):
        """Extension values keep their exact JSON types: 1 stays an int, 1.0 a float."""
        ext = {"acme:n": [1, 1.0, True, None, "1", {"k": -0.0}]}
        org = Organisation(id="o", name="O", kind=OrganisationKind.CHARITY, extensions=ext)
        again = loads(dumps(org), Organisation).extensions["acme:n"]
        assert [type(v) for v in again] == [int, float, bool, type(None), str, dict]

    def test_extensions_must_be_an_object(self):
        """'extensions' must be an object."""
        data = {"id": "o", "name": "O", "kind": "charity", "extensions": ["acme:x"]}
        assert issues_of(structure, data, "organisation") == [("value.type", "$.extensions")]


# -- Files -------------------------------------------------------------------------------------


class TestFiles:
    def test_write_keeps_permissions(self, tmp_path):
        """Replacing a file keeps its permission bits; a new file gets 0o666 less the umask."""
        path = tmp_path / "base.json"
        base = EvidenceBase(id="b", title="B")
        old = os.umask(0o027)
        try:
            dump(base, path)
            assert path.stat().st_mode & 0o777 == 0o640
        finally:
            os.umask(old)
        path.chmod(0o604)
        dump(base, path)
        assert path.stat().st_mode & 0o777 == 0o604
        write_jsonl(base, path)
        assert path.stat().st_mode & 0o777 == 0o604

    def test_write_goes_through_a_symlink(self, tmp_path):
        """A symlink stays a symlink; the file it names is replaced (as editors do)."""
        real = tmp_path / "data" / "base.json"
        real.parent.mkdir()
        dump(EvidenceBase(id="old", title="Old"), real)
        link = tmp_path / "base.json"
        link.symlink_to(real)
        dump(EvidenceBase(id="new", title="New"), link)
        assert link.is_symlink()
        assert load(real).id == "new"
        assert sorted(p.name for p in real.parent.iterdir()) == ["base.json"]

    def test_killed_writes_leave_nothing_behind_the_next(self, tmp_path):
        """Temporary files of a process that has ended are removed by the next write."""
        finished = subprocess.run(
            [sys.executable, "-c", "import os; print(os.getpid())"],
            capture_output=True,
            text=True,
            check=True,
        )
        dead = int(finished.stdout)
        stale = tmp_path / f".base.json.{dead}.abc123.tmp"
        stale.write_text("half a file", encoding="utf-8")
        live = tmp_path / f".base.json.{os.getppid()}.def456.tmp"  # a running process's
        live.write_text("being written", encoding="utf-8")
        other = tmp_path / ".notes.json.1.x.tmp"
        other.write_text("another file's", encoding="utf-8")
        dump(EvidenceBase(id="b", title="B"), tmp_path / "base.json")
        assert not stale.exists()
        assert live.exists()
        assert other.exists()

    def test_killed_write_leaves_the_old_file(self, tmp_path):
        """SIGKILL during a dump leaves the old file whole; the next dump cleans up."""
        path = tmp_path / "base.json"
        dump(EvidenceBase(id="old", title="Old"), path)
        before = path.read_bytes()
        script = (
            "import innovscale, os, signal\n"
            "from innovscale._io import atomic_write\n"
            "def write(handle):\n"
            "    handle.write(b'{\"partial')\n"
            "    handle.flush()\n"
            "    os.kill(os.getpid(), signal.SIGKILL)\n"
            f"atomic_write({str(path)!r}, write)\n"
        )
        done = subprocess.run([sys.executable, "-c", script], check=False)
        assert done.returncode == -9
        assert path.read_bytes() == before
        assert len(list(tmp_path.iterdir())) == 2  # the old file and the killed write's
        dump(EvidenceBase(id="new", title="New"), path)
        assert [p.name for p in tmp_path.iterdir()] == ["base.json"]

    def test_dump_and_load(self, tmp_path):
        """dump writes dumpb's bytes; load reads them back."""
        base = acceptance_base()
        path = tmp_path / "base.json"
        dump(base, path)
        assert path.read_bytes() == dumpb(base)
        assert load(path) == base
        assert load(str(path), "evidence_base") == base

    def test_load_reports_file_line_and_column(self, tmp_path):
        """Issues from a file carry its name, line and column."""
        path = tmp_path / "org.json"
        path.write_text('{\n  "id": "macmillan",\n  "name": "Macmillan",\n  "kind": "charty"\n}\n')
        issue = only_issue(load, path, "organisation")
        assert (issue.source, issue.line, issue.column) == (str(path), 4, 11)
        assert str(issue).startswith(f"{path}:4:11: error value.enum:")

    def test_load_syntax_error_position(self, tmp_path):
        """A syntax error in a file is placed too."""
        path = tmp_path / "bad.json"
        path.write_text('{\n  "id": "x",\n  "name": "X"\n  "kind": "charity"\n}\n')
        issue = only_issue(load, path, "organisation")
        assert (issue.code, issue.source, issue.line, issue.column) == (
            "parse.syntax",
            str(path),
            4,
            3,
        )

    def test_failed_encoding_leaves_old_file(self, tmp_path):
        """A value that cannot be written fails the dump and leaves the old file byte-identical."""
        path = tmp_path / "org.json"
        org = Organisation(id="o", name="O", kind=OrganisationKind.CHARITY)
        dump(org, path)
        before = path.read_bytes()
        for bad in ({1, 2}, float("nan"), object()):
            with pytest.raises(InvariantError, match="expects a JSON value"):
                attrs.evolve(org, extensions={"acme:bad": bad})
            # Built valid, then changed in place: the dict is the one mutable part.
            broken = attrs.evolve(org, extensions={})
            broken.extensions["acme:bad"] = bad
            # The value is at fault, not the file: the error says which and where.
            with pytest.raises(InvariantError) as info:
                dump(broken, path)
            assert info.value.path == ("extensions", "acme:bad")
            assert info.value.code in {"value.type", "value.not_finite"}
            assert path.read_bytes() == before
            assert [p.name for p in tmp_path.iterdir()] == ["org.json"]

    @pytest.mark.parametrize("where", ["fsync", "replace", "write"])
    def test_failed_write_leaves_old_file(self, tmp_path, monkeypatch, where):
        """A write error at any step leaves the old file and no temporary file."""
        path = tmp_path / "base.json"
        dump(EvidenceBase(id="old", title="Old"), path)
        before = path.read_bytes()

        def fail(*args: Any, **kwargs: Any) -> Any:
            raise OSError(28, "No space left on device")

        if where == "fsync":
            monkeypatch.setattr(os, "fsync", fail)
        elif where == "replace":
            monkeypatch.setattr(Path, "replace", fail)
        else:
            monkeypatch.setattr(ser, "dumpb", fail)
        with pytest.raises(FileWriteError, match="No space left on device"):
            dump(acceptance_base(), path)
        monkeypatch.undo()
        assert path.read_bytes() == before
        assert [p.name for p in tmp_path.iterdir()] == ["base.json"]

    def test_jsonl_write_is_atomic(self, tmp_path, monkeypatch):
        """write_jsonl is atomic too: a failure half-way leaves the old file."""
        path = tmp_path / "base.jsonl"
        write_jsonl(EvidenceBase(id="old", title="Old"), path)
        before = path.read_bytes()
        calls = []

        def fail_second(record: Any) -> str:
            calls.append(record)
            if len(calls) > 1:
                raise OSError(5, "Input/output error")
            return json.dumps({"evidence_base": unstructure(record)}) + "\n"

        monkeypatch.setattr(_jsonl, "_record_line", fail_second)
        with pytest.raises(FileWriteError):
            write_jsonl(acceptance_base(), path)
        monkeypatch.undo()
        assert path.read_bytes() == before
        assert [p.name for p in tmp_path.iterdir()] == ["base.jsonl"]

    def test_missing_directory(self, tmp_path):
        """Writing into a missing directory is a FileWriteError (an OSError)."""
        with pytest.raises(FileWriteError) as caught:
            dump(acceptance_base(), tmp_path / "missing" / "base.json")
        assert isinstance(caught.value, OSError)

    def test_missing_file(self, tmp_path):
        """Reading a missing file is an OSError."""
        with pytest.raises(OSError):
            load(tmp_path / "missing.json")


# -- JSON Lines --------------------------------------------------------------------------------


class TestTypeArgument:
    def test_type_names(self):
        """type= takes a class or a record type name; an evidence base by default."""
        text = dumps(acceptance_base().sources[0])
        assert loads(text, "source") == loads(text, Source)
        for name, cls in ser.RECORD_TYPES.items():
            assert ser._resolve_type(name) is cls

    def test_unknown_type_name(self):
        """An unknown record type name is a ValueError listing the known ones."""
        with pytest.raises(
            ValueError, match="unknown record type 'innovations'; use one of: evidence_base"
        ):
            loads("{}", "innovations")
