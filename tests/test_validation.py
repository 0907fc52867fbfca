"""Tests for innovscale.validation: the three tiers, one report, driven by tests/fixtures."""

from __future__ import annotations

import copy
import json
import os
import tracemalloc

import pytest

import innovscale
from _suite import INVALID, invalid_cases, valid_cases
from innovscale import InvalidDocument, Severity, structure
from innovscale.model import EvidenceBase
from innovscale.schema._examples import EXAMPLES
from innovscale.validation import catalogue, is_valid, load_valid, validate, validate_path

CASES = invalid_cases()
CODES = {entry.code for entry in catalogue()}


def example() -> dict:
    return copy.deepcopy(EXAMPLES[EvidenceBase])


class TestSuite:
    @pytest.mark.parametrize("path", valid_cases(), ids=lambda p: p.name)
    def test_valid_fixtures_have_no_issue(self, path):
        """Every valid fixture validates with no error and no warning."""
        report = validate_path(path)
        assert report.valid, report.format_text()
        assert not report.issues, report.format_text()

    @pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
    def test_invalid_fixture_raises_its_issues(self, case):
        """Every invalid fixture raises each (code, path) its manifest entry lists."""
        report = validate_path(case.path)
        found = {(i.code, i.json_path) for i in report.issues}
        for expected in case.expected:
            assert (expected.code, expected.path) in found, report.format_text()
        expects_error = any(
            catalogue_entry(e.code).severity is Severity.ERROR for e in case.expected
        )
        assert report.valid is not expects_error

    @pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
    def test_issues_from_files_are_placed(self, case):
        """Issues found in a file carry the file name and a line number."""
        report = validate_path(case.path)
        for issue in report.issues:
            assert issue.source == str(case.path)
            assert issue.line is not None
            assert issue.line >= 1

    def test_enough_fixtures(self):
        """The suite has at least 40 invalid fixtures, and the manifest lists every file."""
        assert len(CASES) >= 40
        listed = {c.name for c in CASES}
        on_disk = {p.name for p in INVALID.iterdir() if p.name != "expected.json"}
        assert listed == on_disk


def catalogue_entry(code):
    return next(e for e in catalogue() if e.code == code)


class TestCatalogueCoverage:
    def test_every_raised_code_is_catalogued(self):
        """Every code any fixture raises is in the catalogue."""
        for case in CASES:
            for issue in validate_path(case.path).issues:
                assert issue.code in CODES, (case.name, issue.code)

    def test_every_catalogued_code_has_a_fixture(self):
        """Every catalogue entry has an invalid fixture that expects it."""
        expected = {e.code for case in CASES for e in case.expected}
        # JSON text cannot hold the first two: the parse tier refuses the text first
        # (test_types.py has the Python objects that can); the others are about files
        # that cannot be fixtures (test_cli.py has them); the last two are about base
        # folders and merges, not single files (test_folder.py has them); the sheet codes
        # are about workbooks and CSV files (test_sheets.py has them).
        not_fixtures = {
            *(code for code in CODES if code.startswith("sheet.")),
            "value.not_finite",
            "value.surrogate",
            "parse.unreadable",
            "parse.too_large",
            "base.part_shape",
            "base.conflict",
        }
        assert sorted(CODES - expected - not_fixtures) == []

    def test_catalogue_severity_matches_issues(self):
        """Issues carry the severity their catalogue entry documents."""
        for case in CASES:
            for issue in validate_path(case.path).issues:
                assert issue.severity is catalogue_entry(issue.code).severity, issue


class TestInputs:
    def test_text_bytes_path_data_and_base_agree(self, tmp_path):
        """validate accepts str, bytes, a Path, parsed data and an EvidenceBase alike."""
        data = example()
        data["adoptions"][0]["adopter"] = "nobody"
        text = json.dumps(data)
        path = tmp_path / "base.json"
        path.write_text(text, encoding="utf-8")
        reports = [validate(text), validate(text.encode()), validate(path), validate(data)]
        codes = [[(i.code, i.path) for i in r.issues] for r in reports]
        assert codes[0] == [("ref.dangling", ("adoptions", 0, "adopter"))]
        assert all(c == codes[0] for c in codes)

    def test_evidence_base_object(self):
        """An EvidenceBase object goes through the integrity tier."""
        data = example()
        data["enabler_claims"][0]["evidence"] = ["missing"]
        report = validate(structure(data))
        assert [(i.code, i.json_path) for i in report.issues] == [
            ("ref.dangling", "$.enabler_claims[0].evidence[0]")
        ]

    def test_jsonl_text_is_detected(self):
        """Text whose first line is a one-key record object validates as JSON Lines."""
        text = '{"organisation": {"id": "x", "name": "X", "kind": "charity"}}\n{"bad": 1}\n'
        report = validate(text)
        assert [(i.code, i.line) for i in report.issues] == [("jsonl.unknown_type", 2)]

    def test_is_valid_and_strict(self):
        """is_valid ignores warnings unless strict."""
        data = example()
        data["enabler_claims"][0].pop("evidence")
        assert is_valid(data)
        assert not is_valid(data, strict=True)
        assert not is_valid("{")

    def test_load_valid_returns_base(self, tmp_path):
        """load_valid returns the evidence base when there is no error."""
        path = tmp_path / "base.json"
        path.write_text(json.dumps(example()), encoding="utf-8")
        assert load_valid(path).id == "example"
        assert load_valid(json.dumps(example())).id == "example"
        assert load_valid(example()).id == "example"

    def test_load_valid_raises_with_report(self):
        """load_valid raises InvalidDocument carrying every integrity issue."""
        data = example()
        data["adoptions"][0]["adopter"] = "nobody"
        with pytest.raises(InvalidDocument) as info:
            load_valid(json.dumps(data), source="base.json")
        assert [i.code for i in info.value.report.issues] == ["ref.dangling"]
        assert info.value.report.issues[0].source == "base.json"


