"""The data model as data: node kinds, relationship types, columns and enums.

Everything else (loaders, stores, Cypher, the API's models) reads the rules
from here, so the data model (``docs/data-model.md``: kinds, columns, relationships) lives in one place.

Reach for :data:`NODE_SPECS` to know a kind's columns, :data:`RELATIONSHIP_TABLES`
for the relationship tables a dataset may carry, and :func:`endpoints` for the
kinds a relationship type may join.

Examples
--------
>>> NODE_SPECS[NodeKind.GRID].column("community").ref
(<NodeKind.COMMUNITY: 'Community'>,)
>>> RelType.COVERS in RELATIONSHIP_TABLES
True
>>> sorted(k.value for k in endpoints(RelType.OFFERS)[0])
['Facility', 'Partner']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "NodeKind",
    "RelType",
    "ValueType",
    "Column",
    "NodeSpec",
    "RelTableSpec",
    "NODE_SPECS",
    "RELATIONSHIP_TABLES",
    "REFERENCE_RELATIONSHIPS",
    "PARTY_ORG_LEVELS",
    "PARTNER_SECTORS",
    "FACILITY_TYPES",
    "NEED_STATUSES",
    "endpoints",
]


class NodeKind(StrEnum):
    """The node kinds of the graph (a label in Neo4j)."""

    SUBDISTRICT = "Subdistrict"
    COMMUNITY = "Community"
    ESTATE = "Estate"
    GRID = "Grid"
    BUILDING = "Building"
    PARTY_ORG = "PartyOrg"
    HOUSEHOLD = "Household"
    PERSON = "Person"
    PARTNER = "Partner"
    FACILITY = "Facility"
    CATEGORY = "Category"
    NEED = "Need"


class RelType(StrEnum):
    """The relationship types of the graph."""

    HAS_COMMUNITY = "HAS_COMMUNITY"
    HAS_ESTATE = "HAS_ESTATE"
    HAS_GRID = "HAS_GRID"
    HAS_BUILDING = "HAS_BUILDING"
    IN_ESTATE = "IN_ESTATE"
    LEADS = "LEADS"
    PARTY_ORG_OF = "PARTY_ORG_OF"
    LIVES_IN = "LIVES_IN"
    HAS_HOUSEHOLD = "HAS_HOUSEHOLD"
    LOCATED_IN = "LOCATED_IN"
    OPERATES = "OPERATES"
    HAS_SUBCATEGORY = "HAS_SUBCATEGORY"
    HAS_NEED = "HAS_NEED"
    IN_CATEGORY = "IN_CATEGORY"
    RESOLVED_BY = "RESOLVED_BY"
    COVERS = "COVERS"
    SECRETARY_OF = "SECRETARY_OF"
    BUILDING_HEAD_OF = "BUILDING_HEAD_OF"
    GRID_WORKER_OF = "GRID_WORKER_OF"
    MENTORS = "MENTORS"
    CO_BUILDS = "CO_BUILDS"
    OFFERS = "OFFERS"
    SERVES = "SERVES"
    MANAGES = "MANAGES"


class ValueType(StrEnum):
    """How a cell's text is read."""

    TEXT = "text"
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    DATE = "date"
    LIST = "list"
    ENUM = "enum"
    REF = "ref"


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table and how to read it.

    A ``REF`` column names a node of one of ``ref`` kinds and becomes a
    relationship of type ``rel``; ``ref_is_source`` says the referenced node is
    the relationship's source (``Community.subdistrict`` gives
    ``(Subdistrict)-[:HAS_COMMUNITY]->(Community)``).
    """

    name: str
    type: ValueType = ValueType.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    ref: tuple[NodeKind, ...] = ()
    rel: RelType | None = None
    ref_is_source: bool = False
    default: object = None

    def describe(self) -> str:
        """What a valid value looks like, for error messages.

        Examples
        --------
        >>> Column("rating", ValueType.FLOAT, minimum=1, maximum=5).describe()
        'a number from 1 to 5'
        """
        match self.type:
            case ValueType.INT | ValueType.FLOAT:
                noun = "a whole number" if self.type is ValueType.INT else "a number"
                if self.minimum is not None and self.maximum is not None:
                    return f"{noun} from {self.minimum:g} to {self.maximum:g}"
                if self.minimum is not None:
                    return f"{noun} ≥ {self.minimum:g}"
                return noun
            case ValueType.BOOL:
                return "one of true/false/1/0/yes/no/是/否"
            case ValueType.DATE:
                return "an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)"
            case ValueType.ENUM:
                return "one of " + "/".join(self.choices)
            case ValueType.REF:
                return "the id of a " + " or ".join(k.value for k in self.ref)
            case ValueType.LIST:
                return "a list separated by ';'"
            case _:
                return "text"


@dataclass(frozen=True, slots=True)
class NodeSpec:
    """The columns of one node kind (``id`` and ``name`` always first)."""

    kind: NodeKind
    columns: tuple[Column, ...]
    by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {c.name: c for c in self.columns})

    def column(self, name: str) -> Column:
        """The column called ``name`` (KeyError if the kind has none)."""
        return self.by_name[name]

    @property
    def required(self) -> tuple[str, ...]:
        """Names of the required columns."""
        return tuple(c.name for c in self.columns if c.required)


@dataclass(frozen=True, slots=True)
class RelTableSpec:
    """A relationship table (``relationships/<TYPE>.csv``)."""

    type: RelType
    sources: tuple[NodeKind, ...]
    targets: tuple[NodeKind, ...]
    properties: tuple[Column, ...] = ()


PARTY_ORG_LEVELS = (
    "subdistrict_committee", "community", "grid_branch", "building_group",
    "enterprise", "property", "owners_committee", "institution", "other",
)
PARTNER_SECTORS = (
    "enterprise", "university", "hospital", "court", "police", "urban_management",
    "school", "property_company", "owners_committee", "social_organization",
    "community_company", "government", "other",
)
FACILITY_TYPES = (
    "service_center", "service_station", "canteen", "health_station", "health_center",
    "minor_protection_center", "circuit_court", "parlor", "tea_house",
    "secretary_studio", "other",
)
NEED_STATUSES = ("open", "in_progress", "resolved")
ESTATE_CATEGORIES = ("commercial", "public_rental", "resettlement", "mixed", "rural")
SERVICE_FOCUSES = ("elderly", "migrant", "youth", "mixed")
NEED_SOURCES = ("tea_house", "hotline_12345", "grid_patrol", "survey", "other")
WORKER_ROLES = ("staff", "courier", "delivery_rider", "volunteer", "household")

K = NodeKind
V = ValueType
_ID = Column("id", required=True)
_NAME = Column("name", required=True)


def _ref(name: str, *kinds: NodeKind, rel: RelType, source: bool = False, required: bool = False) -> Column:
    return Column(name, V.REF, required=required, ref=kinds, rel=rel, ref_is_source=source)


def _spec(kind: NodeKind, *columns: Column) -> NodeSpec:
    return NodeSpec(kind, (_ID, _NAME, *columns))


NODE_SPECS: dict[NodeKind, NodeSpec] = {
    s.kind: s
    for s in (
        _spec(K.SUBDISTRICT,
              Column("area_km2", V.FLOAT, minimum=0),
              Column("population", V.INT, minimum=0),
              Column("party_members", V.INT, minimum=0)),
        _spec(K.COMMUNITY,
              Column("type", V.ENUM, required=True, choices=("urban", "village")),
              _ref("subdistrict", K.SUBDISTRICT, rel=RelType.HAS_COMMUNITY, source=True, required=True),
              Column("households", V.INT, minimum=0),
              Column("estate_category", V.ENUM, choices=ESTATE_CATEGORIES),
              Column("service_focus", V.ENUM, choices=SERVICE_FOCUSES),
              Column("governance_strength", V.INT, minimum=1, maximum=5)),
        _spec(K.ESTATE,
              _ref("community", K.COMMUNITY, rel=RelType.HAS_ESTATE, source=True, required=True),
              Column("households", V.INT, minimum=0),
              Column("category", V.ENUM, choices=ESTATE_CATEGORIES)),
        _spec(K.GRID,
              _ref("community", K.COMMUNITY, rel=RelType.HAS_GRID, source=True, required=True)),
        _spec(K.BUILDING,
              _ref("grid", K.GRID, rel=RelType.HAS_BUILDING, source=True, required=True),
              _ref("estate", K.ESTATE, rel=RelType.IN_ESTATE),
              Column("households", V.INT, minimum=0)),
        _spec(K.PARTY_ORG,
              Column("level", V.ENUM, required=True, choices=PARTY_ORG_LEVELS),
              _ref("parent", K.PARTY_ORG, rel=RelType.LEADS, source=True),
              _ref("unit", K.SUBDISTRICT, K.COMMUNITY, K.ESTATE, K.PARTNER, rel=RelType.PARTY_ORG_OF)),
        _spec(K.HOUSEHOLD,
              _ref("building", K.BUILDING, rel=RelType.LIVES_IN, required=True),
              _ref("party_group", K.PARTY_ORG, rel=RelType.HAS_HOUSEHOLD, source=True),
              Column("linked_households", V.INT, minimum=0)),
        _spec(K.PERSON,
              Column("years_as_secretary", V.FLOAT, minimum=0),
              Column("rating", V.FLOAT, minimum=1, maximum=5),
              Column("strengths", V.LIST)),
        _spec(K.PARTNER,
              Column("sector", V.ENUM, required=True, choices=PARTNER_SECTORS),
              _ref("community", K.COMMUNITY, rel=RelType.LOCATED_IN),
              Column("capacity", V.INT, minimum=1)),
        _spec(K.FACILITY,
              Column("type", V.ENUM, required=True, choices=FACILITY_TYPES),
              _ref("community", K.COMMUNITY, rel=RelType.LOCATED_IN, required=True),
              _ref("operator", K.PARTNER, rel=RelType.OPERATES, source=True),
              Column("area_m2", V.FLOAT, minimum=0)),
        _spec(K.CATEGORY,
              _ref("parent", K.CATEGORY, rel=RelType.HAS_SUBCATEGORY, source=True)),
        _spec(K.NEED,
              _ref("community", K.COMMUNITY, rel=RelType.HAS_NEED, source=True, required=True),
              _ref("category", K.CATEGORY, rel=RelType.IN_CATEGORY, required=True),
              Column("status", V.ENUM, required=True, choices=NEED_STATUSES),
              Column("households_affected", V.INT, minimum=0),
              Column("source", V.ENUM, choices=NEED_SOURCES),
              Column("reported", V.DATE),
              _ref("resolved_by", K.PARTNER, K.FACILITY, rel=RelType.RESOLVED_BY)),
    )
}

_SINCE = Column("since", V.DATE)

RELATIONSHIP_TABLES: dict[RelType, RelTableSpec] = {
    s.type: s
    for s in (
        RelTableSpec(RelType.COVERS, (K.PARTY_ORG,), (K.GRID, K.BUILDING)),
        RelTableSpec(RelType.SECRETARY_OF, (K.PERSON,), (K.PARTY_ORG,), (_SINCE,)),
        RelTableSpec(RelType.BUILDING_HEAD_OF, (K.PERSON,), (K.BUILDING,), (_SINCE,)),
        RelTableSpec(RelType.GRID_WORKER_OF, (K.PERSON,), (K.GRID,), (
            Column("full_time", V.BOOL, default=True),
            Column("role", V.ENUM, choices=WORKER_ROLES))),
        RelTableSpec(RelType.MENTORS, (K.PERSON,), (K.PERSON,), (_SINCE,)),
        RelTableSpec(RelType.CO_BUILDS, (K.PARTNER,), (K.COMMUNITY,), (_SINCE, Column("projects", V.LIST))),
        RelTableSpec(RelType.OFFERS, (K.PARTNER, K.FACILITY), (K.CATEGORY,), (Column("note"),)),
        RelTableSpec(RelType.SERVES, (K.PARTNER,), (K.COMMUNITY, K.SUBDISTRICT)),
        RelTableSpec(RelType.MANAGES, (K.PARTNER,), (K.ESTATE,)),
    )
}


def _reference_relationships() -> dict[RelType, tuple[tuple[NodeKind, ...], tuple[NodeKind, ...], str]]:
    """Relationship types born from reference columns: (sources, targets, 'Kind.column')."""
    found: dict[RelType, tuple[set[NodeKind], set[NodeKind], list[str]]] = {}
    for spec in NODE_SPECS.values():
        for col in spec.columns:
            if col.rel is None:
                continue
            own, other = {spec.kind}, set(col.ref)
            src, dst = (other, own) if col.ref_is_source else (own, other)
            entry = found.setdefault(col.rel, (set(), set(), []))
            entry[0].update(src)
            entry[1].update(dst)
            entry[2].append(f"{spec.kind.value}.{col.name}")
    order = list(NodeKind)
    return {
        rel: (tuple(sorted(s, key=order.index)), tuple(sorted(t, key=order.index)), ", ".join(cols))
        for rel, (s, t, cols) in found.items()
    }


REFERENCE_RELATIONSHIPS = _reference_relationships()


def endpoints(rel: RelType) -> tuple[tuple[NodeKind, ...], tuple[NodeKind, ...]]:
    """The kinds a relationship of type ``rel`` may start from and end at.

    Examples
    --------
    >>> endpoints(RelType.LOCATED_IN)
    ((<NodeKind.PARTNER: 'Partner'>, <NodeKind.FACILITY: 'Facility'>), (<NodeKind.COMMUNITY: 'Community'>,))
    """
    if rel in RELATIONSHIP_TABLES:
        spec = RELATIONSHIP_TABLES[rel]
        return spec.sources, spec.targets
    sources, targets, _ = REFERENCE_RELATIONSHIPS[rel]
    return sources, targets
