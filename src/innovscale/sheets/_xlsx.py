"""
Workbooks (``.xlsx``), written and read with openpyxl, in its streaming modes.

Writing uses openpyxl's write-only mode and reading its read-only mode, so a workbook
of a national programme's evidence base never sits in memory as cell objects.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from typing import TYPE_CHECKING, Any

from innovscale._io import atomic_write
from innovscale.exceptions import FileWriteError
from innovscale.sheets._book import (
    SHEET_FORMULA,
    SHEET_HEADER,
    SHEET_UNKNOWN,
    Assembler,
    Place,
    rows,
)
from innovscale.sheets._cells import xml_escape, xml_unescape
from innovscale.sheets._layout import BASE, Column, Kind, Sheet, collection_of, layout

if TYPE_CHECKING:
    from pathlib import Path

    from innovscale.model import EvidenceBase
    from innovscale.vocab import Vocabulary

__all__ = ["read_xlsx", "write_xlsx"]

#: Sheets the layout writes for people, which import passes over.
README = "README"
VOCABULARIES = "Vocabularies"
_MAX_ROWS = 1_048_576
_HEADER_ROWS = 2
_NOTE_CHARS = 2000
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\r\x0e-\x1f\ud800-\udfff\ufffe\uffff]|_x[0-9A-Fa-f]{4}_")

_WIDTHS = {Kind.TEXT: 36, Kind.IDS: 24, Kind.CODES: 24, Kind.OBJECT: 30}


def openpyxl() -> Any:
    """The openpyxl module, or a clear error saying what to install."""
    try:
        import openpyxl as module  # noqa: PLC0415
    except ImportError as exc:
        from innovscale.exceptions import MissingExtra  # noqa: PLC0415

        raise MissingExtra("spreadsheet", "openpyxl") from exc
    return module


def _letter(index: int) -> str:
    """The column letters of a 0-based index (0 → A, 26 → AA)."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def _note(column: Column) -> str:
    lines = [column.description or column.label]
    if column.required:
        lines.append("Required.")
    if column.kind is Kind.KEY:
        lines.append("This names the row of the sheet above that this row belongs to.")
    elif column.kind is Kind.DATE:
        lines.append("A date: YYYY, YYYY-MM or YYYY-MM-DD.")
    elif column.kind is Kind.BOOLEAN:
        lines.append("TRUE or FALSE.")
    elif column.kind is Kind.IDS:
        target = f" of {column.references} records" if column.references else ""
        lines.append(f"Identifiers{target}; separate several with ';'.")
    elif column.kind is Kind.OBJECT:
        lines.append('Extensions as a JSON object, e.g. {"acme:priority": 2}.')
    if column.vocabulary is not None:
        several = " Separate several with ';'." if column.kind is Kind.CODES else ""
        lines.append(f"One of the codes below (see the Vocabularies sheet).{several}")
        lines += [f"{m.value}: {m.label}" for m in column.vocabulary]
    text = "\n".join(lines)
    return text if len(text) <= _NOTE_CHARS else text[: _NOTE_CHARS - 1] + "…"


