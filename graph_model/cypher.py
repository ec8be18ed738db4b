"""Every Cypher text Linli sends to Neo4j, as named constants.

The Neo4j backend (:mod:`graph_model.stores.neo4j_store`) never builds a query
from user text: every value travels as a ``$param``, and the only names
spliced into these texts — labels, relationship types, constraint names — come
from the schema's enums (:class:`~graph_model.schema.NodeKind`,
:class:`~graph_model.schema.RelType`) when this module is imported. Queries
that need a literal label or type are dicts keyed by that enum member.

Storage: a node carries the common label ``:LinliNode`` plus its kind's label
(``:LinliNode:Community``), its ``id`` and its properties; a relationship's type
is its :class:`~graph_model.schema.RelType` value. A property whose value is
``None`` cannot be stored by Neo4j, so its name is kept in the list property
``_linli_nulls`` and given back as ``None``; a replacing write stamps what it
writes with ``_linli_load`` and then sweeps away everything not stamped.

Examples
--------
>>> print(MERGE_NODES[NodeKind.GRID])
UNWIND $rows AS row
MERGE (n:LinliNode {id: row.id})
ON CREATE SET n:Grid
SET n = row.props
>>> "$rows" in MERGE_RELATIONSHIPS[RelType.COVERS] and ":COVERS" in MERGE_RELATIONSHIPS[RelType.COVERS]
True
"""

from __future__ import annotations

from graph_model.evidence import GapKind
from graph_model.schema import NodeKind, RelType

__all__ = [
    "NODE_LABEL",
    "NULLS_KEY",
    "LOAD_KEY",
    "SCHEMA_STATEMENTS",
    "PING",
    "COUNT_ALL",
    "DELETE_ALL_IN_BATCHES",
    "SWEEP",
    "SWEEP_IN_BATCHES",
    "DETACH_OUTGOING",
    "MERGE_NODES",
    "MERGE_NODES_REPLACING",
    "MERGE_RELATIONSHIPS",
    "NODE_STATES",
    "RELATIONSHIP_STATES",
    "OUTGOING_STATES",
    "DELETE_RELATIONSHIPS",
    "DELETE_NODES",
    "RESTORE_NODES",
    "GET_NODE",
    "KINDS_OF",
    "FIND",
    "IDS",
    "ALL_IDS",
    "RELATIONSHIPS_OUT",
    "RELATIONSHIPS_IN",
    "RELATIONSHIPS_BOTH",
    "NEIGHBOUR_IDS",
    "NODES_BY_ID",
    "RELATIONSHIPS_AMONG",
    "SUBGRAPH_NODES",
    "SUBGRAPH_RELATIONSHIPS",
    "COUNT_NODES",
    "COUNT_RELATIONSHIPS",
    "COUNT_LEVELS",
    "CATEGORY_ANCESTRY",
    "CATEGORY_PARENTS",
    "SUBDISTRICTS_OF",
    "MATCH_EVIDENCE",
    "GAPS",
    "GAPS_IN_COMMUNITY",
    "SECRETARIES",
    "COMMUNITY_PORTRAITS",
    "MENTOR_LINKS",
]

NODE_LABEL = "LinliNode"
NULLS_KEY = "_linli_nulls"
LOAD_KEY = "_linli_load"
"""Stamped on what a replacing write wrote, so the rest of the old graph can be swept away after it."""

# -- schema ----------------------------------------------------------------------------
SCHEMA_STATEMENTS: tuple[str, ...] = (
    f"CREATE CONSTRAINT linli_node_id IF NOT EXISTS FOR (n:{NODE_LABEL}) REQUIRE n.id IS UNIQUE",
    *(
        f"CREATE CONSTRAINT linli_{k.value.lower()}_id IF NOT EXISTS FOR (n:{k.value}) REQUIRE n.id IS UNIQUE"
        for k in NodeKind
    ),
    "CREATE INDEX linli_need_status IF NOT EXISTS FOR (n:Need) ON (n.status)",
    "CREATE INDEX linli_party_org_level IF NOT EXISTS FOR (n:PartyOrg) ON (n.level)",
)

