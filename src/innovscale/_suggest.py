"""
"Did you mean …?" suggestions at a bounded cost.

Every suggestion compares one word with candidates (with :mod:`difflib`), so a file
with many wrong words and many candidates would cost their product. Three bounds keep
it linear in the input, and cheap: words and candidates longer than :data:`MAX_WORD`
characters are never compared (their comparison is quadratic in their length); a
:class:`Suggester` has a budget of comparisons for the ids of one run; and the
suggestions from small fixed sets (field names, codes) made inside :func:`one_run`
share another, so 200,000 unknown fields cost no more hints than 3,000. Once a
budget is spent, hints simply leave the suggestion out; a word already suggested for
is answered from a cache at no cost.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Collection, Iterator

__all__ = ["MAX_COMPARISONS", "MAX_WORD", "Suggester", "closest", "one_run"]

#: Words longer than this are never compared.
MAX_WORD = 100
#: Comparisons one :class:`Suggester` makes before it stops suggesting.
MAX_COMPARISONS = 50_000


_SEPARATORS = re.compile(r"[\s\-]+")

#: Suggestions kept, for the small fixed sets: a careless file repeats one misspelling.
_CACHE: dict[tuple[str, tuple[str, ...]], str | None] = {}
_CACHE_SIZE = 1024
_MISSING = object()
#: The budget of the run under way (see :func:`one_run`), if any.
_RUN: contextvars.ContextVar[Suggester | None] = contextvars.ContextVar(
    "innovscale_suggestions", default=None
)


def closest(word: str, candidates: Collection[str]) -> str | None:
    """
    The candidate most like ``word``, if one is close; for small, fixed sets of
    candidates (vocabulary codes, field names, record types).

    Inside :func:`one_run`, each word the run has not asked about yet is paid for from
    the run's budget; once it is spent, the answer for a new word is ``None``.

    >>> closest("tilte", ["title", "id"]), closest("zzz", ["title", "id"])
    ('title', None)
    """
    if len(word) > MAX_WORD:
        return None
    key = (word, tuple(candidates))
    run = _RUN.get()
    if run is None:
        return _cached(key)
    # What a run suggests depends only on the run, never on what ran before it:
    # a word it has seen is answered again, a new one is paid for.
    seen = run.seen.get(key, _MISSING)
    if seen is not _MISSING:
        return seen  # type: ignore[return-value]
    if len(key[1]) > run.remaining:
        return None
    run.remaining -= len(key[1])
    run.comparisons += len(key[1])
    result = run.seen[key] = _cached(key)
    return result


def _cached(key: tuple[str, tuple[str, ...]]) -> str | None:
    found = _CACHE.get(key, _MISSING)
    if found is not _MISSING:
        return found  # type: ignore[return-value]
    result = _compare(*key)
    if len(_CACHE) >= _CACHE_SIZE:
        del _CACHE[next(iter(_CACHE))]  # the oldest
    _CACHE[key] = result
    return result


@contextlib.contextmanager
def one_run(budget: int = MAX_COMPARISONS) -> Iterator[Suggester]:
    """
    One validation or load: :func:`closest` shares one budget of ``budget``
    comparisons until the block ends. Nested runs are part of the outer one.

    >>> with one_run(budget=2) as run:
    ...     closest("tilte", ["title", "id"]), closest("nmae", ["name", "id"])
    ('title', None)
    >>> run.comparisons
    2
    """
    outer = _RUN.get()
    if outer is not None:
        yield outer
        return
    run = Suggester(budget)
    token = _RUN.set(run)
    try:
        yield run
    finally:
        _RUN.reset(token)


def _compare(word: str, candidates: Collection[str]) -> str | None:
    """
    The closest candidate by :mod:`difflib`; failing that, one the word spells in
    other case, or extends with a separator (short names are too short for difflib).

    A candidate the word spells with other case and with spaces or hyphens for its
    underscores (a code's label typed into a spreadsheet) comes first.

    >>> _compare("n_x", ["n", "value"]), _compare("Label", ["label"])
    ('n', 'label')
    >>> _compare("NHS Trust", ["nhs_trust", "charity"]), _compare("gp-practice", ["gp_practice"])
    ('nhs_trust', 'gp_practice')
    """
    import difflib  # noqa: PLC0415 - only for a hint: off the import path

    usable = [c for c in candidates if len(c) <= MAX_WORD]
    spelt = _SEPARATORS.sub("_", word.strip()).casefold()
    for candidate in usable:
        if candidate != word and _SEPARATORS.sub("_", candidate).casefold() == spelt:
            return candidate
    close = difflib.get_close_matches(word, usable, n=1)
    if close:
        return close[0]
    folded = word.casefold()
    extended = [
        c
        for c, same, starts, ends in _folded(tuple(usable))
        if folded == same or folded.startswith(starts) or folded.endswith(ends)
    ]
    return max(extended, key=len) if extended else None


@functools.lru_cache(maxsize=256)
def _folded(
    candidates: tuple[str, ...],
) -> tuple[tuple[str, str, tuple[str, str], tuple[str, str]], ...]:
    """Each candidate with its case-folded forms: itself, as a prefix, as a suffix."""
    out = []
    for c in candidates:
        f = c.casefold()
        out.append((c, f, (f + "_", f + "-"), ("_" + f, "-" + f)))
    return tuple(out)


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

    __slots__ = ("comparisons", "remaining", "seen")

    def __init__(self, budget: int = MAX_COMPARISONS) -> None:
        self.remaining = budget
        #: What :func:`closest` suggested in the run, for the words already asked about.
        self.seen: dict[tuple[str, tuple[str, ...]], str | None] = {}
        #: Comparisons made so far (the tests count them).
        self.comparisons = 0

    def closest(self, word: str, candidates: Collection[str]) -> str | None:
        """Like :func:`closest`, or ``None`` once the budget cannot pay for ``candidates``."""
        if len(word) > MAX_WORD or len(candidates) > self.remaining:
            return None
        self.remaining -= len(candidates)
        self.comparisons += len(candidates)
        return _compare(word, candidates)
