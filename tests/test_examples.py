"""
The example evidence base and the example scripts in ``examples/``.

Every example file must load, fit the JSON Schema and validate with no errors and
no warnings; every script must run from the repository root and exit 0; and the
questions script's answers are recomputed here from the raw JSON, independently of
the library, and compared.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import innovscale
from innovscale import schema

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
ATO = EXAMPLES / "against-the-odds.json"
DATA_FILES = sorted(EXAMPLES.glob("*.json"))
SCRIPTS = sorted(EXAMPLES.glob("*.py"))

COMMISSIONING = "commissioning_for_sustainable_spread"
ENABLING = {"enabling", "strongly_enabling"}


def run(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``python <args>`` from the repository root, as a user would."""
    result = subprocess.run(
        [sys.executable, *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def raw(path: Path = ATO) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return doc


def by_id(doc: dict[str, Any], collection: str) -> dict[str, dict[str, Any]]:
    return {record["id"]: record for record in doc.get(collection, [])}


# -- answers computed from the raw JSON, without the library ---------------------------------


def expected_commissioning(doc: dict[str, Any]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for claim in doc.get("enabler_claims", []):
        if claim["enabler"] == COMMISSIONING and claim.get("strength", "enabling") in ENABLING:
            out.setdefault(claim["innovation"], []).append(claim["id"])
    return out


def expected_core_changes(doc: dict[str, Any]) -> list[tuple[str, list[str]]]:
    innovations = by_id(doc, "innovations")
    out = []
    for adoption in doc.get("adoptions", []):
        core = {
            e["id"] for e in innovations[adoption["innovation"]]["elements"] if e["kind"] == "core"
        }
        for adaptation in adoption.get("adaptations", []):
            touched = [e for e in adaptation.get("elements", []) if e in core]
            if touched:
                out.append((adoption["id"], touched))
    return out


def expected_graded_claims(doc: dict[str, Any]) -> dict[str, list[str]]:
    evidence = by_id(doc, "evidence")
    out = {}
    for claim in doc.get("enabler_claims", []):
        graded = [e for e in claim.get("evidence", []) if evidence[e].get("gradings")]
        if graded:
            out[claim["id"]] = graded
    return out


class TestExampleFiles:
    @pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
    def test_loads(self, path: Path) -> None:
        """The file loads into an EvidenceBase through the public API."""
        base = innovscale.load(path)
        assert isinstance(base, innovscale.EvidenceBase)
        assert any(True for _ in base.records())

    @pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
    def test_fits_the_json_schema(self, path: Path) -> None:
        """Any JSON Schema tool accepts the file."""
        errors = list(schema.validator("evidence-base").iter_errors(raw(path)))
        assert errors == [], [f"{e.json_path}: {e.message}" for e in errors]

    @pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
    def test_validates_without_errors_or_warnings(self, path: Path) -> None:
        """Every tier, integrity included, finds nothing: no errors and no warnings."""
        validation = pytest.importorskip("innovscale.validation")
        report = validation.validate_path(path)
        assert report.valid, report.format_text()
        assert not report.warnings, report.format_text()
        assert len(report) == 0, report.format_text()


@pytest.fixture(scope="module")
def base() -> innovscale.EvidenceBase:
    loaded: innovscale.EvidenceBase = innovscale.load(ATO)
    return loaded


class TestAgainstTheOdds:
    """What issue 5 asks of the example evidence base."""

    def test_holds_the_ten_case_studies(self, base: innovscale.EvidenceBase) -> None:
        """Each of the report's ten case studies is one innovation record."""
        cases = [
            "Altogether Better",
            "DAFNE",
            "ERAS",
            "Florence",
            "troponin",
            "ICD",
            "IAPT",
            "Macmillan Cancer Nurse Specialists",
            "RAID",
            "Schwartz Rounds",
        ]
        names = [" ".join((i.name, *i.aliases)) for i in base.innovations]
        assert len(base.innovations) == len(cases)
        for case in cases:
            assert sum(case.lower() in name.lower() for name in names) == 1, case

    def test_every_record_rests_on_a_source(self, base: innovscale.EvidenceBase) -> None:
        """Nothing is unsourced: records cite Source ids, evidence names its citation."""
        source_ids = {s.id for s in base.sources}
        for record in base.records():
            if isinstance(record, innovscale.Source):
                continue
            cited = set(record.sources)
            if isinstance(record, innovscale.Evidence):
                cited.add(record.citation)
            assert cited, record.id
            assert cited <= source_ids, record.id
        for innovation in base.innovations:
            for element in innovation.elements:
                assert set(element.sources) <= source_ids
                assert element.sources, f"{innovation.id}#{element.id}"

    def test_sources_carry_an_address_unless_they_are_seed_pages(
        self, base: innovscale.EvidenceBase
    ) -> None:
        """A Source has a DOI or URL; the seed pages without one say so in their notes."""
        for source in base.sources:
            assert source.doi or source.url or "Seed page" in (source.notes or ""), source.id

    def test_elements_explain_their_grounding(self, base: innovscale.EvidenceBase) -> None:
        """Core and adaptable elements are editorial: each says how it was inferred."""
        for innovation in base.innovations:
            assert innovation.core_elements, innovation.id
            for element in innovation.elements:
                assert element.notes, f"{innovation.id}#{element.id}"
                if element.kind.code == "adaptable":
                    assert element.variation, f"{innovation.id}#{element.id}"

    def test_claims_cover_every_enabler_and_cite_the_report(
        self, base: innovscale.EvidenceBase
    ) -> None:
        """All eight enablers have claims, and every claim cites Against the Odds."""
        from innovscale.vocab import Enabler

        assert {c.enabler for c in base.enabler_claims} == set(Enabler)
        report = next(s for s in base.sources if s.title.startswith("Against the Odds"))
        for claim in base.enabler_claims:
            assert report.id in claim.sources, claim.id
            assert claim.narrative

    def test_gradings_are_marked_as_editorial_judgement(
        self, base: innovscale.EvidenceBase
    ) -> None:
        """Every grading says who assigned it and why."""
        gradings = [g for e in base.evidence for g in e.gradings]
        assert gradings
        for grading in gradings:
            assert grading.assessed_by
            assert grading.rationale

    def test_conflicting_reach_figures_stand_side_by_side(
        self, base: innovscale.EvidenceBase
    ) -> None:
        """Florence's patient counts from different sources are kept as separate records."""
        counts = [m for m in base.reach_of("florence") if m.metric.code == "patients"]
        assert len({m.value for m in counts}) >= 2
        assert len({m.sources for m in counts}) >= 2

    def test_licence_chain_is_recorded(self, base: innovscale.EvidenceBase) -> None:
        """A vehicle licenses from another vehicle of the same innovation."""
        chains = [
            (innovation.id, vehicle.id, vehicle.licenses_from)
            for innovation in base.innovations
            for vehicle in innovation.scaling_vehicles
            if vehicle.licenses_from
        ]
        assert chains
        for innovation_id, _, licensor in chains:
            vehicles = base.innovation(innovation_id).scaling_vehicles
            assert licensor in {v.id for v in vehicles}

    def test_pump_priming_with_takeover(self, base: innovscale.EvidenceBase) -> None:
        """Some adopter support is a funded post whose funding is taken over afterwards."""
        support = [s for a in base.adoptions for s in a.support]
        assert any(s.kind.code == "funded_post" and s.takeover and s.funding for s in support)

    def test_superseded_guidance_points_at_a_lever(self, base: innovscale.EvidenceBase) -> None:
        """'supersedes' names another policy lever of the same innovation."""
        levers = {lever.id: lever for lever in base.policy_levers}
        pairs = [(lever, lever.supersedes) for lever in levers.values() if lever.supersedes]
        assert pairs
        for lever, earlier_id in pairs:
            earlier = levers[earlier_id]
            assert set(earlier.innovations) & set(lever.innovations)

    def test_four_s_engagement_activity(self, base: innovscale.EvidenceBase) -> None:
        """The seeds' action-learning approach is an engagement activity with its 4S flags."""
        activities = [a for a in base.engagement_activities if a.kind.code == "action_learning_set"]
        assert activities
        assert all(a.four_s == 4 and a.sources for a in activities)


class TestScripts:
    @pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
    def test_runs_from_the_repository_root(self, script: Path) -> None:
        """Each script runs as ``python examples/<script>.py``, prints and exits 0."""
        result = run(script.relative_to(ROOT))
        assert result.stdout.strip()

    def test_build_and_validate_round_trips_and_catches_a_bad_reference(self) -> None:
        """The built base is valid, survives the file round trip, and a broken copy is not."""
        out = run(EXAMPLES / "build_and_validate.py").stdout
        assert "equal to what was written: True" in out
        assert "ref.dangling" in out

    def test_questions_match_the_data(self) -> None:
        """The answers equal those computed here from the raw JSON."""
        answers = json.loads(run(EXAMPLES / "questions.py", "--json").stdout)
        doc = raw()

        commissioning = {
            item["innovation"]: item["claims"]
            for item in answers["commissioning_for_sustainable_spread"]
        }
        assert commissioning == expected_commissioning(doc)
        assert commissioning, "the example should record commissioning claims"

        changes = [
            (item["adoption"], item["core_elements"])
            for item in answers["adoptions_changing_core_elements"]
        ]
        assert changes == expected_core_changes(doc)

        graded = {
            item["claim"]: [e["evidence"] for e in item["evidence"]]
            for item in answers["claims_on_graded_evidence"]
        }
        assert graded == expected_graded_claims(doc)
        assert graded, "the example should record claims on graded evidence"

    def test_questions_find_a_core_element_change(self, tmp_path: Path) -> None:
        """An adaptation of a core element, added to a copy, is reported as one."""
        doc = raw()
        innovations = by_id(doc, "innovations")
        adoption = doc["adoptions"][0]
        core = next(
            e["id"] for e in innovations[adoption["innovation"]]["elements"] if e["kind"] == "core"
        )
        adoption.setdefault("adaptations", []).append(
            {
                "description": "A test change to a core element.",
                "elements": [core],
                "fidelity": "fidelity_inconsistent",
            }
        )
        path = tmp_path / "changed.json"
        path.write_text(json.dumps(doc), encoding="utf-8")

        answers = json.loads(run(EXAMPLES / "questions.py", path, "--json").stdout)
        changes = [
            (item["adoption"], item["core_elements"])
            for item in answers["adoptions_changing_core_elements"]
        ]
        assert changes == expected_core_changes(doc)
        assert (adoption["id"], [core]) in changes
        text = run(EXAMPLES / "questions.py", path).stdout
        assert adoption["id"] in text

    def test_questions_refuse_an_invalid_file(self, tmp_path: Path) -> None:
        """A file with a dangling reference gets the report on stderr and exit status 1."""
        doc = raw()
        doc["enabler_claims"][0]["evidence"] = ["no-such-evidence"]
        path = tmp_path / "broken.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        result = run(EXAMPLES / "questions.py", path, check=False)
        assert result.returncode == 1
        assert "no-such-evidence" in result.stderr

    def test_adoptions_csv_has_one_row_per_adoption(self) -> None:
        """The CSV lists every adoption with its innovation, adopter and stage."""
        out = run(EXAMPLES / "adoptions_to_csv.py").stdout
        table = list(csv.DictReader(io.StringIO(out)))
        adoptions = raw()["adoptions"]
        assert [row["adoption_id"] for row in table] == [a["id"] for a in adoptions]
        for row, adoption in zip(table, adoptions, strict=True):
            assert row["innovation_id"] == adoption["innovation"]
            assert row["adopter_id"] == adoption["adopter"]
            # A stage no source gives is left out, and reads as unknown.
            assert row["stage"] == adoption.get("stage", "unknown")
            assert row["adaptations"] == str(len(adoption.get("adaptations", [])))
            takeovers = [s["takeover"] for s in adoption.get("support", []) if "takeover" in s]
            assert row["takeover"] == "; ".join(takeovers)

    def test_adoptions_csv_to_a_file(self, tmp_path: Path) -> None:
        """Written to a path, the CSV equals what goes to stdout."""
        target = tmp_path / "adoptions.csv"
        run(EXAMPLES / "adoptions_to_csv.py", "--output", target)
        assert target.read_text(encoding="utf-8") == run(EXAMPLES / "adoptions_to_csv.py").stdout


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_examples_are_in_canonical_form(path):
    """Every example file is as innovscale writes it, so load → dump is byte-identical."""
    assert innovscale.dumpb(innovscale.load(path)) == path.read_bytes(), (
        f'rewrite it with: python -c "import innovscale; '
        f"innovscale.dump(innovscale.load('{path.name}'), '{path.name}')\""
    )
