"""
Controlled vocabularies.

Every enumeration in the model is a :class:`Vocabulary`: an :class:`enum.Enum`
whose members carry a ``code`` (the value written to JSON), a human ``label``,
a ``definition`` and the ``source`` framework it comes from.
The JSON Schemas and the documentation are generated from these classes,
so a code, its meaning and its provenance live in exactly one place.

>>> from innovscale.vocab import Enabler
>>> Enabler.COMMISSIONING.code
'commissioning_for_sustainable_spread'
>>> Enabler("commissioning_for_sustainable_spread").label
'Commissioning for sustainable spread'
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "FRAMEWORKS",
    "AdaptationGoal",
    "AdaptationStatus",
    "AdoptionStage",
    "AnalysisUnit",
    "ArmRole",
    "BenchmarkKind",
    "BusinessModel",
    "ClaimStatus",
    "ClaimStrength",
    "Comparator",
    "ContextualAspect",
    "DeliveryLevel",
    "Direction",
    "Dominance",
    "EffectMeasure",
    "ElementKind",
    "Enabler",
    "EngagementKind",
    "EvidenceDesign",
    "EvidenceRole",
    "Fidelity",
    "FourS",
    "GradeLevel",
    "GradingScheme",
    "ImplementationOutcomeLevel",
    "InnovationKind",
    "LeverKind",
    "LeverRole",
    "LicenceEnd",
    "ModificationDecider",
    "ModificationNature",
    "ModificationTarget",
    "NestaLevel",
    "NiceEsf2018Tier",
    "NiceEsf2022Tier",
    "OrganisationKind",
    "Phase",
    "Planning",
    "Qualifier",
    "ReAimDimension",
    "ReachMetric",
    "ReasonLevel",
    "RelationKind",
    "Sanction",
    "SignLevel",
    "SourceKind",
    "SupportKind",
    "Unit",
    "VehicleRoleKind",
    "VehicleType",
    "Vocabulary",
    "all_vocabularies",
]

#: Short keys for the frameworks the vocabularies come from, with a citation.
FRAMEWORKS: dict[str, str] = {
    "against-the-odds": (
        "Albury D, Beresford T, Dew S, Horton T, Illingworth J, Langford K. Against the odds: "
        "successfully scaling innovation in the NHS. "
        "Innovation Unit and The Health Foundation, 2018."
    ),
    "4s": (
        "The 4S features of engagement activities that spread practice (social, situated, "
        "sustained, starting with the learner's question), as described in the 2018 article on "
        "spreading innovation in children's services cited in the Against the Odds coverage."
    ),
    "frame": (
        "Wiltsey Stirman S, Baumann AA, Miller CJ. The FRAME: an expanded framework for reporting "
        "adaptations and modifications to evidence-based interventions. Implement Sci 2019;14:58. "
        "https://doi.org/10.1186/s13012-019-0898-y"
    ),
    "tidier": (
        "Hoffmann TC, Glasziou PP, Boutron I, et al. Better reporting of interventions: "
        "template for intervention description and replication (TIDieR). BMJ 2014;348:g1687. "
        "https://doi.org/10.1136/bmj.g1687"
    ),
    "re-aim": (
        "Glasgow RE, Vogt TM, Boles SM. Evaluating the public health impact of health promotion "
        "interventions: the RE-AIM framework. Am J Public Health 1999;89:1322-7."
    ),
    "proctor": (
        "Proctor E, Silmere H, Raghavan R, et al. Outcomes for implementation research. "
        "Adm Policy Ment Health 2011;38:65-76. https://doi.org/10.1007/s10488-010-0319-7"
    ),
    "grade": (
        "Balshem H, Helfand M, Schunemann HJ, et al. GRADE guidelines: 3. Rating the quality of "
        "evidence. J Clin Epidemiol 2011;64:401-6."
    ),
    "nice-esf": (
        "NICE. Evidence standards framework for digital health technologies (ECD7), 2018 and 2022 "
        "editions. https://www.nice.org.uk/corporate/ecd7"
    ),
    "nesta": (
        "Nesta Standards of Evidence, levels 1 to 5. "
        "https://www.nesta.org.uk/feature/innovation-methods/standards-evidence/"
    ),
    "sign": "SIGN/NICE levels of evidence (1++ to 4) for clinical guideline development.",
    "innovscale": "Defined by innovscale for this model.",
}


class Vocabulary(enum.Enum):
    """
    Base class of every controlled vocabulary.

    A member is declared as ``NAME = (code, label, definition, source)``;
    its :attr:`~enum.Enum.value` is the code.
    """

    label: str
    definition: str
    source: str

    def __new__(cls, code: str, label: str, definition: str, source: str) -> Vocabulary:  # noqa: PYI034
        """Make a member whose value is ``code``."""
        obj = object.__new__(cls)
        obj._value_ = code
        obj.label = label
        obj.definition = definition
        obj.source = source
        return obj

    @property
    def code(self) -> str:
        """The code written to JSON."""
        code: str = self._value_  # what ``value`` gives, without the descriptor's cost
        return code

    @classmethod
    def codes(cls) -> list[str]:
        """All codes of this vocabulary, in declaration order."""
        return [member.code for member in cls]

    @classmethod
    def terms(cls) -> list[dict[str, str]]:
        """Each member as a ``{code, label, definition, source}`` mapping, for docs and schemas."""
        return [
            {"code": m.code, "label": m.label, "definition": m.definition, "source": m.source}
            for m in cls
        ]

    @classmethod
    def allows_other(cls) -> bool:
        """Whether the vocabulary has an ``other`` member, to be explained in free text."""
        return "other" in cls._value2member_map_

    def __repr__(self) -> str:
        return f"<{type(self).__name__}.{self.name}: {self.code!r}>"


_ATO = "against-the-odds"
_IS = "innovscale"


def _unknown(what: str) -> tuple[str, str, str, str]:
    """The ``unknown`` member: the sources do not state it (see the domain explanation)."""
    return (
        "unknown",
        "Not stated",
        f"The sources do not state the {what}; recorded as unknown rather than guessed.",
        _IS,
    )


def _other(what: str) -> tuple[str, str, str, str]:
    return ("other", "Other", f"Any other {what}; say which in the accompanying text field.", _IS)


class Enabler(Vocabulary):
    """The eight enablers of scale identified by *Against the Odds* (2018)."""

    NETWORKS_AND_NARRATIVES = (
        "building_demand_through_existing_networks_and_narratives",
        "Building demand through existing networks and narratives",
        (
            "Demand for the innovation grew through networks, professional communities and stories "
            "that people already trusted, rather than through new channels."
        ),
        _ATO,
    )
    EVIDENCE_BUILDS_DEMAND = (
        "using_evidence_to_build_demand",
        "Using evidence to build demand",
        (
            "Evidence of impact, in forms that matter to adopters and commissioners, was used to "
            "persuade organisations to take the innovation up."
        ),
        _ATO,
    )
    FIDELITY_AND_ADAPTABILITY = (
        "balancing_fidelity_quality_and_adaptability",
        "Balancing fidelity, quality and adaptability",
        (
            "Core elements were held firm and quality assured while adopters adapted the rest to "
            "their setting ('tenacity and translation')."
        ),
        _ATO,
    )
    SCALING_VEHICLES = (
        "scaling_vehicles_rather_than_lone_champions",
        "Scaling vehicles rather than lone champions",
        (
            "A dedicated organisation or group (spin-out, charity, collaborative, national "
            "programme) drove spread, rather than an individual champion alongside a day job."
        ),
        _ATO,
    )
    SYSTEM_PRIORITIES = (
        "capitalising_on_national_and_local_system_priorities",
        "Capitalising on national and local system priorities",
        (
            "The innovation was framed as an answer to national or local priorities, which opened "
            "doors and resources."
        ),
        _ATO,
    )
    POLICY_AND_FINANCIAL_LEVERS = (
        "using_policy_and_financial_levers_to_kick_start_momentum",
        "Using policy and financial levers to kick-start momentum",
        "Guidance, targets, tariffs, incentives or mandates started or accelerated uptake.",
        _ATO,
    )
    COMMISSIONING = (
        "commissioning_for_sustainable_spread",
        "Commissioning for sustainable spread",
        (
            "Commissioning arrangements paid for the innovation routinely, so that spread lasted "
            "beyond initial funding."
        ),
        _ATO,
    )
    EXTERNAL_FUNDING = (
        "external_funding_to_support_spread",
        "External funding to support spread",
        (
            "Money from outside the usual NHS budgets (charities, lotteries, national programmes, "
            "research funders) paid for spread."
        ),
        _ATO,
    )


class FourS(Vocabulary):
    """The 4S features of engagement activities that spread practice."""

    SOCIAL = (
        "social",
        "Social",
        "People learn together, through relationships and conversation, not alone.",
        "4s",
    )
    SITUATED = (
        "situated",
        "Situated",
        "Learning happens in or close to the participants' own workplace and practice.",
        "4s",
    )
    SUSTAINED = (
        "sustained",
        "Sustained",
        "The activity continues over time rather than as a one-off event.",
        "4s",
    )
    LEARNER_QUESTION = (
        "starts_with_learner_question",
        "Starts with the learner's question",
        "The activity begins from a question or problem the participants themselves bring.",
        "4s",
    )


class ElementKind(Vocabulary):
    """Whether an element of an innovation must be held or may be adapted."""

    CORE = (
        "core",
        "Core",
        "An element essential to the innovation's impact; adopters hold it ('tenacity').",
        _ATO,
    )
    ADAPTABLE = (
        "adaptable",
        "Adaptable",
        (
            "An element adopters may change within a stated range to fit their setting "
            "('translation')."
        ),
        _ATO,
    )


class OrganisationKind(Vocabulary):
    """Kinds of organisation that innovate, adopt, fund, commission or drive spread."""

    NHS_TRUST = ("nhs_trust", "NHS trust", "An NHS trust or foundation trust providing care.", _IS)
    COMMISSIONER = (
        "commissioner",
        "Commissioner",
        (
            "A body that buys health services: ICB, CCG, PCT, health authority or local authority "
            "as commissioner."
        ),
        _IS,
    )
    GP_PRACTICE = ("gp_practice", "GP practice", "A general practice or primary care network.", _IS)
    CHARITY = ("charity", "Charity", "A registered charity or foundation.", _IS)
    SOCIAL_ENTERPRISE = (
        "social_enterprise",
        "Social enterprise",
        "A business with social aims, including NHS spin-outs and community interest companies.",
        _IS,
    )
    COMPANY = ("company", "Company", "A commercial company, such as a manufacturer.", _IS)
    UNIVERSITY = (
        "university",
        "University",
        "A university, medical school or academic research unit.",
        _IS,
    )
    GOVERNMENT_BODY = (
        "government_body",
        "Government body",
        (
            "A government department or arm's-length body (e.g. Department of Health, NHS England, "
            "NICE)."
        ),
        _IS,
    )
    NETWORK = (
        "network",
        "Network",
        "A health-innovation network, AHSN, clinical network or collaborative.",
        _IS,
    )
    PROFESSIONAL_BODY = (
        "professional_body",
        "Professional body",
        "A royal college, professional association or regulator of a profession.",
        _IS,
    )
    HEALTH_BOARD = (
        "health_board",
        "Health board",
        "A health board that plans and provides care for an area (Scotland, Wales).",
        _IS,
    )
    LOCAL_AUTHORITY = (
        "local_authority",
        "Local authority",
        "A council or other local government body, as provider or commissioner.",
        _IS,
    )
    CARE_PROVIDER = (
        "care_provider",
        "Independent or non-profit care provider",
        "A provider of care outside the NHS, non-profit or independent, in the UK or abroad.",
        _IS,
    )
    OTHER = _other("kind of organisation")


class InnovationKind(Vocabulary):
    """What sort of thing an innovation is."""

    SERVICE_MODEL = (
        "service_model",
        "Service model",
        "A new way of organising and delivering a service or pathway.",
        _IS,
    )
    WORKFORCE_ROLE = (
        "workforce_role",
        "Workforce role",
        "A new or redesigned professional or lay role.",
        _IS,
    )
    DIGITAL_TECHNOLOGY = (
        "digital_technology",
        "Digital technology",
        "Software, telehealth or another digital health technology.",
        _IS,
    )
    DIAGNOSTIC_TEST = (
        "diagnostic_test",
        "Diagnostic test",
        "A test or assay used to diagnose or rule out a condition.",
        _IS,
    )
    MEDICAL_DEVICE = (
        "medical_device",
        "Medical device",
        "A device used in treatment or monitoring, such as an implant.",
        _IS,
    )
    PROGRAMME = (
        "programme",
        "Therapy or education programme",
        "A structured therapy, education or training programme delivered to patients or staff.",
        _IS,
    )
    ORGANISATIONAL_PRACTICE = (
        "organisational_practice",
        "Organisational practice",
        "A practice within organisations, such as a staff forum or way of working.",
        _IS,
    )
    OTHER = _other("kind of innovation")


class VehicleType(Vocabulary):
    """Kinds of scaling vehicle: the organisation or arrangement that drives spread."""

    SPIN_OUT = (
        "spin_out",
        "Spin-out",
        "An organisation spun out from the NHS or a university to take the innovation to scale.",
        _ATO,
    )
    CHARITY = ("charity", "Charity", "A charity that drives spread as part of its mission.", _ATO)
    LICENSED_COLLABORATIVE = (
        "licensed_collaborative",
        "Licensed collaborative",
        "A collaborative of adopters bound by a licence and quality assurance.",
        _ATO,
    )
    NHS_HOSTED_PROGRAMME = (
        "nhs_hosted_programme",
        "NHS-hosted programme",
        "A team or programme hosted by an NHS organisation that supports other adopters.",
        _ATO,
    )
    NATIONAL_PROGRAMME = (
        "national_programme",
        "National programme",
        "A programme run or funded nationally, e.g. by the Department of Health or NHS England.",
        _ATO,
    )
    NETWORK = (
        "network",
        "Network or AHSN",
        "A health-innovation network, AHSN or clinical network that spreads the innovation.",
        _ATO,
    )
    MANUFACTURER = (
        "manufacturer",
        "Manufacturer",
        "A company that makes and sells the product.",
        _ATO,
    )
    PROFESSIONAL_BODY = (
        "professional_body",
        "Professional body",
        "A professional body that promotes the innovation through standards or training.",
        _IS,
    )
    COMMUNITY_OF_PRACTICE = (
        "community_of_practice",
        "Community of practice",
        "A self-organising community of practitioners that shares the innovation.",
        _ATO,
    )
    SOCIAL_ENTERPRISE = (
        "social_enterprise",
        "Social enterprise",
        (
            "A business with social aims (a community interest company, an NHS spin-out) that "
            "trades to spread the innovation."
        ),
        _ATO,
    )
    SOCIAL_FRANCHISE = (
        "social_franchise",
        "Social franchise",
        (
            "A franchisor that licenses franchisees to deliver the innovation to a shared model, "
            "with support and quality assurance; name the franchisor and franchisees with their "
            "roles in the vehicle's organisations."
        ),
        _IS,
    )
    IP_OWNER = (
        "ip_owner",
        "Intellectual property owner or licensor",
        "The owner of the innovation's intellectual property, which licenses others to use it.",
        _IS,
    )
    FUNDING_PROGRAMME = (
        "funding_programme",
        "Funding programme",
        "A programme that pays adopters to take the innovation up, without delivering it.",
        _IS,
    )
    OTHER = _other("kind of scaling vehicle")


class BusinessModel(Vocabulary):
    """How a scaling vehicle pays for its work."""

    LICENCE_FEE = (
        "licence_fee",
        "Licence fee",
        "Adopters pay a fee for a licence to use the innovation.",
        _IS,
    )
    MEMBERSHIP_FEE = (
        "membership_fee",
        "Membership fee",
        "Adopters pay a recurring fee to belong to a collaborative or network.",
        _IS,
    )
    GRANT = ("grant", "Grant", "Funded by grants from charities, lotteries or government.", _IS)
    CONTRACT = (
        "contract",
        "Contract",
        "Paid through contracts with commissioners or providers.",
        _IS,
    )
    SALES = ("sales", "Sales", "Revenue from selling products or services.", _IS)
    CORE_FUNDING = (
        "core_funding",
        "Core funding",
        "Paid from the host organisation's or a national body's core budget.",
        _IS,
    )
    FREE = ("free", "Free to adopters", "Adopters pay nothing to take the innovation up.", _IS)
    OTHER = _other("business model")


class VehicleRoleKind(Vocabulary):
    """The part an organisation plays in a scaling vehicle, for a time."""

    OPERATOR = ("operator", "Operator", "Runs the vehicle's work of spreading the innovation.", _IS)
    HOST = ("host", "Host", "Hosts or employs the vehicle's team.", _IS)
    LICENSOR = ("licensor", "Licensor", "Licenses others to use the innovation.", _IS)
    LICENCE_HOLDER = (
        "licence_holder",
        "Licence holder",
        "Holds the licence to deliver or sublicense the innovation.",
        _IS,
    )
    FRANCHISOR = (
        "franchisor",
        "Franchisor",
        "Owns the model and licenses franchisees to deliver it.",
        _IS,
    )
    FRANCHISEE = ("franchisee", "Franchisee", "Delivers the model under a franchise.", _IS)
    FUNDER = ("funder", "Funder", "Pays for the vehicle's work.", _IS)
    PARTNER = ("partner", "Partner", "Works with the vehicle to spread the innovation.", _IS)
    OTHER = _other("role in the vehicle")


class LicenceEnd(Vocabulary):
    """How a licence ended."""

    EXPIRED = ("expired", "Expired", "The licence ran its term.", _IS)
    NOT_RENEWED = (
        "not_renewed",
        "Not renewed",
        "The licence was not renewed when it fell due.",
        _IS,
    )
    TERMINATED = ("terminated", "Terminated", "One party ended the licence early.", _IS)
    TRANSFERRED = (
        "transferred",
        "Transferred",
        "The licence passed to another holder.",
        _IS,
    )
    OTHER = _other("way the licence ended")


class RelationKind(Vocabulary):
    """How one innovation relates to another."""

    ADAPTED_FROM = (
        "adapted_from",
        "Adapted from",
        "Developed by adapting the other innovation, e.g. for another country or group.",
        _IS,
    )
    LICENSED_FROM = (
        "licensed_from",
        "Licensed from",
        "Delivered under a licence of the other innovation, perhaps under another name.",
        _IS,
    )
    SUCCESSOR_OF = ("successor_of", "Successor of", "Replaced the other innovation.", _IS)
    RENAMED_FROM = (
        "renamed_from",
        "Renamed from",
        "The same innovation, recorded apart under its earlier name.",
        _IS,
    )
    COMPONENT_OF = (
        "component_of",
        "Component of",
        "A part of the other, larger innovation or programme.",
        _IS,
    )
    OTHER = _other("relation between innovations")


class AdoptionStage(Vocabulary):
    """Where an adoption stands."""

    EXPLORING = (
        "exploring",
        "Exploring",
        "The adopter is considering the innovation and assessing fit.",
        _IS,
    )
    PREPARING = (
        "preparing",
        "Preparing",
        "The adopter has decided to adopt and is preparing to implement.",
        _IS,
    )
    IMPLEMENTING = (
        "implementing",
        "Implementing",
        "The innovation is being put into practice at the site.",
        _IS,
    )
    SUSTAINING = (
        "sustaining",
        "Sustaining",
        "The innovation is part of routine practice and funded as such.",
        _IS,
    )
    PILOT_ENDED = (
        "pilot_ended",
        "Pilot ended",
        "A pilot or trial at the site finished, and the sources do not say it went on.",
        _IS,
    )
    CLOSING = (
        "closing",
        "Closing",
        "The site takes no new referrals or participants, and is winding down.",
        _IS,
    )
    DISCONTINUED = (
        "discontinued",
        "Discontinued",
        "The adopter stopped using the innovation (abandonment or de-adoption).",
        _IS,
    )
    UNKNOWN = _unknown("stage of the adoption")


class Phase(Vocabulary):
    """The phase of implementation or spread, shared by FRAME timing, claims and events."""

    PRE_IMPLEMENTATION = (
        "pre_implementation",
        "Pre-implementation, planning or pilot",
        "Before routine implementation: planning, piloting and preparing.",
        "frame",
    )
    IMPLEMENTATION = (
        "implementation",
        "Implementation",
        "While the innovation is first put into practice.",
        "frame",
    )
    SCALE_UP = (
        "scale_up",
        "Scale-up",
        "While the innovation spreads to further sites or populations.",
        "frame",
    )
    MAINTENANCE = (
        "maintenance",
        "Maintenance or sustainment",
        "Once the innovation is established and being sustained.",
        "frame",
    )


class ModificationTarget(Vocabulary):
    """What is modified (FRAME)."""

    CONTENT = (
        "content",
        "Content",
        "Changes to the procedures, materials or delivery of the innovation itself.",
        "frame",
    )
    CONTEXTUAL = (
        "contextual",
        "Contextual",
        "Changes to the format, setting, personnel or population, with content unchanged.",
        "frame",
    )
    TRAINING_AND_EVALUATION = (
        "training_and_evaluation",
        "Training and evaluation",
        "Changes to how staff are trained in, or how the innovation is evaluated.",
        "frame",
    )
    IMPLEMENTATION_ACTIVITIES = (
        "implementation_and_scale_up_activities",
        "Implementation and scale-up activities",
        "Changes to the strategies used to implement or spread the innovation.",
        "frame",
    )


class ContextualAspect(Vocabulary):
    """What a contextual modification applies to (FRAME)."""

    FORMAT = ("format", "Format", "The format of delivery (e.g. group or individual).", "frame")
    SETTING = ("setting", "Setting", "Where the innovation is delivered.", "frame")
    PERSONNEL = ("personnel", "Personnel", "Who delivers the innovation.", "frame")
    POPULATION = ("population", "Population", "Who receives the innovation.", "frame")


class ModificationNature(Vocabulary):
    """The nature of a content modification (FRAME; wording follows the published figure)."""

    TAILORING = (
        "tailoring",
        "Tailoring, tweaking or refining",
        "Small changes to fit the setting that leave the content in place.",
        "frame",
    )
    PACKAGING = (
        "packaging",
        "Changes in packaging or materials",
        "Presentation or materials changed while content stays the same.",
        "frame",
    )
    ADDING = ("adding", "Adding elements", "New elements added to the innovation.", "frame")
    REMOVING = (
        "removing",
        "Removing or skipping elements",
        "Elements left out or skipped.",
        "frame",
    )
    SHORTENING = (
        "shortening",
        "Shortening or condensing",
        "Delivered in less time or fewer sessions.",
        "frame",
    )
    LENGTHENING = (
        "lengthening",
        "Lengthening or extending",
        "Delivered over more time or more sessions.",
        "frame",
    )
    SUBSTITUTING = ("substituting", "Substituting", "One element replaced by another.", "frame")
    REORDERING = ("reordering", "Reordering", "Elements delivered in a different order.", "frame")
    SPREADING = (
        "spreading",
        "Spreading content over sessions",
        "The same content spread over more sessions.",
        "frame",
    )
    INTEGRATING_INTO_FRAMEWORK = (
        "integrating_into_framework",
        "Integrating into another framework",
        "Parts of the innovation integrated into another framework or programme.",
        "frame",
    )
    INTEGRATING_OTHER = (
        "integrating_other_treatment",
        "Integrating another treatment",
        "Another treatment or approach integrated into the innovation.",
        "frame",
    )
    REPEATING = ("repeating", "Repeating elements", "Elements repeated.", "frame")
    LOOSENING = ("loosening", "Loosening structure", "The structure relaxed.", "frame")
    DRIFT_WITH_RETURN = (
        "drift_with_return",
        "Drift with return to protocol",
        "Departure from the protocol, then a return to it.",
        "frame",
    )
    DRIFT_WITHOUT_RETURN = (
        "drift_without_return",
        "Drift without return to protocol",
        "Departure from the protocol without a return.",
        "frame",
    )
    DOSE_CHANGED = (
        "dose_changed",
        "Dose changed (both ways or unstated)",
        (
            "More sessions or time for some and fewer for others, or a change of dose whose "
            "direction the sources do not state."
        ),
        _IS,
    )
    OTHER = _other("nature of modification")


class Planning(Vocabulary):
    """Whether a modification was planned (FRAME)."""

    PLANNED_PROACTIVE = (
        "planned_proactive",
        "Planned, proactive",
        "A proactive adaptation, planned before problems arose.",
        "frame",
    )
    PLANNED_REACTIVE = (
        "planned_reactive",
        "Planned, reactive",
        "A reactive adaptation, planned in response to a problem that arose.",
        "frame",
    )
    UNPLANNED_REACTIVE = (
        "unplanned_reactive",
        "Unplanned, reactive",
        "An unplanned modification made in the moment.",
        "frame",
    )


class ModificationDecider(Vocabulary):
    """Who decided to make a modification (FRAME)."""

    POLITICAL_LEADERS = (
        "political_leaders",
        "Political leaders",
        "Elected or political leaders.",
        "frame",
    )
    PROGRAM_LEADER = ("program_leader", "Programme leader", "The leader of the programme.", "frame")
    FUNDER = ("funder", "Funder", "The body funding the work.", "frame")
    ADMINISTRATOR = ("administrator", "Administrator", "An organisational administrator.", "frame")
    PROGRAM_MANAGER = ("program_manager", "Programme manager", "The programme's manager.", "frame")
    DEVELOPER = (
        "intervention_developer",
        "Intervention developer or purveyor",
        "Those who developed or disseminate the innovation.",
        "frame",
    )
    RESEARCHER = ("researcher", "Researcher", "A researcher or evaluator.", "frame")
    TEAM = (
        "treatment_team",
        "Treatment or intervention team",
        "The team delivering the innovation.",
        "frame",
    )
    PRACTITIONER = (
        "individual_practitioner",
        "Individual practitioner",
        "One practitioner delivering the innovation.",
        "frame",
    )
    COMMUNITY = ("community_members", "Community members", "Members of the community.", "frame")
    RECIPIENTS = ("recipients", "Recipients", "The people who receive the innovation.", "frame")
    OTHER = _other("decider")


class DeliveryLevel(Vocabulary):
    """The level of delivery at which a modification is made (FRAME)."""

    RECIPIENT = ("individual_recipient", "Individual recipient", "For one recipient.", "frame")
    GROUP = ("target_group", "Target intervention group", "For a target group.", "frame")
    COHORT = (
        "cohort",
        "Cohort",
        "For everyone sharing a characteristic, such as a condition.",
        "frame",
    )
    PRACTITIONER = (
        "individual_practitioner",
        "Individual practitioner",
        "By one practitioner, for their practice.",
        "frame",
    )
    UNIT = ("clinic_or_unit", "Clinic or unit", "Across a clinic, ward or unit.", "frame")
    ORGANISATION = ("organisation", "Organisation", "Across the whole organisation.", "frame")
    SYSTEM = (
        "network_or_system",
        "Network, system or community",
        "Across a network, health system or community.",
        "frame",
    )


class ReasonLevel(Vocabulary):
    """The level at which a reason for modification arises (FRAME)."""

    SOCIOPOLITICAL = (
        "sociopolitical",
        "Sociopolitical",
        "Laws, mandates, policies, funding policies, political climate or social norms.",
        "frame",
    )
    ORGANISATION = (
        "organisation",
        "Organisation or setting",
        "Resources, competing demands, time, service structure, location or culture.",
        "frame",
    )
    PROVIDER = (
        "provider",
        "Provider",
        "The training, skills, preferences or judgement of those delivering.",
        "frame",
    )
    RECIPIENT = (
        "recipient",
        "Recipient",
        "Characteristics, access, capacity, language or readiness of those receiving.",
        "frame",
    )


class AdaptationGoal(Vocabulary):
    """The goal of a modification (FRAME)."""

    REACH = (
        "increase_reach",
        "Increase reach or engagement",
        "Reach or engage more people.",
        "frame",
    )
    RETENTION = ("increase_retention", "Increase retention", "Keep more people engaged.", "frame")
    FEASIBILITY = ("improve_feasibility", "Improve feasibility", "Make delivery feasible.", "frame")
    FIT = (
        "improve_fit",
        "Improve fit with recipients",
        "Better fit with the people receiving it.",
        "frame",
    )
    CULTURE = (
        "address_cultural_factors",
        "Address cultural factors",
        "Respond to cultural factors.",
        "frame",
    )
    EFFECTIVENESS = (
        "improve_effectiveness",
        "Improve effectiveness or outcomes",
        "Improve outcomes.",
        "frame",
    )
    COST = ("reduce_cost", "Reduce cost", "Lower the cost of delivery.", "frame")
    SATISFACTION = (
        "increase_satisfaction",
        "Increase satisfaction",
        "Make recipients or staff more satisfied.",
        "frame",
    )
    OTHER = _other("goal")


class Fidelity(Vocabulary):
    """Whether a modification preserves the core elements (FRAME)."""

    CONSISTENT = (
        "fidelity_consistent",
        "Fidelity-consistent",
        "Core elements are preserved.",
        "frame",
    )
    INCONSISTENT = (
        "fidelity_inconsistent",
        "Fidelity-inconsistent",
        "Core elements are changed or lost.",
        "frame",
    )
    UNKNOWN = ("unknown", "Unknown", "Not known whether core elements are preserved.", "frame")


class AdaptationStatus(Vocabulary):
    """Whether a modification stayed, was meant to be temporary, or was undone."""

    IN_PLACE = (
        "in_place",
        "In place",
        "The modification was made to last, and the sources do not say it was undone.",
        _IS,
    )
    TEMPORARY = (
        "temporary",
        "Temporary",
        "The modification was meant to last for a time only (during a pandemic, a vacancy).",
        _IS,
    )
    REVERTED = (
        "reverted",
        "Reverted",
        "The modification was undone and delivery returned to the model; 'period' says when.",
        _IS,
    )
    UNKNOWN = _unknown("status of the modification")


class Sanction(Vocabulary):
    """Whether the innovation's owner approved a modification: approved variation or drift."""

    SANCTIONED = (
        "sanctioned",
        "Sanctioned",
        "The developer, licensor or purveyor approved the modification: an approved variation.",
        _IS,
    )
    NOT_SANCTIONED = (
        "not_sanctioned",
        "Not sanctioned",
        "Made without the developer's or purveyor's approval: drift from the model.",
        _IS,
    )
    UNKNOWN = _unknown("approval of the modification")