class _Writer:
    def __init__(self, module: Any) -> None:
        self.xl = module
        self.book = module.Workbook(write_only=True)
        styles = module.styles
        self.bold = styles.Font(bold=True, color="FFFFFF")
        self.fill = styles.PatternFill("solid", fgColor="305496")
        self.path_font = styles.Font(italic=True, color="595959", size=9)
        self.path_fill = styles.PatternFill("solid", fgColor="D9E1F2")
        self.wrap = styles.Alignment(wrap_text=True, vertical="top")
        self.vocab_ranges: dict[type[Vocabulary], str] = {}
        self.titles = {s.name: s.title for s in layout()}

    def cell(self, sheet: Any, value: Any) -> Any:
        from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415

        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell

    def text(self, sheet: Any, value: str) -> Any:
        """A text cell: escaped where XML cannot hold it, never read as a formula."""
        if _UNSAFE.search(value):
            value = xml_escape(value)
        if value.startswith("="):
            return self.cell(sheet, value)
        return value

    def readme(self, base: EvidenceBase | None) -> None:
        sheet = self.book.create_sheet(README)
        sheet.column_dimensions["A"].width = 110
        title = self.cell(sheet, "innovscale evidence base workbook")
        title.font = self.xl.styles.Font(bold=True, size=14)
        sheet.append([title])
        paragraphs = [
            (
                "Each sheet holds one kind of row. The first row of a sheet is a readable "
                "header (a * marks a required column; hover over it for what the column "
                "holds and which codes it takes); the second row is the field path, which "
                "innovscale reads, so leave it as it is. Fill in rows from the third down."
            ),
            (
                "Rows of a nested sheet (Elements, Adaptations, Support…) belong to a row of "
                "the sheet above them: their first columns give that row's id. Several "
                "identifiers or codes in one cell are separated by ';'. Dates are YYYY, "
                "YYYY-MM or YYYY-MM-DD. Leave a cell blank when a fact is not known."
            ),
            (
                "Check the workbook with: innovscale import cases.xlsx -o base.json. Every "
                "problem is reported with its cell (e.g. Adoptions!D7), and nothing is "
                "written until there are none."
            ),
        ]
        if base is not None:
            paragraphs.insert(0, f"This workbook holds the evidence base {base.id!r}: {base.title}")
        for text in paragraphs:
            cell = self.cell(sheet, xml_escape(text))
            cell.alignment = self.wrap
            sheet.append([cell])
        sheet.append([])
        heading = self.cell(sheet, "The sheets")
        heading.font = self.xl.styles.Font(bold=True, size=12)
        sheet.append([heading])
        for item in layout():
            line = f"{item.title}: {item.description}"
            if item.keys:
                parent = self.titles[item.parent] if item.parent else ""
                line += f" Each row belongs to a row of {parent}."
            cell = self.cell(sheet, xml_escape(line))
            cell.alignment = self.wrap
            sheet.append([cell])
        line = f"{VOCABULARIES}: every code a coded column takes, with its label and definition."
        sheet.append([self.cell(sheet, line)])

    def vocabularies(self) -> None:
        sheet = self.book.create_sheet(VOCABULARIES)
        for letter, width in zip("ABCD", (26, 40, 40, 90), strict=True):
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = "A2"
        head = []
        for text in ("Vocabulary", "Code", "Label", "Definition"):
            cell = self.cell(sheet, text)
            cell.font, cell.fill = self.bold, self.fill
            head.append(cell)
        sheet.append(head)
        row = 2
        seen: list[type[Vocabulary]] = []
        for item in layout():
            for column in item.all_columns:
                if column.vocabulary is not None and column.vocabulary not in seen:
                    seen.append(column.vocabulary)
        for vocabulary in seen:
            members = list(vocabulary)
            self.vocab_ranges[vocabulary] = f"{VOCABULARIES}!$B${row}:$B${row + len(members) - 1}"
            for member in members:
                sheet.append(
                    [vocabulary.__name__, member.value, member.label, xml_escape(member.definition)]
                )
                row += 1

    def data(self, item: Sheet, values: list[list[Any]]) -> None:
        if len(values) > _MAX_ROWS - _HEADER_ROWS:
            msg = f"{item.title} has {len(values)} rows, more than a workbook sheet holds"
            raise FileWriteError(msg)
        sheet = self.book.create_sheet(item.title)
        columns = item.all_columns
        keys = len(item.keys) + (1 if item.number else 0) + (1 if item.parent is None else 0)
        sheet.freeze_panes = f"{_letter(min(keys, len(columns) - 1))}{_HEADER_ROWS + 1}"
        labels, paths = [], []
        for index, column in enumerate(columns):
            letter = _letter(index)
            width = _WIDTHS.get(column.kind, max(12, min(len(column.label) + 2, 30)))
            if column.references is not None or column.header == "id":
                width = 24
            sheet.column_dimensions[letter].width = width
            label = self.cell(sheet, column.label)
            label.font, label.fill = self.bold, self.fill
            label.alignment = self.wrap
            label.comment = self.xl.comments.Comment(_note(column), "innovscale")
            labels.append(label)
            path = self.cell(sheet, column.header)
            path.font, path.fill = self.path_font, self.path_fill
            paths.append(path)
            self.validation(sheet, item, column, letter)
        sheet.append(labels)
        sheet.append(paths)
        for cells in values:
            sheet.append([self.text(sheet, v) if isinstance(v, str) else v for v in cells])

    def validation(self, sheet: Any, item: Sheet, column: Column, letter: str) -> None:
        """A drop-down for a coded, yes/no or reference column."""
        formula = None
        if column.kind is Kind.CODE and column.vocabulary is not None:
            formula = f"={self.vocab_ranges[column.vocabulary]}"
        elif column.kind is Kind.BOOLEAN:
            formula = '"TRUE,FALSE"'
        elif column.kind is Kind.KEY and column is item.keys[0] and item.parent not in (None, BASE):
            top = next(s for s in layout() if s.name == _top(item))
            formula = f"='{top.title}'!$A${_HEADER_ROWS + 1}:$A${_MAX_ROWS}"
        elif column.kind is Kind.TEXT and column.references is not None:
            target = collection_of(column.references)
            if target is not None:
                formula = f"='{target.title}'!$A${_HEADER_ROWS + 1}:$A${_MAX_ROWS}"
        if formula is None:
            return
        rule = self.xl.worksheet.datavalidation.DataValidation(
            type="list", formula1=formula, allow_blank=True, showErrorMessage=False
        )
        rule.add(f"{letter}{_HEADER_ROWS + 1}:{letter}{_MAX_ROWS}")
        sheet.data_validations.append(rule)


