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
import functools
import glob
import json
import sys
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn, cast

if TYPE_CHECKING:
    from collections.abc import Sequence

    from _typeshed import SupportsWrite

    from innovscale.report import ValidationReport

__all__ = ["EXIT_INVALID", "EXIT_OK", "EXIT_USAGE", "build_parser", "main", "run"]

#: Every input is valid.
EXIT_OK = 0
#: At least one input is invalid (or, with ``--strict``, has a warning); or schemas drifted.
EXIT_INVALID = 1
#: A usage error, or an input could not be read.
EXIT_USAGE = 2

_EPILOG = """\
exit status:
  0  every input is valid (warnings alone do not fail, unless --strict)
  1  at least one input is invalid, or `schema --check` found drifted files
  2  usage error, or an input could not be read
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
    return parser


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
            reconfigure(errors="backslashreplace")
    sys.exit(run(sys.argv[1:] if argv is None else argv, stdout=sys.stdout, stderr=sys.stderr))


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
        if args.command == "schema":
            return _schema(args, stdout, stderr)
    except KeyboardInterrupt:
        stderr.write("innovscale: interrupted\n")
        return 130
    except Exception as exc:  # noqa: BLE001 - the CLI never shows a traceback
        stderr.write(f"innovscale: internal error: {type(exc).__name__}: {exc}\n")
        stderr.write("Please report this at https://github.com/innovscale/innovscale/issues\n")
        return EXIT_USAGE
    parser.print_help(stderr)
    return EXIT_USAGE


# -- validate -------------------------------------------------------------------------------


def _expand(paths: Sequence[str]) -> tuple[list[str], list[str]]:
    """The inputs to validate, and the error messages for those that do not exist."""
    found: list[str] = []
    problems: list[str] = []
    for raw in paths:
        if raw == "-":
            found.append(raw)
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(
                str(p)
                for p in path.rglob("*")
                if p.suffix in (".json", ".jsonl")
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not files:
                problems.append(f"{raw}: no *.json or *.jsonl files in this directory")
            found.extend(files)
        elif path.exists():
            found.append(raw)
        elif _GLOB_CHARS & set(raw):
            matches = sorted(
                m
                for m in glob.glob(raw, recursive=True)  # noqa: PTH207 - absolute globs too
                if Path(m).is_file()
            )
            if not matches:
                problems.append(f"{raw}: no files match this pattern")
            found.extend(matches)
        else:
            problems.append(f"{raw}: no such file or directory")
    unique = list(dict.fromkeys(found))
    return unique, problems


class _Progress:
    """A one-line progress indicator on a terminal, shown only once the work takes a while."""

    def __init__(self, stream: IO[str], total: int) -> None:
        isatty = getattr(stream, "isatty", None)
        self.enabled = bool(isatty and isatty())
        self.stream = stream
        self.total = total
        self.start = time.monotonic()
        self.shown = False

    def update(self, done: int, name: str, lines: int | None = None) -> None:
        if not self.enabled or time.monotonic() - self.start < _PROGRESS_AFTER:
            return
        detail = f" ({lines:,} lines)" if lines else ""
        self.stream.write(f"\r\x1b[Kvalidating {done}/{self.total}: {name}{detail}")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _validate_one(name: str, stdin: IO[bytes] | None, progress: Any) -> ValidationReport:
    from innovscale import validation  # noqa: PLC0415

    if name == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read()
        return validation.validate(data, source="<stdin>")
    return validation.validate_path(name, progress=progress)


def _validate(
    args: argparse.Namespace, stdout: IO[str], stderr: IO[str], stdin: IO[bytes] | None
) -> int:
    from innovscale.report import ValidationReport  # noqa: PLC0415

    inputs, problems = _expand(args.paths)
    for problem in problems:
        stderr.write(f"innovscale: {problem}\n")
    reports: list[tuple[str, ValidationReport]] = []
    progress = _Progress(stderr, len(inputs))
    for done, name in enumerate(inputs, start=1):
        progress.update(done, name)
        try:
            report = _validate_one(
                name, stdin, lambda lines, d=done, n=name: progress.update(d, n, lines)
            )
        except OSError as exc:
            problems.append(name)
            stderr.write(f"innovscale: {name}: cannot read: {exc.strerror or exc}\n")
            continue
        reports.append(("<stdin>" if name == "-" else name, report))
    progress.clear()
    merged = ValidationReport().merge(*(r for _, r in reports))
    if args.format == "json":
        out = merged.to_dict(max_issues=args.max_issues)
        stdout.write(json.dumps(out, indent=2, ensure_ascii=True) + "\n")
    else:
        stdout.write(_format_text(reports, merged, args.max_issues))
    if problems or not inputs:
        if not inputs and not problems:
            stderr.write("innovscale: nothing to validate\n")
        return EXIT_USAGE
    failed = not merged.valid or (args.strict and bool(merged.warnings))
    return EXIT_INVALID if failed else EXIT_OK


def _format_text(
    reports: list[tuple[str, ValidationReport]], merged: ValidationReport, max_issues: int | None
) -> str:
    lines: list[str] = []
    budget = max_issues
    for name, report in reports:
        verdict = "valid" if report.valid else "invalid"
        lines.append(
            f"{name}: {verdict} ({len(report.errors)} error(s), {len(report.warnings)} warning(s))"
        )
        for issue in report.issues:
            if budget is not None:
                if budget <= 0:
                    break
                budget -= 1
            where = ":".join(str(p) for p in (issue.line, issue.column) if p is not None)
            prefix = f"{where}: " if where else ""
            lines.append(
                f"  {prefix}{issue.severity.value} {issue.code}: {issue.message} "
                f"@ {issue.json_path}"
            )
            if issue.hint:
                lines.append(f"      hint: {issue.hint}")
    shown = sum(len(r) for _, r in reports) if max_issues is None else max_issues
    hidden = len(merged.issues) - shown
    if hidden > 0:
        lines.append(f"... {hidden} more issue(s) not shown (--max-issues {max_issues})")
    valid = sum(1 for _, r in reports if r.valid)
    lines.append(
        f"{len(reports)} file(s): {valid} valid, {len(reports) - valid} invalid; "
        f"{len(merged.errors)} error(s), {len(merged.warnings)} warning(s)"
    )
    return "\n".join(lines) + "\n"


# -- schema ---------------------------------------------------------------------------------


def _schema(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
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
