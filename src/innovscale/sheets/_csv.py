"""
A folder of CSV files, one per sheet, with a Frictionless ``datapackage.json``.

Each file is named after its sheet (``innovations__elements.csv``) and has one header
row of field paths. Reading also accepts the files a spreadsheet program saves one
sheet at a time (``cases - Elements.csv``).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from innovscale import _json
from innovscale._io import write_bytes_atomic
from innovscale.exceptions import FileWriteError, InvalidDocument
from innovscale.sheets._book import SHEET_HEADER, SHEET_UNKNOWN, Assembler, Place, rows
from innovscale.sheets._cells import FORMULA_START
from innovscale.sheets._layout import EMPTY_HEADER, Kind, Sheet, collection_of, layout
from innovscale.sheets._xlsx import _letter

if TYPE_CHECKING:
    from innovscale.model import EvidenceBase

__all__ = ["read_csv", "write_csv"]

PACKAGE = "datapackage.json"

_TYPES = {
    Kind.INTEGER: "integer",
    Kind.NUMBER: "number",
    Kind.BOOLEAN: "boolean",
    Kind.OBJECT: "object",
}


def _line(cells: list[str]) -> str:
    """
    One RFC 4180 line, in which a value holding a comma, a quote, a CR or LF, or space
    at either end is quoted, its quotes doubled.

    Written here rather than with the ``csv`` module, which on Python 3.10 cannot
    write a NUL character.
    """
    out = []
    for cell in cells:
        if cell and (any(c in cell for c in ',"\r\n') or cell != cell.strip()):
            out.append('"' + cell.replace('"', '""') + '"')
        else:
            out.append(cell)
    return ",".join(out) + "\r\n"


def _text(value: Any, kind: Kind) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    # A spreadsheet opening the file would run text starting with '=' (and '+', '-',
    # '@') as a formula: such text is written after a "'", which reading removes.
    if kind is Kind.TEXT and text.startswith(FORMULA_START):
        return "'" + text
    return text


def _primary_key(sheet: Sheet) -> list[str]:
    if sheet.parent is None:
        return ["id"] if sheet.cls is not None and sheet.name != "evidence_base" else []
    if sheet.number:
        return [c.header for c in sheet.keys] + ["#"]
    if sheet.cls is not None and any(c.header == "id" for c in sheet.columns):
        return [c.header for c in sheet.keys] + ["id"]
    return []


def _resource(sheet: Sheet, by_name: dict[str, Sheet]) -> dict[str, Any]:
    fields = []
    foreign: list[dict[str, Any]] = []
    for column in sheet.all_columns:
        field: dict[str, Any] = {"name": column.header, "type": _TYPES.get(column.kind, "string")}
        if column.description:
            field["description"] = column.description
        if column.vocabulary is not None and column.kind is Kind.CODE:
            field["constraints"] = {"enum": column.vocabulary.codes()}
        if column.kind is Kind.KEY or (column.required and len(column.path) == 1):
            field.setdefault("constraints", {})["required"] = True
        fields.append(field)
        if column.kind is Kind.TEXT and column.references is not None:
            target = collection_of(column.references)
            if target is not None:
                reference = {"resource": target.name, "fields": ["id"]}
                foreign.append({"fields": [column.header], "reference": reference})
    if sheet.keys and sheet.parent is not None:
        parent = by_name[sheet.parent]
        foreign.append(
            {
                "fields": [c.header for c in sheet.keys],
                "reference": {"resource": parent.name, "fields": _primary_key(parent)},
            }
        )
    schema: dict[str, Any] = {"fields": fields}
    key = _primary_key(sheet)
    if key:
        schema["primaryKey"] = key
    if foreign:
        schema["foreignKeys"] = foreign
    return {
        "name": sheet.name.replace("__", "-").replace("_", "-"),
        "title": sheet.title,
        "path": f"{sheet.name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": sheet.description,
        "schema": schema,
    }


def write_csv(base: EvidenceBase | None, directory: str | Path) -> list[Path]:
    """Write one CSV file per sheet, and the ``datapackage.json`` describing them."""
    root = Path(directory)
    if root.is_dir() and any(root.iterdir()):
        raise FileWriteError(f"cannot export into {root}: it is not empty")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FileWriteError(f"cannot write {root}: {exc.strerror or exc}") from exc
    sheets = layout()
    by_name = {s.name: s for s in sheets}
    names = {s.name: _resource(s, by_name)["name"] for s in sheets}
    values = rows(base)
    resources = []
    written = []
    for sheet in sheets:
        resource = _resource(sheet, by_name)
        for key in resource["schema"].get("foreignKeys", ()):
            key["reference"]["resource"] = names[key["reference"]["resource"]]
        resources.append(resource)
        kinds = [c.kind for c in sheet.all_columns]
        lines = [_line([c.header for c in sheet.all_columns])]
        lines += [
            _line([_text(v, k) for v, k in zip(row, kinds, strict=True)])
            for row in values[sheet.name]
        ]
        path = root / resource["path"]
        write_bytes_atomic(path, "".join(lines).encode("utf-8"))
        written.append(path)
    package: dict[str, Any] = {"profile": "tabular-data-package", "resources": resources}
    if base is not None:
        package = {"name": base.id, "title": base.title, **package}
    path = root / PACKAGE
    write_bytes_atomic(path, _json.encode(package, indent=True))
    written.append(path)
    return written


def _sheet_of(name: str) -> Sheet | None:
    """The sheet a CSV file's name (without ``.csv``) is for."""
    for sheet in layout():
        if name == sheet.name:
            return sheet
    folded = name.casefold()
    for sheet in layout():
        title = sheet.title.casefold()
        if folded == title or folded.endswith(f" - {title}"):
            return sheet
    return None


