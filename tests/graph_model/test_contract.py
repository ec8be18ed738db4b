"""The backend contract: MemoryStore and Neo4jStore answer identically on the same datasets.

Every dataset — the bundled Daoyi one, each hand-made dataset under
``tests/fixtures/``, and a small synthetic city — is loaded into a fresh
embedded store and into the real Neo4j server (cleared first). Then both
backends are held to the dataset itself (counts, nodes and relationships read
back) and to each other: the JSON of ``stats``, ``match`` for every open need
(with and without ``in_area_only``), ``coverage_gaps`` for the whole dataset
and each community, ``propose_mentor_pairs`` in every mode and scope, and the
lookups the API and the maps use.

Needs ``LINLI_NEO4J_URI`` (``scripts/neo4j start --fresh``); without it these
tests fail, they never skip.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from graph_model.errors import DatasetError, NotFound
from graph_model.gaps import GapKind
from graph_model.queries import coverage_gaps, match, propose_mentor_pairs
from graph_model.records import GraphStats
from graph_model.schema import NodeKind, RelType
from graph_model.store import GraphStore
from graph_model.stores.memory.store import MemoryStore
from graph_model.stores.neo4j.store import Neo4jStore
from loaders import Dataset, bundled_dataset_path, load_dataset

pytestmark = pytest.mark.neo4j

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BACKENDS = ("memory", "neo4j")


def _valid_fixture(path: Path) -> bool:
    """Hand-made datasets only: other tests keep deliberately broken ones there too."""
    try:
        load_dataset(path)
    except DatasetError:
        return False
    return True


def _dataset_params() -> list[str]:
    names = ["daoyi"] if bundled_dataset_path().is_dir() else []
    if FIXTURES.is_dir():
        datasets = [p for p in sorted(FIXTURES.iterdir()) if (p / "nodes").is_dir() or p.suffix == ".xlsx"]
        names += [f"fixture:{p.name}" for p in datasets if _valid_fixture(p)]
    return names + ["synthetic"]


@dataclass
class Loaded:
    """One dataset in both backends."""

    name: str
    dataset: Dataset
    memory: GraphStore
    neo4j_store: Neo4jStore
    loaded_into_neo4j: dict[str, str] = field(default_factory=dict)

    def store(self, backend: str) -> GraphStore:
        """The backend's store holding this dataset (reloading Neo4j if another dataset took it)."""
        if backend == "memory":
            return self.memory
        if self.loaded_into_neo4j.get("current") != self.name:
            self.neo4j_store.clear()
            self.neo4j_store.apply(self.dataset.change_set())
            self.loaded_into_neo4j["current"] = self.name
        return self.neo4j_store

    @property
    def dataset_counts(self) -> Counter[str]:
        return Counter(n.kind.value for n in self.dataset.nodes)

    @property
    def both(self) -> tuple[GraphStore, GraphStore]:
        return self.store("memory"), self.store("neo4j")


@pytest.fixture(scope="module")
def neo4j_store(neo4j_uri: str) -> Iterator[Neo4jStore]:
    store = Neo4jStore.from_settings(uri=neo4j_uri)
    yield store
    store.close()


@pytest.fixture(scope="module")
def neo4j_holds() -> dict[str, str]:
    """Which dataset the (single) Neo4j database holds now."""
    return {}


