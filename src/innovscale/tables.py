"""
Flat tables generated from the model, for analysts: SQLite, and any tool that reads it.

Every table comes from the model's classes, never from a hand-kept mapping, so a new
field reaches the tables by itself:

* one table per record collection (``innovations``, ``adoptions``…), keyed by ``id``;
  fields of nested objects are columns with the object's name before them
  (``origin__year``);
* one table per nested list (``innovations__elements``, ``adoptions__adaptations``,
  ``innovations__sources``…), each row with its own ``_row`` key, the ``_parent`` it
  belongs to and its ``_position`` in the list; lists of ids or codes hold one
  ``value`` per row;
* one table per vocabulary (``vocab_adoption_stage``: ``code``, ``label``,
  ``definition``), which every coded column references;
* references between records are foreign keys (an adoption's ``innovation`` references
  ``innovations(id)``), so a valid base passes ``PRAGMA foreign_key_check``.

Extensions are kept as JSON text in an ``extensions`` column, and the base's own
metadata is the one row of ``evidence_base``.

>>> import sqlite3, tempfile, innovscale
>>> from pathlib import Path
>>> from innovscale import tables
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = Path(tmp) / "base.db"
...     tables.write_sqlite(innovscale.load_example(), path)
...     db = sqlite3.connect(path)
...     db.execute("SELECT count(*) FROM innovations").fetchone()
...     db.execute(
...         "SELECT i.id, count(*) FROM adoptions a JOIN innovations i ON a.innovation = i.id "
...         "GROUP BY i.id ORDER BY count(*) DESC, i.id LIMIT 1"
...     ).fetchone()
...     db.close()
(10,)
('iapt', 2)
"""

from __future__ import annotations

import enum
import os
import sqlite3
import tempfile
import typing
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from innovscale.exceptions import FileWriteError
from innovscale.model import RECORD_COLLECTIONS, EvidenceBase, PartialDate
from innovscale.model._fields import value_at
from innovscale.serialization._hooks import field_type, is_variadic_tuple
from innovscale.vocab import Vocabulary

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from innovscale._io import PathLike

__all__ = ["Column", "Table", "schema", "write_sqlite"]

#: The record type behind each ``references`` name, as the integrity tier uses them.
_TARGETS = {cls.__name__: collection for collection, cls in RECORD_COLLECTIONS.items()}


@attrs.frozen(kw_only=True)
class Column:
    """
    One column of a generated table.

    Attributes:
        name: The column name (a field, or ``parent__field`` for nested objects).
        type: The SQL type: ``TEXT``, ``INTEGER``, ``REAL``.
        path: The field path in the record, e.g. ``("origin", "year")``.
        references: The ``(table, column)`` the values name, if any.
        description: The field's description, from the model.
        kind: The Table Schema type: ``string``, ``integer``, ``number``, ``boolean``,
            or ``object`` (extensions, as JSON text).
    """

    name: str
    type: str
    path: tuple[str, ...]
    references: tuple[str, str] | None = None
    description: str = ""
    kind: str = "string"


@attrs.frozen(kw_only=True)
class Table:
    """
    One generated table: a record collection, a nested list or a vocabulary.

    Attributes:
        name: The table name.
        columns: Its columns, after the keys.
        parent: The table its rows belong to (``None`` for collections and vocabularies).
        cls: The model class of a row (``None`` for lists of ids or codes, and vocabularies).
        path: The path of the list field the rows come from, in the parent's object
            (``("origin", "organisations")``), for a nested list.
        description: What a row is.
    """

    name: str
    columns: tuple[Column, ...]
    parent: str | None = None
    cls: type[Any] | None = None
    path: tuple[str, ...] = ()
    description: str = ""


def _list_item(type_: Any) -> Any | None:
    return typing.get_args(type_)[0] if is_variadic_tuple(type_) else None


def _vocab_table(cls: type[enum.Enum]) -> str:
    name = "".join(f"_{c.lower()}" if c.isupper() else c for c in cls.__name__).lstrip("_")
    return f"vocab_{name}"


def _kind(type_: Any) -> str:
    return {bool: "boolean", int: "integer", float: "number"}.get(type_, "string")


def _sql_type(type_: Any) -> str:
    if type_ is bool or type_ is int:
        return "INTEGER"
    if type_ is float:
        return "REAL"
    return "TEXT"


def _target(field: attrs.Attribute[Any]) -> tuple[str, str] | None:
    target = field.metadata.get("references")
    collection = _TARGETS.get(target) if isinstance(target, str) else None
    return (collection, "id") if collection else None


def _scalar_reference(type_: Any, field: attrs.Attribute[Any]) -> tuple[str, str] | None:
    if isinstance(type_, type) and issubclass(type_, Vocabulary):
        return (_vocab_table(type_), "code")
    return _target(field)


