"""The resources as the API shows them, built from any :class:`~graph_model.store.GraphStore`.

Plain functions over the store (they run in the threadpool): lists come from
one :meth:`~graph_model.store.GraphStore.subgraph` call, details from one
:meth:`~graph_model.store.GraphStore.neighbourhood`, so the Neo4j backend
answers each in a single round trip. An unknown id raises
:class:`~graph_model.errors.NotFound` with the nearest ids and names; a
name works wherever an id does (:mod:`graph_model.queries.lookup`).

People (kind Person) are never shown by these views.

Examples
--------
>>> from graph_model.stores.memory.store import MemoryStore
>>> from loaders import load_into, bundled_dataset_path
>>> store = MemoryStore(); _ = load_into(store, bundled_dataset_path())
>>> partner_detail(store, "p-ent-daokang").community
'c-lijing'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from api.models import (
    CategoryPublic,
    CommunityAgreement,
    CommunityDetail,
    CommunityPublic,
    FacilityRef,
    NamedRef,
    NeedPublic,
    OfferedCategory,
    PartnerAgreement,
    PartnerDetail,
    PartnerPublic,
)
from graph_model.queries.lookup import resolve_node
from graph_model.records import Node, Relationship
from graph_model.need_lifecycle import ACTIVE_STATUSES, replay
from graph_model.schema import NEED_STATUSES, NODE_SPECS, NodeKind, RelType
from graph_model.store import GraphStore

__all__ = [
    "require_node",
    "list_communities",
    "community_detail",
    "list_partners",
    "partner_detail",
    "list_needs",
    "need_public",
    "list_categories",
]

K = NodeKind
R = RelType


def require_node(store: GraphStore, node_id: str, kind: NodeKind, what: str) -> Node:
    """The ``kind`` node this id (or name) names, as :func:`graph_model.queries.lookup.resolve_node` finds it."""
    return resolve_node(store, kind, node_id, what=what)


def _fields(node: Node) -> tuple[dict[str, Any], dict[str, Any]]:
    """The node's schema columns (as properties) and its extra columns."""
    columns = NODE_SPECS[node.kind].by_name
    own = {k: v for k, v in node.props.items() if k in columns and k not in ("id", "name")}
    extra = {k: v for k, v in node.props.items() if k not in columns}
    return own, extra


def _ref(node: Node) -> NamedRef:
    return NamedRef(id=node.id, name=node.name)


def _first(values: Iterable[str]) -> str | None:
    return min(values, default=None)


# -- communities ---------------------------------------------------------------------
def _community(node: Node, subdistrict: str | None) -> dict[str, Any]:
    own, extra = _fields(node)
    return {**own, "id": node.id, "name": node.name, "subdistrict": subdistrict, "extra": extra}


def list_communities(store: GraphStore) -> list[CommunityPublic]:
    """Every community, by id."""
    part = store.subgraph([K.SUBDISTRICT, K.COMMUNITY], [R.HAS_COMMUNITY])
    subdistrict = {r.target: r.source for r in part.relationships}
    return [CommunityPublic(**_community(n, subdistrict.get(n.id))) for n in part.nodes if n.kind is K.COMMUNITY]


def _around(store: GraphStore, node_id: str) -> tuple[dict[str, Node], list[Relationship]]:
    part = store.neighbourhood(node_id, 1)
    nodes = {n.id: n for n in part.nodes}
    rels = [r for r in part.relationships if node_id in (r.source, r.target)]
    return nodes, rels


def community_detail(store: GraphStore, community: str) -> CommunityDetail:
    """A community with its estates, grids, service points, partners, agreements and needs by status."""
    node = require_node(store, community, K.COMMUNITY, "community")
    community = node.id
    nodes, rels = _around(store, community)

    def ends(rel: RelType, *, incoming: bool, kind: NodeKind | None = None) -> list[Node]:
        found = [
            nodes[r.source if incoming else r.target]
            for r in rels
            if r.type is rel and (r.target if incoming else r.source) == community
        ]
        return sorted((n for n in found if kind is None or n.kind is kind), key=lambda n: n.id)

    subdistrict = next(iter(ends(R.HAS_COMMUNITY, incoming=True)), None)
    party_org = next((o for o in ends(R.PARTY_ORG_OF, incoming=True) if o.props.get("level") == "community"), None)
    agreements = [
        PartnerAgreement(
            partner=r.source,
            partner_name=nodes[r.source].name,
            since=r.props.get("since"),
            projects=list(r.props.get("projects") or []),
        )
        for r in sorted(rels, key=lambda r: r.source)
        if r.type is R.CO_BUILDS and r.target == community
    ]
    statuses = Counter(str(n.props.get("status")) for n in ends(R.HAS_NEED, incoming=False))
    return CommunityDetail(
        **_community(node, subdistrict.id if subdistrict else None),
        subdistrict_name=subdistrict.name if subdistrict else None,
        party_org=_ref(party_org) if party_org else None,
        estates=[_ref(n) for n in ends(R.HAS_ESTATE, incoming=False)],
        grids=[_ref(n) for n in ends(R.HAS_GRID, incoming=False)],
        facilities=[
            FacilityRef(id=n.id, name=n.name, type=n.props.get("type"))
            for n in ends(R.LOCATED_IN, incoming=True, kind=K.FACILITY)
        ],
        partners_located=[_ref(n) for n in ends(R.LOCATED_IN, incoming=True, kind=K.PARTNER)],
        agreements=agreements,
        needs={status: statuses.get(status, 0) for status in NEED_STATUSES},
    )


# -- partners -------------------------------------------------------------------------
def _partner(node: Node, community: str | None) -> dict[str, Any]:
    own, extra = _fields(node)
    return {**own, "id": node.id, "name": node.name, "community": community, "extra": extra}