class SupportKind(Vocabulary):
    """Kinds of support an adopter receives to take an innovation up."""

    FUNDED_POST = (
        "funded_post",
        "Funded post",
        "A post paid for by someone other than the adopter, for an agreed period.",
        _ATO,
    )
    BACKFILL = (
        "backfilled_time",
        "Backfilled time",
        "Staff time released for implementation, with their usual work covered.",
        _ATO,
    )
    TRAINING = ("training", "Training", "Training for staff who will deliver the innovation.", _IS)
    COACHING = (
        "coaching_or_facilitation",
        "Coaching or facilitation",
        "Ongoing coaching, mentoring or implementation facilitation.",
        _IS,
    )
    LICENCE = (
        "licence",
        "Licence",
        "A licence to use the innovation, its name or materials.",
        _IS,
    )
    MATERIALS = ("materials", "Materials", "Manuals, curricula, software or equipment.", _IS)
    PEER_NETWORK = (
        "peer_network",
        "Peer network",
        "Membership of a network of other adopters to learn from.",
        _IS,
    )
    IMPLEMENTATION_FUNDING = (
        "implementation_funding",
        "Implementation funding",
        "Money paid to the site to implement the innovation, not tied to one post.",
        _IS,
    )
    HELPDESK = (
        "helpdesk",
        "Helpdesk",
        "A helpdesk or advice line for implementing sites.",
        _IS,
    )
    BUSINESS_CASE = (
        "business_case_support",
        "Business-case support",
        "Help to make the local business case or to secure commissioning.",
        _IS,
    )
    SUPERVISION = (
        "implementation_supervision",
        "Implementation supervision",
        "Clinical or implementation supervision of the staff delivering the innovation.",
        _IS,
    )
    OTHER = _other("kind of support")


