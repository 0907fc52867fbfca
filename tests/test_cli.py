"""Tests for innovscale.cli: exit codes, output formats, inputs and the schema command."""

from __future__ import annotations

import copy
import io
import json
import subprocess
import sys

import pytest

from innovscale import cli
from innovscale.model import EvidenceBase
from innovscale.schema._examples import EXAMPLES


def run(*argv, stdin=b""):
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(list(argv), stdout=out, stderr=err, stdin=io.BytesIO(stdin))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def valid(tmp_path):
    path = tmp_path / "valid.json"
    path.write_text(json.dumps(EXAMPLES[EvidenceBase], indent=2), encoding="utf-8")
    return path


@pytest.fixture
def invalid(tmp_path):
    data = copy.deepcopy(EXAMPLES[EvidenceBase])
    data["adoptions"][0]["adopter"] = "nobody"
    data["innovations"][0]["kind"] = "programm"
    path = tmp_path / "invalid.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


@pytest.fixture
def warned(tmp_path):
    data = copy.deepcopy(EXAMPLES[EvidenceBase])
    data["enabler_claims"][0].pop("evidence")
    path = tmp_path / "warned.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


class TestValidateExitCodes:
    def test_valid_is_0(self, valid):
        """A valid file exits 0 with a summary line."""
        code, out, _ = run("validate", str(valid))
        assert code == cli.EXIT_OK
        assert out.splitlines()[-1].startswith("1 file(s): 1 valid, 0 invalid")

    def test_invalid_is_1(self, invalid):
        """An invalid file exits 1 and lists its issues with line:column and hints."""
        code, out, _ = run("validate", str(invalid))
        assert code == cli.EXIT_INVALID
        assert "value.enum" in out
        assert "ref.dangling" in out
        assert "hint: Did you mean 'programme'?" in out

    def test_missing_file_is_2(self, tmp_path):
        """A path that does not exist exits 2 with a message on stderr."""
        code, _, err = run("validate", str(tmp_path / "nope.json"))
        assert code == cli.EXIT_USAGE
        assert "no such file or directory" in err

    def test_usage_error_is_2(self):
        """An unknown option exits 2 with usage on stderr, never a traceback."""
        code, _, err = run("validate", "--bogus", "x")
        assert code == cli.EXIT_USAGE
        assert "usage:" in err
        assert "Traceback" not in err

    def test_no_command_is_2(self):
        """No command prints help on stderr and exits 2."""
        code, _, err = run()
        assert code == cli.EXIT_USAGE
        assert "validate" in err

    def test_warnings_pass_unless_strict(self, warned):
        """Warnings alone exit 0; with --strict they exit 1."""
        assert run("validate", str(warned))[0] == cli.EXIT_OK
        assert run("validate", "--strict", str(warned))[0] == cli.EXIT_INVALID

    def test_unreadable_is_2(self, tmp_path):
        """A directory with no evidence-base files exits 2."""
        code, _, err = run("validate", str(tmp_path))
        assert code == cli.EXIT_USAGE
        assert "no *.json or *.jsonl files" in err


class TestValidateInputs:
    def test_directory_glob_and_stdin(self, tmp_path, valid, invalid):
        """Directories are searched recursively; globs expand; - reads stdin."""
        nested = tmp_path / "sub"
        nested.mkdir()
        (nested / "lines.jsonl").write_text(
            '{"organisation": {"id": "a", "name": "A", "kind": "charity"}}\n', encoding="utf-8"
        )
        code, out, _ = run("validate", "--format", "json", str(tmp_path))
        report = json.loads(out)
        assert code == cli.EXIT_INVALID
        assert report["sources"] == sorted([str(invalid), str(nested / "lines.jsonl"), str(valid)])
        code, out, _ = run("validate", "--format", "json", str(tmp_path / "v*.json"))
        assert json.loads(out)["sources"] == [str(valid)]
        code, out, _ = run("validate", "-", stdin=valid.read_bytes())
        assert code == cli.EXIT_OK
        assert "<stdin>: valid" in out

    def test_stdin_json_lines(self):
        """JSON Lines on stdin are detected and checked line by line."""
        text = b'{"organisation": {"id": "a", "name": "A", "kind": "charity"}}\n{"bad": 1}\n'
        code, out, _ = run("validate", "--format", "json", "-", stdin=text)
        assert code == cli.EXIT_INVALID
        (issue,) = json.loads(out)["issues"]
        assert (issue["code"], issue["line"]) == ("jsonl.unknown_type", 2)

    def test_bytes_that_are_not_json(self):
        """Binary garbage on stdin is an invalid document, not a crash."""
        code, out, err = run("validate", "-", stdin=b"\xff\xfe\x00garbage")
        assert code == cli.EXIT_INVALID
        assert "parse.encoding" in out
        assert err == ""


