"""
The sheet layout, generated from the model: which sheets, which columns, which keys.

A sheet holds the rows of one record collection, of one repeating nested entity
(elements, adaptations, support…) or of one list of free text (authors, aliases).
Scalar fields and the fields of nested objects are columns (``origin.year``); a list of
identifiers or codes is one cell, its items separated by ``;``. A nested sheet starts
with key columns naming its parent row: the parent record's ``id`` and, further down,
the parent item's own ``id`` (or its ``#``, its number within its parent, when it has
no id).
"""

from __future__ import annotations

import enum
import functools
import typing
from typing import Any

import attrs

from innovscale.model import RECORD_COLLECTIONS, EvidenceBase, PartialDate
from innovscale.model._constraints import Constraints
from innovscale.serialization._hooks import field_type, is_variadic_tuple
from innovscale.vocab import Vocabulary

__all__ = [
    "BASE",
    "EMPTY_HEADER",
    "Column",
    "Kind",
    "Sheet",
    "collection_of",
    "keyed_by_id",
    "layout",
]

#: The name of the sheet of the base's own metadata.
BASE = "evidence_base"

#: The characters a sheet title cannot hold in Excel, and its longest length.
_BAD_TITLE = set("[]:*?/\\")
_MAX_TITLE = 31


class Kind(enum.Enum):
    """How a column's values are written in a cell and read back."""

    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATE = "date"
    CODE = "code"
    CODES = "codes"  # codes, separated by ';'
    IDS = "ids"  # identifiers, separated by ';'
    OBJECT = "object"  # extensions, as JSON text
    KEY = "key"  # a parent's id, or an item's number
    EMPTY = "empty"  # the nested objects given with nothing in them, separated by ';'


@attrs.frozen(kw_only=True)
class Column:
    """
    One column of a sheet.

    Attributes:
        header: The field path written in the header (``origin.year``); import reads it.
        label: The readable header above it (``Origin: year *``).
        path: The field path in the row's object (``("origin", "year")``); ``()`` for
            the one column of a list of free text, and for keys.
        kind: How values are written and read.
        vocabulary: The vocabulary of a coded column.
        required: Whether the field must be given (in its object, when it is nested).
        description: The field's description, from the model.
        references: The record type an identifier names, if any.
        objects: For the empty-objects column, the paths of the row's optional nested
            objects it may name.
    """

    header: str
    label: str
    path: tuple[str, ...]
    kind: Kind
    vocabulary: type[Vocabulary] | None = None
    required: bool = False
    description: str = ""
    references: str | None = None
    objects: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Sheet:
    """
    One sheet of the layout.

    Attributes:
        name: The machine name (``innovations__elements``); the CSV file's name.
        title: The sheet's title in a workbook (``Elements``).
        cls: The model class of a row, or ``None`` for a list of free text.
        parent: The name of the sheet the rows belong to, or ``None``.
        path: The path of the list field in the parent's object (``("elements",)``).
        keys: The key columns naming the parent row.
        number: Whether the sheet has a ``#`` column numbering each row within its
            parent (an item without an id that has nested sheets of its own).
        columns: The value columns, after the keys.
        description: What a row is.
    """

    name: str
    title: str
    cls: type[Any] | None
    parent: str | None
    path: tuple[str, ...]
    keys: tuple[Column, ...]
    number: bool
    columns: tuple[Column, ...]
    description: str

    @property
    def all_columns(self) -> tuple[Column, ...]:
        """The key columns, the ``#`` column if any, then the value columns."""
        if self.number:
            return (*self.keys, _number_column(), *self.columns)
        return (*self.keys, *self.columns)


def _number_column() -> Column:
    return Column(
        header="#",
        label="# *",
        path=(),
        kind=Kind.KEY,
        required=True,
        description="The row's number within its parent (1, 2, 3…), which the rows below it name.",
    )


def _humanise(name: str) -> str:
    text = name.replace("__", " ").replace("_", " ").replace(".", " ").strip()
    return text[:1].upper() + text[1:]


def _singular(title: str) -> str:
    if title.endswith("ies"):
        return title[:-3] + "y"
    if title.endswith("s") and not title.endswith("ss"):
        return title[:-1]
    return title


