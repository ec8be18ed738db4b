"""Synthetic city: many Daoyi-shaped subdistricts written as one Linli dataset.

Reach for :func:`generate_dataset` when you need a dataset larger than the
bundled Daoyi one (benchmarks, load tests, backend comparisons). It writes the
CSV folder layout of ``spec/DATA_MODEL.md`` (``nodes/<Kind>.csv``,
``relationships/<TYPE>.csv``, ``dataset.toml``) and returns
:class:`GeneratedCounts`, what was written per node kind and relationship type.

Every subdistrict copies the proportions of Daoyi (``spec/DAOYI_FACTS.md``):
exactly 23 communities (16 urban, 7 villages), 182 grids, 2,169 buildings,
165 party-member households, party orgs 1 + 23 + 58 + 87 (+ 8 enterprise,
4 owners' committee and a few property orgs), 210 full-time grid workers,
8 enterprises co-building with exactly 17 communities, 12 service centers and
5 service stations in 17 distinct communities, and 12 red-property estates.
The rest is drawn at random with realistic gaps: buildings without a head or
party group, grids without a branch or a full-time worker, communities without
a co-building partner or service center, and open needs in categories nobody
in the subdistrict offers. Category ids come from the default taxonomy
(``data/taxonomy/Category.csv``), which is loaded by default, so no Category
table is written.

Subdistrict ``i`` draws from its own ``random.Random`` seeded with
``(seed, i)`` (its name from a pool shuffled by ``seed``): output is
byte-identical for a seed, a subdistrict does not depend on how many are
generated, and rows are written one subdistrict at a time, so memory stays
flat however many subdistricts are asked for.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import random
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from graph_model.schema import NODE_SPECS, RELATIONSHIP_TABLES, NodeKind
from loaders.dataset import default_taxonomy
from loaders.synthetic_vocabulary import (
    CAPACITY,
    AREA_M2,
    STRENGTHS,
    SECTOR_OFFERS,
    FACILITY_OFFERS,
    SCARCE,
    COMMON_NEEDS,
    NEED_PHRASES,
    SURNAMES,
    GIVEN_NAMES,
    PLACE_WORDS,
    VILLAGE_WORDS,
    ESTATE_WORDS,
    FIRM_WORDS,
    SUBDISTRICT_NAMES,
    SUBDISTRICTS_PER_DISTRICT,
    DISTRICT_WORDS,
    INDUSTRIES,
    SUBJECTS,
    FACILITY_NAMES,
    PLANNED_ESTATES,
    PHASES,
    TEA_HOUSES,
    OFFER_NOTES,
)

__all__ = ["GeneratedCounts", "generate_dataset"]

logger = logging.getLogger(__name__)

# Tables in the order written; the columns are the schema's, the rows below follow them.
NODE_COLUMNS: dict[str, tuple[str, ...]] = {
    kind.value: tuple(c.name for c in spec.columns)
    for kind, spec in NODE_SPECS.items() if kind is not NodeKind.CATEGORY}
RELATIONSHIP_COLUMNS: dict[str, tuple[str, ...]] = {
    rel.value: ("source", "target", *(c.name for c in spec.properties))
    for rel, spec in RELATIONSHIP_TABLES.items()}

# Daoyi's counts per subdistrict (spec/DAOYI_FACTS.md).
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


def _day(year: int) -> int:
    """Index into ``DATES`` of 1 January of ``year``."""
    return (dt.date(year, 1, 1) - _DAY0).days


@dataclass(frozen=True)
class GeneratedCounts:
    """What :func:`generate_dataset` wrote.

    Attributes
    ----------
    subdistricts : int
        Number of subdistricts generated.
    nodes : dict[str, int]
        Rows per node kind (``nodes/<Kind>.csv``).
    relationships : dict[str, int]
        Rows per relationship type (``relationships/<TYPE>.csv``).
    references : dict[str, int]
        Relationships implied by filled reference columns, per type
        (``HAS_COMMUNITY``, ``LOCATED_IN``, ...; spec §3).
    """

    subdistricts: int
    nodes: dict[str, int]
    relationships: dict[str, int]
    references: dict[str, int]

    @property
    def total_nodes(self) -> int:
        """All nodes written."""
        return sum(self.nodes.values())

    @property
    def total_relationships(self) -> int:
        """All relationships, from relationship tables and reference columns."""
        return sum(self.relationships.values()) + sum(self.references.values())


def generate_dataset(out_dir: Path, *, subdistricts: int, seed: int = 0,
                     progress: Callable[[int, int], None] | None = None) -> GeneratedCounts:
    """Write a synthetic city of Daoyi-shaped subdistricts as a Linli dataset folder.

    Parameters
    ----------
    out_dir : Path
        Dataset folder; created if missing. Files of the same name are overwritten.
    subdistricts : int
        Number of subdistricts (about 5,300 nodes each; 200 make about a million).
    seed : int, default 0
        Same seed, same bytes. Subdistrict ``i`` draws only from ``(seed, i)``.
    progress : callable, optional
        Called as ``progress(done, total)`` after each subdistrict.

    Returns
    -------
    GeneratedCounts
        Rows written per node kind and relationship type.

    Raises
    ------
    ValueError
        If ``subdistricts`` is below 1 or the taxonomy lacks a category id the
        generator uses.

    Notes
    -----
    On a 2-core machine 200 subdistricts (1.06 million nodes, 1.78 million
    relationships, 83 MB) take about 2-3 s and 23 MB of memory; memory does
    not grow with ``subdistricts``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     counts = generate_dataset(Path(tmp), subdistricts=1, seed=7)
    >>> counts.nodes["Community"], counts.nodes["Grid"], counts.nodes["Building"]
    (23, 182, 2169)
    """
    if subdistricts < 1:
        raise ValueError(f"subdistricts must be at least 1, got {subdistricts}")
    taxonomy = _Taxonomy()
    names = random.Random(f"linli-synthetic-city:{seed}:names").sample(SUBDISTRICT_NAMES,
                                                                        len(SUBDISTRICT_NAMES))
    out_dir = Path(out_dir)
    tables = {kind: out_dir / "nodes" / f"{kind}.csv" for kind in NODE_COLUMNS}
    tables |= {rel: out_dir / "relationships" / f"{rel}.csv" for rel in RELATIONSHIP_COLUMNS}
    columns = NODE_COLUMNS | RELATIONSHIP_COLUMNS
    written = dict.fromkeys(columns, 0)
    reference_columns = [(kind.value, i, col.rel.value) for kind, spec in NODE_SPECS.items()
                         if kind is not NodeKind.CATEGORY
                         for i, col in enumerate(spec.columns) if col.rel is not None]
    references = {rel: 0 for _, _, rel in reference_columns}
    for folder in ("nodes", "relationships"):
        (out_dir / folder).mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        writers = {}
        for table, path in tables.items():
            handle = stack.enter_context(path.open("w", encoding="utf-8", newline=""))
            writers[table] = csv.writer(handle, lineterminator="\n")
            writers[table].writerow(columns[table])
        for index in range(subdistricts):
            rows = _Subdistrict(index, seed, taxonomy, names).build()
            for table, table_rows in rows.items():
                writers[table].writerows(table_rows)
                written[table] += len(table_rows)
            for kind, col, rel in reference_columns:
                references[rel] += sum(1 for row in rows[kind] if row[col])
            if progress is not None:
                progress(index + 1, subdistricts)
    (out_dir / "dataset.toml").write_text(
        f'name = "synthetic-city-{subdistricts}-seed{seed}"\n'
        'region = "synthetic"\n'
        f'description = "synthetic city: {subdistricts} subdistrict(s) with the proportions of '
        f'Daoyi Subdistrict, Shenyang (seed {seed})"\n'
        'version = "1"\n', encoding="utf-8")
    counts = GeneratedCounts(subdistricts, {k: written[k] for k in NODE_COLUMNS},
                             {r: written[r] for r in RELATIONSHIP_COLUMNS}, references)
    logger.info("synthetic city: %d subdistricts, %d nodes, %d relationships written to %s",
                subdistricts, counts.total_nodes, counts.total_relationships, out_dir)
    return counts


class _Taxonomy:
    """The default categories: names, ancestors, and for each id the ids it covers (itself and below)."""

    def __init__(self) -> None:
        nodes, links = default_taxonomy()
        self.names = {n.id: n.name for n in nodes}
        parent = {r.target: r.source for r in links}
        self.ancestors: dict[str, tuple[str, ...]] = {}
        self.covered: dict[str, list[str]] = {cid: [] for cid in self.names}
        for cid in self.names:
            chain, up = [], parent.get(cid)
            while up is not None and up not in chain:
                chain.append(up)
                up = parent.get(up)
            self.ancestors[cid] = tuple(chain)
            for covering in (cid, *chain):
                self.covered[covering].append(cid)
        used = {c for offers in (*SECTOR_OFFERS.values(), *FACILITY_OFFERS.values()) for c in offers}
        missing = sorted((used | {*SCARCE, *COMMON_NEEDS, *NEED_PHRASES}) - self.names.keys())
        if missing:
            raise ValueError(f"the default taxonomy lacks categories the generator uses: {missing}")
        # Residents ask for specific services: needs are filed under leaf categories.
        self.need_pool = tuple(c for c, below in self.covered.items() if below == [c]) + COMMON_NEEDS * 2


def _apportion(total: int, weights: list[float], minimum: int) -> list[int]:
    """Split ``total`` into integers proportional to ``weights``, each at least ``minimum``."""
    scale = (total - minimum * len(weights)) / sum(weights)
    shares = [w * scale for w in weights]
    counts = [minimum + int(s) for s in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: int(shares[i]) - shares[i])
    for i in by_remainder[:total - sum(counts)]:
        counts[i] += 1
    return counts


def _mentor_pairs(years: list[int], rng: random.Random) -> list[tuple[int, int]]:
    """Daoyi's one-to-one pairs: the senior half mentors the junior half, 2+ years apart.

    Paired at random; where chance leaves someone out, the sorted pairing is taken
    instead, which pairs as many as possible.
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


