"""
Between an evidence base and the rows of its sheets, both ways.

:func:`rows` gives each sheet's rows for an evidence base. :class:`Assembler` takes
the rows read back (from a workbook or CSV files), builds the JSON document they
describe, remembers which cell every value came from, and places each issue
validation finds on its cell.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

from innovscale._codes import define
from innovscale._suggest import Suggester
from innovscale.model._fields import value_at
from innovscale.sheets._cells import CellError, from_cell, reader, split_list, to_cell
from innovscale.sheets._layout import BASE, Column, Kind, Sheet, layout

if TYPE_CHECKING:
    from collections.abc import Iterable

    from innovscale.model import EvidenceBase
    from innovscale.report import Issue

__all__ = ["Assembler", "Place", "rows"]

SHEET_UNKNOWN = define(
    "sheet.unknown",
    tier="parse",
    title="A sheet or file that is not part of the layout",
    explanation=(
        "A workbook sheet, or a CSV file in the folder, is not one innovscale writes, so its "
        "rows would be lost. Nothing is dropped silently: it is reported instead."
    ),
    example="a sheet called 'My notes' in cases.xlsx",
    fix="Move it to another workbook, or rename it to the sheet its rows belong in.",
)
SHEET_COLUMN = define(
    "sheet.column",
    tier="parse",
    title="A column that is not part of the sheet",
    explanation=(
        "A column's header (the field path in the second header row) names no field of the "
        "sheet, or a column without a header holds values. Its values would be lost, so it is "
        "reported; a header 'extensions.<namespace>:<name>' keeps a column as an extension."
    ),
    example="a column headed 'colour' in the Innovations sheet",
    fix="Use the field path of the column it belongs to, or head it 'extensions.acme:colour'.",
)
SHEET_FORMULA = define(
    "sheet.formula",
    tier="parse",
    title="A formula whose result was not saved",
    explanation=(
        "A cell holds a formula, and the workbook keeps no result for it, as when a program that "
        "does not calculate (a script) wrote it. innovscale reads the values a spreadsheet "
        "saved, never formulas, so the cell would read as empty: it is reported instead."
    ),
    example='=A1&" (pilot)" in Innovations!E4 of a workbook written by a script',
    fix="Open the workbook in Excel or LibreOffice and save it, so the results are kept; or "
    "type the value.",
)
SHEET_HEADER = define(
    "sheet.header",
    tier="parse",
    title="A sheet without its header row",
    explanation=(
        "Each sheet has a header row of field paths (the second row of a workbook sheet, the "
        "first of a CSV file), which import reads to know each column's field."
    ),
    example="a sheet whose header rows were deleted",
    fix="Copy the header rows back from a new template (innovscale template).",
)
SHEET_PARENT = define(
    "sheet.parent",
    tier="parse",
    title="A row that names no row above it",
    explanation=(
        "A row of a nested sheet (elements, adaptations, support…) belongs to a row of its "
        "parent sheet, named in its key columns. The key is blank, or names no such row."
    ),
    example="an Elements row whose innovation id is 'dafnee', when no innovation has that id",
    fix="Give the id of the row it belongs to, exactly as it is written in the parent sheet.",
)
SHEET_CELL = define(
    "sheet.cell",
    tier="parse",
    title="A cell that cannot be read",
    explanation="A cell's content cannot be read as the column's kind of value.",
    example="extensions that are not JSON, such as {priority: 2}",
    fix="Follow the hint, or the column's note in the header.",
)
SHEET_EXTRA_ROW = define(
    "sheet.extra_row",
    tier="parse",
    title="More than one row in the evidence base sheet",
    explanation="The 'Evidence base' sheet describes the one evidence base: it has one row.",
    example="two rows in the Evidence base sheet",
    fix="Keep one row; put maintainers in the Maintainers sheet.",
)

#: The cell values that count as blank.
_BLANK = (None, "")


class _Rows:
    """The rows of every sheet, filled by walking an evidence base once."""

    def __init__(self) -> None:
        sheets = layout()
        self.out: dict[str, list[list[Any]]] = {s.name: [] for s in sheets}
        self.children: dict[str, list[Sheet]] = {}
        for sheet in sheets:
            if sheet.parent is not None:
                self.children.setdefault(sheet.parent, []).append(sheet)

    def emit(self, sheet: Sheet, obj: Any, keys: tuple[Any, ...], number: int) -> None:
        """The row of ``obj``, then the rows of its nested sheets."""
        cells = [*keys, number] if sheet.number else [*keys]
        cells += [
            _empty_objects(c, obj) if c.kind is Kind.EMPTY else to_cell(c, value_at(obj, c.path))
            for c in sheet.columns
        ]
        self.out[sheet.name].append(cells)
        children = self.children.get(sheet.name, ())
        own: tuple[Any, ...] = ()
        if sheet.name != BASE and children:
            own = (*keys, number if sheet.number else obj.id)
        for child in children:
            items = value_at(obj, child.path) or ()
            if child.cls is None:
                column = child.columns[0]
                self.out[child.name] += [[*own, to_cell(column, item)] for item in items]
            else:
                for index, item in enumerate(items, 1):
                    self.emit(child, item, own, index)


def _is_empty(obj: Any) -> bool:
    """Whether an object has nothing in it: every field ``None`` or an empty list or map."""
    return all(getattr(obj, f.name) in (None, (), {}) for f in attrs.fields(type(obj)))


def _empty_objects(column: Column, obj: Any) -> str | None:
    """The paths of ``obj``'s optional nested objects given with nothing in them."""
    found = []
    for path in column.objects:
        value = value_at(obj, tuple(path.split(".")))
        if value is not None and _is_empty(value):
            found.append(path)
    return "; ".join(found) or None


