"""The shortcuts that make city-scale maps fast draw exactly the map the plain way draws.

Each shortcut is checked against the plain way on the same input (the ring
order re-measured in full, buildings built and then folded, a map too small
to fold), the tooltips written after folding against the store itself, and
the pseudonyms for their numbering and their cost.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import viz.coverage_layer
from graph_model.records import ChangeSet, Relationship
from graph_model.schema import NodeKind as K
from graph_model.schema import RelType as R
from graph_model.stores.memory.store import MemoryStore
from loaders import bundled_dataset_path, load_into
from viz.aggregation import fold
from viz.circle_layer import _order_ring, _spread_cost
from viz.coverage_layer import coverage_map
from viz.html_page import render_page
from viz.map_model import MapEdge, MapGraph, MapNode
from viz.node_details import NodeDescriber
from viz.organization_layer import organization_map
from viz.style import GAP_STYLES

_GAPS = ["building_without_head", "building_without_party_group"]


def _order_ring_in_full(communities: list[str], partners_of: dict[str, set[str]]) -> list[str]:
    """The ring order as first written: every trial swap re-measures the whole ring."""
    left = sorted(communities, key=lambda c: (-len(partners_of[c]), c))
    if not left:
        return []
    ring = [left.pop(0)]
    while left:
        last = partners_of[ring[-1]]
        best = max(left, key=lambda c: (len(partners_of[c] & last), len(partners_of[c]), -communities.index(c)))
        left.remove(best)
        ring.append(best)
    cost = _spread_cost(ring, partners_of)
    for _ in range(8):
        improved = False
        for i in range(len(ring)):
            for j in range(i + 1, len(ring)):
                ring[i], ring[j] = ring[j], ring[i]
                new = _spread_cost(ring, partners_of)
                if new < cost:
                    cost, improved = new, True
                else:
                    ring[i], ring[j] = ring[j], ring[i]
        if not improved:
            break
    return ring


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=14), st.lists(st.lists(st.integers(0, 13), max_size=6), max_size=30))
def test_ring_order_is_the_full_remeasure(size: int, ties: list[list[int]]) -> None:
    communities = [f"c{i:02d}" for i in range(size)]
    partners_of: dict[str, set[str]] = {c: set() for c in communities}
    for p, picks in enumerate(ties):
        for pick in picks:
            if pick < size:
                partners_of[communities[pick]].add(f"p{p}")
    assert _order_ring(list(communities), partners_of) == _order_ring_in_full(list(communities), partners_of)


def _grid_graph(grids: int, buildings: list[tuple[int, list[str]]], *, build: bool) -> MapGraph:
    """A community, its grids and their buildings (each with a grid and gap kinds); buildings built or not."""
    graph = MapGraph(layer="coverage", title="t")
    graph.add_node(MapNode("c", "Community", "社区", "community", details=[("编号", "c")]))
    for g in range(grids):
        graph.add_node(MapNode(f"g{g}", "Grid", f"网格{g}", "grid", parent="c", details=[("编号", f"g{g}")]))
        graph.add_edge(MapEdge("c", f"g{g}", "HAS_GRID"))
    for b, (g, gaps) in enumerate(buildings if build else []):
        graph.add_node(MapNode(f"b{b}", "Building", f"楼{b}", "building", parent=f"g{g}", gaps=gaps))
        graph.add_edge(MapEdge(f"g{g}", f"b{b}", "HAS_BUILDING"))
    return graph


def _picture(graph: MapGraph) -> tuple[object, ...]:
    nodes = [(n.id, n.label, n.details, dict(n.folded), list(n.folded_gaps.items()), n.size) for n in graph.nodes.values()]
    edges = [(e.source, e.target, e.type, e.count, e.width) for e in graph.edges]
    return nodes, edges, graph.notes


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=6), st.integers(min_value=1, max_value=30),
       st.lists(st.tuples(st.integers(0, 5), st.sets(st.sampled_from(_GAPS))), max_size=40))
def test_unbuilt_buildings_fold_like_built_ones(grids: int, limit: int, picks: list[tuple[int, set[str]]]) -> None:
    buildings = [(g % grids, sorted(gaps, key=_GAPS.index)) for g, gaps in picks]
    built = _grid_graph(grids, buildings, build=True)
    if len(built.nodes) <= limit:
        return
    lean = _grid_graph(grids, buildings, build=False)
    unbuilt = [(f"g{g}", gaps) for g, gaps in buildings]
    assert fold(built, ["Building", "Grid"], limit=limit) == fold(lean, ["Building", "Grid"], limit=limit, unbuilt=unbuilt)
    assert _picture(built) == _picture(lean)


def test_unbuilt_nodes_that_would_not_fold_are_refused() -> None:
    graph = MapGraph(layer="coverage", title="t")
    graph.add_node(MapNode("g", "Grid", "网格", "grid"))
    with pytest.raises(ValueError):
        fold(graph, ["Building"], limit=5, unbuilt=[("g", [])])


@pytest.fixture(scope="module")
def two_grid_store() -> MemoryStore:
    """Daoyi with two buildings each also in a second grid (a re-pointed building keeps its old edge)."""
    store = MemoryStore()
    load_into(store, bundled_dataset_path())
    grids, buildings = store.ids(K.GRID), store.ids(K.BUILDING)
    store.apply(ChangeSet(relationships=[Relationship(R.HAS_BUILDING, grids[5], buildings[0]),
                                         Relationship(R.HAS_BUILDING, grids[-1], buildings[1])]))
    return store


@pytest.mark.parametrize("max_nodes", [300, 100])
def test_coverage_without_building_the_buildings_is_the_same_page(two_grid_store: MemoryStore, max_nodes: int,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    lean = coverage_map(two_grid_store, title="t", max_nodes=max_nodes)
    monkeypatch.setattr(viz.coverage_layer, "_bound_to_fold", lambda *args: set())  # build every building, then fold
    built = coverage_map(two_grid_store, title="t", max_nodes=max_nodes)
    assert lean.notes
    if max_nodes == 300:  # grids stay: the second grids' edges, moved from the buildings onto the grids
        assert any(e.type == "HAS_BUILDING" for e in lean.edges)
    assert render_page(lean) == render_page(built)


def _own_rows(node: MapNode) -> list[tuple[str, str]]:
    """A node's tooltip rows without those folding adds: 含… counts, and one row per folded gap kind."""
    folded_gaps = {f"{style.icon} {style.label}" for style in GAP_STYLES.values()}
    return [row for row in node.details if not row[0].startswith("含") and row[0] not in folded_gaps]


