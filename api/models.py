"""Request and response models of the resources, split by role (``...Create``, ``...Update``, ``...Public``).

Create models carry plain JSON types on purpose: whether a value is allowed
(an enum, a range, a date, a reference) is decided by the same rules as a
dataset file (:func:`loaders.validation.validate_tables`), so the API and the
loaders can never disagree. The allowed values are listed in each field's
description, from :mod:`graph_model.schema`. Unknown fields are refused (422),
so a typo never passes silently.

Examples
--------
>>> PartnerCreate(id="p-x", name="某单位", sector="enterprise").capacity is None
True
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from graph_model.schema import NEED_SOURCES, NEED_STATUSES, PARTNER_SECTORS

__all__ = [
    "NamedRef",
    "CommunityPublic",
    "CommunityDetail",
    "CommunitiesPublic",
    "FacilityRef",
    "PartnerAgreement",
    "CommunityAgreement",
    "OfferedCategory",
    "PartnerCreate",
    "PartnerPublic",
    "PartnerDetail",
    "PartnersPublic",
    "NeedCreate",
    "NeedUpdate",
    "NeedPublic",
    "NeedsPublic",
    "CategoryPublic",
    "CategoriesPublic",
    "CoBuildingCreate",
    "CoBuildingPublic",
    "OfferCreate",
    "OfferPublic",
]


def _one_of(choices: tuple[str, ...]) -> str:
    return "One of: " + ", ".join(choices) + "."


class _Create(BaseModel):
    model_config = ConfigDict(extra="forbid")


# -- shared pieces -----------------------------------------------------------------
class NamedRef(BaseModel):
    """An id with its display name."""

    id: str
    name: str


class FacilityRef(NamedRef):
    """A facility (阵地) and its type."""

    type: str | None = None


class PartnerAgreement(BaseModel):
    """A co-building agreement (共建协议) seen from the community: which partner, since when, which projects."""

    partner: str
    partner_name: str
    since: str | None = None
    projects: list[str] = []


class CommunityAgreement(BaseModel):
    """A co-building agreement seen from the partner."""

    community: str
    community_name: str
    since: str | None = None
    projects: list[str] = []


class OfferedCategory(BaseModel):
    """A service category a partner or facility offers."""

    category: str
    category_name: str
    note: str | None = None


_EXTRA: dict[str, Any] = Field(default_factory=dict, description="The dataset's own extra columns (source, note, ...).")


# -- communities ----------------------------------------------------------------------
class CommunityPublic(BaseModel):
    """A community (社区) or administrative village (行政村) and its portrait."""

    id: str = Field(examples=["c-beiyuan"])
    name: str = Field(examples=["北苑社区"])
    type: str | None = Field(default=None, examples=["urban"])
    subdistrict: str | None = Field(default=None, examples=["sd-daoyi"])
    households: int | None = None
    estate_category: str | None = None
    service_focus: str | None = None
    governance_strength: int | None = None
    extra: dict[str, Any] = _EXTRA


class CommunityDetail(CommunityPublic):
    """A community with what hangs off it: estates, grids, service points, partners and needs by status."""

    subdistrict_name: str | None = None
    party_org: NamedRef | None = Field(default=None, description="Its community-level party organization.")
    estates: list[NamedRef] = []
    grids: list[NamedRef] = []
    facilities: list[FacilityRef] = []
    partners_located: list[NamedRef] = Field(default=[], description="Partners that sit in the community.")
    agreements: list[PartnerAgreement] = Field(default=[], description="Co-building agreements (CO_BUILDS).")
    needs: dict[str, int] = Field(default={}, description="Its needs counted by status.", examples=[{"open": 2, "in_progress": 1, "resolved": 3}])


class CommunitiesPublic(BaseModel):
    """One page of communities and how many there are in all."""

    data: list[CommunityPublic]
    count: int


# -- partners -------------------------------------------------------------------------
class PartnerCreate(_Create):
    """A new partner (共建单位)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"id": "p-ent-xinhua", "name": "新华书店沈北分店", "sector": "enterprise", "community": "c-beiyuan", "capacity": 3}
            ]
        },
    )

    id: str | None = Field(default=None, description="Unique across the whole graph. Left out, Linli makes one from the name's "
                           "pinyin (p-xinhuashudian…, -2 when taken).", examples=["p-ent-xinhua"])
    name: str = Field(examples=["新华书店沈北分店"])
    sector: str = Field(description=_one_of(PARTNER_SECTORS), examples=["enterprise"])
    community: str | None = Field(default=None, description="Id of the Community it sits in.", examples=["c-beiyuan"])
    capacity: int | None = Field(default=None, description="Most needs in progress at once (≥ 1).", examples=[3])
    note: str | None = Field(default=None, description="Free text, kept as a property.")