class TestValidateFormats:
    def test_json_has_the_report_shape(self, invalid):
        """--format json prints ValidationReport.to_dict()."""
        code, out, _ = run("validate", "--format", "json", str(invalid))
        report = json.loads(out)
        assert code == cli.EXIT_INVALID
        assert set(report) == {"valid", "error_count", "warning_count", "sources", "issues"}
        assert report["error_count"] == 2
        assert {i["code"] for i in report["issues"]} == {"value.enum", "ref.dangling"}
        assert all(i["source"] == str(invalid) for i in report["issues"])

    def test_max_issues(self, invalid):
        """--max-issues limits the listing but not the counts."""
        code, out, _ = run("validate", "--max-issues", "1", str(invalid))
        assert code == cli.EXIT_INVALID
        assert "1 more issue(s) not shown" in out
        assert "2 error(s)" in out.splitlines()[-1]
        code, out, _ = run("validate", "--format", "json", "--max-issues", "1", str(invalid))
        report = json.loads(out)
        assert len(report["issues"]) == 1
        assert report["issues_omitted"] == 1

    def test_max_issues_must_be_a_number(self, valid):
        """A negative --max-issues is a usage error."""
        assert run("validate", "--max-issues", "-1", str(valid))[0] == cli.EXIT_USAGE

    def test_text_groups_by_file(self, valid, invalid):
        """Text output has one heading per file and one summary line."""
        _, out, _ = run("validate", str(valid), str(invalid))
        lines = out.splitlines()
        assert lines[0] == f"{valid}: valid (0 error(s), 0 warning(s))"
        assert f"{invalid}: invalid (2 error(s), 0 warning(s))" in lines
        assert lines[-1] == "2 file(s): 1 valid, 1 invalid; 2 error(s), 0 warning(s)"


class TestSchemaCommand:
    def test_print_and_list(self):
        """schema prints a schema; --list lists the names; an unknown name exits 2."""
        code, out, _ = run("schema", "innovation")
        assert code == cli.EXIT_OK
        assert json.loads(out)["title"] == "Innovation"
        code, out, _ = run("schema", "--list")
        assert "evidence-base" in out.split()
        code, _, err = run("schema", "no-such-schema")
        assert code == cli.EXIT_USAGE
        assert "no schema named" in err

    def test_bundle_is_self_contained_and_validates_the_example(self):
        """--bundle prints a schema with no $ref that a plain validator can use alone."""
        from jsonschema import Draft202012Validator

        code, out, _ = run("schema", "--bundle")
        assert code == cli.EXIT_OK
        bundled = json.loads(out)
        assert '"$ref"' not in out
        validator = Draft202012Validator(bundled)
        assert validator.is_valid(EXAMPLES[EvidenceBase])
        assert not validator.is_valid({**EXAMPLES[EvidenceBase], "title": ""})
        assert run("schema", "--bundle", "--write", "x")[0] == cli.EXIT_USAGE

    def test_write_then_check(self, tmp_path):
        """--write regenerates; --check passes, then fails (exit 1) after a change."""
        target = tmp_path / "schemas"
        assert run("schema", "--write", str(target))[0] == cli.EXIT_OK
        assert run("schema", "--check", str(target))[0] == cli.EXIT_OK
        (target / "innovation.schema.json").write_text("{}\n", encoding="utf-8")
        code, out, _ = run("schema", "--check", str(target))
        assert code == cli.EXIT_INVALID
        assert "innovation.schema.json" in out
        assert f"innovscale schema --write {target}" in out

    def test_check_missing_directory(self, tmp_path):
        """--check on a missing directory exits 2."""
        assert run("schema", "--check", str(tmp_path / "nope"))[0] == cli.EXIT_USAGE


def test_help_documents_exit_codes():
    """--help ends with the exit status table."""
    code, out, _ = run("validate", "--help")
    assert code == 0
    assert "exit status:" in out
    assert "2  usage error" in out


def test_build_parser_for_docs():
    """build_parser returns the parser the docs render."""
    parser = cli.build_parser()
    assert parser.prog == "innovscale"
    assert "exit status" in parser.format_help()