def list_partners(store: GraphStore, *, community: str | None = None, sector: str | None = None) -> list[PartnerPublic]:
    """Partners by id; ``community`` keeps those sitting in it, ``sector`` those of that sector."""
    if community is not None:
        community = require_node(store, community, K.COMMUNITY, "community").id
    part = store.subgraph([K.PARTNER, K.COMMUNITY], [R.LOCATED_IN])
    located: dict[str, list[str]] = {}
    for r in part.relationships:
        located.setdefault(r.source, []).append(r.target)
    found = []
    for n in part.nodes:
        if n.kind is not K.PARTNER or (sector is not None and n.props.get("sector") != sector):
            continue
        home = _first(located.get(n.id, ()))
        if community is None or community in located.get(n.id, ()):
            found.append(PartnerPublic(**_partner(n, home)))
    return found


def partner_detail(store: GraphStore, partner: str) -> PartnerDetail:
    """A partner with its offers, agreements, located community, service area, facilities, estates and record."""
    node = require_node(store, partner, K.PARTNER, "partner")
    partner = node.id
    nodes, rels = _around(store, partner)
    out = sorted((r for r in rels if r.source == partner), key=lambda r: (r.type.value, r.target))
    located = [nodes[r.target] for r in out if r.type is R.LOCATED_IN]
    record = Counter(
        str(nodes[r.source].props.get("status")) for r in rels if r.type is R.RESOLVED_BY and r.target == partner
    )
    return PartnerDetail(
        **_partner(node, located[0].id if located else None),
        community_name=located[0].name if located else None,
        offers=[
            OfferedCategory(category=r.target, category_name=nodes[r.target].name, note=r.props.get("note"))
            for r in out
            if r.type is R.OFFERS
        ],
        agreements=[
            CommunityAgreement(
                community=r.target,
                community_name=nodes[r.target].name,
                since=r.props.get("since"),
                projects=list(r.props.get("projects") or []),
            )
            for r in out
            if r.type is R.CO_BUILDS
        ],
        serves=[_ref(nodes[r.target]) for r in out if r.type is R.SERVES],
        operates=[_ref(nodes[r.target]) for r in out if r.type is R.OPERATES],
        manages=[_ref(nodes[r.target]) for r in out if r.type is R.MANAGES],
        needs_in_progress=_active_needs(store, partner, nodes, rels),
        needs_resolved=record.get("resolved", 0),
    )


def _active_needs(store: GraphStore, partner: str, nodes: dict[str, Node], rels: Sequence[Relationship]) -> int:
    """The needs dispatched to or in progress with ``partner`` now: what weighs on its capacity in matching.

    A need without events counts through its RESOLVED_BY; one with events when
    its last dispatch went to ``partner`` (its events' ids are ``<need>#<seq>``).
    """
    ledger = [r.source for r in rels if r.type is R.RESOLVED_BY and r.target == partner]
    dispatched = {r.source.rsplit("#", 1)[0] for r in rels
                  if r.type is R.HANDLED_BY and r.target == partner and nodes[r.source].props.get("action") == "dispatch"}
    histories = store.need_history([*ledger, *dispatched])
    count = 0
    for need in {*ledger, *dispatched}:
        node = nodes.get(need) or store.get(need)
        if node is None or node.props.get("status") not in ACTIVE_STATUSES:
            continue
        events = histories.get(need)
        current = replay(events, reported=node.props.get("reported")).partner if events else partner
        count += current == partner
    return count


# -- needs ------------------------------------------------------------------------------
def need_public(node: Node, rels: Sequence[Relationship]) -> NeedPublic:
    """A need from its node and its HAS_NEED / IN_CATEGORY / RESOLVED_BY relationships."""
    own, extra = _fields(node)
    return NeedPublic(
        **own,
        id=node.id,
        name=node.name,
        community=_first(r.source for r in rels if r.type is R.HAS_NEED and r.target == node.id),
        category=_first(r.target for r in rels if r.type is R.IN_CATEGORY and r.source == node.id),
        resolved_by=_first(r.target for r in rels if r.type is R.RESOLVED_BY and r.source == node.id),
        extra=extra,
    )


def list_needs(
    store: GraphStore, *, community: str | None = None, status: str | None = None, category: str | None = None
) -> list[NeedPublic]:
    """Needs by id, filtered by community, status and category (exactly that category)."""
    if community is not None:
        community = require_node(store, community, K.COMMUNITY, "community").id
    if category is not None:
        category = require_node(store, category, K.CATEGORY, "category").id
    part = store.subgraph(
        [K.NEED, K.COMMUNITY, K.CATEGORY, K.PARTNER, K.FACILITY], [R.HAS_NEED, R.IN_CATEGORY, R.RESOLVED_BY]
    )
    by_need: dict[str, list[Relationship]] = {}
    for r in part.relationships:
        by_need.setdefault(r.target if r.type is R.HAS_NEED else r.source, []).append(r)
    found = []
    for n in part.nodes:
        if n.kind is not K.NEED or (status is not None and n.props.get("status") != status):
            continue
        need = need_public(n, by_need.get(n.id, []))
        if (community is None or need.community == community) and (category is None or need.category == category):
            found.append(need)
    return found


# -- categories ---------------------------------------------------------------------------
def list_categories(store: GraphStore) -> list[CategoryPublic]:
    """The whole taxonomy, by id."""
    part = store.subgraph([K.CATEGORY], [R.HAS_SUBCATEGORY])
    parent = {r.target: r.source for r in part.relationships}
    out = []
    for n in part.nodes:
        _, extra = _fields(n)
        out.append(CategoryPublic(id=n.id, name=n.name, parent=parent.get(n.id), extra=extra))
    return out
