"""Workbooks and CSV folders generated from the model, and read back (innovscale.sheets)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings

import innovscale
from innovscale import sheets, strategies as ist
from innovscale.cli import run
from innovscale.exceptions import InvalidDocument, MissingExtra
from innovscale.model import RECORD_COLLECTIONS, EvidenceBase, PartialDate
from innovscale.sheets import _xlsx
from innovscale.sheets._layout import Kind

SLOW = settings(
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    deadline=None,
)


@pytest.fixture
def example():
    return innovscale.load_example()


def _leaf_paths(cls, prefix=()):
    """Every field path of ``cls`` down to scalars and lists, as the layout must cover it."""
    for field in attrs.fields(attrs.resolve_types(cls)):
        if cls is EvidenceBase and field.name in RECORD_COLLECTIONS:
            continue
        type_ = field.type
        inner = [a for a in getattr(type_, "__args__", ()) if a is not type(None)]
        target = inner[0] if len(inner) == 1 and not hasattr(type_, "__origin__") else type_
        if attrs.has(target) and target is not PartialDate:
            yield from _leaf_paths(target, (*prefix, field.name))
        else:
            yield (*prefix, field.name)


def test_every_field_of_the_model_has_a_column_or_a_sheet():
    by_cls = {}
    for sheet in sheets.layout():
        if sheet.cls is not None:
            by_cls.setdefault(sheet.cls, set()).update(c.path for c in sheet.columns)
    nested = {(s.parent, s.path) for s in sheets.layout() if s.parent}
    names = {s.name: s for s in sheets.layout()}
    for sheet in sheets.layout():
        if sheet.cls is None:
            continue
        for path in _leaf_paths(sheet.cls):
            covered = path in by_cls[sheet.cls] or (sheet.name, path) in nested
            assert covered, (sheet.name, path)
    # A nested sheet's keys name its parent's key columns.
    for sheet in sheets.layout():
        if sheet.keys:
            parent = names[sheet.parent]
            assert len(sheet.keys) == len(parent.keys) + 1


def test_titles_fit_a_workbook_and_headers_are_unique():
    titles = [s.title for s in sheets.layout()]
    assert len({t.casefold() for t in titles}) == len(titles)
    assert all(len(t) <= 31 for t in titles)
    assert {"Innovations", "Elements", "Adaptations", "Adoption support", "Gradings"} <= set(titles)


@SLOW
@given(ist.evidence_bases())
def test_a_workbook_reads_back_as_the_same_base(tmp_path_factory, base):
    path = tmp_path_factory.mktemp("xlsx") / "cases.xlsx"
    sheets.write_workbook(base, path)
    imported = sheets.read(path)
    assert imported.report.valid, imported.report.format_text()
    assert imported.base == base


@SLOW
@given(ist.evidence_bases())
def test_csv_files_read_back_as_the_same_base(tmp_path_factory, base):
    root = tmp_path_factory.mktemp("csv") / "cases"
    sheets.write_csv(base, root)
    imported = sheets.read(root)
    assert imported.report.valid, imported.report.format_text()
    assert imported.base == base


def _awkward(base):
    """``base`` with text a spreadsheet would mangle in every way we know of."""
    texts = [
        '=HYPERLINK("http://evil")',
        "+44 20 7946 0000",
        "-minus",
        "@SUM(A1)",
        "'quoted",
        "007",
        "2018-03",
        "TRUE",
        "1e5",
        " padded ",
        "tab\tand\nnewline\r\nand CR",
        "NUL\x00 and \x01 control",
        "_x0041_ literal escape",
        "Ünïcödé — ✓ 中文",
    ]
    organisations = [
        attrs.evolve(o, name=texts[i % len(texts)]) for i, o in enumerate(base.organisations)
    ]
    first = base.innovations[0]
    origins = tuple(attrs.evolve(o, date=innovscale.PartialDate(year=1975)) for o in first.origins)
    innovation = attrs.evolve(
        first, aliases=tuple(texts), origins=origins, extensions={"acme:big": 2**70, "acme:t": "=1"}
    )
    reach = [attrs.evolve(r, value=12345678901234567890123) for r in base.reach_measures[:1]]
    return attrs.evolve(
        base,
        organisations=tuple(organisations),
        innovations=(innovation, *base.innovations[1:]),
        reach_measures=(*reach, *base.reach_measures[1:]),
    )


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_awkward_text_numbers_and_dates_survive(tmp_path, example, kind):
    base = _awkward(example)
    path = tmp_path / ("cases.xlsx" if kind == "xlsx" else "cases")
    if kind == "xlsx":
        sheets.write_workbook(base, path)
    else:
        sheets.write_csv(base, path)
    assert sheets.load(path) == base


def test_no_formula_reaches_a_workbook_or_a_csv_file(tmp_path, example):
    base = _awkward(example)
    sheets.write_workbook(base, tmp_path / "c.xlsx")
    book = openpyxl.load_workbook(tmp_path / "c.xlsx")
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    sheets.write_csv(base, tmp_path / "csv")
    for path in (tmp_path / "csv").glob("*.csv"):
        text = path.read_bytes().decode("utf-8").replace("\x00", "")
        for row in csv.reader(io.StringIO(text, newline="")):
            for cell in row:
                # Text starting with a formula character is written after a "'".
                assert not cell.startswith(("=", "+", "@")) or cell.startswith("'"), cell


def test_the_workbook_is_made_to_be_filled_in(tmp_path):
    sheets.write_template(tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert book.sheetnames[0] == "README"
    assert book.sheetnames[-1] == "Vocabularies"
    adoptions = book["Adoptions"]
    assert adoptions.freeze_panes == "B3"
    headers = {c.value: c for c in adoptions[2]}
    stage = headers["stage"]
    label = adoptions.cell(row=1, column=stage.column)
    assert label.value.startswith("Stage")
    assert "implementing" in label.comment.text
    assert adoptions.cell(row=1, column=headers["id"].column).value.endswith("*")
    validations = [v for v in adoptions.data_validations.dataValidation if v.type == "list"]
    assert any(stage.column_letter in str(v.sqref) for v in validations)
    elements = book["Elements"]
    assert elements["A2"].value == "innovations.id"
    readme = [r[0] for r in book["README"].iter_rows(values_only=True) if r and r[0]]
    assert any(str(line).startswith("Elements:") for line in readme)


def _edit(path, edits, new_sheet=None):
    book = openpyxl.load_workbook(path)
    for (title, cell), value in edits.items():
        book[title][cell] = value
    if new_sheet:
        book.create_sheet(new_sheet)["A1"] = "notes"
    book.save(path)


def test_every_problem_is_reported_at_its_cell(tmp_path, example):
    path = tmp_path / "cases.xlsx"
    sheets.write_workbook(example, path)
    book = openpyxl.load_workbook(path)
    stage = next(c.column_letter for c in book["Adoptions"][2] if c.value == "stage")
    adopter = next(c.column_letter for c in book["Adoptions"][2] if c.value == "adopter")
    _edit(
        path,
        {
            ("Adoptions", f"{stage}3"): "implementng",
            ("Adoptions", f"{adopter}4"): "nobody",
            ("Elements", "A5"): "no-such-innovation",
            ("Innovations", "ZZ2"): "colour",
            ("Innovations", "ZZ3"): "red",
        },
        new_sheet="My notes",
    )
    report = sheets.read(path).report
    at = {(i.code, i.cell) for i in report.issues}
    assert ("value.enum", f"Adoptions!{stage}3") in at
    assert ("ref.dangling", f"Adoptions!{adopter}4") in at
    assert ("sheet.parent", "Elements!A5") in at
    assert ("sheet.column", "Innovations!ZZ2") in at
    assert ("sheet.unknown", "'My notes'!A1") in at
    enum = next(i for i in report.issues if i.code == "value.enum")
    assert enum.json_path == "$.adoptions[0].stage"
    assert enum.hint == "Did you mean 'implementing'?"
    assert all(i.source == str(path) for i in report.issues)
    with pytest.raises(InvalidDocument):
        sheets.load(path)


def test_a_parent_key_typed_differently_gets_the_key(tmp_path, example):
    """'ALTOGETHER Better' in a child sheet: the hint names the parent row's key."""
    path = tmp_path / "cases.xlsx"
    sheets.write_workbook(example, path)
    book = openpyxl.load_workbook(path)
    key = book["Elements"]["A3"].value
    _edit(path, {("Elements", "A3"): key.upper().replace("-", " ")})
    (issue,) = [i for i in sheets.read(path).report.issues if i.code == "sheet.parent"]
    assert issue.cell == "Elements!A3"
    assert (issue.hint or "").startswith(f"Did you mean {key!r}?")


