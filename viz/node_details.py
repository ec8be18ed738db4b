"""Turn a store :class:`~graph_model.records.Node` into a labelled, styled :class:`~viz.map_model.MapNode`.

Reach for :class:`NodeDescriber`: it knows each kind's group, size and the
tooltip rows a planner reads, and it keeps people private. Unless asked
(``include_people=True``), a Person is shown by role (书记, 楼长, 网格员 ...)
and a Household as 党员中心户; neither name nor id reaches the page (ids
are replaced by pseudonyms such as ``person-3``).

Examples
--------
>>> from graph_model.records import Node
>>> d = NodeDescriber(include_people=False)
>>> n = d.describe(Node("ps-1", "Person", {"name": "王淑华", "rating": 5}), roles={"ps-1": ["书记"]})
>>> n.id, n.label, "王淑华" in repr(n)
('person-1', '书记', False)
>>> d.describe(Node("c1", "Community", {"name": "北苑社区", "type": "urban", "households": 6689})).details[:2]
[('类型', '城市社区'), ('户数', '6,689')]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from graph_model.records import Node
from graph_model.schema import NEED_STATUS_NAMES
from viz.map_model import MapNode
from viz.style import FACILITY_NAMES, KIND_NAMES, LEVEL_NAMES, SECTOR_NAMES, sector_group

__all__ = ["NodeDescriber", "ROLE_BY_RELATIONSHIP", "VALUE_NAMES", "roles_from"]

ROLE_BY_RELATIONSHIP: dict[str, str] = {
    "SECRETARY_OF": "书记",
    "BUILDING_HEAD_OF": "楼长",
    "GRID_WORKER_OF": "网格员",
    "MENTORS": "结对书记",
}

VALUE_NAMES: dict[str, dict[str, str]] = {
    "type": {"urban": "城市社区", "village": "行政村", **FACILITY_NAMES},
    "estate_category": {"commercial": "商品房", "public_rental": "公租房", "resettlement": "回迁房", "mixed": "混合", "rural": "农村"},
    "service_focus": {"elderly": "养老", "migrant": "流动人口", "youth": "青少年", "mixed": "综合"},
    "status": {status: names[0] for status, names in NEED_STATUS_NAMES.items()},
    "source": {"tea_house": "议事茶馆", "hotline_12345": "12345热线", "grid_patrol": "网格巡查", "survey": "走访调查", "seed": "原文", "synthetic": "合成数据"},
    "level": LEVEL_NAMES,
    "sector": SECTOR_NAMES,
}
VALUE_NAMES["category"] = VALUE_NAMES["estate_category"]

FIELD_NAMES: dict[str, str] = {
    "type": "类型", "households": "户数", "estate_category": "小区类别", "service_focus": "服务重点",
    "governance_strength": "治理能力(1–5)", "area_km2": "面积(km²)", "population": "人口", "party_members": "党员",
    "category": "类别", "level": "层级", "linked_households": "联系户数", "sector": "领域", "capacity": "承接能力",
    "area_m2": "面积(m²)", "status": "状态", "households_affected": "影响户数", "source": "来源", "reported": "上报日期",
    "years_as_secretary": "任书记年限", "rating": "评分", "strengths": "特长", "note": "备注", "alias": "别名",
}
# Properties that are references (drawn as edges) or bookkeeping, never tooltip rows.
_FIELD_RANK = {key: rank for rank, key in enumerate(FIELD_NAMES)}
_SKIPPED = {"name", "subdistrict", "community", "grid", "estate", "parent", "unit", "building", "party_group",
            "operator", "resolved_by", "origin"}
_PRIVATE_KINDS = {"Person", "Household"}


def _value(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    text = str(value)
    return VALUE_NAMES.get(key, {}).get(text, text)


class NodeDescriber:
    """Builds map nodes for one map; keeps the pseudonyms of hidden people consistent within it."""

    def __init__(self, *, include_people: bool = False, overdue: Mapping[str, str] | None = None) -> None:
        self.include_people = include_people
        self.overdue = dict(overdue or {})  # need id -> why it is overdue (the need_overdue gaps' details)
        self._pseudonyms: dict[str, str] = {}
        self._issued: dict[str, int] = {"person": 0, "household": 0}  # pseudonyms handed out per prefix

    def is_private(self, kind: str) -> bool:
        """Whether nodes of ``kind`` are shown without name and id."""
        return not self.include_people and kind in _PRIVATE_KINDS

    def map_id(self, node_id: str, kind: str) -> str:
        """The id the page uses for a node: the store id, or a pseudonym for a hidden person."""
        if not self.is_private(kind):
            return node_id
        pseudonym = self._pseudonyms.get(node_id)
        if pseudonym is None:
            prefix = "person" if kind == "Person" else "household"
            self._issued[prefix] += 1
            pseudonym = self._pseudonyms[node_id] = f"{prefix}-{self._issued[prefix]}"
        return pseudonym

    def rows(self, node: Node) -> list[tuple[str, str]]:
        """The tooltip rows of ``node`` (private fields left out when people are hidden)."""
        rows: list[tuple[str, str]] = []
        private = self.is_private(str(node.kind))
        props = node.props
        unranked = len(_FIELD_RANK)
        # A fixed field order, so both backends (whose property order differs) give the same tooltip.
        for key in sorted(props, key=lambda k: (_FIELD_RANK.get(k, unranked), k)):
            value = props[key]
            if key in _SKIPPED or value is None or value == "" or value == [] or (private and key != "linked_households"):
                continue
            rows.append((FIELD_NAMES.get(key, key), _value(key, value)))
        if not private:
            rows.append(("编号", node.id))
        return rows

    def describe(
        self,
        node: Node,
        *,
        parent: str | None = None,
        roles: Mapping[str, Sequence[str]] | None = None,
        details: bool = True,
    ) -> MapNode:
        """A map node for ``node`` with its kind's default group, size and label.

        ``details=False`` leaves the tooltip rows out, for a layer that adds
        :meth:`rows` only to the nodes left after folding (a city folds
        hundreds of thousands of buildings whose rows nobody sees).
        """
        kind, props = str(node.kind), node.props
        label, search, group, size, sector = node.name, node.name, kind.lower(), 12.0, None
        if kind == "PartyOrg":
            level = str(props.get("level"))
            group = f"level:{level}" if level in ("subdistrict_committee", "community", "grid_branch", "building_group") else "level:other_org"
            size = {"subdistrict_committee": 40, "community": 22, "grid_branch": 14, "building_group": 10}.get(level, 12)
        elif kind == "Partner":
            sector = str(props.get("sector") or "other")
            group, size = sector_group(sector), 16
        elif kind == "Subdistrict":
            size = 40
        elif kind == "Community":
            group = "community:village" if props.get("type") == "village" else "community"
            size = 22
        elif kind == "Building":
            size = 6
        elif kind == "Grid":
            size = 11
        elif kind == "Need":
            size = 9
            status = str(props.get("status") or "")
            group = "need:overdue" if node.id in self.overdue else f"need:{status}" if status in NEED_STATUS_NAMES else "need"
        if self.is_private(kind):
            role = "、".join(dict.fromkeys((roles or {}).get(node.id, ()))) if kind == "Person" else ""
            label = role or KIND_NAMES[kind]
            search = label
            size = 8
        map_node = MapNode(
            id=self.map_id(node.id, kind), kind=kind, label=label, group=group, parent=parent,
            size=size, details=self.rows(node) if details else [], search=search, sector=sector,
        )
        if details and node.id in self.overdue:
            map_node.details.insert(0, ("已超期", self.overdue[node.id]))
        return map_node


def roles_from(relationships: Sequence[Any]) -> dict[str, list[str]]:
    """Each person's roles (书记, 楼长 ...) from the relationships at hand, sorted and unique.

    Examples
    --------
    >>> from graph_model.records import Relationship
    >>> roles_from([Relationship("BUILDING_HEAD_OF", "p", "b"), Relationship("SECRETARY_OF", "p", "o")])
    {'p': ['书记', '楼长']}
    """
    found: dict[str, set[str]] = {}
    for rel in relationships:
        role = ROLE_BY_RELATIONSHIP.get(str(rel.type))
        if role is None:
            continue
        found.setdefault(rel.source, set()).add(role)
        if str(rel.type) == "MENTORS":
            found.setdefault(rel.target, set()).add(role)
    order = list(ROLE_BY_RELATIONSHIP.values())
    return {p: sorted(r, key=order.index) for p, r in found.items()}