def rows(base: EvidenceBase | None) -> dict[str, list[list[Any]]]:
    """Each sheet's rows of cell values (see :func:`~innovscale.sheets._cells.to_cell`)."""
    out = _Rows()
    if base is None:
        return out.out
    sheets = layout()
    out.emit(sheets[0], base, (), 1)
    for sheet in sheets[1:]:
        if sheet.parent is None:
            for record in getattr(base, sheet.name):
                out.emit(sheet, record, (), 1)
    return out.out


@attrs.frozen
class Place:
    """
    Where a sheet's cells are, for issues: ``cell(row, column)`` gives the issue's
    location fields (``cell="Adoptions!D7"``, or a CSV file's line and column).
    """

    source: str | None
    cell: Callable[[int, int], dict[str, Any]]


@attrs.define
class _Row:
    """Where one object of the document came from: its sheet, row and columns."""

    place: Place
    row: int
    columns: dict[tuple[str, ...], int]
    first: int
    sheet: dict[tuple[str, ...], int]


def _set(obj: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for name in path[:-1]:
        inner = obj.get(name)
        if not isinstance(inner, dict):
            inner = obj[name] = {}
        obj = inner
    obj[path[-1]] = value


class Assembler:
    """
    Build the evidence-base document from sheets' rows, in layout order (parents first),
    and place issues on cells.
    """

    def __init__(self) -> None:
        self.document: dict[str, Any] = {}
        self.issues: list[Issue] = []
        self._rows: dict[tuple[str | int, ...], _Row] = {}
        self._parents: dict[tuple[str, tuple[Any, ...]], tuple[Any, tuple[str | int, ...]]] = {}
        # The last part of each row's key, by sheet and leading parts: did-you-mean hints.
        self._keys: dict[tuple[str, tuple[Any, ...]], list[str]] = {}
        self._suggester = Suggester()
        #: Sheets that could not be read (their rows are not known), and the sheets whose
        #: rows were reported as belonging to one of them, once each.
        self.unread: set[str] = set()
        self._orphaned: set[str] = set()
        self._base_rows = 0
        self._sheet_places: dict[str, Place] = {}

    def _remember(self, sheet: str, key: tuple[Any, ...], row: Any) -> None:
        """Keep a row that other sheets' rows name by ``key``."""
        if (sheet, key) not in self._parents:
            self._parents[sheet, key] = row
            if key and isinstance(key[-1], str):
                self._keys.setdefault((sheet, key[:-1]), []).append(key[-1])

    def _close_key(self, parent: str | None, values: list[Any]) -> str:
        """'Did you mean …? ' for a parent key that is not a row, when one is close."""
        last = values[-1] if values else None
        if parent is None or not isinstance(last, str):
            return ""
        candidates = self._keys.get((parent, tuple(values[:-1])), [])
        close = self._suggester.closest(last, candidates)
        return f"Did you mean {close!r}? " if close else ""

    def issue(
        self, entry: Any, message: str, place: Place, row: int, col: int, **more: Any
    ) -> None:
        """An issue of ``entry`` at one cell."""
        self.issues.append(
            entry.issue(message, source=place.source, **place.cell(row, col), **more)
        )

    def header(
        self, sheet: Sheet, cells: list[Any], place: Place, row: int
    ) -> list[Column | str | None]:
        """
        What each column of a header row holds: a :class:`Column`, an extension key, or
        ``None`` (a blank header, or one reported as unknown).
        """
        known = {c.header: c for c in sheet.all_columns}
        out: list[Column | str | None] = []
        seen: set[str] = set()
        for index, cell in enumerate(cells):
            text = "" if cell is None else str(cell).strip()
            if not text:
                out.append(None)
                continue
            if text in seen:
                self.issue(
                    SHEET_COLUMN,
                    f"the column {text!r} appears twice in {sheet.title}",
                    place,
                    row,
                    index,
                    hint="Keep one of them.",
                )
                out.append(None)
                continue
            seen.add(text)
            if text in known:
                out.append(known[text])
            elif (
                text.startswith("extensions.") and sheet.cls is not None and _has_extensions(sheet)
            ):
                out.append(text.removeprefix("extensions."))
            else:
                self.issue(
                    SHEET_COLUMN,
                    f"{sheet.title} has no field {text!r}; its values would be lost",
                    place,
                    row,
                    index,
                    value=text,
                    hint=_column_hint(sheet, text),
                )
                out.append(None)
        return out

    def add_rows(  # noqa: C901, PLR0912 - one pass over a sheet's cells, each kind of column placed
        self,
        sheet: Sheet,
        columns: list[Column | str | None],
        rows: Iterable[tuple[int, list[Any] | tuple[Any, ...]]],
        place: Place,
        headers: list[Any],
    ) -> None:
        """Add a sheet's data rows, given as ``(row number, cells)``."""
        self._sheet_places[sheet.name] = place
        at = {c.path: i for i, c in enumerate(columns) if isinstance(c, Column) and c.path}
        readers = [reader(c) if isinstance(c, Column) else None for c in columns]
        stray: set[int] = set()
        for number, cells in rows:
            if all(c in _BLANK for c in cells):
                continue
            obj: dict[str, Any] = {}
            keys: list[Any] = []
            positions: dict[tuple[str, ...], int] = {}
            value: Any = None
            for index, cell in enumerate(cells):
                if cell in _BLANK:
                    continue
                column = columns[index] if index < len(columns) else None
                if column is None:
                    if index not in stray and not (index < len(headers) and headers[index]):
                        stray.add(index)
                        self.issue(
                            SHEET_COLUMN,
                            f"a column without a header in {sheet.title} holds values",
                            place,
                            number,
                            index,
                            value=cell,
                            hint="Give the column its field path in the header row, or clear it.",
                        )
                    continue
                if isinstance(column, str):
                    extensions = obj.setdefault("extensions", {})
                    if isinstance(extensions, dict):
                        extensions[column] = cell
                    positions[("extensions", column)] = index
                    continue
                if column.kind is Kind.KEY:
                    keys.append((column, from_cell(column, cell), index))
                    continue
                if column.kind is Kind.EMPTY:
                    self._empty(obj, column, cell, (place, number, index))
                    continue
                try:
                    converted = readers[index](cell)  # type: ignore[misc]
                except CellError as exc:
                    self.issue(
                        SHEET_CELL, str(exc), place, number, index, value=cell, hint=exc.hint
                    )
                    continue
                if column.path:
                    earlier = obj.get("extensions") if column.kind is Kind.OBJECT else None
                    if isinstance(earlier, dict) and isinstance(converted, dict):
                        converted = {**converted, **earlier}  # from extensions.<key> columns
                    _set(obj, column.path, converted)
                else:
                    value = converted
                positions[column.path] = index
            item: Any = obj if sheet.cls is not None else value
            first = min(positions.values(), default=0)
            self._place(sheet, item, keys, _Row(place, number, positions, first, at))

    def _empty(self, obj: dict[str, Any], column: Column, cell: Any, at: tuple[Any, ...]) -> None:
        """Give ``obj`` the nested objects the empty-objects cell names."""
        for name in split_list(str(cell)):
            if name not in column.objects:
                self.issue(
                    SHEET_CELL,
                    f"{name!r} is not a nested object of this row",
                    *at,
                    value=name,
                    hint=f"Name any of: {', '.join(column.objects)}; or leave the cell blank.",
                )
                continue
            inner = obj
            for part in name.split("."):
                value = inner.setdefault(part, {})
                if not isinstance(value, dict):
                    break
                inner = value

    def _no_parent(
        self, sheet: Sheet, values: list[Any], given: dict[str, tuple[Any, int]], row: _Row
    ) -> None:
        """Report a row whose parent key is not a row of the parent sheet."""
        assert sheet.parent is not None  # noqa: S101 - only sheets with a parent have keys
        if sheet.parent in self.unread:
            # One issue for the sheet, not one a row: the parent's rows are unknown, and
            # so, for the sheets below, are this sheet's.
            self.unread.add(sheet.name)
            if sheet.name not in self._orphaned:
                self._orphaned.add(sheet.name)
                self.issue(
                    SHEET_PARENT,
                    f"the rows of {sheet.title} are not checked: they belong to rows of "
                    f"{self._title(sheet.parent)}, which could not be read",
                    row.place,
                    row.row,
                    0,
                    hint=f"Mend {self._title(sheet.parent)} first (see its issue).",
                )
            return
        column = sheet.keys[-1]
        self.issue(
            SHEET_PARENT,
            f"this {sheet.title} row belongs to {' / '.join(map(str, values))!r}, "
            f"which is not a row of {self._title(sheet.parent)}",
            row.place,
            row.row,
            given.get(column.header, (None, 0))[1],
            value=values[-1],
            hint=self._close_key(sheet.parent, values)
            + "Give the key exactly as it is written in the parent sheet.",
        )

    def _place(self, sheet: Sheet, item: Any, keys: list[Any], row: _Row) -> None:
        if sheet.name == BASE:
            self._base_rows += 1
            if self._base_rows > 1:
                self.issue(
                    SHEET_EXTRA_ROW,
                    "the evidence base sheet holds more than one row; only the first is read",
                    row.place,
                    row.row,
                    row.first,
                    hint="Keep one row in the Evidence base sheet.",
                )
                return
            self.document.update(item)
            self._rows[()] = row
            return
        if sheet.parent is None:
            records = self.document.setdefault(sheet.name, [])
            path: tuple[str | int, ...] = (sheet.name, len(records))
            records.append(item)
            self._rows[path] = row
            ident = item.get("id")
            self._remember(sheet.name, (ident,), (item, path))
            return
        given = {c.header: (v, i) for c, v, i in keys}
        values = []
        for column in sheet.keys:
            value, index = given.get(column.header, (None, row.first))
            if value in _BLANK:
                self.issue(
                    SHEET_PARENT,
                    f"this {sheet.title} row does not say which row it belongs to: "
                    f"{column.header!r} is blank",
                    row.place,
                    row.row,
                    index if column.header in given else 0,
                    hint=f"Fill in {column.label.removesuffix(' *').lower()}.",
                )
                return
            values.append(value)
        parent = self._parents.get((sheet.parent, tuple(values))) if sheet.keys else None
        if sheet.keys and parent is None:
            self._no_parent(sheet, values, given, row)
            return
        owner, owner_path = parent if parent is not None else (self.document, ())
        container = owner
        for name in sheet.path[:-1]:
            inner = container.get(name)
            if not isinstance(inner, dict):
                inner = container[name] = {}
            container = inner
        items = container.setdefault(sheet.path[-1], [])
        path = (*owner_path, *sheet.path, len(items))
        items.append(item)
        self._rows[path] = row
        if sheet.cls is not None:
            number = given.get("#", (str(len(items)), 0))[0]
            own = number if sheet.number else item.get("id")
            self._remember(sheet.name, (*values, own), (item, path))

    def _title(self, name: str) -> str:
        return next(s.title for s in layout() if s.name == name)

    def located(self, issue: Issue) -> Issue:
        """``issue`` placed on the cell its path leads to, as closely as known."""
        path = issue.path
        for end in range(len(path), -1, -1):
            row = self._rows.get(path[:end])
            if row is None:
                continue
            rest = path[end:]
            index = row.first
            for stop in range(len(rest), 0, -1):
                key: Any = rest[:stop]
                found = row.columns.get(key)
                if found is None:
                    found = row.sheet.get(key)
                if found is not None:
                    index = found
                    break
            return attrs.evolve(issue, source=row.place.source, **row.place.cell(row.row, index))
        if path and isinstance(path[0], str) and path[0] in self._sheet_places:
            return attrs.evolve(issue, source=self._sheet_places[path[0]].source)
        return issue


def _has_extensions(sheet: Sheet) -> bool:
    return any(c.kind is Kind.OBJECT and c.path == ("extensions",) for c in sheet.columns)


def _column_hint(sheet: Sheet, text: str) -> str:
    from innovscale._suggest import closest  # noqa: PLC0415

    headers = [c.header for c in sheet.all_columns]
    near = closest(text, headers)
    keep = (
        " or head it 'extensions.<namespace>:<name>' to keep it as an extension"
        if _has_extensions(sheet)
        else ""
    )
    if near:
        return f"Did you mean {near!r}? Use a field path of the sheet{keep}."
    return f"Use one of the sheet's field paths ({', '.join(headers[:6])}…){keep}."