def test_a_formula_without_a_saved_result_is_reported_at_its_cell(tmp_path, example):
    """openpyxl (like any script) saves no results: the cell would read empty, so it is reported."""
    path = tmp_path / "cases.xlsx"
    sheets.write_workbook(example, path)
    book = openpyxl.load_workbook(path)
    summary = next(c.column_letter for c in book["Innovations"][2] if c.value == "summary")
    _edit(path, {("Innovations", f"{summary}4"): '=A4&" (pilot)"'})
    report = sheets.read(path).report
    formula = [i for i in report.issues if i.code == "sheet.formula"]
    assert [i.cell for i in formula] == [f"Innovations!{summary}4"]
    assert '=A4&" (pilot)"' in formula[0].message
    assert "save it" in (formula[0].hint or "")


def test_a_workbook_without_formulas_is_read_once(tmp_path, example, monkeypatch):
    path = tmp_path / "cases.xlsx"
    sheets.write_workbook(example, path)
    opened = []
    original = openpyxl.load_workbook

    def counting(*args, **kwargs):
        opened.append(kwargs.get("data_only"))
        return original(*args, **kwargs)

    monkeypatch.setattr(openpyxl, "load_workbook", counting)
    assert sheets.read(path).report.valid
    assert opened == [True]


def test_an_extension_column_is_kept(tmp_path, example):
    path = tmp_path / "cases.xlsx"
    sheets.write_workbook(example, path)
    _edit(path, {("Innovations", "ZZ2"): "extensions.acme:colour", ("Innovations", "ZZ3"): "red"})
    base = sheets.load(path)
    assert base.innovations[0].extensions == {"acme:colour": "red"}


