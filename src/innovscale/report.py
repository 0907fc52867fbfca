"""
Issues and validation reports: the one shape every problem is reported in.

Whether a document fails to parse, breaks its JSON Schema, cannot be
structured into the model or has a dangling reference, the problem is an
:class:`Issue` in a :class:`ValidationReport`.

>>> from innovscale.report import Issue, ValidationReport
>>> issue = Issue(
...     code="value.required",
...     message="required field missing",
...     path=("innovations", 3, "elements", 0, "kind"),
... )
>>> issue.json_path
'$.innovations[3].elements[0].kind'
>>> str(issue)
'error value.required: required field missing @ $.innovations[3].elements[0].kind'
"""

from __future__ import annotations

import enum
import re
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

__all__ = ["Issue", "Severity", "ValidationReport", "format_json_path"]

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_MAX_VALUE_CHARS = 80


class Severity(enum.Enum):
    """How serious an issue is. Errors make a document invalid; warnings do not."""

    ERROR = "error"
    WARNING = "warning"


def format_json_path(path: Iterable[str | int]) -> str:
    """
    Render a path as a ``$``-rooted JSON path.

    >>> format_json_path(["a", 0, "b c"])
    "$.a[0]['b c']"
    """
    out = ["$"]
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif _IDENTIFIER.match(part):
            out.append(f".{part}")
        else:
            out.append(f"[{part!r}]")
    return "".join(out)


def _truncate(value: Any) -> str:
    text = repr(value)
    if len(text) > _MAX_VALUE_CHARS:
        return text[: _MAX_VALUE_CHARS - 3] + "..."
    return text


class _Missing(enum.Enum):
    """The absence of a value (``None`` can be the offending value); pickles as itself."""

    MISSING = "missing"

    def __repr__(self) -> str:
        return "<missing>"


_MISSING: Any = _Missing.MISSING


@attrs.frozen(kw_only=True)
class Issue:
    """
    One problem found in a document.

    Attributes:
        code: A stable, dotted code such as ``"ref.dangling"``; see the error-code catalogue.
        message: What is wrong, in one sentence.
        path: Where, as a sequence of keys and indices from the document root.
        severity: :attr:`Severity.ERROR` or :attr:`Severity.WARNING`.
        value: The offending value, if there is one.
        hint: How to fix it, when a likely fix is known.
        source: The file (or ``"<stdin>"``) the document came from.
        line: 1-based line in the source text, when known.
        column: 1-based column in the source text, when known.
        cell: The workbook cell, as ``Sheet!A1``, for an issue found in a spreadsheet.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 ``cell``.
    """

    code: str
    message: str
    path: tuple[str | int, ...] = ()
    severity: Severity = Severity.ERROR
    value: Any = attrs.field(default=_MISSING, eq=False)
    hint: str | None = None
    source: str | None = None
    line: int | None = None
    column: int | None = None
    cell: str | None = None

    @property
    def json_path(self) -> str:
        """The location as a ``$``-rooted JSON path, e.g. ``$.innovations[0].id``."""
        return format_json_path(self.path)

    @property
    def has_value(self) -> bool:
        """Whether the issue carries the offending value."""
        return self.value is not _MISSING

    @property
    def location(self) -> str:
        """``source:line:column`` (or ``source:Sheet!A1``) as far as known, else ``""``."""
        where = (self.cell,) if self.cell is not None else (self.line, self.column)
        parts = [p for p in (self.source, *where) if p is not None]
        return ":".join(str(p) for p in parts)

    def __str__(self) -> str:
        text = f"{self.severity.value} {self.code}: {self.message} @ {self.json_path}"
        if self.location:
            text = f"{self.location}: {text}"
        return text

    def to_dict(self) -> dict[str, Any]:
        """
        The issue as JSON-compatible data, in the documented report shape.

        Keys: ``code``, ``severity``, ``message``, ``path`` (the JSON path string),
        ``location`` (the path as a list), and when known ``value`` (a truncated
        ``repr``), ``hint``, ``source``, ``line``, ``column`` and ``cell``.
        """
        out: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "path": self.json_path,
            "location": list(self.path),
        }
        if self.has_value:
            out["value"] = _truncate(self.value)
        for key in ("hint", "source", "line", "column", "cell"):
            item = getattr(self, key)
            if item is not None:
                out[key] = item
        return out