def _columns(
    cls: type[Any], name: str, out: list[Table], prefix: tuple[str, ...] = ()
) -> list[Column]:
    """The columns of ``cls``'s scalar and nested-object fields; lists become child tables."""
    columns: list[Column] = []
    for field in attrs.fields(attrs.resolve_types(cls)):
        type_ = field_type(field.type)
        path = (*prefix, field.name)
        column = "__".join(path)
        description = str(field.metadata.get("description", ""))
        item = _list_item(type_)
        if item is not None:
            _child(item, field, (f"{name}__{column}", name, path), out, description)
        elif typing.get_origin(type_) is dict:
            columns.append(
                Column(name=column, type="TEXT", path=path, description=description, kind="object")
            )
        elif attrs.has(type_) and type_ is not PartialDate:
            columns += _columns(type_, name, out, path)
        else:
            columns.append(
                Column(
                    name=column,
                    type=_sql_type(type_),
                    path=path,
                    references=_scalar_reference(type_, field),
                    description=description,
                    kind=_kind(type_),
                )
            )
    return columns


def _child(
    item: Any,
    field: attrs.Attribute[Any],
    where: tuple[str, str, tuple[str, ...]],
    out: list[Table],
    description: str,
) -> None:
    """The table of a list field: its name, its parent table, and its path in the parent."""
    name, parent, path = where
    if attrs.has(item) and item is not PartialDate:
        index = len(out)
        out.append(Table(name=name, columns=(), parent=parent, cls=item, path=path))
        columns = tuple(_columns(item, name, out))
        out[index] = attrs.evolve(out[index], columns=columns, description=description)
        return
    value = Column(
        name="value",
        type=_sql_type(item),
        path=(),
        references=_scalar_reference(item, field),
        description=description,
        kind=_kind(item),
    )
    out.append(
        Table(name=name, columns=(value,), parent=parent, path=path, description=description)
    )


def _vocabularies(tables: list[Table]) -> list[type[Vocabulary]]:
    seen: dict[str, type[Vocabulary]] = {}
    for table in tables:
        for column in table.columns:
            if column.references and column.references[0].startswith("vocab_"):
                seen.setdefault(column.references[0], _VOCABS[column.references[0]])
    return [seen[name] for name in sorted(seen)]


def _all_vocabularies() -> dict[str, type[Vocabulary]]:
    from innovscale import vocab  # noqa: PLC0415

    found = {}
    for value in vars(vocab).values():
        if isinstance(value, type) and issubclass(value, Vocabulary) and value is not Vocabulary:
            found[_vocab_table(value)] = value
    return found


_VOCABS = _all_vocabularies()


def schema() -> list[Table]:
    """
    Every table, generated from the model: the base's metadata, each collection with
    its nested lists after it, then the vocabularies.
    """
    out: list[Table] = []
    header = [
        c
        for c in _columns(EvidenceBase, "evidence_base", [])
        if c.path[0] not in RECORD_COLLECTIONS
    ]
    out.append(Table(name="evidence_base", columns=tuple(header), cls=EvidenceBase))
    for collection, cls in RECORD_COLLECTIONS.items():
        index = len(out)
        out.append(Table(name=collection, columns=(), cls=cls))
        columns = tuple(_columns(cls, collection, out))
        out[index] = attrs.evolve(
            out[index], columns=columns, description=(cls.__doc__ or "").strip().split("\n")[0]
        )
    # Lists of the base's metadata (maintainers…) are tables of the base too.
    for table in _header_lists():
        out.insert(1, table)
    out.extend(
        Table(
            name=_vocab_table(cls),
            columns=(
                Column(name="label", type="TEXT", path=("label",)),
                Column(name="definition", type="TEXT", path=("definition",)),
            ),
            description=(cls.__doc__ or "").strip().split("\n")[0],
        )
        for cls in _vocabularies(out)
    )
    return out


def _header_lists() -> list[Table]:
    out: list[Table] = []
    for field in attrs.fields(attrs.resolve_types(EvidenceBase)):
        if field.name in RECORD_COLLECTIONS:
            continue
        item = _list_item(field_type(field.type))
        if item is not None:
            description = str(field.metadata.get("description", ""))
            where = (f"evidence_base__{field.name}", "evidence_base", (field.name,))
            _child(item, field, where, out, description)
    return out


def _ddl(table: Table) -> str:
    vocabulary = table.name.startswith("vocab_")
    keys: list[str]
    if vocabulary:
        keys = ["code TEXT PRIMARY KEY"]
    elif table.parent is None:
        keys = ["id TEXT PRIMARY KEY"]
    else:
        parent_key = "id" if "__" not in table.parent else "_row"
        parent_type = "TEXT" if parent_key == "id" else "INTEGER"
        keys = [
            "_row INTEGER PRIMARY KEY",
            f"_parent {parent_type} NOT NULL REFERENCES {table.parent}({parent_key})",
            "_position INTEGER NOT NULL",
        ]
    columns = [
        f'"{c.name}" {c.type}'
        + (f" REFERENCES {c.references[0]}({c.references[1]})" if c.references else "")
        for c in table.columns
        if not (table.parent is None and not vocabulary and c.name == "id")
    ]
    return f'CREATE TABLE "{table.name}" (\n  ' + ",\n  ".join([*keys, *columns]) + "\n)"