@pytest.mark.parametrize(("draw", "max_nodes"), [(organization_map, 100), (coverage_map, 300), (coverage_map, 100)])
def test_folding_leaves_each_remaining_tooltip_as_it_was(daoyi_store: MemoryStore, draw: Callable[..., MapGraph],
                                                         max_nodes: int) -> None:
    whole = draw(daoyi_store, title="t", include_people=True)
    folded = draw(daoyi_store, title="t", include_people=True, max_nodes=max_nodes)
    assert folded.notes and len(folded.nodes) < len(whole.nodes)
    holders = [n for n in folded.nodes.values() if n.folded]
    assert holders and all(any(row[0].startswith("含") for row in n.details) for n in holders)
    for node in folded.nodes.values():
        assert _own_rows(node) == _own_rows(whole.nodes[node.id]), node.id


def test_pseudonyms_are_numbered_per_kind_and_stay_cheap() -> None:
    describer = NodeDescriber(include_people=False)
    started = time.perf_counter()
    ids = [describer.map_id(f"x{i}", "Household" if i % 3 else "Person") for i in range(60_000)]
    assert time.perf_counter() - started < 5  # numbering by counting the earlier pseudonyms took minutes
    assert ids[:4] == ["person-1", "household-1", "household-2", "person-2"]
    assert len(set(ids)) == len(ids) and describer.map_id("x3", "Person") == "person-2"


@pytest.mark.parametrize("max_nodes", [5000, 100])
def test_organization_tooltips_name_unit_cover_secretary_and_building(daoyi_store: MemoryStore, max_nodes: int) -> None:
    graph = organization_map(daoyi_store, title="t", include_people=True, max_nodes=max_nodes)
    places = {n.id: n for n in daoyi_store.subgraph([K.COMMUNITY, K.SUBDISTRICT, K.GRID, K.BUILDING]).nodes}
    levels = {"subdistrict_committee", "community"}
    for node in graph.nodes.values():
        rows = dict(node.details)
        out = daoyi_store.relationships(node.id, direction="out")
        if node.kind == "Household":
            homes = [places[r.target].name for r in out if r.type is R.LIVES_IN]
            assert rows.get("所在楼栋") == (homes[-1] if homes else None)
            continue
        units = [places[r.target].name for r in out if r.type is R.PARTY_ORG_OF and r.target in places]
        assert rows.get("所属单位") == (units[0] if units else None)
        grids = sum(r.type is R.COVERS and places[r.target].kind is K.GRID for r in out)
        assert rows.get("覆盖网格") == (f"{grids:,}" if grids else None)
        secretaries = [r.source for r in daoyi_store.relationships(node.id, types=[R.SECRETARY_OF], direction="in")]
        level = daoyi_store.get(node.id).props.get("level")  # type: ignore[union-attr]
        assert rows.get("书记") == ("、".join(daoyi_store.get(p).name for p in secretaries) if level in levels else None)  # type: ignore[union-attr]
