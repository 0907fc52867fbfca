"""Sphinx configuration for the innovscale documentation."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The local extension that renders schemas, vocabularies, the CLI, the error codes
# and the example cases from the code at build time.
sys.path.insert(0, str(HERE / "_ext"))

import innovscale  # noqa: E402

project = "innovscale"
author = "The innovscale developers"
copyright = "2025, The innovscale developers"
release = innovscale.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.napoleon",
    "sphinx.ext.todo",
    "innovscale_docs",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_generated", "how-to/*.csv"]
templates_path: list[str] = []

# -- MyST ---------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "substitution"]
# Curly quotes and ellipses, but never dashes: "--write" must stay two hyphens.
smartquotes_action = "qe"
myst_heading_anchors = 3
myst_substitutions = {"version": release}

# -- Warnings -----------------------------------------------------------------
# Builds run with ``-W -n``: every warning is an error, every reference must resolve.
nitpicky = True
# No intersphinx: the docs build offline. These targets live in other projects'
# documentation, so they cannot resolve here; each entry says which and why.
nitpick_ignore_regex = [
    # The standard library (argparse.ArgumentParser, enum.Enum, os.PathLike, json.loads, importlib.resources...).
    ("py:.*", r"(argparse|collections\.abc|pathlib|os|io|typing|enum|json|importlib)(\..*)?"),
    ("py:class", r"Path"),  # pathlib.Path, as unqualified type names show it
    # cattrs: InnovscaleConverter subclasses cattrs.Converter.
    ("py:class", r"cattrs(\..*)?\.[A-Za-z_]+"),
    # Type variables (T, V) in generic signatures have no page of their own.
    ("py:class", r"(.*\.)?[TV]"),
    ("py:obj", r"innovscale\.analysis\.Row"),  # the row type of analysis.Table
    # pandas: Table.to_pandas returns a DataFrame.
    ("py:class", r"pandas(\..*)?"),
    # jsonschema and referencing: innovscale.schema returns their Validator and Registry.
    ("py:.*", r"(jsonschema|referencing)(\..*)?"),
    ("py:class", r"Validator"),
    # innovscale's own private records, which the converter's methods for generated code
    # return (explained on the architecture page, not part of the public API).
    ("py:class", r"(innovscale\.[\w.]*\.)?(HookInfo|Generated)"),
    ("py:data", r"innovscale\._json\.MAX_DEPTH"),
    # hypothesis: innovscale.strategies returns SearchStrategy objects.
    ("py:class", r"SearchStrategy(\[.*\])?"),
]

# -- autodoc ------------------------------------------------------------------
autodoc_typehints = "description"
autodoc_typehints_description_target = "documented_params"
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_preserve_defaults = True
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False
add_module_names = False
python_use_unqualified_type_names = True

# -- doctest ------------------------------------------------------------------
# Doctests run from the repository root, so paths read as in the README
# ("examples/against-the-odds.json"); the cleanup restores the working directory.
doctest_global_setup = f"""
import os as _os
_docs_cwd = _os.getcwd()
_os.chdir({str(HERE.parent)!r})
import innovscale
"""
doctest_global_cleanup = """
_os.chdir(_docs_cwd)
"""
# Only the ``{doctest}`` blocks of these pages run here. The ``>>>`` examples in
# docstrings need their module's globals, so tests/test_docs.py runs them with
# ``doctest.testmod`` instead; together, every example in the docs runs.
doctest_test_doctest_blocks = ""

# -- HTML ---------------------------------------------------------------------
html_theme = "furo"
html_title = f"innovscale {release}"
html_static_path: list[str] = []
html_theme_options = {
    "navigation_with_keys": True,
}
