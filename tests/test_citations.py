"""References from reference managers as sources (innovscale.citations)."""

from __future__ import annotations

import io
import json
import sys

import pytest
from hypothesis import given, settings, strategies as st

import innovscale
from innovscale import citations
from innovscale.cli import run
from innovscale.exceptions import InvalidDocument, MissingExtra
from innovscale.model import EvidenceBase

BIBTEX = r"""
@article{heller2002,
  title = {Training in flexible, intensive insulin management: the {DAFNE} trial},
  author = {Heller, Simon R. and {DAFNE Study Group} and M{\"u}ller, J.},
  journal = {BMJ}, year = 2002, month = oct,
  doi = {https://doi.org/10.1136/bmj.325.7367.746},
}
@misc{Albury 2018,
  title = {Against the odds: successfully scaling innovation in the {NHS}},
  author = {David Albury and Beresford, Tess},
  year = {2018},
  url = {https://www.health.org.uk/publications/against-the-odds},
}
@techreport{nhs-report, title = {A report}, institution = {NHS England}, date = {2019-13-40}}
@book{untitled, author = {Nobody, A}, year = 1999}
@misc{odd, title = {Odd}, doi = {not a doi}, url = {ftp://x}}
"""

RIS = """TY  - JOUR
AU  - Heller, Simon
AU  - Smith, Jane Anne
TI  - Training in flexible, intensive insulin management
JO  - BMJ
PY  - 2002/10/05/
DO  - 10.1136/BMJ.325.7367.746
ER  -
TY  - ELEC
TI  - NHS RightCare
UR  - https://www.england.nhs.uk/rightcare/
PY  - 2020
ER  -
TY  - HEAR
TI  - Health Committee evidence
ER  -
"""

RIS = RIS.replace("ER  -\n", "ER  - \n")  # the end tag has a space after its dash

CSL = [
    {
        "id": "http://zotero.org/users/1/items/ABCD",
        "type": "article-journal",
        "title": "Enhanced recovery after surgery",
        "author": [{"family": "Kehlet", "given": "Henrik"}, {"literal": "ERAS Society"}],
        "container-title": "The Lancet",
        "issued": {"date-parts": [[2008, 2]]},
        "DOI": "10.1016/S0140-6736(08)60000-0",
    },
    {"id": "nice-dg15", "type": "report", "title": "Troponin tests", "issued": {"raw": "2014"}},
    {"id": "x", "type": "song", "title": "A song"},
    "not an item",
]


def test_bibtex_entries_become_sources():
    sources, notes = citations.parse(BIBTEX, "bibtex")
    by_id = {s.id: s for s in sources}
    heller = by_id["heller2002"]
    assert heller.kind.value == "journal_article"
    assert heller.authors == ("Heller SR", "DAFNE Study Group", "Müller J")
    assert heller.title == "Training in flexible, intensive insulin management: the DAFNE trial"
    assert (str(heller.date), heller.doi, heller.publisher) == (
        "2002-10",
        "10.1136/bmj.325.7367.746",
        "BMJ",
    )
    albury = by_id["albury-2018"]
    assert albury.kind.value == "web_page"  # a misc entry with a web address
    assert albury.authors == ("Albury D", "Beresford T")
    report = by_id["nhs-report"]
    assert (report.kind.value, report.publisher, str(report.date)) == (
        "report",
        "NHS England",
        "2019",
    )
    odd = by_id["odd"]
    assert (odd.doi, odd.url) == (None, None)
    said = {(n.entry, n.action) for n in notes}
    assert ("untitled", "skipped") in said
    assert ("Albury 2018", "changed") in said
    assert sum(1 for n in notes if n.entry == "odd") == 2
    assert all(n.line for n in notes)


def test_ris_records_become_sources():
    sources, notes = citations.parse(RIS, "ris")
    assert [s.kind.value for s in sources] == [
        "journal_article",
        "web_page",
        "parliamentary_record",
    ]
    heller = sources[0]
    assert heller.authors == ("Heller S", "Smith JA")
    assert (str(heller.date), heller.doi) == ("2002-10-05", "10.1136/BMJ.325.7367.746")
    assert sources[1].url == "https://www.england.nhs.uk/rightcare/"
    assert sources[0].id == "heller-2002-training-flexible"
    assert notes == []


