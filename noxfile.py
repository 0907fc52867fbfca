"""
Sessions over every Python the package declares (run by ``.ci/run``).

The interpreters come from the ``Programming Language :: Python :: 3.x`` classifiers
in ``pyproject.toml``, so a version that is declared is a version that is tested, and
a declared version missing from the machine fails the run (it is never skipped).

    nox -s tests          # the README's test command and quick start, on each Python
    nox -s tests-3.12     # one of them
"""

from __future__ import annotations

import re
from pathlib import Path

import nox

ROOT = Path(__file__).parent
nox.options.error_on_missing_interpreters = True
nox.options.default_venv_backend = "venv"
nox.options.sessions = ["tests"]


def declared_pythons() -> list[str]:
    """The ``3.x`` versions named by the package's classifiers, oldest first."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    found = re.findall(r'"Programming Language :: Python :: (3\.\d+)"', text)
    return sorted(found, key=lambda v: tuple(map(int, v.split("."))))


@nox.session(python=declared_pythons())
def tests(session: nox.Session) -> None:
    """The README's quick start and test command, from a fresh virtual environment."""
    session.install(".")
    session.run("innovscale", "validate", "--strict", "examples/")
    session.install(".[tests]")
    session.run("python", "-m", "pytest", *session.posargs)
