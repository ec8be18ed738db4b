"""What each table and column of a ledger is, in Chinese and English, drawn from the schema.

The ledger template (:mod:`loaders.template`) and the data-model reference
(``docs/data-model.md``, :mod:`loaders.data_model_doc`) both say it from here,
so neither can drift from :mod:`graph_model.schema`: a column's note is
built from its type, range, enum values (with their Chinese names), the kinds
it references and whether it is required; :data:`MEANINGS` adds the few
words the type cannot tell (``capacity`` is the needs in progress at once).

Examples
--------
>>> from graph_model.schema import NODE_SPECS, NodeKind
>>> column_note(NODE_SPECS[NodeKind.COMMUNITY].column("type"), "Community")
('必填。从下拉列表选：城市社区（urban）、行政村（village）；也可写：社区、村', 'Required. One of: urban (城市社区), village (行政村)')
>>> column_note(NODE_SPECS[NodeKind.GRID].column("community"))[0]
'必填。所属社区的编号或名称（名称须唯一）'
"""

from __future__ import annotations

from graph_model.schema import NODE_SPECS, RELATIONSHIP_TABLES, Column, NodeKind, RelType, ValueType

__all__ = ["TABLE_MEANINGS", "MEANINGS", "column_note", "kind_zh", "table_meaning"]

TABLE_MEANINGS: dict[str, tuple[str, str]] = {
    "Subdistrict": ("街道", "A subdistrict, the top of the territory"),
    "Community": ("社区或行政村，及其“画像”（户数、小区类别、服务重点、治理能力）",
                  "An urban community or a village, with its portrait (households, estate category, service focus, governance strength)"),
    "Estate": ("小区", "A residential estate"),
    "Grid": ("网格，网格化管理的单元", "A grid, the unit of grid management"),
    "Building": ("楼栋", "A building"),
    "PartyOrg": ("党组织，任一层级", "A party organization at any level"),
    "Household": ("党员中心户", "A party-member central household"),
    "Person": ("人员；书记、楼长、网格员等角色由关系表给出", "A person; roles (secretary, building head, grid worker) come from relationship tables"),
    "Partner": ("共建单位", "A co-building partner (enterprise, hospital, school ...)"),
    "Facility": ("阵地（服务站点）", "A facility or service point"),
    "Category": ("服务类别；默认分类总会载入，本表可增补，编号相同则替换默认类别",
                 "A service category; the default taxonomy is always loaded, rows here add to it or replace a default of the same id"),
    "Need": ("民生诉求", "A resident need"),
    "NeedEvent": ("诉求流转：每行一个环节（上报、派单、接单、办结、退单、评价、重办），诉求的状态由环节推出",
                  "A need's lifecycle, one step per row; the need's status follows from its steps"),
    "COVERS": ("党组织覆盖网格（网格党支部）或楼栋（楼栋党小组）", "A grid branch covers grids, a building group covers buildings"),
    "SECRETARY_OF": ("人员任党组织书记", "A person is the secretary of a party organization"),
    "BUILDING_HEAD_OF": ("人员任楼长", "A person is the head of a building"),
    "GRID_WORKER_OF": ("人员任网格员（专职或兼职：快递员、外卖骑手、志愿者……）", "A person works a grid (full time or not: courier, rider, volunteer ...)"),
    "MENTORS": ("书记结对帮带：起点为师傅，终点为徒弟", "Secretary mentoring: the source mentors the target"),
    "CO_BUILDS": ("共建协议：共建单位与社区", "A co-building agreement between a partner and a community"),
    "OFFERS": ("共建单位或阵地提供某类服务", "A partner or facility offers a service category"),
    "SERVES": ("共建单位在所在社区以外的服务范围", "A partner's service area beyond its own community"),
    "MANAGES": ("物业公司管理小区", "A property company manages an estate"),
}
"""Each table's meaning (Chinese, English)."""

MEANINGS: dict[tuple[str, str], tuple[str, str]] = {
    ("*", "id"): ("编号，整个数据集内唯一（可用中文）", "Unique across the whole dataset (Chinese allowed)"),
    ("*", "name"): ("名称", "Name"),
    ("Subdistrict", "area_km2"): ("面积（平方公里）", "Area in km²"),
    ("Community", "governance_strength"): ("治理能力评分", "Governance strength score"),
    ("PartyOrg", "unit"): ("是哪个单位的党组织；层级为社区（村）党组织时必填，且须是社区",
                           "What it is the party organization of; required, and a Community, for level community"),
    ("Household", "linked_households"): ("联系的群众户数", "Households it keeps in touch with"),
    ("Person", "years_as_secretary"): ("任书记的年数", "Years as a secretary"),
    ("Person", "strengths"): ("特长标签", "Strength tags"),
    ("Partner", "community"): ("所在社区", "The community it sits in"),
    ("Partner", "capacity"): ("同时办理中的诉求上限（件）", "Most needs in progress at once"),
    ("Facility", "operator"): ("运营该阵地的共建单位", "The partner operating it"),
    ("Facility", "area_m2"): ("面积（平方米）", "Area in m²"),
    ("Category", "respond_hours"): ("响应时限（小时）", "Hours to respond"),
    ("Category", "resolve_days"): ("办结时限（天）", "Days to resolve"),
    ("Need", "resolved_by"): ("解决该诉求的共建单位或阵地", "The partner or facility that resolved it"),
    ("NeedEvent", "partner"): ("派单、接单、办结的承办单位", "The partner of a dispatch, claim or resolve"),
    ("NeedEvent", "rating"): ("评价的满意度", "A rating's score"),
    ("NeedEvent", "reason"): ("退单、重办的原因", "Why it was returned or reopened"),
    ("NeedEvent", "by"): ("经办人", "Who handled the step"),
    ("GRID_WORKER_OF", "full_time"): ("是否专职（空着算“是”）", "Full time (empty counts as yes)"),
    ("CO_BUILDS", "projects"): ("共建项目", "Projects of the agreement"),
}
"""What a column means where its name and type do not say it all: (table, column) → (Chinese, English)."""


