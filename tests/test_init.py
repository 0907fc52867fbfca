"""Tests for the innovscale package: its public names, lazy imports, version and README."""

from __future__ import annotations

import ast
import importlib.metadata
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import innovscale
from innovscale import _version

ROOT = Path(__file__).resolve().parents[1]


def run_python(code: str) -> str:
    """Run ``code`` in a fresh interpreter and return what it prints."""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return result.stdout


def isort_key(name: str) -> tuple[int, str]:
    """The order ruff's RUF022 keeps __all__ in: CONSTANTS, then Classes, then the rest."""
    if name.isupper():
        return (0, name)
    if name[:1].isupper():
        return (1, name)
    return (2, name)


class TestPublicNames:
    def test_all_is_sorted_and_unique(self):
        """__all__ is sorted isort-style (CONSTANTS, Classes, functions) with no repeats."""
        assert innovscale.__all__ == sorted(innovscale.__all__, key=isort_key)
        assert len(set(innovscale.__all__)) == len(innovscale.__all__)

    @pytest.mark.parametrize("name", innovscale.__all__)
    def test_every_name_is_importable(self, name):
        """Every name in __all__ can be imported from innovscale."""
        namespace: dict[str, object] = {}
        exec(f"from innovscale import {name}", namespace)  # noqa: S102
        assert namespace[name] == getattr(innovscale, name)

    def test_star_import(self):
        """from innovscale import * brings every public name."""
        names = json.loads(
            run_python(
                "import json\nfrom innovscale import *\n"
                "print(json.dumps(sorted(n for n in dir() if not n.startswith('__'))))"
            )
        )
        assert set(innovscale.__all__) - {"__version__"} <= set(names)

    def test_dir_lists_public_names(self):
        """dir(innovscale) lists every public name."""
        assert set(innovscale.__all__) <= set(dir(innovscale))

    def test_unknown_name(self):
        """An unknown attribute is an AttributeError naming it."""
        with pytest.raises(AttributeError, match="module 'innovscale' has no attribute 'Nope'"):
            innovscale.Nope  # noqa: B018

    def test_the_type_checking_imports_are_the_table(self):
        """The imports for type checkers name exactly the table, each as ``X as X``."""
        tree = ast.parse(Path(innovscale.__file__).read_text(encoding="utf-8"))
        block = next(
            node
            for node in tree.body
            if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
        )
        imported: dict[str, tuple[str, ...]] = {}
        for node in block.body:
            assert isinstance(node, ast.ImportFrom)
            assert node.module is not None
            assert all(alias.asname == alias.name for alias in node.names)
            imported[node.module] = imported.get(node.module, ()) + tuple(
                alias.name for alias in node.names
            )
        assert imported == innovscale._PUBLIC

    def test_names_come_from_their_modules(self):
        """Each re-exported name is the object of its home module."""
        assert innovscale.Innovation is innovscale.model.Innovation
        assert innovscale.loads is innovscale.serialization.loads
        assert innovscale.InvalidDocument is innovscale.exceptions.InvalidDocument


class TestVersion:
    def test_version(self):
        """__version__ is the installed distribution's version, the one in _version.py."""
        assert innovscale.__version__ == importlib.metadata.version("innovscale")
        assert innovscale.__version__ == _version.__version__
        assert re.match(r"^\d+\.\d+\.\d+", innovscale.__version__)


class TestLazyImports:
    def test_import_is_light(self):
        """import innovscale loads neither cattrs, jsonschema nor hypothesis."""
        loaded = json.loads(
            run_python(
                "import json, sys, innovscale\n"
                "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
                "('cattrs', 'jsonschema', 'hypothesis', 'referencing', 'attrs', 'attr', "
                "'innovscale'))))"
            )
        )
        assert loaded == ["innovscale"]

    def test_model_does_not_need_the_serializers(self):
        """Using the model imports attrs, not cattrs, jsonschema or hypothesis."""
        loaded = json.loads(
            run_python(
                "import json, sys\nfrom innovscale import Innovation, EvidenceBase\n"
                "EvidenceBase(id='b', title='B')\n"
                "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
            )
        )
        assert "attrs" in loaded
        for heavy in ("cattrs", "jsonschema", "hypothesis", "referencing"):
            assert heavy not in loaded

    def test_serializing_does_not_need_hypothesis(self):
        """Serializing does not import hypothesis or the strategies."""
        out = run_python(
            "import sys, innovscale\n"
            "innovscale.dumps(innovscale.EvidenceBase(id='b', title='B'))\n"
            "print('hypothesis' in sys.modules, 'innovscale.strategies' in sys.modules)"
        )
        assert out.split() == ["False", "False"]

    def test_strategies_without_hypothesis(self):
        """Without hypothesis, importing innovscale.strategies says what to install."""
        out = run_python(
            "import sys\nsys.modules['hypothesis'] = None\n"
            "import innovscale\n"
            "try:\n    import innovscale.strategies\n"
            "except ImportError as exc:\n    print(exc)\n"
        )
        assert "pip install innovscale[strategies]" in out


def readme_python_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^```python\n(.*?)^```", text, flags=re.DOTALL | re.MULTILINE)


class TestReadme:
    def test_has_a_python_example(self):
        """The README shows Python code."""
        assert readme_python_blocks()

    @pytest.mark.parametrize("index", range(len(readme_python_blocks())))
    def test_python_example_runs(self, index, tmp_path, monkeypatch):
        """Each ```python block of the README runs as written."""
        monkeypatch.chdir(ROOT)
        code = readme_python_blocks()[index]
        exec(compile(code, f"README.md[python {index}]", "exec"), {"__name__": "__readme__"})  # noqa: S102

    def test_error_example_is_real(self):
        """The README's sample error line is what innovscale prints for that mistake."""
        text = (ROOT / "README.md").read_text(encoding="utf-8")
        match = re.search(r"^(\d+:\d+: error value\.enum: .*)$", text, flags=re.MULTILINE)
        if match is None:
            pytest.skip("the README shows no sample error line")
        document = '{\n  "id": "macmillan",\n  "kind": "charty",\n  "name": "Macmillan"\n}\n'
        with pytest.raises(innovscale.InvalidDocument) as caught:
            innovscale.loads(document, "organisation")
        assert str(caught.value.report.issues[0]) == match.group(1)