class LeverKind(Vocabulary):
    """Kinds of policy or financial lever."""

    NICE_TA = (
        "nice_technology_appraisal",
        "NICE technology appraisal",
        "A NICE technology appraisal; in England commissioners must fund recommended technologies.",
        _IS,
    )
    NICE_DG = (
        "nice_diagnostics_guidance",
        "NICE diagnostics guidance",
        "NICE diagnostics guidance recommending a test.",
        _IS,
    )
    NICE_GUIDELINE = (
        "nice_guideline",
        "NICE guideline",
        "A NICE clinical or public-health guideline.",
        _IS,
    )
    TARGET = ("target", "Target", "A national or local performance target.", _ATO)
    TARIFF = ("tariff", "Tariff", "A national tariff or payment-by-results price.", _ATO)
    CQUIN = (
        "cquin",
        "CQUIN",
        "A Commissioning for Quality and Innovation payment tied to a goal.",
        _IS,
    )
    MANDATE = (
        "mandate",
        "Mandate",
        "A mandate, national service framework or policy commitment.",
        _IS,
    )
    NATIONAL_FUNDING = (
        "national_programme_funding",
        "National programme funding",
        "Money allocated nationally to a programme of spread.",
        _ATO,
    )
    COMMISSIONING_FRAMEWORK = (
        "commissioning_framework",
        "Commissioning framework",
        "A commissioning framework, specification or contract model.",
        _ATO,
    )
    CHARITY_GRANT = (
        "charity_grant",
        "Charity grant",
        "A grant from a charity or foundation.",
        _ATO,
    )
    LOTTERY_GRANT = ("lottery_grant", "Lottery grant", "A grant from a lottery distributor.", _ATO)
    RESEARCH_GRANT = (
        "research_grant",
        "Research grant",
        "A grant from a research funder, such as the NIHR, to study or develop the innovation.",
        _IS,
    )
    PUBLIC_HEALTH_PROGRAMME = (
        "public_health_programme",
        "National public-health programme",
        "A national public-health or screening programme that includes the innovation.",
        _IS,
    )
    STRATEGY = (
        "strategy",
        "Strategy or plan",
        (
            "A national or local strategy or plan that names the innovation or its aims, such as "
            "the NHS Long Term Plan."
        ),
        _ATO,
    )
    COMMITTEE_RECOMMENDATION = (
        "committee_recommendation",
        "Committee recommendation",
        (
            "A recommendation of an expert or advisory committee, such as the UK National "
            "Screening Committee or a joint committee."
        ),
        _IS,
    )
    OTHER = _other("kind of lever")


