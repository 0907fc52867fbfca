"""Tests for innovscale.validation._schema_tier: the same words whichever tier found it."""

from __future__ import annotations

import json
import re

import pytest

import innovscale
from innovscale.model._constraints import PATTERN_WORDS

HEADER = {"schema_version": "2.0", "id": "x", "title": "T"}


def issues(*organisations):
    text = json.dumps({**HEADER, "organisations": list(organisations)})
    return {(i.code, i.json_path): (i.message, i.hint) for i in innovscale.validate(text).issues}


def test_one_message_whether_or_not_another_field_is_wrong():
    """An empty name reads the same alone and beside another problem (the schema tier's)."""
    alone = issues({"id": "org", "name": "", "kind": "charity"})
    beside = issues({"id": "org", "name": "", "kind": "charty"})
    key = ("value.minLength", "$.organisations[0].name")
    assert (
        alone[key]
        == beside[key]
        == (
            "must not be empty",
            "Give a non-empty text, or leave the field out if it is optional.",
        )
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [("country", "England"), ("url", "www.example.org"), ("id", "Not An Id")],
)
def test_no_regular_expression_is_ever_shown(field, value):
    """A pattern is described in words, with an example, by both tiers."""
    organisation = {"id": "org", "name": "N", "kind": "charity", field: value}
    for found in (issues(organisation), issues({**organisation, "kind": "charty"})):
        message, hint = found[("value.pattern", f"$.organisations[0].{field}")]
        for text in (message, hint or ""):
            assert not re.search(r"[\^$\\]|\(\?|\[A-Z", text), text
        assert hint


def test_every_model_pattern_has_words():
    """Every pattern the model uses is in the table of words."""
    import attrs

    from innovscale.model._constraints import Constraints
    from innovscale.validation._walk import model_classes

    def patterns(keywords):
        for keyword, limit in keywords.items():
            if keyword == "pattern":
                yield limit
            elif isinstance(limit, dict):
                yield from patterns(limit)

    for cls in model_classes():
        for field in attrs.fields(cls):
            if isinstance(field.validator, Constraints):
                for pattern in [
                    *patterns(field.validator.keywords),
                    *patterns(field.validator.items),
                ]:
                    assert pattern in PATTERN_WORDS, f"{cls.__name__}.{field.name}"


@pytest.mark.parametrize(
    ("field", "value", "fixed"),
    [
        ("doi", "https://doi.org/10.1136/bmj.325.7367.746.", "10.1136/bmj.325.7367.746"),
        ("doi", "doi: 10.1000/xyz123", "10.1000/xyz123"),
        ("url", "www.acme.org/report", "https://www.acme.org/report"),
        ("id", "Acme Ltd", "acme-ltd"),
    ],
)
def test_a_clear_correction_is_suggested(field, value, fixed):
    """A DOI with a URL prefix or trailing punctuation, an address without a scheme, an id
    with spaces: the hint says what the value should be, in both tiers."""
    source = {"id": "s", "kind": "report", "title": "T", field: value}
    for kind in ("report", "reprot"):  # alone, and beside another problem
        text = json.dumps({**HEADER, "sources": [{**source, "kind": kind}]})
        found = {(i.code, i.json_path): i for i in innovscale.validate(text).issues}
        issue = found[("value.pattern", f"$.sources[0].{field}")]
        assert (issue.hint or "").startswith(f"Did you mean {fixed!r}?")