def _is_id_list(field: attrs.Attribute[Any], item: Any) -> bool:
    """Whether a list of strings holds identifiers (items with a pattern: no ';' or spaces)."""
    if item is not str:
        return False
    validator = field.validator
    return isinstance(validator, Constraints) and "pattern" in validator.items


def _scalar_kind(type_: Any) -> Kind:
    if type_ is bool:
        return Kind.BOOLEAN
    if type_ is int:
        return Kind.INTEGER
    if type_ is float:
        return Kind.NUMBER
    if type_ is PartialDate:
        return Kind.DATE
    if isinstance(type_, type) and issubclass(type_, Vocabulary):
        return Kind.CODE
    return Kind.TEXT


#: The header of the column that lists a row's nested objects given with nothing in them.
EMPTY_HEADER = "_empty"


def _empty_column(paths: list[str]) -> Column:
    return Column(
        header=EMPTY_HEADER,
        label="Given, but empty",
        path=(),
        kind=Kind.EMPTY,
        objects=tuple(paths),
        description=(
            "The nested objects of this row that are given with none of their fields known "
            f"(any of: {', '.join(paths)}), separated by ';'. Usually blank: an object with "
            "a field filled in needs no mention here."
        ),
    )


class _Builder:
    def __init__(self) -> None:
        self.sheets: list[Sheet] = []
        self.optional: list[str] = []  # optional nested objects of the row being built

    def columns(
        self, cls: type[Any], sheet: str, keys: tuple[Column, ...], prefix: tuple[str, ...] = ()
    ) -> list[Column]:
        """The columns of ``cls``'s fields; lists of objects and of free text become sheets."""
        out: list[Column] = []
        for field in attrs.fields(attrs.resolve_types(cls)):
            if cls is EvidenceBase and field.name in RECORD_COLLECTIONS:
                continue  # each has a sheet of its own
            type_ = field_type(field.type)
            path = (*prefix, field.name)
            description = str(field.metadata.get("description", ""))
            required = field.default is attrs.NOTHING
            label = ": ".join(_humanise(p) for p in path) + (" *" if required else "")
            common = {
                "header": ".".join(path),
                "label": label,
                "path": path,
                "required": required,
                "description": description,
            }
            if is_variadic_tuple(type_):
                item = typing.get_args(type_)[0]
                if isinstance(item, type) and issubclass(item, Vocabulary):
                    out.append(Column(kind=Kind.CODES, vocabulary=item, **common))  # type: ignore[arg-type]
                elif _is_id_list(field, item):
                    references = field.metadata.get("references")
                    out.append(Column(kind=Kind.IDS, references=references, **common))  # type: ignore[arg-type]
                else:
                    self.child(item, sheet, keys, path, description)
            elif typing.get_origin(type_) is dict:
                out.append(Column(kind=Kind.OBJECT, **common))  # type: ignore[arg-type]
            elif attrs.has(type_) and type_ is not PartialDate:
                if field.default is None:
                    self.optional.append(".".join(path))
                out += self.columns(type_, sheet, keys, path)
            else:
                kind = _scalar_kind(type_)
                vocabulary = type_ if kind is Kind.CODE else None
                references = field.metadata.get("references")
                out.append(
                    Column(kind=kind, vocabulary=vocabulary, references=references, **common)  # type: ignore[arg-type]
                )
        return out

    def row_columns(
        self, cls: type[Any], sheet: str, keys: tuple[Column, ...]
    ) -> tuple[Column, ...]:
        """The columns of a row of ``cls``, with the empty-objects column if it needs one."""
        outer, self.optional = self.optional, []
        columns = self.columns(cls, sheet, keys)
        if self.optional:
            columns.append(_empty_column(self.optional))
        self.optional = outer
        return tuple(columns)

    def child(
        self,
        item: Any,
        parent: str,
        parent_keys: tuple[Column, ...],
        path: tuple[str, ...],
        description: str,
    ) -> None:
        """The sheet of a list field, keyed to its parent's row."""
        name = f"{parent}__{'__'.join(path)}"
        index = len(self.sheets)
        parent_sheet = next(s for s in self.sheets if s.name == parent)
        keys = parent_keys
        if parent != BASE:
            own = "id" if keyed_by_id(parent_sheet) else "#"
            stem = parent_sheet.path[-1] if parent_sheet.path else parent
            keys = (
                *parent_keys,
                Column(
                    header=f"{stem}.{own}",
                    label=f"{_singular(parent_sheet.title)} {own} *",
                    path=(),
                    kind=Kind.KEY,
                    required=True,
                    description=f"The {own} of the {_singular(parent_sheet.title).lower()} "
                    "this row belongs to.",
                ),
            )
        cls = item if attrs.has(item) and item is not PartialDate else None
        self.sheets.append(
            Sheet(
                name=name,
                title=_humanise(" ".join(path)),
                cls=cls,
                parent=parent,
                path=path,
                keys=keys,
                number=False,
                columns=(),
                description=description,
            )
        )
        if cls is not None:
            columns = self.row_columns(cls, name, keys)
        else:
            columns = (
                Column(
                    header="value",
                    label=_humanise(path[-1]) + " *",
                    path=(),
                    kind=_scalar_kind(item),
                    required=True,
                    description=description,
                ),
            )
        self.sheets[index] = attrs.evolve(self.sheets[index], columns=columns)