class LeverRole(Vocabulary):
    """What a lever did for spread."""

    KICK_START = (
        "kick_start",
        "Kick-start",
        "Started or accelerated uptake.",
        _ATO,
    )
    SUSTAIN = ("sustain", "Sustain", "Kept the innovation going once in place.", _ATO)
    BOTH = ("both", "Kick-start and sustain", "Did both.", _IS)


class EngagementKind(Vocabulary):
    """Kinds of engagement activity that spread practice."""

    JOURNAL_CLUB = (
        "journal_club",
        "Journal club",
        "Practitioners discussing research together.",
        "4s",
    )
    JOB_SWAP = (
        "job_swap",
        "Job swap",
        "Practitioners working for a time in another setting.",
        "4s",
    )
    COMMUNITY_OF_PRACTICE = (
        "community_of_practice",
        "Community of practice",
        "A lasting group of practitioners sharing a practice.",
        "4s",
    )
    ACTION_LEARNING_SET = (
        "action_learning_set",
        "Action learning set",
        "A small group meeting regularly to work on members' real problems.",
        "4s",
    )
    SITE_VISIT = ("site_visit", "Site visit", "A visit to see the innovation in practice.", "4s")
    JOINT_PRACTICE_DEVELOPMENT = (
        "joint_practice_development",
        "Joint practice development",
        "Practitioners from different settings developing practice together.",
        "4s",
    )
    OTHER = _other("kind of engagement activity")


