"""
The JSON Schemas: innovscale's public contract for every JSON tool.

The schemas are generated from the model (:func:`generate`), committed in the
repository's ``schemas/`` folder and shipped inside the package. At run time they
are read with :mod:`importlib.resources` and their ``$ref`` s resolve through a
local :mod:`referencing` registry; nothing is ever fetched from the network.

>>> from innovscale import schema
>>> validator = schema.validator("organisation")
>>> validator.is_valid({"id": "nice", "name": "NICE", "kind": "government_body"})
True
>>> sorted(schema.names())[:3]
['adoption', 'defs', 'enabler-claim']
"""

from __future__ import annotations

import copy
import functools
import json
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from innovscale.exceptions import SchemaResolutionError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    import referencing
    from jsonschema.protocols import Validator

__all__ = [
    "bundle",
    "drift",
    "generate",
    "load",
    "model_only_rules",
    "names",
    "registry",
    "uri",
    "validator",
    "write",
]

_SUFFIX = ".schema.json"


def _package_dir() -> Traversable:
    shipped = files("innovscale").joinpath("schemas")
    if shipped.is_dir():
        return shipped
    # Running from a source checkout (an editable install): use the repository copy.
    repo = Path(__file__).resolve().parents[3] / "schemas"
    if repo.is_dir():
        return repo
    msg = "innovscale's schemas are missing from this installation; reinstall the package"
    raise SchemaResolutionError(msg)


def names() -> list[str]:
    """
    The names of the shipped schemas (``"innovation"``, ``"evidence-base"``, ...).

    .. versionadded:: 0.1.0
    """
    return sorted(
        p.name.removesuffix(_SUFFIX) for p in _package_dir().iterdir() if p.name.endswith(_SUFFIX)
    )


@functools.cache
def _load(name: str) -> dict[str, Any]:
    path = _package_dir().joinpath(name + _SUFFIX)
    if not path.is_file():
        known = ", ".join(names())
        raise SchemaResolutionError(f"no schema named {name!r}; known schemas: {known}")
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def _schema_name(name: str) -> str:
    return name.replace("_", "-")


def load(name: str) -> dict[str, Any]:
    """
    The shipped schema ``name`` (e.g. ``"innovation"`` or ``"evidence_base"``) as a dict.

    Each call returns a fresh copy, so changing it cannot affect innovscale.

    Raises:
        SchemaResolutionError: There is no such schema.

    .. versionadded:: 0.1.0
    """
    return copy.deepcopy(_load(_schema_name(name)))


def uri(name: str) -> str:
    """
    The absolute ``$id`` of schema ``name``.

    .. versionadded:: 0.1.0
    """
    return str(_load(_schema_name(name))["$id"])


def _refuse(missing: str) -> Any:
    msg = (
        f"cannot resolve {missing!r}: innovscale resolves $refs only among its own "
        "schemas and never fetches schemas over the network"
    )
    raise SchemaResolutionError(msg)


@functools.cache
def registry() -> referencing.Registry[Any]:
    """
    A :class:`referencing.Registry` holding every innovscale schema, offline.

    Any other URI is refused with :class:`~innovscale.SchemaResolutionError`.

    .. versionadded:: 0.1.0
    """
    from referencing import Registry, Resource  # noqa: PLC0415 - deferred heavy import

    resources = [
        (schema["$id"], Resource.from_contents(schema))
        for schema in (_load(name) for name in names())
    ]
    return Registry(retrieve=_refuse).with_resources(resources)  # type: ignore[call-arg]