PING = "RETURN 1 AS ok"

# -- writes ----------------------------------------------------------------------------
COUNT_ALL = """\
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes, relationships"""

# Auto-commit only (the driver's session.run): one transaction per batch.
DELETE_ALL_IN_BATCHES = """\
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF $batch ROWS"""

# A replacing write sweeps, after writing, whatever it did not stamp with $token.
SWEEP: tuple[str, ...] = (
    f"MATCH ()-[r]->() WHERE r.{LOAD_KEY} IS NULL OR r.{LOAD_KEY} <> $token DELETE r",
    f"MATCH (n) WHERE n.{LOAD_KEY} IS NULL OR n.{LOAD_KEY} <> $token DETACH DELETE n",
)

# Auto-commit only, like DELETE_ALL_IN_BATCHES.
SWEEP_IN_BATCHES: tuple[str, ...] = (
    f"MATCH ()-[r]->() WHERE r.{LOAD_KEY} IS NULL OR r.{LOAD_KEY} <> $token\n"
    "CALL (r) { DELETE r } IN TRANSACTIONS OF $batch ROWS",
    f"MATCH (n) WHERE n.{LOAD_KEY} IS NULL OR n.{LOAD_KEY} <> $token\n"
    "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF $batch ROWS",
)

DETACH_OUTGOING: dict[RelType, str] = {
    t: f"UNWIND $ids AS id\nMATCH (a:{NODE_LABEL} {{id: id}})-[r:{t.value}]->()\nDELETE r" for t in RelType
}

MERGE_NODES: dict[NodeKind, str] = {
    k: f"UNWIND $rows AS row\nMERGE (n:{NODE_LABEL} {{id: row.id}})\nON CREATE SET n:{k.value}\nSET n = row.props"
    for k in NodeKind
}

def _other_kinds(kind: NodeKind) -> str:
    return ":".join(k.value for k in NodeKind if k is not kind)


# Replacing, an id may change kind: its other kind labels go.
MERGE_NODES_REPLACING: dict[NodeKind, str] = {
    k: f"UNWIND $rows AS row\nMERGE (n:{NODE_LABEL} {{id: row.id}})\nREMOVE n:{_other_kinds(k)}\nSET n:{k.value}, n = row.props"
    for k in NodeKind
}

MERGE_RELATIONSHIPS: dict[RelType, str] = {
    t: (
        "UNWIND $rows AS row\n"
        f"MATCH (a:{NODE_LABEL} {{id: row.source}})\n"
        f"MATCH (b:{NODE_LABEL} {{id: row.target}})\n"
        f"MERGE (a)-[r:{t.value}]->(b)\n"
        "SET r = row.props"
    )
    for t in RelType
}

# The state a journaled (multi-transaction) write saves first, to undo itself on failure.
NODE_STATES = f"""\
UNWIND $ids AS id
MATCH (n:{NODE_LABEL} {{id: id}})
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props"""

RELATIONSHIP_STATES: dict[RelType, str] = {
    t: (
        "UNWIND $rows AS row\n"
        f"MATCH (a:{NODE_LABEL} {{id: row.source}})-[r:{t.value}]->(b:{NODE_LABEL} {{id: row.target}})\n"
        "RETURN a.id AS source, b.id AS target, properties(r) AS props"
    )
    for t in RelType
}

OUTGOING_STATES: dict[RelType, str] = {
    t: (
        "UNWIND $ids AS id\n"
        f"MATCH (a:{NODE_LABEL} {{id: id}})-[r:{t.value}]->(b)\n"
        "RETURN a.id AS source, b.id AS target, properties(r) AS props"
    )
    for t in RelType
}

DELETE_RELATIONSHIPS: dict[RelType, str] = {
    t: (
        "UNWIND $rows AS row\n"
        f"MATCH (a:{NODE_LABEL} {{id: row.source}})-[r:{t.value}]->(b:{NODE_LABEL} {{id: row.target}})\n"
        "DELETE r"
    )
    for t in RelType
}

