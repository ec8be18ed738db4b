"""Neo4j records back into Linli's values: nodes, relationships, evidence, gap facts.

The Neo4j backend's queries (:mod:`graph_model.stores.neo4j.cypher`) return plain maps and
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

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import neo4j

from graph_model.stores.neo4j import cypher as q
from graph_model.evidence import Agreement, CandidateEvidence, NamedRef, Offer, SecretaryFacts
from graph_model.gaps import GapKind
from graph_model.records import Node, Relationship
from graph_model.schema import NodeKind, RelType
from graph_model.stores.neo4j.plan import kind_of_labels
from graph_model.taxonomy import EXACT, Relation

__all__ = [
    "display", "props_of", "node_of", "relationship_of", "community_from", "untied_evidence", "with_ties",
    "gap_subjects", "secretary_of", "gap_details",
]

_CO_BUILDS, _LOCATED_IN = RelType.CO_BUILDS.value, RelType.LOCATED_IN.value


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


def untied_evidence(record: Mapping[str, Any], related: Mapping[str, Relation]) -> list[CandidateEvidence]:
    """The candidates of ``MATCH_CANDIDATES``'s one record, by id, as seen from no community: no ties yet.

    Offers come in the order of ``related`` (the asked category, its descendants,
    its ancestors), each with its relation; the record's ``resolved`` rows are joined by candidate id.

    Examples
    --------
    >>> record = {"candidates": [["p1", "北辰", ["LinliNode", "Partner"], "enterprise", None, 3,
    ...                           [[1, "k0", "养老", None], [0, "k1", "助餐", "午餐"]], 1]],
    ...           "resolved": [["p1", "n1", None]]}
    >>> ev = untied_evidence(record, {"k1": "exact", "k0": "ancestor"})[0]
    >>> [(o.category, o.note, o.relation) for o in ev.offers], ev.sector, ev.resolved, ev.in_progress, ev.capacity
    ([('k1', '午餐', 'exact'), ('k0', None, 'ancestor')], 'enterprise', (NamedRef(id='n1', name='n1'),), 1, 3)
    """
    resolved: dict[str, list[NamedRef]] = {}
    for candidate, need, name in record["resolved"]:
        resolved.setdefault(candidate, []).append(NamedRef(need, display(name, need)))
    kinds: dict[tuple[str, ...], NodeKind | None] = {}
    offered: dict[tuple[Any, ...], Offer] = {}  # candidates share their offers' facts
    found = []
    for cid, name, labels, sector, type_, capacity, offers, in_progress in record["candidates"]:
        labels = tuple(labels)
        kind = kinds[labels] if labels in kinds else kinds.setdefault(labels, kind_of_labels(labels))
        if len(offers) > 1:
            offers.sort(key=lambda offer: offer[0])
        offer_facts = []
        for _, category, category_name, note in offers:
            key = (category, category_name, note)
            offer = offered.get(key)
            if offer is None:
                offer = offered[key] = Offer(category, display(category_name, category), note, related.get(category, EXACT))
            offer_facts.append(offer)
        found.append(CandidateEvidence(
            cid,
            display(name, cid),
            kind.value if kind else "",
            sector if kind is NodeKind.PARTNER else type_,
            tuple(offer_facts),
            resolved=tuple(sorted(resolved[cid], key=lambda r: r.id)) if cid in resolved else (),
            in_progress=in_progress,
            capacity=capacity,
        ))
    found.sort(key=lambda ev: ev.id)
    return found


def with_ties(
    candidates: Sequence[CandidateEvidence], ties: Sequence[Sequence[Any]], *, index: Mapping[str, int] | None = None
) -> list[CandidateEvidence]:
    """The ``candidates`` that have ties in ``ties``' rows, each with them — agreements, located_in and serves, by id.

    A row is [candidate id, type, community or subdistrict id, its name] and,
    for CO_BUILDS, since and projects; rows of non-candidates are ignored.
    ``index`` maps a candidate id to its position in ``candidates`` (found
    here when not given). The result is ordered by id.

    Examples
    --------
    >>> plain = CandidateEvidence("p1", "北辰", "Partner", "enterprise", ())
    >>> tied = with_ties([plain], [["p1", "CO_BUILDS", "c2", "二", "2024", ["宣传"]], ["p1", "SERVES", "sd", None],
    ...                            ["p9", "LOCATED_IN", "c1", "一"]])
    >>> [ev.id for ev in tied], tied[0].agreements, tied[0].serves
    (['p1'], (Agreement(community='c2', community_name='二', since='2024', projects=('宣传',)),), (NamedRef(id='sd', name='sd'),))
    """
    rows: dict[str, list[Sequence[Any]]] = {}
    for tie in ties:
        rows.setdefault(tie[0], []).append(tie)
    positions = index if index is not None else {ev.id: i for i, ev in enumerate(candidates)}
    found = []
    for candidate in sorted(rows):
        if (i := positions.get(candidate)) is not None:
            agreements, located_in, serves = _ties(rows[candidate])
            found.append(dataclasses.replace(candidates[i], agreements=agreements, located_in=located_in, serves=serves))
    return found


def _ties(rows: Sequence[Sequence[Any]]) -> tuple[tuple[Agreement, ...], tuple[NamedRef, ...], tuple[NamedRef, ...]]:
    """A candidate's agreements, located_in and serves, each by id, from its rows of ``MATCH_EVIDENCE``'s ties."""
    agreements: list[Agreement] = []
    located_in: list[NamedRef] = []
    serves: list[NamedRef] = []
    for _, rel_type, other, other_name, *agreement in rows:
        if rel_type == _CO_BUILDS:
            since, projects = agreement
            agreements.append(Agreement(other, display(other_name, other), since, tuple(projects or ())))
        else:
            (located_in if rel_type == _LOCATED_IN else serves).append(NamedRef(other, display(other_name, other)))
    return (
        tuple(sorted(agreements, key=lambda a: a.community)),
        tuple(sorted(located_in, key=lambda r: r.id)),
        tuple(sorted(serves, key=lambda r: r.id)),
    )


def gap_subjects(record: Mapping[str, Any]) -> list[tuple[str, Any, str | None, Mapping[str, Any]]]:
    """A gap query's one record as (id, name, community, facts) of each subject.

    ``rows`` give each subject's ``via`` (see :func:`community_from`); ``groups``
    give buildings by grid, and a building's community is the smallest of its
    smallest grid — read once per grid.

    Examples
    --------
    >>> gap_subjects({"rows": [["g1", "一网格", [["g1", ["c2", "c1"]]], {"part_time": 1}]]})
    [('g1', '一网格', 'c1', {'part_time': 1})]
    >>> gap_subjects({"groups": [["g2", ["c2"], ["b1", "b2"], ["1号楼", None]], ["g1", ["c1"], ["b2"], [None]],
    ...                          [None, None, ["b3"], ["3号楼"]]]})
    [('b1', '1号楼', 'c2', {}), ('b2', None, 'c1', {}), ('b3', '3号楼', None, {})]
    >>> gap_subjects({"groups": [["g2", ["c3", "c2"], ["b1"], ["1号楼"]], ["g1", ["c1"], ["b2"], [None]]]})
    [('b1', '1号楼', 'c2', {}), ('b2', None, 'c1', {})]
    """
    if "rows" in record.keys():
        return [(subject, name, community_from(via), facts) for subject, name, via, facts in record["rows"]]
    groups = record["groups"]
    subjects: list[tuple[str, Any, str | None, Mapping[str, Any]]] = []
    for grid, communities, ids, names in groups:
        community = min(communities, default=None) if grid is not None else None
        subjects += [(subject, name, community, {}) for subject, name in zip(ids, names)]
    if len({row[0] for row in subjects}) == len(subjects):  # each building in one grid: always so in a validated dataset
        return subjects
    chosen: dict[str, list[Any]] = {}  # subject → [grid, community, name]
    for grid, communities, ids, names in groups:
        community = min(communities, default=None) if grid is not None else None
        for subject, name in zip(ids, names):
            seen = chosen.get(subject)
            if seen is None:
                chosen[subject] = [grid, community, name]
            elif grid is not None and (seen[0] is None or grid < seen[0]):
                seen[0], seen[1] = grid, community
    return [(subject, name, community, {}) for subject, (_, community, name) in chosen.items()]


def secretary_of(r: Mapping[str, Any], community: str, portrait: Mapping[str, Any]) -> SecretaryFacts:
    """A secretary's facts from a ``SECRETARIES`` record, its community and that community's ``COMMUNITY_PORTRAITS`` record."""
    return SecretaryFacts(
        id=r["id"],
        name=display(r["name"], r["id"]),
        community=community,
        community_name=display(portrait["name"], community),
        subdistrict=min(portrait["subdistricts"], default=None),
        years=float(r["years"] or 0),
        rating=float(r["rating"]) if r["rating"] is not None else 3.0,
        strengths=tuple(sorted(set(r["strengths"] or ()))),
        estate_category=portrait["estate_category"],
        service_focus=portrait["service_focus"],
    )


def gap_details(kind: GapKind, facts: Mapping[str, Any]) -> dict[str, Any]:
    """The ``facts`` of a gap, as :class:`~graph_model.evidence.GapFact` documents them per kind."""
    if kind is GapKind.GRID_WITHOUT_FULLTIME_WORKER:
        return {"part_time": facts["part_time"]}
    if kind is GapKind.NEED_WITHOUT_RESOLVER:
        return {"category": facts["category"], "category_name": display(facts["category_name"], facts["category"])}
    if kind is GapKind.ESTATE_WITHOUT_RED_PROPERTY:
        return {"managers": sorted(display(name, i) for i, name in facts["managers"])}
    if kind is GapKind.NEED_OVERDUE:
        return {"category": facts["category"], "category_name": display(facts["category_name"], facts["category"]),
                "reported": facts["reported"], "resolve_days": facts["resolve_days"], "status": facts["status"]}
    return {}
