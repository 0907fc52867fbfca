"""Tests for innovscale.migrate: every 1.0 document upgrades, nothing lost, nothing guessed."""

from __future__ import annotations

import copy
import json
from collections import Counter
from typing import TYPE_CHECKING

import pytest

import innovscale
from _suite import FIXTURES, NEW_IN_2_0, RETIRED
from innovscale import migrate
from innovscale.cli import run
from innovscale.migrate import MigrationError, upgrade_text
from innovscale.model import SCHEMA_VERSION
from innovscale.validation import catalogue

if TYPE_CHECKING:
    from pathlib import Path

OLD = FIXTURES / "v1.0"
CURRENT_CODES = {entry.code for entry in catalogue()}
OLD_MANIFEST = json.loads((OLD / "invalid" / "expected.json").read_text(encoding="utf-8"))


def _parses(path: Path) -> bool:
    try:
        upgrade_text(path.read_bytes(), jsonl=path.suffix == ".jsonl")
    except (innovscale.InvalidDocument, MigrationError):
        return False
    return True


VALID_1_0 = [OLD / "against-the-odds.json", *sorted((OLD / "valid").iterdir())]
# The parse tier's fixtures are about the text, which an upgrade writes anew (a
# byte-order mark, for one, is not kept).
INVALID_1_0 = [
    p
    for p in sorted((OLD / "invalid").iterdir())
    if p.name != "expected.json"
    and not p.name.startswith("parse-")
    and p.name not in RETIRED
    and _parses(p)
]


def leaves(value, out=None):
    """
    Every scalar of a JSON value, counted, as text: a fact that changes form (a year
    1998 becoming the date "1998") is the same fact.
    """
    out = Counter() if out is None else out
    if isinstance(value, dict):
        for key, item in value.items():
            if key != "schema_version":
                leaves(item, out)
    elif isinstance(value, list):
        for item in value:
            leaves(item, out)
    else:
        out[value if isinstance(value, str) else json.dumps(value)] += 1
    return out


def lost(old, new):
    """
    The scalars of ``old`` that ``new`` does not hold as often; a unit's spelling and
    the code it became (``"%"`` and ``"percent"``) count as one.
    """
    spelt = migrate._UNIT_CODES  # the migration's own table of spellings

    def facts(value):
        out = Counter()
        for key, count in leaves(value).items():
            out[spelt.get(key.casefold(), key)] += count
        return out

    return facts(old) - facts(new)


@pytest.mark.parametrize("path", VALID_1_0, ids=lambda p: p.name)
def test_every_valid_1_0_document_upgrades_to_a_valid_document(path):
    """The example and every valid 1.0 fixture upgrade to valid documents with nothing lost."""
    text, migrated = upgrade_text(path.read_bytes(), jsonl=path.suffix == ".jsonl")
    assert migrated.source_version == "1.0"
    report = innovscale.validate(text, jsonl=path.suffix == ".jsonl")
    assert report.valid, report.format_text()
    # Only what 2.0 newly checks may be said about it (a core change whose fidelity
    # no source judged is worth a warning now).
    assert {i.code for i in report.issues} <= NEW_IN_2_0, report.format_text()
    if path.suffix == ".json":
        assert not lost(json.loads(path.read_bytes()), migrated.data)


@pytest.mark.parametrize("path", INVALID_1_0, ids=lambda p: p.name)
def test_invalid_1_0_documents_keep_their_problems(path):
    """An invalid 1.0 fixture upgrades, and still raises the codes it raised in 1.0."""
    text, migrated = upgrade_text(path.read_bytes(), jsonl=path.suffix == ".jsonl")
    report = innovscale.validate(text, jsonl=path.suffix == ".jsonl")
    codes = {i.code for i in report.issues}
    for expected in OLD_MANIFEST[path.name]:
        if expected["code"] not in CURRENT_CODES:
            continue  # a constraint the current format does not have (an origin's year bound)
        assert expected["code"] in codes, report.format_text()
    if path.suffix == ".json":
        assert not lost(json.loads(path.read_bytes()), migrated.data)


