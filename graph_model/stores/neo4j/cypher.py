"""The Cypher Linli sends to Neo4j to store and read the graph, as named constants.

The three queries' Cypher (partner matching, coverage gaps, mentor pairing)
is in :mod:`graph_model.stores.neo4j.cypher`, under the same rules.

The Neo4j backend (:mod:`graph_model.stores.neo4j.store`) never builds a query
from user text: every value travels as a ``$param``, and the only names
spliced into these texts — labels, relationship types, constraint names — come
from the schema's enums (:class:`~graph_model.schema.NodeKind`,
:class:`~graph_model.schema.RelType`). Queries that need a literal label or
type are dicts keyed by that enum member, or (for a relationship type with
the kinds of its two ends) a cached function that accepts only enum members.

Storage: a node carries the common label ``:LinliNode`` plus its kind's label
(``:LinliNode:Community``), its ``id`` and its properties; a relationship's type
is its :class:`~graph_model.schema.RelType` value. A property whose value is
``None`` cannot be stored by Neo4j, so its name is kept in the list property
``_linli_nulls`` and given back as ``None``; a write replacing a non-empty graph stamps what it
writes with ``_linli_load`` and then sweeps away everything not stamped.

Examples
--------
>>> print(MERGE_NODES[NodeKind.GRID])
UNWIND $rows AS row
MERGE (n:LinliNode {id: row.id})
ON CREATE SET n:Grid
SET n = row.props
>>> print(CREATE_NODES[NodeKind.GRID])
UNWIND $rows AS props
CREATE (n:LinliNode:Grid)
SET n = props
"""

from __future__ import annotations

import functools

from typing import Any

from graph_model.gaps import GapKind
from graph_model.schema import NodeKind, RelType

