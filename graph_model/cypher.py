"""The Cypher Linli sends to Neo4j to store and read the graph, as named constants.

The three queries' Cypher (partner matching, coverage gaps, mentor pairing)
is in :mod:`graph_model.stores.neo4j_query_cypher`, under the same rules.

The Neo4j backend (:mod:`graph_model.stores.neo4j_store`) never builds a query
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

# Ids the writer knows are new (it looked them up, or the database is empty): no lookup, no lock.
# ``$rows`` are the stored properties themselves (the id among them), not {id, props} maps: a
# smaller message to pack and unpack (a city sample's nodes: 94 → 85 ms).
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


# The state a journaled (multi-transaction) write saves first, to undo itself on failure; each
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