class _Subdistrict:
    """The rows of one subdistrict, drawn from its own random stream."""

    def __init__(self, index: int, seed: int, taxonomy: _Taxonomy, names: Sequence[str]) -> None:
        self.rng = random.Random(f"linli-synthetic-city:{seed}:{index}")
        self.tax = taxonomy
        self.sid = f"s{index:04d}"
        again, place = divmod(index, len(names))  # past the name pool, names repeat with a number
        self.name = f"{names[place]}{again + 1 if again else ''}街道"
        self.district = DISTRICT_WORDS[index // SUBDISTRICTS_PER_DISTRICT % len(DISTRICT_WORDS)]
        self.rows: dict[str, list[tuple]] = {t: [] for t in (*NODE_COLUMNS, *RELATIONSHIP_COLUMNS)}

    def build(self) -> dict[str, list[tuple]]:
        self._territory()
        self._party()
        self._workers()
        self._partners()
        self._facilities()
        self._needs()
        return self.rows

    def _person(self) -> str:
        rnd = self.rng.random
        return SURNAMES[int(rnd() * len(SURNAMES))] + GIVEN_NAMES[int(rnd() * len(GIVEN_NAMES))]

    def _date(self, first_year: int, last_year: int = 2024) -> str:
        lo, hi = _day(first_year), min(_day(last_year + 1), len(DATES))
        return DATES[lo + int(self.rng.random() * (hi - lo))]

    def _territory(self) -> None:
        """Subdistrict, communities, estates, grids, buildings and their heads."""
        rng, rnd, sid, rows = self.rng, self.rng.random, self.sid, self.rows
        bases = rng.sample(PLACE_WORDS, URBAN) + rng.sample(VILLAGE_WORDS, VILLAGES)
        self.urban = [c < URBAN for c in range(URBAN + VILLAGES)]
        self.cids = [f"{sid}-c{c + 1:02d}" for c in range(URBAN + VILLAGES)]
        self.cnames = [b + ("社区" if u else "村") for b, u in zip(bases, self.urban)]
        self.bases = bases
        grids_per = _apportion(GRIDS, [rng.uniform(1.0, 1.6) if u else rng.uniform(0.4, 0.8)
                                       for u in self.urban], 3)
        buildings_per = iter(_apportion(BUILDINGS, [rng.uniform(0.5, 1.5) for _ in range(GRIDS)], 3))
        estate_names = iter(rng.sample(ESTATE_WORDS, 5 * URBAN))
        self.grid_ids: list[list[str]] = []  # per community
        self.buildings: dict[str, list[str]] = {}  # grid id -> building ids
        self.estates: list[list[str]] = []  # per community
        self.estate_names: dict[str, str] = {}
        heads, head_of = rows["Person"], rows["BUILDING_HEAD_OF"]
        total = 0
        head_lo, head_span = _day(2012), len(DATES) - _day(2012)
        for c, (cid, base, urban) in enumerate(zip(self.cids, bases, self.urban)):
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
            self.estates.append(estates)
            self.estate_names.update(zip(estates, names))
            estate_households = [0] * len(estates)
            low, span = (8, 33) if urban else (4, 17)
            in_estate_rate = (1 - NO_ESTATE_RATE) if urban else 0.5
            grids = [f"{cid}-g{g + 1:02d}" for g in range(grids_per[c])]
            self.grid_ids.append(grids)
            number = households_sum = 0
            for g, gid in enumerate(grids):
                rows["Grid"].append((gid, f"{self.cnames[c]}第{g + 1}网格", cid))
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
                        heads.append((pid, self._person(), "", "", ""))
                        head_of.append((pid, bid, DATES[head_lo + int(rnd() * head_span)]))
                self.buildings[gid] = bids
            for eid, name, kind, hh in zip(estates, names, kinds, estate_households):
                rows["Estate"].append((eid, name, cid, hh, kind))
            focus = rng.choices(("elderly", "migrant", "youth", "mixed"),
                                (35, 20, 15, 30) if urban else (60, 10, 5, 25))[0]
            rows["Community"].append((cid, self.cnames[c], "urban" if urban else "village", sid,
                                      households_sum, category, focus, rng.randint(1, 5)))
            total += households_sum
        population = int(total * rng.uniform(2.4, 2.8))
        rows["Subdistrict"].append((sid, self.name, round(rng.uniform(15, 60), 2), population,
                                    int(population * rng.uniform(0.012, 0.016))))

    def _party(self) -> None:
        """Party orgs from the working committee down to party-member households."""
        rng, rnd, rows = self.rng, self.rng.random, self.rows
        orgs, covers = rows["PartyOrg"], rows["COVERS"]
        self.committee = f"{self.sid}-po"
        orgs.append((self.committee, self.name + "党工委", "subdistrict_committee", "", self.sid))
        self.corgs = [f"{cid}-po" for cid in self.cids]
        for corg, cid, cname, urban in zip(self.corgs, self.cids, self.cnames, self.urban):
            orgs.append((corg, cname + ("党委" if urban else "党总支"), "community", self.committee, cid))
        branches = []  # (community index, branch id, grids it covers)
        per_community = _apportion(GRID_BRANCHES, [len(g) for g in self.grid_ids], 1)
        for c, (grids, k) in enumerate(zip(self.grid_ids, per_community)):
            for b in range(k):
                branch = f"{self.cids[c]}-gb{b + 1:02d}"
                chunk = grids[b * len(grids) // k:(b + 1) * len(grids) // k]
                covered = [g for i, g in enumerate(chunk) if i == 0 or rnd() >= GRID_UNCOVERED_RATE]
                orgs.append((branch, f"{self.cnames[c]}第{b + 1}网格党支部", "grid_branch",
                             self.corgs[c], ""))
                covers.extend((branch, g) for g in covered)
                branches.append((c, branch, covered))
        per_branch = _apportion(BUILDING_GROUPS, [sum(len(self.buildings[g]) for g in covered)
                                                  for _, _, covered in branches], 1)
        groups = []  # (group id, buildings it covers)
        numbers = [0] * len(self.cids)
        for (c, branch, covered), k in zip(branches, per_branch):
            grids = rng.sample(covered, min(k, len(covered)))
            for j in range(k):
                bids = self.buildings[grids[j % len(grids)]]
                sharing, part = len(range(j % len(grids), k, len(grids))), j // len(grids)
                chunk = bids[part * len(bids) // sharing:(part + 1) * len(bids) // sharing] or bids[:1]
                chunk = [b for i, b in enumerate(chunk) if i == 0 or rnd() >= GROUP_SKIP_RATE]
                numbers[c] += 1
                group = f"{self.cids[c]}-bg{numbers[c]:02d}"
                number = int(chunk[0].rsplit("-b", 1)[1])
                orgs.append((group, f"{self.cnames[c]}{number}号楼党小组", "building_group", branch, ""))
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
                rows["Household"].append((f"{building}-hh{n}", self._person() + "户", building,
                                          group, 5 + int(rnd() * 11)))

    def _workers(self) -> None:
        """Community secretaries with their mentor pairs, and grid workers."""
        rng, rnd, rows = self.rng, self.rng.random, self.rows
        people, workers = rows["Person"], rows["GRID_WORKER_OF"]
        years, self.sec_names = [], []
        for cid, corg in zip(self.cids, self.corgs):
            pid, name = f"{cid}-sec", self._person()
            y = int(rng.triangular(0, 24, 4))
            rating = rng.choices((1, 2, 3, 4, 5), (1, 2, 4, 4, 2))[0]
            strengths = ";".join(rng.sample(STRENGTHS, rng.randint(1, 3)))
            people.append((pid, name, y, rating, strengths))
            rows["SECRETARY_OF"].append((pid, corg, self._date(2024 - y, 2024 - y)))
            years.append(y)
            self.sec_names.append(name)
        for m, e in _mentor_pairs(years[:URBAN], rng):
            rows["MENTORS"].append((f"{self.cids[m]}-sec", f"{self.cids[e]}-sec", self._date(2022)))
        grids = [g for community in self.grid_ids for g in community]
        unstaffed = rng.sample(range(len(grids)), rng.randint(3, 9))
        staffed = [g for i, g in enumerate(grids) if i not in unstaffed]
        second = rng.sample(staffed, FULL_TIME_WORKERS - len(staffed))
        for gid, suffix in [(g, "-w1") for g in staffed] + [(g, "-w2") for g in second]:
            people.append((gid + suffix, self._person(), "", "", ""))
            workers.append((gid + suffix, gid, "true", "staff"))
        roles = rng.choices(("courier", "delivery_rider", "volunteer", "household"), (35, 35, 20, 10),
                            k=rng.randint(60, 120))
        for n, role in enumerate(roles, 1):
            pid = f"{self.sid}-pt{n:03d}"
            people.append((pid, self._person(), "", "", ""))
            community = self.grid_ids[int(rnd() * len(self.grid_ids))]
            workers.extend((pid, g, "false", role)
                           for g in rng.sample(community, min(len(community), rng.randint(1, 3))))

    def _partner(self, sector: str, name: str, community: int | None, co_builds: Sequence[int] = (),
                 org: tuple[str, str, str] | None = None) -> str:
        """Add one Partner with its offers and co-building agreements; return its id.

        ``org`` is (name, level, parent) of a party org whose unit is the partner.
        """
        rng, rows = self.rng, self.rows
        pid = f"{self.sid}-p{len(rows['Partner']) + 1:03d}"
        low, high = CAPACITY[sector]
        if rng.random() >= MISSING_CAPACITY_RATE:
            self.capacity[pid] = rng.randint(low, high)
        rows["Partner"].append((pid, name, sector, "" if community is None else self.cids[community],
                                self.capacity.get(pid, "")))
        self._offer(pid, SECTOR_OFFERS[sector], rng.randint(1, 4))
        co_builds = [c for c in co_builds if c not in self.lonely]
        projects = ";".join(self.tax.names[k] for k in self.offers[pid][:2]) or "党建共建"
        rows["CO_BUILDS"].extend((pid, self.cids[c], self._date(2018), projects) for c in co_builds)
        self.co_built.update(co_builds)
        self.reach[pid] = {*co_builds, *(() if community is None else (community,))}
        self.by_sector.setdefault(sector, []).append(pid)
        if org is not None:
            self.rows["PartyOrg"].append((f"{pid}-po", *org, pid))
        return pid

    def _offer(self, provider: str, categories: tuple[str, ...], k: int) -> None:
        pool = [c for c in categories if c not in self.forbidden]
        chosen = self.rng.sample(pool, min(k, len(pool)))
        self.offers[provider] = chosen
        rnd = self.rng.random
        self.rows["OFFERS"].extend(
            (provider, c, OFFER_NOTES[int(rnd() * len(OFFER_NOTES))] if rnd() < 0.2 else "")
            for c in chosen)

    def _somewhere(self, p: float) -> int | None:
        """A random community with probability ``p``, else None (the partner sits outside)."""
        return self.rng.randrange(len(self.cids)) if self.rng.random() < p else None

    def _serves(self, pid: str, communities: list[int] | None = None) -> None:
        """``pid`` SERVES these communities, or the whole subdistrict when None."""
        targets = [self.sid] if communities is None else [self.cids[c] for c in communities]
        self.rows["SERVES"].extend((pid, t) for t in targets)

    def _partners(self) -> None:
        """Co-building partners of every sector, red property and owners' committees."""
        rng, rnd, n = self.rng, self.rng.random, len(self.cids)
        self.forbidden: set[str] = set()  # nobody in the subdistrict offers these
        for k in rng.sample(SCARCE, 2):
            self.forbidden.update((k, *self.tax.ancestors[k]))
        self.offers: dict[str, list[str]] = {}
        self.reach: dict[str, set[int]] = {}  # communities a provider sits in or co-builds with
        self.capacity: dict[str, int] = {}
        self.by_sector: dict[str, list[str]] = {}
        self.co_built: set[int] = set()
        reached = rng.sample(range(n), ENTERPRISE_REACH)
        self.lonely = rng.sample([c for c in range(n) if c not in reached], rng.randint(1, 3))
        allowed = [c for c in range(n) if c not in self.lonely]
        for e in range(ENTERPRISES):
            co = reached[e::ENTERPRISES]
            co += [c for c in rng.sample(reached, rng.randint(0, 2)) if c not in co]
            name = rng.choice(FIRM_WORDS) + rng.choice(INDUSTRIES) + rng.choice(("有限公司", "集团"))
            self._partner("enterprise", name, self._somewhere(0.75), co,
                          (name + "党支部", "enterprise", self.committee))
        for _ in range(rng.randint(0, 3)):
            self._partner("enterprise", rng.choice(FIRM_WORDS) + rng.choice(INDUSTRIES) + "有限公司",
                          self._somewhere(0.75))
        # Red property: companies with a party org manage exactly 12 estates.
        urban_estates = [(c, e) for c in range(n) if self.urban[c] for e in self.estates[c]]
        red = rng.sample(urban_estates, RED_PROPERTY_ESTATES)
        firms = rng.sample(FIRM_WORDS, 16)
        companies = rng.randint(4, 7)
        plain: list[list[tuple[int, str]]] = [[] for _ in range(rng.randint(4, 9))]  # (community, estate) per company
        for ce in urban_estates:
            if ce not in red and rnd() < 0.75:
                plain[int(rnd() * len(plain))].append(ce)
        for i, managed in enumerate([red[i::companies] for i in range(companies)] + plain):
            c = managed[0][0] if managed else rng.randrange(n)
            name = firms[i] + "物业服务有限公司"
            org = (name + "党支部", "property", self.corgs[c]) if i < companies else None
            pid = self._partner("property_company", name, c, [c] if rnd() < 0.5 else [], org)
            self.rows["MANAGES"].extend((pid, e) for _, e in managed)
        for i, (c, estate_id) in enumerate(rng.sample(urban_estates, RED_OWNERS_COMMITTEES + rng.randint(0, 2))):
            estate = self.estate_names[estate_id]
            org = (estate + "业委会党支部", "owners_committee", self.corgs[c])
            self._partner("owners_committee", estate + "业主委员会", c, [c] if rnd() < 0.5 else [],
                          org if i < RED_OWNERS_COMMITTEES else None)
        for _ in range(rng.randint(1, 3)):
            name = rng.choice(("沈阳", "辽宁", "沈北", "盛京")) + rng.choice(SUBJECTS) + rng.choice(("大学", "学院"))
            pid = self._partner("university", name, self._somewhere(0.3),
                                rng.sample(allowed, rng.randint(1, 3)))
            self._serves(pid, rng.sample(range(n), rng.randint(0, 2)))
        for kind in rng.sample(("中医院", "人民医院", "妇幼保健院"), rng.randint(1, 2)):
            pid = self._partner("hospital", f"{self.district}区{kind}", self._somewhere(0.5),
                                rng.sample(allowed, rng.randint(0, 2)))
            if rnd() < 0.6:
                self._serves(pid)
        self.court = f"{self.district}区人民法院{rng.choice(VILLAGE_WORDS)}法庭"
        court = self._partner("court", self.court, self._somewhere(0.5),
                              rng.sample(allowed, rng.randint(0, 1)))
        town = self.name.removesuffix("街道")
        police = self._partner("police", town + "派出所", rng.randrange(n),
                               rng.sample(allowed, rng.randint(0, 1)))
        urban_management = self._partner("urban_management", town + "城管执法中队", rng.randrange(n))
        for pid in (court, police, urban_management):
            self._serves(pid)
        for _ in range(rng.randint(2, 4)):
            c = rng.randrange(n)
            self._partner("school", rng.choice(PLACE_WORDS) + rng.choice(("小学", "中学", "幼儿园")), c,
                          [c] if rnd() < 0.5 else [])
        for _ in range(rng.randint(3, 6)):
            name = rng.choice(FIRM_WORDS) + rng.choice(("社会工作服务中心", "志愿者协会", "养老服务中心", "调解工作室"))
            pid = self._partner("social_organization", name, rng.randrange(n),
                                rng.sample(allowed, rng.randint(1, 2)))
            self._serves(pid, rng.sample(range(n), rng.randint(0, 2)))
        for c in rng.sample(allowed, rng.randint(1, 3)):
            self._partner("community_company", self.bases[c] + "社区服务有限公司", c, [c])
        for office in rng.sample(("人社局", "住建局", "民政局", "医保局", "不动产登记中心"), rng.randint(2, 3)):
            self._serves(self._partner("government", f"{self.district}区{office}", None))
        for _ in range(rng.randint(1, 3)):
            self._partner("other", rng.choice(FIRM_WORDS) + rng.choice(("快递驿站", "超市", "银行支行")),
                          rng.randrange(n))
        # Only the lonely communities go without a co-building agreement.
        helpers = self.by_sector["social_organization"]
        for c in allowed:
            if c not in self.co_built:
                pid = helpers[int(rnd() * len(helpers))]
                self.rows["CO_BUILDS"].append((pid, self.cids[c], self._date(2018), "党建共建"))
                self.reach[pid].add(c)

    def _facilities(self) -> None:
        """Service centers and stations in 17 communities, and every other facility type."""
        rng, rnd, n = self.rng, self.rng.random, len(self.cids)
        urban = [c for c in range(n) if self.urban[c]]
        centers = rng.sample(range(n), SERVICE_CENTERS)
        rest = [c for c in urban if c not in centers]
        if len(rest) < SERVICE_STATIONS:
            rest = [c for c in range(n) if c not in centers]
        plan = [("service_center", c) for c in centers]
        plan += [("service_station", c) for c in rng.sample(rest, SERVICE_STATIONS)]
        plan += [("canteen", c) for c in rng.sample(urban, 4)]
        plan += [("secretary_studio", c) for c in rng.sample(urban, 3)]
        plan += [("tea_house", c) for c in rng.sample(range(n), 3)]
        plan += [(kind, rng.choice(urban)) for kind in ("health_center", "minor_protection_center",
                                                       "circuit_court")]
        plan += [("health_station", rng.randrange(n)) for _ in range(rng.randint(2, 4))]
        plan += [("parlor", rng.randrange(n)) for _ in range(rng.randint(2, 4))]
        plan += [("other", rng.randrange(n)) for _ in range(rng.randint(1, 3))]
        tea_houses = iter(rng.sample(TEA_HOUSES, 3))
        sector = self.by_sector
        operators = {"canteen": sector.get("community_company", []) + sector["social_organization"],
                     "health_station": sector["hospital"], "health_center": sector["hospital"],
                     "circuit_court": sector["court"]}
        numbers = [0] * n
        for kind, c in plan:
            numbers[c] += 1
            fid = f"{self.cids[c]}-f{numbers[c]:02d}"
            estates = self.estates[c]
            name = FACILITY_NAMES[kind].format(
                community=self.cnames[c], secretary=self.sec_names[c], court=self.court,
                tea_house=next(tea_houses) if kind == "tea_house" else "",
                estate=self.estate_names[rng.choice(estates)] if kind == "service_station" and estates
                else self.cnames[c])
            candidates = operators.get(kind, ())
            operator = rng.choice(candidates) if candidates and rnd() < 0.8 else ""
            low, high = AREA_M2[kind]
            self.rows["Facility"].append((fid, name, kind, self.cids[c], operator, rng.randint(low, high)))
            self._offer(fid, FACILITY_OFFERS[kind], rng.randint(1, 3))
            self.reach[fid] = {c}

    def _needs(self) -> None:
        """Needs; the ones in progress or resolved name a provider that offers their category."""
        rng, rnd, tax = self.rng, self.rng.random, self.tax
        providers: dict[str, list[str]] = {}  # category -> who offers it or an ancestor
        for pid, offered in self.offers.items():
            for k in offered:
                for covered in tax.covered[k]:
                    found = providers.setdefault(covered, [])
                    if not found or found[-1] != pid:
                        found.append(pid)
        load: dict[str, int] = {}
        households = [row[4] for row in self.rows["Community"]]
        count = rng.randint(100, 140)
        places = rng.choices(range(len(self.cids)), households, k=count)
        sources = rng.choices(("tea_house", "hotline_12345", "grid_patrol", "survey", "other"),
                              (15, 35, 30, 10, 10), k=count)
        numbers = [0] * len(self.cids)
        pool = tax.need_pool
        for c, source in zip(places, sources):
            category = pool[int(rnd() * len(pool))]
            r = rnd()
            status = "open" if r < 0.3 else "in_progress" if r < 0.5 else "resolved"
            resolver = ""
            if status != "open":
                options = providers.get(category, [])
                if status == "in_progress":
                    options = [p for p in options if load.get(p, 0) < self.capacity.get(p, count)]
                local = [p for p in options if c in self.reach[p]]
                options = local if local and rnd() < 0.75 else options
                if options:
                    resolver = options[int(rnd() * len(options))]
                    if status == "in_progress":
                        load[resolver] = load.get(resolver, 0) + 1
                else:
                    status = "open"
            estates = self.estates[c]
            place = self.estate_names[rng.choice(estates)] if estates and rnd() < 0.5 else self.cnames[c]
            numbers[c] += 1
            name = place + NEED_PHRASES.get(category, tax.names[category] + "需求")
            affected = 1 + int(rnd() ** 3 * 300)  # most needs touch a few households, some hundreds
            self.rows["Need"].append((f"{self.cids[c]}-n{numbers[c]:03d}", name, self.cids[c], category,
                                      status, affected, source, self._date(2023), resolver))
