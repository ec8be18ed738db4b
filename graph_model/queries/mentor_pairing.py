"""Mentor–mentee pairing of community party secretaries (结对帮带).

Reach for :func:`propose_mentor_pairs`. The backend supplies the secretaries
and their features (:meth:`~graph_model.store.GraphStore.secretaries`) and the
existing MENTORS pairs; the optimisation is written once, here: the proposal
is a matching with the largest number of pairs and, among those, the largest
total weight (data model §7). It is exact — solved as a maximum-cardinality
maximum-weight matching (rustworkx's blossom algorithm on integer weights) —
never greedy.

Examples
--------
>>> a = SecretaryFacts("a", "甲", "c1", "一社区", "sd", 12, 5, ("mediation", "elderly"), "commercial", "elderly")
>>> b = SecretaryFacts("b", "乙", "c2", "二社区", "sd", 2, 3, ("elderly",), "commercial", "youth")
>>> terms = pair_weight(a, b)
>>> terms.weight, terms.passes_on
(4.5, ('mediation',))
>>> pair_weight(b, a) is None    # years(b) - years(a) < 2
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Literal

import rustworkx as rx

from graph_model.errors import InvalidQuery
from graph_model.evidence import SecretaryFacts
from graph_model.store import GraphStore

__all__ = [
    "PairTerms",
    "ProposedPair",
    "MentorReport",
    "pair_weight",
    "best_matching",
    "propose_mentor_pairs",
]

Mode = Literal["keep", "fresh"]
Scope = Literal["subdistrict", "all"]

MIN_YEARS_GAP = 2.0
WEIGHT_SCALE = 1_000_000  # weights are matched as integers: exact, no float ties
NO_ELIGIBLE = "no eligible partner"
ODD_ONE_OUT = "odd one out"


@dataclass(frozen=True, slots=True)
class PairTerms:
    """The weight of a (mentor, mentee) pair, term by term."""

    base: float
    strengths: float
    estate_category: float
    service_focus: float
    years: float
    rating: float
    passes_on: tuple[str, ...] = ()

    @property
    def weight(self) -> float:
        """The sum of the terms, to 4 decimals."""
        return round(self.base + self.strengths + self.estate_category + self.service_focus + self.years + self.rating, 4)

    def as_dict(self) -> dict[str, object]:
        """The terms as JSON (``passes_on`` lists the tags the mentor can pass on)."""
        return {
            "base": self.base,
            "strengths": self.strengths,
            "estate_category": self.estate_category,
            "service_focus": self.service_focus,
            "years": round(self.years, 4),
            "rating": round(self.rating, 4),
            "passes_on": list(self.passes_on),
        }


@dataclass(frozen=True, slots=True)
class ProposedPair:
    """A proposed pair with its weight and the names a planner reads."""

    mentor: SecretaryFacts
    mentee: SecretaryFacts
    terms: PairTerms


@dataclass(frozen=True, slots=True)
class MentorReport:
    """Existing pairs, the proposal, its total weight and who stays unpaired (and why)."""

    mode: str
    scope: str
    existing: list[tuple[str, str]]
    proposed: list[ProposedPair]
    unpaired: list[tuple[SecretaryFacts, str]]
    names: dict[str, str] = field(default_factory=dict)

    @property
    def total_weight(self) -> float:
        """The sum of the proposed pairs' weights."""
        return round(sum(p.terms.weight for p in self.proposed), 4)

    def as_dict(self, *, names: bool = False) -> dict[str, object]:
        """The JSON shape of ``linli mentors --json``; people's names only when asked."""

        def person(key: str, ident: str) -> dict[str, str]:
            out = {key: ident}
            if names:
                out[f"{key}_name"] = self.names.get(ident, ident)
            return out

        return {
            "existing": [{**person("mentor", m), **person("mentee", e)} for m, e in self.existing],
            "proposed": [
                {
                    **person("mentor", p.mentor.id),
                    **person("mentee", p.mentee.id),
                    "weight": p.terms.weight,
                    "terms": p.terms.as_dict(),
                }
                for p in self.proposed
            ],
            "total_weight": self.total_weight,
            "unpaired": [{**person("id", s.id), "reason": reason} for s, reason in self.unpaired],
        }


