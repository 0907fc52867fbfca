"""
Schema hygiene: every shipped schema is a well-formed, fully documented 2020-12 schema.

And from the model's side: every field, default, constraint and rule of the model
is in the schemas, or listed in ``model_only_rules()``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from jsonschema import Draft202012Validator

from innovscale import model, schema, vocab
from innovscale.model._constraints import ELEMENT_REF_PATTERN, ID_PATTERN, Constraints
from innovscale.model._rules import class_rules
from innovscale.schema._generate import SCHEMA_FILES
from innovscale.vocab import Vocabulary

if TYPE_CHECKING:
    from collections.abc import Iterator

NAMES = schema.names()
DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: Keywords whose value is a subschema, a list of subschemas or a map of subschemas.
_ONE = ("items", "contains", "not", "if", "then", "else", "propertyNames")
_MANY = ("allOf", "anyOf", "oneOf", "prefixItems")
_MAP = ("properties", "$defs", "patternProperties")


def _subschemas(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every subschema (not every dict: examples and x-terms are data), with its path."""
    if not isinstance(node, dict):
        return
    yield path, node
    for key in _ONE:
        if key in node:
            yield from _subschemas(node[key], f"{path}/{key}")
    for key in _MANY:
        for index, sub in enumerate(node.get(key, [])):
            yield from _subschemas(sub, f"{path}/{key}/{index}")
    for key in _MAP:
        for name, sub in node.get(key, {}).items():
            yield from _subschemas(sub, f"{path}/{key}/{name}")


