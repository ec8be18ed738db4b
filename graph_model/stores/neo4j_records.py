"""Neo4j records back into Linli's values: nodes, relationships, evidence, gap facts.

The Neo4j backend's queries (:mod:`graph_model.cypher`) return plain maps and
lists; these functions word them exactly as the memory backend words its
answers — display names, ``None`` against missing, tuples sorted by id — so the
two backends compare equal.

Examples
--------
>>> stored = {"id": "c1", "name": "北苑社区", "_linli_nulls": ["note"], "_linli_load": "3f2a"}
>>> props_of(stored, node=True)
{'name': '北苑社区', 'note': None}
>>> community_from([["g2", ["c9"]], ["g1", ["c2", "c1"]]])
'c1'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import neo4j

from graph_model import cypher as q
from graph_model.evidence import Agreement, CandidateEvidence, GapKind, NamedRef, Offer
from graph_model.records import Node, Relationship
from graph_model.schema import NodeKind, RelType
from graph_model.stores.neo4j_writer import kind_of_labels

__all__ = ["display", "props_of", "node_of", "relationship_of", "community_from", "evidence_of", "gap_details"]


def display(name: Any, node_id: str) -> str:
    """A node's display name, as :attr:`Node.name` words it."""
    return str(name) if name is not None else node_id


def props_of(stored: Mapping[str, Any], *, node: bool) -> dict[str, Any]:
    """Stored properties back as the caller wrote them (no ``id`` or load token; stored Nones restored)."""
    props = dict(stored)
    if node:
        props.pop("id", None)
    props.pop(q.LOAD_KEY, None)
    for key in props.pop(q.NULLS_KEY, None) or ():
        props[key] = None
    return props


def node_of(record: neo4j.Record) -> Node | None:
    """The node of an ``id, labels, props`` record (None for a node of no Linli kind)."""
    kind = kind_of_labels(record["labels"])
    return None if kind is None else Node(record["id"], kind, props_of(record["props"], node=True))


def relationship_of(record: neo4j.Record) -> Relationship:
    """The relationship of a ``type, source, target, props`` record."""
    return Relationship(RelType(record["type"]), record["source"], record["target"], props_of(record["props"], node=False))


def community_from(via: Sequence[Sequence[Any]]) -> str | None:
    """The smallest community of the smallest intermediate (see ``cypher._VIA``)."""
    if not via:
        return None
    _, communities = min(via, key=lambda pair: pair[0])
    return min(communities, default=None)


def _by_id(rows: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return sorted(rows, key=lambda row: row["id"])


def _refs(rows: Sequence[Mapping[str, Any]]) -> tuple[NamedRef, ...]:
    return tuple(NamedRef(row["id"], display(row["name"], row["id"])) for row in _by_id(rows))


def evidence_of(r: neo4j.Record) -> CandidateEvidence:
    """One candidate of ``cypher.MATCH_EVIDENCE``: offers nearest category first, the rest by id."""
    kind = kind_of_labels(r["labels"])
    return CandidateEvidence(
        id=r["id"],
        name=display(r["name"], r["id"]),
        kind=kind.value if kind else "",
        sector=r["sector"] if kind is NodeKind.PARTNER else r["type"],
        offers=tuple(
            Offer(o["category"], display(o["category_name"], o["category"]), o["note"])
            for o in sorted(r["offers"], key=lambda o: o["depth"])
        ),
        agreements=tuple(
            Agreement(a["id"], display(a["name"], a["id"]), a["since"], tuple(a["projects"] or ()))
            for a in _by_id(r["agreements"])
        ),
        located_in=_refs(r["located_in"]),
        serves=_refs(r["serves"]),
        resolved=_refs(r["resolved"]),
        in_progress=r["in_progress"],
        capacity=r["capacity"],
    )


def gap_details(kind: GapKind, facts: Mapping[str, Any]) -> dict[str, Any]:
    """The ``facts`` of a gap, as :class:`~graph_model.evidence.GapFact` documents them per kind."""
    if kind is GapKind.GRID_WITHOUT_FULLTIME_WORKER:
        return {"part_time": facts["part_time"]}
    if kind is GapKind.NEED_WITHOUT_RESOLVER:
        return {"category": facts["category"], "category_name": display(facts["category_name"], facts["category"])}
    if kind is GapKind.ESTATE_WITHOUT_RED_PROPERTY:
        return {"managers": sorted(display(name, i) for i, name in facts["managers"])}
    return {}
