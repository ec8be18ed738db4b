"""What a partner's (or facility's) details say it offers and with whom it has agreements.

A planner clicking a partner wants to know what it can do and where it
already works; :func:`offer_and_agreement_rows` gives those tooltip rows for
the partners of one map, read in one subgraph.

Examples
--------
>>> from graph_model.stores.memory.store import MemoryStore
>>> from loaders import load_into, bundled_dataset_path
>>> store = MemoryStore(); _ = load_into(store, bundled_dataset_path())
>>> rows = offer_and_agreement_rows(store, {"p-ent-daokang"})["p-ent-daokang"]
>>> rows[0]
('提供服务', '慢病管理（慢病用药配送）')
>>> rows[1][1].split("；")[0]
'北苑社区（2023-05-18 起：慢病用药配送、企业宣传角）'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from graph_model.schema import NodeKind as K
from graph_model.schema import RelType as R
from graph_model.store import GraphStore
from viz.map_model import MapGraph

__all__ = ["add_offers_and_agreements", "offer_and_agreement_rows"]


def offer_and_agreement_rows(store: GraphStore, ids: Collection[str]) -> dict[str, list[tuple[str, str]]]:
    """``提供服务`` (categories, with the offer's note) and ``共建协议`` (community, since, projects) rows for each of ``ids``."""
    if not ids:
        return {}
    sub = store.subgraph([K.PARTNER, K.FACILITY, K.CATEGORY, K.COMMUNITY], [R.OFFERS, R.CO_BUILDS])
    names = {n.id: n.name for n in sub.nodes}
    offers: dict[str, list[str]] = defaultdict(list)
    agreements: dict[str, list[str]] = defaultdict(list)
    for r in sorted(sub.relationships, key=lambda r: (r.source, r.target)):
        if r.source not in ids:
            continue
        if r.type is R.OFFERS:
            note = r.props.get("note")
            offers[r.source].append(f"{names.get(r.target, r.target)}（{note}）" if note else names.get(r.target, r.target))
        elif r.type is R.CO_BUILDS:
            since = r.props.get("since")
            projects = "、".join(map(str, r.props.get("projects") or ()))
            terms = "：".join(t for t in (f"{since} 起" if since else "", projects) if t)
            agreements[r.source].append(f"{names.get(r.target, r.target)}（{terms}）" if terms else names.get(r.target, r.target))
    rows: dict[str, list[tuple[str, str]]] = {}
    for i in ids:
        mine = []
        if offers.get(i):
            mine.append(("提供服务", "、".join(offers[i])))
        if agreements.get(i):
            mine.append(("共建协议", "；".join(agreements[i])))
        rows[i] = mine
    return rows


def add_offers_and_agreements(store: GraphStore, graph: MapGraph) -> None:
    """Append those rows to the details of every partner and facility drawn in ``graph``."""
    drawn = [n for n in graph.nodes.values() if n.kind in ("Partner", "Facility")]
    rows = offer_and_agreement_rows(store, {n.id for n in drawn})
    for node in drawn:
        node.details += rows.get(node.id, [])
