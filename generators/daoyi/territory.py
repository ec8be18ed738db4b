"""Daoyi's territory: the subdistrict, its communities, estates, grids and buildings.

Reach for :func:`draw_territory`, the first stage of the build: it lays the
grids out community by community (estate by estate, then loose buildings),
draws the buildings and their households, and appends the Subdistrict,
Community, Estate, Grid and Building rows. The :class:`Territory` it returns
is what the later stages place people and party groups by.

Examples
--------
>>> from generators.daoyi.draft import Draft
>>> from generators.daoyi.table_files import read_tables
>>> draft = Draft(read_tables())
>>> territory = draw_territory(draft)
>>> len(territory.grids), len(territory.buildings), territory.grids[0].name
(182, 2169, '北苑第一网格')
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generators.daoyi.draft import SEED_ROW, SYNTHETIC, Draft, chinese_number, scale_to_total
from generators.daoyi.facts import BUILDINGS
from generators.daoyi.table_rows import DaoyiTables

__all__ = ["GridPlan", "BuildingPlan", "Territory", "draw_territory"]

# Households per building by estate category; loose blocks in town and rows of village houses.
HOUSEHOLDS_PER_BUILDING = {"public_rental": (30, 60), "commercial": (12, 36), "resettlement": (16, 36),
                           "mixed": (10, 28)}
LOOSE_BLOCK_HOUSEHOLDS, VILLAGE_ROW_HOUSEHOLDS = (10, 24), (8, 24)
URBAN_GRID_BUILDINGS, VILLAGE_GRID_BUILDINGS = (9, 16), (5, 8)  # first draw, before adjusting to the total
URBAN_GRID_MOST, URBAN_GRID_LEAST = 18, 8  # bounds while adjusting
SCALED_BUILDING_LEAST = 8  # households left in a building when an estate is scaled to the article's total


@dataclass(frozen=True)
class GridPlan:
    """A grid: its id, name, community key, the estate key it lies in (None: loose buildings), number."""

    id: str
    name: str
    community: str
    estate: str | None
    index: int
    village: bool


@dataclass
class BuildingPlan:
    """A building: its id, name, grid id, estate key (None: loose), households, community key."""

    id: str
    name: str
    grid: str
    estate: str | None
    households: int
    community: str


@dataclass(frozen=True)
class Territory:
    """Grids and buildings in file order, and looked up by community and by grid."""

    grids: list[GridPlan]
    buildings: list[BuildingPlan]
    grids_of: dict[str, list[GridPlan]] = field(init=False)  # community key -> grids
    buildings_in: dict[str, list[BuildingPlan]] = field(init=False)  # grid id -> buildings

    def __post_init__(self) -> None:
        grids_of: dict[str, list[GridPlan]] = {}
        for g in self.grids:
            grids_of.setdefault(g.community, []).append(g)
        buildings_in: dict[str, list[BuildingPlan]] = {}
        for b in self.buildings:
            buildings_in.setdefault(b.grid, []).append(b)
        object.__setattr__(self, "grids_of", grids_of)
        object.__setattr__(self, "buildings_in", buildings_in)


def draw_territory(draft: Draft) -> Territory:
    """Lay out grids, draw buildings, and append the territory's node rows."""
    grids = plan_grids(draft.tables)
    buildings = _draw_buildings(draft, grids)
    _scale_to_article_totals(draft.tables, buildings)
    _add_territory_rows(draft, grids, buildings)
    return Territory(grids, buildings)


def plan_grids(tables: DaoyiTables) -> list[GridPlan]:
    """Every community's grids: its estates' grids in order, then grids of loose buildings."""
    grids = []
    for c in tables.communities:
        short = c.name.removesuffix("社区")
        plan: list[str | None] = [e.key for e in tables.estates_of(c.key) for _ in range(e.grids)]
        plan += [None] * (c.grids - len(plan))
        grids += [GridPlan(f"g-{c.key}-{i:02d}", f"{short}第{chinese_number(i)}网格", c.key, estate, i,
                           c.type == "village") for i, estate in enumerate(plan, 1)]
    return grids


