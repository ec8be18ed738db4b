"""Partner matching: which partner or facility can resolve a need in a community, and why.

Reach for :func:`match` — by community and category, or by a need. The
backend finds the candidates and their facts
(:meth:`~graph_model.store.GraphStore.match_evidence`); scoring, reasons and
order are decided here, once, exactly as the data model (docs/data-model.md) says:

``score = 0.4·fit + 0.3·tie + 0.2·record + 0.1·capacity`` (4 decimals),
ordered by score descending, then id; ``fit`` is 1.0 for an offer of the
category itself, 0.8 for a narrower one (a descendant: asking for 养老服务
finds who offers 老年助餐), 0.6 for a broader one only.

Examples
--------
>>> from graph_model.stores.memory.store import MemoryStore
>>> from loaders import load_into, bundled_dataset_path
>>> store = MemoryStore(); _ = load_into(store, bundled_dataset_path())
>>> report = match(store, community="c-taiyangcheng", category="elderly_meals", limit=1)
>>> report.results[0].fit, report.results[0].in_area
(1.0, True)
"""

from __future__ import annotations

import dataclasses
import itertools
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from graph_model.errors import InvalidQuery
from graph_model.evidence import CandidateEvidence, Offer
from graph_model.i18n import _, current_language, ngettext
from graph_model.queries.lookup import resolve_id, resolve_node
from graph_model.records import Node
from graph_model.schema import NodeKind, RelType
from graph_model.store import GraphStore
from graph_model.taxonomy import DESCENDANT, EXACT

__all__ = ["MatchResult", "MatchReport", "match", "score_candidate", "tie_level"]

W_FIT, W_TIE, W_RECORD, W_CAPACITY = 0.4, 0.3, 0.2, 0.1
FIT_EXACT, FIT_DESCENDANT, FIT_ANCESTOR = 1.0, 0.8, 0.6
MAX_TIE_REASONS = 2  # a planner reads the two strongest ties; the rest are counted


@dataclass(frozen=True, slots=True)
class MatchResult:
    """One ranked candidate with its terms and the reasons behind them."""

    id: str
    name: str
    kind: str
    sector: str | None
    score: float
    fit: float
    tie: float
    record: float
    capacity: float
    in_area: bool
    reasons: list[str]


