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
    # For type checkers only: the names of _PUBLIC, each re-exported explicitly
    # (``X as X``). tests/test_init.py checks this block names exactly the table.
    from innovscale.exceptions import (
        FileWriteError as FileWriteError,
        InnovscaleError as InnovscaleError,
        InvalidDocument as InvalidDocument,
        InvariantError as InvariantError,
        MissingExtra as MissingExtra,
        SchemaResolutionError as SchemaResolutionError,
    )
    from innovscale.model import (
        SCHEMA_VERSION as SCHEMA_VERSION,
        About as About,
        Adaptation as Adaptation,
        AdopterGroup as AdopterGroup,
        Adoption as Adoption,
        Arm as Arm,
        Benchmark as Benchmark,
        BusinessModelPeriod as BusinessModelPeriod,
        Description as Description,
        Element as Element,
        EnablerClaim as EnablerClaim,
        EngagementActivity as EngagementActivity,
        Evidence as Evidence,
        EvidenceBase as EvidenceBase,
        Funding as Funding,
        Grading as Grading,
        Innovation as Innovation,
        Licence as Licence,
        Maintainer as Maintainer,
        Organisation as Organisation,
        Origin as Origin,
        Outcome as Outcome,
        PartialDate as PartialDate,
        Period as Period,
        PolicyLever as PolicyLever,
        ReachMeasure as ReachMeasure,
        Reason as Reason,
        Relation as Relation,
        Revision as Revision,
        ScalingVehicle as ScalingVehicle,
        SiteMeasure as SiteMeasure,
        SiteReach as SiteReach,
        Source as Source,
        StageChange as StageChange,
        Support as Support,
        VehicleRole as VehicleRole,
    )
    from innovscale.report import (
        Issue as Issue,
        Severity as Severity,
        ValidationReport as ValidationReport,
    )
    from innovscale.serialization import (
        dump as dump,
        dumpb as dumpb,
        dumps as dumps,
        dumps_jsonl as dumps_jsonl,
        iter_jsonl as iter_jsonl,
        load as load,
        load_example as load_example,
        load_jsonl as load_jsonl,
        loads as loads,
        structure as structure,
        unstructure as unstructure,
        write_jsonl as write_jsonl,
    )
    from innovscale.validation import (
        is_valid as is_valid,
        load_valid as load_valid,
        validate as validate,
    )

#: Every public name of the package, by the module it lives in: the one list from
#: which ``__all__`` and the imports on first use are made.
_PUBLIC: dict[str, tuple[str, ...]] = {
    "innovscale.exceptions": (
        "FileWriteError",
        "InnovscaleError",
        "InvalidDocument",
        "InvariantError",
        "MissingExtra",
        "SchemaResolutionError",
    ),
    "innovscale.model": (
        "SCHEMA_VERSION",
        "About",
        "Adaptation",
        "AdopterGroup",
        "Adoption",
        "Arm",
        "Benchmark",
        "BusinessModelPeriod",
        "Description",
        "Element",
        "EnablerClaim",
        "EngagementActivity",
        "Evidence",
        "EvidenceBase",
        "Funding",
        "Grading",
        "Innovation",
        "Licence",
        "Maintainer",
        "Organisation",
        "Origin",
        "Outcome",
        "PartialDate",
        "Period",
        "PolicyLever",
        "ReachMeasure",
        "Reason",
        "Relation",
        "Revision",
        "ScalingVehicle",
        "SiteMeasure",
        "SiteReach",
        "Source",
        "StageChange",
        "Support",
        "VehicleRole",
    ),
    "innovscale.report": (
        "Issue",
        "Severity",
        "ValidationReport",
    ),
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
    "innovscale.validation": (
        "is_valid",
        "load_valid",
        "validate",
    ),
}

_WHERE = {name: module for module, names in _PUBLIC.items() for name in names}

#: The public modules: the names in each one's ``__all__`` are public API, and every
#: other module (those whose names start with an underscore) is not. The API reference
#: and the compatibility page are made from this list.
_PUBLIC_MODULES = (
    "innovscale",
    "innovscale.exceptions",
    "innovscale.model",
    "innovscale.model.dates",
    "innovscale.vocab",
    "innovscale.serialization",
    "innovscale.folder",
    "innovscale.tables",
    "innovscale.sheets",
    "innovscale.citations",
    "innovscale.analysis",
    "innovscale.review",
    "innovscale.schema",
    "innovscale.validation",
    "innovscale.report",
    "innovscale.strategies",
    "innovscale.cli",
)


def _order(name: str) -> tuple[int, str]:
    # Constants, then classes, then functions, as ruff keeps a written __all__ (RUF022).
    return (0 if name.isupper() else 1 if name[:1].isupper() else 2, name)


__all__ = sorted(["__version__", *_WHERE], key=_order)  # noqa: PLE0605 - from _PUBLIC


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