def _cell(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, PartialDate):
        return str(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int) and not -(2**63) <= value < 2**63:
        return float(value)  # SQLite integers are 64-bit: a larger number is stored as REAL
    if isinstance(value, dict):
        from innovscale import _json  # noqa: PLC0415

        return _json.encode(value, indent=False).decode("utf-8").strip() if value else None
    return value


def _code_cell(value: Any) -> Any:
    return None if value is None else value.value


def _bool_cell(value: Any) -> Any:
    return None if value is None else int(value)


def _number_cell(value: Any) -> Any:
    if isinstance(value, int) and not -(2**63) <= value < 2**63:
        return float(value)  # SQLite integers are 64-bit: a larger number is stored as REAL
    return value


def _text_cell(value: Any) -> Any:
    return str(value) if type(value) is PartialDate else value


def _converter(column: Column) -> Callable[[Any], Any]:
    """The conversion of one column's values to SQLite's, chosen once per column."""
    if column.references is not None and column.references[0].startswith("vocab_"):
        return _code_cell
    return {
        "boolean": _bool_cell,
        "integer": _number_cell,
        "number": _number_cell,
        "object": _cell,
    }.get(column.kind, _text_cell)


def _reader(column: Column) -> Callable[[Any], Any]:
    """The cell of ``column`` for an object: its value at the column's path, converted."""
    convert = _converter(column)
    path = column.path
    if len(path) == 1:
        name = path[0]
        return lambda obj: convert(getattr(obj, name))

    def read(obj: Any) -> Any:
        for part in path:
            if obj is None:
                return None
            obj = getattr(obj, part)
        return convert(obj)

    return read


class _Rows:
    """The rows of every table of :func:`schema` for one evidence base."""

    def __init__(self, tables: list[Table]) -> None:
        self.children: dict[str, list[Table]] = {}
        for table in tables:
            if table.parent is not None:
                self.children.setdefault(table.parent, []).append(table)
        self.rows: dict[str, list[tuple[Any, ...]]] = {t.name: [] for t in tables}
        self.counter = 0
        self.readers = {
            t.name: [_reader(c) for c in t.columns if c.name != "id" or t.parent] for t in tables
        }
        self.values = {
            t.name: _converter(t.columns[0]) for t in tables if t.cls is None and t.columns
        }

    def emit(self, table: Table, obj: Any, key: Any, position: int | None, parent: Any) -> None:
        """The row of ``obj`` in ``table``, then the rows of its lists."""
        cells = [read(obj) for read in self.readers[table.name]]
        if table.parent is None:
            self.rows[table.name].append((key, *cells))
        else:
            self.rows[table.name].append((key, parent, position, *cells))
        for child in self.children.get(table.name, ()):
            for index, item in enumerate(value_at(obj, child.path) or ()):
                self.counter += 1
                if child.cls is None:
                    value = self.values[child.name](item)
                    self.rows[child.name].append((self.counter, key, index, value))
                else:
                    self.emit(child, item, self.counter, index, key)


def _rows(tables: list[Table], base: EvidenceBase) -> Iterator[tuple[Table, list[tuple[Any, ...]]]]:
    by_name = {t.name: t for t in tables}
    out = _Rows(tables)
    out.emit(by_name["evidence_base"], base, base.id, None, None)
    for collection in RECORD_COLLECTIONS:
        for record in getattr(base, collection):
            out.emit(by_name[collection], record, record.id, None, None)
    for table in tables:
        if table.name.startswith("vocab_"):
            out.rows[table.name] = [(m.value, m.label, m.definition) for m in _VOCABS[table.name]]
        yield table, out.rows[table.name]


def write_sqlite(base: EvidenceBase, path: PathLike) -> None:
    """
    Write ``base`` as a SQLite database at ``path`` (replaced atomically), with the
    tables of :func:`schema`, foreign keys declared.

    Raises:
        FileWriteError: The database could not be written.
    """
    target = Path(os.path.realpath(path))
    tables = schema()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise FileWriteError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        db = sqlite3.connect(tmp)
        try:
            with db:
                for table in tables:
                    db.execute(_ddl(table))
                for table, rows in _rows(tables, base):
                    if rows:
                        marks = ", ".join("?" * len(rows[0]))
                        db.executemany(f'INSERT INTO "{table.name}" VALUES ({marks})', rows)  # noqa: S608 - generated names
        finally:
            db.close()
        Path(tmp).replace(target)
    except (OSError, sqlite3.Error) as exc:
        Path(tmp).unlink(missing_ok=True)
        raise FileWriteError(f"cannot write {path}: {exc}") from exc