def _top(item: Sheet) -> str:
    by_name = {s.name: s for s in layout()}
    while item.parent is not None and by_name[item.parent].parent is not None:
        item = by_name[item.parent]
    return item.parent or item.name


def write_xlsx(base: EvidenceBase | None, path: str | Path) -> None:
    """Write the workbook of ``base`` (a blank template for ``None``) atomically."""
    module = openpyxl()
    writer = _Writer(module)
    writer.readme(base)
    writer.vocabularies()
    values = rows(base)
    if base is None:
        values[BASE] = [[to_template(c) for c in layout()[0].all_columns]]
    for item in layout():
        writer.data(item, values[item.name])
    # The README first, the vocabularies last: move the sheet written first for its ranges.
    sheets = writer.book._sheets  # noqa: SLF001 - openpyxl has no public reorder for write-only books
    sheets.append(sheets.pop(1))
    atomic_write(path, writer.book.save)


def to_template(column: Column) -> Any:
    """The cell a blank template gives ``column`` in the evidence base row."""
    if column.header == "schema_version":
        from innovscale.model import SCHEMA_VERSION  # noqa: PLC0415

        return SCHEMA_VERSION
    return None


def _header_row(item: Sheet, first: list[Any], second: list[Any]) -> int | None:
    """Which of the first two rows holds the field paths (1 or 2), if either."""
    known = {c.header for c in item.all_columns}

    def score(cells: list[Any]) -> int:
        texts = [str(c).strip() for c in cells if c not in (None, "")]
        return sum(1 for t in texts if t in known or t.startswith("extensions."))

    one, two = score(first), score(second)
    if two and two >= one:
        return 2
    return 1 if one else None


#: The most a workbook may hold once unzipped, and the most it may be compressed (a
#: larger ratio above :data:`_RATIO_FROM` bytes is a zip bomb, not a workbook).
MAX_UNZIPPED = 1 << 30
_RATIO = 100
_RATIO_FROM = 64 << 20
_LIBRARIES = frozenset({"openpyxl", "zipfile", "xml", "et_xmlfile", "zlib"})
#: What openpyxl and the zip and XML readers raise on a damaged file (an XML
#: ``ParseError`` is a ``SyntaxError``).
_BAD_INPUT = (
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    EOFError,
    SyntaxError,
    zipfile.BadZipFile,
    zlib.error,
)