def keyed_by_id(sheet: Sheet) -> bool:
    """Whether the rows nested under ``sheet``'s rows name them by id (else by number)."""
    return sheet.cls is not None and _has_id(sheet.cls)


def _has_id(cls: type[Any]) -> bool:
    """Whether every item of ``cls`` has an id its nested rows can name (a required one)."""
    return any(f.name == "id" and f.default is attrs.NOTHING for f in attrs.fields(cls))


def _first_line(cls: type[Any]) -> str:
    return (cls.__doc__ or "").strip().split("\n")[0]


def collection_of(record_type: str) -> Sheet | None:
    """The sheet of the records of type ``record_type`` (``"Innovation"``), if any."""
    for sheet in layout():
        if sheet.parent is None and sheet.cls is not None and sheet.cls.__name__ == record_type:
            return sheet
    return None


@functools.cache
def layout() -> tuple[Sheet, ...]:
    """
    Every sheet, generated from the model: the base's metadata, then each record
    collection followed by its nested sheets. Parents always come before children.
    """
    builder = _Builder()
    builder.sheets.append(
        Sheet(
            name=BASE,
            title="Evidence base",
            cls=EvidenceBase,
            parent=None,
            path=(),
            keys=(),
            number=False,
            columns=(),
            description="The evidence base itself: its id, title, licence and maintainers.",
        )
    )
    columns = builder.row_columns(EvidenceBase, BASE, ())
    builder.sheets[0] = attrs.evolve(builder.sheets[0], columns=columns)
    for collection, cls in RECORD_COLLECTIONS.items():
        index = len(builder.sheets)
        builder.sheets.append(
            Sheet(
                name=collection,
                title=_humanise(collection),
                cls=cls,
                parent=None,
                path=(),
                keys=(),
                number=False,
                columns=(),
                description=_first_line(cls),
            )
        )
        sheet_columns = builder.row_columns(cls, collection, ())
        builder.sheets[index] = attrs.evolve(builder.sheets[index], columns=sheet_columns)
    return _finish(builder.sheets)


def _finish(sheets: list[Sheet]) -> tuple[Sheet, ...]:
    """Unique titles (a repeated one gains its parent's name), and ``#`` where it is named."""
    counts: dict[str, int] = {}
    for sheet in sheets:
        counts[sheet.title] = counts.get(sheet.title, 0) + 1
    numbered = {
        s.parent for s in sheets if s.keys and s.keys[-1].header.endswith(".#") and s.parent
    }
    out = []
    final: dict[str, str] = {}  # each sheet's title as made unique; parents come first
    for sheet in sheets:
        title = sheet.title
        if counts[title] > 1 and sheet.parent is not None:
            title = f"{_singular(final[sheet.parent])} {title.lower()}"
        final[sheet.name] = title
        if len(title) > _MAX_TITLE or _BAD_TITLE & set(title):
            msg = f"the sheet title {title!r} cannot be used in a workbook"
            raise AssertionError(msg)
        out.append(attrs.evolve(sheet, title=title, number=sheet.name in numbered))
    titles = [s.title.casefold() for s in out]
    if len(set(titles)) != len(titles):
        msg = f"sheet titles repeat: {titles}"
        raise AssertionError(msg)
    for sheet in out:
        headers = [c.header for c in sheet.all_columns]
        if len(set(headers)) != len(headers):
            msg = f"the headers of {sheet.name} repeat: {headers}"
            raise AssertionError(msg)
    return tuple(out)
