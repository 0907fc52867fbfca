"""
Issue codes as values: each is defined once, beside the code that raises it.

A code is a :class:`CatalogueEntry`: its dotted name, tier, severity, and the words
the error-code catalogue shows (title, explanation, example, fix). The module that
raises it defines it with :func:`define` and builds every issue or error of it with
:meth:`CatalogueEntry.issue` or :meth:`CatalogueEntry.error`, so the severity can
never disagree with the catalogue, and the catalogue
(:func:`innovscale.validation.catalogue`) collects what the modules define instead
of restating it.

>>> from innovscale._codes import defined
>>> entry = defined()["parse.syntax"]
>>> entry.tier, entry.severity.value
('parse', 'error')
>>> entry.issue("expecting ',' delimiter", line=3, column=14).code
'parse.syntax'
"""

from __future__ import annotations

from typing import Any

import attrs

from innovscale.exceptions import InvariantError
from innovscale.report import Issue, Severity

__all__ = ["CatalogueEntry", "define", "defined"]

_MISSING: Any = Issue(code="-", message="-").value  # the value an issue has when none is given


@attrs.frozen(kw_only=True)
class CatalogueEntry:
    """
    One documented issue code.

    Attributes:
        code: The stable dotted code, e.g. ``"ref.dangling"``.
        severity: Whether the issue makes a document invalid (error) or not (warning).
        tier: The tier that raises it: ``"parse"``, ``"schema"`` or ``"integrity"``.
        title: A short title.
        explanation: What the code means and why it matters.
        example: A small example of input that raises it.
        fix: How to fix it.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 :meth:`issue` and :meth:`error` build what it documents.
    """

    code: str
    severity: Severity
    tier: str
    title: str
    explanation: str
    example: str
    fix: str

    def to_dict(self) -> dict[str, str]:
        """The entry as JSON-compatible data (the severity as its string value)."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "tier": self.tier,
            "title": self.title,
            "explanation": self.explanation,
            "example": self.example,
            "fix": self.fix,
        }

    def issue(
        self,
        message: str,
        *,
        path: tuple[str | int, ...] = (),
        value: Any = _MISSING,
        hint: str | None = None,
        source: str | None = None,
        line: int | None = None,
        column: int | None = None,
        cell: str | None = None,
    ) -> Issue:
        """An issue of this code, with its severity."""
        return Issue(
            code=self.code,
            message=message,
            path=path,
            severity=self.severity,
            value=value,
            hint=hint,
            source=source,
            line=line,
            column=column,
            cell=cell,
        )

    def error(
        self,
        message: str,
        *,
        path: tuple[str | int, ...] = (),
        value: Any = None,
        hint: str | None = None,
    ) -> InvariantError:
        """The exception of this code, for the model and the structuring hooks to raise."""
        return InvariantError(message, code=self.code, path=path, value=value, hint=hint)


_DEFINED: dict[str, CatalogueEntry] = {}


def define(
    code: str,
    *,
    tier: str,
    severity: Severity = Severity.ERROR,
    title: str,
    explanation: str,
    example: str,
    fix: str,
) -> CatalogueEntry:
    """Define the issue code ``code``, once; return its entry."""
    if code in _DEFINED:
        msg = f"the issue code {code!r} is defined twice"
        raise ValueError(msg)
    entry = CatalogueEntry(
        code=code,
        severity=severity,
        tier=tier,
        title=title,
        explanation=explanation,
        example=example,
        fix=fix,
    )
    _DEFINED[code] = entry
    return entry


def defined() -> dict[str, CatalogueEntry]:
    """Every code defined so far, by code (the modules that raise them define them on import)."""
    return dict(_DEFINED)
