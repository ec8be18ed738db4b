"""A synthetic subdistrict's territory and party organisations.

Reach for :func:`draw_territory` first (subdistrict, communities, estates,
grids, buildings and their heads), then :func:`draw_party_orgs` (the working
committee down to party-member households). Both append to the draw's rows
and return what the later stages place things by.

Examples
--------
>>> from generators.city_drawing import CityTaxonomy, SubdistrictDraw
>>> draw = SubdistrictDraw(0, seed=7, names=["道义"], taxonomy=CityTaxonomy())
>>> territory = draw_territory(draw)
>>> orgs = draw_party_orgs(draw, territory)
>>> len(territory.community_ids), len(draw.rows["Building"]), len(draw.rows["Household"])
(23, 2169, 165)
"""

from __future__ import annotations

from dataclasses import dataclass

from generators.city_drawing import (
    BUILDING_GROUPS,
    BUILDINGS,
    DATES,
    GRID_BRANCHES,
    GRID_UNCOVERED_RATE,
    GRIDS,
    GROUP_SKIP_RATE,
    HEAD_RATE,
    HOUSEHOLDS,
    NO_ESTATE_RATE,
    URBAN,
    VILLAGES,
    SubdistrictDraw,
    apportion,
    day,
)
from generators.city_vocabulary import ESTATE_WORDS, PHASES, PLACE_WORDS, PLANNED_ESTATES, VILLAGE_WORDS

__all__ = ["Territory", "PartyOrgs", "draw_territory", "draw_party_orgs"]


@dataclass(frozen=True)
class Territory:
    """Where things are, by community position ``c`` (urban communities first)."""

    urban: list[bool]
    community_ids: list[str]
    community_names: list[str]
    place_words: list[str]  # what each community is named after
    grid_ids: list[list[str]]  # per community
    buildings: dict[str, list[str]]  # grid id -> building ids
    estates: list[list[str]]  # per community
    estate_names: dict[str, str]


@dataclass(frozen=True)
class PartyOrgs:
    """The working committee and the community party orgs (by community position)."""

    committee: str
    community_orgs: list[str]


def draw_territory(draw: SubdistrictDraw) -> Territory:
    """Subdistrict, communities, estates, grids, buildings and their heads."""
    rng, rnd, sid, rows = draw.rng, draw.rng.random, draw.sid, draw.rows
    bases = rng.sample(PLACE_WORDS, URBAN) + rng.sample(VILLAGE_WORDS, VILLAGES)
    urban_flags = [c < URBAN for c in range(URBAN + VILLAGES)]
    cids = [f"{sid}-c{c + 1:02d}" for c in range(URBAN + VILLAGES)]
    cnames = [b + ("社区" if u else "村") for b, u in zip(bases, urban_flags)]
    grids_per = apportion(GRIDS, [rng.uniform(1.0, 1.6) if u else rng.uniform(0.4, 0.8)
                                  for u in urban_flags], 3)
    buildings_per = iter(apportion(BUILDINGS, [rng.uniform(0.5, 1.5) for _ in range(GRIDS)], 3))
    estate_names = iter(rng.sample(ESTATE_WORDS, 5 * URBAN))
    territory = Territory(urban_flags, cids, cnames, bases, [], {}, [], {})
    heads, head_of = rows["Person"], rows["BUILDING_HEAD_OF"]
    total = 0
    head_lo, head_span = day(2012), len(DATES) - day(2012)
    for c, (cid, base, urban) in enumerate(zip(cids, bases, urban_flags)):
        if urban:
            category = rng.choices(("commercial", "public_rental", "resettlement", "mixed"),
                                   (5, 1, 2, 2))[0]
            kinds = [category if category != "mixed" else
                     rng.choice(("commercial", "public_rental", "resettlement"))
                     for _ in range(rng.randint(1, min(4, grids_per[c])))]
            names = [base + PLANNED_ESTATES[k] + PHASES[kinds[:i].count(k)] if k in PLANNED_ESTATES
                     else next(estate_names) for i, k in enumerate(kinds)]
        else:
            category = "rural"
            kinds = ["rural"] if rnd() < 0.4 else []
            names = [base + "新村"] * len(kinds)
        estates = [f"{cid}-e{e + 1:02d}" for e in range(len(kinds))]
        territory.estates.append(estates)
        territory.estate_names.update(zip(estates, names))
        estate_households = [0] * len(estates)
        low, span = (8, 33) if urban else (4, 17)
        in_estate_rate = (1 - NO_ESTATE_RATE) if urban else 0.5
        grids = [f"{cid}-g{g + 1:02d}" for g in range(grids_per[c])]
        territory.grid_ids.append(grids)
        number = households_sum = 0
        for g, gid in enumerate(grids):
            rows["Grid"].append((gid, f"{cnames[c]}第{g + 1}网格", cid))
            e = g * len(estates) // len(grids) if estates else -1
            bids = []
            for _ in range(next(buildings_per)):
                number += 1
                bid = f"{gid}-b{number:03d}"
                households = low + int(rnd() * span)
                households_sum += households
                estate = ""
                if e >= 0 and rnd() < in_estate_rate:
                    estate = estates[e]
                    estate_households[e] += households
                rows["Building"].append((bid, f"{number}号楼", gid, estate, households))
                bids.append(bid)
                if rnd() < HEAD_RATE:
                    pid = bid + "-head"
                    heads.append((pid, draw.person(), "", "", ""))
                    head_of.append((pid, bid, DATES[head_lo + int(rnd() * head_span)]))
            territory.buildings[gid] = bids
        for eid, name, kind, hh in zip(estates, names, kinds, estate_households):
            rows["Estate"].append((eid, name, cid, hh, kind))
        focus = rng.choices(("elderly", "migrant", "youth", "mixed"),
                            (35, 20, 15, 30) if urban else (60, 10, 5, 25))[0]
        rows["Community"].append((cid, cnames[c], "urban" if urban else "village", sid,
                                  households_sum, category, focus, rng.randint(1, 5)))
        total += households_sum
    population = int(total * rng.uniform(2.4, 2.8))
    rows["Subdistrict"].append((sid, draw.name, round(rng.uniform(15, 60), 2), population,
                                int(population * rng.uniform(0.012, 0.016))))
    return territory


