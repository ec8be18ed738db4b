"""Chinese display names of the schema's values, shared by the CLI, the maps and the API.

Examples
--------
>>> LEVEL_NAMES["grid_branch"], SECTOR_NAMES["court"], KIND_NAMES["Need"]
('网格党支部', '法院', '民生诉求')
"""

from __future__ import annotations

__all__ = ["KIND_NAMES", "LEVEL_NAMES", "SECTOR_NAMES", "FACILITY_NAMES", "REL_NAMES"]

KIND_NAMES: dict[str, str] = {
    "Subdistrict": "街道",
    "Community": "社区",
    "Estate": "小区",
    "Grid": "网格",
    "Building": "楼栋",
    "PartyOrg": "党组织",
    "Household": "党员中心户",
    "Person": "人员",
    "Partner": "共建单位",
    "Facility": "阵地",
    "Category": "服务类别",
    "Need": "民生诉求",
}

LEVEL_NAMES: dict[str, str] = {
    "subdistrict_committee": "街道党工委",
    "community": "社区(村)党组织",
    "grid_branch": "网格党支部",
    "building_group": "楼栋党小组",
    "enterprise": "企业党组织",
    "property": "物业党组织",
    "owners_committee": "业委会党组织",
    "institution": "单位党组织",
    "other": "其他党组织",
}

SECTOR_NAMES: dict[str, str] = {
    "enterprise": "企业",
    "university": "高校",
    "hospital": "医院",
    "court": "法院",
    "police": "公安",
    "urban_management": "城管",
    "school": "学校",
    "property_company": "物业公司",
    "owners_committee": "业委会",
    "social_organization": "社会组织",
    "community_company": "社区社会企业",
    "government": "政府部门",
    "other": "其他",
}

FACILITY_NAMES: dict[str, str] = {
    "service_center": "党群服务中心",
    "service_station": "党群服务站",
    "canteen": "社区食堂",
    "health_station": "卫生服务站",
    "health_center": "卫生服务中心",
    "minor_protection_center": "未成年人保护中心",
    "circuit_court": "巡回法庭",
    "parlor": "邻里会客厅",
    "tea_house": "议事茶馆",
    "secretary_studio": "书记工作室",
    "other": "其他阵地",
}

REL_NAMES: dict[str, str] = {
    "HAS_COMMUNITY": "下辖社区", "HAS_ESTATE": "下辖小区", "HAS_GRID": "下辖网格", "HAS_BUILDING": "下辖楼栋",
    "IN_ESTATE": "属于小区", "LEADS": "领导", "PARTY_ORG_OF": "党组织", "LIVES_IN": "居住", "HAS_HOUSEHOLD": "联系中心户",
    "LOCATED_IN": "位于", "OPERATES": "运营", "HAS_SUBCATEGORY": "子类", "HAS_NEED": "诉求", "IN_CATEGORY": "类别",
    "RESOLVED_BY": "由其解决", "COVERS": "覆盖", "SECRETARY_OF": "书记", "BUILDING_HEAD_OF": "楼长",
    "GRID_WORKER_OF": "网格员", "MENTORS": "结对帮带", "CO_BUILDS": "共建协议", "OFFERS": "提供服务", "SERVES": "服务",
    "MANAGES": "物业管理",
}
