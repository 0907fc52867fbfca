"""Tests for innovscale.model: invariants in Python, partial dates, and the evidence base."""

from __future__ import annotations

import calendar
import pickle
from typing import Any

import attrs
import pytest
from hypothesis import given, strategies as st

from innovscale import InvariantError, strategies
from innovscale.model import (
    RECORD_COLLECTIONS,
    SCHEMA_VERSION,
    About,
    Adaptation,
    Adoption,
    Element,
    EnablerClaim,
    EngagementActivity,
    Evidence,
    EvidenceBase,
    Funding,
    Grading,
    Innovation,
    Maintainer,
    Organisation,
    Outcome,
    PartialDate,
    Period,
    PolicyLever,
    ReachMeasure,
    ScalingVehicle,
    SiteReach,
    Source,
    Support,
    base as base_module,
)
from innovscale.model._constraints import Constraints, is_
from innovscale.vocab import (
    AdaptationGoal,
    AdoptionStage,
    BusinessModel,
    Direction,
    ElementKind,
    Enabler,
    EngagementKind,
    EvidenceDesign,
    EvidenceRole,
    GradingScheme,
    InnovationKind,
    LeverKind,
    OrganisationKind,
    ReachMetric,
    SourceKind,
    SupportKind,
    VehicleType,
)

CORE = Element(id="core", name="Core", kind=ElementKind.CORE, function="Does the job.")
ADAPTABLE = Element(
    id="flex", name="Flex", kind=ElementKind.ADAPTABLE, function="Fits.", variation="Any."
)


def innovation(**changes: Any) -> Innovation:
    fields: dict[str, Any] = {
        "id": "dafne",
        "name": "DAFNE",
        "kind": InnovationKind.PROGRAMME,
        "summary": "A course.",
        "elements": (CORE, ADAPTABLE),
    }
    return Innovation(**{**fields, **changes})


def broken(build: Any, **fields: Any) -> InvariantError:
    """The InvariantError building ``build(**fields)`` raises."""
    with pytest.raises(InvariantError) as caught:
        build(**fields)
    return caught.value


