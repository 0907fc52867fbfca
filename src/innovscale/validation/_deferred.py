"""
Checks that must wait: facts about records not seen yet, settled in the order found.

The integrity tier meets a reference before the record it names, in a document or a
JSON Lines stream; it keeps the fact (:meth:`Deferred.defer`) and settles it when it
can. The issues come out in the order of the facts they are about, whether a fact was
settled at once (:meth:`Deferred.settled`), while the stream went on
(:meth:`Deferred.sweep`), or at the end (:meth:`Deferred.issues`).

>>> seen = {"a"}
>>> queue = Deferred(lambda fact: None if fact in seen else f"{fact} is missing")
>>> queue.defer("b")
>>> queue.settled("an issue found at once")
>>> queue.defer("c")
>>> seen.add("b")
>>> list(queue.issues(lambda fact: None if fact in seen else f"{fact} is missing"))
['an issue found at once', 'c is missing']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

__all__ = ["PENDING", "Deferred"]

F = TypeVar("F")
I = TypeVar("I")  # noqa: E741 - the issue type

#: What a settling function returns for a fact that cannot be settled yet.
PENDING: Any = object()


class Deferred(Generic[F, I]):
    """
    One kind of deferred check: its pending facts, and the issues found before them.

    ``settle`` gives, for a fact, :data:`PENDING` (not yet), its issue, or ``None``
    (no issue); it is used by :meth:`sweep`.
    """

    __slots__ = ("_early", "_pending", "_settle")

    def __init__(self, settle: Callable[[F], Any]) -> None:
        self._pending: list[F] = []
        #: Issues found at once, each with the number of facts pending when it was found.
        self._early: list[tuple[int, I]] = []
        self._settle = settle

    def __len__(self) -> int:
        """How many facts are pending."""
        return len(self._pending)

    def defer(self, fact: F) -> None:
        """Keep ``fact`` until it can be settled."""
        self._pending.append(fact)

    def settled(self, issue: I) -> None:
        """An issue found at once, placed after the facts deferred so far."""
        self._early.append((len(self._pending), issue))

    def sweep(self) -> None:
        """
        Settle the facts that can be settled now and drop them, keeping the order of
        the issues :meth:`issues` gives.
        """
        kept: list[F] = []
        early: list[tuple[int, I]] = []
        found = self._early
        position = 0
        for index, fact in enumerate(self._pending):
            while position < len(found) and found[position][0] <= index:
                early.append((len(kept), found[position][1]))
                position += 1
            outcome = self._settle(fact)
            if outcome is PENDING:
                kept.append(fact)
            elif outcome is not None:
                early.append((len(kept), outcome))
        early.extend((len(kept), issue) for _, issue in found[position:])
        self._pending, self._early = kept, early

    def issues(self, resolve: Callable[[F], I | None]) -> Iterator[I]:
        """Every issue, in the order of the facts: ``resolve`` settles what is still pending."""
        early = self._early
        position = 0
        for index, fact in enumerate(self._pending):
            while position < len(early) and early[position][0] <= index:
                yield early[position][1]
                position += 1
            issue = resolve(fact)
            if issue is not None:
                yield issue
        for _, issue in early[position:]:
            yield issue
