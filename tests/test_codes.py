"""Issue codes as values: defined once where raised, collected by the catalogue."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from innovscale import _codes
from innovscale.report import Severity
from innovscale.validation import _catalogue, catalogue

SRC = Path(__file__).resolve().parents[1] / "src"


def _modules_that_define() -> set[str]:
    found = set()
    for path in (SRC / "innovscale").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "define"
        ]
        if calls and path.name != "_codes.py":
            module = ".".join(path.relative_to(SRC).with_suffix("").parts)
            found.add(module.removesuffix(".__init__"))
    return found


def test_the_catalogue_imports_every_module_that_defines_codes():
    assert _modules_that_define() == set(_catalogue._DEFINING)


def test_a_fresh_catalogue_holds_every_defined_code():
    """Made before anything else is imported, the catalogue still has every code."""
    code = (
        "import json, pkgutil, importlib, innovscale\n"
        "from innovscale.validation import catalogue\n"
        "listed = {e.code for e in catalogue()}\n"
        "from innovscale import _codes\n"
        "for m in pkgutil.walk_packages(innovscale.__path__, 'innovscale.'):\n"
        "    if m.name != 'innovscale.__main__': importlib.import_module(m.name)\n"
        "print(json.dumps(sorted(set(_codes.defined()) - listed)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out) == []


def test_a_code_is_defined_once():
    with pytest.raises(ValueError, match="defined twice"):
        _codes.define(
            "parse.syntax", tier="parse", title="-", explanation="-", example="-", fix="-"
        )


def test_issues_and_errors_carry_the_code_and_its_severity():
    entries = _codes.defined()
    for entry in entries.values():
        issue = entry.issue("what is wrong", path=("a", 0), hint="how to fix it")
        assert (issue.code, issue.severity) == (entry.code, entry.severity)
        assert issue.path == ("a", 0)
        error = entry.error("what is wrong", path=("a",), value=1)
        assert (error.code, error.path, error.value) == (entry.code, ("a",), 1)
    assert entries["parse.bom"].severity is Severity.WARNING
    assert entries["source.unused"].severity is Severity.WARNING


def test_every_defined_code_is_in_the_catalogue_once():
    codes = [e.code for e in catalogue()]
    assert len(codes) == len(set(codes))
    assert set(_codes.defined()) <= set(codes)