@attrs.frozen(kw_only=True)
class ValidationReport:
    """
    Every issue found in one or more documents.

    A report is valid when it holds no error; warnings alone keep it valid.

    .. versionadded:: 0.1.0
    """

    issues: tuple[Issue, ...] = ()
    sources: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        """``True`` when there is no issue of severity error."""
        return not any(i.severity is Severity.ERROR for i in self.issues)

    @property
    def errors(self) -> tuple[Issue, ...]:
        """The issues of severity error."""
        return tuple(i for i in self.issues if i.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        """The issues of severity warning."""
        return tuple(i for i in self.issues if i.severity is Severity.WARNING)

    def __bool__(self) -> bool:
        # A report is a collection of issues (len() counts them), and "valid" is not
        # "has no issues" (warnings keep it valid): refuse to guess which is meant.
        msg = (
            "the truth of a ValidationReport is ambiguous: use report.valid for the verdict, "
            "or len(report) / report.issues for the issues"
        )
        raise TypeError(msg)

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.issues)

    def __len__(self) -> int:
        return len(self.issues)

    def merge(self, *others: ValidationReport) -> ValidationReport:
        """A report holding the issues of this report followed by those of ``others``."""
        issues = list(self.issues)
        sources = list(self.sources)
        for other in others:
            issues.extend(other.issues)
            sources.extend(s for s in other.sources if s not in sources)
        return ValidationReport(issues=tuple(issues), sources=tuple(sources))

    def _repr_html_(self) -> str:
        """The verdict and the issues as HTML, for Jupyter."""
        from html import escape  # noqa: PLC0415

        from innovscale.model._html import MAX_ROWS, table  # noqa: PLC0415

        verdict = "valid" if self.valid else "invalid"
        colour = "#1a7f37" if self.valid else "#cf222e"
        rows = [
            [
                escape(i.severity.value),
                f"<code>{escape(i.code)}</code>",
                escape(i.location),
                f"<code>{escape(i.json_path)}</code>",
                escape(i.message) + (f"<br><i>{escape(i.hint)}</i>" if i.hint else ""),
            ]
            for i in self.issues[:MAX_ROWS]
        ]
        head = (
            f'<div><strong style="color:{colour}">{verdict}</strong>: '
            f"{len(self.errors):,} error(s), {len(self.warnings):,} warning(s)"
        )
        if not rows:
            return head + "</div>"
        headers = ["severity", "code", "where", "path", "issue"]
        return head + table(headers, rows, total=len(self.issues)) + "</div>"

    def by_code(self) -> dict[str, int]:
        """How many issues carry each code, sorted by code."""
        counts: dict[str, int] = {}
        for issue in self.issues:
            counts[issue.code] = counts.get(issue.code, 0) + 1
        return dict(sorted(counts.items()))

    def to_dict(self, *, max_issues: int | None = None) -> dict[str, Any]:
        """
        The report as JSON-compatible data.

        The shape is stable: ``{"valid": bool, "error_count": int, "warning_count": int,
        "sources": [str], "issues": [Issue.to_dict()]}``. With ``max_issues``, at most
        that many issues are listed (the counts still cover all of them) and the key
        ``"issues_omitted"`` says how many were left out.
        """
        shown = self.issues if max_issues is None else self.issues[:max_issues]
        out: dict[str, Any] = {
            "valid": self.valid,
            "error_count": len(self.errors),
            "warning_count": len(self.warnings),
            "sources": list(self.sources),
            "issues": [i.to_dict() for i in shown],
        }
        if max_issues is not None:
            out["issues_omitted"] = len(self.issues) - len(shown)
        return out

    def format_text(self, *, max_issues: int | None = None) -> str:
        """A human-readable listing, one issue per line with its hint indented below."""
        lines: list[str] = []
        shown = self.issues if max_issues is None else self.issues[:max_issues]
        for issue in shown:
            lines.append(str(issue))
            if issue.has_value:
                lines.append(f"    value: {_truncate(issue.value)}")
            if issue.hint:
                lines.append(f"    hint: {issue.hint}")
        hidden = len(self.issues) - len(shown)
        if hidden > 0:
            lines.append(f"... and {hidden} more issue(s)")
        lines.append(
            f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)"
            + (": valid" if self.valid else ": invalid")
        )
        return "\n".join(lines)