class PartnerPublic(BaseModel):
    """A partner as listed."""

    id: str = Field(examples=["p-ent-daokang"])
    name: str
    sector: str | None = None
    community: str | None = Field(default=None, description="The community it sits in (LOCATED_IN).")
    capacity: int | None = None
    extra: dict[str, Any] = _EXTRA


class PartnerDetail(PartnerPublic):
    """A partner with its offers, agreements, where it sits and serves, and its record."""

    community_name: str | None = None
    offers: list[OfferedCategory] = []
    agreements: list[CommunityAgreement] = []
    serves: list[NamedRef] = Field(default=[], description="Communities or subdistricts it serves beyond its own.")
    operates: list[NamedRef] = Field(default=[], description="Facilities it operates.")
    manages: list[NamedRef] = Field(default=[], description="Estates it manages (property companies).")
    needs_in_progress: int = Field(default=0, description="Needs dispatched to it or in progress with it now (its load against its capacity).")
    needs_resolved: int = 0


class PartnersPublic(BaseModel):
    """One page of partners and how many match in all."""

    data: list[PartnerPublic]
    count: int


# -- needs ----------------------------------------------------------------------------
class NeedCreate(_Create):
    """A new need (民生诉求)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "id": "n-beiyuan-stairs",
                    "name": "北苑3号楼楼道照明损坏",
                    "community": "c-beiyuan",
                    "category": "public_facilities",
                    "status": "open",
                    "households_affected": 40,
                    "source": "grid_patrol",
                    "reported": "2024-09-02",
                }
            ]
        },
    )

    id: str | None = Field(default=None, description="Unique across the whole graph. Left out, Linli numbers it as the "
                           "community's needs are numbered (n-beiyuan-07 → n-beiyuan-08).")
    name: str
    community: str = Field(description="Id of the Community it arises in.")
    category: str = Field(description="Id of its service Category (see GET /categories).")
    status: str = Field(default="open", description=_one_of(NEED_STATUSES))
    households_affected: int | None = Field(default=None, description="≥ 0.")
    source: str | None = Field(default=None, description=_one_of(NEED_SOURCES))
    reported: str | None = Field(default=None, description="ISO date: YYYY-MM-DD, YYYY-MM or YYYY.")
    resolved_by: str | None = Field(default=None, description="Id of the Partner or Facility resolving it.")
    note: str | None = Field(default=None, description="Free text, kept as a property.")


class NeedUpdate(_Create):
    """A change of a need's status and/or resolver; absent fields stay, ``resolved_by: null`` removes the resolver."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"status": "in_progress", "resolved_by": "p-ent-daokang"}]}
    )

    status: str | None = Field(default=None, description=_one_of(NEED_STATUSES))
    resolved_by: str | None = Field(default=None, description="Id of the Partner or Facility resolving it; null removes it.")


class NeedPublic(BaseModel):
    """A need with its community, category, status and resolver."""

    id: str = Field(examples=["n-beiyuan-01"])
    name: str
    community: str | None = None
    category: str | None = None
    status: str | None = None
    households_affected: int | None = None
    source: str | None = None
    reported: str | None = None
    resolved_by: str | None = None
    extra: dict[str, Any] = _EXTRA


class NeedsPublic(BaseModel):
    """One page of needs and how many match in all."""

    data: list[NeedPublic]
    count: int


