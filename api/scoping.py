"""Keeping a scoped principal inside its scope: checks before a route acts, filters on what it answers.

Each check resolves what the request names (an id or a name, as every route
accepts) and raises the 404 of an unknown id (:func:`api.access.hidden`)
when it lies outside the scope, so "outside" and "does not exist" read the
same. Every function takes the :class:`~api.access.ScopeView` (None: no
scope, everything passes) and runs in the threadpool like the views.

What lies inside:

- a community: one of the scope's communities (none for a grid scope);
- a need: its community; a partner or facility: where it sits (LOCATED_IN)
  or a community it co-builds with;
- a gap: its community, or for a grid scope its grid or one of its buildings;
- a secretary (mentor pairing): its subdistrict, for a subdistrict scope only.

Examples
--------
>>> from graph_model.stores.memory.store import MemoryStore
>>> from loaders import load_into, bundled_dataset_path
>>> from api.access import scope_view
>>> from api.tokens import Scope
>>> store = MemoryStore(); _ = load_into(store, bundled_dataset_path())
>>> view = scope_view(store, Scope("community", "c-beiyuan"))
>>> check_community(store, view, "北苑社区")
'c-beiyuan'
>>> check_community(store, view, "c-cuihu")
Traceback (most recent call last):
...
graph_model.errors.NotFound: 未知的社区 'c-cuihu'
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from api.access import ScopeView, hidden
from graph_model.errors import NotFound
from graph_model.queries.lookup import KIND_NOUNS, resolve_node
from graph_model.schema import NodeKind, RelType
from graph_model.store import GraphStore

__all__ = [
    "check_community",
    "check_need",
    "check_subdistrict",
    "check_partner",
    "community_of_need",
    "partner_in_scope",
    "filter_gaps",
    "filter_mentors",
    "check_focus",
]

K = NodeKind
R = RelType


def _resolve(store: GraphStore, kinds: NodeKind | tuple[NodeKind, ...], text: str, what: str) -> str:
    try:
        return resolve_node(store, kinds, text, what=what).id
    except NotFound:
        raise hidden(what, text) from None


def check_community(store: GraphStore, view: ScopeView | None, text: str) -> str:
    """The id of the community ``text`` names, if inside the scope."""
    if view is None:
        return text
    community = _resolve(store, K.COMMUNITY, text, KIND_NOUNS[K.COMMUNITY])
    if not view.has_community(community):
        raise hidden(KIND_NOUNS[K.COMMUNITY], text)
    return community


def check_subdistrict(store: GraphStore, view: ScopeView | None, text: str) -> str:
    """The id of the subdistrict ``text`` names, if it is the scope's own (a subdistrict scope)."""
    if view is None:
        return text
    subdistrict = _resolve(store, K.SUBDISTRICT, text, KIND_NOUNS[K.SUBDISTRICT])
    if view.scope.kind != "subdistrict" or subdistrict != view.subdistrict:
        raise hidden(KIND_NOUNS[K.SUBDISTRICT], text)
    return subdistrict


def community_of_need(store: GraphStore, need: str) -> str | None:
    return next((r.source for r in store.relationships(need, types=[R.HAS_NEED], direction="in")), None)


def check_need(store: GraphStore, view: ScopeView | None, text: str) -> str:
    """The id of the need ``text`` names, if its community is inside the scope."""
    if view is None:
        return text
    need = _resolve(store, K.NEED, text, KIND_NOUNS[K.NEED])
    if not view.has_community(community_of_need(store, need)):
        raise hidden(KIND_NOUNS[K.NEED], text)
    return need


def partner_in_scope(store: GraphStore, view: ScopeView, partner: str) -> bool:
    rels = store.relationships(partner, types=[R.LOCATED_IN, R.CO_BUILDS], direction="out")
    return any(view.has_community(r.target) for r in rels)


def check_partner(store: GraphStore, view: ScopeView | None, text: str, *, what: str = "partner") -> str:
    """The id of the partner (or facility) ``text`` names, if it sits in or co-builds with a community inside."""
    if view is None:
        return text
    kinds = (K.PARTNER, K.FACILITY) if what != "partner" else K.PARTNER
    partner = _resolve(store, kinds, text, what)
    if not partner_in_scope(store, view, partner):
        raise hidden(what, text)
    return partner


def filter_gaps(report: dict[str, Any], view: ScopeView) -> dict[str, Any]:
    """The gap report with only the gaps inside, its counts per kind and per community counted again."""
    gaps = [g for g in report["gaps"] if view.has_subject(g["subject"], g["community"])]
    kinds = Counter(g["kind"] for g in gaps)
    communities = Counter(g["community"] for g in gaps if g["community"])
    narrowed: dict[str, Any] = {key: [g for g in report[key] if view.has_subject(g["subject"], g["community"])]
                for key in ("opened", "closed") if key in report}  # what-if's gaps opened and closed
    return {**report, **narrowed, "gaps": gaps, "summary": {k: kinds.get(k, 0) for k in report["summary"]},
            "by_community": dict(sorted(communities.items()))}


def filter_mentors(report: dict[str, Any], store: GraphStore, view: ScopeView) -> dict[str, Any]:
    """The pairing report with only the secretaries of the scope's subdistrict (pairs never cross it in that mode)."""
    inside = {s.id for s in store.secretaries() if s.subdistrict == view.subdistrict}
    proposed = [p for p in report["proposed"] if p["mentor"] in inside and p["mentee"] in inside]
    return {
        **report,
        "existing": [p for p in report["existing"] if p["mentor"] in inside and p["mentee"] in inside],
        "proposed": proposed,
        "total_weight": round(sum(p["weight"] for p in proposed), 4),
        "unpaired": [u for u in report["unpaired"] if u["id"] in inside],
    }


def check_focus(store: GraphStore, view: ScopeView, focus: str, text: str) -> None:
    """A scoped focus map: its centre (``focus``, named ``text``) must be the scope's subdistrict, one of its communities or grids."""
    kind = store.kinds_of([focus]).get(focus)
    inside = (
        (kind is K.COMMUNITY and view.has_community(focus))
        or (kind is K.GRID and focus in view.grids)
        or (kind is K.SUBDISTRICT and view.scope.kind == "subdistrict" and focus == view.subdistrict)
    )
    if not inside:
        raise hidden("node", text)