@dataclass(frozen=True, slots=True)
class MatchReport:
    """The answer to one match query."""

    community: str
    category: str
    results: list[MatchResult]
    need: str | None = None
    community_name: str = ""
    category_name: str = ""

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of ``linli match --json`` and ``GET /match``."""
        out: dict[str, object] = {"community": self.community, "category": self.category}
        if self.need is not None:
            out["need"] = self.need
        out["results"] = [asdict(r) for r in self.results]
        return out


def tie_level(ev: CandidateEvidence, community: str) -> tuple[float, list[str]]:
    """The tie term of partner matching and the reasons at that level.

    Examples
    --------
    >>> from graph_model.evidence import Agreement, NamedRef
    >>> ev = CandidateEvidence("p", "P", "Partner", "court", (), serves=(NamedRef("sd", "道义街道"),))
    >>> tie_level(ev, "c1")
    (0.5, ['服务道义街道'])
    """
    levels: list[tuple[float, str]] = []
    for a in ev.agreements:
        if a.community == community:
            reason = _("co-building agreement with {community}").format(community=a.community_name)
            level = 1.0
        else:
            reason = _("co-builds with {community} in the same subdistrict").format(community=a.community_name)
            level = 0.3
        if a.since:
            reason += _(" (since {since})").format(since=a.since)
        if a.projects and level == 1.0:
            reason += _(": {projects}").format(projects="、".join(a.projects))
        levels.append((level, reason))
    for c in ev.located_in:
        if c.id == community:
            levels.append((1.0 if ev.kind == NodeKind.FACILITY.value else 0.7, _("located in {community}").format(community=c.name)))
        else:
            levels.append((0.3, _("located in {community}, in the same subdistrict").format(community=c.name)))
    for s in ev.serves:
        levels.append((0.5, _("serves {area}").format(area=s.name)))
    if not levels:
        return 0.0, []
    best = max(level for level, _reason in levels)
    reasons = sorted({reason for level, reason in levels if level == best})
    if len(reasons) > MAX_TIE_REASONS:
        more = len(reasons) - MAX_TIE_REASONS
        reasons = reasons[:MAX_TIE_REASONS] + [ngettext("and {n} more tie like these", "and {n} more ties like these", more).format(n=more)]
    return best, reasons


def score_candidate(ev: CandidateEvidence, *, community: str, category: str, category_name: str) -> MatchResult:
    """Score one candidate exactly as the data model says, with readable reasons."""
    exact = [o for o in ev.offers if o.relation == EXACT]
    narrower = [o for o in ev.offers if o.relation == DESCENDANT]
    reasons: list[str] = []
    if exact:
        fit = FIT_EXACT
        if exact[0].note:
            reasons.append(_("offers {category} ({note})").format(category=exact[0].category_name, note=exact[0].note))
        else:
            reasons.append(_("offers {category}").format(category=exact[0].category_name))
    elif narrower:
        fit = FIT_DESCENDANT
        names = _offered(narrower)
        reasons.append(
            ngettext("offers {offered}, a narrower service within {category}",
                     "offers {offered}, narrower services within {category}", len(names))
            .format(offered="、".join(names), category=category_name)
        )
    else:
        fit = FIT_ANCESTOR
        offered = "、".join(sorted({o.category_name for o in ev.offers}))
        reasons.append(_("offers {offered}, a broader category than {category}").format(offered=offered, category=category_name))
    tie, tie_reasons = tie_level(ev, community)
    reasons += tie_reasons or [_("no tie to this community or its subdistrict")]
    resolved = sorted(ev.resolved, key=lambda n: n.id)
    record = min(1.0, len(resolved) / 3)
    if resolved:
        shown = "、".join(n.name for n in resolved[:3]) + ("…" if len(resolved) > 3 else "")
        reasons.append(
            ngettext("resolved {n} {category} need: {needs}", "resolved {n} {category} needs: {needs}", len(resolved))
            .format(n=len(resolved), category=category_name, needs=shown)
        )
    if ev.capacity:
        capacity = max(0.0, (ev.capacity - ev.in_progress) / ev.capacity)
        reasons.append(_("{busy} of {capacity} needs in progress").format(busy=ev.in_progress, capacity=ev.capacity))
    else:
        capacity = 0.5
    score = round(W_FIT * fit + W_TIE * tie + W_RECORD * record + W_CAPACITY * capacity, 4)
    return MatchResult(
        id=ev.id,
        name=ev.name,
        kind=ev.kind,
        sector=ev.sector,
        score=score,
        fit=fit,
        tie=tie,
        record=round(record, 4),
        capacity=round(capacity, 4),
        in_area=tie > 0,
        reasons=reasons,
    )


def _offered(offers: Sequence[Offer]) -> list[str]:
    """The names of the offered categories, each once, in the order offered (nearest first)."""
    return list(dict.fromkeys(o.category_name for o in offers))


def _rank(r: MatchResult) -> tuple[float, str]:
    """Score descending, then id."""
    return -r.score, r.id


class _RankedUntied:
    """Each category's untied candidates scored and ranked, kept while the backend keeps their evidence.

    A backend hands out the same ``untied`` object for as long as the graph is
    unchanged (:class:`~graph_model.evidence.MatchEvidence`), so a match scores
    only the few candidates tied to its community and merges them with the
    first of this ranking: O(tied + limit), not O(candidates).
    """

    KEPT = 64

    def __init__(self) -> None:
        self._kept: OrderedDict[tuple[int, str, str, str], tuple[Sequence[CandidateEvidence], list[MatchResult]]] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, untied: Sequence[CandidateEvidence], *, category: str, category_name: str) -> list[MatchResult]:
        key = (id(untied), category, category_name, current_language())  # the reasons are worded in it
        with self._lock:
            kept = self._kept.get(key)
        if kept is not None and kept[0] is untied:  # holding ``untied`` keeps its id from being reused
            return kept[1]
        # "community" only words ties, and an untied candidate has none
        ranked = sorted((score_candidate(ev, community="", category=category, category_name=category_name) for ev in untied), key=_rank)
        with self._lock:
            self._kept[key] = (untied, ranked)
            self._kept.move_to_end(key)
            while len(self._kept) > self.KEPT:
                self._kept.popitem(last=False)
        return ranked


_ranked_untied = _RankedUntied()


def _need_target(store: GraphStore, need: str) -> tuple[Node, str, str]:
    node = resolve_node(store, NodeKind.NEED, need)
    rels = store.relationships(node.id, types=[RelType.HAS_NEED, RelType.IN_CATEGORY])
    community = next(r.source for r in rels if r.type is RelType.HAS_NEED)
    category = next(r.target for r in rels if r.type is RelType.IN_CATEGORY)
    return node, community, category


def match(
    store: GraphStore,
    *,
    community: str | None = None,
    category: str | None = None,
    need: str | None = None,
    limit: int = 5,
    in_area_only: bool = False,
) -> MatchReport:
    """Rank the partners and facilities that can resolve ``category`` in ``community`` (or ``need``).

    Parameters
    ----------
    community, category
        The community and the service category: ids or names, as :mod:`graph_model.queries.lookup` reads them.
    need
        A need (id or name); its community and category are used instead.
    limit
        How many results at most (≥ 1).
    in_area_only
        Drop candidates with no tie (tie = 0) to the community or its subdistrict.

    Raises
    ------
    NotFound
        For an unknown community, category or need, with the nearest valid ids and names.
    Ambiguous
        For a name several communities (categories, needs) fit, with each of them.
    """
    if limit < 1:
        raise InvalidQuery(_("limit must be at least 1, got {limit}").format(limit=limit))
    if need is not None:
        if community is not None or category is not None:
            raise InvalidQuery(_("give either a need or a community and a category, not both"))
        need_node, community, category = _need_target(store, need)
        need = need_node.id
    elif community is None or category is None:
        raise InvalidQuery(_("give a need, or both a community and a category"))
    else:
        community = resolve_id(store, NodeKind.COMMUNITY, community)
        category = resolve_id(store, NodeKind.CATEGORY, category)
    community_node, category_node = store.get(community), store.get(category)
    category_name = category_node.name if category_node else category
    evidence = store.match_evidence(community, category)
    results = [score_candidate(ev, community=community, category=category, category_name=category_name) for ev in evidence.tied]
    if not in_area_only:  # an untied candidate has tie 0: never in the area
        tied = {r.id for r in results}
        ranked = _ranked_untied(evidence.untied, category=category, category_name=category_name)
        results += itertools.islice((r for r in ranked if r.id not in tied), limit)
    results.sort(key=_rank)
    return MatchReport(
        community=community,
        category=category,
        results=[dataclasses.replace(r, reasons=list(r.reasons)) for r in results[:limit]],
        need=need,
        community_name=community_node.name if community_node else community,
        category_name=category_name,
    )