def _declared(name: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """The schemas that declare a type: the file itself and each of its $defs."""
    loaded = schema.load(name)
    if name != "defs":
        yield "", loaded
    for def_name, sub in loaded.get("$defs", {}).items():
        yield f"/$defs/{def_name}", sub


def _all_declared() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for name in NAMES:
        for path, sub in _declared(name):
            yield name, path, sub


@pytest.mark.parametrize("name", NAMES)
def test_passes_the_2020_12_metaschema(name: str) -> None:
    """Each schema is a valid draft 2020-12 schema and says so."""
    loaded = schema.load(name)
    assert loaded["$schema"] == DIALECT
    Draft202012Validator.check_schema(loaded)


@pytest.mark.parametrize("name", NAMES)
def test_every_ref_resolves(name: str) -> None:
    """Every $ref in every schema resolves through the offline registry."""
    loaded = schema.load(name)
    resolver = schema.registry().resolver(base_uri=loaded["$id"])
    refs = [(path, sub["$ref"]) for path, sub in _subschemas(loaded) if "$ref" in sub]
    for path, ref in refs:
        resolved = resolver.lookup(ref)
        assert isinstance(resolved.contents, dict), f"{name}{path}: {ref} is not a schema"
        assert "description" in resolved.contents, f"{name}{path}: {ref} is undocumented"
    if name != "defs":
        assert refs, f"{name} has no $ref; the walk is broken"


def test_every_schema_and_def_has_title_and_description() -> None:
    """Each file and each $defs entry has a non-empty title and description."""
    missing = [
        f"{name}{path}"
        for name, path, sub in _all_declared()
        if not sub.get("title") or not sub.get("description")
    ]
    assert missing == []


def test_every_property_has_title_and_description() -> None:
    """Every property of every object schema, nested ones included, is documented."""
    checked = 0
    missing = []
    for name, path, declared in _all_declared():
        for prop, sub in declared.get("properties", {}).items():
            checked += 1
            if not sub.get("title") or not sub.get("description"):
                missing.append(f"{name}{path}/properties/{prop}")
    assert missing == []
    assert checked > 200


def test_every_record_schema_has_valid_examples() -> None:
    """Each file has examples, and each example is valid against its schema."""
    for name in NAMES:
        if name == "defs":
            continue
        examples = schema.load(name)["examples"]
        assert examples, name
        for example in examples:
            assert schema.validator(name).is_valid(example), name


def test_every_enum_value_has_a_definition() -> None:
    """Every enum, wherever it appears, carries x-terms defining each of its values."""
    enums = 0
    for name in NAMES:
        for path, sub in _subschemas(schema.load(name)):
            if "enum" not in sub:
                continue
            enums += 1
            terms = sub.get("x-terms")
            assert terms, f"{name}{path}: enum without x-terms"
            assert [t["code"] for t in terms] == sub["enum"], f"{name}{path}"
            for term in terms:
                assert term["label"], f"{name}{path}: {term['code']} has no label"
                assert term["definition"], f"{name}{path}: {term['code']} has no definition"
                assert term["source"], f"{name}{path}: {term['code']} has no source"
    assert enums > 30


def test_vocabularies_match_the_model() -> None:
    """Each vocabulary in defs lists exactly the codes of the Python vocabulary."""
    defs = schema.load("defs")["$defs"]
    vocabularies = {
        cls.__name__: cls
        for cls in vars(vocab).values()
        if isinstance(cls, type) and issubclass(cls, Vocabulary) and cls is not Vocabulary
    }
    in_defs = {k: v for k, v in defs.items() if "enum" in v}
    assert set(in_defs) <= set(vocabularies)
    for def_name, sub in in_defs.items():
        assert sub["enum"] == vocabularies[def_name].codes()
        assert sub["x-terms"] == vocabularies[def_name].terms()


def test_objects_are_closed_except_extensions() -> None:
    """Every declared object forbids extra properties; only 'extensions' is open, and namespaced."""
    for name, path, declared in _all_declared():
        if declared.get("type") != "object":
            continue
        assert declared.get("additionalProperties") is False, f"{name}{path}"
        for prop, sub in declared["properties"].items():
            if sub.get("type") == "object":
                assert prop == "extensions", f"{name}{path}/properties/{prop} is open"
                assert "pattern" in sub["propertyNames"]


def test_x_references_name_a_record_or_element_type() -> None:
    """Every x-references names a documented type, and every reference field has one."""
    titles = {sub["title"] for _, _, sub in _all_declared()}
    for name, path, declared in _all_declared():
        for prop, sub in declared.get("properties", {}).items():
            where = f"{name}{path}/properties/{prop}"
            target = sub.get("x-references")
            if target is not None:
                assert target in titles, f"{where}: unknown type {target!r}"
            pattern = sub.get("pattern") or sub.get("items", {}).get("pattern")
            if pattern in (ID_PATTERN, ELEMENT_REF_PATTERN) and prop != "id":
                assert target is not None, f"{where} holds ids but has no x-references"
            if target is not None:
                assert pattern in (ID_PATTERN, ELEMENT_REF_PATTERN), f"{where}: not an id"


def _model_classes() -> list[type[Any]]:
    return [
        cls
        for cls in (getattr(model, name) for name in model.__all__)
        if isinstance(cls, type) and attrs.has(cls) and cls is not model.PartialDate
    ]


def _class_schema(cls: type[Any]) -> dict[str, Any]:
    if cls in SCHEMA_FILES:
        return schema.load(SCHEMA_FILES[cls].removesuffix(".schema.json"))
    result: dict[str, Any] = schema.load("defs")["$defs"][cls.__name__]
    return result


@pytest.mark.parametrize("cls", _model_classes(), ids=lambda c: c.__name__)
def test_every_model_constraint_is_in_the_schema(cls: type[Any]) -> None:
    """Fields, requiredness, defaults, every Constraints keyword and every rule fragment appear."""
    declared = _class_schema(cls)
    fields = attrs.fields(cls)
    assert list(declared["properties"]) == [f.name for f in fields]
    required = [
        f.name for f in fields if f.default is attrs.NOTHING or f.metadata.get("required_in_json")
    ]
    assert declared.get("required", []) == required
    for field in fields:
        prop = declared["properties"][field.name]
        assert prop["description"] == field.metadata["description"]
        if isinstance(field.validator, Constraints):
            for keyword, value in field.validator.keywords.items():
                assert prop[keyword] == value, f"{cls.__name__}.{field.name}: {keyword}"
            for keyword, value in field.validator.items.items():
                assert prop["items"][keyword] == value, f"{cls.__name__}.{field.name}[]"
        elif field.validator is not None:  # pragma: no cover - a guard for new validators
            pytest.fail(f"{cls.__name__}.{field.name} has a validator the generator cannot read")
    fragments = [rule.schema for rule in class_rules(cls) if rule.schema is not None]
    assert declared.get("allOf", []) == fragments


def test_model_only_rules_are_exactly_the_rules_without_a_schema() -> None:
    """Every rule is either in the schema or listed in model_only_rules(), never neither."""
    listed = {(r["class"], r["code"]) for r in schema.model_only_rules()}
    expected = {
        (cls.__name__, rule.code)
        for cls in _model_classes()
        for rule in class_rules(cls)
        if rule.schema is None
    }
    assert listed == expected | {
        ("PartialDate", "date.invalid"),
        ("every number field", "value.not_finite"),
        ("every text field", "value.surrogate"),
    }
    for rule in schema.model_only_rules():
        assert rule["rule"]
        assert re.fullmatch(r"[a-z_]+\.[a-z_A-Z]+", rule["code"])
