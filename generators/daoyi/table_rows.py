"""The rows of the Daoyi generator's hand-written tables, one typed class per table file.

Reach for :class:`DaoyiTables`, everything the generator starts from, as
:func:`generators.daoyi.table_files.read_tables` returns it. Each class names
its file under ``generators/daoyi/tables/`` and its fields are the file's
columns. Communities and estates are named by a short ``key``
(``beiyuan``, ``renjieshuian``); the dataset ids derive from it
(``c-beiyuan``, ``e-renjieshuian``). ``source`` / ``origin`` say whether the
article names the row (``seed``) or it was made up (``synthetic``).

Examples
--------
>>> community = Community("beiyuan", "北苑社区", "urban", "public_rental", "elderly", 5, "seed",
...                       13, 4, 0, "北苑路", (), (), "")
>>> community.id, community.party_org_id
('c-beiyuan', 'po-c-beiyuan')
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Subdistrict", "Community", "Estate", "Secretary", "MentorPair", "Partner", "PartnerPartyOrg",
           "Managed", "ServicePoint", "Facility", "Offer", "CoBuild", "Serves", "NamedNeed",
           "UnresolvableNeed", "NeedIssues", "PersonNames", "DaoyiTables"]


@dataclass(frozen=True)
class Subdistrict:
    """``subdistrict.toml``: the subdistrict and the name of its party working committee."""

    id: str
    name: str
    area_km2: float
    population: int
    party_members: int
    note: str
    party_committee: str

    @property
    def party_committee_id(self) -> str:
        """The working committee's PartyOrg id."""
        return f"po-{self.id}"


@dataclass(frozen=True)
class Community:
    """``communities.csv``: a community or village, its portrait and how its grids are laid out.

    ``building_prefix`` names loose buildings (a street in town, the village in a
    village); ``grids_without_fulltime_worker`` are grid numbers (1 = first grid).
    """

    key: str
    name: str
    type: str
    estate_category: str
    service_focus: str
    governance_strength: int
    source: str
    grids: int
    grid_branches: int
    uncovered_grids: int
    building_prefix: str
    grids_without_fulltime_worker: tuple[int, ...]
    extra_need_categories: tuple[str, ...]
    note: str

    @property
    def id(self) -> str:
        """The Community id."""
        return f"c-{self.key}"

    @property
    def party_org_id(self) -> str:
        """The community party org's id."""
        return f"po-{self.id}"


@dataclass(frozen=True)
class Estate:
    """``estates.csv``: an estate, in its community's order; its grids are filled in that order.

    ``households`` is set where the article gives the estate's total: its
    buildings are scaled to it.
    """

    key: str
    community: str
    name: str
    category: str
    grids: int
    source: str
    households: int | None

    @property
    def id(self) -> str:
        """The Estate id."""
        return f"e-{self.key}"


@dataclass(frozen=True)
class Secretary:
    """``secretaries.csv``: the secretary of a community's party org."""

    community: str
    name: str
    years_as_secretary: int
    rating: int
    strengths: str


@dataclass(frozen=True)
class MentorPair:
    """``mentor_pairs.csv``: one of the one-to-one pairs of urban secretaries, by community key."""

    mentor: str
    mentee: str
    since: str


@dataclass(frozen=True)
class Partner:
    """``partners.csv``: a co-building partner; ``estate`` is an owners' committee's own estate."""

    id: str
    name: str
    sector: str
    community: str
    estate: str
    capacity: int | None
    source: str
    alias: str
    note: str


@dataclass(frozen=True)
class PartnerPartyOrg:
    """``partner_party_orgs.csv``: the party org of a partner (``unit``), led by ``parent``."""

    id: str
    name: str
    level: str
    parent: str
    unit: str
    source: str


@dataclass(frozen=True)
class Managed:
    """``manages.csv``: a property company manages an estate."""

    partner: str
    estate: str


@dataclass(frozen=True)
class ServicePoint:
    """``service_points.csv``: a service center (in a community) or station (named after an estate)."""

    type: str
    community: str
    estate_name: str

    @property
    def id(self) -> str:
        """The Facility id (``f-sc-<community>`` or ``f-ss-<community>``)."""
        return f"f-{'sc' if self.type == 'service_center' else 'ss'}-{self.community}"


@dataclass(frozen=True)
class Facility:
    """``facilities.csv``: every facility other than the service points."""

    id: str
    name: str
    type: str
    community: str
    operator: str
    area_m2: int | None
    source: str
    note: str


@dataclass(frozen=True)
class Offer:
    """``offers.csv``: a partner or facility offers a service category."""

    provider: str
    category: str
    note: str
    origin: str


@dataclass(frozen=True)
class CoBuild:
    """``co_builds.csv``: a co-building agreement of a partner with a community."""

    partner: str
    community: str
    since: str
    projects: str
    origin: str


@dataclass(frozen=True)
class Serves:
    """``serves.csv``: a partner serves a community or the subdistrict (``target`` is a node id)."""

    partner: str
    target: str
    origin: str


@dataclass(frozen=True)
class NamedNeed:
    """``named_needs.csv``: a need the article names; ``source`` is the channel it came in through."""

    id: str
    name: str
    community: str
    category: str
    status: str
    households_affected: int
    source: str
    reported: str
    resolved_by: str
    note: str


@dataclass(frozen=True)
class UnresolvableNeed:
    """``unresolvable_needs.csv``: an open need no provider in the subdistrict can meet (a true gap)."""

    id: str
    name: str
    community: str
    category: str
    households_affected: int
    source: str
    reported: str
    note: str


@dataclass(frozen=True)
class NeedIssues:
    """``need_issues.toml``: the categories drawn for synthetic needs and what the issues are called."""

    common_categories: tuple[str, ...]
    focus_categories: dict[str, tuple[str, ...]]
    estate_issues: dict[str, tuple[str, ...]]
    village_issues: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class PersonNames:
    """``names.toml``: surnames (one letter each) and given names for invented people."""

    surnames: str
    given_names: tuple[str, ...]


@dataclass(frozen=True)
class DaoyiTables:
    """Every hand-written table, in file order (the order rows are drawn and written in)."""

    subdistrict: Subdistrict
    communities: tuple[Community, ...]
    estates: tuple[Estate, ...]
    secretaries: tuple[Secretary, ...]
    mentor_pairs: tuple[MentorPair, ...]
    partners: tuple[Partner, ...]
    partner_party_orgs: tuple[PartnerPartyOrg, ...]
    managed: tuple[Managed, ...]
    service_points: tuple[ServicePoint, ...]
    facilities: tuple[Facility, ...]
    offers: tuple[Offer, ...]
    co_builds: tuple[CoBuild, ...]
    serves: tuple[Serves, ...]
    named_needs: tuple[NamedNeed, ...]
    unresolvable_needs: tuple[UnresolvableNeed, ...]
    need_issues: NeedIssues
    person_names: PersonNames
    dataset_toml: str  # written as the dataset's dataset.toml, byte for byte

    def community(self, key: str) -> Community:
        """The community with this key."""
        return next(c for c in self.communities if c.key == key)

    def estates_of(self, key: str) -> tuple[Estate, ...]:
        """The estates of the community with this key, in file order."""
        return tuple(e for e in self.estates if e.community == key)