def test_what_people_type_is_read_as_they_mean_it(tmp_path, example):
    import datetime as dt

    path = tmp_path / "cases.xlsx"
    sheets.write_workbook(example, path)
    book = openpyxl.load_workbook(path)
    headers = {c.value: c.column_letter for c in book["Sources"][2]}
    support = {c.value: c.column_letter for c in book["Adoption support"][2]}
    _edit(
        path,
        {
            ("Sources", f"{headers['date']}3"): 2018,  # a year typed as a number
            ("Sources", f"{headers['accessed']}3"): dt.datetime(2024, 5, 1, tzinfo=None),  # noqa: DTZ001 - a cell holds no zone
            ("Sources", f"{headers['kind']}3"): "Report",  # the label, not the code
            ("Adoption support", f"{support['funding.months']}3"): "36",  # a number as text
        },
    )
    base = sheets.load(path)
    assert str(base.sources[0].date) == "2018"
    assert str(base.sources[0].accessed) == "2024-05-01"
    assert base.sources[0].kind.value == "report"
    months = {s.funding.months for a in base.adoptions for s in a.support if s.funding}
    assert 36 in months


def test_blank_rows_and_trailing_cells_are_harmless(tmp_path, example):
    path = tmp_path / "cases.xlsx"
    sheets.write_workbook(example, path)
    book = openpyxl.load_workbook(path)
    sheet = book["Innovations"]
    sheet.insert_rows(5, amount=3)
    sheet["AZ40"] = None
    sheet["AZ41"] = ""
    book.save(path)
    assert sheets.load(path) == example


def test_a_sheet_saved_by_another_program_reads_back(tmp_path, example):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("INNOVSCALE_REQUIRE_LIBREOFFICE"):
            pytest.fail("LibreOffice is required here (INNOVSCALE_REQUIRE_LIBREOFFICE) but missing")
        pytest.skip("LibreOffice is not installed (CI installs it)")
    path = tmp_path / "cases.xlsx"
    sheets.write_workbook(example, path)
    out = tmp_path / "resaved"
    out.mkdir()
    profile = tmp_path / "profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    assert sheets.load(out / "cases.xlsx") == example


