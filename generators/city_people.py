"""A synthetic subdistrict's people: community secretaries, their mentor pairs, grid workers.

Reach for :func:`draw_people` after the territory and party orgs are drawn;
:func:`mentor_pairs` is the one-to-one pairing of secretaries it uses.

Examples
--------
>>> mentor_pairs([1, 9, 3, 12], random.Random(0))
[(1, 2), (3, 0)]
"""

from __future__ import annotations

import random

from generators.city_drawing import FULL_TIME_WORKERS, URBAN, SubdistrictDraw
from generators.city_territory import PartyOrgs, Territory
from generators.city_vocabulary import STRENGTHS

__all__ = ["draw_people", "mentor_pairs"]


def mentor_pairs(years: list[int], rng: random.Random) -> list[tuple[int, int]]:
    """Daoyi's one-to-one pairs: the senior half mentors the junior half, 2+ years apart.

    Paired at random; where chance leaves someone out, the sorted pairing is taken
    instead, which pairs as many as possible.

    Parameters
    ----------
    years : list of int
        Years as secretary, by position.
    rng : random.Random
        The stream the random pairing draws from.

    Returns
    -------
    list of (int, int)
        (mentor, mentee) positions.
    """
    by_years = sorted(range(len(years)), key=lambda i: years[i])
    juniors, seniors = by_years[:len(years) // 2], by_years[len(years) // 2:]
    shuffled = rng.sample(juniors, len(juniors))
    pairs = []
    for m in seniors:
        e = next((e for e in shuffled if years[m] - years[e] >= 2), None)
        if e is not None:
            shuffled.remove(e)
            pairs.append((m, e))
    if len(pairs) < len(seniors):
        rest = iter(juniors)
        e = next(rest, None)
        sorted_pairs = []
        for m in seniors:
            if e is not None and years[m] - years[e] >= 2:
                sorted_pairs.append((m, e))
                e = next(rest, None)
        pairs = max(pairs, sorted_pairs, key=len)
    return pairs


def draw_people(draw: SubdistrictDraw, territory: Territory, orgs: PartyOrgs) -> list[str]:
    """Community secretaries with their mentor pairs, and grid workers; returns the secretaries' names."""
    rng, rnd, rows = draw.rng, draw.rng.random, draw.rows
    cids = territory.community_ids
    people, workers = rows["Person"], rows["GRID_WORKER_OF"]
    years, names = [], []
    for cid, corg in zip(cids, orgs.community_orgs):
        pid, name = f"{cid}-sec", draw.person()
        y = int(rng.triangular(0, 24, 4))
        rating = rng.choices((1, 2, 3, 4, 5), (1, 2, 4, 4, 2))[0]
        strengths = ";".join(rng.sample(STRENGTHS, rng.randint(1, 3)))
        people.append((pid, name, y, rating, strengths))
        rows["SECRETARY_OF"].append((pid, corg, draw.date(2024 - y, 2024 - y)))
        years.append(y)
        names.append(name)
    for m, e in mentor_pairs(years[:URBAN], rng):
        rows["MENTORS"].append((f"{cids[m]}-sec", f"{cids[e]}-sec", draw.date(2022)))
    grids = [g for community in territory.grid_ids for g in community]
    unstaffed = rng.sample(range(len(grids)), rng.randint(3, 9))
    staffed = [g for i, g in enumerate(grids) if i not in unstaffed]
    second = rng.sample(staffed, FULL_TIME_WORKERS - len(staffed))
    for gid, suffix in [(g, "-w1") for g in staffed] + [(g, "-w2") for g in second]:
        people.append((gid + suffix, draw.person(), "", "", ""))
        workers.append((gid + suffix, gid, "true", "staff"))
    roles = rng.choices(("courier", "delivery_rider", "volunteer", "household"), (35, 35, 20, 10),
                        k=rng.randint(60, 120))
    for n, role in enumerate(roles, 1):
        pid = f"{draw.sid}-pt{n:03d}"
        people.append((pid, draw.person(), "", "", ""))
        community = territory.grid_ids[int(rnd() * len(territory.grid_ids))]
        workers.extend((pid, g, "false", role)
                       for g in rng.sample(community, min(len(community), rng.randint(1, 3))))
    return names
