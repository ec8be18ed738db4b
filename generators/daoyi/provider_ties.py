"""How close each Daoyi provider is to a community, and who could have handled a need there.

Reach for :class:`ProviderTies`, built from the rows the network stage
wrote: :meth:`~ProviderTies.tie` scores a provider's tie to a community
(1.0 an agreement or a facility there, 0.7 its seat, 0.5 a service area over
it, 0.3 in the subdistrict at all, 0 outside), :meth:`~ProviderTies.any_match`
says whether partner matching would find anyone for a category, and
:meth:`~ProviderTies.resolvers` lists who may plausibly have handled a need.

Examples
--------
>>> from generators.daoyi.draft import Draft
>>> from generators.daoyi.network import draw_network
>>> from generators.daoyi.table_files import read_tables
>>> draft = Draft(read_tables())
>>> draw_network(draft)
>>> ties = ProviderTies(draft)
>>> ties.tie("p-court-yinjia", "c-renjieshuian"), ties.any_match("c-hongqi", "transport")
(1.0, False)
"""

from __future__ import annotations

from graph_model.taxonomy import lineage
from loaders.dataset import default_taxonomy
from generators.daoyi.draft import Draft

__all__ = ["ProviderTies"]


class ProviderTies:
    """Offers, seats, agreements, service areas, capacities and managed estates of every provider.

    Communities are named by id (``c-beiyuan``), estates by id (``e-renjieshuian``).
    """

    def __init__(self, draft: Draft) -> None:
        nodes, rels = draft.nodes, draft.rels
        self.subdistrict = draft.tables.subdistrict.id
        self.parents: dict[str, list[str]] = {}
        for r in default_taxonomy()[1]:
            self.parents.setdefault(r.target, []).append(r.source)
        self.offers = _grouped(rels["OFFERS"])
        self.seat = {p["id"]: p["community"] for p in nodes["Partner"]} | {
            f["id"]: f["community"] for f in nodes["Facility"]}
        self.facilities = {f["id"] for f in nodes["Facility"]}
        self.co_builds = _grouped(rels["CO_BUILDS"])
        self.serves = _grouped(rels["SERVES"])
        self.capacity = {p["id"]: p["capacity"] for p in nodes["Partner"]}
        # An owners' committee looks after its own estate as a property company does the ones it manages.
        self.manages = _grouped(rels["MANAGES"]) | {
            p.id: [f"e-{p.estate}"] for p in draft.tables.partners if p.estate}
        self.managed = {e for estates in self.manages.values() for e in estates}

    def tie(self, provider: str, community: str) -> float:
        """How closely ``provider`` is tied to ``community`` (0: not at all)."""
        seat = self.seat[provider]
        if community in self.co_builds.get(provider, []) or (provider in self.facilities and seat == community):
            return 1.0
        if seat == community:
            return 0.7
        served = self.serves.get(provider, [])
        if community in served or self.subdistrict in served:
            return 0.5
        if self.co_builds.get(provider) or seat:  # every community is in the subdistrict
            return 0.3
        return 0.0

    def any_match(self, community: str, category: str) -> bool:
        """Whether a provider tied to ``community`` offers ``category`` or an ancestor of it."""
        line = lineage(category, self.parents.get)
        return any(self.tie(p, community) > 0 for p, offered in self.offers.items()
                   if any(k in line for k in offered))

    def resolvers(self, community: str, estate: str, category: str) -> list[str]:
        """The best-fitting providers who may plausibly have handled a need (exact category before an ancestor).

        A facility of the same community; a property company or owners' committee
        only for an estate it manages or belongs to; any other provider only with
        an agreement with, seat in or service area over the community (tie 0.5+).
        """
        line = lineage(category, self.parents.get)
        found = []
        for p, offered in self.offers.items():
            fits = [1.0 if k == category else 0.6 for k in offered if k in line]
            if not fits:
                continue
            if p in self.facilities:
                ok = self.seat[p] == community
            elif p in self.manages:
                ok = estate in self.manages[p]
            else:
                ok = self.tie(p, community) >= 0.5
            if ok:
                found.append((max(fits), self.tie(p, community), p))
        found.sort(key=lambda t: (-t[0], -t[1], t[2]))
        return [p for fit, _tie, p in found if fit == found[0][0]]

    def has_room(self, provider: str, in_progress: dict[str, int]) -> bool:
        """Whether ``provider`` can take one more need in progress (facilities and unknown capacity always can)."""
        capacity = self.capacity.get(provider, "")
        return provider in self.facilities or capacity == "" or in_progress.get(provider, 0) < int(capacity)


def _grouped(rows: list[dict[str, str]]) -> dict[str, list[str]]:
    """Relationship rows as source -> targets, in row order."""
    grouped: dict[str, list[str]] = {}
    for r in rows:
        grouped.setdefault(r["source"], []).append(r["target"])
    return grouped
