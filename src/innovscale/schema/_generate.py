"""Generate the JSON Schemas from the model: the model is the single source of truth."""

from __future__ import annotations

import enum
import inspect
import types
import typing
from typing import Any

import attrs

from innovscale.model import (
    RECORD_COLLECTIONS,
    RECORD_TYPES,
    SCHEMA_VERSION,
    EvidenceBase,
    PartialDate,
)
from innovscale.model._constraints import DATE_PATTERN, Constraints
from innovscale.model._rules import class_rules
from innovscale.model._types import VALUE_NOT_FINITE, VALUE_SURROGATE
from innovscale.model.dates import DATE_INVALID
from innovscale.schema._examples import EXAMPLES
from innovscale.vocab import Vocabulary

__all__ = ["BASE_URI", "DEFS_FILE", "SCHEMA_FILES", "generate", "model_only_rules"]

#: The base URI of this version's schemas; each file's ``$id`` is this plus its name.
BASE_URI = f"https://innovscale.org/schemas/{SCHEMA_VERSION}/"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
DEFS_FILE = "defs.schema.json"
JSONL_FILE = "jsonl-line.schema.json"
BASE_FILE = "evidence-base.schema.json"


def _file_name(cls: type[Any]) -> str:
    out = []
    for i, char in enumerate(cls.__name__):
        if char.isupper() and i:
            out.append("-")
        out.append(char.lower())
    return "".join(out) + ".schema.json"


#: Top-level record classes, each with its own schema file.
SCHEMA_FILES: dict[type[Any], str] = {cls: _file_name(cls) for cls in RECORD_COLLECTIONS.values()}
SCHEMA_FILES[EvidenceBase] = BASE_FILE


def _doc(obj: Any) -> str:
    text = inspect.getdoc(obj) or ""
    return " ".join(text.split("\n\n")[0].split())


#: Words spelled differently in a property's title than in its field name.
_TITLE_WORDS = {"id": "ID", "url": "URL", "doi": "DOI", "reaim": "RE-AIM", "4s": "4S"}


def _title(field_name: str) -> str:
    """A property's title from its field name: ``claim_status`` -> ``Claim status``."""
    words = [_TITLE_WORDS.get(word, word) for word in field_name.split("_")]
    return " ".join(words)[:1].upper() + " ".join(words)[1:]


def _default(field: attrs.Attribute[Any]) -> tuple[bool, Any]:
    """Whether the field has a default worth stating in the schema, and that default as JSON."""
    default: Any = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        default = default.factory()
    if default is attrs.NOTHING or default is None or field.metadata.get("required_in_json"):
        return False, None
    if isinstance(default, enum.Enum):
        return True, default.value
    if isinstance(default, tuple):
        return True, list(default)
    return True, default


class _Generator:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}
        self.pending: list[type[Any]] = []

    def ref(self, cls: type[Any], here: str) -> dict[str, Any]:
        if cls in SCHEMA_FILES:
            target = SCHEMA_FILES[cls]
            return {"$ref": target if target != here else "#"}
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = None  # reserve, then fill
            if issubclass(cls, Vocabulary):
                self.defs[name] = self.vocabulary(cls)
            else:
                self.defs[name] = self.object(cls, DEFS_FILE)
        prefix = "" if here == DEFS_FILE else DEFS_FILE
        return {"$ref": f"{prefix}#/$defs/{name}"}

    @staticmethod
    def vocabulary(vocabulary: type[Vocabulary]) -> dict[str, Any]:
        return {
            "title": vocabulary.__name__,
            "description": _doc(vocabulary),
            "type": "string",
            "enum": vocabulary.codes(),
            "x-terms": vocabulary.terms(),
        }

    def type_schema(self, type_: Any, here: str) -> dict[str, Any]:  # noqa: PLR0911 - one schema per shape of field type
        origin = typing.get_origin(type_)
        args = typing.get_args(type_)
        if origin in (typing.Union, types.UnionType):
            (inner,) = [a for a in args if a is not type(None)]
            return self.type_schema(inner, here)
        if origin is tuple:
            return {"type": "array", "items": self.type_schema(args[0], here)}
        if origin is dict:
            return {"type": "object"}
        if type_ is str:
            return {"type": "string"}
        if type_ is bool:
            return {"type": "boolean"}
        if type_ is int:
            return {"type": "integer"}
        if type_ is float:
            return {"type": "number"}
        if type_ is PartialDate:
            prefix = "" if here == DEFS_FILE else DEFS_FILE
            self.defs.setdefault(
                "date",
                {
                    "title": "date",
                    "description": _doc(PartialDate),
                    "type": "string",
                    "pattern": DATE_PATTERN,
                    "examples": ["1975", "2009-12", "2014-10-01"],
                },
            )
            return {"$ref": f"{prefix}#/$defs/date"}
        if isinstance(type_, type) and (attrs.has(type_) or issubclass(type_, enum.Enum)):
            return self.ref(type_, here)
        raise TypeError(f"no JSON Schema for {type_!r}")  # pragma: no cover

    def object(self, cls: type[Any], here: str) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            schema = self.type_schema(hints[field.name], here)
            if isinstance(field.validator, Constraints):
                extra = field.validator.schema()
                if "items" in extra:
                    schema["items"] = {**schema["items"], **extra.pop("items")}
                schema.update(extra)
            meta = field.metadata
            schema = {"title": _title(field.name), "description": meta["description"], **schema}
            has_default, default = _default(field)
            if has_default:
                schema["default"] = default
            if "references" in meta:
                schema["x-references"] = meta["references"]
            if "examples" in meta:
                schema["examples"] = meta["examples"]
            properties[field.name] = schema
            if field.default is attrs.NOTHING or meta.get("required_in_json"):
                required.append(field.name)
        out: dict[str, Any] = {
            "title": cls.__name__,
            "description": _doc(cls),
            "type": "object",
            "properties": properties,
        }
        if required:
            out["required"] = required
        out["additionalProperties"] = False
        fragments = [rule.schema for rule in class_rules(cls) if rule.schema is not None]
        if fragments:
            out["allOf"] = fragments
        return out