class EvidenceDesign(Vocabulary):
    """The design of a study or other piece of evidence."""

    RCT = ("rct", "Randomised controlled trial", "Participants randomly allocated to arms.", _IS)
    SYSTEMATIC_REVIEW = (
        "systematic_review",
        "Systematic review or meta-analysis",
        "A systematic synthesis of studies, with or without meta-analysis.",
        _IS,
    )
    OBSERVATIONAL = (
        "observational",
        "Observational study",
        "A cohort, case-control or before-and-after study without random allocation.",
        _IS,
    )
    DIAGNOSTIC_ACCURACY = (
        "diagnostic_accuracy",
        "Diagnostic accuracy study",
        "A study of a test's sensitivity, specificity or predictive values.",
        _IS,
    )
    ECONOMIC_EVALUATION = (
        "economic_evaluation",
        "Economic evaluation",
        "A cost, cost-effectiveness or return-on-investment analysis.",
        _IS,
    )
    REALIST_OR_QUALITATIVE = (
        "realist_or_qualitative",
        "Realist or qualitative study",
        "A realist evaluation or qualitative study of how and why.",
        _IS,
    )
    SERVICE_EVALUATION = (
        "service_evaluation",
        "Service evaluation or audit",
        "An evaluation or audit of a service against its own data or standards.",
        _IS,
    )
    CASE_STUDY = ("case_study", "Case study", "A descriptive account of one or more cases.", _IS)
    EXPERT_OPINION = (
        "expert_opinion",
        "Expert opinion",
        "The view of experts or a consensus.",
        _IS,
    )
    GUIDELINE = (
        "guideline",
        "Guideline or appraisal",
        "A guideline or appraisal that synthesises evidence into a recommendation.",
        _IS,
    )
    CLUSTER_RCT = (
        "cluster_rct",
        "Cluster randomised trial",
        "Groups (practices, wards, areas) randomly allocated to arms.",
        _IS,
    )
    QUASI_EXPERIMENTAL = (
        "quasi_experimental",
        "Quasi-experimental study",
        (
            "A comparison with a control group formed without random allocation, such as a "
            "matched comparison or difference-in-differences."
        ),
        _IS,
    )
    INTERRUPTED_TIME_SERIES = (
        "interrupted_time_series",
        "Interrupted time series",
        "Repeated measures before and after a change, analysed as a series.",
        _IS,
    )
    MIXED_METHODS = (
        "mixed_methods",
        "Mixed-methods evaluation",
        "An evaluation combining quantitative and qualitative methods.",
        _IS,
    )
    FIDELITY_STUDY = (
        "fidelity_study",
        "Fidelity study",
        "A study of how far delivery follows the innovation's model.",
        _IS,
    )
    DATA_LINKAGE = (
        "data_linkage",
        "Data-linkage follow-up",
        "Outcomes followed up by linking routine records, often years later.",
        _IS,
    )
    ROUTINE_DATA = (
        "routine_monitoring_data",
        "Routine monitoring data",
        "Figures from a programme's own routine monitoring, without a study design.",
        _IS,
    )
    OTHER = _other("study design")
    UNKNOWN = _unknown("study design")