DELETE_NODES = f"UNWIND $ids AS id\nMATCH (n:{NODE_LABEL} {{id: id}})\nDETACH DELETE n"

RESTORE_NODES: dict[NodeKind, str] = {
    k: f"UNWIND $rows AS row\nMATCH (n:{NODE_LABEL} {{id: row.id}})\nREMOVE n:{_other_kinds(k)}\nSET n:{k.value}, n = row.props"
    for k in NodeKind
}

# Every node matched by id is named: Neo4j 5.26 plans an anonymous ``(:LinliNode {id: $x})``
# as an index scan, a named one as a unique-index seek.

# -- reads by id, kind and neighbourhood ------------------------------------------------------
_NODE_FIELDS = "n.id AS id, labels(n) AS labels, properties(n) AS props"
_REL_FIELDS = "type(r) AS type, startNode(r).id AS source, endNode(r).id AS target, properties(r) AS props"

GET_NODE = f"MATCH (n:{NODE_LABEL} {{id: $id}})\nRETURN {_NODE_FIELDS}"

KINDS_OF = f"UNWIND $ids AS id\nMATCH (n:{NODE_LABEL} {{id: id}})\nRETURN n.id AS id, labels(n) AS labels"

# ``$props`` maps property names to wanted values; a wanted None matches a missing property.
FIND: dict[NodeKind, str] = {
    k: (
        f"MATCH (n:{k.value})\n"
        "WHERE all(key IN keys($props) WHERE\n"
        "  CASE WHEN $props[key] IS NULL THEN n[key] IS NULL ELSE n[key] = $props[key] END)\n"
        f"RETURN {_NODE_FIELDS}"
    )
    for k in NodeKind
}

IDS: dict[NodeKind, str] = {k: f"MATCH (n:{k.value})\nRETURN n.id AS id" for k in NodeKind}

ALL_IDS = f"MATCH (n:{NODE_LABEL})\nRETURN n.id AS id"

_TYPES_FILTER = "WHERE $types IS NULL OR type(r) IN $types"
RELATIONSHIPS_OUT = f"MATCH (n:{NODE_LABEL} {{id: $id}})-[r]->()\n{_TYPES_FILTER}\nRETURN {_REL_FIELDS}"
RELATIONSHIPS_IN = f"MATCH (n:{NODE_LABEL} {{id: $id}})<-[r]-()\n{_TYPES_FILTER}\nRETURN {_REL_FIELDS}"
RELATIONSHIPS_BOTH = f"MATCH (n:{NODE_LABEL} {{id: $id}})-[r]-()\n{_TYPES_FILTER}\nRETURN DISTINCT {_REL_FIELDS}"

NEIGHBOUR_IDS = f"UNWIND $ids AS id\nMATCH (n:{NODE_LABEL} {{id: id}})--(m)\nRETURN DISTINCT m.id AS id"

NODES_BY_ID = f"UNWIND $ids AS id\nMATCH (n:{NODE_LABEL} {{id: id}})\nRETURN {_NODE_FIELDS}"

RELATIONSHIPS_AMONG = f"""\
UNWIND $ids AS id
MATCH (a:{NODE_LABEL} {{id: id}})-[r]->(b:{NODE_LABEL})
WHERE b.id IN $ids AND ($types IS NULL OR type(r) IN $types)
RETURN {_REL_FIELDS}"""

_OF_KINDS = "($kinds IS NULL OR any(label IN labels({0}) WHERE label IN $kinds))"
SUBGRAPH_NODES = f"MATCH (n:{NODE_LABEL})\nWHERE {_OF_KINDS.format('n')}\nRETURN {_NODE_FIELDS}"

SUBGRAPH_RELATIONSHIPS = f"""\
MATCH (a:{NODE_LABEL})-[r]->(b:{NODE_LABEL})
WHERE ($types IS NULL OR type(r) IN $types) AND {_OF_KINDS.format('a')} AND {_OF_KINDS.format('b')}
RETURN {_REL_FIELDS}"""

