"""What a backend hands the queries: facts found by pattern, not yet judged.

Each backend finds these facts its own way (Python over networkx, Cypher in
Neo4j); the scoring, wording and ordering are then written once, in
:mod:`graph_model.queries`, so both backends answer identically by
construction. Every tuple here is sorted by id by the backend.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from graph_model.taxonomy import EXACT, Relation

__all__ = [
    "NamedRef",
    "Agreement",
    "Offer",
    "CandidateEvidence",
    "MatchEvidence",
    "SecretaryFacts",
]


@dataclass(frozen=True, slots=True)
class NamedRef:
    """An id with its display name."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Agreement:
    """A co-building agreement (CO_BUILDS) with one community."""

    community: str
    community_name: str
    since: str | None = None
    projects: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Offer:
    """An OFFERS of the asked category, one of its descendants or one of its ancestors (``relation`` says which)."""

    category: str
    category_name: str
    note: str | None = None
    relation: Relation = EXACT


@dataclass(frozen=True, slots=True)
class CandidateEvidence:
    """Everything partner matching weighs about one candidate ``p`` for ``(c, k)``.

    ``agreements`` and ``located_in`` hold only communities of ``c``'s
    subdistrict (``c`` itself included); ``serves`` holds ``c`` and/or its
    subdistrict when ``p`` SERVES them; ``resolved`` the resolved needs of
    category ``k`` exactly with RESOLVED_BY ``p``; ``in_progress`` counts
    the needs of any category that weigh on ``p``'s capacity: status
    ``dispatched`` or ``in_progress`` and ``p`` their current partner (their
    last dispatch's, or for a need without events their RESOLVED_BY).
    """

    id: str
    name: str
    kind: str
    sector: str | None
    offers: tuple[Offer, ...]
    agreements: tuple[Agreement, ...] = ()
    located_in: tuple[NamedRef, ...] = ()
    serves: tuple[NamedRef, ...] = ()
    resolved: tuple[NamedRef, ...] = ()
    in_progress: int = 0
    capacity: int | None = None


@dataclass(frozen=True, slots=True)
class MatchEvidence:
    """The candidates for ``(c, k)``, split by whether the community matters to them.

    ``untied`` is every candidate as seen from a community it has no tie to —
    the same for every community, so a backend keeps it between calls and
    hands out *the same object* for as long as the graph is unchanged (a city
    has thousands of candidates for a broad category; what is derived from
    them, such as their ranking, can be kept as long too). ``tied`` holds the
    few with a tie to ``c``'s area, as seen from ``c``; each replaces the
    entry with its id in ``untied``.

    Iterating gives every candidate once, ``untied``'s order, tied ones replaced.

    Examples
    --------
    >>> plain = CandidateEvidence("p1", "北辰", "Partner", "enterprise", ())
    >>> near = CandidateEvidence("p1", "北辰", "Partner", "enterprise", (), serves=(NamedRef("sd", "道义街道"),))
    >>> far = CandidateEvidence("p2", "南山", "Partner", "enterprise", ())
    >>> [ev.serves for ev in MatchEvidence(untied=[plain, far], tied=[near])]
    [(NamedRef(id='sd', name='道义街道'),), ()]
    """

    untied: Sequence[CandidateEvidence]
    tied: Sequence[CandidateEvidence] = ()

    def __iter__(self) -> Iterator[CandidateEvidence]:
        seen_from_c = {ev.id: ev for ev in self.tied}
        for ev in self.untied:
            yield seen_from_c.get(ev.id, ev)


@dataclass(frozen=True, slots=True)
class SecretaryFacts:
    """A community party secretary and what pairing weighs about them."""

    id: str
    name: str
    community: str
    community_name: str
    subdistrict: str | None
    years: float
    rating: float
    strengths: tuple[str, ...]
    estate_category: str | None
    service_focus: str | None