class TestSchemaTier:
    def test_all_errors_not_the_first(self):
        """Errors in several records (and several per record) are all reported."""
        data = example()
        data["innovations"][0]["kind"] = "programm"
        data["innovations"][0]["summary"] = ""
        data["organisations"][0]["kind"] = "charty"
        codes = sorted((i.code, i.json_path) for i in validate(data).issues)
        assert codes == [
            ("value.enum", "$.innovations[0].kind"),
            ("value.enum", "$.organisations[0].kind"),
            ("value.minLength", "$.innovations[0].summary"),
        ]

    def test_one_issue_per_problem(self):
        """Structuring and jsonschema findings are deduplicated by (code, path)."""
        data = example()
        data["sources"][0]["date"] = "2002-02-30"
        data["innovations"][0]["id"] = "Bad Id"
        keys = [(i.code, i.path) for i in validate(data).issues]
        assert len(keys) == len(set(keys))
        assert ("value.pattern", ("sources", 0, "date")) in keys
        assert ("value.pattern", ("innovations", 0, "id")) in keys

    def test_one_of_reports_best_match(self):
        """A failing oneOf (grading levels) gives one issue with the rule's code."""
        data = example()
        data["evidence"][0]["gradings"][0]["level"] = "zzz"
        issues = validate(data).issues
        assert [(i.code, i.json_path) for i in issues] == [
            ("grading.level", "$.evidence[0].gradings[0].level")
        ]

    def test_positions_from_text(self):
        """Schema issues found in text carry the line and column of the value."""
        data = example()
        data["innovations"][0]["kind"] = "programm"
        text = json.dumps(data, indent=2)
        (issue,) = validate(text).issues
        line = text.splitlines()[issue.line - 1]
        assert line[issue.column - 1 :].startswith('"programm"')


class TestIntegrity:
    def test_licence_chain_without_cycle_is_fine(self):
        """A licence chain a <- b <- c is valid."""
        data = example()
        vehicles = [
            {"id": "a", "organisation": "macmillan", "type": "charity"},
            {"id": "b", "organisation": "macmillan", "type": "charity", "licenses_from": "a"},
            {"id": "c", "organisation": "macmillan", "type": "charity", "licenses_from": "b"},
        ]
        data["innovations"][0]["scaling_vehicles"] = vehicles
        assert validate(data).issues == ()

    def test_integrity_runs_despite_schema_errors(self):
        """A dangling reference is reported even when another record fails the schema."""
        data = example()
        data["organisations"][0]["kind"] = 3
        data["adoptions"][0]["innovation"] = "nothing"
        codes = {i.code for i in validate(data).issues}
        assert {"value.type", "ref.dangling"} <= codes


class TestJsonLines:
    def test_memory_is_flat(self, tmp_path):
        """Peak memory does not grow with record size: records are not kept."""
        note = "x" * 20_000
        path = tmp_path / "big.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for index in range(500):
                record = {"id": f"org-{index}", "name": "O", "kind": "charity", "notes": note}
                handle.write(json.dumps({"organisation": record}) + "\n")
        tracemalloc.start()
        try:
            report = validate_path(path)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert report.valid
        assert peak < path.stat().st_size / 10

    @pytest.mark.parametrize("char", ["\u2028", "\u0085", "\x1c", "\r"])
    def test_line_breaks_inside_strings_are_not_line_ends(self, char):
        """Only newline ends a JSON Lines line: innovscale's own output always validates."""
        from innovscale import Organisation, dumps_jsonl
        from innovscale.vocab import OrganisationKind

        organisation = Organisation(id="o", name=f"line{char}sep", kind=OrganisationKind.CHARITY)
        text = dumps_jsonl(EvidenceBase(id="b", title="B", organisations=(organisation,)))
        for data in (text, text.encode("utf-8")):
            report = validate(data, jsonl=True)
            assert report.valid, report.format_text()
            assert load_valid(data, jsonl=True).organisations == (organisation,)

    def test_bad_line_does_not_stop(self, tmp_path):
        """A JSON Lines file with a bad line reports it and checks the lines after it."""
        path = tmp_path / "lines.jsonl"
        path.write_text(
            '{"organisation": {"id": "a", "name": "A", "kind": "charity"}}\n'
            "{nope\n"
            '{"organisation": {"id": "b", "name": "", "kind": "charity"}}\n',
            encoding="utf-8",
        )
        report = validate_path(path)
        assert [(i.code, i.line) for i in report.issues] == [
            ("parse.syntax", 2),
            ("value.minLength", 3),
        ]