@functools.cache
def validator(name: str = "evidence-base") -> Validator:
    """
    A ``jsonschema`` validator for schema ``name``, with format checking on and
    ``$ref`` s resolved offline.

    .. versionadded:: 0.1.0
    """
    from jsonschema import Draft202012Validator  # noqa: PLC0415 - deferred heavy import

    return Draft202012Validator(
        _load(_schema_name(name)),
        registry=registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


#: Keywords that only annotate; a ``$ref`` with only these beside it is inlined by merging.
_ANNOTATIONS = frozenset(
    {"title", "description", "examples", "default", "x-references", "x-terms", "$comment"}
)


def _inline(node: Any, resolver: referencing._core.Resolver[Any], seen: tuple[int, ...]) -> Any:
    if isinstance(node, list):
        return [_inline(item, resolver, seen) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _inline(value, resolver, seen) for key, value in node.items() if key != "$ref"}
    if "$ref" not in node:
        return out
    ref = node["$ref"]
    resolved = resolver.lookup(ref)
    where = id(resolved.contents)
    if where in seen:  # pragma: no cover - the model has no recursive types
        msg = f"cannot bundle the recursive reference {ref!r}"
        raise SchemaResolutionError(msg)
    target = _inline(resolved.contents, resolved.resolver, (*seen, where))
    target = {k: v for k, v in target.items() if k not in ("$schema", "$id")}
    if set(out) <= _ANNOTATIONS:
        return {**target, **out}
    return {**out, "allOf": [target]}


def bundle(name: str = "evidence-base") -> dict[str, Any]:
    """
    Schema ``name`` made self-contained: every ``$ref`` replaced by what it points to.

    Use it with tools that cannot follow references between files, or to ship a
    single file. The result validates exactly what the shipped schema does; it has
    no ``$id``, so it never clashes with the shipped schema in a registry.

    >>> bundled = bundle("organisation")
    >>> "$ref" in json.dumps(bundled)
    False

    Raises:
        SchemaResolutionError: There is no such schema.

    .. versionadded:: 0.1.0
    """
    schema = load(name)
    resolver = registry().resolver(base_uri=schema["$id"])
    out: dict[str, Any] = _inline(schema, resolver, ())
    del out["$id"]
    out["$comment"] = (
        f"{schema['$id']}, self-contained: innovscale.schema.bundle() inlined its references"
    )
    return {"$schema": out.pop("$schema"), **out}


def generate() -> dict[str, dict[str, Any]]:
    """
    Generate every schema from the model, keyed by file name.

    .. versionadded:: 0.1.0
    """
    from innovscale.schema._generate import generate as _generate  # noqa: PLC0415

    return _generate()


def model_only_rules() -> list[dict[str, str]]:
    """
    The model's rules that JSON Schema cannot express; see the docs' integrity rules.

    Each is a dict with the ``class`` it applies to, its issue ``code`` and the ``rule``
    in words. Documents breaking only these rules pass a plain JSON Schema validator
    but fail :func:`innovscale.serialization.structure` with that code.

    .. versionadded:: 0.1.0
    """
    from innovscale.schema._generate import model_only_rules as _rules  # noqa: PLC0415

    return _rules()


def _render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write(directory: str | Path) -> list[Path]:
    """
    Write every generated schema into ``directory`` (atomically, file by file) and
    remove stale ``*.schema.json`` files there. Returns the files written.

    .. versionadded:: 0.1.0
    """
    from innovscale._io import write_bytes_atomic  # noqa: PLC0415

    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    generated = generate()
    written = []
    for file_name, schema in generated.items():
        path = target / file_name
        write_bytes_atomic(path, _render(schema).encode("utf-8"))
        written.append(path)
    for stale in target.glob("*" + _SUFFIX):
        if stale.name not in generated:
            stale.unlink()
    return written


def drift(directory: str | Path) -> list[str]:
    """
    The files in ``directory`` that differ from what the model generates
    (missing, changed or stale), as sorted file names; empty when in sync.

    Bring them back in sync with ``innovscale schema --write DIRECTORY`` or
    :func:`write`.

    .. versionadded:: 0.1.0
    """
    target = Path(directory)
    generated = {name: _render(schema) for name, schema in generate().items()}
    out = []
    for file_name, text in generated.items():
        path = target / file_name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            out.append(file_name)
    out.extend(p.name for p in target.glob("*" + _SUFFIX) if p.name not in generated)
    return sorted(out)