def test_csl_json_items_become_sources():
    sources, notes = citations.parse(json.dumps(CSL), "csl-json")
    kehlet, nice, song = sources
    assert kehlet.authors == ("Kehlet H", "ERAS Society")
    assert (str(kehlet.date), kehlet.publisher) == ("2008-02", "The Lancet")
    assert kehlet.id == "http-zotero-org-users-1-items-abcd"
    assert (nice.id, str(nice.date)) == ("nice-dg15", "2014")
    assert (song.kind.value, song.kind_other) == ("other", "song")
    assert [n.entry for n in notes if n.action == "skipped"] == ["item 4"]
    with pytest.raises(InvalidDocument):
        citations.parse("[{", "csl-json")


def test_ids_are_stable_and_unique():
    first, _ = citations.parse(BIBTEX, "bibtex")
    again, _ = citations.parse(BIBTEX, "bibtex")
    assert [s.id for s in first] == [s.id for s in again]
    # A key used twice: the second entry is reported, not added.
    doubled, notes = citations.parse(BIBTEX + BIBTEX, "bibtex")
    assert [s.id for s in doubled] == [s.id for s in first]
    repeated = [n for n in notes if "key of an earlier entry" in n.message]
    assert [n.entry for n in repeated] == [
        "heller2002",
        "Albury 2018",
        "nhs-report",
        "untitled",
        "odd",
    ]
    # Two keys that make the same id: the second gets the next free one.
    (one, two), notes = citations.parse("@misc{a b, title={A}}\n@misc{a-b, title={B}}", "bibtex")
    assert (one.id, two.id) == ("a-b", "a-b-2")
    assert any("is taken" in n.message for n in notes)


def test_merging_never_duplicates_a_doi_or_a_web_address():
    base = innovscale.load_example()
    sources, _ = citations.parse(RIS, "ris")
    merged, notes = citations.merge(base, sources)
    # The example has the DAFNE trial's DOI already (in lower case).
    assert [n.source for n in notes] == ["s04-dafne-rct"]
    assert len(merged.sources) == len(base.sources) + 2
    again, notes = citations.merge(merged, sources)
    assert again == merged
    assert {n.action for n in notes} == {"skipped"}
    assert innovscale.validate(merged).valid


def test_an_id_the_base_uses_is_renamed():
    base = innovscale.load_example()
    (source,), _ = citations.parse("@misc{dafne, title={Another DAFNE page}}", "bibtex")
    merged, notes = citations.merge(base, [source])
    assert merged.sources[-1].id == "dafne-2"
    assert notes[0].action == "changed"


@settings(max_examples=100, deadline=None)
@given(st.text(), st.sampled_from(["bibtex", "ris"]))
def test_no_text_makes_a_parser_raise(text, kind):
    sources, notes = citations.parse(text, kind)
    assert all(isinstance(s, innovscale.Source) for s in sources)
    assert all(n.action in {"skipped", "changed"} for n in notes)


def test_on_the_command_line(tmp_path):
    refs = tmp_path / "refs.bib"
    refs.write_text(BIBTEX, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "base.json"
    argv = ["sources", "import", str(refs), "--into", "examples/against-the-odds.json"]
    assert run([*argv, "-o", str(target)], stdout=out, stderr=err) == 0, err.getvalue()
    text = out.getvalue()
    assert "skipped heller2002: the base has its DOI already, as 's04-dafne-rct'" in text
    assert "skipped untitled: it has no title, DOI or web address" in text
    assert text.rstrip().endswith("2 skipped, 3 changed")
    base = innovscale.load(target)
    assert {"albury-2018", "nhs-report", "odd"} <= {s.id for s in base.sources}
    out = io.StringIO()
    fresh = tmp_path / "fresh.json"
    argv = ["sources", "import", str(refs), "-o", str(fresh), "--format", "json"]
    assert run(argv, stdout=out, stderr=err) == 0
    assert json.loads(out.getvalue())["added"] == 4
    assert isinstance(innovscale.load(fresh), EvidenceBase)
    bad = tmp_path / "refs.txt"
    bad.write_text("x")
    assert run(["sources", "import", str(bad), "-o", str(fresh)], stdout=out, stderr=err) == 2
    assert "not a BibTeX (.bib), RIS (.ris) or CSL-JSON (.json) file" in err.getvalue()


def test_without_the_parsers_the_command_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "rispy", None)
    with pytest.raises(MissingExtra, match=r"innovscale\[spreadsheet\]"):
        citations.parse(RIS, "ris")
    refs = tmp_path / "refs.ris"
    refs.write_text(RIS)
    out, err = io.StringIO(), io.StringIO()
    assert (
        run(
            ["sources", "import", str(refs), "-o", str(tmp_path / "b.json")], stdout=out, stderr=err
        )
        == 2
    )
    assert "pip install 'innovscale[spreadsheet]'" in err.getvalue()