def _draw_buildings(draft: Draft, grids: list[GridPlan]) -> list[BuildingPlan]:
    """Buildings per grid (adjusted to the article's total) with their names and households."""
    rng, tables = draft.rng, draft.tables
    counts = [rng.randint(*VILLAGE_GRID_BUILDINGS) if g.village else rng.randint(*URBAN_GRID_BUILDINGS)
              for g in grids]
    urban = [i for i, g in enumerate(grids) if not g.village]
    while sum(counts) != BUILDINGS:
        i = rng.choice(urban)
        if sum(counts) < BUILDINGS and counts[i] < URBAN_GRID_MOST:
            counts[i] += 1
        elif sum(counts) > BUILDINGS and counts[i] > URBAN_GRID_LEAST:
            counts[i] -= 1
    estates = {e.key: e for e in tables.estates}
    prefix = {c.key: c.building_prefix for c in tables.communities}
    in_estate: dict[str, int] = {}
    loose: dict[str, int] = {}
    buildings = []
    for g, n in zip(grids, counts):
        for j in range(1, n + 1):
            if g.estate:
                in_estate[g.estate] = in_estate.get(g.estate, 0) + 1
                name = f"{estates[g.estate].name}{in_estate[g.estate]}号楼"
                lo, hi = HOUSEHOLDS_PER_BUILDING[estates[g.estate].category]
            elif g.village:
                name = f"{prefix[g.community]}{chinese_number(g.index)}组第{j}排"
                lo, hi = VILLAGE_ROW_HOUSEHOLDS
            else:
                loose[g.community] = loose.get(g.community, 0) + 1
                name = f"{prefix[g.community]}{loose[g.community]}号楼"
                lo, hi = LOOSE_BLOCK_HOUSEHOLDS
            buildings.append(BuildingPlan(f"b-{g.community}-{g.index:02d}-{j:03d}", name, g.id, g.estate,
                                          rng.randint(lo, hi), g.community))
    return buildings


def _scale_to_article_totals(tables: DaoyiTables, buildings: list[BuildingPlan]) -> None:
    """Where the article gives an estate's households (人杰水岸: 5,362), its buildings add up to it."""
    for estate in tables.estates:
        if estate.households is None:
            continue
        inside = [b for b in buildings if b.estate == estate.key]
        scaled = scale_to_total([b.households for b in inside], estate.households, floor=SCALED_BUILDING_LEAST)
        for b, households in zip(inside, scaled):
            b.households = households


def _add_territory_rows(draft: Draft, grids: list[GridPlan], buildings: list[BuildingPlan]) -> None:
    tables, nodes = draft.tables, draft.nodes
    sd = tables.subdistrict
    nodes["Subdistrict"].append({"id": sd.id, "name": sd.name, "area_km2": sd.area_km2, "population": sd.population,
                                 "party_members": sd.party_members, "source": SEED_ROW, "note": sd.note})
    in_community: dict[str, int] = {}
    in_estate: dict[str, int] = {}
    for b in buildings:
        in_community[b.community] = in_community.get(b.community, 0) + b.households
        if b.estate:
            in_estate[b.estate] = in_estate.get(b.estate, 0) + b.households
    for c in tables.communities:
        nodes["Community"].append({
            "id": c.id, "name": c.name, "type": c.type, "subdistrict": sd.id, "households": in_community[c.key],
            "estate_category": c.estate_category, "service_focus": c.service_focus,
            "governance_strength": c.governance_strength, "source": c.source, "note": c.note})
    for c in tables.communities:
        for e in tables.estates_of(c.key):
            nodes["Estate"].append({"id": e.id, "name": e.name, "community": c.id,
                                    "households": in_estate[e.key], "category": e.category, "source": e.source})
    ids = {c.key: c.id for c in tables.communities}
    for g in grids:
        nodes["Grid"].append({"id": g.id, "name": g.name, "community": ids[g.community], "source": SYNTHETIC})
    for b in buildings:
        nodes["Building"].append({"id": b.id, "name": b.name, "grid": b.grid,
                                  "estate": f"e-{b.estate}" if b.estate else "", "households": b.households,
                                  "source": SYNTHETIC})