def kind_zh(kind: NodeKind) -> str:
    """A kind's Chinese name (``社区``)."""
    return NODE_SPECS[kind].zh


def table_meaning(table: str) -> tuple[str, str]:
    """(Chinese, English) meaning of a table by its schema name."""
    return TABLE_MEANINGS.get(table, ("", ""))


def _range(column: Column) -> tuple[str, str]:
    low, high = column.minimum, column.maximum
    if low is not None and high is not None:
        return f"{low:g}–{high:g}", f"{low:g}–{high:g}"
    if low is not None:
        return f"不小于 {low:g}", f"≥ {low:g}"
    return "", ""


def column_note(column: Column, table: str = "") -> tuple[str, str]:
    """(Chinese, English) note on a column: what it means and what a cell must hold."""
    zh: list[str] = []
    en: list[str] = []
    if column.required:
        zh.append("必填。")
        en.append("Required. ")
    meaning = MEANINGS.get((table, column.name)) or MEANINGS.get(("*", column.name))
    if meaning and column.type is not ValueType.REF:
        zh.append(meaning[0] + "：" if column.type is not ValueType.TEXT else meaning[0])
        en.append(meaning[1] + ": " if column.type is not ValueType.TEXT else meaning[1])
    t = column.type
    if t is ValueType.ENUM:
        zh.append("从下拉列表选：" + "、".join(f"{column.names[v][0]}（{v}）" for v in column.choices))
        others = [n for v in column.choices for n in column.names[v][1:]]
        if others:
            zh.append("；也可写：" + "、".join(others))
        en.append("One of: " + ", ".join(f"{v} ({column.names[v][0]})" for v in column.choices))
    elif t is ValueType.REF:
        kinds_zh = "或".join(kind_zh(k) for k in column.ref)
        kinds_en = " or ".join(k.value for k in column.ref)
        lead_zh, lead_en = (meaning[0] + "：", meaning[1] + ": ") if meaning else ("", "")
        if not meaning and column.zh.startswith("所属"):
            lead_zh = "所属"
        zh.append(f"{lead_zh}{kinds_zh}的编号或名称（名称须唯一）")
        en.append(f"{lead_en}the id or the (unique) name of a {kinds_en}")
    elif t in (ValueType.INT, ValueType.FLOAT):
        r_zh, r_en = _range(column)
        noun_zh, noun_en = ("整数", "a whole number") if t is ValueType.INT else ("数字", "a number")
        zh.append(noun_zh + (f"，{r_zh}" if r_zh else ""))
        en.append(noun_en + (f", {r_en}" if r_en else ""))
    elif t is ValueType.BOOL:
        zh.append("是/否")
        en.append("yes/no (true/false, 1/0, 是/否)")
    elif t is ValueType.DATE:
        zh.append("日期，如 2024-01-05、2024/1/5、2024年1月5日")
        en.append("a date: 2024-01-05, 2024/1/5, 2024年1月5日 or an Excel date")
    elif t is ValueType.DATETIME:
        zh.append("日期或日期时间，如 2024-01-05 或 2024-01-05T09:30")
        en.append("a date or date-time: 2024-01-05 or 2024-01-05T09:30")
    elif t is ValueType.LIST:
        zh.append("，多项用“；”分隔")
        en.append(", several separated by ';' or '；'")
    if column.default is not None:
        zh.append(f"（默认：{'是' if column.default is True else column.default}）")
        en.append(f" (default: {'yes' if column.default is True else column.default})")
    text_en = "".join(en).replace(": ,", ",").rstrip(": ")
    return "".join(zh).replace("：，", "，").rstrip("：").replace("。：", "。"), text_en[:1].upper() + text_en[1:].replace(". the", ". The").replace(". a ", ". A ")


def relationship_ends(rel: RelType) -> tuple[Column, Column]:
    """A relationship table's ``source`` and ``target`` as reference columns (for notes)."""
    spec = RELATIONSHIP_TABLES[rel]
    return (Column("source", ValueType.REF, required=True, ref=spec.sources, zh="起点"),
            Column("target", ValueType.REF, required=True, ref=spec.targets, zh="终点"))
