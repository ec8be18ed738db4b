"""The schema matches the data model's kinds, columns and relationships, written out here by hand so a drift in either shows."""

from __future__ import annotations

import pytest

from graph_model.i18n import use_language
from graph_model.schema import (
    FACILITY_TYPES,
    NEED_STATUSES,
    NODE_SPECS,
    PARTNER_SECTORS,
    PARTY_ORG_LEVELS,
    REFERENCE_RELATIONSHIPS,
    RELATIONSHIP_TABLES,
    Column,
    NodeKind,
    RelType,
    ValueType,
    endpoints,
)

pytestmark = pytest.mark.usefixtures("english")  # its assertions quote the messages in English, their source language

REQUIRED = {
    "Subdistrict": {"id", "name"},
    "Community": {"id", "name", "type", "subdistrict"},
    "Estate": {"id", "name", "community"},
    "Grid": {"id", "name", "community"},
    "Building": {"id", "name", "grid"},
    "PartyOrg": {"id", "name", "level"},
    "Household": {"id", "name", "building"},
    "Person": {"id", "name"},
    "Partner": {"id", "name", "sector"},
    "Facility": {"id", "name", "type", "community"},
    "Category": {"id", "name"},
    "Need": {"id", "name", "community", "category", "status"},
    "NeedEvent": {"need", "at", "action"},
}

# (kind, column): (relationship, kinds referenced, the referenced node is the source)
REFERENCES = {
    ("Community", "subdistrict"): ("HAS_COMMUNITY", {"Subdistrict"}, True),
    ("Estate", "community"): ("HAS_ESTATE", {"Community"}, True),
    ("Grid", "community"): ("HAS_GRID", {"Community"}, True),
    ("Building", "grid"): ("HAS_BUILDING", {"Grid"}, True),
    ("Building", "estate"): ("IN_ESTATE", {"Estate"}, False),
    ("PartyOrg", "parent"): ("LEADS", {"PartyOrg"}, True),
    ("PartyOrg", "unit"): ("PARTY_ORG_OF", {"Subdistrict", "Community", "Estate", "Partner"}, False),
    ("Household", "building"): ("LIVES_IN", {"Building"}, False),
    ("Household", "party_group"): ("HAS_HOUSEHOLD", {"PartyOrg"}, True),
    ("Partner", "community"): ("LOCATED_IN", {"Community"}, False),
    ("Facility", "community"): ("LOCATED_IN", {"Community"}, False),
    ("Facility", "operator"): ("OPERATES", {"Partner"}, True),
    ("Category", "parent"): ("HAS_SUBCATEGORY", {"Category"}, True),
    ("Need", "community"): ("HAS_NEED", {"Community"}, True),
    ("Need", "category"): ("IN_CATEGORY", {"Category"}, False),
    ("Need", "resolved_by"): ("RESOLVED_BY", {"Partner", "Facility"}, False),
    ("NeedEvent", "need"): ("HAS_EVENT", {"Need"}, True),
    ("NeedEvent", "partner"): ("HANDLED_BY", {"Partner", "Facility"}, False),
}

# TYPE: (sources, targets, properties)
TABLES = {
    "COVERS": ({"PartyOrg"}, {"Grid", "Building"}, set()),
    "SECRETARY_OF": ({"Person"}, {"PartyOrg"}, {"since"}),
    "BUILDING_HEAD_OF": ({"Person"}, {"Building"}, {"since"}),
    "GRID_WORKER_OF": ({"Person"}, {"Grid"}, {"full_time", "role"}),
    "MENTORS": ({"Person"}, {"Person"}, {"since"}),
    "CO_BUILDS": ({"Partner"}, {"Community"}, {"since", "projects"}),
    "OFFERS": ({"Partner", "Facility"}, {"Category"}, {"note"}),
    "SERVES": ({"Partner"}, {"Community", "Subdistrict"}, set()),
    "MANAGES": ({"Partner"}, {"Estate"}, set()),
}

