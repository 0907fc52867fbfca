"""
serialization._jsonl: evidence bases as JSON Lines, one record a line, read in any
order, with errors that name their line.
"""

from __future__ import annotations

import json

import attrs
import pytest
from hypothesis import given

import innovscale
from _bases import acceptance_base, only_issue
from innovscale import (
    InvariantError,
    Organisation,
    dumps_jsonl,
    iter_jsonl,
    load_jsonl,
    strategies as ist,
    unstructure,
    write_jsonl,
)
from innovscale.vocab import (
    OrganisationKind,
)


def _lines(text: str) -> list[str]:
    """JSON Lines split at newlines only (str.splitlines also splits at U+2028)."""
    return [line + "\n" for line in text.split("\n")[:-1]]


class TestJsonLines:
    @given(ist.evidence_bases())
    def test_round_trip(self, base):
        """dumps_jsonl -> iter_jsonl gives the header then every record, in order."""
        text = dumps_jsonl(base)
        lines = _lines(text)
        assert len(lines) == 1 + sum(1 for _ in base.records())
        assert all(line.endswith("\n") and "\n" not in line[:-1] for line in lines)
        objects = list(iter_jsonl(lines))
        assert objects[0] == base.header()
        assert objects[1:] == list(base.records())
        assert list(iter_jsonl(line.encode("utf-8") for line in lines)) == objects

    def test_file_round_trip(self, tmp_path):
        """write_jsonl -> load_jsonl gives the same base; the file is dumps_jsonl's text."""
        base = acceptance_base()
        path = tmp_path / "base.jsonl"
        write_jsonl(base, path)
        assert path.read_text(encoding="utf-8") == dumps_jsonl(base)
        assert load_jsonl(path) == base

    def test_records_in_any_order_without_header(self, tmp_path):
        """Without a header, the base takes its id and title from the file name."""
        base = acceptance_base()
        lines = _lines(dumps_jsonl(base))[1:]
        path = tmp_path / "My Cases.jsonl"
        path.write_text("".join(reversed(lines)) + "\n\n", encoding="utf-8")
        loaded = load_jsonl(path)
        assert (loaded.id, loaded.title) == ("my-cases", "My Cases")
        assert sorted(r.id for r in loaded.records()) == sorted(r.id for r in base.records())

    def test_errors_name_their_line(self):
        """A structure error in line 3 is reported at line 3, the value's column, under its type."""
        lines = [
            '{"evidence_base": {"schema_version": "2.0", "id": "b", "title": "B"}}\n',
            "\n",
            '{"organisation": {"id": "o", "name": "O", "kind": "charty"}}\n',
        ]
        issue = only_issue(list, iter_jsonl(lines, source="base.jsonl"))
        assert issue.code == "value.enum"
        assert issue.json_path == "$.organisation.kind"
        assert (issue.source, issue.line, issue.column) == (
            "base.jsonl",
            3,
            lines[2].index('"charty"') + 1,
        )

    def test_unknown_field_in_a_line(self):
        """An unknown field in a line is placed at its key."""
        lines = ['{"organisation": {"id": "o", "name": "O", "kind": "charity", "x": 1}}\n']
        issue = only_issue(list, iter_jsonl(lines))
        assert (issue.code, issue.json_path, issue.line, issue.column) == (
            "value.unknown_field",
            "$.organisation.x",
            1,
            lines[0].index('"x"') + 1,
        )

    def test_syntax_error_line(self):
        """A syntax error is reported at its line."""
        lines = ['{"organisation": {"id": "o", "name": "O", "kind": "charity"}}\n'] * 4
        lines[2] = '{"organisation": {"id": "o" "name": "O"}}\n'
        issue = only_issue(list, iter_jsonl(lines))
        assert (issue.code, issue.line, issue.column) == ("parse.syntax", 3, 29)

    @pytest.mark.parametrize(
        ("line", "code"),
        [
            ('[{"organisation": {}}]', "jsonl.line_shape"),
            ('{"organisation": {}, "source": {}}', "jsonl.line_shape"),
            ('{"organisaton": {"id": "o"}}', "jsonl.unknown_type"),
        ],
    )
    def test_bad_line_shapes(self, line, code):
        """A line is an object with exactly one key, a record type (with a did-you-mean hint)."""
        issue = only_issue(list, iter_jsonl(["\n", line + "\n"]))
        assert (issue.code, issue.line) == (code, 2)
        if code == "jsonl.unknown_type":
            assert issue.hint == "Did you mean 'organisation'?"

    def test_only_records_are_lines(self):
        """Parts of records cannot be written as lines of their own."""
        element = acceptance_base().innovations[0].elements[0]
        with pytest.raises(
            InvariantError, match=r"EvidenceBase.adoptions\[0\] expects an Adoption"
        ):
            attrs.evolve(acceptance_base(), adoptions=(element,))
        base = attrs.evolve(acceptance_base())
        object.__setattr__(base, "adoptions", (element,))  # forced past the checks
        with pytest.raises(TypeError, match="Element is not a top-level record type"):
            dumps_jsonl(base)


def test_json_lines_without_a_header_are_named_alike_by_every_reader(tmp_path):
    """load_jsonl and load_valid read JSON Lines with one reader, so the same default id."""
    org = Organisation(id="acme", name="Acme", kind=OrganisationKind.CHARITY)
    text = json.dumps({"organisation": unstructure(org)}) + "\n"
    path = tmp_path / "North Cases.jsonl"
    path.write_text(text, encoding="utf-8")
    from_file = innovscale.load_jsonl(path)
    assert (from_file.id, from_file.title) == ("north-cases", "North Cases")
    assert innovscale.load_valid(path) == from_file
    assert innovscale.load_valid(text, source=str(path)) == from_file
    unnamed = innovscale.load_valid(text, jsonl=True)
    assert (unnamed.id, unnamed.title) == ("evidence-base", "evidence base")
    assert unnamed.organisations == (org,)