class EvidenceRole(Vocabulary):
    """What question a piece of evidence answers."""

    EFFICACY = ("efficacy", "Efficacy", "Does it work under ideal conditions?", _IS)
    EFFECTIVENESS = ("effectiveness", "Effectiveness", "Does it work in routine practice?", _IS)
    IMPLEMENTATION = (
        "implementation",
        "Implementation",
        "How is it put into practice and spread, and what helps or hinders?",
        _IS,
    )
    ECONOMIC = ("economic", "Economic", "What does it cost and what does it save?", _IS)
    EXPERIENCE = ("experience", "Experience", "How do patients and staff experience it?", _IS)


class Direction(Vocabulary):
    """Which way a finding points for the claim it is attached to."""

    SUPPORTS = ("supports", "Supports", "The finding supports the innovation or claim.", _IS)
    CONTRADICTS = (
        "contradicts",
        "Contradicts",
        "The finding goes against the innovation or claim.",
        _IS,
    )
    MIXED = ("mixed", "Mixed", "Some findings support and some contradict.", _IS)
    INCONCLUSIVE = (
        "inconclusive",
        "Inconclusive",
        "The finding neither supports nor contradicts.",
        _IS,
    )
    NOT_RECORDED = (
        "not_recorded",
        "Not recorded",
        (
            "The evidence base records that the study exists, but not which way its "
            "findings point; read the source."
        ),
        _IS,
    )


class ReAimDimension(Vocabulary):
    """The RE-AIM dimension an outcome informs."""

    REACH = ("reach", "Reach", "Who and how many of the intended individuals take part.", "re-aim")
    EFFECTIVENESS = ("effectiveness", "Effectiveness", "Impact on individual outcomes.", "re-aim")
    ADOPTION = (
        "adoption",
        "Adoption",
        "Which settings and staff take the innovation up.",
        "re-aim",
    )
    IMPLEMENTATION = (
        "implementation",
        "Implementation",
        "Fidelity, adaptations and cost of delivery.",
        "re-aim",
    )
    MAINTENANCE = (
        "maintenance",
        "Maintenance",
        "Whether effects and delivery last over time.",
        "re-aim",
    )


class ImplementationOutcomeLevel(Vocabulary):
    """Proctor's three levels of outcome."""

    IMPLEMENTATION = (
        "implementation",
        "Implementation outcome",
        (
            "Acceptability, adoption, appropriateness, feasibility, fidelity, cost, penetration or "
            "sustainability."
        ),
        "proctor",
    )
    SERVICE = (
        "service",
        "Service outcome",
        "Efficiency, safety, effectiveness, equity, patient-centredness or timeliness.",
        "proctor",
    )
    CLIENT = (
        "client",
        "Client outcome",
        "Satisfaction, function or symptoms of the people served.",
        "proctor",
    )


class GradingScheme(Vocabulary):
    """Schemes for grading evidence; a grading is always a (scheme, level) pair."""

    GRADE = ("grade", "GRADE", "GRADE certainty of evidence.", "grade")
    GRADE_CERQUAL = (
        "grade_cerqual",
        "GRADE-CERQual",
        "Confidence in qualitative evidence, on GRADE's four levels.",
        "grade",
    )
    NICE_ESF_2018 = (
        "nice_esf_2018",
        "NICE ESF 2018 tier",
        "Evidence tier of a digital health technology, NICE ESF 2018.",
        "nice-esf",
    )
    NICE_ESF_2022 = (
        "nice_esf_2022",
        "NICE ESF 2022 tier",
        "Evidence tier of a digital health technology, NICE ESF 2022.",
        "nice-esf",
    )
    NESTA = ("nesta", "Nesta Standards of Evidence", "Nesta's levels 1 to 5.", "nesta")
    SIGN = ("sign", "SIGN levels", "SIGN/NICE levels of evidence, 1++ to 4.", "sign")
    OTHER = _other("grading scheme; give the scheme's name in `scheme_other`")


