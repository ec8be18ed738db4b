"""What every stage of the synthetic city shares: Daoyi's counts, the tables, one subdistrict's random stream.

Reach for :class:`SubdistrictDraw` to start a subdistrict (its random stream,
its name and the rows drawn so far), :class:`CityTaxonomy` for the default
categories as the generator needs them, and :func:`apportion` to split a
count in proportion. The stages that fill the rows are in
:mod:`generators.city_territory`, :mod:`generators.city_people`,
:mod:`generators.city_partners` and :mod:`generators.city_services`.

Examples
--------
>>> draw = SubdistrictDraw(0, seed=7, names=["道义"], taxonomy=CityTaxonomy())
>>> draw.sid, draw.name
('s0000', '道义街道')
>>> apportion(10, [1.0, 1.0, 2.0], 1)
[3, 3, 4]
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from graph_model.schema import NODE_SPECS, RELATIONSHIP_TABLES, NodeKind
from graph_model.taxonomy import lineage
from loaders.dataset import default_taxonomy
from generators.city_vocabulary import (
    COMMON_NEEDS,
    DISTRICT_WORDS,
    FACILITY_OFFERS,
    GIVEN_NAMES,
    NEED_PHRASES,
    SCARCE,
    SECTOR_OFFERS,
    SUBDISTRICTS_PER_DISTRICT,
    SURNAMES,
)

__all__ = ["NODE_COLUMNS", "RELATIONSHIP_COLUMNS", "DATES", "day", "CityTaxonomy", "SubdistrictDraw", "apportion",
           "URBAN", "VILLAGES", "GRIDS", "BUILDINGS", "GRID_BRANCHES", "BUILDING_GROUPS", "HOUSEHOLDS",
           "FULL_TIME_WORKERS", "ENTERPRISES", "ENTERPRISE_REACH", "SERVICE_CENTERS", "SERVICE_STATIONS",
           "RED_PROPERTY_ESTATES", "RED_OWNERS_COMMITTEES", "HEAD_RATE", "GRID_UNCOVERED_RATE",
           "GROUP_SKIP_RATE", "NO_ESTATE_RATE", "MISSING_CAPACITY_RATE"]

# Tables in the order written; the columns are the schema's, the rows drawn follow them.
NODE_COLUMNS: dict[str, tuple[str, ...]] = {
    kind.value: tuple(c.name for c in spec.columns)
    for kind, spec in NODE_SPECS.items() if kind not in (NodeKind.CATEGORY, NodeKind.NEED_EVENT)}
RELATIONSHIP_COLUMNS: dict[str, tuple[str, ...]] = {
    rel.value: ("source", "target", *(c.name for c in spec.properties))
    for rel, spec in RELATIONSHIP_TABLES.items()}

# Daoyi's counts per subdistrict (the facts the bundled dataset holds; data/daoyi/README.md).
URBAN, VILLAGES, GRIDS, BUILDINGS = 16, 7, 182, 2169
GRID_BRANCHES, BUILDING_GROUPS, HOUSEHOLDS = 58, 87, 165
FULL_TIME_WORKERS, ENTERPRISES, ENTERPRISE_REACH = 210, 8, 17
SERVICE_CENTERS, SERVICE_STATIONS, RED_PROPERTY_ESTATES, RED_OWNERS_COMMITTEES = 12, 5, 12, 4
# Gap rates: our reading of a real subdistrict, not facts from the article.
HEAD_RATE, GRID_UNCOVERED_RATE, GROUP_SKIP_RATE, NO_ESTATE_RATE = 0.92, 0.05, 0.1, 0.06
MISSING_CAPACITY_RATE = 0.1

_DAY0 = dt.date(2010, 1, 1)
DATES = tuple((_DAY0 + dt.timedelta(days=d)).isoformat()
              for d in range((dt.date(2024, 8, 28) - _DAY0).days + 1))  # up to the article's date


def day(year: int) -> int:
    """Index into ``DATES`` of 1 January of ``year``.

    Examples
    --------
    >>> DATES[day(2012)]
    '2012-01-01'
    """
    return (dt.date(year, 1, 1) - _DAY0).days


class CityTaxonomy:
    """The default categories: names, ancestors, and for each id the ids it covers (itself and below).

    Raises
    ------
    ValueError
        If the default taxonomy lacks a category the generator's vocabulary uses.

    Examples
    --------
    >>> taxonomy = CityTaxonomy()
    >>> "elderly_meals" in taxonomy.covered["elderly"], "elderly" in taxonomy.ancestors["elderly_meals"]
    (True, True)
    """

    def __init__(self) -> None:
        nodes, links = default_taxonomy()
        self.names = {n.id: n.name for n in nodes}
        parents: dict[str, list[str]] = {}
        for r in links:
            parents.setdefault(r.target, []).append(r.source)
        self.ancestors: dict[str, tuple[str, ...]] = {}
        self.covered: dict[str, list[str]] = {cid: [] for cid in self.names}
        for cid in self.names:
            chain = lineage(cid, parents.get)
            self.ancestors[cid] = tuple(chain[1:])
            for covering in chain:
                self.covered[covering].append(cid)
        used = {c for offers in (*SECTOR_OFFERS.values(), *FACILITY_OFFERS.values()) for c in offers}
        missing = sorted((used | {*SCARCE, *COMMON_NEEDS, *NEED_PHRASES}) - self.names.keys())
        if missing:
            raise ValueError(f"the default taxonomy lacks categories the generator uses: {missing}")
        # Residents ask for specific services: needs are filed under leaf categories.
        self.need_pool = tuple(c for c, below in self.covered.items() if below == [c]) + COMMON_NEEDS * 2


class SubdistrictDraw:
    """One subdistrict's random stream, its names, the taxonomy and the rows drawn so far.

    Subdistrict ``index`` draws only from ``(seed, index)``; ``names`` is the
    shuffled pool of subdistrict names (past its end, names repeat with a number).

    Examples
    --------
    >>> draw = SubdistrictDraw(3, seed=0, names=["虎石", "道义"], taxonomy=CityTaxonomy())
    >>> draw.name, draw.rows["Grid"]
    ('道义2街道', [])
    """

    def __init__(self, index: int, *, seed: int, names: Sequence[str], taxonomy: CityTaxonomy) -> None:
        self.rng = random.Random(f"linli-synthetic-city:{seed}:{index}")
        self.taxonomy = taxonomy
        self.sid = f"s{index:04d}"
        again, place = divmod(index, len(names))
        self.name = f"{names[place]}{again + 1 if again else ''}街道"
        self.district = DISTRICT_WORDS[index // SUBDISTRICTS_PER_DISTRICT % len(DISTRICT_WORDS)]
        self.rows: dict[str, list[tuple]] = {t: [] for t in (*NODE_COLUMNS, *RELATIONSHIP_COLUMNS)}

    def person(self) -> str:
        """A random person's name."""
        rnd = self.rng.random
        return SURNAMES[int(rnd() * len(SURNAMES))] + GIVEN_NAMES[int(rnd() * len(GIVEN_NAMES))]

    def date(self, first_year: int, last_year: int = 2024) -> str:
        """A random ISO date from 1 January ``first_year`` to the end of ``last_year`` (at most the article's date)."""
        lo, hi = day(first_year), min(day(last_year + 1), len(DATES))
        return DATES[lo + int(self.rng.random() * (hi - lo))]


def apportion(total: int, weights: list[float], minimum: int) -> list[int]:
    """Split ``total`` into integers proportional to ``weights``, each at least ``minimum``.

    Examples
    --------
    >>> apportion(7, [1.0, 1.0, 1.0], 2)
    [3, 2, 2]
    """
    scale = (total - minimum * len(weights)) / sum(weights)
    shares = [w * scale for w in weights]
    counts = [minimum + int(s) for s in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: int(shares[i]) - shares[i])
    for i in by_remainder[:total - sum(counts)]:
        counts[i] += 1
    return counts