# -- stats ------------------------------------------------------------------------------------
# One row, one column per kind (per type): counts come from Neo4j's count store.
COUNT_NODES = "\n".join(
    [f"CALL () {{ MATCH (n:{k.value}) RETURN count(n) AS {k.value} }}" for k in NodeKind]
    + ["RETURN " + ", ".join(k.value for k in NodeKind)]
)

COUNT_RELATIONSHIPS = "\n".join(
    [f"CALL () {{ MATCH ()-[r:{t.value}]->() RETURN count(r) AS {t.value} }}" for t in RelType]
    + ["RETURN " + ", ".join(t.value for t in RelType)]
)

COUNT_LEVELS = "MATCH (o:PartyOrg)\nRETURN o.level AS level, count(*) AS n"

# -- partner matching ----------------------------------------------------------------------------
CATEGORY_ANCESTRY = f"""\
MATCH (k:{NODE_LABEL} {{id: $category}})<-[:HAS_SUBCATEGORY*0..]-(a)
WITH DISTINCT a
RETURN a.id AS child, [(p)-[:HAS_SUBCATEGORY]->(a) | p.id] AS parents"""

CATEGORY_PARENTS = "MATCH (p)-[:HAS_SUBCATEGORY]->(c)\nRETURN c.id AS child, collect(p.id) AS parents"

SUBDISTRICTS_OF = f"MATCH (sd)-[:HAS_COMMUNITY]->(c:{NODE_LABEL} {{id: $community}})\nRETURN sd.id AS id"

# $lineage: the category and its ancestors, nearest first; $subdistrict: the community's (or null).
MATCH_EVIDENCE = f"""\
WITH [$community] + COLLECT {{
       MATCH (sd:{NODE_LABEL} {{id: $subdistrict}})-[:HAS_COMMUNITY]->(x) RETURN x.id
     }} AS local
UNWIND range(0, size($lineage) - 1) AS depth
MATCH (k:{NODE_LABEL} {{id: $lineage[depth]}})<-[o:OFFERS]-(p)
WITH local, p, collect({{depth: depth, category: k.id, category_name: k.name, note: o.note}}) AS offers
RETURN p.id AS id, p.name AS name, labels(p) AS labels, p.sector AS sector, p.type AS type,
       p.capacity AS capacity, offers,
       [(p)-[r:CO_BUILDS]->(x) WHERE x.id IN local
          | {{id: x.id, name: x.name, since: r.since, projects: r.projects}}] AS agreements,
       [(p)-[:LOCATED_IN]->(x) WHERE x.id IN local | {{id: x.id, name: x.name}}] AS located_in,
       [(p)-[:SERVES]->(x) WHERE x.id = $community OR x.id = $subdistrict | {{id: x.id, name: x.name}}] AS serves,
       [(n)-[:RESOLVED_BY]->(p) WHERE n.status = $resolved
          AND EXISTS {{ (n)-[:IN_CATEGORY]->(c) WHERE c.id = $category }} | {{id: n.id, name: n.name}}] AS resolved,
       COUNT {{ (n)-[:RESOLVED_BY]->(p) WHERE n.status = $in_progress }} AS in_progress"""

# -- coverage gaps ---------------------------------------------------------------------------------
# Each gap query binds its subjects as ``s`` and returns id, name, ``via`` and ``facts``.
# ``via`` lists [intermediate id, [community ids]] pairs: the subject's community is
# the smallest community of the smallest intermediate (a building's grid; the subject
# itself otherwise), picked in Python so ids order exactly as in the memory backend.
# GAPS finds subjects in the whole graph; GAPS_IN_COMMUNITY starts from $community and
# finds the subjects one of whose communities it is (Python keeps those whose community it is).
_VIA: dict[NodeKind, str] = {
    NodeKind.BUILDING: "[(g)-[:HAS_BUILDING]->(s) | [g.id, [(c)-[:HAS_GRID]->(g) | c.id]]]",
    NodeKind.GRID: "[[s.id, [(c)-[:HAS_GRID]->(s) | c.id]]]",
    NodeKind.ESTATE: "[[s.id, [(c)-[:HAS_ESTATE]->(s) | c.id]]]",
    NodeKind.NEED: "[[s.id, [(c)-[:HAS_NEED]->(s) | c.id]]]",
    NodeKind.COMMUNITY: "[[s.id, [s.id]]]",
    NodeKind.PARTY_ORG: "[[s.id, [(s)-[:PARTY_ORG_OF]->(c:Community) | c.id]]]",
}

