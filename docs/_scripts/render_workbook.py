"""
Render a picture of a sheet of the exported example workbook, as LibreOffice shows it.

    python docs/_scripts/render_workbook.py [SHEET] [OUT.png]

The workbook is written by ``innovscale.sheets``, printed to PDF by LibreOffice
(``soffice``) and turned into a PNG by ``pdftoppm`` (poppler-utils), cropped to the
cells shown: the docs' picture is rendered from the code, never drawn by hand. CI runs
this script, so a change that breaks the workbook breaks the picture's build.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl

import innovscale
from innovscale import sheets

ROWS = 12
COLUMNS = 8
DPI = 150
MARGIN = 6  # points around the cells


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        sys.exit(f"render_workbook: {name} is not installed")
    return found


def _run(command: list[str]) -> str:
    done = subprocess.run(command, check=True, capture_output=True, text=True, timeout=180)  # noqa: S603 - the tools found above, on files written here
    return done.stdout


def render(title: str, out: Path) -> None:
    """Write the PNG of the first rows and columns of the sheet ``title`` to ``out``."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        book_path = work / "cases.xlsx"
        sheets.write_workbook(innovscale.load_example(), book_path)
        book = openpyxl.load_workbook(book_path)
        for name in book.sheetnames:
            if name != title:
                del book[name]
        sheet = book[title]
        last = openpyxl.utils.get_column_letter(COLUMNS)
        sheet.print_area = f"A1:{last}{ROWS}"
        sheet.page_setup.orientation = "landscape"
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        one = work / "sheet.xlsx"
        book.save(one)
        _run(
            [
                _tool("soffice"),
                f"-env:UserInstallation=file://{work / 'profile'}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work),
                str(one),
            ]
        )
        pdf = work / "sheet.pdf"
        words = _run([_tool("pdftotext"), "-bbox", "-f", "1", "-l", "1", str(pdf), "-"])
        boxes = [
            tuple(float(v) for v in m)
            for m in re.findall(
                r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', words
            )
        ]
        x0 = min(b[0] for b in boxes) - MARGIN
        y0 = min(b[1] for b in boxes) - MARGIN
        x1 = max(b[2] for b in boxes) + MARGIN
        y1 = max(b[3] for b in boxes) + MARGIN
        scale = DPI / 72
        _run(
            [
                _tool("pdftoppm"),
                "-png",
                "-singlefile",
                "-r",
                str(DPI),
                "-f",
                "1",
                "-l",
                "1",
                "-x",
                str(int(x0 * scale)),
                "-y",
                str(int(y0 * scale)),
                "-W",
                str(int((x1 - x0) * scale)),
                "-H",
                str(int((y1 - y0) * scale)),
                str(pdf),
                str(work / "picture"),
            ]
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(work / "picture.png", out)


if __name__ == "__main__":
    render(
        sys.argv[1] if len(sys.argv) > 1 else "Adoptions",
        Path(sys.argv[2] if len(sys.argv) > 2 else "docs/_static/workbook-adoptions.png"),
    )