class TestInvariants:
    """Building an object in Python fails with the same codes as loading it from JSON."""

    @pytest.mark.parametrize(
        ("build", "fields", "code", "path"),
        [
            (innovation, {"id": "Not An Id"}, "value.pattern", ("id",)),
            (innovation, {"id": "a" * 101}, "value.maxLength", ("id",)),
            (innovation, {"name": ""}, "value.minLength", ("name",)),
            (innovation, {"aliases": ("A", "A")}, "value.uniqueItems", ("aliases",)),
            (innovation, {"aliases": ("A", "")}, "value.minLength", ("aliases", 1)),
            (innovation, {"sources": ("ok", "NOT OK")}, "value.pattern", ("sources", 1)),
            (innovation, {"elements": ()}, "value.minItems", ("elements",)),
            (innovation, {"elements": (ADAPTABLE,)}, "innovation.no_core_element", ("elements",)),
            (innovation, {"kind": InnovationKind.OTHER}, "value.other_text", ("kind_other",)),
            (innovation, {"kind_other": "A kind"}, "value.other_text", ("kind_other",)),
            (innovation, {"url": "www.example.org"}, "value.pattern", ("url",)),
            (
                innovation,
                {"extensions": {"priority": 1}},
                "value.pattern",
                ("extensions", "priority"),
            ),
            (
                Element,
                {
                    "id": "e",
                    "name": "E",
                    "kind": ElementKind.CORE,
                    "function": "F",
                    "variation": "V",
                },
                "element.variation_on_core",
                ("variation",),
            ),
            (
                ScalingVehicle,
                {
                    "id": "v",
                    "organisation": "o",
                    "type": VehicleType.SPIN_OUT,
                    "licenses_from": "v",
                },
                "vehicle.licenses_itself",
                ("licenses_from",),
            ),
            (
                ScalingVehicle,
                {
                    "id": "v",
                    "organisation": "o",
                    "type": VehicleType.SPIN_OUT,
                    "business_model": (BusinessModel("other"),),
                },
                "value.other_text",
                ("business_model_other",),
            ),
            (
                Period,
                {"start": PartialDate(2010), "end": PartialDate(2009, 12)},
                "period.reversed",
                ("end",),
            ),
            (Funding, {"amount": -0.01, "currency": "GBP"}, "value.minimum", ("amount",)),
            (Funding, {"amount": 10.0}, "funding.amount_without_currency", ("currency",)),
            (Funding, {"currency": "gbp"}, "value.pattern", ("currency",)),
            (Funding, {"months": -1}, "value.minimum", ("months",)),
            (Outcome, {"measure": "m", "low": 2.0, "high": 1.0}, "outcome.interval", ("value",)),
            (Outcome, {"measure": "m", "value": 3.0, "high": 1.0}, "outcome.interval", ("value",)),
            (Outcome, {"measure": "m", "value": float("nan")}, "value.not_finite", ("value",)),
            (Outcome, {"measure": "m", "low": float("-inf")}, "value.not_finite", ("low",)),
            (Outcome, {"measure": "m", "sample_size": -1}, "value.minimum", ("sample_size",)),
            (
                Grading,
                {"scheme": GradingScheme.NESTA, "level": "high"},
                "grading.level",
                ("level",),
            ),
            (
                Grading,
                {"scheme": GradingScheme.OTHER, "level": "A"},
                "value.other_text",
                ("scheme_other",),
            ),
            (About, {}, "evidence.about_nothing", ()),
            (About, {"elements": ("no-hash",)}, "value.pattern", ("elements", 0)),
            (
                Adaptation,
                {"description": "d", "goals": (AdaptationGoal("other"),)},
                "value.other_text",
                ("goals_other",),
            ),
            (Support, {"kind": SupportKind("other")}, "value.other_text", ("kind_other",)),
            (SiteReach, {"metric": ReachMetric.SITES, "value": -1.0}, "value.minimum", ("value",)),
            (
                ReachMeasure,
                {
                    "id": "r",
                    "innovation": "i",
                    "metric": ReachMetric.SITES,
                    "value": 1.0,
                    "sources": (),
                },
                "value.minItems",
                ("sources",),
            ),
            (
                PolicyLever,
                {
                    "id": "l",
                    "name": "L",
                    "kind": LeverKind("target"),
                    "innovations": ("i",),
                    "supersedes": "l",
                },
                "lever.supersedes_itself",
                ("supersedes",),
            ),
            (
                PolicyLever,
                {"id": "l", "name": "L", "kind": LeverKind("target"), "innovations": ()},
                "value.minItems",
                ("innovations",),
            ),
            (
                Organisation,
                {"id": "o", "name": "O", "kind": OrganisationKind.CHARITY, "country": "UK-ENGLAND"},
                "value.pattern",
                ("country",),
            ),
            (
                Source,
                {"id": "s", "kind": SourceKind.REPORT, "title": "T", "doi": "doi:10.1/x"},
                "value.pattern",
                ("doi",),
            ),
            (Maintainer, {"name": "M", "email": "m@localhost"}, "value.pattern", ("email",)),
            (
                EvidenceBase,
                {"id": "b", "title": "T", "schema_version": "0.9"},
                "value.const",
                ("schema_version",),
            ),
            (PartialDate, {"year": 999}, "value.minimum", ("year",)),
            (PartialDate, {"year": 2000, "month": 13}, "value.maximum", ("month",)),
            (PartialDate, {"year": 2000, "day": 1}, "date.invalid", ("day",)),
            (PartialDate, {"year": 2023, "month": 2, "day": 29}, "date.invalid", ()),
        ],
    )
    def test_counter_examples(self, build, fields, code, path):
        """Each invariant rejects a counter-example with its code, path and a hint or message."""
        error = broken(build, **fields)
        assert (error.code, error.path) == (code, path)
        assert error.message
        assert error.field == (str(path[0]) if path else None)

    def test_error_text(self):
        """An InvariantError reads 'message @ path' and carries the value and a hint."""
        error = broken(innovation, id="Not An Id")
        assert str(error).startswith("must be an identifier")
        assert str(error).endswith("@ $.id")
        assert error.value == "Not An Id"
        assert "lower-case" in error.hint

    def test_leap_day(self):
        """29 February exists in leap years only."""
        assert str(PartialDate(year=2024, month=2, day=29)) == "2024-02-29"
        assert broken(PartialDate, year=2100, month=2, day=29).hint == "February 2100 has 28 days."

    def test_frozen_and_keyword_only(self):
        """Model objects are immutable and built with keywords."""
        value = innovation()
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            value.name = "x"  # type: ignore[misc]
        with pytest.raises(TypeError):
            Element("e", "E", ElementKind.CORE, "F")  # type: ignore[misc]

    def test_evolve_checks_again(self):
        """attrs.evolve runs the invariants again."""
        with pytest.raises(InvariantError):
            attrs.evolve(innovation(), elements=(ADAPTABLE,))

    @given(strategies.records())
    def test_records_are_hashable_and_picklable(self, record):
        """Records hash (extensions aside) and survive pickling."""
        assert hash(record) == hash(attrs.evolve(record, extensions={"x:y": [1]}))
        assert pickle.loads(pickle.dumps(record)) == record  # noqa: S301