_SUBJECTS_IN_COMMUNITY: dict[NodeKind, str] = {
    NodeKind.BUILDING: f"MATCH (c:{NODE_LABEL} {{id: $community}})-[:HAS_GRID]->(:Grid)-[:HAS_BUILDING]->(s:Building)",
    NodeKind.GRID: f"MATCH (c:{NODE_LABEL} {{id: $community}})-[:HAS_GRID]->(s:Grid)",
    NodeKind.ESTATE: f"MATCH (c:{NODE_LABEL} {{id: $community}})-[:HAS_ESTATE]->(s:Estate)",
    NodeKind.NEED: f"MATCH (c:{NODE_LABEL} {{id: $community}})-[:HAS_NEED]->(s:Need)",
    NodeKind.COMMUNITY: "MATCH (s:Community {id: $community})",
    NodeKind.PARTY_ORG: "MATCH (s:PartyOrg)-[:PARTY_ORG_OF]->(c:Community {id: $community})",
}

# The gap kinds worded as (subject kind, condition on s, facts); the two left out have their own queries.
_GAP_CONDITIONS: dict[GapKind, tuple[NodeKind, str, str]] = {
    GapKind.BUILDING_WITHOUT_HEAD: (NodeKind.BUILDING, "NOT EXISTS { (s)<-[:BUILDING_HEAD_OF]-() }", "{}"),
    GapKind.BUILDING_WITHOUT_PARTY_GROUP: (
        NodeKind.BUILDING, "NOT EXISTS { (o)-[:COVERS]->(s) WHERE o.level = $building_group }", "{}"),
    GapKind.GRID_WITHOUT_BRANCH: (NodeKind.GRID, "NOT EXISTS { (o)-[:COVERS]->(s) WHERE o.level = $grid_branch }", "{}"),
    GapKind.GRID_WITHOUT_FULLTIME_WORKER: (
        NodeKind.GRID,
        "NOT EXISTS { ()-[r:GRID_WORKER_OF]->(s) WHERE coalesce(r.full_time, $full_time_default) = $full_time }",
        "{part_time: COUNT { ()-[:GRID_WORKER_OF]->(s) }}",
    ),
    GapKind.COMMUNITY_WITHOUT_PARTNER: (NodeKind.COMMUNITY, "NOT EXISTS { ()-[:CO_BUILDS]->(s) }", "{}"),
    GapKind.COMMUNITY_WITHOUT_SERVICE_CENTER: (
        NodeKind.COMMUNITY,
        "NOT EXISTS { (f:Facility)-[:LOCATED_IN]->(s) WHERE f.type IN $service_point_types }",
        "{}",
    ),
    GapKind.COMMUNITY_WITHOUT_PARTY_ORG: (
        NodeKind.COMMUNITY, "NOT EXISTS { (o:PartyOrg)-[:PARTY_ORG_OF]->(s) WHERE o.level = $community_level }", "{}"),
    GapKind.PARTY_ORG_WITHOUT_SECRETARY: (
        NodeKind.PARTY_ORG, "s.level = $community_level AND NOT EXISTS { ()-[:SECRETARY_OF]->(s) }", "{}"),
    GapKind.ESTATE_WITHOUT_RED_PROPERTY: (
        NodeKind.ESTATE,
        "NOT EXISTS { (:PartyOrg)-[:PARTY_ORG_OF]->(m)-[:MANAGES]->(s) }",
        "{managers: [(m)-[:MANAGES]->(s) | [m.id, m.name]]}",
    ),
}


