"""
"Did you mean …?" suggestions at a bounded cost.

Every suggestion compares one word with candidates (with :mod:`difflib`), so a file
with many wrong words and many candidates would cost their product. Two bounds keep
it linear in the input: words and candidates longer than :data:`MAX_WORD` characters
are never compared (their comparison is quadratic in their length), and a
:class:`Suggester` has a budget of comparisons for one run; once it is spent, hints
simply leave the suggestion out.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Collection

__all__ = ["MAX_COMPARISONS", "MAX_WORD", "Suggester", "closest"]

#: Words longer than this are never compared.
MAX_WORD = 100
#: Comparisons one :class:`Suggester` makes before it stops suggesting.
MAX_COMPARISONS = 50_000


def closest(word: str, candidates: Collection[str]) -> str | None:
    """
    The candidate most like ``word``, if one is close; for small, fixed sets of
    candidates (vocabulary codes, field names, record types).
    """
    if len(word) > MAX_WORD:
        return None
    return _closest(word, tuple(candidates))


def _compare(word: str, candidates: Collection[str]) -> str | None:
    """
    The closest candidate by :mod:`difflib`; failing that, one the word spells in
    other case, or extends with a separator (short names are too short for difflib).

    >>> _compare("n_x", ["n", "value"]), _compare("Label", ["label"])
    ('n', 'label')
    """
    import difflib  # noqa: PLC0415 - only for a hint: off the import path

    usable = [c for c in candidates if len(c) <= MAX_WORD]
    close = difflib.get_close_matches(word, usable, n=1)
    if close:
        return close[0]
    folded = word.casefold()
    extended = [
        c
        for c in usable
        if c.casefold() == folded
        or folded.startswith((c.casefold() + "_", c.casefold() + "-"))
        or folded.endswith(("_" + c.casefold(), "-" + c.casefold()))
    ]
    return max(extended, key=len) if extended else None


#: Cached for the small, fixed sets: a careless file repeats one misspelling many times.
_closest = functools.lru_cache(maxsize=1024)(_compare)


class Suggester:
    """
    Suggestions drawn from candidates that grow with the input (record ids), sharing
    one budget of :data:`MAX_COMPARISONS` comparisons.

    >>> suggester = Suggester(budget=3)
    >>> suggester.closest("dafen", ["dafne", "eras"])
    'dafne'
    >>> suggester.closest("dafen", ["dafne", "eras"]) is None  # one comparison left
    True
    """

    __slots__ = ("comparisons", "remaining")

    def __init__(self, budget: int = MAX_COMPARISONS) -> None:
        self.remaining = budget
        #: Comparisons made so far (the tests count them).
        self.comparisons = 0

    def closest(self, word: str, candidates: Collection[str]) -> str | None:
        """Like :func:`closest`, or ``None`` once the budget cannot pay for ``candidates``."""
        if len(word) > MAX_WORD or len(candidates) > self.remaining:
            return None
        self.remaining -= len(candidates)
        self.comparisons += len(candidates)
        return _compare(word, candidates)