class TestConstraints:
    def test_schema(self):
        """A Constraints validator shows its keywords as JSON Schema, items folded in."""
        assert is_(minLength=1).schema() == {"minLength": 1}
        assert is_(uniqueItems=True, items={"pattern": "^a$"}).schema() == {
            "uniqueItems": True,
            "items": {"pattern": "^a$"},
        }

    def test_none_passes(self):
        """None is not checked: optionality is the field's default."""
        constraint = Constraints(keywords={"minLength": 1})
        field = attrs.fields(Outcome).unit
        constraint(None, field, None)
        with pytest.raises(InvariantError):
            constraint(None, field, "")


_ENGLISH_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


class TestPartialDate:
    @pytest.mark.parametrize("text", ["1975", "2009-12", "2014-10-01", "2024-02-29", "9999-12-31"])
    def test_parse_and_str(self, text):
        """Dates read and write as ISO 8601 of their precision."""
        assert str(PartialDate.parse(text)) == text

    @pytest.mark.parametrize(
        "text",
        [
            "75",
            "0999",
            "2009-13",
            "2009-1",
            "2014-10-32",
            "2014-04-31",
            "2009/12",
            "2009-12 ",
            " 2009",
            "2009\n",
            "2023-02-30",
        ],
    )
    def test_not_dates(self, text):
        """Anything but YYYY, YYYY-MM or YYYY-MM-DD is a value.pattern error."""
        assert broken(PartialDate.parse, text=text).code == "value.pattern"

    def test_bounds(self):
        """earliest and latest are the first and last day a date can mean."""
        assert PartialDate(year=2008).earliest == (2008, 1, 1)
        assert PartialDate(year=2008).latest == (2008, 12, 31)
        assert PartialDate(year=2008, month=2).latest == (2008, 2, 29)
        assert PartialDate(year=2008, month=2, day=3).latest == (2008, 2, 3)

    def test_certainly_before(self):
        """A date is certainly before another only if every day it can mean is earlier."""
        assert PartialDate(2008).certainly_before(PartialDate(2009))
        assert not PartialDate(2009).certainly_before(PartialDate(2009, 1))
        assert not PartialDate(2009, 1).certainly_before(PartialDate(2009))
        assert PartialDate(2009, 1, 31).certainly_before(PartialDate(2009, 2))

    @given(st.integers(1000, 9999), st.integers(1, 12), st.integers(1, 31))
    def test_real_dates_are_the_calendars(self, year, month, day):
        """A day is accepted exactly when the calendar has it; the hint names the month in English."""
        last = calendar.monthrange(year, month)[1]
        text = f"{year:04d}-{month:02d}-{day:02d}"
        if day <= last:
            assert PartialDate.parse(text).latest == (year, month, day)
            assert PartialDate(year, month).latest == (year, month, last)
        else:
            issue = broken(PartialDate.parse, text=text)
            assert issue.hint.startswith(f"{_ENGLISH_MONTHS[month - 1]} {year} has {last} days.")

    @given(strategies.partial_dates())
    def test_round_trip_text(self, date):
        """parse(str(date)) == date."""
        assert PartialDate.parse(str(date)) == date
        assert date.earliest <= date.latest

    @given(strategies.periods())
    def test_periods_from_partial_dates(self, period):
        """A period overlapping at month precision is not reversed."""
        if period.start and period.end:
            assert not period.end.certainly_before(period.start)

    def test_open_periods(self):
        """A period may be open at either end, or both."""
        assert Period() == Period(start=None, end=None)
        assert Period(end=PartialDate(1990)).start is None


class TestRecords:
    def test_innovation_elements(self):
        """Elements are found by id and split into core and adaptable."""
        value = innovation()
        assert value.element("flex") is ADAPTABLE
        assert value.core_elements == (CORE,)
        assert value.adaptable_elements == (ADAPTABLE,)
        with pytest.raises(KeyError, match="dafne has no element 'nope'"):
            value.element("nope")

    @given(st.booleans(), st.booleans(), st.booleans(), st.booleans())
    def test_four_s(self, social, situated, sustained, question):
        """four_s counts the 4S features an activity has."""
        activity = EngagementActivity(
            id="a",
            name="A",
            kind=EngagementKind("journal_club"),
            social=social,
            situated=situated,
            sustained=sustained,
            starts_with_learner_question=question,
        )
        assert activity.four_s == sum((social, situated, sustained, question))

    def test_defaults(self):
        """Optional fields default to None, (), {} or the documented code."""
        adoption = Adoption(id="a", innovation="i", adopter="o", stage=AdoptionStage.EXPLORING)
        assert adoption.adaptations == ()
        assert adoption.extensions == {}
        assert adoption.claim_status.code == "reported"
        assert Adaptation(description="d").fidelity.code == "unknown"
        assert EvidenceBase(id="b", title="T").schema_version == SCHEMA_VERSION