def _gap(subjects: str, kind: NodeKind, condition: str, facts: str) -> str:
    return (
        f"{subjects}\n"
        f"WITH DISTINCT s WHERE {condition}\n"
        f"RETURN s.id AS id, s.name AS name, {_VIA[kind]} AS via, {facts} AS facts"
    )


def _need_without_resolver(subjects: str) -> str:
    """Open needs no candidate in the area can take: one query over all of them.

    ``$lineages`` maps a category to itself and its ancestors (categories with a
    parent; any other category's lineage is itself).
    """
    return f"""\
{subjects}
WITH DISTINCT s WHERE s.status = $open
WITH s,
     COLLECT {{ MATCH (c)-[:HAS_NEED]->(s) RETURN c ORDER BY c.id LIMIT 1 }}[0] AS c,
     COLLECT {{ MATCH (s)-[:IN_CATEGORY]->(k) RETURN k ORDER BY k.id LIMIT 1 }}[0] AS k
WHERE c IS NOT NULL AND k IS NOT NULL
WITH s, c, k, COLLECT {{ MATCH (sd)-[:HAS_COMMUNITY]->(c) RETURN sd.id ORDER BY sd.id LIMIT 1 }}[0] AS subdistrict
WITH s, c, k, subdistrict,
     [c.id] + COLLECT {{ MATCH (sd:{NODE_LABEL} {{id: subdistrict}})-[:HAS_COMMUNITY]->(x) RETURN x.id }} AS local
WHERE NOT EXISTS {{
  MATCH (offered:{NODE_LABEL})<-[:OFFERS]-(p)
  WHERE offered.id IN coalesce($lineages[k.id], [k.id])
    AND (EXISTS {{ (p)-[:CO_BUILDS]->(x) WHERE x.id IN local }}
         OR EXISTS {{ (p)-[:LOCATED_IN]->(x) WHERE x.id IN local }}
         OR EXISTS {{ (p)-[:SERVES]->(x) WHERE x.id = c.id OR x.id = subdistrict }})
}}
RETURN s.id AS id, s.name AS name, [[s.id, [c.id]]] AS via, {{category: k.id, category_name: k.name}} AS facts"""


GAPS: dict[GapKind, str] = {
    **{kind: _gap(f"MATCH (s:{subject.value})", subject, condition, facts)
       for kind, (subject, condition, facts) in _GAP_CONDITIONS.items()},
    GapKind.NEED_WITHOUT_RESOLVER: _need_without_resolver("MATCH (s:Need)"),
}

GAPS_IN_COMMUNITY: dict[GapKind, str] = {
    **{kind: _gap(_SUBJECTS_IN_COMMUNITY[subject], subject, condition, facts)
       for kind, (subject, condition, facts) in _GAP_CONDITIONS.items()},
    GapKind.NEED_WITHOUT_RESOLVER: _need_without_resolver(_SUBJECTS_IN_COMMUNITY[NodeKind.NEED]),
}

# -- mentor pairing -----------------------------------------------------------------------------
# ``orgs`` pairs each level-community organization a person is secretary of with its communities.
SECRETARIES = """\
MATCH (p:Person)-[:SECRETARY_OF]->(o:PartyOrg)
WHERE o.level = $community_level
WITH p, collect([o.id, o.name, [(o)-[:PARTY_ORG_OF]->(c:Community) | c.id]]) AS orgs
RETURN p.id AS id, p.name AS name, p.years_as_secretary AS years, p.rating AS rating,
       p.strengths AS strengths, orgs, EXISTS { (p)-[:MENTORS]-() } AS in_pair"""

COMMUNITY_PORTRAITS = f"""\
UNWIND $ids AS id
MATCH (c:{NODE_LABEL} {{id: id}})
RETURN c.id AS id, c.name AS name, c.estate_category AS estate_category, c.service_focus AS service_focus,
       [(sd)-[:HAS_COMMUNITY]->(c) | sd.id] AS subdistricts"""

MENTOR_LINKS = "MATCH (m)-[:MENTORS]->(e)\nRETURN m.id AS mentor, e.id AS mentee"