@pytest.fixture(scope="module", params=_dataset_params())
def loaded(request: pytest.FixtureRequest, neo4j_store: Neo4jStore, neo4j_holds: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Loaded:
    name: str = request.param
    if name == "daoyi":
        dataset = load_dataset(bundled_dataset_path())
        memory: GraphStore = request.getfixturevalue("daoyi_store")
    else:
        if name == "synthetic":
            from generators.synthetic_city import generate_dataset

            path = tmp_path_factory.mktemp("synthetic")
            generate_dataset(path, subdistricts=2, seed=11)
        else:
            path = FIXTURES / name.removeprefix("fixture:")
        dataset = load_dataset(path)
        memory = MemoryStore()
        memory.apply(dataset.change_set())
    return Loaded(name, dataset, memory, neo4j_store, neo4j_holds)


# -- each backend against the dataset itself -----------------------------------------------------
@pytest.mark.parametrize("backend", BACKENDS)
def test_stats_count_what_the_dataset_holds(loaded: Loaded, backend: str) -> None:
    expected = GraphStats.ordered(
        Counter(n.kind.value for n in loaded.dataset.nodes),
        Counter(r.type.value for r in loaded.dataset.relationships),
        Counter(str(n.props.get("level")) for n in loaded.dataset.nodes if n.kind is NodeKind.PARTY_ORG),
    )
    assert loaded.store(backend).stats() == expected


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_whole_graph_reads_back_unchanged(loaded: Loaded, backend: str) -> None:
    graph = loaded.store(backend).subgraph()
    assert [(n.id, n.kind, dict(n.props)) for n in graph.nodes] == sorted(
        ((n.id, n.kind, dict(n.props)) for n in loaded.dataset.nodes), key=lambda t: t[0]
    )
    assert [(r.type, r.source, r.target, dict(r.props)) for r in graph.relationships] == sorted(
        ((r.type, r.source, r.target, dict(r.props)) for r in loaded.dataset.relationships),
        key=lambda t: (t[0].value, t[1], t[2]),
    )


# -- the two backends against each other -------------------------------------------------------------
def _open_needs(store: GraphStore) -> list[str]:
    return [n.id for n in store.find(NodeKind.NEED, status="open")]


def test_stats_json_is_identical(loaded: Loaded) -> None:
    memory, neo4j = loaded.both
    assert neo4j.stats().as_dict() == memory.stats().as_dict()


@pytest.mark.parametrize("in_area_only", [False, True], ids=["any", "in_area_only"])
def test_match_for_every_open_need_is_identical(loaded: Loaded, in_area_only: bool) -> None:
    memory, neo4j = loaded.both
    needs = _open_needs(memory)
    assert needs == _open_needs(neo4j)
    different = [
        need
        for need in needs
        for limit in (5, 1000)
        if match(memory, need=need, limit=limit, in_area_only=in_area_only).as_dict()
        != match(neo4j, need=need, limit=limit, in_area_only=in_area_only).as_dict()
    ]
    assert different == []


def test_match_by_community_and_category_is_identical(loaded: Loaded) -> None:
    memory, neo4j = loaded.both
    communities = memory.ids(NodeKind.COMMUNITY)[:3]
    categories = memory.ids(NodeKind.CATEGORY)
    different = [
        (c, k)
        for c in communities
        for k in categories
        if match(memory, community=c, category=k, limit=1000).as_dict()
        != match(neo4j, community=c, category=k, limit=1000).as_dict()
    ]
    assert different == []


def test_coverage_gaps_of_the_whole_dataset_are_identical(loaded: Loaded) -> None:
    memory, neo4j = loaded.both
    expected = coverage_gaps(memory).as_dict()
    assert coverage_gaps(neo4j).as_dict() == expected
    assert sum(expected["summary"].values()) == len(expected["gaps"])


@pytest.mark.parametrize("as_of", ["2024-01-01", "2024-04-15", "2024-09-30T12:30", None])
def test_need_overdue_as_of_is_identical(loaded: Loaded, as_of: str | None) -> None:
    memory, neo4j = loaded.both
    expected = coverage_gaps(memory, kinds=["need_overdue"], as_of=as_of).as_dict()
    assert coverage_gaps(neo4j, kinds=["need_overdue"], as_of=as_of).as_dict() == expected
    for c in memory.ids(NodeKind.COMMUNITY)[:4]:
        assert coverage_gaps(neo4j, community=c, kinds=["need_overdue"], as_of=as_of).as_dict() == coverage_gaps(
            memory, community=c, kinds=["need_overdue"], as_of=as_of).as_dict()


def test_need_histories_and_time_limits_are_identical(loaded: Loaded) -> None:
    memory, neo4j = loaded.both
    history = memory.need_history()
    assert neo4j.need_history() == history
    needs = memory.ids(NodeKind.NEED)
    assert neo4j.need_history([*needs[:7], "no-such-need"]) == memory.need_history([*needs[:7], "no-such-need"])
    assert sum(map(len, history.values())) == loaded.dataset_counts.get("NeedEvent", 0)
    assert neo4j.category_time_limits() == memory.category_time_limits()


def test_coverage_gaps_of_each_community_are_identical(loaded: Loaded) -> None:
    memory, neo4j = loaded.both
    different = [
        c for c in memory.ids(NodeKind.COMMUNITY)
        if coverage_gaps(memory, community=c).as_dict() != coverage_gaps(neo4j, community=c).as_dict()
    ]
    assert different == []


@pytest.mark.parametrize("mode", ["keep", "fresh"])
@pytest.mark.parametrize("scope", ["subdistrict", "all"])
def test_mentor_pairs_are_identical(loaded: Loaded, mode: str, scope: str) -> None:
    memory, neo4j = loaded.both
    expected = propose_mentor_pairs(memory, mode=mode, scope=scope)  # type: ignore[arg-type]
    answer = propose_mentor_pairs(neo4j, mode=mode, scope=scope)  # type: ignore[arg-type]
    assert answer.as_dict(names=True) == expected.as_dict(names=True)


def test_pattern_facts_are_identical(loaded: Loaded) -> None:
    memory, neo4j = loaded.both
    assert neo4j.secretaries() == memory.secretaries()
    assert neo4j.mentor_links() == memory.mentor_links()
    categories = memory.ids(NodeKind.CATEGORY)
    assert [neo4j.category_lineage(k) for k in categories] == [memory.category_lineage(k) for k in categories]
    for community in memory.ids(NodeKind.COMMUNITY)[:2]:
        for category in categories:
            got = {ev.id: ev for ev in neo4j.match_evidence(community, category)}
            want = {ev.id: ev for ev in memory.match_evidence(community, category)}
            assert got.keys() == want.keys()
            for ident, ev in want.items():  # the memory backend keeps edge insertion order; compare as sets
                mine = got[ident]
                assert (mine.name, mine.kind, mine.sector, mine.in_progress, mine.capacity) == (ev.name, ev.kind, ev.sector, ev.in_progress, ev.capacity)
                assert mine.offers == ev.offers
                for part in ("agreements", "located_in", "serves", "resolved"):
                    assert sorted(getattr(mine, part), key=repr) == sorted(getattr(ev, part), key=repr)


def test_lookups_are_identical(loaded: Loaded) -> None:
    memory, neo4j = loaded.both
    for kind in NodeKind:
        ids = memory.ids(kind)
        assert neo4j.ids(kind) == ids
        sample = ids[:: max(1, len(ids) // 5)][:5]
        assert neo4j.kinds_of([*sample, "no-such-id"]) == memory.kinds_of([*sample, "no-such-id"])
        for node_id in sample:
            assert neo4j.get(node_id) == memory.get(node_id)
            name = memory.get(node_id).name  # type: ignore[union-attr]
            assert neo4j.find(kind, name=name) == memory.find(kind, name=name)
            for direction in ("out", "in", "both"):
                assert neo4j.relationships(node_id, direction=direction) == memory.relationships(node_id, direction=direction)  # type: ignore[arg-type]
            assert neo4j.relationships(node_id, types=[RelType.HAS_GRID, RelType.COVERS]) == memory.relationships(
                node_id, types=[RelType.HAS_GRID, RelType.COVERS]
            )
        if sample:
            assert neo4j.neighbourhood(sample[0], depth=2) == memory.neighbourhood(sample[0], depth=2)
    kinds, types = [NodeKind.COMMUNITY, NodeKind.GRID, NodeKind.PARTNER], [RelType.HAS_GRID, RelType.CO_BUILDS]
    assert neo4j.subgraph(kinds, types) == memory.subgraph(kinds, types)
    assert neo4j.find(NodeKind.NEED, status="open", households_affected=None) == memory.find(
        NodeKind.NEED, status="open", households_affected=None
    )


def test_unknown_ids_get_the_same_suggestions(loaded: Loaded) -> None:
    memory, neo4j = loaded.both
    community = memory.ids(NodeKind.COMMUNITY)[0]
    typo = community + "z"
    for call in (
        lambda s: s.neighbourhood(typo),
        lambda s: s.match_evidence(typo, "elderly_meals"),
        lambda s: s.category_lineage("eldrly_meals"),
        lambda s: s.gap_facts(GapKind.COMMUNITY_WITHOUT_PARTNER, typo),
        lambda s: match(s, community=community, category="eldrly_meals"),
    ):
        with pytest.raises(NotFound) as want:
            call(memory)
        with pytest.raises(NotFound) as got:
            call(neo4j)
        assert str(got.value) == str(want.value)
        assert got.value.suggestions == want.value.suggestions
