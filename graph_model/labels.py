"""Chinese display names of the schema's kinds, values and relationships, shared by the CLI, the maps and the API.

The names of kinds and enum values are the schema's own (:mod:`graph_model.schema`, which also accepts
them from a ledger); relationship types, which no ledger names, are named here.

Examples
--------
>>> LEVEL_NAMES["grid_branch"], SECTOR_NAMES["court"], KIND_NAMES["Need"]
('网格党支部', '法院', '民生诉求')
"""

from __future__ import annotations

from graph_model.schema import FACILITY_TYPE_NAMES, NODE_SPECS, PARTNER_SECTOR_NAMES, PARTY_ORG_LEVEL_NAMES

__all__ = ["KIND_NAMES", "LEVEL_NAMES", "SECTOR_NAMES", "FACILITY_NAMES", "REL_NAMES"]

KIND_NAMES: dict[str, str] = {kind.value: spec.zh for kind, spec in NODE_SPECS.items()}
LEVEL_NAMES: dict[str, str] = {value: names[0] for value, names in PARTY_ORG_LEVEL_NAMES.items()}
SECTOR_NAMES: dict[str, str] = {value: names[0] for value, names in PARTNER_SECTOR_NAMES.items()}
FACILITY_NAMES: dict[str, str] = {value: names[0] for value, names in FACILITY_TYPE_NAMES.items()}

REL_NAMES: dict[str, str] = {
    "HAS_COMMUNITY": "下辖社区", "HAS_ESTATE": "下辖小区", "HAS_GRID": "下辖网格", "HAS_BUILDING": "下辖楼栋",
    "IN_ESTATE": "属于小区", "LEADS": "领导", "PARTY_ORG_OF": "党组织", "LIVES_IN": "居住", "HAS_HOUSEHOLD": "联系中心户",
    "LOCATED_IN": "位于", "OPERATES": "运营", "HAS_SUBCATEGORY": "子类", "HAS_NEED": "诉求", "IN_CATEGORY": "类别",
    "RESOLVED_BY": "由其解决", "COVERS": "覆盖", "SECRETARY_OF": "书记", "BUILDING_HEAD_OF": "楼长",
    "GRID_WORKER_OF": "网格员", "MENTORS": "结对帮带", "CO_BUILDS": "共建协议", "OFFERS": "提供服务", "SERVES": "服务",
    "MANAGES": "物业管理",
}
