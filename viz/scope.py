"""One subdistrict's part of the network, so any map layer can be drawn for it alone (``--subdistrict``).

A subdistrict's territory is what hangs under it: walking down from the
subdistrict along the relationships that mean "contains" (its communities,
their estates, grids, buildings and needs, the party organizations it leads
and those of its units, the households and facilities in it), and taking in
as leaves what is tied to those from outside — partners that co-build with,
serve, sit in or manage a place of it, the people who hold its posts. The
walk never goes on from a partner, a person or a category: those are what
connect one subdistrict to the next.

Reach for :func:`territory` and :func:`restrict`.

Examples
--------
>>> from graph_model.stores.memory.store import MemoryStore
>>> from loaders import load_into, bundled_dataset_path
>>> from graph_model.schema import NodeKind
>>> store = MemoryStore(); _ = load_into(store, bundled_dataset_path())
>>> within = territory(store, "道义街道")
>>> {"sd-daoyi", "c-beiyuan", "po-c-beiyuan", "p-ent-daokang", "n-beiyuan-01"} <= within
True
>>> sorted(n.id for n in store.find(NodeKind.PARTNER) if n.id not in within)  # tied to no place: in no subdistrict
['p-gov-jiaotong', 'p-gov-shixun']
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable

from graph_model.queries.lookup import resolve_id
from graph_model.records import Subgraph
from graph_model.schema import NodeKind as K
from graph_model.schema import RelType as R
from graph_model.store import GraphStore

__all__ = ["restrict", "territory"]

log = logging.getLogger(__name__)

# Followed from source to target: the source contains or leads the target.
_DOWN = (R.HAS_COMMUNITY, R.HAS_ESTATE, R.HAS_GRID, R.HAS_BUILDING, R.HAS_NEED, R.LEADS, R.HAS_HOUSEHOLD, R.COVERS)
# Followed from target to source: the source belongs to, sits in, serves or holds a post at the target.
_UP = (R.PARTY_ORG_OF, R.LOCATED_IN, R.LIVES_IN, R.IN_ESTATE, R.SECRETARY_OF, R.BUILDING_HEAD_OF, R.GRID_WORKER_OF,
       R.CO_BUILDS, R.SERVES, R.MANAGES, R.OPERATES)
# Taken in, never walked on from: they tie subdistricts together.
_LEAVES = (K.PARTNER, K.PERSON, K.CATEGORY, K.SUBDISTRICT)


def territory(store: GraphStore, subdistrict: str, *, kinds: Iterable[K] | None = None) -> frozenset[str]:
    """The ids of ``subdistrict``'s part of the network (the subdistrict given by id, name or near name).

    ``kinds`` reads only nodes of those kinds (a layer's own; they must
    include every kind on the way down to them): the same ids as the whole
    territory's of those kinds, at a fraction of the cost in a city.
    """
    root = resolve_id(store, (K.SUBDISTRICT,), subdistrict, what="subdistrict")
    kinds = [k for k in (kinds or K) if k not in (K.CATEGORY, K.NEED_EVENT)]
    sub = store.subgraph(kinds, [*_DOWN, *_UP])
    kind_of = {n.id: n.kind for n in sub.nodes}
    down_types, up_types = frozenset(_DOWN), frozenset(_UP)
    onward: dict[str, list[str]] = {}
    for r in sub.relationships:
        if r.type in down_types:
            onward.setdefault(r.source, []).append(r.target)
        elif r.type in up_types:
            onward.setdefault(r.target, []).append(r.source)
    seen = {root}
    queue = deque([root])
    while queue:
        here = queue.popleft()
        for there in onward.get(here, ()):
            if there in seen or kind_of.get(there) is K.SUBDISTRICT:
                continue
            seen.add(there)
            if kind_of.get(there) not in _LEAVES:
                queue.append(there)
    log.info("subdistrict %s: %d nodes", root, len(seen))
    return frozenset(seen)


def restrict(sub: Subgraph, within: frozenset[str] | None) -> Subgraph:
    """``sub`` with only the nodes in ``within`` and the relationships between them (all of it when None)."""
    if within is None:
        return sub
    return Subgraph(nodes=[n for n in sub.nodes if n.id in within],
                    relationships=[r for r in sub.relationships if r.source in within and r.target in within])
