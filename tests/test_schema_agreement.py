"""
Verdict agreement: the model and the JSON Schemas accept and reject the same documents.

Four directions, each with hypothesis:

(a) every value the model can hold, unstructured, is valid against its schema;
(b) documents generated *from* the schemas (hypothesis-jsonschema) structure into the
    model, unless they break a rule in ``schema.model_only_rules()``, in which case
    the model rejects them with exactly that rule's code;
(c) near-valid mutations of valid documents are rejected by the schema and the model;
(d) the examples in the schemas are accepted by both.

Every schema verdict is taken from both ``jsonschema`` and ``jsonschema_rs``, which must
agree; so are the verdicts on ``examples/*.json`` and ``tests/fixtures/**``.
"""

from __future__ import annotations

import copy
import enum
import types
import typing
from typing import TYPE_CHECKING, Any

import attrs
import hypothesis_jsonschema._from_schema as hjs_from_schema
import jsonschema_rs
import orjson
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from hypothesis.internal.conjecture import utils as conjecture_utils
from hypothesis_jsonschema import from_schema
from jsonschema import Draft202012Validator

from conftest import ROOT
from innovscale import InvalidDocument, schema, strategies
from innovscale.model import EvidenceBase, PartialDate
from innovscale.model._constraints import Constraints
from innovscale.schema._generate import SCHEMA_FILES
from innovscale.serialization import RECORD_TYPES, converter, structure, unstructure
from innovscale.vocab import Vocabulary

#: About half of the suite's time: skipped by a quick local run (-m 'not slow').
pytestmark = pytest.mark.slow

if TYPE_CHECKING:
    from pathlib import Path

MODEL_ONLY = {rule["code"] for rule in schema.model_only_rules()}
SCHEMA_OF = {cls: file.removesuffix(".schema.json") for cls, file in SCHEMA_FILES.items()}
RECORDS = sorted(SCHEMA_OF, key=lambda cls: cls.__name__)


# --- hypothesis-jsonschema 0.23.1 and hypothesis >= 6.14x -------------------------------
# hypothesis-jsonschema drives object generation with the private
# ``hypothesis.internal.conjecture.utils.many(...).more()``, which newer hypothesis
# replaced by an iterator. This stand-in keeps the old protocol (no span bookkeeping,
# so shrinking is a little weaker) until hypothesis-jsonschema catches up.
class _Many:
    def __init__(self, data: Any, min_size: int, max_size: float, average_size: float) -> None:
        self.data, self.min_size, self.max_size = data, min_size, max_size
        self.p_continue = conjecture_utils._calc_p_continue(
            average_size - min_size, max_size - min_size
        )
        self.count = 0
        self.rejections = 0
        self.stop = False

    def more(self) -> bool:
        if self.stop or self.count >= self.max_size:
            return False
        go = self.count < self.min_size or self.data.draw_boolean(self.p_continue)
        self.count += go
        return bool(go)

    def reject(self, why: str | None = None) -> None:
        self.count -= 1
        self.rejections += 1
        if self.rejections > max(3, 2 * self.count):
            if self.count < self.min_size:
                self.data.mark_invalid(why)
            self.stop = True


if not hasattr(conjecture_utils.many, "more"):
    hjs_from_schema.cu = types.SimpleNamespace(many=_Many)  # type: ignore[attr-defined]


# --- the two engines ----------------------------------------------------------------------
def _refuse(uri: str) -> Any:
    raise AssertionError(f"jsonschema_rs tried to retrieve {uri}")


RS_REGISTRY = jsonschema_rs.Registry(
    [(schema.uri(name), schema.load(name)) for name in schema.names()], retriever=_refuse
)


def _rs(target: dict[str, Any]) -> Any:
    return jsonschema_rs.validator_for(
        target, registry=RS_REGISTRY, retriever=_refuse, validate_formats=True
    )


RS = {name: _rs(schema.load(name)) for name in schema.names()}


def schema_verdict(name: str, document: Any) -> bool:
    """Whether ``document`` is valid against schema ``name``; both engines must agree."""
    python = schema.validator(name).is_valid(document)
    rust = RS[name].is_valid(document)
    assert python == rust, f"jsonschema says {python}, jsonschema_rs says {rust}: {document!r}"
    return python


def model_codes(document: Any, cls: type[Any]) -> set[str]:
    """The issue codes the model reports for ``document``; empty when it structures."""
    try:
        structure(document, cls)
    except InvalidDocument as exc:
        return {issue.code for issue in exc.report.issues}
    return set()


