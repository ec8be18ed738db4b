"""The synthetic city generator: determinism, Daoyi proportions, valid references, loadable output."""

from __future__ import annotations

import csv
import hashlib
import os
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from loaders import load_dataset
from loaders.dataset import default_taxonomy
from generators.synthetic_city import GeneratedCounts, generate_dataset

SUBDISTRICTS = 2

# Reference columns and relationship tables of the data model (docs/data-model.md), written
# out here rather than read from the schema so the test checks the generator against the model.
REFERENCES = {
    ("Community", "subdistrict"): {"Subdistrict"},
    ("Estate", "community"): {"Community"},
    ("Grid", "community"): {"Community"},
    ("Building", "grid"): {"Grid"},
    ("Building", "estate"): {"Estate"},
    ("PartyOrg", "parent"): {"PartyOrg"},
    ("PartyOrg", "unit"): {"Subdistrict", "Community", "Estate", "Partner"},
    ("Household", "building"): {"Building"},
    ("Household", "party_group"): {"PartyOrg"},
    ("Partner", "community"): {"Community"},
    ("Facility", "community"): {"Community"},
    ("Facility", "operator"): {"Partner"},
    ("Need", "community"): {"Community"},
    ("Need", "category"): {"Category"},
    ("Need", "resolved_by"): {"Partner", "Facility"},
}
REQUIRED_REFERENCES = {("Community", "subdistrict"), ("Estate", "community"), ("Grid", "community"),
                       ("Building", "grid"), ("Household", "building"), ("Facility", "community"),
                       ("Need", "community"), ("Need", "category")}
RELATIONSHIPS = {
    "COVERS": ({"PartyOrg"}, {"Grid", "Building"}),
    "SECRETARY_OF": ({"Person"}, {"PartyOrg"}),
    "BUILDING_HEAD_OF": ({"Person"}, {"Building"}),
    "GRID_WORKER_OF": ({"Person"}, {"Grid"}),
    "MENTORS": ({"Person"}, {"Person"}),
    "CO_BUILDS": ({"Partner"}, {"Community"}),
    "OFFERS": ({"Partner", "Facility"}, {"Category"}),
    "SERVES": ({"Partner"}, {"Community", "Subdistrict"}),
    "MANAGES": ({"Partner"}, {"Estate"}),
}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _subdistrict(node_id: str) -> str:
    return node_id.split("-", 1)[0]


class City:
    """A generated dataset read back with the csv module."""

    def __init__(self, folder: Path, counts: GeneratedCounts) -> None:
        self.folder, self.counts = folder, counts
        self.nodes = {p.stem: _read(p) for p in sorted((folder / "nodes").glob("*.csv"))}
        self.rels = {p.stem: _read(p) for p in sorted((folder / "relationships").glob("*.csv"))}
        self.by_id = {row["id"]: row for rows in self.nodes.values() for row in rows}
        self.kind = {row["id"]: kind for kind, rows in self.nodes.items() for row in rows}

    def per_subdistrict(self, kind: str, **where: str) -> Counter[str]:
        return Counter(_subdistrict(r["id"]) for r in self.nodes[kind]
                       if all(r[k] == v for k, v in where.items()))


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> City:
    folder = tmp_path_factory.mktemp("city")
    return City(folder, generate_dataset(folder, subdistricts=SUBDISTRICTS, seed=0))