def test_python_dash_m(valid):
    """python -m innovscale runs the command and exits with its status."""
    done = subprocess.run(
        [sys.executable, "-m", "innovscale", "validate", str(valid)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "1 valid" in done.stdout


class TestEveryInputIsListed:
    def test_json_output_lists_a_missing_file_as_invalid(self, tmp_path, valid):
        """A file that cannot be read is in the report, invalid, and the exit status is 2."""
        missing = tmp_path / "missing.json"
        code, out, err = run("validate", "--format", "json", str(missing), str(valid))
        assert code == cli.EXIT_USAGE
        report = json.loads(out)
        assert report["valid"] is False
        assert report["sources"] == [str(missing), str(valid)]
        (issue,) = report["issues"]
        assert issue["code"] == "parse.unreadable"
        assert issue["source"] == str(missing)
        assert "no such file" in err

    def test_text_output_lists_an_unreadable_file(self, valid, monkeypatch):
        """A read error (permissions, say) is an invalid entry, and the status is 2."""
        from innovscale import validation

        def refuse(*_args, **_kwargs):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(validation, "validate_path", refuse)
        code, out, err = run("validate", str(valid))
        assert code == cli.EXIT_USAGE
        assert f"{valid}: invalid (1 error(s)" in out
        assert "parse.unreadable: cannot read: Permission denied" in out
        assert "Permission denied" in err


class TestTerminalSafety:
    def test_control_characters_in_names_keys_and_values_are_escaped(self, tmp_path):
        """Nothing from a file reaches the terminal as an escape sequence."""
        path = tmp_path / "evil\x1b[2J.json"
        path.write_text(
            '{"schema_version": "2.0", "id": "x", "title": "T", "n\\u001b[31mame": "\\u202e"}',
            encoding="utf-8",
        )
        code, out, _ = run("validate", str(path))
        assert code == cli.EXIT_INVALID
        assert "\x1b" not in out
        assert "\u202e" not in out
        assert "evil\\x1b[2J.json" in out
        assert "n\\x1b[31mame" in out

    def test_json_output_is_ascii(self, tmp_path):
        path = tmp_path / "evil\x1b.json"
        path.write_text('{"schema_version": "2.0", "id": "x", "title": "T", "\\u001b": 1}')
        _, out, _ = run("validate", "--format", "json", str(path))
        assert "\x1b" not in out
        assert json.loads(out)["issues"]


class TestStreams:
    """Closed or full streams end with a documented exit code, never a traceback."""

    def _main(self, *redirect, args=("validate", "examples/")):
        from conftest import ROOT

        script = "from innovscale.cli import main; main()"
        return subprocess.run(  # noqa: S602 - the shell's redirections are what is tested
            f"{sys.executable} -c '{script}' {' '.join(args)} {' '.join(redirect)}",
            shell=True,
            executable="/bin/bash",
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )

    def test_stdout_closed(self):
        done = self._main(">&-")
        assert done.returncode == cli.EXIT_OUTPUT
        assert "Traceback" not in done.stderr

    def test_stdout_full(self):
        done = self._main("> /dev/full")
        assert done.returncode == cli.EXIT_OUTPUT
        assert "Traceback" not in done.stderr

    def test_stderr_closed(self):
        done = self._main("2>&-", args=("validate", "no-such-file.json"))
        assert done.returncode == cli.EXIT_USAGE
        assert "parse.unreadable" in done.stdout

    def test_broken_pipe(self):
        done = self._main(
            "| head -c 1 >/dev/null; exit ${PIPESTATUS[0]}",
            args=("validate", "--format", "json", "tests/fixtures/invalid/"),
        )
        assert "Traceback" not in done.stderr
        assert done.returncode in (cli.EXIT_OUTPUT, cli.EXIT_INVALID)


class TestSizeLimit:
    def test_a_document_over_the_limit_is_refused_unread(self, valid):
        code, out, _ = run("validate", "--max-size", "100", str(valid))
        assert code == cli.EXIT_INVALID
        assert "parse.too_large" in out
        assert "--max-size" in out
        assert run("validate", "--max-size", "0", str(valid))[0] == cli.EXIT_OK
        assert run("validate", "--max-size", "1M", str(valid))[0] == cli.EXIT_OK

    def test_a_large_file_that_is_not_json_is_refused_after_its_start(self, tmp_path, monkeypatch):
        """Only the first 64 KiB of a file that cannot start JSON is read."""
        from innovscale import validation

        path = tmp_path / "archive.json"
        path.write_bytes(b"PK\x03\x04" + b"\x00" * 5_000_000)
        seen = []
        original = validation.validate_text
        monkeypatch.setattr(
            validation,
            "validate_text",
            lambda data, **kw: seen.append(len(data)) or original(data, **kw),
        )
        code, out, _ = run("validate", str(path))
        assert code == cli.EXIT_INVALID
        assert "1:1: error parse.syntax" in out
        assert seen == [1]

    def test_bad_sizes_are_usage_errors(self, valid):
        code, _, err = run("validate", "--max-size", "lots", str(valid))
        assert code == cli.EXIT_USAGE
        assert "is not a size" in err


def test_internal_errors_point_nowhere_that_does_not_exist(monkeypatch):
    """The internal-error message names no web address."""
    monkeypatch.setattr(cli, "_validate", lambda *a: 1 / 0)
    code, _, err = run("validate", "x")
    assert code == cli.EXIT_USAGE
    assert "internal error: ZeroDivisionError" in err
    assert "http" not in err


def test_a_large_document_shows_progress_at_once(valid, monkeypatch):
    """A document read and checked in one step shows a progress line before it starts."""

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(cli, "_BIG_DOCUMENT", 10)
    out, err = io.StringIO(), Terminal()
    code = cli.run(["validate", str(valid)], stdout=out, stderr=err)
    assert code == cli.EXIT_OK
    assert f"validating 1/1: {valid} (0 MB)" in err.getvalue()
    assert err.getvalue().endswith("\r\x1b[K")  # and clears it when done