def pair_weight(mentor: SecretaryFacts, mentee: SecretaryFacts) -> PairTerms | None:
    """The weight terms of ``mentor`` mentoring ``mentee``, or None when not eligible."""
    gap = round(mentor.years - mentee.years, 9)  # decimal years: 4.1 − 2.1 is 2, not 1.9999999999999996
    if gap < MIN_YEARS_GAP:
        return None
    passes_on = tuple(sorted(set(mentor.strengths) - set(mentee.strengths)))
    return PairTerms(
        base=1.0,
        strengths=float(len(passes_on)),
        estate_category=1.0 if mentor.estate_category and mentor.estate_category == mentee.estate_category else 0.0,
        service_focus=1.0 if mentor.service_focus and mentor.service_focus == mentee.service_focus else 0.0,
        years=0.5 * min(gap, 10.0) / 10.0,
        rating=0.5 * max(0.0, mentor.rating - mentee.rating),
        passes_on=passes_on,
    )


def best_matching(n: int, edges: Sequence[tuple[int, int, float]]) -> list[tuple[int, int]]:
    """A maximum-cardinality matching of largest total weight among ``n`` vertices.

    ``edges`` are ``(u, v, weight)``; the answer lists matched ``(u, v)`` as given.

    Examples
    --------
    >>> sorted(best_matching(4, [(0, 1, 10.0), (1, 2, 1.0), (2, 3, 1.0)]))
    [(0, 1), (2, 3)]
    """
    graph = rx.PyGraph(multigraph=False)
    graph.add_nodes_from(range(n))
    index = {}
    for u, v, w in edges:
        graph.add_edge(u, v, int(round(w * WEIGHT_SCALE)))
        index[(min(u, v), max(u, v))] = (u, v)
    matched = rx.max_weight_matching(graph, max_cardinality=True, weight_fn=lambda w: w)
    return sorted(index[(min(a, b), max(a, b))] for a, b in matched)


def _eligible_edges(
    pool: Sequence[SecretaryFacts], same_scope: Callable[[SecretaryFacts, SecretaryFacts], bool]
) -> list[tuple[int, int, PairTerms]]:
    edges = []
    for i, j in combinations(range(len(pool)), 2):
        a, b = pool[i], pool[j]
        if not same_scope(a, b):
            continue
        if (terms := pair_weight(a, b)) is not None:
            edges.append((i, j, terms))
        elif (terms := pair_weight(b, a)) is not None:
            edges.append((j, i, terms))
    return edges


def propose_mentor_pairs(store: GraphStore, *, mode: Mode = "keep", scope: Scope = "subdistrict") -> MentorReport:
    """Propose mentor–mentee pairs among community party secretaries.

    Parameters
    ----------
    mode
        ``keep`` keeps the existing MENTORS pairs and pairs the secretaries in
        none; ``fresh`` ignores existing pairs and pairs everyone.
    scope
        ``subdistrict``: both in the same subdistrict; ``all``: anyone.
    """
    if mode not in ("keep", "fresh"):
        raise InvalidQuery(f"mode must be keep or fresh, got {mode!r}")
    if scope not in ("subdistrict", "all"):
        raise InvalidQuery(f"scope must be subdistrict or all, got {scope!r}")
    secretaries = store.secretaries()
    existing = store.mentor_links() if mode == "keep" else []
    in_pairs = {p for pair in existing for p in pair}
    pool = [s for s in secretaries if s.id not in in_pairs]
    if scope == "all":
        same_scope: Callable[[SecretaryFacts, SecretaryFacts], bool] = lambda a, b: True  # noqa: E731
    else:
        same_scope = lambda a, b: a.subdistrict == b.subdistrict  # noqa: E731
    edges = _eligible_edges(pool, same_scope)
    terms = {(u, v): t for u, v, t in edges}
    matched = best_matching(len(pool), [(u, v, t.weight) for u, v, t in edges])
    proposed = [ProposedPair(pool[u], pool[v], terms[(u, v)]) for u, v in matched]
    proposed.sort(key=lambda p: (p.mentor.id, p.mentee.id))
    paired = {p.mentor.id for p in proposed} | {p.mentee.id for p in proposed}
    has_edge = {i for u, v, _ in edges for i in (u, v)}
    unpaired = [
        (s, ODD_ONE_OUT if i in has_edge else NO_ELIGIBLE) for i, s in enumerate(pool) if s.id not in paired
    ]
    names = {s.id: s.name for s in secretaries}
    return MentorReport(mode, scope, existing, proposed, unpaired, names)
