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


def _alone_and_beside(record_key, record, field_path):
    """The issue at ``field_path`` of ``record`` alone, and beside an unknown kind."""
    out = []
    for bad_kind in (False, True):
        data = dict(record)
        if bad_kind:
            data["kind"] = "charty"
        text = json.dumps({**HEADER, record_key: [data]})
        found = {(i.code, i.json_path): i for i in innovscale.validate(text).issues}
        out.append(found[field_path])
    return out


@pytest.mark.parametrize(
    ("value", "fixed"),
    [
        ("March 2015", "Did you mean '2015-03'?"),
        ("7 March 2015", "Did you mean '2015-03-07'?"),
        ("2015-3", "Did you mean '2015-03'?"),
        ("25/12/2015", "Did you mean '2015-12-25'?"),
        ("12/11/2015", "Is 12/11/2015 the 12th of November or the 11th of December?"),
        ("2023-04-31", "April 2023 has 30 days."),
        ("2016/17", "2016/17 looks like a financial year"),
        ("Spring 2015", "Write dates as YYYY, YYYY-MM or YYYY-MM-DD, e.g."),
    ],
)
def test_a_date_hint_says_the_date_it_clearly_spells_and_never_guesses(value, fixed):
    """'March 2015' is '2015-03'; 12/11/2015 could be either, so the hint asks; both tiers alike."""
    source = {"id": "s", "kind": "report", "title": "T", "date": value}
    issues = _alone_and_beside("sources", source, ("value.pattern", "$.sources[0].date"))
    assert all((i.hint or "").startswith(fixed) for i in issues), [i.hint for i in issues]
    assert issues[0].hint == issues[1].hint
    with pytest.raises(innovscale.InvalidDocument) as caught:
        innovscale.loads(json.dumps({**HEADER, "sources": [source]}))
    assert caught.value.report.issues[0].hint == issues[0].hint


@pytest.mark.parametrize(
    ("field", "value", "hint"),
    [
        ("sample_size", "120", "Did you mean 120, without the quotes?"),
        ("value", "45%", "Write the number, 45, without the '%'"),
        ("value", "1,200", "Did you mean 1200?"),
        ("value", "n/a", "Give a number here."),
    ],
)
def test_a_number_typed_as_text_gets_the_number(field, value, hint):
    """Text that says a number is answered with the number, by every tier alike."""
    outcome = {"measure": "m", field: value}
    evidence = {
        "id": "e",
        "about": {"innovations": ["i"]},
        "design": "rct",
        "finding": "F",
        "direction": "supports",
        "citation": "s",
        "outcomes": [outcome],
    }
    text = json.dumps({**HEADER, "evidence": [evidence]})
    path = f"$.evidence[0].outcomes[0].{field}"
    (issue,) = [i for i in innovscale.validate(text).issues if i.json_path == path]
    assert issue.code == "value.type"
    assert (issue.hint or "").startswith(hint)
    with pytest.raises(innovscale.InvalidDocument) as caught:
        innovscale.loads(text)
    (loaded,) = [i for i in caught.value.report.issues if i.json_path == path]
    assert loaded.hint == issue.hint


def test_a_code_written_as_its_label_gets_the_code():
    found = issues({"id": "org", "name": "N", "kind": "Social Enterprise"})
    assert (
        found[("value.enum", "$.organisations[0].kind")][1] == "Did you mean 'social_enterprise'?"
    )


def test_a_missing_field_says_what_it_holds_in_the_models_words():
    """The hint is the field's own description, whichever tier found it, in a document or a line."""
    import attrs

    from innovscale.model import Organisation

    described = attrs.fields(Organisation).kind.metadata["description"]
    want = f"Add 'kind': {described[0].lower()}{described[1:]}"
    alone = issues({"id": "org", "name": "N"})
    beside = issues({"id": "org", "name": "N", "country": "England"})
    key = ("value.required", "$.organisations[0].kind")
    assert alone[key][1] == beside[key][1] == want
    line = json.dumps({"organisation": {"id": "org", "name": "N"}}) + "\n"
    (issue,) = innovscale.validate(line, jsonl=True).issues
    assert (issue.code, issue.hint) == ("value.required", want)