def _record_schema(gen: _Generator, cls: type[Any]) -> dict[str, Any]:
    name = SCHEMA_FILES[cls]
    body = gen.object(cls, name)
    return {
        "$schema": DIALECT,
        "$id": BASE_URI + name,
        **body,
        "examples": [EXAMPLES[cls]],
    }


def _jsonl_schema() -> dict[str, Any]:
    return {
        "$schema": DIALECT,
        "$id": BASE_URI + JSONL_FILE,
        "title": "JSON Lines line",
        "description": (
            "One line of a JSON Lines evidence base: an object with exactly one key, "
            "the record type, whose value is the record."
        ),
        "type": "object",
        "minProperties": 1,
        "maxProperties": 1,
        "properties": {
            name: {
                "title": _title(name),
                "description": _doc(cls).split(".")[0] + ".",
                "$ref": SCHEMA_FILES[cls],
            }
            for name, cls in RECORD_TYPES.items()
        },
        "additionalProperties": False,
        "examples": [{"organisation": EXAMPLES[RECORD_TYPES["organisation"]]}],
    }


def generate() -> dict[str, dict[str, Any]]:
    """
    Every schema, keyed by file name, generated from the model.

    Record types get one file each; shared value types and vocabularies go to
    ``defs.schema.json``; ``jsonl-line.schema.json`` describes one JSON Lines line.
    """
    gen = _Generator()
    out: dict[str, dict[str, Any]] = {}
    for cls, file_name in SCHEMA_FILES.items():
        out[file_name] = _record_schema(gen, cls)
    out[JSONL_FILE] = _jsonl_schema()
    out[DEFS_FILE] = {
        "$schema": DIALECT,
        "$id": BASE_URI + DEFS_FILE,
        "title": "innovscale shared definitions",
        "description": ("Value types and vocabularies shared by the innovscale record schemas."),
        "$defs": dict(sorted(gen.defs.items())),
    }
    return dict(sorted(out.items()))


def model_only_rules() -> list[dict[str, str]]:
    """
    The model's rules that JSON Schema cannot express, with the classes they apply to.

    These are checked when structuring (and so by ``innovscale validate``), but a
    plain JSON Schema validator will not check them.
    """
    from innovscale import model  # noqa: PLC0415

    out: list[dict[str, str]] = []
    for name in model.__all__:
        cls = getattr(model, name)
        if not isinstance(cls, type):
            continue
        out.extend(
            {"class": cls.__name__, "code": rule.code, "rule": rule.message}
            for rule in class_rules(cls)
            if rule.schema is None
        )
    out.extend(
        [
            {
                "class": "every number field",
                "code": VALUE_NOT_FINITE.code,
                "rule": "a number is finite (JSON text cannot hold NaN or infinities, which "
                "the parse tier refuses, but a Python float can)",
            },
            {
                "class": "every text field",
                "code": VALUE_SURROGATE.code,
                "rule": "text holds characters only, never half of a surrogate pair (the "
                "parse tier refuses an escaped one; a Python string can hold one)",
            },
        ]
    )
    out.append(
        {
            "class": "PartialDate",
            "code": DATE_INVALID.code,
            "rule": "a date must exist in the calendar (the schema's pattern allows 29 February "
            "in every year)",
        }
    )
    return out
