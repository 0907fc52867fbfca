"""Property tests: whatever the input, validation finds only documented issues, never a crash."""

from __future__ import annotations

import copy
import io
import json

from hypothesis import given, strategies as st

from innovscale import cli
from innovscale.model import EvidenceBase
from innovscale.schema._examples import EXAMPLES
from innovscale.validation import catalogue, validate

CODES = frozenset(e.code for e in catalogue())

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
KEYS = st.sampled_from(
    ["id", "kind", "innovation", "adopter", "elements", "sources", "period", "start", "x"]
)


def assert_documented(report):
    for issue in report.issues:
        assert issue.code in CODES, issue
    assert isinstance(report.to_dict(), dict)
    json.dumps(report.to_dict())


@given(st.binary(max_size=300))
def test_arbitrary_bytes(data):
    """Any bytes give a report whose codes are all in the catalogue."""
    assert_documented(validate(data))


@given(json_values)
def test_arbitrary_json(value):
    """Any JSON value (as data and as text) gives only documented issues."""
    assert_documented(validate(value))
    assert_documented(validate(json.dumps(value), jsonl=False))


@given(st.data())
def test_mutated_valid_base(data):
    """Replacing any value of a valid base with arbitrary JSON gives only documented issues."""
    base = copy.deepcopy(EXAMPLES[EvidenceBase])
    node = base
    for _ in range(data.draw(st.integers(0, 5))):
        if isinstance(node, dict) and node:
            key = data.draw(st.sampled_from(sorted(node)))
            if not isinstance(node[key], (dict, list)) or data.draw(st.booleans()):
                node[key] = data.draw(json_values)
                break
            node = node[key]
        elif isinstance(node, list) and node:
            index = data.draw(st.integers(0, len(node) - 1))
            if not isinstance(node[index], (dict, list)):
                node[index] = data.draw(json_values)
                break
            node = node[index]
    if isinstance(node, dict):
        node[data.draw(KEYS)] = data.draw(json_values)
    assert_documented(validate(base))
    assert_documented(validate(json.dumps(base, indent=1)))


@given(st.lists(json_values | st.text(max_size=30), max_size=6))
def test_arbitrary_json_lines(lines):
    """Arbitrary JSON Lines content gives only documented issues."""
    text = "\n".join(v if isinstance(v, str) else json.dumps(v) for v in lines)
    assert_documented(validate(text, jsonl=True))


@given(st.binary(max_size=200))
def test_cli_never_crashes(data):
    """The CLI on arbitrary stdin exits 0 or 1, never with an internal error."""
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(
        ["validate", "--format", "json", "-"], stdout=out, stderr=err, stdin=io.BytesIO(data)
    )
    assert code in (cli.EXIT_OK, cli.EXIT_INVALID), err.getvalue()
    assert err.getvalue() == ""
    for issue in json.loads(out.getvalue())["issues"]:
        assert issue["code"] in CODES