ENUMS = {
    ("Community", "type"): {"urban", "village"},
    ("Community", "estate_category"): {"commercial", "public_rental", "resettlement", "mixed", "rural"},
    ("Community", "service_focus"): {"elderly", "migrant", "youth", "mixed"},
    ("Estate", "category"): {"commercial", "public_rental", "resettlement", "mixed", "rural"},
    ("PartyOrg", "level"): {"subdistrict_committee", "community", "grid_branch", "building_group", "enterprise",
                            "property", "owners_committee", "institution", "other"},
    ("Partner", "sector"): {"enterprise", "university", "hospital", "court", "police", "urban_management", "school",
                            "property_company", "owners_committee", "social_organization", "community_company",
                            "government", "other"},
    ("Facility", "type"): {"service_center", "service_station", "canteen", "health_station", "health_center",
                           "minor_protection_center", "circuit_court", "parlor", "tea_house", "secretary_studio", "other"},
    ("Need", "status"): {"open", "dispatched", "in_progress", "resolved"},
    ("NeedEvent", "action"): {"report", "dispatch", "claim", "resolve", "return", "rate", "reopen"},
    ("Need", "source"): {"tea_house", "hotline_12345", "grid_patrol", "survey", "other"},
}


def kinds(values: tuple[NodeKind, ...]) -> set[str]:
    return {k.value for k in values}


def test_every_kind_has_id_and_name_first_and_its_required_columns() -> None:
    assert set(NODE_SPECS) == set(NodeKind)
    for kind, spec in NODE_SPECS.items():
        if kind is NodeKind.NEED_EVENT:  # one row per event of a need: no id, no name
            assert [c.name for c in spec.columns[:3]] == ["need", "at", "action"]
        else:
            assert [c.name for c in spec.columns[:2]] == ["id", "name"]
        assert set(spec.required) == REQUIRED[kind.value], kind
        assert len(spec.by_name) == len(spec.columns), f"{kind}: a column named twice"


def test_reference_columns_become_the_relationships_of_section_3() -> None:
    found = {
        (kind.value, c.name): (c.rel.value, kinds(c.ref), c.ref_is_source)
        for kind, spec in NODE_SPECS.items()
        for c in spec.columns
        if c.type is ValueType.REF
    }
    assert found == REFERENCES
    assert all(c.rel is not None for spec in NODE_SPECS.values() for c in spec.columns if c.type is ValueType.REF)


def test_relationship_tables_and_their_properties() -> None:
    found = {
        t.value: (kinds(s.sources), kinds(s.targets), {c.name for c in s.properties}) for t, s in RELATIONSHIP_TABLES.items()
    }
    assert found == TABLES
    worker = {c.name: c for c in RELATIONSHIP_TABLES[RelType.GRID_WORKER_OF].properties}
    assert worker["full_time"].type is ValueType.BOOL and worker["full_time"].default is True
    assert set(worker["role"].choices) == {"staff", "courier", "delivery_rider", "volunteer", "household"}
    assert {c.type for c in RELATIONSHIP_TABLES[RelType.CO_BUILDS].properties} == {ValueType.DATE, ValueType.LIST}


def test_every_relationship_type_is_a_table_or_comes_from_a_column() -> None:
    assert set(RELATIONSHIP_TABLES).isdisjoint(REFERENCE_RELATIONSHIPS)
    assert set(RELATIONSHIP_TABLES) | set(REFERENCE_RELATIONSHIPS) == set(RelType)
    assert REFERENCE_RELATIONSHIPS[RelType.LOCATED_IN][2] == "Partner.community, Facility.community"


@pytest.mark.parametrize("rel", list(RelType))
def test_endpoints_agree_with_the_spec(rel: RelType) -> None:
    sources, targets = endpoints(rel)
    if rel.value in TABLES:
        expected_sources, expected_targets, _ = TABLES[rel.value]
    else:
        expected_sources, expected_targets = set(), set()
        for (kind, _), (rel_name, referenced, ref_is_source) in REFERENCES.items():
            if rel_name == rel.value:
                expected_sources |= referenced if ref_is_source else {kind}
                expected_targets |= {kind} if ref_is_source else referenced
    assert (kinds(sources), kinds(targets)) == (expected_sources, expected_targets)


