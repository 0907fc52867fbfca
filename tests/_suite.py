"""
The data-driven validation suite: ``tests/fixtures/valid`` and ``tests/fixtures/invalid``.

Every file in ``valid/`` must validate with no issue at all. Every file in
``invalid/`` is listed in ``invalid/expected.json`` with the issues (code and
JSON path) it must raise; parse-tier fixtures are not JSON, so the
expectations live in that manifest rather than in the files.
"""

from __future__ import annotations

import json
from pathlib import Path

import attrs

FIXTURES = Path(__file__).resolve().parent / "fixtures"
VALID = FIXTURES / "valid"
INVALID = FIXTURES / "invalid"
MANIFEST = INVALID / "expected.json"

#: Warnings that format 2.0 added, which an upgraded 1.0 document may show.
NEW_IN_2_0 = frozenset(
    {
        "adaptation.core_unjudged",
        "adoption.discontinued_without_end",
        "adoption.stage_after_end",
        "outcome.sample_zero",
    }
)

#: Fixtures of format 1.0 (in ``fixtures/v1.0``) that have no upgraded counterpart,
#: and why; a current fixture may have the same name and test something else.
RETIRED = {
    "full.json": (
        "its adoption is 'sustaining' in a period that ended, which 2.0 warns about "
        "(adoption.stage_after_end); the current full.json is its upgrade with the stage "
        "'discontinued'"
    ),
    "value-maximum.json": (
        "an origin's year had a maximum; in 2.0 an origin is a date, whose year has none"
    ),
}


@attrs.frozen
class Expected:
    """One issue an invalid fixture must raise."""

    code: str
    path: str


@attrs.frozen
class Case:
    """One fixture file and what it must raise."""

    path: Path
    expected: tuple[Expected, ...]

    @property
    def name(self) -> str:
        """The file name, used as the test id."""
        return self.path.name


def fixture_files(directory: Path) -> list[Path]:
    """The JSON and JSON Lines fixtures in ``directory``, without the manifest."""
    return sorted(
        p for p in directory.iterdir() if p.suffix in (".json", ".jsonl") and p != MANIFEST
    )


def valid_cases() -> list[Path]:
    """Every valid fixture."""
    return fixture_files(VALID)


def invalid_cases() -> list[Case]:
    """Every invalid fixture with its expected issues, from the manifest."""
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return [
        Case(
            path=INVALID / name,
            expected=tuple(Expected(code=e["code"], path=e["path"]) for e in expected),
        )
        for name, expected in sorted(manifest.items())
    ]
