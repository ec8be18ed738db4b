"""Cheap, deterministic layouts computed once in Python, so the browser draws with physics off.

Force layouts do not scale here (vis-network's physics took about a minute
to settle 1k nodes, ``nx.spring_layout`` minutes at 10k), and a planner wants
the same picture every time. Three layouts, all linear in the node count:

- :func:`radial_tree` — rings by depth around the root(s), each subtree in its
  own wedge (organization and focus maps);
- :func:`layered_tree` — an org chart: levels top-down, leaves side by side,
  each parent centred over its children (organization map);
- :func:`balloon_tree` — each node's children on a small circle around it,
  recursively (coverage map: buildings cluster round their grid);
- :func:`spread_on_ring` — points near wanted angles on a circle without
  overlaps (partners round the community ring of the circle map).

Examples
--------
>>> pos = radial_tree(["r"], {"r": ["a", "b"]}, ring_gap=100, min_gap=10)
>>> pos["r"], round(pos["a"][0]), round(pos["b"][0])
((0.0, 0.0), 100, -100)
>>> len(balloon_tree(["r"], {"r": ["a", "b", "c"]}, {}))
4
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

__all__ = ["radial_tree", "balloon_tree", "layered_tree", "spread_on_ring", "tile", "shelf_pack"]

Point = tuple[float, float]
TAU = 2 * math.pi


def _walk(roots: Sequence[str], children: Mapping[str, Sequence[str]]) -> list[tuple[str, int]]:
    """Pre-order (node, depth) over the forest; a node reached twice is visited once."""
    order: list[tuple[str, int]] = []
    seen: set[str] = set()
    stack = [(r, 0) for r in reversed(roots)]
    while stack:
        node, depth = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        order.append((node, depth))
        stack.extend((c, depth + 1) for c in reversed(children.get(node, ())) if c not in seen)
    return order


def radial_tree(
    roots: Sequence[str],
    children: Mapping[str, Sequence[str]],
    *,
    ring_gap: float = 220.0,
    min_gap: float | Sequence[float] = 26.0,
) -> dict[str, Point]:
    """Rings by depth; each node starts in the middle of a wedge proportional to the leaves below it.

    A single root sits at the centre; several roots share the first ring
    (depth counts from the centre then). Then each ring is spread so that
    neighbours are at least ``min_gap`` apart (one value, or one per depth
    starting at depth 1, the last repeating), keeping their order and
    staying as near their wedges as possible; a ring grows past
    ``depth * ring_gap`` when its nodes would not fit.
    """
    if len(roots) == 1:
        order = _walk(roots, children)
    else:
        order = [(n, d + 1) for n, d in _walk(roots, children)]
    gaps = [float(min_gap)] if isinstance(min_gap, (int, float)) else [float(g) for g in min_gap] or [26.0]
    tree: dict[str, list[str]] = {}
    depth_of = dict(order)
    for node, depth in order:
        tree[node] = [c for c in children.get(node, ()) if depth_of.get(c) == depth + 1 and c not in tree]
    weight: dict[str, float] = {}
    for node, _ in reversed(order):
        weight[node] = max(1.0, sum(weight[c] for c in tree[node]))
    top = [r for r in roots if r in weight]
    span: dict[str, tuple[float, float]] = {}
    total = sum(weight[r] for r in top) or 1.0
    start = -math.pi / 2
    for root in top:
        span[root] = (start, start + TAU * weight[root] / total) if len(top) > 1 else (start, start + TAU)
        start = span[root][1]
    wanted: dict[str, float] = {}
    rings: dict[int, list[str]] = {}
    for node, depth in order:
        lo, hi = span[node]
        wanted[node] = (lo + hi) / 2
        rings.setdefault(depth, []).append(node)
        at, below = lo, sum(weight[c] for c in tree[node]) or 1.0
        for child in tree[node]:
            width = (hi - lo) * weight[child] / below
            span[child] = (at, at + width)
            at += width
    pos: dict[str, Point] = {}
    radius = 0.0
    for depth in sorted(rings):
        members = rings[depth]
        if depth == 0:
            pos.update({m: (0.0, 0.0) for m in members})
            continue
        gap = gaps[min(depth - 1, len(gaps) - 1)]
        angles, radius = spread_on_ring([wanted[m] for m in members], radius + ring_gap, min_gap=gap)
        pos.update({m: (radius * math.cos(a), radius * math.sin(a)) for m, a in zip(members, angles)})
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in pos.items()}


def balloon_tree(
    roots: Sequence[str],
    children: Mapping[str, Sequence[str]],
    sizes: Mapping[str, float],
    *,
    pad: float = 6.0,
    default_size: float = 8.0,
) -> dict[str, Point]:
    """Each node's children on a circle around it, sized so no two subtrees overlap.

    Below the root, a wedge facing the parent stays free, so the edge in does
    not run through the children.
    """
    order = _walk(roots, children)
    depth_of = dict(order)
    tree = {n: [c for c in children.get(n, ()) if depth_of.get(c) == d + 1] for n, d in order}
    own = {n: sizes.get(n, default_size) + pad for n, _ in order}
    reach: dict[str, float] = {}
    ring: dict[str, float] = {}
    for node, depth in reversed(order):
        kids = tree[node]
        if not kids:
            reach[node], ring[node] = own[node], 0.0
            continue
        arc = TAU if depth == 0 else TAU * 0.8
        need = sum(2 * reach[c] for c in kids) * 1.08 / arc
        ring[node] = max(own[node] + max(reach[c] for c in kids), need, own[node] * 2)
        reach[node] = ring[node] + max(reach[c] for c in kids)
    pos: dict[str, Point] = {}
    facing: dict[str, float] = {}
    if len(roots) == 1:
        pos[roots[0]] = (0.0, 0.0)
        facing[roots[0]] = math.pi / 2
    else:
        for (root, point) in zip(roots, tile([reach[r] for r in roots if r in reach], gap=pad * 4)):
            pos[root] = point
            facing[root] = math.pi / 2
    for node, depth in order:
        kids = tree[node]
        if not kids:
            continue
        cx, cy = pos[node]
        arc = TAU if depth == 0 else TAU * 0.8
        total = sum(2 * reach[c] for c in kids)
        at = facing[node] + (TAU - arc) / 2
        for child in kids:
            share = arc * (2 * reach[child]) / total
            angle = at + share / 2
            at += share
            pos[child] = (cx + ring[node] * math.cos(angle), cy + ring[node] * math.sin(angle))
            facing[child] = angle + math.pi
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in pos.items()}


def _isotonic(values: list[float]) -> list[float]:
    """The non-decreasing sequence nearest to ``values`` in least squares (pool adjacent violators)."""
    blocks: list[list[float]] = []  # [sum, count]
    for v in values:
        blocks.append([v, 1.0])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    fitted: list[float] = []
    for total, count in blocks:
        fitted += [total / count] * int(count)
    return fitted


def spread_on_ring(wanted: Sequence[float], radius: float, *, min_gap: float) -> tuple[list[float], float]:
    """Angles as close to ``wanted`` as possible (least squares), at least ``min_gap`` apart on the ring.

    The ring is cut at the widest gap between wanted angles, which turns the
    problem into ordered points on a line, solved exactly by isotonic
    regression. Returns the angles (same order as ``wanted``) and the radius
    used, grown when the points would not fit.

    Examples
    --------
    >>> angles, r = spread_on_ring([0.0, 0.0], 100, min_gap=10)
    >>> round(abs(angles[1] - angles[0]), 2), r
    (0.1, 100)
    """
    n = len(wanted)
    if n == 0:
        return [], radius
    radius = max(radius, n * min_gap * 1.1 / TAU)
    step = min_gap / radius
    order = sorted(range(n), key=lambda i: wanted[i] % TAU)
    angles = [wanted[i] % TAU for i in order]
    gaps = [(angles[(k + 1) % n] - angles[k]) % TAU or (TAU if n == 1 else 0.0) for k in range(n)]
    cut = max(range(n), key=lambda k: gaps[k]) + 1  # start just after the widest gap
    order = order[cut:] + order[:cut]
    line = [wanted[i] % TAU for i in order]
    for k in range(1, n):
        while line[k] < line[k - 1]:
            line[k] += TAU
    fitted = [y + k * step for k, y in enumerate(_isotonic([a - k * step for k, a in enumerate(line)]))]
    if n > 1 and fitted[-1] - fitted[0] > TAU - step:  # spread so far it meets itself: space evenly instead
        fitted = [fitted[0] + k * TAU / n for k in range(n)]
    result = [0.0] * n
    for k, i in enumerate(order):
        result[i] = fitted[k]
    return result, radius


def tile(radii: Sequence[float], *, gap: float) -> list[Point]:
    """Centres for discs of ``radii`` laid row by row in a roughly 3:2 rectangle.

    Examples
    --------
    >>> tile([10, 10], gap=0)
    [(0.0, 0.0), (20.0, 0.0)]
    """
    if not radii:
        return []
    cell = 2 * max(radii) + gap
    columns = max(1, math.ceil(math.sqrt(len(radii) * 1.5)))
    return [(float((i % columns) * cell), float((i // columns) * cell)) for i in range(len(radii))]


def layered_tree(
    root: str,
    children: Mapping[str, Sequence[str]],
    *,
    sibling_gap: float = 70.0,
    level_gap: float = 140.0,
) -> tuple[dict[str, Point], float, float]:
    """An org chart of the tree under ``root``: positions (root at the top centre, 0), width and height.

    Examples
    --------
    >>> pos, width, height = layered_tree("r", {"r": ["a", "b"]}, sibling_gap=10, level_gap=20)
    >>> pos["r"], pos["a"], pos["b"], width, height
    ((0.0, 0.0), (-5.0, 20.0), (5.0, 20.0), 20.0, 20.0)
    """
    order = _walk([root], children)
    depth_of = dict(order)
    tree = {n: [c for c in children.get(n, ()) if depth_of.get(c) == d + 1] for n, d in order}
    x: dict[str, float] = {}
    slot = 0
    # Leaves take slots left to right in pre-order; a parent sits over the middle of its children.
    for node, _ in order:
        if not tree[node]:
            x[node] = slot * sibling_gap
            slot += 1
    for node, _ in reversed(order):
        if tree[node]:
            x[node] = (x[tree[node][0]] + x[tree[node][-1]]) / 2
    shift = x[root]
    pos = {n: (round(x[n] - shift, 1), float(d * level_gap)) for n, d in order}
    width = max(1, slot) * sibling_gap
    height = max(d for _, d in order) * level_gap
    return pos, float(width), float(height)


def _rows(widths: Sequence[float], limit: float) -> list[list[int]]:
    """Indices of ``widths`` split greedily into rows no wider than ``limit`` (a wider item gets its own row)."""
    rows: list[list[int]] = [[]]
    used = 0.0
    for i, w in enumerate(widths):
        if rows[-1] and used + w > limit * 1.02:
            rows.append([])
            used = 0.0
        rows[-1].append(i)
        used += w
    return rows


def shelf_pack(
    sizes: Sequence[float | tuple[float, float]], *, aspect: float = 1.4, gap: float = 20.0
) -> list[Point]:
    """Centres for boxes (``(width, height)``, or a disc's radius) packed in rows about ``aspect`` times wider than tall.

    Boxes keep their order; each row is centred, so the block reads as one
    rectangle (the communities of the coverage and organization maps).

    Examples
    --------
    >>> shelf_pack([10, 10, 10, 10], aspect=1.0, gap=0)
    [(-10.0, 0.0), (10.0, 0.0), (-10.0, 20.0), (10.0, 20.0)]
    """
    if not sizes:
        return []
    boxes = [(2 * s, 2 * s) if isinstance(s, (int, float)) else (float(s[0]), float(s[1])) for s in sizes]
    area = sum((w + gap) * (h + gap) for w, h in boxes)
    width = max(max(w + gap for w, _ in boxes), math.sqrt(area * aspect))
    rows = _rows([w + gap for w, _ in boxes], width)
    # Balance the rows: the narrowest width that needs no more rows than the first try.
    narrow = max(max(w + gap for w, _ in boxes), sum(w + gap for w, _ in boxes) / len(rows))
    while narrow < width:
        trial = _rows([w + gap for w, _ in boxes], narrow)
        if len(trial) <= len(rows):
            rows = trial
            break
        narrow *= 1.03
    centres: list[Point] = [(0.0, 0.0)] * len(boxes)
    y = 0.0
    for k, row in enumerate(rows):
        half = max(boxes[i][1] for i in row) / 2
        if k:
            y += half + gap / 2
        row_width = sum(boxes[i][0] + gap for i in row) - gap
        x = -row_width / 2
        for i in row:
            centres[i] = (round(x + boxes[i][0] / 2, 1), round(y, 1))
            x += boxes[i][0] + gap
        y += half + gap / 2
    return centres
