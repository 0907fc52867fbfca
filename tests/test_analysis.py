"""Cross-case analysis (innovscale.analysis), and the order of partial dates."""

from __future__ import annotations

import sys

import attrs
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import innovscale
from innovscale import analysis, strategies as ist
from innovscale.exceptions import MissingExtra
from innovscale.model import Adaptation, PartialDate, Period, ReachMeasure
from innovscale.vocab import Enabler, Fidelity, Planning, Qualifier, ReachMetric

SLOW = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)


@pytest.fixture
def example():
    return innovscale.load_example()


def _with_adaptations(base):
    """The example with an adoption of DAFNE, adapted: one core change unjudged."""
    dafne = base.innovation("dafne")
    core = next(e for e in dafne.elements if e.kind.value == "core")
    adaptable = [e for e in dafne.elements if e.kind.value == "adaptable"]
    if not adaptable:
        from innovscale.model import Element
        from innovscale.vocab import ElementKind

        extra = Element(
            id="local-menus", name="Menus", kind=ElementKind.ADAPTABLE, function="Local food"
        )
        adaptable = [extra]
        base = attrs.evolve(
            base,
            innovations=tuple(
                attrs.evolve(i, elements=(*i.elements, extra)) if i.id == "dafne" else i
                for i in base.innovations
            ),
        )
    changes = (
        Adaptation(id="fewer-sessions", description="Fewer sessions", elements=(core.id,)),
        Adaptation(
            id="local-menus",
            description="Local menus",
            elements=(adaptable[0].id,),
            planning=Planning.PLANNED_PROACTIVE,
            fidelity=Fidelity.CONSISTENT,
        ),
        Adaptation(description="Something changed"),
    )
    adoption = base.adoptions[0]
    adopted = attrs.evolve(
        adoption,
        innovation="dafne",
        adaptations=changes,
        period=Period(start=PartialDate(2003)),
    )
    return attrs.evolve(base, adoptions=(adopted, *base.adoptions[1:]))


def test_partial_dates_have_a_total_order_by_precision():
    texts = ["2019", "2018-02", "2018", "2018-01-01", "2018-01", "2018-01-02", "2017-12-31"]
    dates = sorted(PartialDate.parse(t) for t in texts)
    assert [str(d) for d in dates] == [
        "2017-12-31",
        "2018",
        "2018-01",
        "2018-01-01",
        "2018-01-02",
        "2018-02",
        "2019",
    ]
    assert PartialDate(2018) < PartialDate(2018, 1) <= PartialDate(2018, 1)
    assert PartialDate(2019) > PartialDate(2018, 12, 31) >= PartialDate(2018, 12)
    with pytest.raises(TypeError):
        _ = PartialDate(2018) < "2019"


@given(ist.partial_dates(), ist.partial_dates(), ist.partial_dates())
def test_the_order_is_total_and_agrees_with_equality(a, b, c):
    assert (a < b) + (a == b) + (a > b) == 1
    if a <= b <= c:
        assert a <= c
    assert (a == b) == (a.sort_key == b.sort_key)


def test_the_enabler_matrix_has_every_cell(example):
    matrix = analysis.enabler_matrix(example)
    assert len(matrix) == len(example.innovations) * len(Enabler)
    filled = [c for c in matrix if c.claims]
    assert len(filled) == len({(c.innovation, c.enabler) for c in example.enabler_claims})
    for cell in filled:
        claims = [example.get(i) for i in cell.claim_ids]
        assert all(c.innovation == cell.innovation and c.enabler is cell.enabler for c in claims)
        assert cell.evidence == len({e for c in claims for e in c.evidence})
        assert -2 <= cell.score <= 2
    assert all(c.score is None and c.evidence == 0 for c in matrix if not c.claims)


def test_the_timeline_sorts_dated_adoptions_first(example):
    base = _with_adaptations(example)
    rows = analysis.adoption_timeline(base)
    assert len(rows) == len(base.adoptions)
    for innovation in {r.innovation for r in rows}:
        mine = [r for r in rows if r.innovation == innovation]
        dated = [r.start for r in mine if r.start is not None]
        assert dated == sorted(dated)
        seen_undated = False
        for row in mine:
            seen_undated = seen_undated or row.start is None
            assert not (seen_undated and row.start is not None)


def test_time_to_scale_counts_dated_sites_only(example):
    base = _with_adaptations(example)
    extra = [
        attrs.evolve(
            a, id=f"{a.id}-{n}", innovation="dafne", period=Period(start=PartialDate(2003 + n))
        )
        for n, a in enumerate(base.adoptions[1:4], 1)
    ]
    base = attrs.evolve(base, adoptions=(*base.adoptions, *extra), reach_measures=())
    (row,) = [r for r in analysis.time_to_scale(base, sites=3) if r.innovation == "dafne"]
    assert (str(row.first), str(row.reached), row.basis, row.years) == (
        "2003",
        "2005",
        "adoptions",
        2.0,
    )
    (never,) = [r for r in analysis.time_to_scale(base, sites=50) if r.innovation == "dafne"]
    assert never.reached is None
    assert never.years is None
    assert never.dated == 4


