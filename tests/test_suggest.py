"""_suggest: did-you-mean hints at a bounded cost, the same whatever ran before."""

from __future__ import annotations

import json

import innovscale
from innovscale import _suggest
from innovscale._suggest import MAX_COMPARISONS, closest, one_run


def _organisations(fields: list[str]) -> str:
    records = [
        {"id": f"org-{i}", "name": "Org", "kind": "charity", field: "x"}
        for i, field in enumerate(fields)
    ]
    return json.dumps({"schema_version": "2.0", "id": "b", "title": "B", "organisations": records})


def _hinted(report: innovscale.ValidationReport) -> list[bool]:
    return [
        "Did you mean" in (i.hint or "") for i in report.issues if i.code == "value.unknown_field"
    ]


def test_a_run_pays_for_each_new_word_once():
    with one_run(budget=5) as run:
        assert closest("nmae", ["name", "id"]) == "name"
        assert closest("nmae", ["name", "id"]) == "name"  # asked before: free
        assert run.comparisons == 2
        assert closest("kidn", ["kind", "id"]) == "kind"
        assert closest("tilte", ["title", "id"]) is None  # the budget cannot pay for it
        assert run.remaining == 1
        with one_run() as inner:  # part of the outer run
            assert inner is run


def test_many_misspelt_fields_cost_a_bounded_number_of_comparisons():
    """Every unknown field is reported; hints stop once the run's budget is spent."""
    fields = [f"name_{i}" for i in range(10_000)]  # each would be hinted: all different
    compared = []
    original = _suggest._compare

    def counting(word, candidates):
        compared.append(len(candidates))
        return original(word, candidates)

    _suggest._CACHE.clear()
    _suggest._compare = counting
    try:
        report = innovscale.validate(_organisations(fields))
    finally:
        _suggest._compare = original
    hinted = _hinted(report)
    assert len(hinted) == len(fields)
    assert sum(compared) <= MAX_COMPARISONS
    assert 0 < sum(hinted) < len(fields)
    assert hinted == sorted(hinted, reverse=True)  # the first ones, then none


def test_a_repeated_misspelling_keeps_its_hint_past_the_budget():
    fields = [f"name_{i}" for i in range(6_000)] + ["nmae"] * 100
    hinted = _hinted(innovscale.validate(_organisations(["nmae", *fields])))
    assert hinted[0]
    assert all(hinted[-100:])


def test_hints_do_not_depend_on_what_ran_before():
    """The cache makes a run faster, never different."""
    text = _organisations([f"name_{i}" for i in range(5_000)])
    _suggest._CACHE.clear()
    alone = innovscale.validate(text)
    innovscale.validate(_organisations([f"name_{i}" for i in range(5_000, 9_000)]))
    again = innovscale.validate(text)
    assert [i.hint for i in again.issues] == [i.hint for i in alone.issues]
