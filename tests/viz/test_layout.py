"""The layouts' promises, over many random inputs: no overlaps, levels in order, nothing lost when folding."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from viz.aggregation import fold
from viz.layout import TAU, balloon_tree, layered_tree, radial_tree, shelf_pack, spread_on_ring
from viz.map_model import MapEdge, MapGraph, MapNode


def _trees() -> st.SearchStrategy[dict[str, list[str]]]:
    """Random rooted trees on nodes n0..nk (n0 the root), as child lists."""
    return st.lists(st.integers(min_value=0, max_value=10**6), min_size=0, max_size=60).map(
        lambda picks: _tree_from(picks))


def _tree_from(picks: list[int]) -> dict[str, list[str]]:
    children: dict[str, list[str]] = {"n0": []}
    for i, pick in enumerate(picks, start=1):
        parent = f"n{pick % i}"
        children.setdefault(parent, []).append(f"n{i}")
        children.setdefault(f"n{i}", [])
    return children


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=-10, max_value=10, allow_nan=False), max_size=80),
       st.floats(min_value=50, max_value=2000), st.floats(min_value=5, max_value=200))
def test_spread_on_ring_keeps_the_gap(wanted: list[float], radius: float, gap: float) -> None:
    angles, used = spread_on_ring(wanted, radius, min_gap=gap)
    assert len(angles) == len(wanted) and used >= radius
    ring = sorted(a % TAU for a in angles)
    steps = [b - a for a, b in zip(ring, ring[1:])] + ([ring[0] + TAU - ring[-1]] if len(ring) > 1 else [])
    assert all(s * used >= gap * (1 - 1e-6) for s in steps)


@settings(max_examples=100, deadline=None)
@given(_trees())
def test_tree_layouts_place_every_node_apart(children: dict[str, list[str]]) -> None:
    for positions in (radial_tree(["n0"], children, ring_gap=100, min_gap=20),
                      balloon_tree(["n0"], children, {}, pad=4)):
        assert set(positions) == set(children)
        points = list(positions.values())
        closest = min((math.dist(a, b) for i, a in enumerate(points) for b in points[i + 1:]), default=math.inf)
        assert closest > 1.0


@settings(max_examples=100, deadline=None)
@given(_trees())
def test_layered_tree_reads_top_down(children: dict[str, list[str]]) -> None:
    positions, width, height = layered_tree("n0", children, sibling_gap=50, level_gap=100)
    assert positions["n0"][1] == 0 and width >= 50 and height >= 0
    for parent, kids in children.items():
        for kid in kids:
            assert positions[kid][1] == positions[parent][1] + 100
    rows: dict[float, list[float]] = {}
    for x, y in positions.values():
        rows.setdefault(y, []).append(x)
    assert all(len(xs) == len(set(xs)) for xs in rows.values())


@given(st.lists(st.tuples(st.floats(1, 500), st.floats(1, 500)), min_size=1, max_size=40))
def test_shelf_pack_never_overlaps(boxes: list[tuple[float, float]]) -> None:
    centres = shelf_pack(boxes, gap=10)
    for i, ((w1, h1), (x1, y1)) in enumerate(zip(boxes, centres)):
        for (w2, h2), (x2, y2) in list(zip(boxes, centres))[i + 1:]:
            apart_x = abs(x1 - x2) >= (w1 + w2) / 2 - 1e-6
            apart_y = abs(y1 - y2) >= (h1 + h2) / 2 - 1e-6
            assert apart_x or apart_y


@settings(max_examples=100, deadline=None)
@given(_trees(), st.integers(min_value=1, max_value=30))
def test_fold_loses_nothing(children: dict[str, list[str]], limit: int) -> None:
    graph = MapGraph(layer="coverage", title="t")
    parent_of = {kid: parent for parent, kids in children.items() for kid in kids}
    depth = {"n0": 0}
    for node in sorted(children, key=lambda n: int(n[1:])):
        if node in parent_of:
            depth[node] = depth[parent_of[node]] + 1
    for node in children:
        kind = ("Community", "Grid", "Building")[min(depth[node], 2)]
        graph.add_node(MapNode(node, kind, node, "grid", parent=parent_of.get(node)))
    for kid, parent in parent_of.items():
        graph.add_edge(MapEdge(parent, kid, "HAS"))
    total = len(graph.nodes)
    folded = fold(graph, ["Building", "Grid"], limit=limit)
    assert len(graph.nodes) + sum(folded.values()) == total
    assert sum(sum(n.folded.values()) for n in graph.nodes.values()) == sum(folded.values())
    assert all(e.source in graph.nodes and e.target in graph.nodes for e in graph.edges)
    assert bool(folded) == bool(graph.notes)
