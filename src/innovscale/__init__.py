"""
innovscale: a typed, validated model of how health-care innovations scale.

Record innovations with their core and adaptable elements, the adopters that
take them up and how they adapt them, the enablers of scale, the policy levers
and support involved, and the evidence for each claim.

The public API is importable from here; submodules load on first use, so
``import innovscale`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from innovscale.exceptions import (
        FileWriteError,
        InnovscaleError,
        InvalidDocument,
        InvariantError,
        SchemaResolutionError,
    )
    from innovscale.model import (
        SCHEMA_VERSION,
        About,
        Adaptation,
        Adoption,
        Description,
        Element,
        EnablerClaim,
        EngagementActivity,
        Evidence,
        EvidenceBase,
        Funding,
        Grading,
        Innovation,
        Maintainer,
        Organisation,
        Origin,
        Outcome,
        PartialDate,
        Period,
        PolicyLever,
        ReachMeasure,
        Reason,
        ScalingVehicle,
        SiteReach,
        Source,
        Support,
    )
    from innovscale.report import Issue, Severity, ValidationReport
    from innovscale.serialization import (
        dump,
        dumpb,
        dumps,
        dumps_jsonl,
        iter_jsonl,
        load,
        load_example,
        load_jsonl,
        loads,
        structure,
        unstructure,
        write_jsonl,
    )
    from innovscale.validation import is_valid, load_valid, validate

__all__ = [
    "SCHEMA_VERSION",
    "About",
    "Adaptation",
    "Adoption",
    "Description",
    "Element",
    "EnablerClaim",
    "EngagementActivity",
    "Evidence",
    "EvidenceBase",
    "FileWriteError",
    "Funding",
    "Grading",
    "Innovation",
    "InnovscaleError",
    "InvalidDocument",
    "InvariantError",
    "Issue",
    "Maintainer",
    "Organisation",
    "Origin",
    "Outcome",
    "PartialDate",
    "Period",
    "PolicyLever",
    "ReachMeasure",
    "Reason",
    "ScalingVehicle",
    "SchemaResolutionError",
    "Severity",
    "SiteReach",
    "Source",
    "Support",
    "ValidationReport",
    "__version__",
    "dump",
    "dumpb",
    "dumps",
    "dumps_jsonl",
    "is_valid",
    "iter_jsonl",
    "load",
    "load_example",
    "load_jsonl",
    "load_valid",
    "loads",
    "structure",
    "unstructure",
    "validate",
    "write_jsonl",
]

_HOMES = {
    "innovscale.exceptions": (
        "FileWriteError",
        "InnovscaleError",
        "InvalidDocument",
        "InvariantError",
        "SchemaResolutionError",
    ),
    "innovscale.model": (
        "SCHEMA_VERSION",
        "About",
        "Adaptation",
        "Adoption",
        "Description",
        "Element",
        "EnablerClaim",
        "EngagementActivity",
        "Evidence",
        "EvidenceBase",
        "Funding",
        "Grading",
        "Innovation",
        "Maintainer",
        "Organisation",
        "Origin",
        "Outcome",
        "PartialDate",
        "Period",
        "PolicyLever",
        "ReachMeasure",
        "Reason",
        "ScalingVehicle",
        "SiteReach",
        "Source",
        "Support",
    ),
    "innovscale.report": ("Issue", "Severity", "ValidationReport"),
    "innovscale.serialization": (
        "dump",
        "dumpb",
        "dumps",
        "dumps_jsonl",
        "iter_jsonl",
        "load",
        "load_example",
        "load_jsonl",
        "loads",
        "structure",
        "unstructure",
        "write_jsonl",
    ),
    "innovscale.validation": ("is_valid", "load_valid", "validate"),
}
_WHERE = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

        try:
            return version("innovscale")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            from innovscale._version import __version__  # noqa: PLC0415

            return __version__
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'innovscale' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
