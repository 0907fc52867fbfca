"""Tests for innovscale.report: Issue and ValidationReport formatting and data shapes."""

from __future__ import annotations

import json
import pickle

import attrs
import pytest
from hypothesis import given, strategies as st

from innovscale.report import Issue, Severity, ValidationReport, format_json_path


def issue(**changes: object) -> Issue:
    fields: dict[str, object] = {
        "code": "value.enum",
        "message": "'charty' is not a code of OrganisationKind",
        "path": ("organisations", 0, "kind"),
    }
    return Issue(**{**fields, **changes})  # type: ignore[arg-type]


WARNING = issue(code="source.unused", message="no record cites it", severity=Severity.WARNING)


class TestJsonPath:
    @pytest.mark.parametrize(
        ("path", "text"),
        [
            ((), "$"),
            (("innovations", 3, "elements", 0, "kind"), "$.innovations[3].elements[0].kind"),
            (("extensions", "acme:priority"), "$.extensions['acme:priority']"),
            (("a b",), "$['a b']"),
            (("it's",), '$["it\'s"]'),
            (("_x1",), "$._x1"),
            (("1st",), "$['1st']"),
            (("",), "$['']"),
        ],
    )
    def test_format(self, path, text):
        """Keys that are identifiers use dots, others brackets; indices use brackets."""
        assert format_json_path(path) == text
        assert Issue(code="c", message="m", path=path).json_path == text

    @given(st.lists(st.one_of(st.integers(0, 99), st.text(max_size=5)), max_size=5))
    def test_always_rooted(self, path):
        """Every path renders as a $-rooted JSON path."""
        assert format_json_path(path).startswith("$")


