"""
The exceptions innovscale raises.

Every exception derives from :class:`InnovscaleError`,
and also from the builtin a caller would naturally catch
(:class:`ValueError` for bad data, :class:`OSError` for files),
so ``except InnovscaleError`` catches everything innovscale means to raise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from innovscale.report import format_json_path

if TYPE_CHECKING:
    from innovscale.report import ValidationReport

__all__ = [
    "FileWriteError",
    "InnovscaleError",
    "InvalidDocument",
    "InvariantError",
    "MissingExtra",
    "SchemaResolutionError",
]


class InnovscaleError(Exception):
    """
    The root of every exception innovscale raises on purpose.

    .. versionadded:: 0.1.0
    """


class InvariantError(InnovscaleError, ValueError):
    """
    A model value broke one of its invariants when it was built.

    Raised by the attrs validators of the model, so building an object in
    Python and loading one from JSON fail with the same message.

    Args:
        message: What is wrong, in one sentence.
        code: The stable issue code, e.g. ``"value.pattern"``.
        path: Where the problem is, relative to the object being built: a field
            name, then indices or keys inside it (``("elements", 0)``).
        value: The offending value.
        hint: How to fix it, when a likely fix is known.

    .. versionadded:: 0.1.0
    """

    def __init__(
        self,
        message: str,
        *,
        code: str,
        path: tuple[str | int, ...] = (),
        value: Any = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.path = path
        self.value = value
        self.hint = hint

    @property
    def field(self) -> str | None:
        """The name of the offending field, if the problem is in one."""
        return str(self.path[0]) if self.path else None

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild_invariant_error,
            (self.message, self.code, self.path, self.value, self.hint),
        )

    def __str__(self) -> str:
        if not self.path:
            return self.message
        return f"{self.message} @ {format_json_path(self.path)}"


def _rebuild_invariant_error(
    message: str, code: str, path: tuple[str | int, ...], value: Any, hint: str | None
) -> InvariantError:
    return InvariantError(message, code=code, path=path, value=value, hint=hint)


class InvalidDocument(InnovscaleError, ValueError):
    """
    Data could not be loaded because it is not a valid document.

    Attributes:
        report: The :class:`~innovscale.ValidationReport` listing every issue found.

    .. versionadded:: 0.1.0
    """

    def __init__(self, report: ValidationReport) -> None:
        super().__init__(report)
        self.report = report

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.report,))

    def __str__(self) -> str:
        return self.report.format_text(max_issues=20)


class SchemaResolutionError(InnovscaleError, LookupError):
    """
    A ``$ref`` in a schema could not be resolved from innovscale's offline registry.

    innovscale never fetches schemas over the network.

    .. versionadded:: 0.1.0
    """


class FileWriteError(InnovscaleError, OSError):
    """
    Writing a file failed; the previous file, if any, is left untouched.

    .. versionadded:: 0.1.0
    """


class MissingExtra(InnovscaleError, ImportError):
    """
    A feature needs an optional dependency that is not installed.

    The message says exactly what to install, e.g.
    ``pip install 'innovscale[spreadsheet]'``.

    .. versionadded:: 0.2.0
    """

    def __init__(self, extra: str, *packages: str) -> None:
        names = ", ".join(packages)
        super().__init__(
            f"this needs {names}, which is not installed: pip install 'innovscale[{extra}]'"
        )
        self.extra = extra
        self.packages = packages
