"""Daoyi's party organisations: the working committee down to party-member households.

Reach for :func:`draw_party`, the second stage of the build: the working
committee, 23 community party orgs, 58 grid branches (each a run of
consecutive grids; a few grids are left uncovered on purpose), 87 building
groups (every branch one, 29 branches a second, each over 3-7 consecutive
buildings of one grid), the partners' party orgs, and 165 party-member
households in buildings their group covers.

Examples
--------
>>> from generators.daoyi.draft import Draft
>>> from generators.daoyi.table_files import read_tables
>>> from generators.daoyi.territory import draw_territory
>>> draft = Draft(read_tables())
>>> households = draw_party(draft, draw_territory(draft))
>>> len(households), len(draft.nodes["PartyOrg"])
(165, 188)
"""

from __future__ import annotations

from dataclasses import dataclass

from generators.daoyi.draft import SEED_ROW, SYNTHETIC, Draft, Row, chinese_number
from generators.daoyi.facts import BUILDING_GROUPS, GRID_BRANCHES, HOUSEHOLDS
from generators.daoyi.territory import BuildingPlan, GridPlan, Territory

__all__ = ["PartyHousehold", "draw_party"]

GROUP_BUILDINGS = (3, 7)  # consecutive buildings a building group covers
MOST_HOUSEHOLDS_PER_GROUP = 4
LINKED_HOUSEHOLDS = (5, 15)  # households a party-member household keeps in touch with


@dataclass(frozen=True)
class PartyHousehold:
    """A party-member household's row, the person it is named after and the grid it lives in."""

    row: Row
    person: str
    grid: str


@dataclass(frozen=True)
class _Branch:
    id: str
    name: str
    parent: str
    grids: list[GridPlan]


@dataclass(frozen=True)
class _Group:
    id: str
    name: str
    parent: str
    buildings: list[BuildingPlan]


def draw_party(draft: Draft, territory: Territory) -> list[PartyHousehold]:
    """Append every PartyOrg, their COVERS and the Household rows; return the households."""
    tables, orgs, covers = draft.tables, draft.nodes["PartyOrg"], draft.rels["COVERS"]
    committee = tables.subdistrict.party_committee_id
    orgs.append({"id": committee, "name": tables.subdistrict.party_committee, "level": "subdistrict_committee",
                 "parent": "", "unit": tables.subdistrict.id, "source": SEED_ROW})
    for c in tables.communities:
        suffix = "党委" if c.type == "urban" else "党总支"
        orgs.append({"id": c.party_org_id, "name": f"{c.name}{suffix}", "level": "community",
                     "parent": committee, "unit": c.id, "source": c.source})
    branches = _grid_branches(draft, territory)
    for br in branches:
        orgs.append(_org_row(br.id, br.name, "grid_branch", br.parent))
        covers.extend({"source": br.id, "target": g.id, "origin": SYNTHETIC} for g in br.grids)
    groups = _building_groups(draft, territory, branches)
    for grp in groups:
        orgs.append(_org_row(grp.id, grp.name, "building_group", grp.parent))
        covers.extend({"source": grp.id, "target": b.id, "origin": SYNTHETIC} for b in grp.buildings)
    for po in tables.partner_party_orgs:
        orgs.append({"id": po.id, "name": po.name, "level": po.level, "parent": po.parent, "unit": po.unit,
                     "source": po.source})
    households = _households(draft, groups)
    draft.nodes["Household"] = [h.row for h in households]
    return households


def _org_row(oid: str, name: str, level: str, parent: str) -> Row:
    return {"id": oid, "name": name, "level": level, "parent": parent, "unit": "", "source": SYNTHETIC}


def _grid_branches(draft: Draft, territory: Territory) -> list[_Branch]:
    """Each community's branches share its covered grids (all but the last few) in consecutive runs."""
    branches = []
    for c in draft.tables.communities:
        grids = territory.grids_of[c.key]
        covered = grids[: len(grids) - c.uncovered_grids]
        n = c.grid_branches
        sizes = [len(covered) // n + (1 if i < len(covered) % n else 0) for i in range(n)]
        start = 0
        for i, size in enumerate(sizes, 1):
            branches.append(_Branch(f"po-gb-{c.key}-{i:02d}", f"{c.name}网格第{chinese_number(i)}党支部",
                                    c.party_org_id, covered[start:start + size]))
            start += size
    if len(branches) != GRID_BRANCHES:
        raise ValueError(f"communities.csv lays out {len(branches)} grid branches, not {GRID_BRANCHES}")
    return branches


def _building_groups(draft: Draft, territory: Territory, branches: list[_Branch]) -> list[_Group]:
    """Every branch has a building group in its first grid; some (drawn) a second in its second grid."""
    rng = draft.rng
    twice = set(rng.sample([b.id for b in branches if len(b.grids) >= 2], BUILDING_GROUPS - len(branches)))
    groups = []
    for br in branches:
        for grid in br.grids[:2 if br.id in twice else 1]:
            pool = territory.buildings_in[grid.id]
            k = min(len(pool), rng.randint(*GROUP_BUILDINGS))
            start = rng.randint(0, len(pool) - k)
            groups.append(_Group(f"po-bg-{grid.id[2:]}", f"{grid.name}楼栋党小组", br.id, pool[start:start + k]))
    return groups


def _households(draft: Draft, groups: list[_Group]) -> list[PartyHousehold]:
    """165 party-member households, 1-4 per group, each in a building its group covers."""
    rng = draft.rng
    per_group = [1] * len(groups)
    while sum(per_group) < HOUSEHOLDS:
        i = rng.randrange(len(groups))
        if per_group[i] < MOST_HOUSEHOLDS_PER_GROUP:
            per_group[i] += 1
    households: list[PartyHousehold] = []
    for group, n in zip(groups, per_group):
        for _ in range(n):
            building = rng.choice(group.buildings)
            person = draft.person()
            row = {"id": f"h-{len(households) + 1:03d}", "name": f"{person}党员中心户", "building": building.id,
                   "party_group": group.id, "linked_households": rng.randint(*LINKED_HOUSEHOLDS),
                   "source": SYNTHETIC}
            households.append(PartyHousehold(row, person, building.grid))
    return households
