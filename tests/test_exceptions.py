"""Tests for innovscale.exceptions: one root, natural builtins, picklable, informative."""

from __future__ import annotations

import pickle

import pytest

import innovscale
from innovscale import exceptions, schema
from innovscale.exceptions import (
    FileWriteError,
    InnovscaleError,
    InvalidDocument,
    InvariantError,
    SchemaResolutionError,
)
from innovscale.report import Issue, ValidationReport
from innovscale.vocab import ElementKind


def round_trip(error: BaseException) -> BaseException:
    return pickle.loads(pickle.dumps(error))  # noqa: S301


def report(n: int = 1) -> ValidationReport:
    return ValidationReport(
        issues=tuple(
            Issue(code="value.type", message=f"problem {i}", path=("a", i), line=i + 1, column=1)
            for i in range(n)
        ),
        sources=("a.json",),
    )


class TestHierarchy:
    @pytest.mark.parametrize(
        ("cls", "builtin"),
        [
            (InvariantError, ValueError),
            (InvalidDocument, ValueError),
            (SchemaResolutionError, LookupError),
            (FileWriteError, OSError),
        ],
    )
    def test_root_and_builtin(self, cls, builtin):
        """Every exception derives from InnovscaleError and the builtin a caller would catch."""
        assert issubclass(cls, InnovscaleError)
        assert issubclass(cls, builtin)

    def test_exported(self):
        """Every exception is in __all__ and re-exported from innovscale."""
        assert exceptions.__all__ == sorted(exceptions.__all__)
        for name in exceptions.__all__:
            assert getattr(innovscale, name) is getattr(exceptions, name)
            assert getattr(exceptions, name).__doc__

    def test_failures_from_the_library_are_innovscale_errors(self, tmp_path):
        """Bad input and failed writes raise InnovscaleError subclasses, never bare errors."""
        with pytest.raises(InnovscaleError):
            innovscale.loads("{")
        with pytest.raises(InnovscaleError):
            innovscale.loads(b"\xff\xfe")
        with pytest.raises(InnovscaleError):
            innovscale.Element(id="E", name="n", kind=ElementKind.CORE, function="f")
        with pytest.raises(InnovscaleError):
            innovscale.dump(innovscale.EvidenceBase(id="b", title="t"), tmp_path / "no" / "b.json")


class TestInvariantError:
    def test_attributes(self):
        """An InvariantError carries message, code, path, value and hint."""
        error = InvariantError(
            "must not be empty", code="value.minLength", path=("name",), value="", hint="Say it."
        )
        assert (error.message, error.code, error.path, error.value, error.hint) == (
            "must not be empty",
            "value.minLength",
            ("name",),
            "",
            "Say it.",
        )
        assert error.field == "name"
        assert str(error) == "must not be empty @ $.name"
        assert error.args == ("must not be empty",)

    def test_without_path(self):
        """Without a path the text is just the message, and there is no field."""
        error = InvariantError("a day needs a month", code="date.invalid")
        assert str(error) == "a day needs a month"
        assert error.field is None
        assert error.value is None
        assert error.hint is None

    def test_pickle(self):
        """An InvariantError pickles with every attribute."""
        error = InvariantError(
            "bad", code="value.pattern", path=("sources", 1), value="X", hint="h"
        )
        again = round_trip(error)
        assert isinstance(again, InvariantError)
        assert (again.message, again.code, again.path, again.value, again.hint) == (
            "bad",
            "value.pattern",
            ("sources", 1),
            "X",
            "h",
        )
        assert str(again) == str(error)


class TestInvalidDocument:
    def test_text_is_the_report(self):
        """str() of InvalidDocument is the report's text, cut after 20 issues."""
        error = InvalidDocument(report(25))
        assert error.report == report(25)
        text = str(error)
        assert text == report(25).format_text(max_issues=20)
        assert "... and 5 more issue(s)" in text

    def test_pickle(self):
        """InvalidDocument pickles with its report, issues without values included."""
        error = InvalidDocument(report(3))
        again = round_trip(error)
        assert isinstance(again, InvalidDocument)
        assert again.report == error.report
        assert str(again) == str(error)

    def test_pickle_a_real_failure(self):
        """A failure raised by loads pickles."""
        with pytest.raises(InvalidDocument) as caught:
            innovscale.loads('{"id": "o", "name": null, "kind": "charty", "zz": 1}', "organisation")
        again = round_trip(caught.value)
        assert again.report == caught.value.report
        assert [i.has_value for i in again.report.issues] == [
            i.has_value for i in caught.value.report.issues
        ]


class TestOtherErrors:
    def test_file_write_error(self):
        """FileWriteError is an OSError with a message, and pickles."""
        error = FileWriteError("cannot write b.json: No space left on device")
        again = round_trip(error)
        assert str(again) == str(error)
        assert isinstance(again, OSError)

    def test_schema_resolution_error(self):
        """SchemaResolutionError pickles and is raised for an unknown schema."""
        with pytest.raises(SchemaResolutionError) as caught:
            schema.load("no-such-schema")
        again = round_trip(caught.value)
        assert str(again) == str(caught.value)

    def test_root_pickles(self):
        """The root exception pickles."""
        assert str(round_trip(InnovscaleError("x"))) == "x"
