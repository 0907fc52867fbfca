"""Organisations: innovators, adopters, scaling vehicles, funders, commissioners, system leaders."""

from __future__ import annotations

from typing import Any

import attrs

from innovscale.model._constraints import COUNTRY_PATTERN, URL_PATTERN, is_
from innovscale.model._fields import about
from innovscale.model._rules import other_text_rule, rules
from innovscale.model._types import Typed
from innovscale.model.common import (
    EXTENSIONS,
    EXTENSIONS_DOC,
    ID,
    NOTES_DOC,
    SOURCE_IDS,
    SOURCES_DOC,
    STATUS_DOC,
    TEXT,
)
from innovscale.vocab import ClaimStatus, OrganisationKind

__all__ = ["Organisation"]


@attrs.frozen(kw_only=True)
@rules(other_text_rule("kind", "kind_other"))
class Organisation(Typed):
    """
    An organisation that plays a part in spread.

    The same organisation may innovate, adopt, host a scaling vehicle, fund or
    commission; what it does is said by the records that point at it.
    """

    id: str = attrs.field(validator=ID, metadata=about("Stable identifier, e.g. 'macmillan'."))
    name: str = attrs.field(validator=TEXT, metadata=about("The organisation's name."))
    kind: OrganisationKind = attrs.field(metadata=about("What kind of organisation this is."))
    kind_other: str | None = attrs.field(
        default=None, validator=TEXT, metadata=about("The kind, when 'kind' is 'other'.")
    )
    country: str | None = attrs.field(
        default=None,
        validator=is_(pattern=COUNTRY_PATTERN),
        metadata=about(
            "ISO 3166-1 alpha-2 country code, or ISO 3166-2 subdivision ('GB', 'GB-ENG').",
            examples=["GB-ENG"],
        ),
    )
    region: str | None = attrs.field(
        default=None,
        validator=TEXT,
        metadata=about("Region or place, e.g. 'Yorkshire and the Humber'."),
    )
    aliases: tuple[str, ...] = attrs.field(
        default=(),
        validator=is_(uniqueItems=True, items={"minLength": 1}),
        metadata=about("Other names the organisation is or was known by."),
    )
    url: str | None = attrs.field(
        default=None, validator=is_(pattern=URL_PATTERN), metadata=about("Website.")
    )
    sources: tuple[str, ...] = attrs.field(default=(), validator=SOURCE_IDS, metadata=SOURCES_DOC)
    claim_status: ClaimStatus = attrs.field(default=ClaimStatus.REPORTED, metadata=STATUS_DOC)
    notes: str | None = attrs.field(default=None, validator=TEXT, metadata=NOTES_DOC)
    extensions: dict[str, Any] = attrs.field(
        factory=dict, hash=False, validator=EXTENSIONS, metadata=EXTENSIONS_DOC
    )