def test_a_damaged_or_hostile_workbook_is_an_issue(tmp_path, monkeypatch):
    (tmp_path / "text.xlsx").write_text("not a workbook")
    report = sheets.read(tmp_path / "text.xlsx").report
    assert [i.code for i in report.issues] == ["parse.unreadable"]
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (4 << 20))
    monkeypatch.setattr(_xlsx, "_RATIO_FROM", 1 << 20)
    report = sheets.read(bomb).report
    assert [i.code for i in report.issues] == ["parse.unreadable"]
    assert "unzip" in report.issues[0].message
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(damaged, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
    report = sheets.read(damaged).report
    assert [i.code for i in report.issues] == ["parse.unreadable"]


def test_csv_folder_has_a_package_whose_keys_hold(tmp_path, example):
    root = tmp_path / "cases"
    written = sheets.write_csv(example, root)
    package = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    assert len(package["resources"]) == len(sheets.layout()) == len(written) - 1
    by_name = {r["name"]: r for r in package["resources"]}

    def rows(resource):
        text = (root / resource["path"]).read_text(encoding="utf-8")
        return list(csv.DictReader(io.StringIO(text, newline="")))

    for resource in package["resources"]:
        schema = resource["schema"]
        data = rows(resource)
        if "primaryKey" in schema:
            keys = [tuple(r[f] for f in schema["primaryKey"]) for r in data]
            assert len(keys) == len(set(keys)), resource["name"]
        for key in schema.get("foreignKeys", ()):
            target = by_name[key["reference"]["resource"]]
            known = {tuple(r[f] for f in key["reference"]["fields"]) for r in rows(target)}
            used = {tuple(r[f] for f in key["fields"]) for r in data}
            assert {u for u in used if all(u)} <= known, (resource["name"], key)


def test_csv_files_saved_one_sheet_at_a_time_are_found(tmp_path, example):
    root = tmp_path / "cases"
    sheets.write_csv(example, root)
    for path in root.glob("*.csv"):
        title = next(s.title for s in sheets.layout() if s.name == path.stem)
        path.rename(root / f"My cases - {title}.csv")
    assert sheets.load(root) == example
    (root / "stray.csv").write_text("a,b\n1,2\n")
    codes = [i.code for i in sheets.read(root).report.issues]
    assert codes == ["sheet.unknown"]


def test_on_the_command_line(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    template = tmp_path / "t.xlsx"
    assert run(["template", "-o", str(template)], stdout=out, stderr=err) == 0, err.getvalue()
    assert template.is_file()
    workbook = tmp_path / "cases.xlsx"
    argv = ["export", "examples/against-the-odds.json", "-o", str(workbook)]
    assert run(argv, stdout=out, stderr=err) == 0, err.getvalue()
    target = tmp_path / "base.json"
    assert run(["import", str(workbook), "-o", str(target)], stdout=out, stderr=err) == 0
    assert innovscale.load(target) == innovscale.load_example()
    out = io.StringIO()
    assert (
        run(["import", str(template), "-o", str(tmp_path / "x.json")], stdout=out, stderr=err) == 1
    )
    assert "'Evidence base'!B3: error value.required" in out.getvalue()
    assert not (tmp_path / "x.json").exists()


def test_without_openpyxl_the_command_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(MissingExtra, match=r"pip install 'innovscale\[spreadsheet\]'"):
        sheets.write_template(tmp_path / "t.xlsx")
    out, err = io.StringIO(), io.StringIO()
    assert run(["template", "-o", str(tmp_path / "t.xlsx")], stdout=out, stderr=err) == 2
    assert "innovscale[spreadsheet]" in err.getvalue()
    # CSV needs nothing more.
    sheets.write_csv(None, tmp_path / "blank")
    assert (tmp_path / "blank" / "innovations.csv").read_text().startswith("id,name,kind")


def test_kinds_cover_every_column():
    kinds = {c.kind for s in sheets.layout() for c in s.all_columns}
    assert kinds == set(Kind)


def test_a_cell_longer_than_the_csv_readers_limit_reads_back(tmp_path, example):
    base = attrs.evolve(example, description="long " * 60_000)  # 300 kB, over 128 KiB
    sheets.write_csv(base, tmp_path / "cases")
    assert sheets.load(tmp_path / "cases") == base


def _resaved(root, change):
    """Each CSV file of ``root`` rewritten by ``change(text) -> bytes``, as a program saves it."""
    for path in root.glob("*.csv"):
        path.write_bytes(change(path.read_text(encoding="utf-8")))


def test_csv_files_saved_with_semicolons_read_back_as_the_same_base(tmp_path, example):
    """Excel saves CSV with ';' where the decimal mark is a comma; the header row says so."""
    root = tmp_path / "csv"
    sheets.write_csv(example, root)

    def semicolons(text):
        rows = list(csv.reader(io.StringIO(text, newline="")))
        out = io.StringIO()
        csv.writer(out, delimiter=";").writerows(rows)
        return ("\ufeff" + out.getvalue()).encode("utf-8")

    _resaved(root, semicolons)
    assert sheets.load(root) == example


def test_a_csv_file_not_in_utf8_is_one_issue_with_what_to_do(tmp_path, example):
    """The file's rows are unknown: its child sheets get one issue each, nothing else is checked."""
    root = tmp_path / "csv"
    sheets.write_csv(example, root)
    innovations = root / "innovations.csv"
    text = innovations.read_text(encoding="utf-8")
    innovations.write_bytes((text + "x,Café,service_model,,S\n").encode("cp1252", "replace"))
    report = sheets.read(root).report
    encoding = [i for i in report.issues if i.code == "parse.encoding"]
    assert len(encoding) == 1
    assert "CSV UTF-8" in (encoding[0].hint or "")
    others = [i for i in report.issues if i.code != "parse.encoding"]
    assert others
    assert {i.code for i in others} == {"sheet.parent"}
    assert len({i.source for i in others}) == len(others)  # one for each child sheet
    assert all("could not be read" in i.message for i in others)


def test_a_sheet_without_its_header_rows_is_one_issue_not_one_a_row(tmp_path, example):
    path = tmp_path / "cases.xlsx"
    sheets.write_workbook(example, path)
    book = openpyxl.load_workbook(path)
    book["Innovations"].delete_rows(1, 2)
    book.save(path)
    report = sheets.read(path).report
    assert [i.cell for i in report.issues if i.code == "sheet.header"] == ["Innovations!A1"]
    rest = [i for i in report.issues if i.code != "sheet.header"]
    assert rest
    assert all(i.code == "sheet.parent" and "could not be read" in i.message for i in rest)