__all__ = [
    "LOAD_MARKER_LABEL",
    "MARK_LOAD_STARTED",
    "MARK_LOAD_FINISHED",
    "LOAD_MARKER",
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
    "CREATE_NODES",
    "write_relationships",
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
    "OPEN_NEED_CATEGORIES",
    "MATCH_CONTEXT",
    "MATCH_CANDIDATES",
    "GAP_PARAMS",
    "GAPS",
    "GAPS_IN_COMMUNITY",
    "SECRETARIES",
    "COMMUNITY_PORTRAITS",
    "MENTOR_LINKS",
    "NEED_HISTORY",
    "NEED_HISTORY_OF",
    "CATEGORY_LIMITS",
    "LIFECYCLE_PARAMS",
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

# A load too big for one transaction marks the database first and unmarks it last (writer.py):
# a store that opens on a marked database refuses to answer (an interrupted load). Replacing,
# the marker is stamped with the load's token so that the sweep keeps it until the very end.
LOAD_MARKER_LABEL = "LinliIncompleteLoad"
MARK_LOAD_STARTED = f"""\
MERGE (m:{LOAD_MARKER_LABEL} {{key: 'load'}})
SET m.started = $started, m.rows = $rows, m.replace = $replace, m.command = $command, m.{LOAD_KEY} = $token"""
MARK_LOAD_FINISHED = f"MATCH (m:{LOAD_MARKER_LABEL}) DELETE m"
LOAD_MARKER = f"""\
MATCH (m:{LOAD_MARKER_LABEL})
RETURN m.started AS started, m.rows AS rows, m.replace AS replace, m.command AS command LIMIT 1"""

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

# Ids the writer knows are new (it looked them up, or the database is empty): no lookup, no lock.
# ``$rows`` are the stored properties themselves (the id among them), not {id, props} maps: a
# smaller message to pack and unpack (docs/benchmarks.md, Neo4j load).
CREATE_NODES: dict[NodeKind, str] = {
    k: f"UNWIND $rows AS props\nCREATE (n:{NODE_LABEL}:{k.value})\nSET n = props" for k in NodeKind
}


def _other_kinds(kind: NodeKind) -> str:
    return ":".join(k.value for k in NodeKind if k is not kind)


# Replacing, an id may change kind: its other kind labels go.
MERGE_NODES_REPLACING: dict[NodeKind, str] = {
    k: f"UNWIND $rows AS row\nMERGE (n:{NODE_LABEL} {{id: row.id}})\nREMOVE n:{_other_kinds(k)}\nSET n:{k.value}, n = row.props"
    for k in NodeKind
}


@functools.cache
def write_relationships(rel_type: RelType, source: NodeKind | None, target: NodeKind | None, *, create: bool) -> str:
    """``UNWIND $rows`` of ``{source, target, props}``: MERGE (or, when an end is new, CREATE) each relationship.

    Each end is found by the unique index of its kind (of :LinliNode when the
    kind is None); every name spliced in is an enum member's value.

    Examples
    --------
    >>> print(write_relationships(RelType.HAS_GRID, NodeKind.COMMUNITY, NodeKind.GRID, create=False))
    UNWIND $rows AS row
    MATCH (a:Community {id: row.source})
    MATCH (b:Grid {id: row.target})
    MERGE (a)-[r:HAS_GRID]->(b)
    SET r = row.props
    """
    a, b = (NODE_LABEL if k is None else NodeKind(k).value for k in (source, target))
    return (
        f"UNWIND $rows AS row\nMATCH (a:{a} {{id: row.source}})\nMATCH (b:{b} {{id: row.target}})\n"
        f"{'CREATE' if create else 'MERGE'} (a)-[r:{RelType(rel_type).value}]->(b)\nSET r {'+=' if create else '='} row.props"
    )


# The state an undo-logged (multi-transaction) write saves first, to undo itself on failure; each
# returns one record, ``rows``: [id, labels, properties] of nodes, [source, target, properties] of
# relationships (one big message reads much faster than thousands of small ones).
NODE_STATES = f"""\
UNWIND $ids AS id
MATCH (n:{NODE_LABEL} {{id: id}})
RETURN collect([n.id, labels(n), properties(n)]) AS rows"""

RELATIONSHIP_STATES: dict[RelType, str] = {
    t: (
        "UNWIND $rows AS row\n"
        f"MATCH (a:{NODE_LABEL} {{id: row.source}})-[r:{t.value}]->(b:{NODE_LABEL} {{id: row.target}})\n"
        "RETURN collect([a.id, b.id, properties(r)]) AS rows"
    )
    for t in RelType
}

OUTGOING_STATES: dict[RelType, str] = {
    t: (
        "UNWIND $ids AS id\n"
        f"MATCH (a:{NODE_LABEL} {{id: id}})-[r:{t.value}]->(b)\n"
        "RETURN collect([a.id, b.id, properties(r)]) AS rows"
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

# One record, ``rows``: [id, labels] of each id that exists.
KINDS_OF = f"UNWIND $ids AS id\nMATCH (n:{NODE_LABEL} {{id: id}})\nRETURN collect([n.id, labels(n)]) AS rows"

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


# ==== the three queries: partner matching, coverage gaps, mentor pairing ====================
# -- partner matching ----------------------------------------------------------------------------
CATEGORY_ANCESTRY = f"""\
MATCH (k:{NODE_LABEL} {{id: $category}})<-[:HAS_SUBCATEGORY*0..]-(a)
WITH DISTINCT a
RETURN a.id AS child, [(p)-[:HAS_SUBCATEGORY]->(a) | p.id] AS parents"""

CATEGORY_PARENTS = "MATCH (p)-[:HAS_SUBCATEGORY]->(c)\nRETURN c.id AS child, collect(p.id) AS parents"

# The categories open needs are in: only theirs are related for the need-without-resolver gap
# (relating every category of a deep taxonomy to all the others is quadratic).
OPEN_NEED_CATEGORIES = "MATCH (s:Need {status: $open})-[:IN_CATEGORY]->(k)\nRETURN DISTINCT k.id AS id"

# What matching needs besides the candidates, in one round trip: the labels of $community and
# $category, the category's ancestry ([ancestor, [its parents]]) and descent ([descendant,
# [its children]]; the category itself in both), the community's subdistricts,
# and the ties of anyone to its area, found from the area — a handful, not from each candidate:
# [through, candidate id, type, community or subdistrict id, its name, since, projects] for the
# CO_BUILDS and LOCATED_IN into $community (through null) or into another community of one of its
# subdistricts (through that subdistrict's id), [through, candidate id, type, id, name] for the
# SERVES into $community (through null) or into one of its subdistricts (through it). Python
# keeps the ties through null and through the subdistrict it picks.
MATCH_CONTEXT = f"""\
OPTIONAL MATCH (c:{NODE_LABEL} {{id: $community}})
RETURN labels(c) AS community,
       COLLECT {{ MATCH (k:{NODE_LABEL} {{id: $category}}) RETURN labels(k) }} AS category,
       COLLECT {{
         MATCH (k:{NODE_LABEL} {{id: $category}})<-[:HAS_SUBCATEGORY*0..]-(a)
         USING INDEX SEEK k:{NODE_LABEL}(id)
         WITH DISTINCT a
         RETURN [a.id, [(p)-[:HAS_SUBCATEGORY]->(a) | p.id]]
       }} AS ancestry,
       COLLECT {{
         MATCH (k:{NODE_LABEL} {{id: $category}})-[:HAS_SUBCATEGORY*0..]->(d)
         USING INDEX SEEK k:{NODE_LABEL}(id)
         WITH DISTINCT d
         RETURN [d.id, [(d)-[:HAS_SUBCATEGORY]->(sub) | sub.id]]
       }} AS descent,
       COLLECT {{ MATCH (sd)-[:HAS_COMMUNITY]->(c) RETURN sd.id }} AS subdistricts,
       COLLECT {{
         MATCH (c)<-[r:CO_BUILDS|LOCATED_IN]-(p) RETURN [null, p.id, type(r), c.id, c.name, r.since, r.projects] AS tie
         UNION ALL
         MATCH (c)<-[:HAS_COMMUNITY]-(sd)-[:HAS_COMMUNITY]->(x)<-[r:CO_BUILDS|LOCATED_IN]-(p) WHERE x <> c
         RETURN [sd.id, p.id, type(r), x.id, x.name, r.since, r.projects] AS tie
         UNION ALL
         MATCH (c)<-[r:SERVES]-(p) RETURN [null, p.id, type(r), c.id, c.name] AS tie
         UNION ALL
         MATCH (c)<-[:HAS_COMMUNITY]-(sd)<-[r:SERVES]-(p) RETURN [sd.id, p.id, type(r), sd.id, sd.name] AS tie
       }} AS ties"""

# How many needs weigh on p's capacity: status in $active and p their current partner — the partner
# of their last dispatch event, or for a need without events its RESOLVED_BY.
_ACTIVE_COUNT = """\
COUNT { (n:Need)-[:RESOLVED_BY]->(p) WHERE n.status IN $active AND NOT EXISTS { (n)-[:HAS_EVENT]->() } }
            + COUNT { (n:Need)-[:HAS_EVENT]->(e:NeedEvent)-[:HANDLED_BY]->(p)
                      WHERE n.status IN $active AND e.action = $dispatch
                        AND NOT EXISTS { (n)-[:HAS_EVENT]->(later:NeedEvent) WHERE later.action = $dispatch AND later.seq > e.seq } }"""

# The seek hints: right after a bulk load the planner may still hold the statistics of the graph
# before it and scan the whole id index for each category of $related (a 20,000-deep chain: minutes).
# The candidates for $category — those offering a category of $related (it, its descendants and
# its ancestors, nearest first) — as seen from no community in particular, in one record of two lists joined
# in Python by candidate id (the community's ties come from MATCH_CONTEXT):
#   candidates: [id, name, labels, sector, type, capacity, [[depth, category, category name, note]], active needs]
#   resolved: [candidate id, need id, need name] — the $resolved needs of $category, found from it.
MATCH_CANDIDATES = f"""\
RETURN
  COLLECT {{
    UNWIND range(0, size($related) - 1) AS depth
    MATCH (k:{NODE_LABEL} {{id: $related[depth]}})<-[o:OFFERS]-(p)
    USING INDEX SEEK k:{NODE_LABEL}(id)
    WITH p, collect([depth, k.id, k.name, o.note]) AS offers
    RETURN [p.id, p.name, labels(p), p.sector, p.type, p.capacity, offers, {_ACTIVE_COUNT}]
  }} AS candidates,
  COLLECT {{
    MATCH (k:{NODE_LABEL} {{id: $category}})<-[:IN_CATEGORY]-(n)-[:RESOLVED_BY]->(p)
    USING INDEX SEEK k:{NODE_LABEL}(id)
    WHERE n.status = $resolved
    RETURN [p.id, n.id, n.name]
  }} AS resolved"""

# The values the gap queries compare with, passed as parameters (never spliced into Cypher).
SERVICE_POINT_TYPES = ["service_center", "service_station"]
COMMUNITY_LEVEL = "community"
GAP_PARAMS: dict[str, Any] = {
    "building_group": "building_group",
    "grid_branch": "grid_branch",
    "community_level": COMMUNITY_LEVEL,
    "service_point_types": SERVICE_POINT_TYPES,
    "full_time": True,
    "full_time_default": True,
    "open": "open",
    "resolved": "resolved",
    "report": "report",
}

# -- coverage gaps ---------------------------------------------------------------------------------
# Each gap query binds its subjects as ``s`` and returns one record: ``rows``, each
# [id, name, via, facts], or for buildings ``groups``, each [grid id or null, [its community ids],
# [ids of its buildings with the gap], [their names]]. ``via`` lists [intermediate id, [community ids]]
# pairs: the subject's community is the smallest community of the smallest intermediate (a
# building's grid; the subject itself otherwise), picked in Python so ids order exactly as in
# the memory backend.
# GAPS finds subjects in the whole graph; GAPS_IN_COMMUNITY starts from $community and
# finds the subjects one of whose communities it is (Python keeps those whose community it is).
_VIA: dict[NodeKind, str] = {
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


def _gap(subjects: str, kind: NodeKind, condition: str, facts: str, *, distinct: bool) -> str:
    """A gap query; buildings come as ``groups`` by grid (each grid's communities read once, not per building)."""
    filtered = f"{subjects}\nWITH {'DISTINCT ' if distinct else ''}s WHERE {condition}\n"
    if kind is NodeKind.BUILDING:
        return (
            f"{filtered}OPTIONAL MATCH (g)-[:HAS_BUILDING]->(s)\n"
            "WITH g, collect(s.id) AS ids, collect(s.name) AS names\n"
            "RETURN collect([g.id, [(c)-[:HAS_GRID]->(g) | c.id], ids, names]) AS groups"
        )
    return f"{filtered}RETURN collect([s.id, s.name, {_VIA[kind]}, {facts}]) AS rows"


def _need_without_resolver(subjects: str) -> str:
    """Open needs no candidate in the area can take: one query over all of them.

    What the area's candidates offer is found from the area, once per
    subdistrict and once per community: the candidates that CO_BUILDS or are
    LOCATED_IN a community of the subdistrict, or SERVES it; then those that
    CO_BUILDS, are LOCATED_IN or SERVES the community itself. A need is a gap
    when neither its category nor a descendant or an ancestor of it is offered
    there. ``$related`` maps a category to those (categories with a parent or
    a child; any other category is related to itself alone).
    """
    return f"""\
{subjects}
WITH DISTINCT s WHERE s.status = $open
WITH s,
     COLLECT {{ MATCH (c)-[:HAS_NEED]->(s) RETURN c ORDER BY c.id LIMIT 1 }}[0] AS c,
     COLLECT {{ MATCH (s)-[:IN_CATEGORY]->(k) RETURN k ORDER BY k.id LIMIT 1 }}[0] AS k
WHERE c IS NOT NULL AND k IS NOT NULL
WITH c, collect([s, k]) AS needs
WITH c, needs, COLLECT {{ MATCH (sd)-[:HAS_COMMUNITY]->(c) RETURN sd ORDER BY sd.id LIMIT 1 }}[0] AS sd
WITH sd, collect([c, needs]) AS communities
WITH communities, COLLECT {{
       CALL (sd) {{
         MATCH (sd)-[:HAS_COMMUNITY]->(x)<-[:CO_BUILDS|LOCATED_IN]-(p) RETURN p
         UNION
         MATCH (p)-[:SERVES]->(sd) RETURN p
       }}
       MATCH (p)-[:OFFERS]->(o)
       RETURN DISTINCT o.id
     }} AS area_offered
UNWIND communities AS community
WITH area_offered, community[0] AS c, community[1] AS needs
WITH c, needs, area_offered + COLLECT {{
       MATCH (p)-[:CO_BUILDS|LOCATED_IN|SERVES]->(c)
       MATCH (p)-[:OFFERS]->(o)
       RETURN DISTINCT o.id
     }} AS offered
UNWIND needs AS need
WITH c, offered, need[0] AS s, need[1] AS k
WHERE none(id IN coalesce($related[k.id], [k.id]) WHERE id IN offered)
RETURN collect([s.id, s.name, [[s.id, [c.id]]], {{category: k.id, category_name: k.name}}]) AS rows"""


def _need_overdue(subjects: str) -> str:
    """Needs not resolved whose report time is before their category's cut-off (as-of − resolve_days).

    The report time is the need's report event, else its ``reported`` date
    written as the time it stands for (``2024-05`` → ``2024-05-01T00:00``), so
    the texts compare as times; ``$cutoffs`` maps each category to its
    cut-off, ``$resolve_days`` to its limit (both computed in Python from the
    inherited time limits). A need without either time is never overdue.
    """
    return f"""\
{subjects}
WITH DISTINCT s WHERE s.status IS NULL OR s.status <> $resolved
WITH s,
     COLLECT {{ MATCH (s)-[:HAS_EVENT]->(e:NeedEvent) WHERE e.action = $report RETURN e.at ORDER BY e.seq LIMIT 1 }}[0] AS report_at,
     COLLECT {{ MATCH (s)-[:IN_CATEGORY]->(k) RETURN k ORDER BY k.id LIMIT 1 }}[0] AS k
WHERE k IS NOT NULL
WITH s, k, coalesce(report_at, CASE size(toString(s.reported))
       WHEN 4 THEN s.reported + '-01-01T00:00'
       WHEN 7 THEN s.reported + '-01T00:00'
       WHEN 10 THEN s.reported + 'T00:00'
       ELSE s.reported END) AS reported
WHERE reported IS NOT NULL AND reported < coalesce($cutoffs[k.id], $default_cutoff)
RETURN collect([s.id, s.name, {_VIA[NodeKind.NEED]},
                {{category: k.id, category_name: k.name, reported: reported,
                  resolve_days: coalesce($resolve_days[k.id], $default_days), status: s.status}}]) AS rows"""


GAPS: dict[GapKind, str] = {
    **{kind: _gap(f"MATCH (s:{subject.value})", subject, condition, facts, distinct=False)
       for kind, (subject, condition, facts) in _GAP_CONDITIONS.items()},
    GapKind.NEED_WITHOUT_RESOLVER: _need_without_resolver("MATCH (s:Need)"),
    GapKind.NEED_OVERDUE: _need_overdue("MATCH (s:Need)"),
}

GAPS_IN_COMMUNITY: dict[GapKind, str] = {
    **{kind: _gap(_SUBJECTS_IN_COMMUNITY[subject], subject, condition, facts, distinct=True)
       for kind, (subject, condition, facts) in _GAP_CONDITIONS.items()},
    GapKind.NEED_WITHOUT_RESOLVER: _need_without_resolver(_SUBJECTS_IN_COMMUNITY[NodeKind.NEED]),
    GapKind.NEED_OVERDUE: _need_overdue(_SUBJECTS_IN_COMMUNITY[NodeKind.NEED]),
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

# -- the need lifecycle ----------------------------------------------------------------------------
# The values the lifecycle queries compare with, as parameters.
LIFECYCLE_PARAMS: dict[str, Any] = {"active": ["dispatched", "in_progress"], "dispatch": "dispatch"}

_HISTORY_FIELDS = "n.id AS need, properties(e) AS props, [(e)-[:HANDLED_BY]->(p) | p.id] AS partners"

# Every need's events (the rows of one need in no particular order: Python orders them by seq).
NEED_HISTORY = f"MATCH (n:Need)-[:HAS_EVENT]->(e:NeedEvent)\nRETURN {_HISTORY_FIELDS}"

NEED_HISTORY_OF = f"""\
UNWIND $ids AS id
MATCH (n:Need {{id: id}})-[:HAS_EVENT]->(e:NeedEvent)
RETURN {_HISTORY_FIELDS}"""

CATEGORY_LIMITS = """\
MATCH (k:Category)
RETURN k.id AS id, k.respond_hours AS respond_hours, k.resolve_days AS resolve_days,
       [(p)-[:HAS_SUBCATEGORY]->(k) | p.id] AS parents"""
