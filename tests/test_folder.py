"""A base in many files: validated as one, split, merged and compared (innovscale.folder)."""

from __future__ import annotations

import difflib
import json
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import innovscale
from innovscale import folder, strategies as ist
from innovscale.cli import run

SLOW = settings(
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    deadline=None,
)


@pytest.fixture
def example():
    return innovscale.load_example()


@pytest.fixture
def split_example(tmp_path, example):
    root = tmp_path / "cases"
    folder.split(example, root, by="innovation")
    return root


def _edit(path: Path, change):
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


# -- the layout --------------------------------------------------------------------------------


def test_split_writes_the_documented_layout(split_example, example):
    names = {p.relative_to(split_example).as_posix() for p in split_example.rglob("*.json")}
    assert folder.HEADER in names
    assert {f"innovations/{i.id}.json" for i in example.innovations} <= names
    assert {"sources.json", "organisations.json"} <= names
    header = json.loads((split_example / folder.HEADER).read_text())
    assert header["id"] == example.id
    assert not any(key in header for key in ("innovations", "sources"))
    dafne = json.loads((split_example / "innovations" / "dafne.json").read_text())
    assert [r["id"] for r in dafne["innovations"]] == ["dafne"]
    assert all(a["innovation"] == "dafne" for a in dafne.get("adoptions", []))


@SLOW
@given(ist.evidence_bases(), st.sampled_from(["innovation", "collection"]))
def test_split_then_load_is_lossless(tmp_path_factory, base, by):
    root = tmp_path_factory.mktemp("split") / "base"
    folder.split(base, root, by=by)
    loaded = folder.load(root)
    assert folder.same_records(loaded, base)
    merged, conflicts = folder.merge([(str(root), loaded)])
    assert conflicts == []
    assert folder.same_records(merged, base)
    assert folder.diff(base, loaded) == []


def test_the_split_example_is_one_valid_base(split_example, example):
    report = innovscale.validate(split_example)
    assert report.valid, report.issues
    assert folder.same_records(innovscale.load(split_example), example)
    assert folder.same_records(innovscale.load_valid(split_example), example)


def test_a_part_alone_is_not_a_base(split_example):
    """Each file checked on its own dangles; the folder resolves across its files."""
    alone = innovscale.validate(split_example / "innovations" / "dafne.json")
    assert not alone.valid
    assert innovscale.validate(split_example).valid


def test_issues_name_their_file_line_and_column(split_example):
    part = split_example / "innovations" / "dafne.json"

    def break_it(data):
        data["innovations"][0]["nmae"] = "x"
        data["enabler_claims"][0]["innovation"] = "dafnee"

    _edit(part, break_it)
    report = innovscale.validate(split_example)
    found = {(i.code, i.source, i.json_path) for i in report.issues}
    assert ("value.unknown_field", str(part), "$.innovations[0].nmae") in found
    assert ("ref.dangling", str(part), "$.enabler_claims[0].innovation") in found
    text = part.read_text().splitlines()
    for issue in report.issues:
        assert issue.line is not None
        assert issue.column is not None
        assert ("nmae" in text[issue.line - 1]) or ("dafnee" in text[issue.line - 1])


def test_ids_are_unique_across_files(split_example):
    part = split_example / "innovations" / "iapt.json"
    _edit(part, lambda data: data["innovations"][0].update(id="dafne"))
    codes = {(i.code, i.source) for i in innovscale.validate(split_example).issues}
    assert ("id.duplicate", str(part)) in codes


def test_a_part_holds_records_only(split_example):
    part = split_example / "sources.json"
    _edit(part, lambda data: data.update(title="Sources"))
    issues = innovscale.validate(split_example).issues
    shape = [i for i in issues if i.code == "base.part_shape"]
    assert [(i.source, i.json_path) for i in shape] == [(str(part), "$.title")]
    assert shape[0].line is not None
    (split_example / "broken.json").write_text("[1, 2]", encoding="utf-8")
    codes = [i.code for i in innovscale.validate(split_example).issues]
    assert codes.count("base.part_shape") == 2


def test_a_broken_part_is_reported_with_its_position(split_example):
    (split_example / "extra.json").write_text('{"sources": [1,]}', encoding="utf-8")
    issues = innovscale.validate(split_example).issues
    syntax = [i for i in issues if i.code == "parse.syntax"]
    assert syntax
    assert syntax[0].source == str(split_example / "extra.json")
    assert syntax[0].line == 1


def test_a_plain_folder_is_still_checked_file_by_file(tmp_path, example):
    innovscale.dump(example, tmp_path / "a.json")
    innovscale.dump(example, tmp_path / "b.json")
    with pytest.raises(IsADirectoryError, match=r"evidence-base\.json"):
        innovscale.validate(tmp_path)
    out = _cli("validate", str(tmp_path))
    assert out[0] == 0
    assert "2 file(s): 2 valid" in out[1]


# -- the command line ----------------------------------------------------------------------


def _cli(*argv):
    import io

    stdout, stderr = io.StringIO(), io.StringIO()
    status = run(list(argv), stdout=stdout, stderr=stderr)
    return status, stdout.getvalue(), stderr.getvalue()


def test_validate_a_folder_holding_a_base_gives_one_summary(tmp_path, example):
    folder.split(example, tmp_path / "cases")
    innovscale.dump(example, tmp_path / "other.json")
    status, out, _ = _cli("validate", str(tmp_path))
    assert status == 0
    assert out.count("valid (") == 2
    assert out.rstrip().endswith("2 input(s): 2 valid, 0 invalid; 0 error(s), 0 warning(s)")


