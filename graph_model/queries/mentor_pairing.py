"""Mentor–mentee pairing of community party secretaries (结对帮带).

Reach for :func:`propose_mentor_pairs`. The backend supplies the secretaries
and their features (:meth:`~graph_model.store.GraphStore.secretaries`) and the
existing MENTORS pairs; the optimisation is written once, here: the proposal
is a matching with the largest number of pairs and, among those, the largest
total weight (docs/data-model.md). It is exact — a maximum-cardinality
maximum-weight matching on integer weights, never greedy — and fast at city
scale: the candidate weights are built as numpy matrices and the matching is
solved by :mod:`graph_model.matching.solver` (a certified dense blossom
engine for large groups, rustworkx for small ones).

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

import logging
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from graph_model.errors import InvalidQuery
from graph_model.evidence import SecretaryFacts
from graph_model.i18n import N_, _, pick
from graph_model.schema import NodeKind
from graph_model.store import GraphStore

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "PairTerms",
    "ProposedPair",
    "MentorReport",
    "pair_weight",
    "best_matching",
    "propose_mentor_pairs",
    "strength_names",
    "STRENGTH_NAMES",
]

log = logging.getLogger(__name__)

Mode = Literal["keep", "fresh"]
Scope = Literal["subdistrict", "all"]

MIN_YEARS_GAP = 2.0
WEIGHT_SCALE = 1_000_000  # weights are matched as integers: exact, no float ties
NO_ELIGIBLE = "no eligible partner"
ODD_ONE_OUT = "odd one out"
UNPAIRED_REASONS = {NO_ELIGIBLE: N_("no eligible partner"), ODD_ONE_OUT: N_("odd one out")}
"""Why a secretary stays unpaired: the JSON value (English in every language) and its message."""

STRENGTH_NAMES: dict[str, tuple[str, str]] = {
    "party_building": ("党建引领", "party building"),
    "economy": ("集体经济", "community economy"),
    "youth": ("青少年工作", "youth work"),
    "migrant": ("流动人口服务", "migrant services"),
}
"""Names (Chinese, English) of the strength tags that name no service category (the generators' vocabulary)."""


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
    tag_names: dict[str, str] = field(default_factory=dict)
    """Each strength tag of the secretaries as a planner reads it (see :func:`strength_names`)."""

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


def strength_names(store: GraphStore, tags: Iterable[str]) -> dict[str, str]:
    """Each strength tag as a planner reads it, in the current language.

    A tag that is a service category's id (``mediation``, ``elderly``) takes
    that category's name from the taxonomy (its ``name_en`` in English, where
    the taxonomy has one), so a dataset names its own tags by its categories;
    the generators' other tags (:data:`STRENGTH_NAMES`) have names here; any
    other tag is shown as written.
    """
    wanted = sorted(set(tags))
    kinds = store.kinds_of(wanted) if wanted else {}
    names = {}
    for tag in wanted:
        node = store.get(tag) if kinds.get(tag) is NodeKind.CATEGORY else None
        if node is not None:
            names[tag] = pick(node.name, str(node.props.get("name_en") or node.name))
        elif tag in STRENGTH_NAMES:
            names[tag] = pick(*STRENGTH_NAMES[tag])
        else:
            names[tag] = tag
    return names


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
    Weights are compared as integers (× ``WEIGHT_SCALE``), never as raw floats.

    Examples
    --------
    >>> sorted(best_matching(4, [(0, 1, 10.0), (1, 2, 1.0), (2, 3, 1.0)]))
    [(0, 1), (2, 3)]
    """
    import numpy as np

    from graph_model.matching.solver import solve_edges

    if not edges:
        return []
    heads, tails, weights = zip(*edges)
    scaled = np.rint(np.asarray(weights, dtype=np.float64) * WEIGHT_SCALE).astype(np.int64)  # = int(round(w·scale))
    as_given = {(min(u, v), max(u, v)): (u, v) for u, v, _ in edges}
    return sorted(as_given[pair] for pair in solve_edges(n, heads, tails, scaled).pairs)


def _pair_weights_fast_path(group: Sequence[SecretaryFacts]) -> tuple[np.ndarray, np.ndarray]:
    """The fast path of :func:`pair_weight` (the reference): every (mentor, mentee) pair of ``group`` at once.

    Returns ``(weights, eligible)``, both n×n, rows mentors, columns mentees. ``weights[i, j]`` is ``int(round(pair_weight(group[i], group[j]).weight · WEIGHT_SCALE))``
    where ``eligible[i, j]`` and 0 elsewhere: the same float operations in the
    same order as :func:`pair_weight`, so the same numbers (in place: n can be thousands).
    """
    import numpy as np

    n = len(group)
    years = np.array([s.years for s in group], dtype=np.float64)
    rating = np.array([s.rating for s in group], dtype=np.float64)
    gap = _python_round(np.subtract.outer(years, years), 9)
    eligible = gap >= MIN_YEARS_GAP
    tags = {tag: k for k, tag in enumerate(sorted({t for s in group for t in s.strengths}))}
    has = np.zeros((n, len(tags)), dtype=np.float64)
    for i, s in enumerate(group):
        has[i, [tags[t] for t in set(s.strengths)]] = 1.0
    total = has @ has.T
    np.subtract(has.sum(axis=1)[:, None], total, out=total)  # |strengths(m) − strengths(e)|
    total += 1.0  # base first, then the terms in pair_weight's order
    total += _equal_and_set([s.estate_category for s in group])
    total += _equal_and_set([s.service_focus for s in group])
    term = np.minimum(gap, 10.0, out=gap)  # = Python's min(gap, 10.0), NaN included
    term *= 0.5
    term /= 10.0
    total += term
    term = np.subtract.outer(rating, rating, out=term)
    np.fmax(term, 0.0, out=term)  # = Python's max(0.0, gap): NaN gives 0.0
    term *= 0.5
    total += term
    total[~eligible] = 0.0
    weights = _python_round(total, 4)
    weights *= WEIGHT_SCALE
    return np.rint(weights, out=weights).astype(np.int64), eligible


def _equal_and_set(values: Sequence[str | None]) -> np.ndarray:
    """True where both values are equal and set (truthy)."""
    import numpy as np

    codes: dict[str, int] = {}
    code = np.array([codes.setdefault(v, len(codes)) if v else -1 for v in values])
    both: np.ndarray = np.equal.outer(code, code) & (code >= 0)[:, None]
    return both


def _python_round(x: np.ndarray, digits: int) -> np.ndarray:
    """Python's ``round(x, digits)`` elementwise, bit for bit (numpy's ``round`` can differ at ties).

    ``rint(x·10^d) / 10^d`` is Python's answer unless ``x·10^d`` sits near a half
    (or ``x`` is huge or not finite); those few entries are left to Python itself.
    """
    import numpy as np

    out = x * 10.0**digits
    off_half = np.rint(out)
    np.subtract(out, off_half, out=out)
    doubtful = np.abs(out, out=out) > 0.5 - 1e-3
    if not np.abs(x).max(initial=0.0) < 1e3:  # huge or not finite somewhere
        with np.errstate(invalid="ignore"):
            doubtful |= ~(np.abs(x) < 1e3)
    out = np.divide(off_half, 10.0**digits, out=off_half)
    for index in zip(*np.nonzero(doubtful)):
        out[index] = round(float(x[index]), digits)
    return out


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
    import numpy as np

    from graph_model.matching.solver import solve_dense  # numpy, scipy, rustworkx: only when pairing

    if mode not in ("keep", "fresh"):
        raise InvalidQuery(_("mode must be keep or fresh, got {mode!r}").format(mode=mode))
    if scope not in ("subdistrict", "all"):
        raise InvalidQuery(_("scope must be subdistrict or all, got {scope!r}").format(scope=scope))
    secretaries = store.secretaries()
    existing = store.mentor_links() if mode == "keep" else []
    in_pairs = {p for pair in existing for p in pair}
    pool = [s for s in secretaries if s.id not in in_pairs]
    groups: dict[Hashable, list[SecretaryFacts]] = {}
    for s in pool:  # pairs never cross groups: one matching per group
        groups.setdefault(s.subdistrict if scope == "subdistrict" else None, []).append(s)
    proposed: list[ProposedPair] = []
    has_edge: set[str] = set()
    for group in groups.values():
        weights, mentors = _pair_weights_fast_path(group)
        eligible = mentors | mentors.T
        has_edge.update(group[i].id for i in np.flatnonzero(eligible.any(axis=1)))
        for a, b in solve_dense(weights + weights.T, eligible).pairs:
            m, e = (group[a], group[b]) if mentors[a, b] else (group[b], group[a])
            terms = pair_weight(m, e)
            assert terms is not None, "solve_dense pairs along eligible edges only"
            proposed.append(ProposedPair(m, e, terms))
    proposed.sort(key=lambda p: (p.mentor.id, p.mentee.id))
    paired = {p.mentor.id for p in proposed} | {p.mentee.id for p in proposed}
    unpaired = [(s, ODD_ONE_OUT if s.id in has_edge else NO_ELIGIBLE) for s in pool if s.id not in paired]
    log.info("mentor pairing (%s, %s): %d secretaries in %d groups, %d pairs proposed",
             mode, scope, len(pool), len(groups), len(proposed))
    names = {s.id: s.name for s in secretaries}
    tags = strength_names(store, (t for s in secretaries for t in s.strengths))
    return MentorReport(mode, scope, existing, proposed, unpaired, names, tags)