class GradeLevel(Vocabulary):
    """GRADE (and GRADE-CERQual) certainty levels."""

    HIGH = ("high", "High", "Very confident the true effect is close to the estimate.", "grade")
    MODERATE = ("moderate", "Moderate", "Moderately confident in the estimate.", "grade")
    LOW = ("low", "Low", "Confidence in the estimate is limited.", "grade")
    VERY_LOW = ("very_low", "Very low", "Very little confidence in the estimate.", "grade")


class NiceEsf2018Tier(Vocabulary):
    """Evidence tiers of the NICE Evidence Standards Framework, 2018 edition."""

    TIER_1 = ("1", "Tier 1", "System service: no measurable user outcome.", "nice-esf")
    TIER_2 = ("2", "Tier 2", "Inform, simple monitoring, communicate.", "nice-esf")
    TIER_3A = ("3a", "Tier 3a", "Preventive behaviour change; self-manage.", "nice-esf")
    TIER_3B = ("3b", "Tier 3b", "Treat; active monitoring; calculate; diagnose.", "nice-esf")


class NiceEsf2022Tier(Vocabulary):
    """Evidence tiers of the NICE Evidence Standards Framework, 2022 edition."""

    TIER_A = ("A", "Tier A", "Saves costs or staff time; no direct user outcome.", "nice-esf")
    TIER_B = ("B", "Tier B", "Helps people manage their own health and care.", "nice-esf")
    TIER_C = (
        "C",
        "Tier C",
        "Treats, diagnoses or guides care, or is a medical device or IVD.",
        "nice-esf",
    )


class NestaLevel(Vocabulary):
    """Nesta Standards of Evidence."""

    LEVEL_1 = ("1", "Level 1", "You can describe what you do and why it matters.", "nesta")
    LEVEL_2 = ("2", "Level 2", "You capture data that shows positive change.", "nesta")
    LEVEL_3 = ("3", "Level 3", "You can show causality, using a control or comparison.", "nesta")
    LEVEL_4 = ("4", "Level 4", "Independent replication of the impact.", "nesta")
    LEVEL_5 = (
        "5",
        "Level 5",
        "Manuals and systems ensure consistent replication at scale.",
        "nesta",
    )


class SignLevel(Vocabulary):
    """SIGN/NICE levels of evidence."""

    L1PP = ("1++", "1++", "High-quality meta-analyses or RCTs with very low risk of bias.", "sign")
    L1P = ("1+", "1+", "Well-conducted meta-analyses or RCTs with low risk of bias.", "sign")
    L1M = ("1-", "1-", "Meta-analyses or RCTs with a high risk of bias.", "sign")
    L2PP = (
        "2++",
        "2++",
        "High-quality systematic reviews of cohort or case-control studies.",
        "sign",
    )
    L2P = ("2+", "2+", "Well-conducted cohort or case-control studies.", "sign")
    L2M = ("2-", "2-", "Cohort or case-control studies with a high risk of bias.", "sign")
    L3 = ("3", "3", "Non-analytic studies, such as case reports or series.", "sign")
    L4 = ("4", "4", "Expert opinion.", "sign")


class EffectMeasure(Vocabulary):
    """What kind of figure an outcome reports: an effect estimate, a summary, or a cost."""

    ODDS_RATIO = (
        "odds_ratio",
        "Odds ratio",
        "The odds in one arm divided by the odds in another.",
        _IS,
    )
    RISK_RATIO = (
        "risk_ratio",
        "Risk ratio",
        "The risk in one arm divided by the risk in another (relative risk).",
        _IS,
    )
    HAZARD_RATIO = ("hazard_ratio", "Hazard ratio", "The ratio of hazards over time.", _IS)
    MEAN_DIFFERENCE = (
        "mean_difference",
        "Mean difference",
        "The difference between the arms' means, in the measure's unit.",
        _IS,
    )
    STANDARDISED_MEAN_DIFFERENCE = (
        "standardised_mean_difference",
        "Standardised mean difference",
        "A difference in means divided by a standard deviation (Cohen's d, Hedges' g).",
        _IS,
    )
    RISK_DIFFERENCE = (
        "risk_difference",
        "Risk difference",
        "The difference between the arms' risks (absolute risk reduction).",
        _IS,
    )
    PERCENTAGE_CHANGE = (
        "percentage_change",
        "Percentage change",
        "A change relative to a baseline, in per cent; it may exceed 100.",
        _IS,
    )
    PROPORTION = (
        "proportion",
        "Proportion",
        "A share of a whole: of people, sites or events.",
        _IS,
    )
    MEAN = ("mean", "Mean", "An average value in one group.", _IS)
    MEDIAN = ("median", "Median", "A median value in one group.", _IS)
    COUNT = ("count", "Count", "A number of people, events or units.", _IS)
    COST = ("cost", "Cost", "An amount of money spent or saved.", _IS)
    COST_PER_UNIT = (
        "cost_per_unit",
        "Cost per unit",
        "A cost per participant, per patient, per session or per other unit.",
        _IS,
    )
    ICER = (
        "icer",
        "Incremental cost-effectiveness ratio",
        "The extra cost per extra unit of effect, such as per QALY gained.",
        _IS,
    )
    OTHER = _other("effect measure")


class Unit(Vocabulary):
    """The unit of an outcome's value, so values can be checked against their range."""

    PERCENT = ("percent", "Per cent (%)", "A share of a whole, from 0 to 100.", _IS)
    PERCENTAGE_POINTS = (
        "percentage_points",
        "Percentage points",
        "A difference between two percentages.",
        _IS,
    )
    FRACTION = ("fraction", "Fraction (0 to 1)", "A share of a whole, from 0 to 1.", _IS)
    RATIO = ("ratio", "Ratio", "A ratio without a unit, such as an odds ratio.", _IS)
    PEOPLE = ("people", "People", "A number of people.", _IS)
    EVENTS = ("events", "Events", "A number of events, such as admissions or falls.", _IS)
    CURRENCY = ("currency", "Money", "An amount in 'currency' (at 'price_year' prices).", _IS)
    CURRENCY_PER_QALY = (
        "currency_per_qaly",
        "Money per QALY",
        "An amount in 'currency' per quality-adjusted life year.",
        _IS,
    )
    CURRENCY_PER_PARTICIPANT = (
        "currency_per_participant",
        "Money per participant",
        "An amount in 'currency' per participant or patient.",
        _IS,
    )
    CURRENCY_PER_UNIT = (
        "currency_per_unit",
        "Money per unit",
        "An amount in 'currency' per unit named in the measure (a session, a bed day).",
        _IS,
    )
    QALY = ("qaly", "QALYs", "Quality-adjusted life years.", _IS)
    DAYS = ("days", "Days", "A length of time in days.", _IS)
    WEEKS = ("weeks", "Weeks", "A length of time in weeks.", _IS)
    MONTHS = ("months", "Months", "A length of time in months.", _IS)
    YEARS = ("years", "Years", "A length of time in years.", _IS)
    HOURS = ("hours", "Hours", "A length of time in hours, such as contact within 48 hours.", _IS)
    SESSIONS = (
        "sessions",
        "Sessions or visits",
        "A number of sessions, visits or contacts, as in a dose of 12 sessions.",
        _IS,
    )
    PER_STAFF = (
        "per_staff",
        "Per member of staff",
        "A caseload: people or families per member of staff, such as 25 families per nurse.",
        _IS,
    )
    MMOL_PER_MOL = ("mmol_per_mol", "mmol/mol", "Millimoles per mole, as for HbA1c.", _IS)
    SCORE = ("score", "Score", "Points on a named scale; say which in the measure.", _IS)
    OTHER = _other("unit")