def draw_party_orgs(draw: SubdistrictDraw, territory: Territory) -> PartyOrgs:
    """Party orgs from the working committee down to party-member households."""
    rng, rnd, rows = draw.rng, draw.rng.random, draw.rows
    cids, cnames = territory.community_ids, territory.community_names
    orgs, covers = rows["PartyOrg"], rows["COVERS"]
    committee = f"{draw.sid}-po"
    orgs.append((committee, draw.name + "党工委", "subdistrict_committee", "", draw.sid))
    corgs = [f"{cid}-po" for cid in cids]
    for corg, cid, cname, urban in zip(corgs, cids, cnames, territory.urban):
        orgs.append((corg, cname + ("党委" if urban else "党总支"), "community", committee, cid))
    branches = []  # (community index, branch id, grids it covers)
    per_community = apportion(GRID_BRANCHES, [len(g) for g in territory.grid_ids], 1)
    for c, (grids, k) in enumerate(zip(territory.grid_ids, per_community)):
        for b in range(k):
            branch = f"{cids[c]}-gb{b + 1:02d}"
            chunk = grids[b * len(grids) // k:(b + 1) * len(grids) // k]
            covered = [g for i, g in enumerate(chunk) if i == 0 or rnd() >= GRID_UNCOVERED_RATE]
            orgs.append((branch, f"{cnames[c]}第{b + 1}网格党支部", "grid_branch", corgs[c], ""))
            covers.extend((branch, g) for g in covered)
            branches.append((c, branch, covered))
    per_branch = apportion(BUILDING_GROUPS, [sum(len(territory.buildings[g]) for g in covered)
                                             for _, _, covered in branches], 1)
    groups = []  # (group id, buildings it covers)
    numbers = [0] * len(cids)
    for (c, branch, covered), k in zip(branches, per_branch):
        grids = rng.sample(covered, min(k, len(covered)))
        for j in range(k):
            bids = territory.buildings[grids[j % len(grids)]]
            sharing, part = len(range(j % len(grids), k, len(grids))), j // len(grids)
            chunk = bids[part * len(bids) // sharing:(part + 1) * len(bids) // sharing] or bids[:1]
            chunk = [b for i, b in enumerate(chunk) if i == 0 or rnd() >= GROUP_SKIP_RATE]
            numbers[c] += 1
            group = f"{cids[c]}-bg{numbers[c]:02d}"
            number = int(chunk[0].rsplit("-b", 1)[1])
            orgs.append((group, f"{cnames[c]}{number}号楼党小组", "building_group", branch, ""))
            covers.extend((group, b) for b in chunk)
            groups.append((group, chunk))
    per_group = [1] * len(groups)
    for _ in range(HOUSEHOLDS - len(groups)):
        per_group[int(rnd() * len(groups))] += 1
    in_building: dict[str, int] = {}
    for (group, chunk), k in zip(groups, per_group):
        for _ in range(k):
            building = chunk[int(rnd() * len(chunk))]
            in_building[building] = n = in_building.get(building, 0) + 1
            rows["Household"].append((f"{building}-hh{n}", draw.person() + "户", building,
                                      group, 5 + int(rnd() * 11)))
    return PartyOrgs(committee, corgs)
