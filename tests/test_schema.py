"""The schema loader: names, loading, the offline registry, validators and bundles."""

from __future__ import annotations

import json
import socket
import urllib.request
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from innovscale import SchemaResolutionError, schema
from innovscale.model import EvidenceBase, Organisation
from innovscale.schema._examples import EXAMPLES

REMOTE = "https://example.com/x.json"


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make every way out to the network fail loudly, and record any attempt."""
    attempts: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(repr(args))
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def _chain(exc: BaseException | None) -> list[BaseException]:
    out = []
    while exc is not None:
        out.append(exc)
        exc = exc.__cause__ or exc.__context__
    return out


def test_names_cover_every_record_type() -> None:
    """names() lists the evidence base, each record type, the shared defs and the JSONL line."""
    assert schema.names() == [
        "adoption",
        "defs",
        "enabler-claim",
        "engagement-activity",
        "evidence",
        "evidence-base",
        "innovation",
        "jsonl-line",
        "organisation",
        "policy-lever",
        "reach-measure",
        "source",
    ]


def test_load_accepts_python_style_names() -> None:
    """'evidence_base' and 'evidence-base' name the same schema."""
    assert schema.load("evidence_base") == schema.load("evidence-base")
    assert schema.load("evidence_base")["title"] == "EvidenceBase"


def test_load_returns_a_copy() -> None:
    """Changing a loaded schema does not change what innovscale validates with."""
    loaded = schema.load("organisation")
    loaded["properties"].clear()
    loaded["additionalProperties"] = True
    assert schema.load("organisation")["properties"]
    assert not schema.validator("organisation").is_valid({**EXAMPLES[Organisation], "x": 1})


def test_unknown_schema_is_a_clear_error() -> None:
    """An unknown name raises SchemaResolutionError listing the known names."""
    with pytest.raises(SchemaResolutionError, match=r"no schema named 'nope'.*evidence-base"):
        schema.load("nope")


def test_uri_is_the_absolute_id() -> None:
    """uri() is the schema's absolute, versioned $id."""
    assert schema.uri("evidence_base") == (
        "https://innovscale.org/schemas/2.0/evidence-base.schema.json"
    )


def test_registry_holds_every_schema_under_its_id() -> None:
    """Every shipped schema is in the registry under its $id, with its contents."""
    registry = schema.registry()
    for name in schema.names():
        assert registry.contents(schema.uri(name)) == schema.load(name)


def test_cross_file_refs_resolve_offline(no_network: list[str]) -> None:
    """The evidence-base schema validates through refs into other files without the network."""
    validator = schema.validator("evidence-base")
    assert validator.is_valid(EXAMPLES[EvidenceBase])
    broken = json.loads(json.dumps(EXAMPLES[EvidenceBase]))
    broken["innovations"][0]["elements"][1]["kind"] = "central"
    errors = list(validator.iter_errors(broken))
    assert [list(e.absolute_path) for e in errors] == [["innovations", 0, "elements", 1, "kind"]]
    assert no_network == []


def test_remote_ref_is_refused_without_network(no_network: list[str]) -> None:
    """A $ref outside innovscale fails with SchemaResolutionError and never goes online."""
    validator = Draft202012Validator({"$ref": REMOTE}, registry=schema.registry())
    with pytest.raises(Exception) as caught:
        validator.validate({})
    refused = [e for e in _chain(caught.value) if isinstance(e, SchemaResolutionError)]
    assert refused, f"no SchemaResolutionError in {_chain(caught.value)!r}"
    assert REMOTE in str(refused[0])
    assert "never fetches schemas over the network" in str(refused[0])
    assert no_network == []


def test_registry_lookup_of_a_remote_uri_is_refused(no_network: list[str]) -> None:
    """Resolving a remote URI directly through the registry raises SchemaResolutionError."""
    resolver = schema.registry().resolver()
    with pytest.raises(Exception) as caught:
        resolver.lookup(REMOTE)
    assert any(isinstance(e, SchemaResolutionError) for e in _chain(caught.value))
    assert no_network == []


def test_validator_checks_formats_and_caches() -> None:
    """validator() is cached per name and uses the 2020-12 dialect."""
    assert schema.validator("organisation") is schema.validator("organisation")
    assert isinstance(schema.validator("organisation"), Draft202012Validator)
    assert schema.validator("organisation").format_checker is not None


def _walk(node: Any) -> list[Any]:
    out = [node]
    if isinstance(node, dict):
        for value in node.values():
            out.extend(_walk(value))
    elif isinstance(node, list):
        for value in node:
            out.extend(_walk(value))
    return out


@pytest.mark.parametrize("name", schema.names())
def test_bundle_is_self_contained(name: str, no_network: list[str]) -> None:
    """A bundle has no $ref and no $id, passes the metaschema and validates without a registry."""
    bundled = schema.bundle(name)
    assert not [n for n in _walk(bundled) if isinstance(n, dict) and "$ref" in n]
    assert "$id" not in bundled
    Draft202012Validator.check_schema(bundled)
    validator = Draft202012Validator(bundled)
    for example in schema.load(name).get("examples", []):
        assert validator.is_valid(example)
    if name != "defs":  # the shared definitions constrain nothing at the top level
        assert not validator.is_valid({"unexpected": True})
    assert no_network == []


def test_bundle_keeps_descriptions_of_referencing_properties() -> None:
    """An inlined $ref keeps the description written beside it, not the target's."""
    bundled = schema.bundle("adoption")
    stage = bundled["properties"]["stage"]
    assert stage["description"] == schema.load("adoption")["properties"]["stage"]["description"]
    assert "enum" in stage
    assert "x-terms" in stage


def test_bundle_of_unknown_schema_is_refused() -> None:
    """bundle() of an unknown name raises SchemaResolutionError."""
    with pytest.raises(SchemaResolutionError):
        schema.bundle("nope")