# -- categories -------------------------------------------------------------------------
class CategoryPublic(BaseModel):
    """A service category and its parent in the taxonomy."""

    id: str = Field(examples=["elderly_meals"])
    name: str = Field(examples=["老年助餐"])
    parent: str | None = Field(default=None, examples=["elderly"])
    extra: dict[str, Any] = _EXTRA


class CategoriesPublic(BaseModel):
    """Every category and how many there are."""

    data: list[CategoryPublic]
    count: int


# -- relationships ------------------------------------------------------------------------
class CoBuildingCreate(_Create):
    """A new co-building agreement (共建协议): partner ``source`` with community ``target``."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"source": "p-ent-daokang", "target": "c-huafu", "since": "2024-06-01", "projects": ["慢病用药配送"]}]
        },
    )

    source: str = Field(description="Id of the Partner.")
    target: str = Field(description="Id of the Community.")
    since: str | None = Field(default=None, description="ISO date: YYYY-MM-DD, YYYY-MM or YYYY.")
    projects: list[str] = Field(default=[], description="Joint projects (each without ';').")


class CoBuildingPublic(BaseModel):
    """A co-building agreement as stored."""

    source: str
    target: str
    since: str | None = None
    projects: list[str] = []


class OfferCreate(_Create):
    """A new offer: Partner or Facility ``source`` offers service Category ``target``."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"source": "p-ent-daokang", "target": "escort", "note": "陪诊"}]}
    )

    source: str = Field(description="Id of the Partner or Facility.")
    target: str = Field(description="Id of the Category (see GET /categories).")
    note: str | None = Field(default=None, description="What exactly is offered.")


class OfferPublic(BaseModel):
    """An offer as stored."""

    source: str
    target: str
    note: str | None = None


# -- the need lifecycle ---------------------------------------------------------------------
class NeedEventCreate(_Create):
    """One more event of a need (``POST /needs/{id}/<action>``): what the action needs, the rest optional.

    ``partner`` is required for ``dispatch``; for the other actions it may be
    left out (it is the need's current partner) and must be that partner when
    given. ``rating`` (1–5) is required for ``rate``. ``at`` defaults to now
    and may not be before the need's last event.
    """

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"partner": "p-ent-daokang", "by": "张网格员", "reason": "就近派单"}]}
    )

    partner: str | None = Field(default=None, description="Id of the Partner or Facility (dispatch: required).")
    rating: int | None = Field(default=None, description="The residents' rating, 1–5 (rate: required; ≤ 2 reopens the need).")
    reason: str | None = Field(default=None, description="Why (free text), e.g. why it is returned or reopened.")
    by: str | None = Field(default=None, description="Who records the event (free text).")
    at: str | None = Field(default=None, description="When: a date or local date-time (YYYY-MM-DD[THH:MM[:SS]]); default now.")


class NeedEventPublic(BaseModel):
    """One event of a need's history."""

    seq: int = Field(description="Its number among the need's events, from 1, in time order.")
    at: str = Field(examples=["2024-06-03T09:30"])
    action: str = Field(description="report/dispatch/claim/resolve/return/rate/reopen")
    partner: str | None = Field(default=None, description="The partner it concerns: the dispatch's, else the current one then.")
    rating: int | None = None
    reason: str | None = None
    by: str | None = None


class NeedDetail(BaseModel):
    """A need, where it stands in its lifecycle, its time limits and its whole history (诉求流转)."""

    id: str = Field(examples=["n-beiyuan-01"])
    name: str
    community: str | None = None
    category: str | None = None
    status: str | None = None
    reported: str | None = None
    report_time: str | None = Field(default=None, description="Its report event's time, else its reported date.")
    resolved_by: str | None = None
    current_partner: str | None = Field(default=None, description="Who has it now: its last dispatch's partner (none once open again).")
    respond_hours: int = Field(description="Its category's time to respond (claim), inherited up the taxonomy.")
    resolve_days: int = Field(description="Its category's time to resolve, inherited up the taxonomy.")
    history: list[NeedEventPublic]
