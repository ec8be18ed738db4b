"""Coverage gaps: which buildings, grids, communities, needs and estates fall through the net.

Reach for :func:`coverage_gaps`. The backend finds the subjects of each gap
kind (:meth:`~graph_model.store.GraphStore.gap_facts`); the wording, the
counts and the order (kind in the data model's §6 order, then community,
then subject id) are decided here, once.

Examples
--------
>>> from graph_model.stores.memory_store import MemoryStore
>>> from loaders import load_into, bundled_dataset_path
>>> store = MemoryStore(); _ = load_into(store, bundled_dataset_path())
>>> report = coverage_gaps(store, kinds=["community_without_party_org"])
>>> report.summary
{'community_without_party_org': 0}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from graph_model.errors import InvalidQuery
from graph_model.evidence import GapFact, GapKind
from graph_model.queries.lookup import resolve_id
from graph_model.schema import NodeKind
from graph_model.store import GraphStore

__all__ = ["Gap", "GapReport", "GapKind", "coverage_gaps", "describe_gap", "NO_COMMUNITY"]

NO_COMMUNITY = "(none)"

SUBJECT_KIND = {
    GapKind.BUILDING_WITHOUT_HEAD: "Building",
    GapKind.BUILDING_WITHOUT_PARTY_GROUP: "Building",
    GapKind.GRID_WITHOUT_BRANCH: "Grid",
    GapKind.GRID_WITHOUT_FULLTIME_WORKER: "Grid",
    GapKind.COMMUNITY_WITHOUT_PARTNER: "Community",
    GapKind.COMMUNITY_WITHOUT_SERVICE_CENTER: "Community",
    GapKind.COMMUNITY_WITHOUT_PARTY_ORG: "Community",
    GapKind.PARTY_ORG_WITHOUT_SECRETARY: "PartyOrg",
    GapKind.SECRETARY_WITHOUT_PAIR: "Person",
    GapKind.NEED_WITHOUT_RESOLVER: "Need",
    GapKind.ESTATE_WITHOUT_RED_PROPERTY: "Estate",
}


@dataclass(frozen=True, slots=True)
class Gap:
    """One subject that falls through the net."""

    kind: str
    subject: str
    subject_name: str
    community: str | None
    detail: str


@dataclass(frozen=True, slots=True)
class GapReport:
    """Every gap found, with counts per kind (all asked kinds, zeros included) and per community."""

    gaps: list[Gap]
    summary: dict[str, int]
    by_community: dict[str, int]

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of ``linli gaps --json`` and ``GET /gaps``."""
        return {"gaps": [asdict(g) for g in self.gaps], "summary": dict(self.summary), "by_community": dict(self.by_community)}


def describe_gap(fact: GapFact) -> str:
    """The planner-readable detail of one gap.

    Examples
    --------
    >>> describe_gap(GapFact(GapKind.GRID_WITHOUT_FULLTIME_WORKER, "g1", "第一网格", "c1", {"part_time": 2}))
    'no full-time grid worker (专职网格员); only 2 part-time'
    """
    f, name = fact.facts, fact.subject_name
    match fact.kind:
        case GapKind.BUILDING_WITHOUT_HEAD:
            return "no building head (楼长)"
        case GapKind.BUILDING_WITHOUT_PARTY_GROUP:
            return "not covered by a building party group (楼栋党小组)"
        case GapKind.GRID_WITHOUT_BRANCH:
            return "not covered by a grid party branch (网格党支部)"
        case GapKind.GRID_WITHOUT_FULLTIME_WORKER:
            part_time = int(f.get("part_time", 0))
            return "no full-time grid worker (专职网格员)" + (f"; only {part_time} part-time" if part_time else "")
        case GapKind.COMMUNITY_WITHOUT_PARTNER:
            return "no co-building agreement (共建协议) with any partner"
        case GapKind.COMMUNITY_WITHOUT_SERVICE_CENTER:
            return "no party-mass service center or station (党群服务中心/站)"
        case GapKind.COMMUNITY_WITHOUT_PARTY_ORG:
            return "no community party organization (社区党组织)"
        case GapKind.PARTY_ORG_WITHOUT_SECRETARY:
            return f"{name} has no secretary (书记)"
        case GapKind.SECRETARY_WITHOUT_PAIR:
            return f"secretary of {f.get('org_name', f.get('org', '?'))} in no mentor–mentee pair (结对)"
        case GapKind.NEED_WITHOUT_RESOLVER:
            return f"no partner or facility in the area offers {f.get('category_name')} ({f.get('category')})"
        case GapKind.ESTATE_WITHOUT_RED_PROPERTY:
            managers = list(f.get("managers") or [])
            if not managers:
                return "no property company manages it (红色物业 missing)"
            return f"managed by {'、'.join(managers)}, which has no party organization (not 红色物业)"
    raise AssertionError(fact.kind)  # pragma: no cover - the match is exhaustive


def _parse_kinds(kinds: Iterable[str | GapKind] | None) -> list[GapKind]:
    if kinds is None:
        return list(GapKind)
    chosen = []
    for k in kinds:
        try:
            chosen.append(GapKind(k))
        except ValueError:
            raise InvalidQuery(f"unknown gap kind {k!r}; one of: {', '.join(GapKind)}") from None
    return [k for k in GapKind if k in chosen]


def coverage_gaps(
    store: GraphStore,
    *,
    community: str | None = None,
    kinds: Iterable[str | GapKind] | None = None,
) -> GapReport:
    """Find every gap of the data model's §6, in the whole dataset or one community.

    Parameters
    ----------
    community
        A community id (or exact name) to limit the report to.
    kinds
        Gap kinds to look for (all when None).
    """
    chosen = _parse_kinds(kinds)
    if community is not None:
        community = resolve_id(store, NodeKind.COMMUNITY, community, what="community")
    gaps: list[Gap] = []
    summary: dict[str, int] = {}
    for kind in chosen:
        facts = sorted(store.gap_facts(kind, community), key=lambda f: (f.community or "", f.subject))
        summary[kind.value] = len(facts)
        gaps += [Gap(kind.value, f.subject, f.subject_name, f.community, describe_gap(f)) for f in facts]
    by_community = Counter(g.community or NO_COMMUNITY for g in gaps)
    return GapReport(gaps, summary, dict(sorted(by_community.items())))
