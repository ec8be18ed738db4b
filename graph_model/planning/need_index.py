"""Every need with where it is, its category and its events: what the rates and dispatch read about needs.

Reach for :func:`need_index`. It reads the needs, communities and
subdistricts in one :meth:`~graph_model.store.GraphStore.subgraph` and the
events in one :meth:`~graph_model.store.GraphStore.need_history`, so a city
costs two round trips, whichever the backend.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from graph_model.need_lifecycle import NeedEvent, report_time
from graph_model.schema import NodeKind, RelType
from graph_model.store import GraphStore

__all__ = ["NeedFacts", "NeedIndex", "need_index"]


@dataclass(frozen=True, slots=True)
class NeedFacts:
    """One need as the planning questions read it (``report_time``: its report event, else its ``reported`` date)."""

    id: str
    name: str
    community: str | None
    subdistrict: str | None
    category: str | None
    status: str | None
    report_time: str | None
    events: Sequence[NeedEvent] = ()


@dataclass(frozen=True, slots=True)
class NeedIndex:
    """The needs by id, and the names and subdistricts of the communities (every community, with needs or not)."""

    needs: Mapping[str, NeedFacts]
    community_names: Mapping[str, str]
    community_subdistrict: Mapping[str, str | None]
    subdistrict_names: Mapping[str, str]
    communities_of: Mapping[str, Sequence[str]] = field(default_factory=dict)


def need_index(store: GraphStore) -> NeedIndex:
    """Read every need, community and subdistrict of ``store`` (see the module docstring)."""
    part = store.subgraph(
        kinds=[NodeKind.SUBDISTRICT, NodeKind.COMMUNITY, NodeKind.NEED, NodeKind.CATEGORY],
        types=[RelType.HAS_COMMUNITY, RelType.HAS_NEED, RelType.IN_CATEGORY],
    )
    kinds = {n.id: n.kind for n in part.nodes}
    names = {n.id: n.name for n in part.nodes}
    subdistrict_of: dict[str, str | None] = {n.id: None for n in part.nodes if n.kind is NodeKind.COMMUNITY}
    community_of: dict[str, str] = {}
    category_of: dict[str, str] = {}
    for rel in part.relationships:
        if rel.type is RelType.HAS_COMMUNITY:
            subdistrict_of[rel.target] = min(rel.source, subdistrict_of[rel.target] or rel.source)
        elif rel.type is RelType.HAS_NEED:
            community_of[rel.target] = rel.source
        elif rel.type is RelType.IN_CATEGORY:
            category_of[rel.source] = rel.target
    history = store.need_history()
    needs: dict[str, NeedFacts] = {}
    for node in part.nodes:
        if node.kind is not NodeKind.NEED:
            continue
        events = history.get(node.id, [])
        community = community_of.get(node.id)
        needs[node.id] = NeedFacts(
            id=node.id, name=node.name, community=community,
            subdistrict=subdistrict_of.get(community) if community else None,
            category=category_of.get(node.id), status=node.props.get("status"),
            report_time=report_time(node.props.get("reported"), events), events=tuple(events),
        )
    communities_of: dict[str, list[str]] = {i: [] for i, k in kinds.items() if k is NodeKind.SUBDISTRICT}
    for community, subdistrict in sorted(subdistrict_of.items()):
        if subdistrict is not None:
            communities_of[subdistrict].append(community)
    return NeedIndex(
        needs=needs,
        community_names={c: names[c] for c in subdistrict_of},
        community_subdistrict=subdistrict_of,
        subdistrict_names={i: names[i] for i, k in kinds.items() if k is NodeKind.SUBDISTRICT},
        communities_of=communities_of,
    )