def _records(text: str, delimiter: str = ",") -> Any:
    """
    ``(record number, cells)`` of CSV text. Python 3.10's reader refuses NUL
    characters, so they are read as a character the text does not hold, then put back.
    """
    stand_in = None
    if "\x00" in text:
        stand_in = next(chr(c) for c in range(0xE000, 0x110000) if chr(c) not in text)
        text = text.replace("\x00", stand_in)
    # The reader refuses a field longer than its limit (128 KiB by default); the text
    # is in memory already, so no field can be longer than it.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for number, cells in enumerate(rows, 1):
        if stand_in is None:
            yield number, cells
        else:
            yield number, [c.replace(stand_in, "\x00") for c in cells]


_CSV_ENCODING_HINT = (
    "Save the file as UTF-8: in Excel, as 'CSV UTF-8 (Comma delimited)'; in LibreOffice, "
    "with 'Edit filter settings' and the character set 'Unicode (UTF-8)'."
)


def _delimiter(text: str, known: set[str]) -> str:
    """
    The delimiter of CSV text: a comma, unless the header row reads as field names only
    when split at semicolons (as Excel writes CSV where the decimal mark is a comma) or tabs.
    """
    line = text.split("\n", 1)[0]

    def names(delimiter: str) -> bool:
        cells = [c.strip().strip('"') for c in line.split(delimiter)]
        return len(cells) > 1 and all(
            not c or c in known or c.startswith("extensions.") or c == EMPTY_HEADER for c in cells
        )

    if not names(","):
        for other in (";", "\t"):
            if names(other):
                return other
    return ","


def read_csv(directory: Path, assembler: Assembler) -> None:
    """Add every CSV file of the folder to ``assembler``."""
    found: dict[str, Path] = {}
    for path in sorted(directory.iterdir()):
        if path.suffix.lower() != ".csv" or not path.is_file():
            continue
        sheet = _sheet_of(path.stem)
        if sheet is None or sheet.name in found:
            place = Place(str(path), lambda row, col: {"cell": f"{_letter(col)}{row}"})
            assembler.issue(
                SHEET_UNKNOWN,
                f"{path.name} is not a sheet of the layout; its rows would be lost",
                place,
                1,
                0,
                hint="Name it after its sheet (e.g. innovations.csv), or move it elsewhere.",
            )
            continue
        found[sheet.name] = path
    for sheet in layout():
        if sheet.name in found:
            _read_file(sheet, found[sheet.name], assembler)


def _read_file(sheet: Sheet, path: Path, assembler: Assembler) -> None:
    place = Place(str(path), lambda row, col: {"cell": f"{_letter(col)}{row}"})
    try:
        text = _json.decode(path.read_bytes(), source=str(path))
    except InvalidDocument as exc:
        assembler.unread.add(sheet.name)
        assembler.issues.extend(
            attrs.evolve(i, hint=_CSV_ENCODING_HINT) if i.code == "parse.encoding" else i
            for i in exc.report.issues
        )
        return
    known = {c.header for c in sheet.all_columns}
    text = text.removeprefix("\ufeff")
    records = _records(text, _delimiter(text, known))
    first = next(records, None)
    if first is None:
        return
    if not any(c.strip() in known or c.strip().startswith("extensions.") for c in first[1]):
        assembler.unread.add(sheet.name)
        assembler.issue(
            SHEET_HEADER,
            f"{path.name} has no header row of field paths",
            place,
            1,
            0,
            hint="Its first row names each column's field, e.g. id, name, kind.",
        )
        return
    headers = list(first[1])
    columns = assembler.header(sheet, headers, place, 1)
    texts = [
        i
        for i, c in enumerate(columns)
        if not isinstance(c, str) and c is not None and c.kind is Kind.TEXT
    ]

    def unquoted() -> Any:
        for number, cells in records:
            for index in texts:
                if index < len(cells) and cells[index].startswith("'"):
                    cells[index] = cells[index][1:]
            yield number, cells

    assembler.add_rows(sheet, columns, unquoted(), place, headers)
