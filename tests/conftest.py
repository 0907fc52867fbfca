"""Shared test configuration: hypothesis profiles and paths."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]

# A failure inside generated code raises in the tests instead of falling back to the
# cattrs functions (see innovscale.serialization.InnovscaleConverter); set before any
# converter is made, and inherited by the command-line runs the tests start.
os.environ.setdefault("INNOVSCALE_STRICT_GENERATED", "1")

if TYPE_CHECKING:
    from innovscale.model import EvidenceBase
    from innovscale.serialization import InnovscaleConverter

settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "dev",
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("fast", max_examples=10, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="module")
def reference_converter() -> InnovscaleConverter:
    """A converter with cattrs' own functions only: the reference of the differential tests."""
    from innovscale.serialization import make_converter

    return make_converter(generated=False)


@pytest.fixture(scope="module")
def generated_base() -> EvidenceBase:
    """A small evidence base from the benchmarks' generator."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import generate

        return generate.evidence_base("small", 12)
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))


@pytest.fixture(scope="module")
def small_base() -> dict[str, Any]:
    """The small benchmark evidence base (100 innovations, about 1,700 records) as plain data."""
    from innovscale.serialization import unstructure

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import generate

        return unstructure(generate.evidence_base("small", generate.SIZES["small"]))
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
