"""The gap registry: every coverage-gap kind, in one table that everything else reads.

A gap kind is one row of :data:`GAP_KINDS`: the kind of node it is about, its
Chinese and English titles, the icon and colour the maps mark it with, and
how its detail is worded from the facts a backend found. The CLI's tables,
the maps' legend, the API's privacy rule (people's names hidden) and both
backends' finder tables are keyed by it; a test holds each backend to one
finder per kind. Adding a gap kind is one row here and one finder per backend.

Examples
--------
>>> GAP_KINDS[GapKind.GRID_WITHOUT_BRANCH].subject
<NodeKind.GRID: 'Grid'>
>>> GAP_KINDS[GapKind.BUILDING_WITHOUT_HEAD].title_zh, GAP_KINDS[GapKind.BUILDING_WITHOUT_HEAD].icon
('楼栋无楼长', '①')
>>> from graph_model.i18n import use_language
>>> with use_language("en"):
...     describe_gap(GapFact(GapKind.GRID_WITHOUT_FULLTIME_WORKER, "g1", "第一网格", "c1", {"part_time": 2}))
'no full-time grid worker; only 2 part-time'
>>> describe_gap(GapFact(GapKind.GRID_WITHOUT_FULLTIME_WORKER, "g1", "第一网格", "c1", {"part_time": 2}))
'无专职网格员，仅有 2 名兼职'
>>> title(GapKind.NEED_WITHOUT_RESOLVER)
'诉求无人可解'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from graph_model.i18n import _, ngettext, pick
from graph_model.schema import NEED_STATUS_NAMES, NodeKind

__all__ = ["GapKind", "GapFact", "GapKindSpec", "GAP_KINDS", "describe_gap", "gap_kinds_about", "title"]


class GapKind(StrEnum):
    """The gap kinds, in report order."""

    BUILDING_WITHOUT_HEAD = "building_without_head"
    BUILDING_WITHOUT_PARTY_GROUP = "building_without_party_group"
    GRID_WITHOUT_BRANCH = "grid_without_branch"
    GRID_WITHOUT_FULLTIME_WORKER = "grid_without_fulltime_worker"
    COMMUNITY_WITHOUT_PARTNER = "community_without_partner"
    COMMUNITY_WITHOUT_SERVICE_CENTER = "community_without_service_center"
    COMMUNITY_WITHOUT_PARTY_ORG = "community_without_party_org"
    PARTY_ORG_WITHOUT_SECRETARY = "party_org_without_secretary"
    SECRETARY_WITHOUT_PAIR = "secretary_without_pair"
    NEED_WITHOUT_RESOLVER = "need_without_resolver"
    ESTATE_WITHOUT_RED_PROPERTY = "estate_without_red_property"
    NEED_OVERDUE = "need_overdue"


@dataclass(frozen=True, slots=True)
class GapFact:
    """One subject that falls through the net, with the facts its detail is worded from.

    ``facts`` holds what the kind's detail needs (see each row's ``facts`` in
    :data:`GAP_KINDS`); a backend fills exactly those keys.
    """

    kind: GapKind
    subject: str
    subject_name: str
    community: str | None
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class GapKindSpec:
    """One gap kind: what it is about, how it is titled, marked and worded."""

    kind: GapKind
    subject: NodeKind
    title_zh: str
    title_en: str
    icon: str
    color: str
    detail: Callable[[str, Mapping[str, Any]], str]
    """Words the detail from the subject's name and the gap's facts."""
    facts: tuple[str, ...] = ()
    """The keys of :attr:`GapFact.facts` a backend gives for this kind."""


def _part_time(_name: str, f: Mapping[str, Any]) -> str:
    part_time = int(f.get("part_time", 0))
    if not part_time:
        return _("no full-time grid worker")
    return ngettext("no full-time grid worker; only {n} part-time", "no full-time grid worker; only {n} part-time", part_time).format(n=part_time)


def _overdue(_name: str, f: Mapping[str, Any]) -> str:
    status = str(f.get("status"))
    return _("{status} since its report on {reported}: past the {days} days allowed for {category_name}").format(
        status=pick(NEED_STATUS_NAMES.get(status, (status,))[0], status), reported=f.get("reported"),
        days=f.get("resolve_days"), category_name=f.get("category_name"))


def _red_property(_name: str, f: Mapping[str, Any]) -> str:
    managers = list(f.get("managers") or [])
    if not managers:
        return _("no property company manages it (no red property)")
    return _("managed by {managers}, which has no party organization (not red property)").format(managers="、".join(managers))


_K = GapKind
GAP_KINDS: dict[GapKind, GapKindSpec] = {
    spec.kind: spec
    for spec in (
        GapKindSpec(_K.BUILDING_WITHOUT_HEAD, NodeKind.BUILDING, "楼栋无楼长", "building without head", "①", "#E53935",
                    lambda name, f: _("no building head")),
        GapKindSpec(_K.BUILDING_WITHOUT_PARTY_GROUP, NodeKind.BUILDING, "楼栋无党小组", "building without party group",
                    "②", "#FFB74D", lambda name, f: _("not covered by a building party group")),
        GapKindSpec(_K.GRID_WITHOUT_BRANCH, NodeKind.GRID, "网格无党支部", "grid without branch", "③", "#D81B60",
                    lambda name, f: _("not covered by a grid party branch")),
        GapKindSpec(_K.GRID_WITHOUT_FULLTIME_WORKER, NodeKind.GRID, "网格无专职网格员", "grid without full-time worker",
                    "④", "#F4511E", _part_time, facts=("part_time",)),
        GapKindSpec(_K.COMMUNITY_WITHOUT_PARTNER, NodeKind.COMMUNITY, "社区无共建单位", "community without partner",
                    "⑤", "#8E24AA", lambda name, f: _("no co-building agreement with any partner")),
        GapKindSpec(_K.COMMUNITY_WITHOUT_SERVICE_CENTER, NodeKind.COMMUNITY, "社区无党群服务中心/站",
                    "community without service center", "⑥", "#C2185B",
                    lambda name, f: _("no party-mass service center or station")),
        GapKindSpec(_K.COMMUNITY_WITHOUT_PARTY_ORG, NodeKind.COMMUNITY, "社区无党组织", "community without party org",
                    "⑦", "#B71C1C", lambda name, f: _("no community party organization")),
        GapKindSpec(_K.PARTY_ORG_WITHOUT_SECRETARY, NodeKind.PARTY_ORG, "党组织无书记", "party org without secretary",
                    "⑧", "#6D4C41", lambda name, f: _("{org} has no secretary").format(org=name)),
        GapKindSpec(_K.SECRETARY_WITHOUT_PAIR, NodeKind.PERSON, "书记未结对", "secretary without pair", "⑨", "#FB8C00",
                    lambda name, f: _("secretary of {org}, in no mentor–mentee pair").format(org=f.get("org_name", f.get("org", "?"))),
                    facts=("org", "org_name")),
        GapKindSpec(_K.NEED_WITHOUT_RESOLVER, NodeKind.NEED, "诉求无人可解", "need without resolver", "⑩", "#5E35B1",
                    lambda name, f: _("no partner or facility in the area offers {category} ({id}) or a narrower or broader service").format(
                        category=f.get("category_name"), id=f.get("category")),
                    facts=("category", "category_name")),
        GapKindSpec(_K.ESTATE_WITHOUT_RED_PROPERTY, NodeKind.ESTATE, "小区无红色物业", "estate without red property",
                    "⑪", "#F06292", _red_property, facts=("managers",)),
        GapKindSpec(_K.NEED_OVERDUE, NodeKind.NEED, "诉求超期未办结", "need overdue", "⑫", "#AD1457", _overdue,
                    facts=("category", "category_name", "reported", "resolve_days", "status")),
    )
}


def describe_gap(fact: GapFact) -> str:
    """The planner-readable detail of one gap, as its kind's row words it."""
    return GAP_KINDS[fact.kind].detail(fact.subject_name, fact.facts)


def title(kind: GapKind | str) -> str:
    """A gap kind's title in the current language (the registry holds both)."""
    spec = GAP_KINDS[GapKind(kind)]
    return pick(spec.title_zh, spec.title_en)


def gap_kinds_about(kind: NodeKind) -> frozenset[GapKind]:
    """The gap kinds whose subject is a node of ``kind``.

    Examples
    --------
    >>> sorted(gap_kinds_about(NodeKind.PERSON))
    [<GapKind.SECRETARY_WITHOUT_PAIR: 'secretary_without_pair'>]
    """
    return frozenset(k for k, spec in GAP_KINDS.items() if spec.subject is kind)
