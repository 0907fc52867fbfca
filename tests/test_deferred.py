"""The deferred-check queue gives its issues in the order of the facts, however it is swept."""

from __future__ import annotations

from hypothesis import given, strategies as st

from innovscale.validation._deferred import PENDING, Deferred

# A run: each step defers a fact (an int), records an issue found at once (a str),
# makes a fact's target known (so settling it now gives its issue), or sweeps.
steps = st.lists(
    st.one_of(
        st.tuples(st.just("defer"), st.integers(0, 9)),
        st.tuples(st.just("early"), st.integers(0, 9)),
        st.tuples(st.just("know"), st.integers(0, 9)),
        st.tuples(st.just("sweep"), st.just(0)),
    ),
    max_size=40,
)


def _run(run: list[tuple[str, int]], *, sweeping: bool) -> list[str]:
    known: set[int] = set()

    def settle(fact: int) -> object:
        if fact not in known:
            return PENDING
        return None if fact % 3 == 0 else f"fact {fact}"

    queue: Deferred[int, str] = Deferred(settle)
    for step, value in run:
        if step == "defer":
            queue.defer(value)
        elif step == "early":
            queue.settled(f"early {value}")
        elif step == "know":
            known.add(value)
        elif sweeping:
            queue.sweep()
    return list(queue.issues(lambda fact: None if fact % 3 == 0 else f"fact {fact}"))


@given(steps)
def test_sweeping_never_changes_the_issues_or_their_order(run):
    assert _run(run, sweeping=True) == _run(run, sweeping=False)


def test_sweeping_drops_what_is_settled():
    queue: Deferred[int, str] = Deferred(lambda fact: None if fact < 5 else PENDING)
    for fact in range(10):
        queue.defer(fact)
    queue.sweep()
    assert len(queue) == 5
