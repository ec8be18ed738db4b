"""Benchmark mentor pairing at city scale: the certified dense path against rustworkx and networkx.

Run from the repository root::

    .venv/bin/python bench/mentor_pairing.py                  # n = 500, 1000, 2000
    .venv/bin/python bench/mentor_pairing.py --sizes 2000 --store

For each pool size it draws secretaries shaped like the synthetic generator's
(years 0–20, rating 1–5, 0–3 of the 7 strength tags, an estate category and a
service focus, each sometimes unset), times what ``propose_mentor_pairs(scope="all")``
does with them — the candidate weights (``_pair_weights_fast_path``), the exact matching
(``solve_dense``) and the pair terms — then solves the same integer-weighted
graph with rustworkx's ``max_weight_matching`` (the previous implementation's
solver) and, up to ``--networkx-max`` vertices, networkx's pure-Python one, each
in a child process stopped after ``--budget`` seconds. Every answer must have
the same number of pairs and the same total integer weight; the script exits 1
otherwise. ``--store`` also times the real ``propose_mentor_pairs`` on an
in-memory store holding the pool (scope all, mode fresh). Prints a markdown table.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import sys
import time
from dataclasses import dataclass

import networkx as nx
import numpy as np
import rustworkx as rx

from graph_model.evidence import SecretaryFacts
from graph_model.matching.solver import solve_dense
from graph_model.queries.mentor_pairing import _pair_weights_fast_path, pair_weight, propose_mentor_pairs
from graph_model.records import ChangeSet, Node, Relationship
from graph_model.schema import NodeKind, RelType
from graph_model.stores.memory.store import MemoryStore
from generators.synthetic_city import STRENGTHS

ESTATES = ("commercial", "public_rental", "resettlement", "mixed", "rural", None)
FOCUSES = ("elderly", "migrant", "youth", "mixed", None)


def secretary_pool(n: int, seed: int) -> list[SecretaryFacts]:
    """``n`` secretaries with the synthetic generator's features, spread over subdistricts of 23."""
    rng = random.Random(seed)
    return [
        SecretaryFacts(
            f"s{i:05d}", f"书记{i}", f"c{i:05d}", f"社区{i}", f"sd{i // 23:03d}",
            float(rng.randint(0, 20)), float(rng.randint(1, 5)),
            tuple(sorted(rng.sample(STRENGTHS, rng.randint(0, 3)))), rng.choice(ESTATES), rng.choice(FOCUSES),
        )
        for i in range(n)
    ]


@dataclass
class Ours:
    pairs: int
    weight: int
    build: float
    solve: float
    total: float
    path: str


def solve_like_propose(pool: list[SecretaryFacts]) -> tuple[Ours, np.ndarray, np.ndarray]:
    """What ``propose_mentor_pairs(scope="all")`` does with one group, timed; the graph for the others."""
    start = time.perf_counter()
    weights, mentors = _pair_weights_fast_path(pool)
    eligible = mentors | mentors.T
    symmetric = weights + weights.T
    built = time.perf_counter()
    matching = solve_dense(symmetric, eligible)
    solved = time.perf_counter()
    for a, b in matching.pairs:
        m, e = (pool[a], pool[b]) if mentors[a, b] else (pool[b], pool[a])
        assert pair_weight(m, e) is not None
    done = time.perf_counter()
    path = ", ".join(f"{k}×{v}" if v > 1 else k for k, v in matching.paths.items())
    ours = Ours(matching.size, matching.weight, built - start, solved - built, done - start, path)
    return ours, symmetric, eligible


def _solve_in_child(solver: str, weights: np.ndarray, eligible: np.ndarray, out: mp.connection.Connection) -> None:
    u, v = np.nonzero(np.triu(eligible, 1))
    w = weights[u, v].tolist()
    if solver == "rustworkx":
        graph = rx.PyGraph(multigraph=False)
        graph.add_nodes_from(range(len(eligible)))
        graph.extend_from_weighted_edge_list(list(zip(u.tolist(), v.tolist(), w)))
        start = time.perf_counter()
        found = rx.max_weight_matching(graph, max_cardinality=True, weight_fn=int)
    else:
        graph = nx.Graph()
        graph.add_weighted_edges_from(zip(u.tolist(), v.tolist(), w))
        start = time.perf_counter()
        found = nx.max_weight_matching(graph, maxcardinality=True)
    elapsed = time.perf_counter() - start
    out.send((len(found), int(sum(int(weights[a, b]) for a, b in found)), elapsed))


