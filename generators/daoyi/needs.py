"""Daoyi's residents' needs: the ones the article names, true gaps, and 2-5 drawn per community.

Reach for :func:`draw_needs`, the last stage of the build. The named needs
and the unresolvable ones (open, and no provider tied to their community
offers their category) come from the tables; each community then gets needs
drawn from its ``service_focus`` and everyday property and safety issues.
A resolved or in-progress need names a provider that plausibly handled it
(:meth:`~generators.daoyi.provider_ties.ProviderTies.resolvers`), and no
partner has more needs in progress than its capacity; where nobody fits, the
need stays open.

Examples
--------
>>> from generators.daoyi import build_dataset
>>> needs = build_dataset().nodes["Need"]
>>> len(needs), sum(n["origin"] == "seed" for n in needs), sum(n["status"] == "open" for n in needs)
(94, 14, 28)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from graph_model.errors import DatasetError, Problem
from generators.daoyi.draft import SEED_ROW, SYNTHETIC, Draft, date_between
from generators.daoyi.provider_ties import ProviderTies
from generators.daoyi.table_rows import Community

__all__ = ["draw_needs"]

NEEDS_PER_COMMUNITY = {"urban": (3, 5), "village": (2, 3)}
# A village's own houses have no estate: where an estate's need would be drawn, theirs is one of VILLAGE_INSTEAD.
ESTATE_ONLY = ("parking", "heating", "waste_sorting", "public_facilities")
VILLAGE_INSTEAD = ["environment_renovation", "public_facilities"]
STATUS_WEIGHTS = {"open": 2, "in_progress": 3, "resolved": 7}
CHANNELS = ["hotline_12345", "grid_patrol", "survey"]  # plus the tea house, twice as often, where there is one
RESOLVED_REPORTED = (dt.date(2023, 1, 9), dt.date(2024, 7, 31))
OPEN_REPORTED = (dt.date(2024, 1, 8), dt.date(2024, 8, 20))  # open and in-progress needs are recent
HOUSEHOLDS_AFFECTED = (8, 240)


class _NeedRows:
    """The Need rows with how many needs each provider has in progress."""

    def __init__(self, draft: Draft) -> None:
        self.rows = draft.nodes["Need"]
        self.ids = {c.key: c.id for c in draft.tables.communities}
        self.in_progress: dict[str, int] = {}

    def add(self, nid: str, name: str, community: str, category: str, status: str, households: int, channel: str,
            reported: str, resolver: str, origin: str, note: str = "") -> None:
        self.rows.append({"id": nid, "name": name, "community": self.ids[community], "category": category,
                          "status": status, "households_affected": households, "source": channel,
                          "reported": reported, "resolved_by": resolver, "origin": origin, "note": note})
        if status == "in_progress":
            self.in_progress[resolver] = self.in_progress.get(resolver, 0) + 1


def draw_needs(draft: Draft) -> None:
    """Append every Need row: the named ones, the true gaps, then each community's drawn ones.

    Raises
    ------
    DatasetError
        If an unresolvable need has a provider tied to its community after all, or a
        community's need categories include one nobody tied to it offers.
    """
    tables, ties, needs = draft.tables, ProviderTies(draft), _NeedRows(draft)
    for n in tables.named_needs:
        needs.add(n.id, n.name, n.community, n.category, n.status, n.households_affected, n.source, n.reported,
                  n.resolved_by, SEED_ROW, n.note)
    problems = []
    for u in tables.unresolvable_needs:
        if ties.any_match(needs.ids[u.community], u.category):
            problems.append(Problem("tables/unresolvable_needs.csv", None, "category", u.category,
                                    f"a category no provider tied to {u.community} offers"))
        needs.add(u.id, u.name, u.community, u.category, "open", u.households_affected, u.source, u.reported, "",
                  SYNTHETIC, u.note)
    tea_houses = {f.community for f in tables.facilities if f.type == "tea_house"}
    names = {n["name"] for n in needs.rows}
    for community in tables.communities:
        problems += _community_needs(draft, ties, needs, community, community.key in tea_houses, names)
    if problems:
        raise DatasetError(problems)


def _community_needs(draft: Draft, ties: ProviderTies, needs: _NeedRows, community: Community, tea_house: bool,
                     names: set[str]) -> list[Problem]:
    """Draw one community's needs (their names unique among ``names``); the problems of its categories."""
    rng, issues, cid = draft.rng, draft.tables.need_issues, community.id
    pool = [*issues.focus_categories[community.service_focus], *issues.common_categories,
            *community.extra_need_categories]
    places = [(e["id"], e["name"]) for e in draft.nodes["Estate"] if e["community"] == cid]
    if community.type == "village":
        places.append(("", community.name))
    wanted, made, problems = rng.randint(*NEEDS_PER_COMMUNITY[community.type]), 0, []
    while made < wanted:
        estate, place = rng.choice(places)
        category = rng.choice(pool)
        if not estate and category in ESTATE_ONLY:
            category = rng.choice(VILLAGE_INSTEAD)
        found: Sequence[str] | None = issues.village_issues.get(category) if not estate else None
        found = found or [t for t in issues.estate_issues[category] if "物业" not in t or estate in ties.managed]
        if not found:
            continue
        name = f"{place}{rng.choice(found)}"
        if name in names:
            continue
        if not ties.any_match(cid, category):
            problems.append(Problem("tables/need_issues.toml", None, "focus_categories", category,
                                    f"a category some provider tied to {community.key} offers"))
        status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
        who = ties.resolvers(cid, estate, category)
        if status == "in_progress":
            who = [p for p in who if ties.has_room(p, needs.in_progress)]
        if not who:
            status = "open"
        resolver = rng.choice(who) if status != "open" else ""
        channels = CHANNELS + (["tea_house"] * 2 if tea_house else [])
        reported = date_between(rng, *(RESOLVED_REPORTED if status == "resolved" else OPEN_REPORTED))
        made += 1
        names.add(name)
        needs.add(f"n-{community.key}-{made:02d}", name, community.key, category, status,
                  rng.randint(*HOUSEHOLDS_AFFECTED), rng.choice(channels), reported, resolver, SYNTHETIC)
    return problems