class BenchmarkKind(Vocabulary):
    """What an element's stated rule or target governs."""

    ELIGIBILITY = (
        "eligibility",
        "Eligibility criterion",
        "Who may receive the innovation: an age range, a diagnosis, a time limit for enrolment.",
        "tidier",
    )
    DOSE = (
        "dose",
        "Dose",
        "How much, how often and for how long it is delivered (TIDieR 'when and how much').",
        "tidier",
    )
    FIDELITY = (
        "fidelity",
        "Fidelity benchmark",
        (
            "A level of delivery a site is expected to reach, such as a share enrolled early "
            "or a caseload per practitioner."
        ),
        _IS,
    )
    OTHER = _other("rule or target")


class Comparator(Vocabulary):
    """How a benchmark's threshold bounds the value it governs."""

    AT_LEAST = ("at_least", "At least (≥)", "The value must be the threshold or more.", _IS)
    MORE_THAN = ("more_than", "More than (>)", "The value must exceed the threshold.", _IS)
    AT_MOST = ("at_most", "At most (≤)", "The value must be the threshold or less.", _IS)
    LESS_THAN = ("less_than", "Less than (<)", "The value must be below the threshold.", _IS)
    EXACTLY = ("exactly", "Exactly (=)", "The value must equal the threshold.", _IS)
    BETWEEN = (
        "between",
        "Between (inclusive)",
        "The value must lie from the threshold to 'upper', both included.",
        _IS,
    )


class ArmRole(Vocabulary):
    """The part an arm plays in a comparison."""

    INTERVENTION = ("intervention", "Intervention", "The arm that received the innovation.", _IS)
    COMPARATOR = (
        "comparator",
        "Comparator",
        "The arm it is compared with: usual care, a control, another treatment.",
        _IS,
    )


class AnalysisUnit(Vocabulary):
    """What a sample counts: the unit of analysis."""

    PEOPLE = ("people", "People", "Participants, patients or staff.", _IS)
    FAMILIES = ("families", "Families", "Families or households.", _IS)
    PRACTICES = ("practices", "Practices", "GP practices or other practices.", _IS)
    SITES = ("sites", "Sites", "Hospitals, services or sites.", _IS)
    CLUSTERS = ("clusters", "Clusters", "Groups randomised or analysed together.", _IS)
    AREAS = ("areas", "Areas", "Local authorities, health boards or other areas.", _IS)
    EPISODES = ("episodes", "Episodes", "Admissions, procedures or episodes of care.", _IS)
    STUDIES = ("studies", "Studies", "Studies pooled in a review.", _IS)
    OTHER = _other("unit of analysis")


class Dominance(Vocabulary):
    """The verdict of a cost-effectiveness comparison when no ratio is needed."""

    DOMINANT = ("dominant", "Dominant", "More effective and less costly than the comparator.", _IS)
    DOMINATED = (
        "dominated",
        "Dominated",
        "Less effective and more costly than the comparator.",
        _IS,
    )


class ClaimStrength(Vocabulary):
    """How strongly an enabler mattered for an innovation (a valence from -2 to +2)."""

    STRONGLY_ENABLING = (
        "strongly_enabling",
        "Strongly enabling (+2)",
        "A major enabler of spread.",
        _IS,
    )
    ENABLING = ("enabling", "Enabling (+1)", "Helped spread.", _IS)
    MIXED = ("mixed", "Mixed (0)", "Helped in some ways or places and hindered in others.", _IS)
    HINDERING = ("hindering", "Hindering (-1)", "Its absence or form held spread back.", _IS)
    STRONGLY_HINDERING = (
        "strongly_hindering",
        "Strongly hindering (-2)",
        "A major barrier to spread.",
        _IS,
    )


class ReachMetric(Vocabulary):
    """What a reach measure counts."""

    SITES = ("sites", "Sites", "Delivery sites, centres or services.", _IS)
    ORGANISATIONS = ("organisations", "Organisations", "Adopting organisations.", _IS)
    PATIENTS = ("patients", "Patients or participants", "People who received the innovation.", _IS)
    STAFF_TRAINED = ("staff_trained", "Staff trained", "Staff trained to deliver it.", _IS)
    VOLUNTEERS = ("volunteers", "Volunteers", "Volunteers or lay champions involved.", _IS)
    PROCEDURES = ("procedures", "Procedures", "Operations, tests or procedures performed.", _IS)
    POSTS = ("posts", "Posts", "Posts or roles in place.", _IS)
    COVERAGE_PERCENT = (
        "coverage_percent",
        "Coverage (%)",
        "Share of a population or of possible sites covered, in per cent.",
        _IS,
    )
    TEAMS = ("teams", "Teams", "Teams delivering the innovation.", _IS)
    STAFF_IN_POST = ("staff_in_post", "Staff in post", "Staff in post to deliver it.", _IS)
    COMPLETERS = (
        "completers",
        "Completers",
        "People who completed the programme or course.",
        _IS,
    )
    FAMILIES = ("families", "Families", "Families or households that received it.", _IS)
    AREAS = (
        "areas",
        "Areas",
        "Areas covered: local authorities, health boards, ICB or other areas.",
        _IS,
    )
    OTHER = _other("metric")


class Qualifier(Vocabulary):
    """How exact a reported figure is."""

    EXACT = ("exact", "Exact", "The figure as reported.", _IS)
    APPROXIMATE = ("approximate", "Approximate", "Reported as about this figure.", _IS)
    AT_LEAST = ("at_least", "At least", "Reported as more than or at least this figure.", _IS)
    AT_MOST = ("at_most", "At most", "Reported as fewer than or at most this figure.", _IS)


class ClaimStatus(Vocabulary):
    """How well established the facts in a record are."""

    CONFIRMED = ("confirmed", "Confirmed", "Checked against a primary source.", _IS)
    REPORTED = ("reported", "Reported", "Taken from a secondary source and not re-checked.", _IS)
    UNCONFIRMED = (
        "unconfirmed",
        "Unconfirmed",
        "Reported but not yet confirmed; check a primary source before relying on it.",
        _IS,
    )


class SourceKind(Vocabulary):
    """What kind of document a source is."""

    JOURNAL_ARTICLE = ("journal_article", "Journal article", "A peer-reviewed article.", _IS)
    REPORT = ("report", "Report", "A report, evaluation or grey-literature document.", _IS)
    GUIDANCE = ("guidance", "Guidance", "Official guidance, such as from NICE.", _IS)
    WEB_PAGE = ("web_page", "Web page", "A web page.", _IS)
    NEWS = ("news", "News article", "A news or trade-press article.", _IS)
    BOOK = ("book", "Book or chapter", "A book or a chapter of one.", _IS)
    PARLIAMENTARY = (
        "parliamentary_record",
        "Parliamentary record",
        "Hansard or a select-committee paper.",
        _IS,
    )
    DATASET = ("dataset", "Dataset", "A published dataset.", _IS)
    OTHER = _other("kind of source")


def _all_subclasses(cls: type[Any]) -> Iterator[type[Any]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def all_vocabularies() -> list[type[Vocabulary]]:
    """Every vocabulary defined by innovscale, sorted by name."""
    return sorted(_all_subclasses(Vocabulary), key=lambda c: c.__name__)