def test_walk_reads_references_from_metadata():
    """The integrity plan lists every attrs field carrying references metadata."""
    import attrs

    from innovscale.validation._walk import model_classes, plan

    for cls in model_classes():
        declared = {f.name for f in attrs.fields(cls) if "references" in f.metadata}
        planned = {p.name for p in plan(cls) if p.references}
        assert declared == planned, cls


def test_paths_are_strings_in_reports():
    """Report dicts use the documented shape."""
    report = validate("{}")
    shape = report.to_dict()
    assert set(shape) == {"valid", "error_count", "warning_count", "sources", "issues"}
    assert shape["issues"][0]["code"] == "value.required"
    limited = report.to_dict(max_issues=1)
    assert len(limited["issues"]) == 1
    assert limited["issues_omitted"] == len(report.issues) - 1


class TestOneRuleForPaths:
    """str and bytes are JSON text; os.PathLike is a file; a str that looks like a path says so."""

    @pytest.mark.parametrize("name", ["base.json", "data/cases.jsonl", "C:\\\\cases\\\\a.json"])
    def test_a_file_name_as_text_gets_a_hint(self, name):
        for call in (innovscale.validate, innovscale.is_valid):
            result = call(name)
            assert not (result if isinstance(result, bool) else result.valid)
        (issue,) = innovscale.validate(name).issues
        assert issue.code == "parse.syntax"
        assert "looks like a file name" in (issue.hint or "")
        assert "pathlib.Path(" in (issue.hint or "")
        with pytest.raises(InvalidDocument) as info:
            innovscale.load_valid(name)
        assert "looks like a file name" in (info.value.report.issues[0].hint or "")
        with pytest.raises(InvalidDocument) as info:
            innovscale.loads(name)
        assert "looks like a file name" in (info.value.report.issues[0].hint or "")

    def test_text_that_is_not_a_path_gets_the_syntax_hint(self):
        (issue,) = innovscale.validate("nonsense").issues
        assert "file name" not in (issue.hint or "")

    def test_paths_are_read(self, tmp_path):
        path = tmp_path / "base.json"
        path.write_text('{"schema_version": "2.0", "id": "x", "title": "X"}', encoding="utf-8")
        assert innovscale.validate(path).valid
        assert innovscale.load_valid(path).id == "x"
        assert innovscale.load(str(path)).id == "x"  # file functions take str paths too


def test_a_pipe_is_read_as_a_file(tmp_path):
    """validate_path reads a named pipe (not seekable) as it reads a file."""
    import threading

    from innovscale.validation import validate_path

    pipe = tmp_path / "base.json"
    os.mkfifo(pipe)
    text = b'{"schema_version": "2.0", "id": "x", "title": "X"}'
    writer = threading.Thread(target=pipe.write_bytes, args=(text,))
    writer.start()
    try:
        assert validate_path(pipe).valid
    finally:
        writer.join()


@pytest.mark.parametrize("order", [("a", "b"), ("b", "a")])
def test_a_licence_from_another_innovations_vehicle_says_where_it_is(order):
    """The licensing vehicle is named with its innovation and place, in either order."""
    element = [{"id": "core", "name": "C", "kind": "core", "function": "f"}]
    vehicle = {"organisation": "org", "type": "licensed_collaborative"}
    innovations = {
        "a": {
            "id": "a",
            "name": "A",
            "kind": "service_model",
            "summary": "s",
            "elements": element,
            "scaling_vehicles": [{"id": "va", **vehicle, "licenses_from": "vb"}],
        },
        "b": {
            "id": "b",
            "name": "B",
            "kind": "service_model",
            "summary": "s",
            "elements": element,
            "scaling_vehicles": [{"id": "vb", **vehicle}],
        },
    }
    text = json.dumps(
        {
            "schema_version": "2.0",
            "id": "x",
            "title": "T",
            "organisations": [{"id": "org", "name": "O", "kind": "charity"}],
            "innovations": [innovations[key] for key in order],
        }
    )
    (issue,) = innovscale.validate(text).issues
    assert issue.code == "vehicle.licence_unknown"
    where = order.index("b")
    assert issue.message.endswith(
        f"'vb' is a vehicle of the innovation 'b' (at $.innovations[{where}].scaling_vehicles[0])"
    )


def test_load_valid_structures_a_document_once(monkeypatch):
    """The base validation structured is returned: no second parse, no second structuring."""
    import cattrs

    from innovscale import serialization

    text = innovscale.dumps(innovscale.load_example())
    expected = innovscale.loads(text)

    def refuse(*_args, **_kwargs):
        raise AssertionError("read twice")

    monkeypatch.setattr(serialization, "loads", refuse)
    monkeypatch.setattr(cattrs.Converter, "structure", refuse)
    assert innovscale.load_valid(text) == expected
    assert innovscale.load_valid(text.encode()) == expected
