"""
Reading and writing innovscale documents.

One configured cattrs converter turns model objects into JSON-compatible data and
back. Its wire rules:

* objects are JSON objects whose keys are the attrs field names, in field order;
  fields equal to their default are left out, so output is small and stable;
* vocabulary members are written as their codes (``"core"``), dates as ISO 8601
  (``"2009-12"``), tuples as arrays;
* unknown keys are rejected, except under ``extensions``, whose values
  round-trip unchanged (keys written sorted);
* there is no silent coercion: ``null`` is not a string, ``12.5`` is not an
  integer, ``123`` is not a string, a string is not an array, ``true`` is not a
  number;
* output is deterministic: equal values give identical bytes (UTF-8, two-space
  indent, a final newline);
* files are written atomically: a failed write leaves the old file intact.

Structuring failures are reported as :class:`~innovscale.InvalidDocument` carrying a
:class:`~innovscale.ValidationReport` whose issues have ``$``-rooted JSON paths.

>>> from innovscale.serialization import loads, dumps
>>> org = loads('{"id": "macmillan", "name": "Macmillan Cancer Support", "kind": "charity"}',
...             type="organisation")
>>> org.name
'Macmillan Cancer Support'
>>> print(dumps(org), end="")
{
  "id": "macmillan",
  "name": "Macmillan Cancer Support",
  "kind": "charity"
}
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar, overload

from innovscale import model
from innovscale._io import (
    PathLike,
    atomic_write,
    gc_paused,
    write_bytes_atomic,  # noqa: F401 - importable, not public
)
from innovscale.model import EvidenceBase
from innovscale.serialization import _converter
from innovscale.serialization._converter import (
    InnovscaleConverter,
    configure_converter,
    make_converter,
)
from innovscale.serialization._errors import (  # noqa: F401 - importable, not public
    issues_from_exception,
    unknown_field_issue,
)
from innovscale.serialization._jsonl import dumps_jsonl, iter_jsonl, load_jsonl, write_jsonl

__all__ = [
    "RECORD_TYPES",
    "InnovscaleConverter",
    "configure_converter",
    "converter",
    "dump",
    "dumpb",
    "dumps",
    "dumps_jsonl",
    "iter_jsonl",
    "load",
    "load_example",
    "load_jsonl",
    "loads",
    "make_converter",
    "structure",
    "unstructure",
    "write_jsonl",
]

T = TypeVar("T")

#: Record type names used in JSON Lines lines and by ``type=`` arguments, with their
#: class (:data:`innovscale.model.RECORD_TYPES`).
RECORD_TYPES: dict[str, type[Any]] = model.RECORD_TYPES

#: The shared converter. Create your own with :func:`make_converter` to customise it.
converter: InnovscaleConverter = _converter.converter


def _resolve_type(type: str | type[T] | None) -> type[Any]:  # noqa: A002
    if type is None:
        return EvidenceBase
    if isinstance(type, str):
        try:
            return RECORD_TYPES[type]
        except KeyError:
            known = ", ".join(RECORD_TYPES)
            raise ValueError(f"unknown record type {type!r}; use one of: {known}") from None
    return type


def structure(value: Any, type: str | type[T] | None = None) -> Any:  # noqa: A002
    """
    Structure JSON-compatible ``value`` into a model object.

    Args:
        value: Data as returned by :func:`json.loads`.
        type: The class (or record type name, e.g. ``"innovation"``) to build;
            an :class:`~innovscale.EvidenceBase` by default.

    Raises:
        InvalidDocument: The value does not fit the model; ``.report`` lists every issue.
    """
    return converter.structure_checked(value, _resolve_type(type))


def unstructure(obj: Any) -> Any:
    """Turn a model object into JSON-compatible data (dicts, lists, strings, numbers)."""
    with gc_paused():
        return converter.unstructure(obj)


@overload
def loads(data: str | bytes, type: None = None, *, source: str | None = None) -> EvidenceBase: ...
@overload
def loads(data: str | bytes, type: type[T], *, source: str | None = None) -> T: ...
@overload
def loads(data: str | bytes, type: str, *, source: str | None = None) -> Any: ...
def loads(data: str | bytes, type: Any = None, *, source: str | None = None) -> Any:  # noqa: A002
    """
    Parse JSON text (``str`` or UTF-8 ``bytes``) into a model object.

    Args:
        data: The JSON text.
        type: The class or record type name to build; an evidence base by default.
        source: A name for the input (a file name) used in issue locations.

    Raises:
        InvalidDocument: The text is not valid JSON or does not fit the model;
            issues carry line and column.
    """
    return converter.loads(data, _resolve_type(type), source=source)


def dumps(obj: Any) -> str:
    """Write a model object as deterministic, indented JSON text ending in a newline."""
    return converter.dumps(obj)


def dumpb(obj: Any) -> bytes:
    """Like :func:`dumps`, as UTF-8 bytes."""
    return converter.dumpb(obj)


def load(path: PathLike, type: Any = None) -> Any:  # noqa: A002
    """
    Read a JSON file into a model object (an evidence base by default), or a base
    folder (a folder with ``evidence-base.json``) into one evidence base.

    Raises:
        InvalidDocument: The file is not valid; issues carry the file name, line and column.
        OSError: The file cannot be read.
    """
    if Path(path).is_dir() and type in (None, EvidenceBase, "evidence_base"):
        from innovscale import folder  # noqa: PLC0415

        if folder.is_base_folder(path):
            return folder.load(path)
    data = Path(path).read_bytes()
    return converter.loads(data, _resolve_type(type), source=str(path))


_EXAMPLE = "against-the-odds.json"


def load_example() -> EvidenceBase:
    """
    The example evidence base: the ten innovations of *Against the Odds* (2018),
    recorded from public sources, as shipped with innovscale (the repository's
    ``examples/against-the-odds.json``).

    >>> import innovscale
    >>> len(innovscale.load_example().innovations)
    10

    .. versionadded:: 0.1.0
    """
    from importlib.resources import files  # noqa: PLC0415 - only for the example

    shipped = files("innovscale").joinpath("examples", _EXAMPLE)
    if shipped.is_file():
        data = shipped.read_bytes()
    else:  # a source checkout (an editable install): the repository's copy
        data = (Path(__file__).resolve().parents[3] / "examples" / _EXAMPLE).read_bytes()
    base: EvidenceBase = loads(data, source=_EXAMPLE)
    return base


def dump(obj: Any, path: PathLike) -> None:
    """
    Write a model object to a JSON file, atomically.

    The data is written to a temporary file beside ``path`` and moved into place,
    so a failure (including one while encoding) leaves any existing file intact.

    Raises:
        FileWriteError: The file could not be written.
    """
    atomic_write(path, lambda handle: handle.write(dumpb(obj)))
