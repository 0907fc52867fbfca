"""
Spreadsheets: an evidence base as a workbook or a folder of CSV files, and back.

The layout is generated from the model, never kept by hand, so a new field reaches
the workbook by itself:

* a sheet per record collection (``Innovations``, ``Adoptions``…), a row per record;
  the fields of nested objects are columns with their path (``origin.year``);
* a sheet per repeating nested entity (``Elements``, ``Adaptations``, ``Support``…)
  and per list of free text (``Authors``, ``Aliases``), whose first columns name the
  row it belongs to (``innovations.id``, then ``adaptations.id`` further down);
* several identifiers or codes in one cell, separated by ``;``;
* an ``Evidence base`` sheet of one row for the base itself.

A workbook also has a README sheet, a Vocabularies sheet, a readable header row above
the field paths, a note on each header cell, and drop-downs for coded columns.
Reading a workbook back (or CSV files, one per sheet) builds the evidence base and
validates it: every problem is an :class:`~innovscale.report.Issue` with its cell
(``Adoptions!D7``) and JSON path, with the same codes and hints as ``validate``.

>>> import tempfile, innovscale
>>> from pathlib import Path
>>> from innovscale import sheets
>>> base = innovscale.load_example()
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = Path(tmp) / "cases.xlsx"
...     sheets.write_workbook(base, path)
...     sheets.load(path) == base
True

Writing and reading workbooks needs the ``spreadsheet`` extra (openpyxl):
``pip install 'innovscale[spreadsheet]'``. CSV needs nothing more.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from innovscale.exceptions import InvalidDocument
from innovscale.model import EvidenceBase
from innovscale.report import ValidationReport
from innovscale.sheets._book import Assembler
from innovscale.sheets._layout import Column, Kind, Sheet, layout

if TYPE_CHECKING:
    from innovscale._io import PathLike

__all__ = [
    "Column",
    "Imported",
    "Kind",
    "Sheet",
    "layout",
    "load",
    "read",
    "write_csv",
    "write_template",
    "write_workbook",
]


@attrs.frozen
class Imported:
    """
    What reading a workbook or a CSV folder gave.

    Attributes:
        report: Every issue, each placed on its cell.
        base: The evidence base, when the report has no error; else ``None``.
    """

    report: ValidationReport
    base: EvidenceBase | None


def write_workbook(base: EvidenceBase, path: PathLike) -> None:
    """
    Write ``base`` as a workbook (``.xlsx``) at ``path``, atomically.

    Raises:
        MissingExtra: openpyxl is not installed.
        FileWriteError: The file could not be written.
    """
    from innovscale.sheets._xlsx import write_xlsx  # noqa: PLC0415

    write_xlsx(base, Path(path))


def write_template(path: PathLike) -> None:
    """
    Write a blank workbook to fill in: every sheet with its headers, notes and
    drop-downs, and the Evidence base sheet's format version filled in.

    Raises:
        MissingExtra: openpyxl is not installed.
        FileWriteError: The file could not be written.
    """
    from innovscale.sheets._xlsx import write_xlsx  # noqa: PLC0415

    write_xlsx(None, Path(path))


def write_csv(base: EvidenceBase | None, directory: PathLike) -> list[Path]:
    """
    Write ``base`` as a folder of CSV files, one per sheet, with a Frictionless
    ``datapackage.json`` (Table Schema types, primary keys and foreign keys), and return
    the files written. ``None`` writes the headers only, as a template.

    Text that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
    ``@``) is written after a ``'``, which reading removes.

    Raises:
        FileWriteError: ``directory`` holds files already, or cannot be written.
    """
    from innovscale.sheets._csv import write_csv as write  # noqa: PLC0415

    return write(base, Path(directory))


def read(path: PathLike) -> Imported:
    """
    Read a workbook (``.xlsx``) or a folder of CSV files, and validate what it holds.

    Nothing is dropped silently: unknown sheets and columns, rows that name no parent
    row and cells that cannot be read are issues; a column headed
    ``extensions.<namespace>:<name>`` is kept as an extension.

    Raises:
        MissingExtra: ``path`` is a workbook and openpyxl is not installed.
        OSError: ``path`` cannot be read.
    """
    from innovscale.validation._pipeline import check_unchecked, validate_data  # noqa: PLC0415

    source = Path(path)
    assembler = Assembler()
    if source.is_dir():
        from innovscale.sheets._csv import read_csv  # noqa: PLC0415

        read_csv(source, assembler)
    else:
        from innovscale.sheets._xlsx import read_xlsx  # noqa: PLC0415

        read_xlsx(source, assembler)
    if assembler.unread or any(i.code == "parse.unreadable" for i in assembler.issues):
        # Part of the base is unknown: checking the rest would report what is missing.
        report = ValidationReport(issues=tuple(assembler.issues), sources=(str(source),))
        return Imported(report=report, base=None)
    found = check_unchecked(assembler.document)
    if found is None:
        issues, base = list(validate_data(assembler.document).issues), None
    else:
        issues, base = found
    located = [assembler.located(i) for i in issues]
    located = [i if i.source else attrs.evolve(i, source=str(source)) for i in located]
    report = ValidationReport(issues=(*assembler.issues, *located), sources=(str(source),))
    if not report.valid:
        base = None
    return Imported(report=report, base=base)


def load(path: PathLike) -> EvidenceBase:
    """
    :func:`read`, returning the evidence base.

    Raises:
        InvalidDocument: The sheets hold at least one error; ``.report`` has them all.
    """
    imported = read(path)
    if imported.base is None:
        raise InvalidDocument(imported.report)
    return imported.base