def test_split_merge_diff_on_the_command_line(tmp_path, example):
    source = tmp_path / "base.json"
    innovscale.dump(example, source)
    status, out, _ = _cli("split", str(source), "-o", str(tmp_path / "cases"))
    assert (status, out.startswith("wrote ")) == (0, True)
    status, _, err = _cli("split", str(source), "-o", str(tmp_path / "cases"))
    assert status == 2
    assert "holds JSON files already" in err
    merged = tmp_path / "merged.json"
    assert _cli("merge", str(tmp_path / "cases"), "-o", str(merged))[0] == 0
    status, out, _ = _cli("diff", str(source), str(merged))
    assert (status, out) == (0, "0 added, 0 removed, 0 changed\n")


def test_merge_collapses_identical_records_and_reports_conflicts(tmp_path, example):
    first = tmp_path / "a.json"
    second = tmp_path / "b.json"
    innovscale.dump(example, first)
    changed = attrs.evolve(example.innovations[1], name="Another name")
    innovscale.dump(attrs.evolve(example, innovations=(example.innovations[0], changed)), second)
    status, out, err = _cli("merge", str(first), str(second), "-o", str(tmp_path / "m.json"))
    assert status == 1
    assert "nothing written" in err
    assert not (tmp_path / "m.json").exists()
    assert f"{first} at $.innovations[1]" in out
    assert f"{second} at $.innovations[1]" in out
    assert '"Another name"' in out
    merged, conflicts = folder.merge(
        [("a", innovscale.load(first)), ("b", innovscale.load(second))], prefer="last"
    )
    assert [(c.collection, c.id) for c in conflicts] == [("innovations", changed.id)]
    assert conflicts[0].fields == (("name", example.innovations[1].name, "Another name"),)
    assert len(merged.innovations) == len(example.innovations)
    assert next(i for i in merged.innovations if i.id == changed.id).name == "Another name"
    status, out, _ = _cli(
        "merge", str(first), str(second), "-o", str(tmp_path / "m.json"), "--prefer", "first"
    )
    assert status == 0
    assert "warning base.conflict" in out
    kept = innovscale.load(tmp_path / "m.json")
    assert next(i for i in kept.innovations if i.id == changed.id) == example.innovations[1]


def test_diff_reports_records_and_field_paths(tmp_path, example):
    element = example.innovations[0].elements[0]
    innovation = attrs.evolve(
        example.innovations[0],
        elements=(
            attrs.evolve(element, name="Renamed element"),
            *example.innovations[0].elements[1:],
        ),
    )
    new = attrs.evolve(
        example, innovations=(innovation, *example.innovations[1:]), sources=example.sources[1:]
    )
    changes = folder.diff(example, new)
    assert [(c.kind, c.collection, c.id) for c in changes] == [
        ("removed", "sources", example.sources[0].id),
        ("changed", "innovations", innovation.id),
    ]
    assert changes[1].fields == ((f"elements[{element.id}].name", element.name, "Renamed element"),)
    innovscale.dump(example, tmp_path / "old.json")
    innovscale.dump(new, tmp_path / "new.json")
    status, out, _ = _cli(
        "diff", str(tmp_path / "old.json"), str(tmp_path / "new.json"), "--format", "json"
    )
    assert status == 1
    assert json.loads(out)[1]["fields"][0]["path"] == f"elements[{element.id}].name"


def test_one_change_to_a_record_changes_only_its_lines(example):
    """The canonical formatting keeps a git diff to the lines of what changed."""
    before = innovscale.dumps(example).splitlines()
    source = attrs.evolve(example.sources[3], title="A new title")
    after = innovscale.dumps(
        attrs.evolve(example, sources=(*example.sources[:3], source, *example.sources[4:]))
    ).splitlines()
    changed = [
        line
        for line in difflib.unified_diff(before, after, lineterm="", n=0)
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    ]
    assert changed == [
        f'-      "title": {json.dumps(example.sources[3].title)},',
        '+      "title": "A new title",',
    ]


def test_the_pre_commit_hook_checks_the_whole_repository_once():
    hooks = (Path(__file__).resolve().parents[1] / ".pre-commit-hooks.yaml").read_text()
    assert "pass_filenames: false" in hooks
    assert "args: [.]" in hooks


def test_the_module_example_runs():
    code = "import doctest, innovscale.folder as f; print(doctest.testmod(f).failed)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"


def test_a_part_nested_too_deep_is_reported_in_its_file(split_example):
    part = split_example / "sources.json"
    deep = "[" * 70 + "]" * 70
    text = part.read_text(encoding="utf-8").replace(
        '"id": ', f'"extensions": {{"acme:x": {deep}}}, "id": ', 1
    )
    part.write_text(text, encoding="utf-8")
    issues = innovscale.validate(split_example).issues
    assert [(i.code, i.source) for i in issues if i.code == "parse.too_deep"] == [
        ("parse.too_deep", str(part))
    ]


def test_an_unreadable_part_is_an_issue_of_that_file(split_example):
    broken = split_example / "innovations" / "gone.json"
    broken.symlink_to(split_example / "nowhere.json")
    issues = innovscale.validate(split_example).issues
    assert [(i.code, i.source) for i in issues] == [("parse.unreadable", str(broken))]


def test_a_header_that_is_wrong_is_reported_in_the_header(split_example):
    header = split_example / folder.HEADER
    _edit(header, lambda data: data.update(innovations={"id": "x"}))
    issues = innovscale.validate(split_example).issues
    assert [(i.code, i.source, i.json_path) for i in issues] == [
        ("value.type", str(header), "$.innovations")
    ]
    header.write_text("[]", encoding="utf-8")
    issues = innovscale.validate(split_example).issues
    assert [(i.code, i.source) for i in issues] == [("value.type", str(header))]