class TestIssue:
    def test_str(self):
        """str() reads 'location: severity code: message @ path'."""
        assert str(issue()) == (
            "error value.enum: 'charty' is not a code of OrganisationKind @ $.organisations[0].kind"
        )
        placed = issue(source="base.json", line=3, column=11)
        assert str(placed).startswith("base.json:3:11: error value.enum: ")
        assert str(issue(line=3, column=11)).startswith("3:11: error")
        assert str(WARNING).startswith("warning source.unused: ")

    def test_location(self):
        """location joins what is known of source, line and column."""
        assert issue().location == ""
        assert issue(source="<stdin>").location == "<stdin>"
        assert issue(source="a.json", line=2).location == "a.json:2"
        assert issue(source="a.json", line=2, column=5).location == "a.json:2:5"

    def test_value(self):
        """An issue may carry the offending value, None included; has_value says whether."""
        assert not issue().has_value
        assert issue(value=None).has_value
        assert issue(value=0).has_value
        assert issue(value="x") == issue(value="y")  # the value does not take part in equality

    def test_to_dict_shape(self):
        """to_dict has the documented keys, the value as a truncated repr, nothing unknown."""
        data = issue(
            value="charty", hint="Did you mean 'charity'?", source="b.json", line=3, column=11
        ).to_dict()
        assert data == {
            "code": "value.enum",
            "severity": "error",
            "message": "'charty' is not a code of OrganisationKind",
            "path": "$.organisations[0].kind",
            "location": ["organisations", 0, "kind"],
            "value": "'charty'",
            "hint": "Did you mean 'charity'?",
            "source": "b.json",
            "line": 3,
            "column": 11,
        }
        assert json.loads(json.dumps(data)) == data
        assert set(issue().to_dict()) == {"code", "severity", "message", "path", "location"}

    def test_long_values_are_truncated(self):
        """Values are shown as a repr of at most 80 characters."""
        shown = issue(value="x" * 500).to_dict()["value"]
        assert len(shown) == 80
        assert shown.endswith("...")

    def test_pickle(self):
        """Issues pickle, with and without a value, and keep has_value."""
        for original in (issue(), issue(value=None), issue(value=[1, 2], hint="h", line=1)):
            again = pickle.loads(pickle.dumps(original))  # noqa: S301
            assert again == original
            assert again.has_value == original.has_value
            assert again.to_dict() == original.to_dict()

    def test_frozen(self):
        """Issues are immutable; change them with attrs.evolve."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            issue().line = 3  # type: ignore[misc]
        assert attrs.evolve(issue(), line=3).line == 3


class TestValidationReport:
    def test_empty(self):
        """An empty report is valid, has no issues, and formats as a summary line."""
        report = ValidationReport()
        assert report.valid
        assert len(report) == 0
        assert report.format_text() == "0 error(s), 0 warning(s): valid"

    def test_errors_and_warnings(self):
        """Errors make a report invalid; warnings alone do not."""
        only_warning = ValidationReport(issues=(WARNING,))
        assert only_warning.valid
        assert only_warning.warnings == (WARNING,)
        assert only_warning.errors == ()
        mixed = ValidationReport(issues=(issue(), WARNING))
        assert not mixed.valid
        assert list(mixed) == [issue(), WARNING]
        assert mixed.errors == (issue(),)

    def test_merge(self):
        """merge concatenates issues and keeps each source once, in order."""
        one = ValidationReport(issues=(issue(),), sources=("a.json",))
        two = ValidationReport(issues=(WARNING,), sources=("a.json", "b.json"))
        merged = one.merge(two, ValidationReport())
        assert merged.issues == (issue(), WARNING)
        assert merged.sources == ("a.json", "b.json")

    def test_by_code(self):
        """by_code counts issues per code, sorted by code."""
        report = ValidationReport(issues=(issue(), WARNING, issue(path=())))
        assert report.by_code() == {"source.unused": 1, "value.enum": 2}
        assert list(report.by_code()) == ["source.unused", "value.enum"]

    def test_to_dict_shape(self):
        """to_dict has the documented stable shape and is JSON."""
        report = ValidationReport(issues=(issue(value="charty"), WARNING), sources=("b.json",))
        data = report.to_dict()
        assert data == {
            "valid": False,
            "error_count": 1,
            "warning_count": 1,
            "sources": ["b.json"],
            "issues": [issue(value="charty").to_dict(), WARNING.to_dict()],
        }
        assert json.loads(json.dumps(data)) == data

    def test_to_dict_max_issues(self):
        """With max_issues the list is cut, the counts are not, and the cut is counted."""
        report = ValidationReport(issues=(issue(), issue(), WARNING))
        data = report.to_dict(max_issues=1)
        assert len(data["issues"]) == 1
        assert (data["error_count"], data["warning_count"], data["issues_omitted"]) == (2, 1, 2)

    def test_format_text(self):
        """format_text lists each issue, its value and hint indented, then a summary."""
        report = ValidationReport(
            issues=(
                issue(value="charty", hint="Did you mean 'charity'?", line=3, column=11),
                WARNING,
            )
        )
        assert report.format_text().splitlines() == [
            f"3:11: error value.enum: {issue().message} @ $.organisations[0].kind",
            "    value: 'charty'",
            "    hint: Did you mean 'charity'?",
            "warning source.unused: no record cites it @ $.organisations[0].kind",
            "1 error(s), 1 warning(s): invalid",
        ]

    def test_format_text_max_issues(self):
        """With max_issues the rest are counted, not shown."""
        report = ValidationReport(issues=(issue(),) * 5)
        lines = report.format_text(max_issues=2).splitlines()
        assert lines[-2:] == ["... and 3 more issue(s)", "5 error(s), 0 warning(s): invalid"]
        assert len(lines) == 4

    def test_pickle(self):
        """Reports pickle."""
        report = ValidationReport(issues=(issue(), WARNING), sources=("a.json",))
        assert pickle.loads(pickle.dumps(report)) == report  # noqa: S301


def test_a_report_has_no_truth_value():
    """bool() would have to choose between "valid" and "has issues": it refuses, saying why."""
    for report in (ValidationReport(), ValidationReport(issues=(WARNING,))):
        with pytest.raises(TypeError, match=r"use report\.valid"):
            bool(report)