def _refusal(path: Path) -> str | None:
    """Why the workbook at ``path`` is not read, if it is not: not a zip, or a zip bomb."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        return "it is not a workbook (.xlsx files are zip archives, and this is not one)"
    unzipped = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if unzipped > MAX_UNZIPPED or (unzipped > _RATIO_FROM and unzipped > _RATIO * packed):
        return f"it would unzip to {unzipped} bytes, more than a workbook of its size holds"
    return None


def _from_library(exc: BaseException) -> bool:
    """Whether ``exc`` was raised inside openpyxl or the zip and XML readers: bad input."""
    trace = exc.__traceback__
    last = None
    while trace is not None:
        last, trace = trace, trace.tb_next
    module = str(last.tb_frame.f_globals.get("__name__", "")) if last is not None else ""
    return module.split(".")[0] in _LIBRARIES


def read_xlsx(path: Path, assembler: Assembler) -> None:
    """Add every sheet of the workbook at ``path`` to ``assembler``."""
    from innovscale.validation import PARSE_UNREADABLE  # noqa: PLC0415

    module = openpyxl()
    reason = _refusal(path)
    if reason is None:
        try:
            _read_book(module, path, assembler)
        except _BAD_INPUT as exc:
            if not _from_library(exc):
                raise
            reason = f"openpyxl cannot read it: {exc}"
    if reason is not None:
        issue = PARSE_UNREADABLE.issue(f"cannot read {path.name}: {reason}", source=str(path))
        assembler.issues.append(issue)


def _has_formulas(path: Path) -> bool:
    """Whether any worksheet of the workbook holds a formula cell (an ``<f>`` element)."""
    with zipfile.ZipFile(path) as archive:
        for member in archive.infolist():
            name = member.filename
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            with archive.open(member) as stream:
                tail = b""
                while chunk := stream.read(1 << 20):
                    text = tail + chunk
                    if b"<f>" in text or b"<f " in text:
                        return True
                    tail = text[-2:]
    return False


#: The formula cells of a workbook, by sheet title: ``{title: {(row, column): formula}}``.
_Formulas = dict[str, dict[tuple[int, int], str]]


def _formulas(module: Any, path: Path) -> _Formulas:
    """Every formula cell, by sheet (1-based rows, 0-based columns); read only if there are any."""
    if not _has_formulas(path):
        return {}
    found: _Formulas = {}
    book = module.load_workbook(path, read_only=True, data_only=False)
    try:
        for worksheet in book.worksheets:
            worksheet.reset_dimensions()
            cells: dict[tuple[int, int], str] = {}
            for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1):
                for column, value in enumerate(row):
                    text = getattr(value, "text", value)  # an array formula keeps its text
                    if type(text) is str and text.startswith("="):
                        cells[number, column] = text
            if cells:
                found[worksheet.title] = cells
    finally:
        book.close()
    return found


def _read_book(module: Any, path: Path, assembler: Assembler) -> None:
    formulas = _formulas(module, path)
    book = module.load_workbook(path, read_only=True, data_only=True)
    try:
        by_title = {s.title.casefold(): s for s in layout()}
        by_name = {s.name: s for s in layout()}
        found: dict[str, Any] = {}
        for worksheet in book.worksheets:
            title = worksheet.title
            item = by_title.get(title.casefold()) or by_name.get(title)
            if item is not None:
                found[item.name] = worksheet
            elif title not in (README, VOCABULARIES):
                _unknown(worksheet, str(path), assembler)
        for item in layout():
            if item.name in found:
                worksheet = found[item.name]
                _read_sheet(item, worksheet, str(path), assembler, formulas.get(worksheet.title))
    finally:
        book.close()


def _place(source: str, title: str) -> Place:
    quoted = f"'{title}'" if " " in title else title
    return Place(source, lambda row, col: {"cell": f"{quoted}!{_letter(col)}{row}"})


def _unknown(worksheet: Any, source: str, assembler: Assembler) -> None:
    for row in worksheet.iter_rows(values_only=True):
        if any(c not in (None, "") for c in row):
            assembler.issue(
                SHEET_UNKNOWN,
                f"the sheet {worksheet.title!r} is not part of the layout; its rows would be lost",
                _place(source, worksheet.title),
                1,
                0,
                hint="Move it to another workbook, or rename it to the sheet its rows belong in.",
            )
            return


def _read_sheet(
    item: Sheet,
    worksheet: Any,
    source: str,
    assembler: Assembler,
    formulas: dict[tuple[int, int], str] | None = None,
) -> None:
    place = _place(source, worksheet.title)
    worksheet.reset_dimensions()
    stream = worksheet.iter_rows(values_only=True)
    head = [list(next(stream, ())) for _ in range(_HEADER_ROWS)]
    which = _header_row(item, head[0], head[1])
    if which is None:
        if any(c not in (None, "") for row in head for c in row) or next(stream, None):
            assembler.unread.add(item.name)
            assembler.issue(
                SHEET_HEADER,
                f"{item.title} has no header row of field paths",
                place,
                1,
                0,
                hint="Copy the two header rows back from a new template (innovscale template).",
            )
        return
    headers = [xml_unescape(c) if isinstance(c, str) else c for c in head[which - 1]]
    columns = assembler.header(item, headers, place, which)

    def data() -> Any:
        number = which
        if which == 1:
            number += 1
            yield number, [_unescape(c) for c in head[1]]
        for cells in stream:
            number += 1
            if formulas:
                _unsaved(formulas, number, cells, place, assembler)
            yield number, [_unescape(c) for c in cells]

    assembler.add_rows(item, columns, data(), place, headers)


def _unsaved(
    formulas: dict[tuple[int, int], str],
    number: int,
    cells: tuple[Any, ...],
    place: Place,
    assembler: Assembler,
) -> None:
    """Report the formula cells of row ``number`` that have no saved result."""
    for column, value in enumerate(cells):
        if value is None and (number, column) in formulas:
            formula = formulas[number, column]
            shown = formula if len(formula) <= 60 else formula[:57] + "..."
            assembler.issue(
                SHEET_FORMULA,
                f"the cell holds the formula {shown} but the workbook keeps no result for it",
                place,
                number,
                column,
                hint="Open the workbook in Excel or LibreOffice and save it, so the results are "
                "kept; or type the value.",
            )


def _unescape(value: Any) -> Any:
    return xml_unescape(value) if type(value) is str and "_x" in value else value
