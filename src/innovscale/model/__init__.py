"""
The innovscale domain model: frozen, slotted, keyword-only attrs classes.

The model holds no I/O and no JSON; see :mod:`innovscale.serialization` for that.
"""

from innovscale.model.adoption import (
    Adaptation,
    AdopterGroup,
    Adoption,
    Reason,
    SiteMeasure,
    SiteReach,
    StageChange,
    Support,
)
from innovscale.model.base import (
    RECORD_COLLECTIONS,
    RECORD_TYPES,
    SCHEMA_VERSION,
    EvidenceBase,
    Maintainer,
    Record,
)
from innovscale.model.claims import EnablerClaim, EngagementActivity, PolicyLever
from innovscale.model.common import Arm, Funding, Outcome, Period, Source
from innovscale.model.dates import PartialDate
from innovscale.model.evidence import About, Evidence, Grading
from innovscale.model.innovation import (
    Benchmark,
    BusinessModelPeriod,
    Description,
    Element,
    Innovation,
    Licence,
    Origin,
    Relation,
    Revision,
    ScalingVehicle,
    VehicleRole,
)
from innovscale.model.organisation import Organisation
from innovscale.model.reach import ReachMeasure

__all__ = [
    "RECORD_COLLECTIONS",
    "RECORD_TYPES",
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
    "Record",
    "Relation",
    "Revision",
    "ScalingVehicle",
    "SiteMeasure",
    "SiteReach",
    "Source",
    "StageChange",
    "Support",
    "VehicleRole",
]