def _budget(weight: int = 1) -> int:
    """A share of the profile's examples for slow, deeply nested generators."""
    return max(10, settings().max_examples // weight)


# --- (a) model values validate --------------------------------------------------------------
@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_every_model_value_validates(cls: type[Any]) -> None:
    """Any value the model can hold, unstructured, passes its schema in both engines."""
    name = SCHEMA_OF[cls]
    weight = 4 if cls is EvidenceBase else 1

    @settings(max_examples=_budget(weight))
    @given(strategies.for_type(cls))
    def check(value: Any) -> None:
        document = unstructure(value)
        assert schema_verdict(name, document), list(schema.validator(name).iter_errors(document))

    check()


def test_consistent_evidence_bases_validate() -> None:
    """Consistent evidence bases (every reference resolving) pass the evidence-base schema."""

    @settings(max_examples=_budget(4))
    @given(strategies.evidence_bases())
    def check(base: EvidenceBase) -> None:
        assert schema_verdict("evidence-base", unstructure(base))

    check()


# --- (b) schema documents structure -----------------------------------------------------------
def _declared_types() -> list[tuple[str, type[Any]]]:
    """Every object type with a schema: each record's file, and each class in defs."""
    from innovscale import model

    out = [(SCHEMA_OF[cls], cls) for cls in RECORDS]
    defs = schema.load("defs")["$defs"]
    for def_name in defs:
        cls = getattr(model, def_name, None)
        if isinstance(cls, type) and attrs.has(cls) and cls not in SCHEMA_OF:
            out.append((f"defs#{def_name}", cls))
    return out


def _small(node: Any) -> Any:
    """The schema with every array capped at two items: a subset, generated much faster."""
    if isinstance(node, list):
        return [_small(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _small(value) for key, value in node.items()}
    if out.get("type") == "array":
        out["maxItems"] = max(out.get("minItems", 0), min(out.get("maxItems", 2), 2))
    return out


def _bundle(target: str) -> dict[str, Any]:
    if "#" not in target:
        return schema.bundle(target)
    _, def_name = target.split("#")
    ref = {"$ref": f"{schema.uri('defs')}#/$defs/{def_name}"}
    inlined: dict[str, Any] = schema._inline(ref, schema.registry().resolver(), ())
    return inlined


#: Records whose generated documents nest many rule-bearing objects get fewer examples;
#: each nested type also has its own full-budget test from its $defs entry.
_WEIGHT = {"innovation": 8, "evidence": 4, "adoption": 4, "evidence-base": 20}


@pytest.mark.parametrize(
    ("target", "cls"), _declared_types(), ids=lambda v: v if isinstance(v, str) else v.__name__
)
def test_documents_from_the_schema_structure(target: str, cls: type[Any]) -> None:
    """What the schema accepts, the model accepts, but for the model-only rules, by code."""
    seen: dict[str, int] = {}
    bundled = _bundle(target)
    python, rust = Draft202012Validator(bundled), jsonschema_rs.validator_for(bundled)
    # hypothesis-jsonschema knows drafts 4 to 7: it ignores 2020-12's dependentRequired,
    # so keep only what the schema accepts.
    documents = from_schema(_small(bundled)).filter(python.is_valid)

    @settings(
        max_examples=_budget(_WEIGHT.get(target, 1)),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(documents)
    def check(document: Any) -> None:
        assert rust.is_valid(document)
        if "#" not in target:
            assert schema_verdict(target, document)
        codes = model_codes(document, cls)
        assert codes <= MODEL_ONLY, f"the model rejects a schema-valid document: {codes}"
        for code in codes or {"ok"}:
            seen[code] = seen.get(code, 0) + 1

    check()
    assert seen.get("ok", 0) > 0, seen


@pytest.mark.parametrize(
    ("document", "cls", "code"),
    [
        ({"start": "2010", "end": "2009"}, "Period", "period.reversed"),
        ({"measure": "m", "value": 5, "low": 6}, "Outcome", "outcome.interval"),
        (
            {"id": "v", "organisation": "o", "type": "spin_out", "licenses_from": "v"},
            "ScalingVehicle",
            "vehicle.licenses_itself",
        ),
        ({"start": "2023-02-29"}, "Period", "date.invalid"),
    ],
)
def test_model_only_rules_pass_the_schema_and_fail_the_model(
    document: dict[str, Any], cls: str, code: str
) -> None:
    """A document breaking only a model-only rule is schema-valid and fails with that code."""
    from innovscale import model

    assert code in MODEL_ONLY
    validator = Draft202012Validator(_bundle(f"defs#{cls}"))
    assert validator.is_valid(document)
    assert _rs(_bundle(f"defs#{cls}")).is_valid(document)
    assert model_codes(document, getattr(model, cls)) == {code}


# --- (c) near-valid mutations are rejected by both ---------------------------------------------
def _unwrap(type_: Any) -> tuple[Any, bool]:
    """The field type without ``| None``, and whether it was optional."""
    if typing.get_origin(type_) in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(type_) if a is not type(None)]
        return inner, True
    return type_, False


def _objects(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    """Every attrs object inside ``value`` with its JSON path."""
    out = [(path, value)]
    for field in attrs.fields(type(value)):
        inner = getattr(value, field.name)
        if attrs.has(type(inner)) and not isinstance(inner, PartialDate):
            out.extend(_objects(inner, (*path, field.name)))
        elif isinstance(inner, tuple):
            for index, item in enumerate(inner):
                if attrs.has(type(item)):
                    out.extend(_objects(item, (*path, field.name, index)))
    return out


def _wrong_type(type_: Any) -> Any:
    origin = typing.get_origin(type_)
    if origin is tuple:
        return {"not": "an array"}
    if origin is dict or attrs.has(type_):
        return ["not", "an object"]
    if type_ in (int, float):
        return "12"
    if type_ is bool:
        return "true"
    return 12  # strings, dates, vocabulary codes


def _mutations(value: Any) -> list[tuple[str, tuple[Any, ...], Any, str]]:
    """Every applicable mutation as (kind, path, new value or a marker, expected code)."""
    hints_cache: dict[type[Any], dict[str, Any]] = {}
    document = unstructure(value)
    out: list[tuple[str, tuple[Any, ...], Any, str]] = []
    for path, obj in _objects(value):
        cls = type(obj)
        hints = hints_cache.setdefault(cls, typing.get_type_hints(cls))
        here = document
        for step in path:
            here = here[step]
        out.append(("extra field", (*path, "zz_unknown"), 1, "value.unknown_field"))
        for field in attrs.fields(cls):
            type_, optional = _unwrap(hints[field.name])
            where = (*path, field.name)
            present = field.name in here
            required = field.default is attrs.NOTHING or field.metadata.get("required_in_json")
            if required:
                out.append(("missing required", where, _DELETE, "value.required"))
            if optional:
                out.append(("null for optional", where, None, "value.type"))
            if not present:
                continue
            current = here[field.name]
            out.append(("wrong type", where, _wrong_type(type_), "value.type"))
            if isinstance(type_, type) and issubclass(type_, Vocabulary):
                out.append(("wrong enum", where, "zz-not-a-code", "value.enum"))
            if type_ is PartialDate:
                out.append(("bad pattern", where, "2021-13", "value.pattern"))
            if not isinstance(field.validator, Constraints):
                continue
            keywords, items = field.validator.keywords, field.validator.items
            if "pattern" in keywords:
                out.append(("bad pattern", where, "Not An Id!", "value.pattern"))
            if keywords.get("minLength") == 1:
                out.append(("empty text", where, "", "value.minLength"))
            if "minimum" in keywords:
                out.append(("below minimum", where, keywords["minimum"] - 1, "value.minimum"))
            if "maximum" in keywords:
                out.append(("above maximum", where, keywords["maximum"] + 1, "value.maximum"))
            if keywords.get("minItems") == 1:
                out.append(("empty array", where, [], "value.minItems"))
            if keywords.get("uniqueItems") and current:
                out.append(("duplicate", where, [*current, current[0]], "value.uniqueItems"))
            if current and "pattern" in items:
                out.append(("bad item pattern", (*where, 0), "Not An Id!", "value.pattern"))
            if current and items.get("minLength") == 1:
                out.append(("empty item", (*where, 0), "", "value.minLength"))
    return out


_DELETE = object()


def _apply(document: Any, path: tuple[Any, ...], new: Any) -> Any:
    out = copy.deepcopy(document)
    here = out
    for step in path[:-1]:
        here = here[step]
    if new is _DELETE:
        del here[path[-1]]
    else:
        here[path[-1]] = new
    return out


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_near_valid_mutations_are_rejected_by_both(cls: type[Any]) -> None:
    """Wrong enum, missing field, wrong type, extra field, out of range, bad pattern, empty
    text, null, duplicate: the schema (both engines) and the model all reject, with the
    expected code."""
    name = SCHEMA_OF[cls]
    kinds: set[str] = set()

    @settings(max_examples=_budget(4 if cls is EvidenceBase else 1))
    @given(strategies.for_type(cls), st.data())
    def check(value: Any, data: st.DataObject) -> None:
        by_kind: dict[str, list[tuple[str, tuple[Any, ...], Any, str]]] = {}
        for mutation in _mutations(value):
            by_kind.setdefault(mutation[0], []).append(mutation)
        # One mutation of every applicable kind, each drawn at random within its kind.
        for kind in sorted(by_kind):
            _, path, new, code = data.draw(st.sampled_from(by_kind[kind]), label=kind)
            mutated = _apply(unstructure(value), path, new)
            kinds.add(kind)
            assert not schema_verdict(name, mutated), f"{kind} at {path} passes the schema"
            codes = model_codes(mutated, cls)
            assert code in codes, f"{kind} at {path}: expected {code}, the model said {codes}"

    check()
    assert {"extra field", "wrong type"} <= kinds


# --- (d) the schemas' own examples -------------------------------------------------------------
@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_schema_examples_are_accepted_by_both(cls: type[Any]) -> None:
    """Each record schema's examples pass both engines and structure into the model."""
    name = SCHEMA_OF[cls]
    for example in schema.load(name)["examples"]:
        assert schema_verdict(name, example)
        assert model_codes(example, cls) == set()


def test_jsonl_line_example_is_accepted_by_both() -> None:
    """The JSON Lines line schema's example is valid, and its record structures."""
    for example in schema.load("jsonl-line")["examples"]:
        assert schema_verdict("jsonl-line", example)
        ((type_name, record),) = example.items()
        assert model_codes(record, RECORD_TYPES[type_name]) == set()


def test_property_examples_are_accepted_by_both() -> None:
    """Every property's examples pass the property's schema and the model's field checks."""
    from innovscale import model

    checked = 0
    for cls in [getattr(model, n) for n in model.__all__]:
        if not (isinstance(cls, type) and attrs.has(cls)) or cls is PartialDate:
            continue
        hints = typing.get_type_hints(cls)
        for field in attrs.fields(cls):
            if "examples" not in field.metadata:
                continue
            if cls in SCHEMA_OF:
                pointer = f"{schema.uri(SCHEMA_OF[cls])}#/properties/{field.name}"
            else:
                pointer = f"{schema.uri('defs')}#/$defs/{cls.__name__}/properties/{field.name}"
            python = Draft202012Validator({"$ref": pointer}, registry=schema.registry())
            rust = _rs({"$ref": pointer})
            for example in field.metadata["examples"]:
                assert python.is_valid(example), (cls, field.name)
                assert rust.is_valid(example), (cls, field.name)
                type_, _ = _unwrap(hints[field.name])
                value = converter.structure(example, type_)
                if field.validator is not None:
                    field.validator(None, field, value)
                checked += 1
    assert checked >= 5


# --- both engines on the shipped example and the fixtures ----------------------------------------
def _documents() -> list[Path]:
    return sorted(
        [
            *ROOT.glob("examples/*.json"),
            *ROOT.glob("tests/fixtures/valid/*.json"),
            *ROOT.glob("tests/fixtures/invalid/*.json"),
        ],
    )


@pytest.mark.parametrize("path", _documents(), ids=lambda p: str(p.relative_to(ROOT)))
def test_both_engines_agree_on_files(path: Path) -> None:
    """jsonschema and jsonschema_rs give the same verdict on every example and fixture file."""
    try:
        document = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError:
        pytest.skip("not JSON (a parse-tier fixture): no schema verdict to compare")
    schema_verdict("evidence-base", document)


@pytest.mark.parametrize("path", sorted(ROOT.glob("tests/fixtures/*valid/*.jsonl")), ids=str)
def test_both_engines_agree_on_json_lines(path: Path) -> None:
    """Both engines give the same verdict on every line of every JSON Lines fixture."""
    for line in path.read_bytes().splitlines():
        if line.strip():
            try:
                document = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue
            schema_verdict("jsonl-line", document)


def test_the_example_evidence_base_is_valid() -> None:
    """examples/against-the-odds.json is valid in both engines and in the model."""
    path = ROOT / "examples" / "against-the-odds.json"
    if not path.exists():  # pragma: no cover - the example is part of the repository
        pytest.fail("examples/against-the-odds.json is missing")
    document = orjson.loads(path.read_bytes())
    assert schema_verdict("evidence-base", document)
    assert model_codes(document, EvidenceBase) == set()


def test_vocabulary_codes_are_enums() -> None:
    """Sanity check for the mutation walker: vocabularies are the only enums in the model."""
    assert issubclass(Vocabulary, enum.Enum)
