"""
The ``innovscale`` command line.

``innovscale validate PATH...`` checks evidence bases (JSON and JSON Lines files,
directories, globs, or ``-`` for standard input) through every validation tier;
``innovscale schema`` prints, writes or checks the JSON Schemas.

The shape follows jsonschema's CLI: :func:`main` calls :func:`run` with the
arguments and the output streams, and exits with the code it returns.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import glob
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn, cast

from innovscale.validation import PARSE_UNREADABLE

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from _typeshed import SupportsWrite

    from innovscale.report import ValidationReport

__all__ = ["EXIT_INVALID", "EXIT_OK", "EXIT_OUTPUT", "EXIT_USAGE", "build_parser", "main", "run"]

#: Every input is valid.
EXIT_OK = 0
#: At least one input is invalid (or, with ``--strict``, has a warning); or schemas drifted.
EXIT_INVALID = 1
#: A usage error, or an input could not be read.
EXIT_USAGE = 2
#: The report could not be written: standard output is closed, a broken pipe, or full.
EXIT_OUTPUT = 3

_EPILOG = """\
exit status:
  0  every input is valid (warnings alone do not fail, unless --strict)
  1  at least one input is invalid, or `schema --check` found drifted files
  2  usage error, or an input could not be read (it is listed, invalid, in the report)
  3  the report could not be written (standard output closed, a broken pipe, a full disk)