# -- The evidence base ---------------------------------------------------------------------


def small_base() -> EvidenceBase:
    other = innovation(id="other", elements=(CORE,))
    return EvidenceBase(
        id="base",
        title="Base",
        sources=(Source(id="s", kind=SourceKind.REPORT, title="S"),),
        organisations=(Organisation(id="org", name="Org", kind=OrganisationKind.CHARITY),),
        innovations=(innovation(), other),
        adoptions=(
            Adoption(id="a1", innovation="dafne", adopter="org", stage=AdoptionStage.SUSTAINING),
            Adoption(id="a2", innovation="other", adopter="org", stage=AdoptionStage.EXPLORING),
            Adoption(id="a3", innovation="dafne", adopter="org", stage=AdoptionStage.PREPARING),
        ),
        enabler_claims=(
            EnablerClaim(id="c1", innovation="dafne", enabler=Enabler.COMMISSIONING, narrative="N"),
            EnablerClaim(id="c2", innovation="other", enabler=Enabler.COMMISSIONING, narrative="N"),
        ),
        policy_levers=(
            PolicyLever(
                id="l1", name="L", kind=LeverKind("target"), innovations=("dafne", "other")
            ),
        ),
        engagement_activities=(
            EngagementActivity(
                id="e1",
                name="E",
                kind=EngagementKind("journal_club"),
                innovations=("other",),
                social=True,
                situated=True,
                sustained=False,
                starts_with_learner_question=False,
            ),
        ),
        evidence=(
            Evidence(
                id="ev1",
                about=About(elements=("dafne#core",), adoptions=("a1",)),
                design=EvidenceDesign("rct"),
                roles=(EvidenceRole("efficacy"),),
                finding="F",
                direction=Direction("supports"),
                citation="s",
            ),
        ),
        reach_measures=(
            ReachMeasure(
                id="r1", innovation="dafne", metric=ReachMetric.SITES, value=3.0, sources=("s",)
            ),
        ),
    )