def test_same_seed_gives_identical_bytes_even_in_another_process(city: City, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate_dataset(again, subdistricts=SUBDISTRICTS, seed=0)
    assert _digest(again) == _digest(city.folder)
    # String hashing differs between processes; the output must not depend on it.
    script = "import sys; from pathlib import Path; from generators.synthetic_city import generate_dataset; " \
             f"generate_dataset(Path(sys.argv[1]), subdistricts={SUBDISTRICTS}, seed=0)"
    other = tmp_path / "other"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", script, str(other)], check=True, env=env)
    assert _digest(other) == _digest(city.folder)


def test_different_seed_gives_different_data(city: City, tmp_path: Path) -> None:
    generate_dataset(tmp_path, subdistricts=SUBDISTRICTS, seed=1)
    ours, theirs = _digest(city.folder), _digest(tmp_path)
    assert ours.keys() == theirs.keys()
    assert ours["nodes/Person.csv"] != theirs["nodes/Person.csv"]
    assert ours["nodes/Need.csv"] != theirs["nodes/Need.csv"]


def test_subdistricts_are_independent_of_how_many_are_generated(city: City, tmp_path: Path) -> None:
    generate_dataset(tmp_path, subdistricts=1, seed=0)
    one = _read(tmp_path / "nodes" / "Building.csv")
    assert one == [r for r in city.nodes["Building"] if r["id"].startswith("s0000-")]


def test_layout_has_every_table_but_category(city: City) -> None:
    assert set(city.nodes) == {"Subdistrict", "Community", "Estate", "Grid", "Building", "PartyOrg",
                               "Household", "Person", "Partner", "Facility", "Need"}
    assert set(city.rels) == set(RELATIONSHIPS)
    assert (city.folder / "dataset.toml").read_text(encoding="utf-8").startswith('name = "synthetic-city-')


def test_counts_report_what_was_written(city: City) -> None:
    assert city.counts.subdistricts == SUBDISTRICTS
    assert city.counts.nodes == {kind: len(rows) for kind, rows in city.nodes.items()}
    assert city.counts.relationships == {rel: len(rows) for rel, rows in city.rels.items()}
    assert city.counts.references["HAS_BUILDING"] == len(city.nodes["Building"])
    assert city.counts.references["RESOLVED_BY"] == sum(1 for n in city.nodes["Need"] if n["resolved_by"])
    assert city.counts.total_nodes == len(city.kind)


def test_ids_are_ascii_unique_and_prefixed_by_subdistrict(city: City) -> None:
    ids = [row["id"] for rows in city.nodes.values() for row in rows]
    assert len(ids) == len(set(ids))
    assert all(i.isascii() and " " not in i for i in ids)
    assert {_subdistrict(i) for i in ids} == {"s0000", "s0001"}
    categories = {n.id for n in default_taxonomy()[0]}
    assert not categories & set(ids)


def test_every_reference_names_a_node_of_the_right_kind(city: City) -> None:
    kinds = city.kind | {n.id: "Category" for n in default_taxonomy()[0]}
    for (kind, column), targets in REFERENCES.items():
        for row in city.nodes[kind]:
            value = row[column]
            if not value:
                assert (kind, column) not in REQUIRED_REFERENCES, (kind, row["id"], column)
                continue
            assert kinds.get(value) in targets, (kind, row["id"], column, value)
            if kinds[value] != "Category":
                assert _subdistrict(value) == _subdistrict(row["id"])
    for rel, (sources, targets) in RELATIONSHIPS.items():
        keys = [(r["source"], r["target"]) for r in city.rels[rel]]
        assert len(keys) == len(set(keys)), rel
        for source, target in keys:
            assert kinds.get(source) in sources, (rel, source)
            assert kinds.get(target) in targets, (rel, target)


def test_each_subdistrict_has_daoyi_exact_counts(city: City) -> None:
    each = lambda n: {"s0000": n, "s0001": n}  # noqa: E731
    assert city.per_subdistrict("Subdistrict") == each(1)
    assert city.per_subdistrict("Community", type="urban") == each(16)
    assert city.per_subdistrict("Community", type="village") == each(7)
    assert city.per_subdistrict("Grid") == each(182)
    assert city.per_subdistrict("Building") == each(2169)
    assert city.per_subdistrict("Household") == each(165)
    for level, n in [("subdistrict_committee", 1), ("community", 23), ("grid_branch", 58),
                     ("building_group", 87), ("enterprise", 8), ("owners_committee", 4)]:
        assert city.per_subdistrict("PartyOrg", level=level) == each(n), level
    assert city.per_subdistrict("Facility", type="service_center") == each(12)
    assert city.per_subdistrict("Facility", type="service_station") == each(5)
    workers = city.rels["GRID_WORKER_OF"]
    full_time = Counter(_subdistrict(r["source"]) for r in workers if r["full_time"] == "true")
    assert full_time == each(210)
    assert Counter(_subdistrict(r["source"]) for r in city.rels["SECRETARY_OF"]) == each(23)


def test_party_orgs_lead_level_by_level(city: City) -> None:
    above = {"community": "subdistrict_committee", "grid_branch": "community",
             "building_group": "grid_branch", "enterprise": "subdistrict_committee"}
    orgs = [r for r in city.nodes["PartyOrg"] if r["level"] in above]
    assert all(city.by_id[r["parent"]]["level"] == above[r["level"]] for r in orgs)
    for r in city.nodes["PartyOrg"]:
        if r["level"] in ("enterprise", "property", "owners_committee"):
            sector = {"property": "property_company"}.get(r["level"], r["level"])
            assert city.by_id[r["unit"]]["sector"] == sector
        if r["level"] == "community":
            assert city.kind[r["unit"]] == "Community"
    households = city.nodes["Household"]
    assert all(city.by_id[h["party_group"]]["level"] == "building_group" for h in households)
    covered = {(r["source"], r["target"]) for r in city.rels["COVERS"]}
    assert all((h["party_group"], h["building"]) in covered for h in households)


def test_co_building_service_points_and_red_property_follow_daoyi(city: City) -> None:
    partners = city.by_id
    enterprise_orgs = {r["unit"] for r in city.nodes["PartyOrg"] if r["level"] == "enterprise"}
    reach, any_partner = defaultdict(set), defaultdict(set)
    for r in city.rels["CO_BUILDS"]:
        any_partner[_subdistrict(r["target"])].add(r["target"])
        if r["source"] in enterprise_orgs:
            reach[_subdistrict(r["source"])].add(r["target"])
    assert {s: len(c) for s, c in reach.items()} == {"s0000": 17, "s0001": 17}
    for s, communities in any_partner.items():
        assert 20 <= len(communities) <= 22, "1-3 communities per subdistrict without any partner"
    points = defaultdict(set)
    for f in city.nodes["Facility"]:
        if f["type"] in ("service_center", "service_station"):
            points[_subdistrict(f["id"])].add(f["community"])
    assert {s: len(c) for s, c in points.items()} == {"s0000": 17, "s0001": 17}
    red_companies = {r["unit"] for r in city.nodes["PartyOrg"] if r["level"] == "property"}
    red = Counter(_subdistrict(r["target"]) for r in city.rels["MANAGES"] if r["source"] in red_companies)
    assert red == {"s0000": 12, "s0001": 12}
    assert all(partners[r["source"]]["sector"] == "property_company" for r in city.rels["MANAGES"])
    for s in ("s0000", "s0001"):
        mine = [p for p in city.nodes["Partner"] if p["id"].startswith(s)]
        assert {p["sector"] for p in mine} == {
            "enterprise", "university", "hospital", "court", "police", "urban_management", "school",
            "property_company", "owners_committee", "social_organization", "community_company",
            "government", "other"}
        assert sum(1 for p in mine if p["capacity"]) > 0.8 * len(mine)
        assert len({f["type"] for f in city.nodes["Facility"] if f["id"].startswith(s)}) == 11


def test_secretaries_carry_a_portrait_and_mentor_pairs_keep_the_two_year_rule(city: City) -> None:
    vocabulary = {"mediation", "elderly", "property", "youth", "migrant", "economy", "party_building"}
    secretaries = {r["source"] for r in city.rels["SECRETARY_OF"]}
    for pid in secretaries:
        person = city.by_id[pid]
        assert person["years_as_secretary"].isdigit()
        assert 1 <= int(person["rating"]) <= 5
        assert set(person["strengths"].split(";")) <= vocabulary
    community_of = {r["source"]: city.by_id[r["target"]]["unit"] for r in city.rels["SECRETARY_OF"]}
    pairs = Counter()
    seen: set[str] = set()
    for r in city.rels["MENTORS"]:
        mentor, mentee = city.by_id[r["source"]], city.by_id[r["target"]]
        assert int(mentor["years_as_secretary"]) - int(mentee["years_as_secretary"]) >= 2
        assert {r["source"], r["target"]} <= secretaries and not {r["source"], r["target"]} & seen
        seen |= {r["source"], r["target"]}
        assert {city.by_id[community_of[p]]["type"] for p in (r["source"], r["target"])} == {"urban"}
        pairs[_subdistrict(r["source"])] += 1
    assert all(7 <= pairs[s] <= 8 for s in ("s0000", "s0001"))


def test_needs_have_resolvers_only_when_not_open(city: City) -> None:
    statuses = Counter(n["status"] for n in city.nodes["Need"])
    assert set(statuses) == {"open", "in_progress", "resolved"}
    for need in city.nodes["Need"]:
        assert bool(need["resolved_by"]) == (need["status"] != "open"), need["id"]
        assert need["reported"][:2] == "20" and len(need["reported"]) == 10


def test_realistic_gaps_are_present(city: City) -> None:
    taxonomy = default_taxonomy()
    parent = {r.target: r.source for r in taxonomy[1]}
    headed = {r["target"] for r in city.rels["BUILDING_HEAD_OF"]}
    buildings = city.nodes["Building"]
    assert 0.8 * len(buildings) < len(headed) < len(buildings)
    branch_covered = {r["target"] for r in city.rels["COVERS"] if city.kind[r["target"]] == "Grid"}
    staffed = {r["target"] for r in city.rels["GRID_WORKER_OF"] if r["full_time"] == "true"}
    grids = {g["id"] for g in city.nodes["Grid"]}
    assert 0 < len(grids - branch_covered) < 0.15 * len(grids)
    assert 0 < len(grids - staffed) < 0.1 * len(grids)
    # Open needs in categories nobody in their subdistrict offers (nor an ancestor of them).
    offered = {(_subdistrict(r["source"]), r["target"]) for r in city.rels["OFFERS"]}
    orphans = 0
    for need in city.nodes["Need"]:
        chain, k = [], need["category"]
        while k:
            chain.append(k)
            k = parent.get(k)
        if not any((_subdistrict(need["id"]), k) in offered for k in chain):
            assert need["status"] == "open"
            orphans += 1
    assert 0 < orphans < 0.25 * len(city.nodes["Need"])


def test_progress_is_reported_per_subdistrict(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    generate_dataset(tmp_path, subdistricts=2, seed=3, 
                     progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 2), (2, 2)]


def test_rejects_an_empty_city(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        generate_dataset(tmp_path, subdistricts=0)


def test_generated_city_loads_without_errors(city: City) -> None:
    dataset = load_dataset(city.folder)
    nodes, relationships = dataset.counts()
    categories, subcategories = (len(part) for part in default_taxonomy())
    assert nodes == city.counts.total_nodes + categories
    assert relationships == city.counts.total_relationships + subcategories