"""
_GLOB_CHARS = frozenset("*?[")
_PROGRESS_AFTER = 1.0  # seconds before a progress line appears on a terminal


class _Exit(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class _Parser(argparse.ArgumentParser):
    """An argument parser that writes to given streams and never calls :func:`sys.exit`."""

    def __init__(
        self, *args: Any, streams: tuple[IO[str], IO[str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        out, err = streams or (sys.stdout, sys.stderr)
        self.stdout: IO[str] = out
        self.stderr: IO[str] = err

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        if message:
            (file or self.stderr).write(message)

    def print_help(self, file: SupportsWrite[str] | None = None) -> None:
        super().print_help(file or self.stdout)

    def print_usage(self, file: SupportsWrite[str] | None = None) -> None:
        super().print_usage(file or self.stderr)

    def error(self, message: str) -> NoReturn:
        self.print_usage(self.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            self.stderr.write(message)
        raise _Exit(status)


def build_parser() -> argparse.ArgumentParser:
    """
    The argument parser of the ``innovscale`` command (used by the docs to render its help).

    .. versionadded:: 0.1.0
    """
    return _build((sys.stdout, sys.stderr))


def _build(streams: tuple[IO[str], IO[str]]) -> argparse.ArgumentParser:
    from innovscale import __version__  # noqa: PLC0415

    parser = _Parser(
        streams=streams,
        prog="innovscale",
        description="Validate innovscale evidence bases and work with their JSON Schemas.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"innovscale {__version__}")
    factory = cast("type[_Parser]", functools.partial(_Parser, streams=streams))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=factory)

    check = commands.add_parser(
        "validate",
        help="validate evidence bases (JSON or JSON Lines)",
        description=(
            "Validate evidence bases through the parse, schema and integrity tiers. "
            "PATH may be a file (*.json, or *.jsonl for JSON Lines), a directory "
            "(searched recursively for *.json and *.jsonl), a glob, or - for standard input."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("paths", nargs="+", metavar="PATH", help="files, directories, globs or -")
    check.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (grouped by file, with a summary line) or json (the report shape)",
    )
    check.add_argument(
        "--max-issues",
        type=_non_negative,
        default=None,
        metavar="N",
        help="show at most N issues (the counts still cover every issue)",
    )
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument(
        "--max-size",
        type=_size,
        default=None,
        metavar="SIZE",
        help=(
            "refuse JSON documents larger than SIZE without reading them (bytes, or with "
            "K, M or G; default 1G; 0 for no limit); JSON Lines files are streamed and "
            "have no limit"
        ),
    )

    schemas = commands.add_parser(
        "schema",
        help="print, write or check the JSON Schemas",
        description=(
            "Print a JSON Schema (the evidence base's by default), list them, regenerate "
            "the schemas/ folder from the model with --write, or check it with --check."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    schemas.add_argument("name", nargs="?", default=None, help="schema name, e.g. 'innovation'")
    action = schemas.add_mutually_exclusive_group()
    action.add_argument("--list", action="store_true", help="list the schema names")
    action.add_argument("--write", metavar="DIR", help="regenerate every schema into DIR")
    action.add_argument(
        "--check", metavar="DIR", help="exit 1 if the schemas in DIR differ from the model"
    )
    schemas.add_argument(
        "--bundle",
        action="store_true",
        help=(
            "print the schema self-contained, every $ref inlined, for JSON Schema tools "
            "that cannot be given the other schema files"
        ),
    )
    _add_folder_commands(commands)
    upgrade = commands.add_parser(
        "upgrade",
        help="upgrade files written in an earlier version of the format",
        description=(
            "Upgrade evidence bases (JSON or JSON Lines) written in an earlier version of "
            "the format, one version at a time. By default nothing is written: the changes "
            "are shown as a unified diff, with a list of what moved where. --in-place writes "
            "each file atomically, keeping its permissions. The upgraded document is "
            "validated; its issues (a document that was invalid before stays invalid) are "
            "reported."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    upgrade.add_argument("files", nargs="+", metavar="FILE", help="JSON or JSON Lines files")
    mode = upgrade.add_mutually_exclusive_group()
    mode.add_argument("--in-place", action="store_true", help="write the upgraded files")
    mode.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if any file needs upgrading"
    )
    return parser


def _add_folder_commands(commands: Any) -> None:
    """The commands for an evidence base kept in many files: split, merge, diff."""
    base_help = "a JSON or JSON Lines file, or a base folder (with evidence-base.json)"
    split = commands.add_parser(
        "split",
        help="write an evidence base as a base folder, one file per innovation",
        description=(
            "Write an evidence base as a base folder: evidence-base.json (the header), "
            "one file per innovation with the records about it alone, and one file per "
            "collection for shared records (--by collection: one file per collection)."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    split.add_argument("base", metavar="BASE", help=base_help)
    split.add_argument("-o", "--output", required=True, metavar="DIR", help="a new or empty folder")
    split.add_argument("--by", choices=("innovation", "collection"), default="innovation")
    merge = commands.add_parser(
        "merge",
        help="compile files or base folders into one evidence base",
        description=(
            "Merge evidence bases into one. Identical records collapse; one id with "
            "different content is a conflict, reported with both places and the fields "
            "that differ, and nothing is written unless --prefer says which side wins."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    merge.add_argument("inputs", nargs="+", metavar="INPUT", help=base_help)
    merge.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="the merged base (.json or .jsonl)"
    )
    merge.add_argument(
        "--prefer",
        choices=("first", "last"),
        default=None,
        help="on a conflict keep the first (or last) input's version, with a warning",
    )
    merge.add_argument("--format", choices=("text", "json"), default="text")
    compare = commands.add_parser(
        "diff",
        help="list the records added, removed and changed between two evidence bases",
        description=(
            "Compare two evidence bases record by record (by collection and id): what was "
            "added, removed, and which fields of which records changed. Exit status 0 "
            "when they hold the same, 1 when they differ."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    compare.add_argument("old", metavar="OLD", help=base_help)
    compare.add_argument("new", metavar="NEW", help=base_help)
    compare.add_argument("--format", choices=("text", "json"), default="text")
    export = commands.add_parser(
        "export",
        help="write an evidence base as a workbook, CSV files or a SQLite database",
        description=(
            "Check an evidence base through every tier, then write it in a layout generated "
            "from the model. A workbook (-o cases.xlsx, or --format xlsx) has a sheet per "
            "record collection and per repeating nested entity, with notes, drop-downs and "
            "a README sheet; innovscale import reads it back. --format csv writes the same "
            "sheets as a folder of CSV files with a Frictionless datapackage.json. --format "
            "sqlite (-o base.db) writes a relational database for analysts: a table per "
            "record type, per nested list and per vocabulary, with primary and foreign keys."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export.add_argument("base", metavar="BASE", help=base_help)
    export.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="PATH",
        help="the workbook, the CSV folder, or the database",
    )
    export.add_argument(
        "--format",
        choices=("xlsx", "csv", "sqlite"),
        default=None,
        help="the format (by default from the output: .xlsx, .db/.sqlite, else csv)",
    )
    _add_sheet_commands(commands)


def _add_sheet_commands(commands: Any) -> None:
    """The commands for the formats and views people use: workbooks, references, a site."""
    base_help = "a JSON or JSON Lines file, or a base folder (with evidence-base.json)"
    template = commands.add_parser(
        "template",
        help="write a blank workbook (or CSV folder) to record cases in",
        description=(
            "Write a workbook generated from the model to fill in: a README sheet, a sheet "
            "per record collection and per repeating nested entity, readable headers above "
            "the field paths, a note on every header, drop-downs for coded columns, and a "
            "Vocabularies sheet. Read it back with innovscale import."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    template.add_argument("-o", "--output", required=True, metavar="PATH", help="the workbook")
    template.add_argument(
        "--format",
        choices=("xlsx", "csv"),
        default=None,
        help="xlsx (the default for a .xlsx output) or csv (a folder of header-only files)",
    )
    reader = commands.add_parser(
        "import",
        help="build an evidence base from a workbook or a folder of CSV files",
        description=(
            "Read a workbook (.xlsx) or a folder of CSV files in innovscale's layout, build "
            "the evidence base and validate it. Every problem is reported at once with its "
            "cell (Adoptions!D7), its JSON path, and the codes and hints of innovscale "
            "validate; nothing is written until there is no error."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    reader.add_argument("input", metavar="INPUT", help="a workbook, or a folder of CSV files")
    reader.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="the evidence base (.json or .jsonl)"
    )
    reader.add_argument("--format", choices=("text", "json"), default="text", help="the report")
    reader.add_argument(
        "--max-issues", type=_non_negative, default=None, metavar="N", help="show at most N issues"
    )
    site = commands.add_parser(
        "report",
        help="write an offline review site of an evidence base",
        description=(
            "Validate an evidence base, check its fitness for use, and write a static site "
            "to review it in any browser, offline: an index with the validation and fitness "
            "results, a page per innovation (elements, vehicles and licence chains, "
            "adoptions and adaptations, reach over time, enabler claims, evidence, levers), "
            "the enabler matrix as a heat map, the evidence map, and the sources. An invalid "
            "base is reported on the index too, as far as it loads."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    site.add_argument("base", metavar="BASE", help=base_help)
    site.add_argument(
        "-o", "--output", required=True, metavar="DIR", help="the site's folder (new or a site)"
    )
    sources = commands.add_parser(
        "sources",
        help="add references from a reference manager (BibTeX, RIS, CSL-JSON) as sources",
        description="Work with an evidence base's sources.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = sources.add_subparsers(dest="action", metavar="ACTION", required=True)
    refs = actions.add_parser(
        "import",
        help="turn a BibTeX, RIS or CSL-JSON file into Source records",
        description=(
            "Read references exported from Zotero, EndNote or Mendeley (BibTeX .bib, RIS "
            ".ris, or CSL-JSON .json) and add each as a Source: kind, title, authors, date, "
            "DOI, web address and publisher, with a stable id (the entry's key when it is a "
            "valid id). A reference whose DOI or web address the base has already is "
            "skipped; every entry skipped or changed is reported."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    refs.add_argument("references", metavar="FILE", help="a .bib, .ris or .json file")
    refs.add_argument(
        "--into",
        metavar="BASE",
        default=None,
        help="the evidence base to add them to (by default, a new base of sources only)",
    )
    refs.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="the evidence base written"
    )
    refs.add_argument("--format", choices=("text", "json"), default="text", help="the report")


def _size(text: str) -> int:
    units = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
    number, unit = text.strip().upper().removesuffix("B").removesuffix("I"), ""
    if number[-1:] in units:
        number, unit = number[:-1], number[-1]
    try:
        value = float(number) * units[unit]
    except (ValueError, KeyError):
        raise argparse.ArgumentTypeError(f"{text!r} is not a size such as 500M or 2G") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return int(value)


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """
    Run the ``innovscale`` command and exit with its status.

    .. versionadded:: 0.1.0
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(OSError, ValueError):
                reconfigure(errors="backslashreplace")
    stdout = _Guarded(sys.stdout)
    stderr = _Guarded(sys.stderr)
    status = run(
        sys.argv[1:] if argv is None else argv,
        stdout=cast("IO[str]", stdout),
        stderr=cast("IO[str]", stderr),
    )
    stdout.flush()
    stderr.flush()
    if stdout.failed:
        # Nothing more can reach it; keep the interpreter's own flush at exit quiet.
        with contextlib.suppress(OSError, ValueError, AttributeError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        status = EXIT_OUTPUT
    sys.exit(status)


class _Guarded:
    """
    A text stream that never raises: a closed stream (``None``), a broken pipe or a
    full disk makes writes no-ops and sets :attr:`failed`.
    """

    def __init__(self, stream: IO[str] | None) -> None:
        self._stream = stream
        self.failed = stream is None

    def write(self, text: str) -> int:
        if not self.failed:
            try:
                self._stream.write(text)  # type: ignore[union-attr]
            except (OSError, ValueError, AttributeError):
                self.failed = True
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if not self.failed:
            try:
                self._stream.flush()  # type: ignore[union-attr]
            except (OSError, ValueError, AttributeError):
                self.failed = True

    def isatty(self) -> bool:
        try:
            return not self.failed and bool(self._stream.isatty())  # type: ignore[union-attr]
        except (OSError, ValueError, AttributeError):
            return False


def run(
    argv: Sequence[str],
    *,
    stdout: IO[str] = sys.stdout,
    stderr: IO[str] = sys.stderr,
    stdin: IO[bytes] | None = None,
) -> int:
    """
    Run the command with arguments ``argv``, writing to ``stdout`` and ``stderr``.

    Returns:
        The exit status: 0 valid, 1 invalid, 2 usage or I/O error.

    .. versionadded:: 0.1.0
    """
    parser = _build((stdout, stderr))
    try:
        try:
            args = parser.parse_args(list(argv))
        except _Exit as exc:
            return exc.status
        if args.command == "validate":
            return _validate(args, stdout, stderr, stdin)
        command = _COMMANDS.get(args.command)
        if command is not None:
            return command(args, stdout, stderr)
    except KeyboardInterrupt:
        stderr.write("innovscale: interrupted\n")
        return 130
    except Exception as exc:  # noqa: BLE001 - the CLI never shows a traceback
        stderr.write(f"innovscale: internal error: {type(exc).__name__}: {_safe(str(exc))}\n")
        stderr.write(
            "This is a bug in innovscale. Please report it to the innovscale maintainers "
            "with the command and, if you can, the input that caused it.\n"
        )
        return EXIT_USAGE
    parser.print_help(stderr)
    return EXIT_USAGE


# -- validate -------------------------------------------------------------------------------


def _expand(paths: Sequence[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The inputs to validate, and (name, reason) for each that cannot be read."""
    found: list[str] = []
    problems: list[tuple[str, str]] = []
    for raw in paths:
        if raw == "-":
            found.append(raw)
            continue
        path = Path(raw)
        if path.is_dir() and (path / "evidence-base.json").is_file():
            found.append(raw)  # a base folder: one evidence base in many files
            continue
        if path.is_dir():
            bases = _base_folders(path)
            files = sorted(
                str(p)
                for p in path.rglob("*")
                if p.suffix in (".json", ".jsonl")
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            files = [f for f in files if not any(Path(f).is_relative_to(b) for b in bases)]
            if not files and not bases:
                problems.append((raw, "no *.json or *.jsonl files in this directory"))
            found.extend(sorted([*map(str, bases), *files]))
        elif path.exists():
            found.append(raw)
        elif _GLOB_CHARS & set(raw):
            matches = sorted(
                m
                for m in glob.glob(raw, recursive=True)  # noqa: PTH207 - absolute globs too
                if Path(m).is_file()
            )
            if not matches:
                problems.append((raw, "no files match this pattern"))
            found.extend(matches)
        else:
            problems.append((raw, "no such file or directory"))
    unique = list(dict.fromkeys(found))
    return unique, problems


def _base_folders(root: Path) -> list[Path]:
    """The base folders below ``root`` (not hidden, and not inside another one)."""
    found: list[Path] = []
    for header in sorted(root.rglob("evidence-base.json")):
        folder = header.parent
        if any(part.startswith(".") for part in folder.relative_to(root).parts):
            continue
        if not any(folder.is_relative_to(outer) for outer in found):
            found.append(folder)
    return found


#: Characters never written to a terminal as they are: controls (escape sequences
#: start with one) and the invisible formatting characters that reorder text.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def _safe(text: str) -> str:
    r"""
    ``text`` with control and bidirectional-formatting characters escaped, for a
    terminal: a file name or value can never move the cursor, recolour or hide text.

    >>> _safe("caf\x1b[31mé\tx")
    'caf\\x1b[31mé\\tx'
    """
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}.get(char)
    if named:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class _Progress:
    """
    A one-line progress indicator on a terminal: shown once the work takes a while, or
    at once for a large document (which is read and checked in one step).
    """

    def __init__(self, stream: IO[str], total: int) -> None:
        isatty = getattr(stream, "isatty", None)
        self.enabled = bool(isatty and isatty())
        self.stream = stream
        self.total = total
        self.start = time.monotonic()
        self.shown = False

    def update(self, done: int, name: str, detail: str = "", *, now: bool = False) -> None:
        if not self.enabled or (not now and time.monotonic() - self.start < _PROGRESS_AFTER):
            return
        extra = f" ({detail})" if detail else ""
        self.stream.write(f"\r\x1b[Kvalidating {done}/{self.total}: {_safe(name)}{extra}")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _validate_one(
    name: str, stdin: IO[bytes] | None, progress: Any, max_size: int | None
) -> ValidationReport:
    from innovscale import validation  # noqa: PLC0415

    if name == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read()
        return validation.validate(data, source="<stdin>")
    if Path(name).is_dir():
        from innovscale import folder  # noqa: PLC0415

        return folder.validate(name)
    return validation.validate_path(name, progress=progress, max_size=max_size)


def _unreadable(name: str, reason: str) -> ValidationReport:
    from innovscale.report import ValidationReport  # noqa: PLC0415

    issue = PARSE_UNREADABLE.issue(
        message=f"cannot read: {reason}",
        hint="Check the path and its permissions.",
        source=name,
    )
    return ValidationReport(issues=(issue,), sources=(name,))


def _validate(
    args: argparse.Namespace, stdout: IO[str], stderr: IO[str], stdin: IO[bytes] | None
) -> int:
    from innovscale.report import ValidationReport  # noqa: PLC0415
    from innovscale.validation import MAX_DOCUMENT_SIZE  # noqa: PLC0415

    max_size = MAX_DOCUMENT_SIZE if args.max_size is None else (args.max_size or None)
    inputs, problems = _expand(args.paths)
    reports: list[tuple[str, ValidationReport]] = []
    for name, reason in problems:
        stderr.write(f"innovscale: {_safe(name)}: {reason}\n")
        reports.append((name, _unreadable(name, reason)))
    unreadable = len(problems)
    progress = _Progress(stderr, len(inputs))
    for done, name in enumerate(inputs, start=1):
        size = _size_of(name)
        if size >= _BIG_DOCUMENT and not name.endswith(".jsonl"):
            progress.update(done, name, f"{size / 1e6:,.0f} MB", now=True)
        else:
            progress.update(done, name)
        try:
            report = _validate_one(
                name,
                stdin,
                lambda lines, d=done, n=name: progress.update(d, n, f"{lines:,} lines"),
                max_size,
            )
        except OSError as exc:
            unreadable += 1
            reason = str(exc.strerror or exc)
            stderr.write(f"innovscale: {_safe(name)}: cannot read: {reason}\n")
            report = _unreadable(name, reason)
        reports.append(("<stdin>" if name == "-" else name, report))
    progress.clear()
    merged = ValidationReport().merge(*(r for _, r in reports))
    if args.format == "json":
        out = merged.to_dict(max_issues=args.max_issues)
        stdout.write(json.dumps(out, indent=2, ensure_ascii=True) + "\n")
    else:
        stdout.write(_format_text(reports, merged, args.max_issues))
    if unreadable or not reports:
        if not reports:
            stderr.write("innovscale: nothing to validate\n")
        return EXIT_USAGE
    failed = not merged.valid or (args.strict and bool(merged.warnings))
    return EXIT_INVALID if failed else EXIT_OK


#: Documents from this size (in bytes) show progress at once, on a terminal.
_BIG_DOCUMENT = 10_000_000


def _size_of(name: str) -> int:
    try:
        return 0 if name == "-" else Path(name).stat().st_size
    except OSError:
        return 0


def _format_text(
    reports: list[tuple[str, ValidationReport]], merged: ValidationReport, max_issues: int | None
) -> str:
    lines: list[str] = []
    budget = max_issues
    for name, report in reports:
        verdict = "valid" if report.valid else "invalid"
        lines.append(
            f"{_safe(name)}: {verdict} "
            f"({len(report.errors)} error(s), {len(report.warnings)} warning(s))"
        )
        for issue in report.issues:
            if budget is not None:
                if budget <= 0:
                    break
                budget -= 1
            # In a base folder, each issue says which of its files it is in.
            origin = issue.source if issue.source not in (None, name) else None
            places = (issue.cell,) if issue.cell is not None else (issue.line, issue.column)
            where = ":".join(str(p) for p in (origin, *places) if p is not None)
            prefix = f"{where}: " if where else ""
            lines.append(
                _safe(
                    f"  {prefix}{issue.severity.value} {issue.code}: {issue.message} "
                    f"@ {issue.json_path}"
                )
            )
            if issue.hint:
                lines.append(f"      hint: {_safe(issue.hint)}")
    shown = sum(len(r) for _, r in reports) if max_issues is None else max_issues
    hidden = len(merged.issues) - shown
    if hidden > 0:
        lines.append(f"... {hidden} more issue(s) not shown (--max-issues {max_issues})")
    valid = sum(1 for _, r in reports if r.valid)
    kind = "input(s)" if any(Path(name).is_dir() for name, _ in reports) else "file(s)"
    lines.append(
        f"{len(reports)} {kind}: {valid} valid, {len(reports) - valid} invalid; "
        f"{len(merged.errors)} error(s), {len(merged.warnings)} warning(s)"
    )
    return "\n".join(lines) + "\n"


# -- schema ---------------------------------------------------------------------------------


def _schema(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:  # noqa: PLR0911 - one exit status per outcome of the schema command
    from innovscale import schema  # noqa: PLC0415
    from innovscale.exceptions import InnovscaleError  # noqa: PLC0415

    if args.write is not None or args.check is not None:
        if args.name is not None or args.bundle:
            stderr.write(
                "innovscale: give a schema NAME (and --bundle), or --write/--check DIR, not both\n"
            )
            return EXIT_USAGE
        if args.write is not None:
            try:
                written = schema.write(args.write)
            except (OSError, InnovscaleError) as exc:
                stderr.write(f"innovscale: cannot write schemas to {args.write}: {exc}\n")
                return EXIT_USAGE
            stdout.write(f"wrote {len(written)} schema(s) to {args.write}\n")
            return EXIT_OK
        if not Path(args.check).is_dir():
            stderr.write(f"innovscale: {args.check}: no such directory\n")
            return EXIT_USAGE
        drifted = schema.drift(args.check)
        if not drifted:
            stdout.write(f"{args.check}: the schemas match the model\n")
            return EXIT_OK
        stdout.write(f"{args.check}: {len(drifted)} schema file(s) differ from the model:\n")
        stdout.writelines(f"  {name}\n" for name in drifted)
        stdout.write(f"Run `innovscale schema --write {args.check}` to regenerate them.\n")
        return EXIT_INVALID
    if args.list:
        stdout.writelines(f"{name}\n" for name in schema.names())
        return EXIT_OK
    name = args.name or "evidence-base"
    try:
        loaded = schema.bundle(name) if args.bundle else schema.load(name)
    except InnovscaleError as exc:
        stderr.write(f"innovscale: {exc}\n")
        return EXIT_USAGE
    stdout.write(json.dumps(loaded, indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


# -- split, merge, diff ---------------------------------------------------------------------


def _read_base(name: str, stdout: IO[str], stderr: IO[str]) -> Any:
    """The evidence base at ``name``, or an exit status after saying why not."""
    from innovscale import folder  # noqa: PLC0415
    from innovscale.exceptions import InvalidDocument  # noqa: PLC0415

    try:
        return folder.read_any(name)
    except InvalidDocument as exc:
        stdout.write(_format_text([(name, exc.report)], exc.report, None))
        return EXIT_INVALID
    except OSError as exc:
        stderr.write(f"innovscale: {_safe(name)}: cannot read: {_safe(str(exc.strerror or exc))}\n")
        return EXIT_USAGE


def _refused(exc: Exception, stderr: IO[str]) -> int:
    """Say why a command could not go on (a write failed, an extra is missing)."""
    stderr.write(f"innovscale: {_safe(str(exc))}\n")
    return EXIT_USAGE


def _write_base(base: Any, output: str) -> None:
    """Write ``base`` to ``output``: JSON Lines for a ``.jsonl`` name, else a document."""
    from innovscale import serialization  # noqa: PLC0415

    if output.endswith(".jsonl"):
        serialization.write_jsonl(base, output)
    else:
        serialization.dump(base, output)


def _split(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    from innovscale import folder  # noqa: PLC0415
    from innovscale.exceptions import FileWriteError  # noqa: PLC0415

    base = _read_base(args.base, stdout, stderr)
    if isinstance(base, int):
        return base
    try:
        written = folder.split(base, args.output, by=args.by)
    except FileWriteError as exc:
        return _refused(exc, stderr)
    stdout.write(f"wrote {len(written)} file(s) to {_safe(args.output)}\n")
    return EXIT_OK


def _merge(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    from innovscale import folder  # noqa: PLC0415
    from innovscale.exceptions import FileWriteError  # noqa: PLC0415
    from innovscale.report import ValidationReport  # noqa: PLC0415

    inputs = []
    for name in args.inputs:
        base = _read_base(name, stdout, stderr)
        if isinstance(base, int):
            return base
        inputs.append((name, base))
    merged, conflicts = folder.merge(inputs, prefer=args.prefer)
    report = ValidationReport(issues=tuple(c.issue(resolved=args.prefer) for c in conflicts))
    if args.format == "json":
        stdout.write(json.dumps(report.to_dict(), indent=2, ensure_ascii=True) + "\n")
    elif conflicts:
        stdout.write(_format_text([(" + ".join(args.inputs), report)], report, None))
    if not report.valid:
        stderr.write("innovscale: conflicts found; nothing written (see --prefer)\n")
        return EXIT_INVALID
    try:
        _write_base(merged, args.output)
    except FileWriteError as exc:
        return _refused(exc, stderr)
    if args.format == "text":
        count = sum(1 for _ in merged.records())
        stdout.write(
            f"merged {len(inputs)} input(s) into {_safe(args.output)}: {count} record(s)\n"
        )
    return EXIT_OK


def _diff(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    from innovscale import folder  # noqa: PLC0415

    old = _read_base(args.old, stdout, stderr)
    if isinstance(old, int):
        return old
    new = _read_base(args.new, stdout, stderr)
    if isinstance(new, int):
        return new
    changes = folder.diff(old, new)
    if args.format == "json":
        stdout.write(json.dumps([c.to_dict() for c in changes], indent=2, ensure_ascii=True) + "\n")
    else:
        for change in changes:
            stdout.write(_safe(str(change)).replace("\\n", "\n") + "\n")
        counts = {
            kind: sum(1 for c in changes if c.kind == kind)
            for kind in ("added", "removed", "changed")
        }
        stdout.write(
            f"{counts['added']} added, {counts['removed']} removed, {counts['changed']} changed\n"
        )
    return EXIT_INVALID if changes else EXIT_OK


def _export_format(output: str, given: str | None) -> str:
    if given is not None:
        return given
    suffix = Path(output).suffix.lower()
    if suffix == ".xlsx":
        return "xlsx"
    return "sqlite" if suffix in {".db", ".sqlite", ".sqlite3"} else "csv"


def _export(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    from innovscale import sheets, tables, validation  # noqa: PLC0415
    from innovscale.exceptions import FileWriteError, MissingExtra  # noqa: PLC0415

    base = _read_base(args.base, stdout, stderr)
    if isinstance(base, int):
        return base
    report = validation.validate(base)
    if not report.valid:  # references must resolve for the keys to hold
        stdout.write(_format_text([(args.base, report)], report, None))
        return EXIT_INVALID
    kind = _export_format(args.output, args.format)
    try:
        if kind == "xlsx":
            sheets.write_workbook(base, args.output)
            what = f"{len(sheets.layout())} sheets"
        elif kind == "csv":
            sheets.write_csv(base, args.output)
            what = f"{len(sheets.layout())} CSV files and datapackage.json"
        else:
            tables.write_sqlite(base, args.output)
            what = f"{len(tables.schema())} tables"
    except (FileWriteError, MissingExtra) as exc:
        return _refused(exc, stderr)
    stdout.write(f"wrote {_safe(args.output)} ({what})\n")
    return EXIT_OK


def _template(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    from innovscale import sheets  # noqa: PLC0415
    from innovscale.exceptions import FileWriteError, MissingExtra  # noqa: PLC0415

    kind = args.format or ("xlsx" if args.output.lower().endswith(".xlsx") else "csv")
    try:
        if kind == "xlsx":
            sheets.write_template(args.output)
        else:
            sheets.write_csv(None, args.output)
    except (FileWriteError, MissingExtra) as exc:
        return _refused(exc, stderr)
    stdout.write(f"wrote {_safe(args.output)} ({len(sheets.layout())} sheets to fill in)\n")
    return EXIT_OK


def _read_sheets(name: str, stderr: IO[str]) -> Any:
    """What :func:`innovscale.sheets.read` gives for ``name``, or an exit status."""
    from innovscale import sheets  # noqa: PLC0415
    from innovscale.exceptions import MissingExtra  # noqa: PLC0415

    try:
        return sheets.read(name)
    except MissingExtra as exc:
        stderr.write(f"innovscale: {_safe(str(exc))}\n")
    except OSError as exc:
        reason = _safe(str(exc.strerror or exc))
        stderr.write(f"innovscale: {_safe(name)}: cannot read: {reason}\n")
    return EXIT_USAGE


def _import(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    from innovscale.exceptions import FileWriteError  # noqa: PLC0415

    imported = _read_sheets(args.input, stderr)
    if isinstance(imported, int):
        return imported
    report = imported.report
    if args.format == "json":
        stdout.write(json.dumps(report.to_dict(max_issues=args.max_issues), indent=2) + "\n")
    elif report.issues:
        stdout.write(_format_text([(args.input, report)], report, args.max_issues))
    if imported.base is None:
        stderr.write("innovscale: the sheets hold errors; nothing written\n")
        return EXIT_INVALID
    try:
        _write_base(imported.base, args.output)
    except FileWriteError as exc:
        return _refused(exc, stderr)
    if args.format == "text":
        count = sum(1 for _ in imported.base.records())
        stdout.write(f"wrote {_safe(args.output)}: {count} record(s), valid\n")
    return EXIT_OK


def _report(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    from innovscale import review, validation  # noqa: PLC0415
    from innovscale.exceptions import FileWriteError, MissingExtra  # noqa: PLC0415

    base = _read_base(args.base, stdout, stderr)
    if isinstance(base, int):
        return base
    report = validation.validate(base)
    try:
        pages = review.write_site(base, args.output, report=report)
    except (FileWriteError, MissingExtra) as exc:
        return _refused(exc, stderr)
    verdict = "valid" if report.valid else "invalid"
    stdout.write(
        f"wrote {len(pages)} page(s) to {_safe(args.output)} (the base is {verdict}); "
        f"open {_safe(str(Path(args.output) / 'index.html'))}\n"
    )
    return EXIT_OK


def _sources(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    from innovscale import citations, serialization  # noqa: PLC0415
    from innovscale.exceptions import FileWriteError, InvalidDocument, MissingExtra  # noqa: PLC0415
    from innovscale.model import EvidenceBase  # noqa: PLC0415

    if args.into is not None:
        base = _read_base(args.into, stdout, stderr)
        if isinstance(base, int):
            return base
    else:
        stem = Path(args.references).stem
        slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "sources"
        base = EvidenceBase(id=slug, title=f"Sources from {Path(args.references).name}")
    try:
        found, notes = citations.read(Path(args.references))
    except (MissingExtra, ValueError) as exc:
        if isinstance(exc, InvalidDocument):
            stdout.write(_format_text([(args.references, exc.report)], exc.report, None))
            return EXIT_INVALID
        return _refused(exc, stderr)
    except OSError as exc:
        reason = _safe(str(exc.strerror or exc))
        stderr.write(f"innovscale: {_safe(args.references)}: cannot read: {reason}\n")
        return EXIT_USAGE
    merged, skipped = citations.merge(base, found)
    notes += skipped
    added = len(merged.sources) - len(base.sources)
    try:
        serialization.dump(merged, args.output)
    except FileWriteError as exc:
        return _refused(exc, stderr)
    if args.format == "json":
        payload = {"added": added, "notes": [n.to_dict() for n in notes]}
        stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    else:
        stdout.writelines(_safe(str(note)) + "\n" for note in notes)
        stdout.write(
            f"added {added} source(s) to {_safe(args.output)}; "
            f"{sum(1 for n in notes if n.action == 'skipped')} skipped, "
            f"{sum(1 for n in notes if n.action == 'changed')} changed\n"
        )
    return EXIT_OK


def _upgrade(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    status = EXIT_OK
    for name in args.files:
        status = max(status, _upgrade_one(name, args, stdout, stderr))
    return status


def _upgrade_one(  # noqa: PLR0911 - one exit status per outcome for the file
    name: str, args: argparse.Namespace, stdout: IO[str], stderr: IO[str]
) -> int:
    """Upgrade one file (or show or check what would change): its exit status."""
    import difflib  # noqa: PLC0415

    from innovscale import migrate, validation  # noqa: PLC0415
    from innovscale._io import write_bytes_atomic  # noqa: PLC0415
    from innovscale.exceptions import FileWriteError, InvalidDocument  # noqa: PLC0415

    jsonl = True if name.endswith(".jsonl") else None
    try:
        raw = Path(name).read_bytes()
        text, migrated = migrate.upgrade_text(raw, jsonl=jsonl)
    except OSError as exc:
        stderr.write(f"innovscale: {_safe(name)}: cannot read: {_safe(str(exc.strerror or exc))}\n")
        return EXIT_USAGE
    except InvalidDocument as exc:
        stdout.write(_format_text([(name, exc.report)], exc.report, None))
        return EXIT_USAGE
    except migrate.MigrationError as exc:
        stderr.write(f"innovscale: {_safe(name)}: cannot upgrade: {_safe(str(exc))}\n")
        return EXIT_USAGE
    if not migrated.changed:
        stderr.write(f"{_safe(name)}: already format {migrated.source_version}\n")
        return EXIT_OK
    target = migrated.data["schema_version"]
    stderr.write(
        f"{_safe(name)}: format {migrated.source_version} -> {target}, "
        f"{len(migrated.changes)} change(s)\n"
    )
    stderr.writelines(f"  {c.json_path}: {_safe(c.message)}\n" for c in migrated.changes)
    if args.check:
        return EXIT_INVALID
    if args.in_place:
        try:
            write_bytes_atomic(name, text.encode("utf-8"))
        except FileWriteError as exc:
            return _refused(exc, stderr)
    else:
        old = raw.decode("utf-8", errors="replace").splitlines(keepends=True)
        diff = difflib.unified_diff(old, text.splitlines(keepends=True), name, f"{name} (upgraded)")
        stdout.writelines(_safe(line.rstrip("\n")) + "\n" for line in diff)
    report = validation.validate(text, source=name, jsonl=jsonl)
    if report.issues:
        stderr.write(_format_text([(name, report)], report, None))
    return EXIT_OK if report.valid else EXIT_INVALID


_COMMANDS: dict[str, Callable[[argparse.Namespace, IO[str], IO[str]], int]] = {
    "upgrade": _upgrade,
    "schema": _schema,
    "split": _split,
    "merge": _merge,
    "diff": _diff,
    "export": _export,
    "template": _template,
    "import": _import,
    "sources": _sources,
    "report": _report,
}
