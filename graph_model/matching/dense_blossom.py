"""Maximum-weight perfect matching on a dense integer weight matrix (Edmonds' primal-dual blossom method).

This is the engine behind :mod:`graph_model.matching.solver`; reach for
that module, not this one. :class:`DenseBlossom` follows the classic
formulation of Galil (1986) as written by Joris van Rantwijk (networkx's
``max_weight_matching``), with two changes that make it fast on dense graphs:

- it is *warm-started* from any matching whose edges are tight under any
  feasible duals (the solver passes the optimum of the 2-matching relaxation,
  leaving one exposed vertex per odd cycle), so only a few augmentations
  remain;
- slacks are whole numpy rows (``dual[v] + dual - weight[v]``) and the least
  slack edges towards the alternating forest are kept in vectors, so the inner
  loops run in numpy rather than per edge in Python.

All arithmetic is on int64. ``weight4[i, j]`` is four times the edge weight
(``-INELIGIBLE`` where there is no edge) and ``dual`` four times the vertex
potentials (van Rantwijk's doubling, doubled once more so that warm-started
duals keep every step whole): the slack of an edge is ``dual[i] + dual[j] -
weight4[i, j]`` plus twice the ``z`` of the blossoms holding both ends. The
caller checks the result independently (dual feasibility, tight matched edges,
full blossoms), so a defect here can cost time, never correctness.

Examples
--------
>>> import numpy as np
>>> w = np.array([[0, 5, 1, 1], [5, 0, 1, 1], [1, 1, 0, 1], [1, 1, 1, 0]]) * 4
>>> np.fill_diagonal(w, -INELIGIBLE)
>>> engine = DenseBlossom(w, np.full(4, 10), np.array([-1, -1, -1, -1]))
>>> engine.solve(max_events=1000)
True
>>> engine.mate.tolist()
[1, 0, 3, 2]
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

__all__ = ["DenseBlossom", "INELIGIBLE", "EngineFault"]

INELIGIBLE = 1 << 55  # weight4 of a missing edge is -INELIGIBLE: its slack is never small
_NO_EDGE = 1 << 54  # a least slack at or above this means "no edge"
_INF = 1 << 61


class EngineFault(RuntimeError):
    """An internal invariant failed; the caller falls back to another exact solver."""


class DenseBlossom:
    """Primal-dual blossom algorithm over a dense ``weight4`` matrix, warm-started.

    Parameters
    ----------
    weight4
        n×n int64, symmetric: four times the edge weights, ``-INELIGIBLE`` off the graph
        (and on the diagonal).
    dual
        Four times the starting vertex potentials, all even: no edge may have negative slack.
    mate
        A starting matching (``-1`` = exposed) made of tight edges only.
    """

    def __init__(self, weight4: np.ndarray, dual: np.ndarray, mate: np.ndarray) -> None:
        n = weight4.shape[0]
        self.n = n
        self.weight4 = weight4
        self.dual = np.asarray(dual, dtype=np.int64).copy()
        self.mate = np.asarray(mate, dtype=np.int64).copy()
        self.inblossom = np.arange(n)
        self.parent = [-1] * (2 * n)
        self.childs: list[list[int] | None] = [None] * (2 * n)
        self.edges: list[list[tuple[int, int]] | None] = [None] * (2 * n)
        self.base = list(range(n)) + [-1] * n
        self.z = np.zeros(2 * n, dtype=np.int64)
        self.label = np.zeros(2 * n, dtype=np.int8)
        self.labeledge: list[tuple[int, int] | None] = [None] * (2 * n)
        self.top = np.zeros(2 * n, dtype=bool)  # non-trivial top-level blossoms
        self.unused = list(range(2 * n - 1, n - 1, -1))
        self.best2 = np.full(n, _INF, dtype=np.int64)  # least slack from an S-vertex (non-S vertices)
        self.best2_from = np.full(n, -1, dtype=np.int64)
        self.best3 = np.full(n, _INF, dtype=np.int64)  # least slack to another S-blossom (S-vertices)
        self.best3_to = np.full(n, -1, dtype=np.int64)
        self.queue: list[int] = []
        self.events = 0

    # -- the result ---------------------------------------------------------------------------

    def blossoms(self) -> list[tuple[list[int], int]]:
        """Every blossom with a positive potential: (its vertices, its ``z``)."""
        return [(self.leaves(b), int(self.z[b])) for b in range(self.n, 2 * self.n)
                if self.childs[b] is not None and self.z[b] > 0]

    def leaves(self, b: int) -> list[int]:
        """The vertices of (possibly trivial) blossom ``b``."""
        if b < self.n:
            return [b]
        out: list[int] = []
        stack = [b]
        while stack:
            t = stack.pop()
            if t < self.n:
                out.append(t)
            else:
                stack.extend(self._children(t)[0])
        return out

    def _children(self, b: int) -> tuple[list[int], list[tuple[int, int]]]:
        """The sub-blossoms of non-trivial blossom ``b`` (base first) and the edges that join them."""
        childs, edges = self.childs[b], self.edges[b]
        if childs is None or edges is None:
            raise EngineFault(f"blossom {b} is not in use")
        return childs, edges

    def _edge_to(self, b: int) -> tuple[int, int]:
        """The edge ``(v, w)`` that labelled ``b``: every labelled vertex or blossom but a forest root has one."""
        edge = self.labeledge[b]
        if edge is None:
            raise EngineFault(f"{b} has no labelling edge")
        return edge

    # -- the main loop ------------------------------------------------------------------------

    def solve(self, *, max_events: int) -> bool:
        """Augment until the matching is perfect (True) or cannot grow (False).

        Raises :class:`EngineFault` after ``max_events`` dual updates or on a broken invariant.
        """
        while self._start_stage():
            while not self._drain_queue():
                step = self._least_slack()
                if step is None:
                    return False
                kind, delta, x, y = step
                self._shift_duals(delta)
                self.events += 1
                if self.events > max_events:
                    raise EngineFault("too many dual updates")
                if kind == 4:
                    self._expand(x, endstage=False)
                    continue
                if self.dual[x] + self.dual[y] != self.weight4[x, y]:
                    raise EngineFault("least-slack edge is not tight after the dual update")
                if self._tight_edge(x, y):
                    break
            for b in np.flatnonzero(self.top & (self.label == 1) & (self.z == 0)).tolist():
                if self.top[b] and self.label[b] == 1 and self.z[b] == 0:
                    self._expand(b, endstage=True)
        return True

    def _start_stage(self) -> bool:
        self.label[:] = 0
        self.labeledge = [None] * (2 * self.n)
        self.best2.fill(_INF)
        self.best3.fill(_INF)
        self.queue = []
        exposed = np.flatnonzero(self.mate < 0).tolist()
        for v in exposed:
            if self.label[self.inblossom[v]] == 0:
                self._assign_label(v, 1, -1)
        return bool(exposed)

    def _drain_queue(self) -> bool:
        while self.queue:
            if self._scan(self.queue.pop()):
                return True
        return False

    def _scan(self, v: int) -> bool:
        """Label through the tight edges of S-vertex ``v``; note its other slacks. True = augmented."""
        row = self.dual[v] + self.dual - self.weight4[v]
        ib = self.inblossom
        for w in np.flatnonzero(row == 0).tolist():
            if self._tight_edge(v, w):
                return True
        lab = self.label[ib]
        other = ib != ib[v]
        better = (lab != 1) & (row < self.best2)
        self.best2[better] = row[better]
        self.best2_from[better] = v
        s_other = (lab == 1) & other
        better = s_other & (row < self.best3)
        self.best3[better] = row[better]
        self.best3_to[better] = v
        self._set_best3(v, np.where(s_other, row, _INF))
        return False

    def _set_best3(self, v: int, candidates: np.ndarray) -> None:
        k = int(candidates.argmin())
        self.best3[v] = candidates[k]
        self.best3_to[v] = k

    def _tight_edge(self, v: int, w: int) -> bool:
        """Use the tight edge from S-vertex ``v`` to ``w``. True = augmented."""
        bv, bw = self.inblossom[v], self.inblossom[w]
        if bv == bw:
            return False
        lw = self.label[bw]
        if lw == 0:
            self._assign_label(w, 2, v)
        elif lw == 1:
            base = self._scan_blossom(v, w)
            if base < 0:
                self._augment_matching(v, w)
                return True
            self._add_blossom(base, v, w)
        elif self.label[w] == 0:  # w sits in a T-blossom, reached now: remember for its expansion
            self.label[w] = 2
            self.labeledge[w] = (v, w)
        return False

    def _least_slack(self) -> tuple[int, int, int, int] | None:
        """The next event: (kind, delta, x, y) with kind 2 (S–free edge), 3 (S–S edge), 4 (T-blossom)."""
        ib = self.inblossom
        lab = self.label[ib]
        best: tuple[int, int, int, int] | None = None
        cand = np.where(lab == 0, self.best2, _INF)
        j = int(cand.argmin())
        if cand[j] < _NO_EDGE:
            best = (2, int(cand[j]), int(self.best2_from[j]), j)
        s_mask = lab == 1
        while True:
            cand = np.where(s_mask, self.best3, _INF)
            j = int(cand.argmin())
            if cand[j] >= _NO_EDGE:
                break
            k = int(self.best3_to[j])
            if ib[k] != ib[j]:
                if cand[j] % 2:
                    raise EngineFault("odd slack between S-vertices")
                if best is None or cand[j] // 2 < best[1]:
                    best = (3, int(cand[j]) // 2, j, k)
                break
            row = self.dual[j] + self.dual - self.weight4[j]  # stale: both ends now in one blossom
            self._set_best3(j, np.where(s_mask & (ib != ib[j]), row, _INF))
        t_blossoms = np.flatnonzero(self.top & (self.label == 2))
        if len(t_blossoms):
            b = int(t_blossoms[self.z[t_blossoms].argmin()])
            if best is None or self.z[b] < best[1]:
                best = (4, int(self.z[b]), b, -1)
        if best is not None and best[1] < 0:
            raise EngineFault("negative dual step")
        return best

    def _shift_duals(self, delta: int) -> None:
        if delta == 0:
            return
        lab = self.label[self.inblossom]
        s_mask, t_mask = lab == 1, lab == 2
        self.dual[s_mask] -= delta
        self.dual[t_mask] += delta
        self.z[self.top & (self.label == 1)] += delta
        self.z[self.top & (self.label == 2)] -= delta
        self.best2[lab == 0] -= delta  # S-vertices went down by delta, free ones stayed
        self.best3[s_mask] -= 2 * delta

    # -- labels, blossoms, augmentation (after van Rantwijk) -----------------------------------

    def _assign_label(self, w: int, t: int, v: int) -> None:
        b = int(self.inblossom[w])
        self.label[w] = self.label[b] = t
        self.labeledge[w] = self.labeledge[b] = (v, w) if v >= 0 else None
        if t == 1:
            self.queue.extend(self.leaves(b))
        else:
            base = self.base[b]
            self._assign_label(int(self.mate[base]), 1, base)

    def _scan_blossom(self, v: int, w: int) -> int:
        """Trace back from S-vertices v and w: the base of a new blossom, or -1 (augmenting path)."""
        path, base = [], -1
        while v != -1:
            b = int(self.inblossom[v])
            if self.label[b] & 4:
                base = self.base[b]
                break
            path.append(b)
            self.label[b] = 5
            edge = self.labeledge[b]
            if edge is None:
                v = -1
            else:
                v = self._edge_to(int(self.inblossom[edge[0]]))[0]
            if w != -1:
                v, w = w, v
        for b in path:
            self.label[b] = 1
        return base

    def _add_blossom(self, base: int, v: int, w: int) -> None:
        ib = self.inblossom
        bb, bv, bw = int(ib[base]), int(ib[v]), int(ib[w])
        b = self.unused.pop()
        self.base[b], self.parent[b], self.parent[bb] = base, -1, b
        path, edges = [], [(v, w)]
        while bv != bb:
            self.parent[bv] = b
            path.append(bv)
            edge = self._edge_to(bv)
            edges.append(edge)
            bv = int(ib[edge[0]])
        path.append(bb)
        path.reverse()
        edges.reverse()
        while bw != bb:
            self.parent[bw] = b
            path.append(bw)
            x, y = self._edge_to(bw)
            edges.append((y, x))
            bw = int(ib[x])
        self.childs[b], self.edges[b] = path, edges
        self.label[b], self.labeledge[b], self.z[b], self.top[b] = 1, self.labeledge[bb], 0, True
        for c in path:
            self.top[c] = False
        members = np.array(self.leaves(b))
        self.queue.extend(members[self.label[ib[members]] == 2].tolist())  # T-vertices turn S
        ib[members] = b

    def _expand(self, b: int, *, endstage: bool) -> None:
        todo = [b]
        while todo:
            blossom = todo.pop()
            for s in self._children(blossom)[0]:
                self.parent[s] = -1
                if s < self.n:
                    self.inblossom[s] = s
                elif endstage and self.z[s] == 0:
                    todo.append(s)
                else:
                    self.inblossom[self.leaves(s)] = s
                    self.top[s] = True
            if not endstage and self.label[blossom] == 2:
                self._relabel_expanded(blossom)
            self.label[blossom], self.labeledge[blossom], self.z[blossom] = 0, None, 0
            self.childs[blossom] = self.edges[blossom] = None
            self.base[blossom], self.top[blossom] = -1, False
            self.unused.append(blossom)

    def _relabel_expanded(self, b: int) -> None:
        """Relabel the sub-blossoms of expanded T-blossom ``b`` along the path to its base."""
        childs, edges = self._children(b)
        v, w = self._edge_to(b)
        entry = int(self.inblossom[w])
        j = childs.index(entry)
        step = -1
        if j & 1:
            j, step = j - len(childs), 1
        while j != 0:
            q = edges[j][1] if step == 1 else edges[j - 1][0]
            self.label[w] = self.label[q] = 0
            self._assign_label(w, 2, v)
            j += step
            v, w = edges[j] if step == 1 else edges[j - 1][::-1]
            j += step
        bw = childs[j]
        self.label[w] = self.label[bw] = 2
        self.labeledge[w] = self.labeledge[bw] = (v, w)
        j += step
        while childs[j] != entry:
            bv = childs[j]
            j += step
            if self.label[bv] == 1:
                continue
            reached = next((x for x in self.leaves(bv) if self.label[x]), -1)
            if reached >= 0:
                self.label[reached] = 0
                self.label[self.mate[self.base[bv]]] = 0
                self._assign_label(reached, 2, self._edge_to(reached)[0])

    def _augment_blossom(self, b: int, v: int) -> None:
        stack = [self._augment_steps(b, v)]
        while stack:
            for args in stack[-1]:
                stack.append(self._augment_steps(*args))
                break
            else:
                stack.pop()

    def _augment_steps(self, b: int, v: int) -> Iterator[tuple[int, int]]:
        """Swap matched edges inside ``b`` between vertex v and the base (sub-blossoms yielded)."""
        t = v
        while self.parent[t] != b:
            t = self.parent[t]
        if t >= self.n:
            yield t, v
        childs, edges = self._children(b)
        i = j = childs.index(t)
        step = -1
        if i & 1:
            j, step = j - len(childs), 1
        while j != 0:
            j += step
            w, x = edges[j] if step == 1 else edges[j - 1][::-1]
            if childs[j] >= self.n:
                yield childs[j], w
            j += step
            if childs[j] >= self.n:
                yield childs[j], x
            self.mate[w], self.mate[x] = x, w
        childs, edges = childs[i:] + childs[:i], edges[i:] + edges[:i]
        self.childs[b], self.edges[b] = childs, edges
        self.base[b] = self.base[childs[0]]

    def _augment_matching(self, v: int, w: int) -> None:
        for s, j in ((v, w), (w, v)):
            while True:
                bs = int(self.inblossom[s])
                if bs >= self.n:
                    self._augment_blossom(bs, s)
                self.mate[s] = j
                edge = self.labeledge[bs]
                if edge is None:
                    break
                bt = int(self.inblossom[edge[0]])
                s, j = self._edge_to(bt)
                if bt >= self.n:
                    self._augment_blossom(bt, j)
                self.mate[j] = s
