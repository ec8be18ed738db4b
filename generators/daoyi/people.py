"""Daoyi's people: community secretaries and their mentor pairs, grid workers, building heads.

Reach for :func:`draw_people`, the third stage of the build. Secretaries and
pairs come from the tables; the 210 full-time grid workers staff every grid
but a few (the largest urban grids get a second), part-time workers are
couriers, delivery riders, volunteers and party-member-household members,
and most buildings get a head (now and then one head looks after two
neighbouring buildings).

Examples
--------
>>> from generators.daoyi.draft import Draft
>>> from generators.daoyi.party import draw_party
>>> from generators.daoyi.table_files import read_tables
>>> from generators.daoyi.territory import draw_territory
>>> draft = Draft(read_tables())
>>> territory = draw_territory(draft)
>>> draw_people(draft, territory, draw_party(draft, territory))
>>> len(draft.rels["SECRETARY_OF"]), len(draft.rels["MENTORS"])
(23, 8)
"""

from __future__ import annotations

import datetime as dt

from generators.daoyi.draft import ARTICLE_DATE, SYNTHETIC, Draft, date_between
from generators.daoyi.facts import FULL_TIME_WORKERS
from generators.daoyi.party import PartyHousehold
from generators.daoyi.territory import Territory

__all__ = ["draw_people"]

# (role, how many, most grids each covers): part-time grid workers besides household members.
PART_TIME = (("courier", 18, 3), ("delivery_rider", 18, 3), ("volunteer", 16, 1))
HOUSEHOLD_WORKERS = 14  # party-member-household members working their own grid
NO_HEAD_RATE = {"village": 0.25, "urban": 0.08}
SHARED_HEAD_RATE = 0.12  # a head also looks after the next building of the same grid
HEADS_SINCE = (dt.date(2023, 2, 1), dt.date(2024, 6, 30))


def draw_people(draft: Draft, territory: Territory, households: list[PartyHousehold]) -> None:
    """Append every Person with their SECRETARY_OF, MENTORS, GRID_WORKER_OF and BUILDING_HEAD_OF rows."""
    _secretaries(draft)
    _full_time_workers(draft, territory)
    _part_time_workers(draft, territory, households)
    _building_heads(draft, territory)


def _secretaries(draft: Draft) -> None:
    rng, tables = draft.rng, draft.tables
    secretaries = {s.community: s for s in tables.secretaries}
    for c in tables.communities:
        s = secretaries[c.key]
        pid = f"ps-sec-{c.key}"
        draft.nodes["Person"].append({"id": pid, "name": s.name, "years_as_secretary": s.years_as_secretary,
                                      "rating": s.rating, "strengths": s.strengths, "source": SYNTHETIC})
        since = (ARTICLE_DATE.replace(year=ARTICLE_DATE.year - s.years_as_secretary)
                 - dt.timedelta(days=rng.randint(30, 300)))
        draft.rels["SECRETARY_OF"].append({"source": pid, "target": c.party_org_id, "since": since.isoformat(),
                                           "origin": SYNTHETIC})
    for pair in tables.mentor_pairs:
        draft.rels["MENTORS"].append({"source": f"ps-sec-{pair.mentor}", "target": f"ps-sec-{pair.mentee}",
                                      "since": pair.since, "origin": SYNTHETIC})


def _full_time_workers(draft: Draft, territory: Territory) -> None:
    """One per grid (but the communities' listed exceptions); the largest urban grids get a second."""
    unstaffed = {f"g-{c.key}-{n:02d}" for c in draft.tables.communities for n in c.grids_without_fulltime_worker}
    staffed = [g for g in territory.grids if g.id not in unstaffed]
    by_size = sorted((g for g in staffed if not g.village),
                     key=lambda g: (-len(territory.buildings_in[g.id]), g.id))
    second = {g.id for g in by_size[: FULL_TIME_WORKERS - len(staffed)]}
    n = 0
    for g in staffed:
        for _ in range(2 if g.id in second else 1):
            n += 1
            pid = draft.add_person(f"ps-gw-{n:03d}")
            draft.rels["GRID_WORKER_OF"].append({"source": pid, "target": g.id, "full_time": "true",
                                                 "role": "staff", "origin": SYNTHETIC})


def _part_time_workers(draft: Draft, territory: Territory, households: list[PartyHousehold]) -> None:
    """Couriers and riders over 1-3 neighbouring grids, volunteers, and household members on their own grid."""
    rng, workers = draft.rng, draft.rels["GRID_WORKER_OF"]
    keys = [c.key for c in draft.tables.communities]
    n = 0
    for role, count, span in PART_TIME:
        for _ in range(count):
            n += 1
            pid = draft.add_person(f"ps-pt-{n:03d}")
            grids = territory.grids_of[rng.choice(keys)]
            k = min(len(grids), rng.randint(1, span))
            start = rng.randint(0, len(grids) - k)
            workers.extend({"source": pid, "target": g.id, "full_time": "false", "role": role, "origin": SYNTHETIC}
                           for g in grids[start:start + k])
    for h in sorted(rng.sample(households, HOUSEHOLD_WORKERS), key=lambda h: h.row["id"]):
        n += 1
        pid = draft.add_person(f"ps-pt-{n:03d}", h.person, note=f"{h.row['name']}（{h.row['id']}）")
        workers.append({"source": pid, "target": h.grid, "full_time": "false", "role": "household",
                        "origin": SYNTHETIC})


def _building_heads(draft: Draft, territory: Territory) -> None:
    """Most buildings have a head; now and then the previous building's head looks after this one too."""
    rng = draft.rng
    types = {c.key: c.type for c in draft.tables.communities}
    n = 0
    previous: tuple[str, str] | None = None  # (grid, head's person id)
    for b in territory.buildings:
        if rng.random() < NO_HEAD_RATE[types[b.community]]:
            previous = None
            continue
        if previous and previous[0] == b.grid and rng.random() < SHARED_HEAD_RATE:
            pid = previous[1]
        else:
            n += 1
            pid = draft.add_person(f"ps-bh-{n:04d}")
        previous = (b.grid, pid)
        draft.rels["BUILDING_HEAD_OF"].append({"source": pid, "target": b.id,
                                               "since": date_between(rng, *HEADS_SINCE), "origin": SYNTHETIC})