class TestEvidenceBase:
    def test_lookups(self):
        """get, the typed lookups and `in` find records by id, whatever their type."""
        base = small_base()
        assert base.get("org").name == "Org"
        assert base.innovation("dafne").id == "dafne"
        assert base.source("s").title == "S"
        assert base.organisation("org").kind is OrganisationKind.CHARITY
        assert base.adoption("a2").innovation == "other"
        assert base.element("dafne#flex") is ADAPTABLE
        assert "ev1" in base
        assert "nope" not in base
        assert 1 not in base

    @pytest.mark.parametrize(
        ("call", "arg", "message"),
        [
            ("get", "nope", "no record with id 'nope'"),
            ("innovation", "org", "'org' is an Organisation, not an Innovation"),
            ("adoption", "nope", "no record with id 'nope'"),
            ("element", "dafne#nope", "dafne has no element 'nope'"),
            ("element", "org#core", "'org' is an Organisation"),
        ],
    )
    def test_missing(self, call, arg, message):
        """A missing or wrongly typed id is a KeyError that says which."""
        with pytest.raises(KeyError, match=message):
            getattr(small_base(), call)(arg)

    def test_reverse_links(self):
        """Reverse links list the records pointing at an innovation, element or enabler."""
        base = small_base()
        assert [a.id for a in base.adoptions_of("dafne")] == ["a1", "a3"]
        assert [c.id for c in base.claims_about("other")] == ["c2"]
        assert [c.id for c in base.claims_for(Enabler.COMMISSIONING)] == ["c1", "c2"]
        assert base.claims_for(Enabler.COMMISSIONING.code) == base.claims_for(Enabler.COMMISSIONING)
        assert [e.id for e in base.evidence_about("dafne#core")] == ["ev1"]
        assert [e.id for e in base.evidence_about("a1")] == ["ev1"]
        assert [lever.id for lever in base.levers_for("other")] == ["l1"]
        assert [m.id for m in base.reach_of("dafne")] == ["r1"]
        assert [a.id for a in base.activities_for("other")] == ["e1"]
        assert base.adoptions_of("nope") == ()
        assert base.evidence_about("dafne") == ()

    @given(strategies.evidence_bases())
    def test_reverse_links_agree_with_a_scan(self, base):
        """Every lookup and reverse link equals a plain scan of the records."""
        for record in base.records():
            assert base.get(record.id) is record
            assert record.id in base
        for innovation in base.innovations:
            i = innovation.id
            assert base.adoptions_of(i) == tuple(a for a in base.adoptions if a.innovation == i)
            assert base.claims_about(i) == tuple(
                c for c in base.enabler_claims if c.innovation == i
            )
            assert base.levers_for(i) == tuple(
                lv for lv in base.policy_levers if i in lv.innovations
            )
            assert base.reach_of(i) == tuple(m for m in base.reach_measures if m.innovation == i)
            assert base.activities_for(i) == tuple(
                a for a in base.engagement_activities if i in a.innovations
            )
            assert base.evidence_about(i) == tuple(
                e for e in base.evidence if i in e.about.innovations
            )
            for element in innovation.elements:
                ref = f"{i}#{element.id}"
                assert base.element(ref) == element
                assert base.evidence_about(ref) == tuple(
                    e for e in base.evidence if ref in e.about.elements
                )
        for enabler in Enabler:
            assert base.claims_for(enabler) == tuple(
                c for c in base.enabler_claims if c.enabler is enabler
            )

    def test_index_is_built_once(self, monkeypatch):
        """The index behind lookups is built on first use and then reused."""
        calls = []
        real = base_module._build_index

        def counting(base: EvidenceBase) -> Any:
            calls.append(base)
            return real(base)

        monkeypatch.setattr(base_module, "_build_index", counting)
        base = small_base()
        assert calls == []
        for _ in range(3):
            base.get("org")
            base.adoptions_of("dafne")
            base.evidence_about("dafne#core")
            assert "s" in base
        assert len(calls) == 1
        copy = attrs.evolve(base, title="Copy")
        copy.get("org")
        assert len(calls) == 2

    def test_index_does_not_change_equality_or_pickling(self):
        """A base with its index built equals and pickles like one without."""
        used = small_base()
        used.get("org")
        fresh = small_base()
        assert used == fresh
        assert hash(used) == hash(fresh)
        again = pickle.loads(pickle.dumps(used))  # noqa: S301
        assert again == fresh
        assert again.get("org").name == "Org"

    def test_first_record_wins_for_duplicate_ids(self):
        """With a duplicate id (an integrity error), lookups return the first record."""
        base = small_base()
        twin = Organisation(id="dafne", name="Twin", kind=OrganisationKind.CHARITY)
        duplicated = attrs.evolve(base, organisations=(*base.organisations, twin))
        assert isinstance(duplicated.get("dafne"), Organisation)

    def test_records_and_collections(self):
        """records() walks the collections in document order; header() empties them."""
        base = small_base()
        names = [type(r).__name__ for r in base.records()]
        assert names[0] == "Source"
        assert names[-1] == "ReachMeasure"
        assert len(names) == sum(len(getattr(base, c)) for c in RECORD_COLLECTIONS)
        header = base.header()
        assert list(header.records()) == []
        assert (header.id, header.title) == (base.id, base.title)

    def test_with_records(self):
        """with_records replaces named collections and refuses unknown names."""
        base = small_base()
        replaced = base.with_records({"adoptions": iter(base.adoptions[:1])})
        assert replaced.adoptions == base.adoptions[:1]
        assert replaced.innovations == base.innovations
        with pytest.raises(KeyError, match="'title' is not a record collection"):
            base.with_records({"title": ()})


class TestRuleMessagesUseTheValues:
    def test_an_interval_that_excludes_its_value_prints_the_numbers(self):
        from innovscale import Outcome

        with pytest.raises(InvariantError) as info:
            Outcome(measure="HbA1c", value=5, low=6, high=9)
        assert info.value.message == (
            "the interval must contain the value, but 6 <= 5 <= 9 does not hold"
        )
        with pytest.raises(InvariantError) as info:
            Outcome(measure="HbA1c", value=5, low=9, high=6)
        assert "reversed: low 9 is above high 6" in info.value.message

    def test_a_grading_level_error_lists_the_levels_of_that_scheme(self):
        from innovscale import Grading
        from innovscale.vocab import GradingScheme

        with pytest.raises(InvariantError) as info:
            Grading(scheme=GradingScheme.GRADE, level="3b")
        assert info.value.message == "'3b' is not a level of GRADE"
        assert info.value.hint == "The levels of GRADE are 'high', 'moderate', 'low', 'very_low'."
        assert "NICE" not in info.value.hint