def timed_reference(
    solver: str, weights: np.ndarray, eligible: np.ndarray, budget: float,
) -> tuple[int, int, float] | None:
    """(pairs, weight, seconds) from ``solver`` in a child process, or None past ``budget`` seconds."""
    receive, send = mp.Pipe(duplex=False)
    child = mp.get_context("fork").Process(target=_solve_in_child, args=(solver, weights, eligible, send))
    child.start()
    answer = receive.recv() if receive.poll(budget) else None
    if answer is None:
        child.terminate()
    child.join()
    return answer


def store_of(pool: list[SecretaryFacts]) -> MemoryStore:
    """An in-memory store holding exactly ``pool`` (one community and one party org each)."""
    nodes = [Node(sd, NodeKind.SUBDISTRICT, {"name": sd}) for sd in sorted({s.subdistrict for s in pool})]
    rels = []
    for s in pool:
        community = {"name": s.community_name, "type": "urban"}
        if s.estate_category:
            community["estate_category"] = s.estate_category
        if s.service_focus:
            community["service_focus"] = s.service_focus
        person = {"name": s.name, "strengths": list(s.strengths), "years_as_secretary": s.years, "rating": s.rating}
        nodes += [Node(s.community, NodeKind.COMMUNITY, community),
                  Node(f"po-{s.id}", NodeKind.PARTY_ORG, {"name": f"{s.community_name}党委", "level": "community"}),
                  Node(s.id, NodeKind.PERSON, person)]
        rels += [Relationship(RelType.HAS_COMMUNITY, s.subdistrict, s.community),
                 Relationship(RelType.PARTY_ORG_OF, f"po-{s.id}", s.community),
                 Relationship(RelType.SECRETARY_OF, s.id, f"po-{s.id}")]
    store = MemoryStore()
    store.apply(ChangeSet(nodes, rels))
    return store


def _reference_cells(answer: tuple[int, int, float] | None, ran: bool, ours: float, budget: float) -> list[str]:
    """Seconds and ratio to ours for one reference solver ("skipped" when not run)."""
    if not ran:
        return ["skipped", "—"]
    if answer is None:
        return [f"> {budget:.0f}", "—"]
    return [f"{answer[2]:.2f}", f"{answer[2] / ours:.0f}×"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--budget", type=float, default=600.0, help="seconds per reference solve")
    parser.add_argument("--networkx-max", type=int, default=1000, help="largest n given to networkx")
    parser.add_argument("--no-rustworkx", action="store_true", help="skip the rustworkx full solve")
    parser.add_argument("--store", action="store_true", help="also time propose_mentor_pairs on a MemoryStore")
    args = parser.parse_args(argv)

    header = ["n", "candidate pairs", "pairs", "ours: weights", "ours: matching", "ours: total", "path",
              "rustworkx", "ratio", "networkx", "ratio", "same size & weight"]
    header += ["propose_mentor_pairs (store)"] if args.store else []
    rows, agree_all = [], True
    for n in args.sizes:
        pool = secretary_pool(n, args.seed)
        ours, weights, eligible = solve_like_propose(pool)
        ran = {"rustworkx": not args.no_rustworkx, "networkx": n <= args.networkx_max}
        refs = {name: timed_reference(name, weights, eligible, args.budget) if ran[name] else None for name in ran}
        checked = [name for name, ref in refs.items() if ref]
        agree = all(refs[name][:2] == (ours.pairs, ours.weight) for name in checked)
        agree_all &= agree
        row = [str(n), f"{int(eligible.sum()) // 2:,}", str(ours.pairs), f"{ours.build:.2f}", f"{ours.solve:.2f}",
               f"{ours.total:.2f}", ours.path]
        for name in ran:
            row += _reference_cells(refs[name], ran[name], ours.total, args.budget)
        row.append("NO" if not agree else f"yes ({', '.join(checked)})" if checked else "unchecked")
        if args.store:
            store = store_of(pool)
            start = time.perf_counter()
            report = propose_mentor_pairs(store, mode="fresh", scope="all")
            row.append(f"{time.perf_counter() - start:.2f}")
            agree_all &= len(report.proposed) == ours.pairs
        rows.append(row)
        print(f"n={n} done", file=sys.stderr, flush=True)

    print(f"Mentor pairing, scope all, seed {args.seed}: seconds on this machine (ours = candidate weights "
          "+ exact matching + pair terms; rustworkx and networkx = their matching call only).\n")
    for line in (header, ["---"] * len(header), *rows):
        print("| " + " | ".join(line) + " |")
    return 0 if agree_all else 1


if __name__ == "__main__":
    sys.exit(main())
