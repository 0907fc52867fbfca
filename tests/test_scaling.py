"""
The cost of validating grows linearly with the input, for careless and hostile files.

Work is counted, not timed: a profile hook counts every Python and built-in function
call made while validating a case of ``n`` and of ``2n`` units of trouble. Linear work
doubles (n log n a little more); quadratic work quadruples. The cases are the
benchmark suite's (``benchmarks/hostile.py``), where the same sizes are timed.
"""

from __future__ import annotations

import importlib.util
import sys
from typing import TYPE_CHECKING

import pytest

import innovscale
from conftest import ROOT
from innovscale import _json, _suggest
from innovscale._suggest import MAX_COMPARISONS, Suggester
from innovscale.validation._rules import cycles

if TYPE_CHECKING:
    from collections.abc import Callable

_spec = importlib.util.spec_from_file_location("hostile", ROOT / "benchmarks" / "hostile.py")
assert _spec is not None
assert _spec.loader is not None
hostile = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hostile)

#: Doubling the input may at most multiply the work by this (quadratic work gives 4).
MAX_RATIO = 2.4


def calls(action: Callable[[], object]) -> int:
    """How many Python and built-in functions ``action`` calls."""
    count = 0

    def profile(_frame: object, event: str, _arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("case", list(hostile.CASES))
def test_work_grows_linearly(case):
    """Each hostile case costs about twice as much at twice the size, not four times."""
    build = hostile.CASES[case]
    n = 400
    innovscale.validate(build(20))  # caches and imports are paid here, not below
    small, large = build(n), build(2 * n)
    small_report = innovscale.validate(small)
    assert small_report.issues or case == "licence chain"
    _suggest._CACHE.clear()
    work_small = calls(lambda: innovscale.validate(small))
    _suggest._CACHE.clear()
    ratio = calls(lambda: innovscale.validate(large)) / work_small
    assert ratio < MAX_RATIO, f"{case}: doubling the input multiplied the work by {ratio:.2f}"


def test_positions_are_found_once_for_many_issues(monkeypatch):
    """
    Duplicate keys: the line starts are found once per text, not once per issue
    (counting newlines from the start for each of 10⁵ duplicates took 36 s).
    """
    built = []
    original = _json.LineIndex.__init__

    def counting_init(self, text):
        built.append(len(text))
        original(self, text)

    def per_issue(*_args):
        raise AssertionError("a position was counted from the start of the text")

    monkeypatch.setattr(_json.LineIndex, "__init__", counting_init)
    monkeypatch.setattr(_json, "_line_col", per_issue)
    report = innovscale.validate(hostile.duplicate_keys(2_000))
    duplicates = [i for i in report.issues if i.code == "parse.duplicate_key"]
    assert len(duplicates) == 1_999
    assert duplicates[-1].line == 2_002
    assert len(built) == 1


def test_suggestions_have_a_budget():
    """Did-you-mean hints stop when their comparisons would exceed the budget."""
    report = innovscale.validate(hostile.dangling_references(3_000))
    hints = [i.hint or "" for i in report.issues if i.code == "ref.dangling"]
    assert len(hints) == 3_000
    suggested = sum("Did you mean" in h for h in hints)
    # Each suggestion compares against the 3,000 organisations: the budget pays for 16.
    assert 0 < suggested <= MAX_COMPARISONS // 3_000
    assert all("Add the Organisation" in h for h in hints)


def test_suggester_never_compares_long_words():
    """A long word is never compared (difflib's cost is quadratic in its length)."""
    suggester = Suggester()
    assert suggester.closest("x" * 10_000, ["x" * 9_999]) is None
    assert suggester.comparisons == 0


def test_licence_cycles_visit_each_vehicle_once():
    """A chain of vehicles is walked once, and every circle is found once."""
    chain = {f"v{i}": f"v{i - 1}" for i in range(1, 20_000)}
    looked_up = []

    class Counting(dict):
        def get(self, key, default=None):
            looked_up.append(key)
            return super().get(key, default)

    assert list(cycles(Counting(chain))) == []
    assert len(looked_up) < 2 * len(chain)
    circle = {"a": "b", "b": "c", "c": "a", "x": "a", "y": "y"}
    assert list(cycles(circle)) == [["a", "b", "c"], ["y"]]


def test_long_licence_circle_is_abbreviated():
    """A circle of many vehicles is reported once, its message listing the first few."""
    text = hostile.licence_chain(50).replace('"id": "v0"', '"licenses_from": "v49", "id": "v0"')
    (issue,) = innovscale.validate(text).issues
    assert issue.code == "vehicle.licence_cycle"
    assert issue.message.startswith("scaling vehicles license from each other in a circle of 50")
    assert issue.path == ("innovations", 0, "scaling_vehicles", 0, "licenses_from")
    assert len(issue.message) < 400
