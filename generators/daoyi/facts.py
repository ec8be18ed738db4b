"""The counts the article gives for Daoyi, which the bundled dataset must hold exactly.

Reach for :func:`fact_problems` (every fact the built rows break) or
:func:`check_facts` (raise them); the generator checks before it writes
anything. The facts are restated for users in ``data/daoyi/README.md``
("Counts").

Examples
--------
>>> from generators.daoyi import build_dataset
>>> rows = build_dataset()
>>> fact_problems(rows.nodes, rows.relationships)
[]
>>> from graph_model.i18n import use_language
>>> with use_language("en"):  # the generator's checks are worded in English (a maintainer's tool)
...     [str(p) for p in fact_problems(rows.nodes | {"Grid": rows.nodes["Grid"][1:]}, rows.relationships)]
['nodes/Grid.csv: 182 grids (got 181)']
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from graph_model.errors import DatasetError, Problem

__all__ = ["GRIDS", "BUILDINGS", "GRID_BRANCHES", "BUILDING_GROUPS", "HOUSEHOLDS", "FULL_TIME_WORKERS",
           "fact_problems", "check_facts"]

GRIDS, BUILDINGS = 182, 2169
GRID_BRANCHES, BUILDING_GROUPS, HOUSEHOLDS = 58, 87, 165
FULL_TIME_WORKERS = 210

Rows = dict[str, list[dict[str, Any]]]  # table name -> rows


def fact_problems(nodes: Rows, rels: Rows) -> list[Problem]:
    """Every Daoyi fact the rows break, as a problem naming the table; empty when all hold.

    Parameters
    ----------
    nodes, rels : dict
        Rows per node kind and per relationship type.

    Returns
    -------
    list of Problem
        One per broken fact.
    """
    orgs, partners = nodes.get("PartyOrg", []), nodes.get("Partner", [])
    levels = Counter(o["level"] for o in orgs)
    enterprises = {p["id"] for p in partners if p["sector"] == "enterprise"}
    red_property = {o["unit"] for o in orgs if o["level"] == "property"}
    facility_types = Counter(f["type"] for f in nodes.get("Facility", []))
    communities = nodes.get("Community", [])
    ids = Counter(r["id"] for table in nodes.values() for r in table if "id" in r)  # NeedEvent rows have none
    facts: list[tuple[str, str, object, object]] = [  # (where, fact, expected, found)
        ("nodes/PartyOrg.csv", "1 / 23 / 58 / 87 party orgs of level subdistrict_committee / community / "
         "grid_branch / building_group", (1, 23, GRID_BRANCHES, BUILDING_GROUPS),
         (levels["subdistrict_committee"], levels["community"], levels["grid_branch"], levels["building_group"])),
        ("nodes/Household.csv", f"{HOUSEHOLDS} party-member households", HOUSEHOLDS, len(nodes.get("Household", []))),
        ("nodes/Grid.csv", f"{GRIDS} grids", GRIDS, len(nodes.get("Grid", []))),
        ("nodes/Building.csv", f"{BUILDINGS:,} buildings", BUILDINGS, len(nodes.get("Building", []))),
        ("nodes/Community.csv", "23 communities, 16 urban", (23, 16),
         (len(communities), sum(c["type"] == "urban" for c in communities))),
        ("relationships/GRID_WORKER_OF.csv", f"{FULL_TIME_WORKERS} full-time grid workers", FULL_TIME_WORKERS,
         len({r["source"] for r in rels.get("GRID_WORKER_OF", []) if r["full_time"] == "true"})),
        ("relationships/MENTORS.csv", "8 mentor pairs", 8, len(rels.get("MENTORS", []))),
        ("nodes/Partner.csv", "8 enterprises", 8, len(enterprises)),
        ("relationships/CO_BUILDS.csv", "17 communities co-building with an enterprise", 17,
         len({r["target"] for r in rels.get("CO_BUILDS", []) if r["source"] in enterprises})),
        ("nodes/Facility.csv", "12 / 5 / 4 / 3 service centers / stations / canteens / secretary studios",
         (12, 5, 4, 3), tuple(facility_types[t] for t in ("service_center", "service_station", "canteen",
                                                          "secretary_studio"))),
        ("relationships/MANAGES.csv", "12 estates managed by red property (a company with a party org)", 12,
         len({r["target"] for r in rels.get("MANAGES", []) if r["source"] in red_property})),
        ("nodes/PartyOrg.csv", "4 owners' committee party orgs", 4, levels["owners_committee"]),
        ("nodes", "ids unique across the node tables (repeated)", (), tuple(sorted(i for i, n in ids.items() if n > 1))),
    ]
    return [Problem(where, None, None, None, f"{fact} (got {_shown(found)})")
            for where, fact, expected, found in facts if found != expected]


def check_facts(nodes: Rows, rels: Rows) -> None:
    """Raise :class:`~graph_model.errors.DatasetError` listing every Daoyi fact the rows break."""
    problems = fact_problems(nodes, rels)
    if problems:
        raise DatasetError(problems)


def _shown(value: object) -> str:
    if isinstance(value, tuple):
        return " / ".join(map(str, value))
    return str(value)
