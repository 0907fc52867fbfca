"""The examples in docstrings run, and the docs' own extension renders what it promises."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import sys
from pathlib import Path

import pytest

import innovscale
from innovscale import schema as innovscale_schema

DOCS = Path(__file__).resolve().parents[1] / "docs"

#: The public modules, whose docstrings are rendered in the API reference.
PUBLIC_MODULES = list(innovscale._PUBLIC_MODULES)
#: Every other module: the examples in private modules' docstrings run too.
PRIVATE_MODULES = sorted(
    module.name
    for module in pkgutil.walk_packages(innovscale.__path__, "innovscale.")
    if module.name not in PUBLIC_MODULES and module.name != "innovscale.__main__"
)


@pytest.mark.parametrize("name", PUBLIC_MODULES + PRIVATE_MODULES)
def test_docstring_examples_run(name, monkeypatch):
    """Every ``>>>`` example in a public module's docstrings passes."""
    monkeypatch.chdir(DOCS.parent)
    module = importlib.import_module(name)
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"


@pytest.fixture
def ext(monkeypatch):
    pytest.importorskip("sphinx", reason="the docs extension needs the docs extra: '.[docs]'")
    monkeypatch.syspath_prepend(str(DOCS / "_ext"))
    sys.modules.pop("innovscale_docs", None)
    return importlib.import_module("innovscale_docs")


class TestMarkdownHelpers:
    def test_escape(self, ext):
        """Markdown specials in schema text are escaped, not interpreted."""
        assert ext.esc("'<innovation id>#<element id>'") == r"'\<innovation id\>\#\<element id\>'"

    def test_prose_keeps_inline_markup(self, ext):
        """reST ``code`` and *emphasis* in docstrings become Markdown."""
        assert ext.prose("The *Against the Odds* ``core`` codes") == (
            "The *Against the Odds* `core` codes"
        )

    def test_code_span_with_backticks(self, ext):
        """Code spans survive backticks in their content."""
        assert ext.code("a`b") == "``a`b``"


class TestSchemaTables:
    @pytest.mark.parametrize("name", sorted(n for n in innovscale_schema.names() if n != "defs"))
    def test_every_property_has_a_row(self, ext, name):
        """Each record schema's table lists every property, with its requiredness."""
        schema = ext.load_schema(name)
        lines = "\n".join(ext.SchemaIndex().field_table(schema))
        for prop in schema["properties"]:
            assert ext.code(prop) in lines
        assert lines.count("**yes**") == len(schema.get("required", ()))

    def test_vocabulary_refs_link_to_the_vocabulary(self, ext):
        """A $ref to a vocabulary renders as a link to that vocabulary's table."""
        kind, allowed = ext.SchemaIndex().link_ref("defs.schema.json#/$defs/ElementKind")
        assert kind == "string (code)"
        assert "#vocab-elementkind" in allowed


def test_no_page_promises_an_install_from_an_index():
    """Until a release exists, no page tells a user to `pip install innovscale` from an index."""
    import re

    pages = [*DOCS.glob("[!_]*/**/*.md"), *DOCS.glob("*.md"), DOCS.parent / "README.md"]
    bare = re.compile(r"pip install innovscale(?![\w\[@-])|pip install \"innovscale\[")
    offenders = [str(p) for p in pages if bare.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def _python_blocks(text: str) -> list[str]:
    blocks, inside, lines = [], False, []
    for line in text.splitlines():
        if not inside and line.strip() == "```python":
            inside, lines = True, []
        elif inside and line.strip() == "```":
            inside = False
            blocks.append("\n".join(lines))
        elif inside:
            lines.append(line)
    return blocks


@pytest.mark.parametrize("page", sorted(DOCS.rglob("*.md")), ids=lambda p: p.name)
def test_python_blocks_in_the_docs_are_python(page):
    """Every ```python block of a page parses; those quoting the model quote it exactly."""
    import ast

    text = page.read_text(encoding="utf-8")
    if "_build" in page.parts:
        pytest.skip("built output")
    for block in _python_blocks(text):
        ast.parse(block)
    if page.name == "architecture.md":
        model = (DOCS.parent / "src" / "innovscale" / "model" / "common.py").read_text()
        rule = next(b for b in _python_blocks(text) if "funding.amount_without_currency" in b)
        assert rule.replace("class Funding(Typed): ...", "class Funding(Typed):") in model