def test_enums_are_the_spec_s() -> None:
    for (kind, name), choices in ENUMS.items():
        column = NODE_SPECS[NodeKind(kind)].column(name)
        assert column.type is ValueType.ENUM and set(column.choices) == choices, (kind, name)
    assert set(PARTY_ORG_LEVELS) == ENUMS[("PartyOrg", "level")]
    assert set(PARTNER_SECTORS) == ENUMS[("Partner", "sector")]
    assert set(FACILITY_TYPES) == ENUMS[("Facility", "type")]
    assert set(NEED_STATUSES) == ENUMS[("Need", "status")]


def test_typed_columns() -> None:
    col = lambda kind, name: NODE_SPECS[kind].column(name)  # noqa: E731
    strength = col(NodeKind.COMMUNITY, "governance_strength")
    assert (strength.type, strength.minimum, strength.maximum) == (ValueType.INT, 1, 5)
    rating = col(NodeKind.PERSON, "rating")
    assert (rating.type, rating.minimum, rating.maximum) == (ValueType.FLOAT, 1, 5)
    assert col(NodeKind.PERSON, "strengths").type is ValueType.LIST
    assert col(NodeKind.NEED, "reported").type is ValueType.DATE
    assert col(NodeKind.PARTNER, "capacity").type is ValueType.INT
    assert col(NodeKind.NEED_EVENT, "at").type is ValueType.DATETIME
    assert (col(NodeKind.NEED_EVENT, "rating").minimum, col(NodeKind.NEED_EVENT, "rating").maximum) == (1, 5)
    assert {c: col(NodeKind.CATEGORY, c).type for c in ("respond_hours", "resolve_days")} == {
        "respond_hours": ValueType.INT, "resolve_days": ValueType.INT}


@pytest.mark.parametrize(
    "column, text",
    [
        (Column("x", ValueType.INT, minimum=1, maximum=5), "a whole number from 1 to 5"),
        (Column("x", ValueType.FLOAT, minimum=0), "a number ≥ 0"),
        (Column("x", ValueType.INT), "a whole number"),
        (Column("x", ValueType.BOOL), "one of true/false/1/0/yes/no/是/否"),
        (Column("x", ValueType.DATE), "an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)"),
        (Column("x", ValueType.ENUM, choices=("a", "b")), "one of a/b"),
        (Column("x", ValueType.REF, ref=(NodeKind.PARTNER, NodeKind.FACILITY)), "the id of a Partner or Facility"),
        (Column("x", ValueType.LIST), "a list separated by ';'"),
        (Column("x"), "text"),
    ],
)
def test_describe_says_what_a_valid_value_looks_like(column: Column, text: str) -> None:
    assert column.describe() == text


@pytest.mark.parametrize(
    ("column", "text"),
    [
        (Column("x", ValueType.INT, minimum=1, maximum=5), "1 到 5 的整数"),
        (Column("x", ValueType.FLOAT, minimum=0), "不小于 0 的数"),
        (Column("x", ValueType.DATE), "ISO 日期（YYYY-MM-DD、YYYY-MM 或 YYYY）"),
        (Column("x", ValueType.ENUM, choices=("a", "b")), "a/b 之一"),
        (NODE_SPECS[NodeKind.NEED].column("status"), "open/dispatched/in_progress/resolved 之一（或 待解决/已派单/办理中/已解决）"),
        (Column("x", ValueType.REF, ref=(NodeKind.PARTNER, NodeKind.FACILITY)), "共建单位或阵地的编号"),
        (Column("x"), "文本"),
    ],
)
def test_describe_speaks_chinese_with_the_values_chinese_names(column: Column, text: str) -> None:
    with use_language("zh"):
        assert column.describe() == text
