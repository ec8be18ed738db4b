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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from graph_model.i18n import _, current_language, pick

__all__ = [
    "NodeKind",
    "RelType",
    "ValueType",
    "Column",
    "NodeSpec",
    "RelTableSpec",
    "NODE_SPECS",
    "kind_label",
    "kinds_label",
    "RELATIONSHIP_TABLES",
    "REFERENCE_RELATIONSHIPS",
    "PARTY_ORG_LEVELS",
    "PARTNER_SECTORS",
    "FACILITY_TYPES",
    "NEED_STATUSES",
    "ESTATE_CATEGORIES",
    "SERVICE_FOCUSES",
    "NEED_SOURCES",
    "WORKER_ROLES",
    "NEED_ACTIONS",
    "NEED_ACTION_NAMES",
    "COMMUNITY_TYPE_NAMES",
    "PARTY_ORG_LEVEL_NAMES",
    "PARTNER_SECTOR_NAMES",
    "FACILITY_TYPE_NAMES",
    "NEED_STATUS_NAMES",
    "ESTATE_CATEGORY_NAMES",
    "SERVICE_FOCUS_NAMES",
    "NEED_SOURCE_NAMES",
    "WORKER_ROLE_NAMES",
    "RELATIONSHIP_ENDS_ZH",
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
    NEED_EVENT = "NeedEvent"
    """One step of a need's lifecycle (诉求流转): a row of the ``NeedEvent`` table, which has no id column."""


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
    HAS_EVENT = "HAS_EVENT"
    HANDLED_BY = "HANDLED_BY"
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
    DATETIME = "datetime"
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
    zh: str = ""
    """The column's Chinese header (a ledger may use it instead of ``name``)."""
    names: Mapping[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    """For an enum: each value's Chinese names, the first as Linli writes it, the rest also accepted."""

    def describe(self) -> str:
        """What a valid value looks like, for error messages (in the current language).

        Examples
        --------
        >>> from graph_model.i18n import use_language
        >>> with use_language("en"):
        ...     Column("rating", ValueType.FLOAT, minimum=1, maximum=5).describe()
        'a number from 1 to 5'
        >>> Column("rating", ValueType.FLOAT, minimum=1, maximum=5).describe()
        '1 到 5 之间的数'
        >>> Column("type", ValueType.ENUM, choices=("urban", "village"), names={"urban": ("城市社区",), "village": ("村",)}).describe()
        'urban/village 之一（或 城市社区/村）'
        """
        match self.type:
            case ValueType.INT | ValueType.FLOAT:
                whole = self.type is ValueType.INT
                if self.minimum is not None and self.maximum is not None:
                    text = _("a whole number from {low} to {high}") if whole else _("a number from {low} to {high}")
                    return text.format(low=f"{self.minimum:g}", high=f"{self.maximum:g}")
                if self.minimum is not None:
                    text = _("a whole number ≥ {low}") if whole else _("a number ≥ {low}")
                    return text.format(low=f"{self.minimum:g}")
                return _("a whole number") if whole else _("a number")
            case ValueType.BOOL:
                return _("one of {choices}").format(choices="true/false/1/0/yes/no/是/否")
            case ValueType.DATE:
                return _("an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)")
            case ValueType.DATETIME:
                return _("a date or date-time (YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS])")
            case ValueType.ENUM:
                text = _("one of {choices}").format(choices="/".join(self.choices))
                chinese = [self.names[c][0] for c in self.choices if self.names.get(c)]
                if chinese and current_language() == "zh":
                    text += "（或 " + "/".join(chinese) + "）"
                return text
            case ValueType.REF:
                return _("the id of a {kinds}").format(kinds=kinds_label(self.ref))
            case ValueType.LIST:
                return _("a list separated by ';'")
            case _:
                return _("text")


def kind_label(kind: NodeKind) -> str:
    """A node kind as the current language names it (``社区`` / ``Community``)."""
    spec = NODE_SPECS.get(kind)
    return pick(spec.zh, kind.value) if spec is not None and spec.zh else kind.value


def kinds_label(kinds: Iterable[NodeKind]) -> str:
    """Node kinds joined by "or" in the current language (``共建单位或服务设施`` / ``Partner or Facility``)."""
    return _(" or ").join(kind_label(k) for k in kinds)


@dataclass(frozen=True, slots=True)
class NodeSpec:
    """The columns of one node kind (``id`` and ``name`` first, except for the id-less ``NeedEvent`` table)."""

    kind: NodeKind
    columns: tuple[Column, ...]
    zh: str = ""
    """The table's Chinese name (a ledger's file or sheet may be called so)."""
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
    zh: str = ""
    """The table's Chinese name (a ledger's file or sheet may be called so)."""


# The enums' values with their Chinese names: the first is how Linli writes the value, the others
# are accepted from a ledger too. The English value is what is stored and what JSON carries.
COMMUNITY_TYPE_NAMES: dict[str, tuple[str, ...]] = {"urban": ("城市社区", "社区"), "village": ("行政村", "村")}
PARTY_ORG_LEVEL_NAMES: dict[str, tuple[str, ...]] = {
    "subdistrict_committee": ("街道党工委",),
    "community": ("社区(村)党组织", "社区党组织", "村党组织", "社区党委", "村党总支"),
    "grid_branch": ("网格党支部",),
    "building_group": ("楼栋党小组",),
    "enterprise": ("企业党组织",),
    "property": ("物业党组织",),
    "owners_committee": ("业委会党组织",),
    "institution": ("单位党组织",),
    "other": ("其他党组织",),
}
PARTNER_SECTOR_NAMES: dict[str, tuple[str, ...]] = {
    "enterprise": ("企业",), "university": ("高校",), "hospital": ("医院",), "court": ("法院",), "police": ("公安",),
    "urban_management": ("城管",), "school": ("学校",), "property_company": ("物业公司",), "owners_committee": ("业委会",),
    "social_organization": ("社会组织",), "community_company": ("社区社会企业",), "government": ("政府部门",),
    "other": ("其他",),
}
FACILITY_TYPE_NAMES: dict[str, tuple[str, ...]] = {
    "service_center": ("党群服务中心",), "service_station": ("党群服务站",), "canteen": ("社区食堂",),
    "health_station": ("卫生服务站",), "health_center": ("卫生服务中心",), "minor_protection_center": ("未成年人保护中心",),
    "circuit_court": ("巡回法庭",), "parlor": ("邻里会客厅",), "tea_house": ("议事茶馆",), "secretary_studio": ("书记工作室",),
    "other": ("其他阵地", "其他"),
}
NEED_STATUS_NAMES: dict[str, tuple[str, ...]] = {
    "open": ("待解决",), "dispatched": ("已派单",), "in_progress": ("办理中",), "resolved": ("已解决",),
}
NEED_ACTION_NAMES: dict[str, tuple[str, ...]] = {
    "report": ("上报",), "dispatch": ("派单",), "claim": ("接单",), "resolve": ("办结",), "return": ("退单",),
    "rate": ("评价",), "reopen": ("重办",),
}
ESTATE_CATEGORY_NAMES: dict[str, tuple[str, ...]] = {
    "commercial": ("商品房",), "public_rental": ("公租房",), "resettlement": ("回迁房",), "mixed": ("混合",), "rural": ("农村",),
}
SERVICE_FOCUS_NAMES: dict[str, tuple[str, ...]] = {"elderly": ("养老",), "migrant": ("流动人口",), "youth": ("青少年",), "mixed": ("综合",)}
NEED_SOURCE_NAMES: dict[str, tuple[str, ...]] = {
    "tea_house": ("议事茶馆",), "hotline_12345": ("12345热线",), "grid_patrol": ("网格巡查",), "survey": ("走访调查",), "other": ("其他",),
}
WORKER_ROLE_NAMES: dict[str, tuple[str, ...]] = {
    "staff": ("专职网格员",), "courier": ("快递员",), "delivery_rider": ("外卖骑手",), "volunteer": ("志愿者",), "household": ("党员中心户",),
}

PARTY_ORG_LEVELS = tuple(PARTY_ORG_LEVEL_NAMES)
PARTNER_SECTORS = tuple(PARTNER_SECTOR_NAMES)
FACILITY_TYPES = tuple(FACILITY_TYPE_NAMES)
NEED_STATUSES = tuple(NEED_STATUS_NAMES)
ESTATE_CATEGORIES = tuple(ESTATE_CATEGORY_NAMES)
SERVICE_FOCUSES = tuple(SERVICE_FOCUS_NAMES)
NEED_SOURCES = tuple(NEED_SOURCE_NAMES)
WORKER_ROLES = tuple(WORKER_ROLE_NAMES)
NEED_ACTIONS = tuple(NEED_ACTION_NAMES)

K = NodeKind
V = ValueType
_ID = Column("id", required=True, zh="编号")
_NAME = Column("name", required=True, zh="名称")


def _ref(name: str, zh: str, *kinds: NodeKind, rel: RelType, source: bool = False, required: bool = False) -> Column:
    return Column(name, V.REF, required=required, ref=kinds, rel=rel, ref_is_source=source, zh=zh)


def _enum(name: str, zh: str, names: dict[str, tuple[str, ...]], *, required: bool = False) -> Column:
    return Column(name, V.ENUM, required=required, choices=tuple(names), zh=zh, names=names)


def _spec(kind: NodeKind, zh: str, *columns: Column) -> NodeSpec:
    return NodeSpec(kind, (_ID, _NAME, *columns), zh)


NODE_SPECS: dict[NodeKind, NodeSpec] = {
    s.kind: s
    for s in (
        _spec(K.SUBDISTRICT, "街道",
              Column("area_km2", V.FLOAT, minimum=0, zh="面积"),
              Column("population", V.INT, minimum=0, zh="人口"),
              Column("party_members", V.INT, minimum=0, zh="党员数")),
        _spec(K.COMMUNITY, "社区",
              _enum("type", "类型", COMMUNITY_TYPE_NAMES, required=True),
              _ref("subdistrict", "所属街道", K.SUBDISTRICT, rel=RelType.HAS_COMMUNITY, source=True, required=True),
              Column("households", V.INT, minimum=0, zh="户数"),
              _enum("estate_category", "小区类别", ESTATE_CATEGORY_NAMES),
              _enum("service_focus", "服务重点", SERVICE_FOCUS_NAMES),
              Column("governance_strength", V.INT, minimum=1, maximum=5, zh="治理能力")),
        _spec(K.ESTATE, "小区",
              _ref("community", "所属社区", K.COMMUNITY, rel=RelType.HAS_ESTATE, source=True, required=True),
              Column("households", V.INT, minimum=0, zh="户数"),
              _enum("category", "小区类别", ESTATE_CATEGORY_NAMES)),
        _spec(K.GRID, "网格",
              _ref("community", "所属社区", K.COMMUNITY, rel=RelType.HAS_GRID, source=True, required=True)),
        _spec(K.BUILDING, "楼栋",
              _ref("grid", "所属网格", K.GRID, rel=RelType.HAS_BUILDING, source=True, required=True),
              _ref("estate", "所属小区", K.ESTATE, rel=RelType.IN_ESTATE),
              Column("households", V.INT, minimum=0, zh="户数")),
        _spec(K.PARTY_ORG, "党组织",
              _enum("level", "层级", PARTY_ORG_LEVEL_NAMES, required=True),
              _ref("parent", "上级", K.PARTY_ORG, rel=RelType.LEADS, source=True),
              _ref("unit", "所属单位", K.SUBDISTRICT, K.COMMUNITY, K.ESTATE, K.PARTNER, rel=RelType.PARTY_ORG_OF)),
        _spec(K.HOUSEHOLD, "党员中心户",
              _ref("building", "所属楼栋", K.BUILDING, rel=RelType.LIVES_IN, required=True),
              _ref("party_group", "所属党小组", K.PARTY_ORG, rel=RelType.HAS_HOUSEHOLD, source=True),
              Column("linked_households", V.INT, minimum=0, zh="联系户数")),
        _spec(K.PERSON, "人员",
              Column("years_as_secretary", V.FLOAT, minimum=0, zh="任职年限"),
              Column("rating", V.FLOAT, minimum=1, maximum=5, zh="评分"),
              Column("strengths", V.LIST, zh="特长")),
        _spec(K.PARTNER, "共建单位",
              _enum("sector", "领域", PARTNER_SECTOR_NAMES, required=True),
              _ref("community", "所属社区", K.COMMUNITY, rel=RelType.LOCATED_IN),
              Column("capacity", V.INT, minimum=1, zh="承接能力")),
        _spec(K.FACILITY, "阵地",
              _enum("type", "类型", FACILITY_TYPE_NAMES, required=True),
              _ref("community", "所属社区", K.COMMUNITY, rel=RelType.LOCATED_IN, required=True),
              _ref("operator", "运营单位", K.PARTNER, rel=RelType.OPERATES, source=True),
              Column("area_m2", V.FLOAT, minimum=0, zh="面积")),
        _spec(K.CATEGORY, "服务类别",
              _ref("parent", "上级", K.CATEGORY, rel=RelType.HAS_SUBCATEGORY, source=True),
              Column("respond_hours", V.INT, minimum=1, zh="响应时限"),
              Column("resolve_days", V.INT, minimum=1, zh="办结时限")),
        _spec(K.NEED, "民生诉求",
              _ref("community", "所属社区", K.COMMUNITY, rel=RelType.HAS_NEED, source=True, required=True),
              _ref("category", "类别", K.CATEGORY, rel=RelType.IN_CATEGORY, required=True),
              _enum("status", "状态", NEED_STATUS_NAMES, required=True),
              Column("households_affected", V.INT, minimum=0, zh="涉及户数"),
              _enum("source", "来源", NEED_SOURCE_NAMES),
              Column("reported", V.DATE, zh="上报日期"),
              _ref("resolved_by", "解决单位", K.PARTNER, K.FACILITY, rel=RelType.RESOLVED_BY)),
        # No id, no name: each row is one event of a need, stored as a NeedEvent node whose id is
        # ``<need>#<sequence number>`` (graph_model.need_lifecycle).
        NodeSpec(K.NEED_EVENT, (
            _ref("need", "诉求", K.NEED, rel=RelType.HAS_EVENT, source=True, required=True),
            Column("at", V.DATETIME, required=True, zh="时间"),
            _enum("action", "环节", NEED_ACTION_NAMES, required=True),
            _ref("partner", "承办单位", K.PARTNER, K.FACILITY, rel=RelType.HANDLED_BY),
            Column("rating", V.INT, minimum=1, maximum=5, zh="满意度"),
            Column("reason", zh="原因"),
            Column("by", zh="经办人")), "诉求流转"),
    )
}

_SINCE = Column("since", V.DATE, zh="开始日期")

RELATIONSHIP_TABLES: dict[RelType, RelTableSpec] = {
    s.type: s
    for s in (
        RelTableSpec(RelType.COVERS, (K.PARTY_ORG,), (K.GRID, K.BUILDING), zh="覆盖"),
        RelTableSpec(RelType.SECRETARY_OF, (K.PERSON,), (K.PARTY_ORG,), (_SINCE,), zh="书记"),
        RelTableSpec(RelType.BUILDING_HEAD_OF, (K.PERSON,), (K.BUILDING,), (_SINCE,), zh="楼长"),
        RelTableSpec(RelType.GRID_WORKER_OF, (K.PERSON,), (K.GRID,), (
            Column("full_time", V.BOOL, default=True, zh="专职"),
            _enum("role", "角色", WORKER_ROLE_NAMES)), zh="网格员"),
        RelTableSpec(RelType.MENTORS, (K.PERSON,), (K.PERSON,), (_SINCE,), zh="结对帮带"),
        RelTableSpec(RelType.CO_BUILDS, (K.PARTNER,), (K.COMMUNITY,), (_SINCE, Column("projects", V.LIST, zh="共建项目")), zh="共建协议"),
        RelTableSpec(RelType.OFFERS, (K.PARTNER, K.FACILITY), (K.CATEGORY,), (Column("note", zh="备注"),), zh="提供服务"),
        RelTableSpec(RelType.SERVES, (K.PARTNER,), (K.COMMUNITY, K.SUBDISTRICT), zh="服务范围"),
        RelTableSpec(RelType.MANAGES, (K.PARTNER,), (K.ESTATE,), zh="物业管理"),
    )
}

RELATIONSHIP_ENDS_ZH: dict[str, str] = {"source": "起点", "target": "终点"}
"""The Chinese headers of every relationship table's two end columns."""


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
