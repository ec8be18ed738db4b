"""Double-click to expand: a drawn node's neighbours that the map does not show yet.

A map shows one layer; a planner double-clicking a community wants its grids,
needs and facilities there and then. :func:`neighbours_of` gives one node's
neighbours as ready-to-draw items (the page places them round the node);
:func:`embedded_expansions` gives them for every node of a small map, to be
embedded in the file (it works offline, opened from disk); the API answers
``GET /map/neighbours`` with :func:`neighbours_of` for maps it serves.

People and households are left out unless names are asked for (a map never
shows them by name otherwise, and pseudonyms would not match the map's);
need events are a need's history, not network.

Examples
--------
>>> from graph_model.stores.memory.store import MemoryStore
>>> from loaders import load_into, bundled_dataset_path
>>> store = MemoryStore(); _ = load_into(store, bundled_dataset_path())
>>> found = neighbours_of(store, "c-beiyuan")
>>> sorted({n["kind"] for n in found["nodes"]})[:3]
['Estate', 'Facility', 'Grid']
>>> all(e["from"] == "c-beiyuan" or e["to"] == "c-beiyuan" for e in found["edges"])
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph_model.schema import NodeKind
from graph_model.store import GraphStore
from viz.html_page import wrap_label
from viz.map_model import MapGraph
from viz.node_details import NodeDescriber
from viz.partner_details import offer_and_agreement_rows
from viz.style import GROUPS, KIND_NAMES, REL_NAMES

__all__ = ["EMBED_LIMIT", "PER_NODE", "embedded_expansions", "neighbours_of"]

PER_NODE = 60
"""At most this many neighbours come with one double-click (the rest are counted)."""
EMBED_LIMIT = 400
"""Maps with more nodes than this embed no expansions (served maps still expand, from the API)."""

_EDGE_STYLE: dict[str, tuple[str, bool]] = {
    "CO_BUILDS": ("#C0392B", False), "SERVES": ("#7F8C8D", True), "LOCATED_IN": ("#90A4AE", True),
    "LEADS": ("#E57373", False), "PARTY_ORG_OF": ("#E57373", True), "COVERS": ("#FFB74D", True),
    "OFFERS": ("#26A69A", True), "RESOLVED_BY": ("#5E35B1", False), "MENTORS": ("#FB8C00", False),
}
_PRIVATE = {NodeKind.PERSON, NodeKind.HOUSEHOLD}


def neighbours_of(store: GraphStore, node_id: str, *, include_people: bool = False,
                  aliases: Mapping[str, str] | None = None, limit: int = PER_NODE, offers: bool = True) -> dict[str, Any]:
    """The neighbours of ``node_id`` (and of the units it stands for, per ``aliases``) as page items.

    Returns ``{"nodes": [...], "edges": [...], "more": n}``: vis-network
    items with the tooltip rows under ``info``; ``more`` counts the
    neighbours left out past ``limit``. ``offers=False`` leaves out the
    partners' offer and agreement rows (:func:`embedded_expansions` adds
    them for all nodes at once).
    """
    aliases = dict(aliases or {})
    targets = [node_id] + sorted(unit for unit, rep in aliases.items() if rep == node_id)
    describer = NodeDescriber(include_people=True)
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    for target in targets:
        if store.get(target) is None:
            continue
        sub = store.neighbourhood(target, 1)
        by_id = {n.id: n for n in sub.nodes}
        for r in sub.relationships:
            if target not in (r.source, r.target):
                continue
            other = by_id.get(r.target if r.source == target else r.source)
            if other is None or other.kind is NodeKind.NEED_EVENT or (other.kind in _PRIVATE and not include_people):
                continue
            shown = aliases.get(other.id, other.id)
            if shown == node_id:
                continue
            if shown not in nodes and shown == other.id:
                item = describer.describe(other)
                group = item.group if item.group in GROUPS else "aggregate"
                nodes[shown] = {"id": shown, "label": wrap_label(item.label), "group": group, "kind": item.kind,
                                "size": min(item.size, 18.0),
                                "info": {"t": item.search or item.label, "k": KIND_NAMES.get(item.kind, item.kind),
                                         "r": [list(row) for row in item.details], "g": [], "s": f"{item.search} {shown}"}}
            source, dest = (node_id, shown) if r.source == target else (shown, node_id)
            color, dashed = _EDGE_STYLE.get(r.type.value, ("#B0BEC5", False))
            edges.setdefault((source, dest, r.type.value), {
                "from": source, "to": dest, "type": r.type.value, "width": 1.2, "dashes": dashed,
                "color": {"color": color, "highlight": color, "hover": color},
                "info": {"t": REL_NAMES.get(r.type.value, r.type.value), "r": []}})
    ordered = sorted(nodes.values(), key=lambda n: (n["kind"], n["id"]))
    kept = ordered[:limit]
    if offers:
        _add_offers(store, kept)
    keep = {n["id"] for n in kept}
    return {"nodes": kept, "edges": [e for e in edges.values() if e["from"] in keep or e["to"] in keep or
                                     (e["from"] == node_id and e["to"] not in nodes) or (e["to"] == node_id and e["from"] not in nodes)],
            "more": len(ordered) - len(kept)}


def _add_offers(store: GraphStore, items: list[dict[str, Any]]) -> None:
    extra = offer_and_agreement_rows(store, {n["id"] for n in items if n["kind"] in ("Partner", "Facility")})
    for n in items:
        n["info"]["r"] += [list(row) for row in extra.get(n["id"], [])]


def embedded_expansions(store: GraphStore, graph: MapGraph, *, include_people: bool = False) -> dict[str, dict[str, Any]]:
    """:func:`neighbours_of` for every drawn node of a map of at most :data:`EMBED_LIMIT` nodes (else nothing)."""
    if len(graph.nodes) > EMBED_LIMIT:
        return {}
    real = set(store.kinds_of(list(graph.nodes)))
    found = {}
    for node_id in graph.nodes:
        if node_id in real:
            answer = neighbours_of(store, node_id, include_people=include_people, aliases=graph.aliases, offers=False)
            if answer["nodes"] or answer["edges"]:
                found[node_id] = answer
    unique: dict[str, dict[str, Any]] = {}
    for answer in found.values():
        for n in answer["nodes"]:
            unique.setdefault(n["id"], n)
    partners = [n for n in unique.values() if n["kind"] in ("Partner", "Facility")]
    extra = offer_and_agreement_rows(store, {n["id"] for n in partners})
    for answer in found.values():
        for n in answer["nodes"]:
            n["info"]["r"] += [list(row) for row in extra.get(n["id"], [])]
    return found