def test_conflicting_reach_figures_are_kept_side_by_side(example):
    first = example.reach_measures[0]
    other = attrs.evolve(first, id="another-count", value=first.value + 7, sources=first.sources)
    base = attrs.evolve(example, reach_measures=(*example.reach_measures, other))
    points = {p.record: p for p in analysis.reach_series(base)}
    assert points[first.id].conflicts == ("another-count",)
    assert points["another-count"].conflicts == (first.id,)
    found = [f for f in analysis.fitness(base) if f.code == "fit.reach_conflict"]
    assert {f.record for f in found} == {first.id, "another-count"}


def test_adaptations_count_unknowns_as_unknown(example):
    base = _with_adaptations(example)
    rows = analysis.adaptations(base)
    assert [r.touches_core for r in rows] == [True, False, None]
    assert rows[2].adaptation == "#3"
    (summary,) = [s for s in analysis.fidelity_summary(base) if s.innovation == "dafne"]
    assert (
        summary.adaptations,
        summary.core,
        summary.adaptable_only,
        summary.elements_unknown,
    ) == (
        3,
        1,
        1,
        1,
    )
    assert (summary.planned, summary.planning_unknown) == (1, 2)
    assert (summary.consistent, summary.fidelity_unknown, summary.core_fidelity_unknown) == (
        1,
        2,
        1,
    )
    assert summary.natures == {"unknown": 3}
    found = [f for f in analysis.fitness(base) if f.code == "fit.core_fidelity_unknown"]
    assert [f.record for f in found] == [f"{base.adoptions[0].id}#fewer-sessions"]


def test_the_evidence_map_covers_every_record_once(example):
    cells = analysis.evidence_map(example)
    assert sum(c.count for c in cells) == len(example.evidence)
    assert sorted(e for c in cells for e in c.evidence) == sorted(e.id for e in example.evidence)
    for cell in cells:
        assert (
            cell.ungraded + sum(1 for e in cell.evidence if example.get(e).gradings) == cell.count
        )


def test_fitness_checks_have_stable_codes_and_scores(example):
    findings = analysis.fitness(example)
    assert {f.code for f in findings} <= set(analysis.FITNESS_CHECKS)
    assert all(f.severity == analysis.FITNESS_CHECKS[f.code].severity for f in findings)
    scores = {s.innovation: s for s in analysis.fitness_scores(example)}
    assert set(scores) == {i.id for i in example.innovations}
    for score in scores.values():
        assert 0 <= score.score <= 100
        assert score.failed == sum(score.codes.values())
    # Describing every TIDieR item removes those findings for the innovation.
    from innovscale.model import Description

    full = Description(**dict.fromkeys(analysis._TIDIER, "stated"))
    innovation = attrs.evolve(example.innovations[0], description=full)
    better = attrs.evolve(example, innovations=(innovation, *example.innovations[1:]))
    before = scores[innovation.id]
    after = {s.innovation: s for s in analysis.fitness_scores(better)}[innovation.id]
    assert after.score > before.score
    assert "fit.tidier_missing" not in after.codes


def test_an_undated_unsourced_figure_is_unfit(example):
    measure = ReachMeasure(
        id="bare-count",
        innovation=example.innovations[0].id,
        metric=ReachMetric.SITES,
        value=12,
        qualifier=Qualifier.EXACT,
        sources=(example.sources[0].id,),
    )
    base = attrs.evolve(example, reach_measures=(*example.reach_measures, measure))
    codes = {f.code for f in analysis.fitness(base) if f.record == "bare-count"}
    assert codes == {"fit.reach_undated", "fit.reach_no_denominator"}


@SLOW
@given(ist.evidence_bases(), st.integers(min_value=1, max_value=5))
def test_every_analysis_takes_any_valid_base(base, sites):
    for function in (
        analysis.enabler_matrix,
        analysis.adoption_timeline,
        analysis.reach_series,
        analysis.adaptations,
        analysis.fidelity_summary,
        analysis.evidence_map,
        analysis.fitness,
        analysis.fitness_scores,
    ):
        table = function(base)
        assert len(table.to_records()) == len(table)
    assert len(analysis.time_to_scale(base, sites=sites)) == len(base.innovations)


def test_tables_become_data_frames(example):
    pandas = pytest.importorskip("pandas")
    frame = analysis.enabler_matrix(example).to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns)[:2] == ["innovation", "enabler"]
    assert frame["enabler"].iloc[0] == next(iter(Enabler)).code


def test_without_pandas_it_says_what_to_install(example, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtra, match=r"innovscale\[analysis\]"):
        analysis.evidence_map(example).to_pandas()