def test_a_1_0_document_is_reported_as_such():
    """Validating a 1.0 document says its version and how to upgrade, and nothing else."""
    report = innovscale.validate((OLD / "against-the-odds.json").read_bytes())
    assert [(i.code, i.json_path) for i in report.issues] == [
        ("version.outdated", "$.schema_version")
    ]
    issue = report.issues[0]
    assert "format 1.0" in issue.message
    assert "innovscale upgrade" in issue.hint
    lines = (OLD / "valid" / "example.jsonl").read_bytes()
    report = innovscale.validate(lines, jsonl=True)
    assert [(i.code, i.line) for i in report.issues] == [("version.outdated", 1)]


def test_migrate_does_not_change_its_input_and_a_current_document_is_left_alone():
    data = json.loads((OLD / "against-the-odds.json").read_bytes())
    before = copy.deepcopy(data)
    upgraded = migrate.migrate(data)
    assert data == before
    assert upgraded.data["schema_version"] == SCHEMA_VERSION
    assert upgraded.changed
    again = migrate.migrate(upgraded.data)
    assert not again.changed
    assert again.data == upgraded.data


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ([], "must be a JSON object"),
        ({"id": "x"}, "no schema_version"),
        ({"schema_version": "0.9"}, "'0.9' is not a version this release knows"),
    ],
)
def test_what_cannot_be_upgraded_is_refused_in_words(data, words):
    with pytest.raises(MigrationError, match=words):
        migrate.migrate(data)


def test_the_versions_are_a_chain_to_the_current_one():
    assert migrate.VERSIONS[0] == "1.0"
    assert migrate.VERSIONS[-1] == SCHEMA_VERSION
    for version in migrate.VERSIONS[:-1]:
        assert migrate.migrate({"schema_version": version, "id": "x", "title": "T"}).changed


class TestCommand:
    def _run(self, *args):
        import io

        out, err = io.StringIO(), io.StringIO()
        return run(list(args), stdout=out, stderr=err), out.getvalue(), err.getvalue()

    def test_a_dry_run_shows_a_diff_and_writes_nothing(self, tmp_path):
        path = tmp_path / "base.json"
        path.write_bytes((OLD / "against-the-odds.json").read_bytes())
        before = path.read_bytes()
        status, out, err = self._run("upgrade", str(path))
        assert status == 0, err
        assert path.read_bytes() == before
        assert '-  "schema_version": "1.0",' in out
        assert '+  "schema_version": "2.0",' in out
        assert "format 1.0 -> 2.0" in err

    def test_in_place_writes_atomically_keeping_permissions(self, tmp_path):
        path = tmp_path / "base.jsonl"
        path.write_bytes((OLD / "valid" / "example.jsonl").read_bytes())
        path.chmod(0o640)
        status, _, err = self._run("upgrade", "--in-place", str(path))
        assert status == 0, err
        assert path.stat().st_mode & 0o777 == 0o640
        assert innovscale.validate(path).valid
        status, _, err = self._run("upgrade", "--check", str(path))
        assert status == 0
        assert "already format 2.0" in err

    def test_check_fails_when_a_file_needs_upgrading(self, tmp_path):
        path = tmp_path / "base.json"
        path.write_bytes((OLD / "valid" / "full.json").read_bytes())
        before = path.read_bytes()
        status, out, _ = self._run("upgrade", "--check", str(path))
        assert status == 1
        assert out == ""
        assert path.read_bytes() == before

    def test_an_invalid_document_is_upgraded_and_its_problems_reported(self, tmp_path):
        path = tmp_path / "base.json"
        path.write_bytes((OLD / "invalid" / "ref-dangling.json").read_bytes())
        status, _, err = self._run("upgrade", "--in-place", str(path))
        assert status == 1
        assert "ref.dangling" in err
        assert json.loads(path.read_bytes())["schema_version"] == SCHEMA_VERSION

    def test_unreadable_and_unknown_files_are_refused(self, tmp_path):
        bad = tmp_path / "bad.json"
        bad.write_text("{", encoding="utf-8")
        odd = tmp_path / "odd.json"
        odd.write_text('{"schema_version": "9.0"}', encoding="utf-8")
        status, out, err = self._run("upgrade", str(bad), str(odd), str(tmp_path / "none.json"))
        assert status == 2
        assert "parse." in out
        assert "'9.0' is not a version this release knows" in err
        assert "cannot read" in err
