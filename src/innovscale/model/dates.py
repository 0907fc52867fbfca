"""
Dates as case studies know them: a year, a year and month, or a full date.

>>> from innovscale.model.dates import PartialDate
>>> PartialDate.parse("2009-12").certainly_before(PartialDate.parse("2010"))
True
"""

from __future__ import annotations

import re

import attrs

from innovscale._codes import define
from innovscale.exceptions import InvariantError
from innovscale.model._constraints import (
    DATE_PATTERN,
    MONTH_NAMES,
    date_hint,
    days_in_month,
    is_,
)

__all__ = ["DATE_PATTERN", "PartialDate"]


DATE_INVALID = define(
    "date.invalid",
    tier="schema",
    title="Not a real date",
    explanation=(
        "A date has the right shape but does not exist in the calendar, such as 29 February in a "
        "year that is not a leap year. The JSON Schema pattern allows 29 February in every year, "
        "so only innovscale checks this."
    ),
    example='{"date": "2019-02-29"}',
    fix="Correct the date, or give only the year and month.",
)

_DATE_RE = re.compile(DATE_PATTERN)


@attrs.frozen(order=False)
class PartialDate:
    """
    A calendar date of reduced precision: a year, a year and month, or a full date.

    Case-study facts are often known only to the year ("the first Macmillan nurse,
    1975") or the month; a ``PartialDate`` records exactly what is known.
    It is written to JSON as ISO 8601: ``"1975"``, ``"2009-12"`` or ``"2014-10-01"``.

    >>> PartialDate.parse("2009-12")
    PartialDate(year=2009, month=12, day=None)
    >>> str(PartialDate(year=2014, month=10, day=1))
    '2014-10-01'

    Dates sort in a total order, by year, then month, then day, a date known to the
    year only coming before every date of that year known to the month, and a month
    before its days: ``2018 < 2018-01 < 2018-01-01 < 2018-01-02 < 2018-02 < 2019``. So a
    timeline sorts, with the less precise date first. (Whether one date is *certainly*
    earlier than another is :meth:`certainly_before`.)

    >>> dates = [PartialDate.parse(t) for t in ["2019", "2018-02", "2018", "2018-01-01"]]
    >>> [str(d) for d in sorted(dates)]
    ['2018', '2018-01-01', '2018-02', '2019']

    .. versionchanged:: 0.2.0 Dates compare and sort.
    """

    year: int = attrs.field(validator=is_(minimum=1000, maximum=9999))
    month: int | None = attrs.field(default=None, validator=is_(minimum=1, maximum=12))
    day: int | None = attrs.field(default=None, validator=is_(minimum=1, maximum=31))

    def __attrs_post_init__(self) -> None:
        if self.day is not None:
            if self.month is None:
                raise InvariantError(
                    "a day needs a month", code=DATE_INVALID.code, path=("day",), value=self.day
                )
            last = days_in_month(self.year, self.month)
            if self.day > last:
                raise InvariantError(
                    f"{self} is not a real date",
                    code=DATE_INVALID.code,
                    value=str(self),
                    hint=f"{MONTH_NAMES[self.month - 1]} {self.year} has {last} days.",
                )

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise :class:`InvariantError` if not."""
        if not _DATE_RE.match(text):
            raise InvariantError(
                f"{text!r} is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)",
                code="value.pattern",
                value=text,
                hint=date_hint(text) if len(text) <= 100 else None,
            )
        parts = [int(p) for p in text.split("-")]
        return cls(
            year=parts[0],
            month=parts[1] if len(parts) > 1 else None,
            day=parts[2] if len(parts) > 2 else None,
        )

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """``(year, month, day)`` with ``0`` for what is not known: the order dates sort in."""
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key < other.sort_key

    def __le__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key <= other.sort_key

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key > other.sort_key

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key >= other.sort_key

    @property
    def earliest(self) -> tuple[int, int, int]:
        """The first day the date could mean, as ``(year, month, day)``."""
        return (self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> tuple[int, int, int]:
        """The last day the date could mean, as ``(year, month, day)``."""
        month = self.month or 12
        day = self.day or days_in_month(self.year, month)
        return (self.year, month, day)

    def certainly_before(self, other: PartialDate) -> bool:
        """Whether every day this date could mean is before every day ``other`` could mean."""
        return self.latest < other.earliest
