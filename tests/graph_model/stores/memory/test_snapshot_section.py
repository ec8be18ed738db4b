"""The snapshot's matching section: a command that only matches reads it alone, and answers as the whole graph does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generators.synthetic_city import generate_dataset
from graph_model.errors import LinliError
from graph_model.queries import coverage_gaps, match
from graph_model.records import ChangeSet, Node, Relationship
from graph_model.schema import NodeKind, RelType
from graph_model.settings import LinliSettings
from graph_model.stores.memory.journaled_store import JournaledStore
from graph_model.stores.memory.snapshot import SnapshotStore, load_with_snapshot, write_snapshot
from graph_model.stores.memory.store import MemoryStore
from loaders import bundled_dataset_path
from tests.loaders.builders import loaded
from loaders.opening import open_store


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("city") / "city"
    generate_dataset(out, subdistricts=3, seed=11)
    return out



def _lazy(dataset: Path, state: Path) -> SnapshotStore:
    """The store a command opens from the snapshot (the files are never read)."""
    store = load_with_snapshot(dataset, state_dir=state, load=lambda *_: pytest.fail("read the files"))
    assert isinstance(store, SnapshotStore)
    return store


def _read_whole(store: MemoryStore) -> bool:
    return "graph" in vars(store)


def _answer(store: MemoryStore, **query: object) -> str:
    try:
        return json.dumps(match(store, **query).as_dict(), ensure_ascii=False, sort_keys=True)  # type: ignore[arg-type]
    except LinliError as err:
        return f"{type(err).__name__}: {err}"


@pytest.mark.parametrize("which", ["daoyi", "city"])
def test_every_match_from_the_section_is_the_whole_graphs(which: str, city: Path, tmp_path: Path) -> None:
    dataset = bundled_dataset_path() if which == "daoyi" else city
    fresh = loaded(dataset)
    write_snapshot(fresh, dataset=dataset, state_dir=tmp_path)
    lazy = _lazy(dataset, tmp_path)
    needs = [n.id for n in fresh.find(NodeKind.NEED)]
    communities = fresh.ids(NodeKind.COMMUNITY)
    categories = fresh.ids(NodeKind.CATEGORY)  # parents too: their subcategories' offers count
    queries: list[dict[str, object]] = [{"need": n, "limit": 8} for n in needs]
    queries += [{"need": n, "in_area_only": True} for n in needs[::5]]
    queries += [{"community": c, "category": k} for c in communities[::4] for k in categories]
    queries += [{"need": fresh.find(NodeKind.NEED)[0].name}, {"community": fresh.find(NodeKind.COMMUNITY)[-1].name, "category": "养老"}]
    queries += [{"need": "no-such-need"}, {"community": "no-such-community", "category": categories[0]}]
    assert len(queries) > 100
    for query in queries:
        assert _answer(lazy, **query) == _answer(fresh, **query), query
    assert not _read_whole(lazy), "a match read the whole graph"


def test_ids_outside_the_section_are_told_from_unknown_ids(city: Path, tmp_path: Path) -> None:
    fresh = loaded(city)
    write_snapshot(fresh, dataset=city, state_dir=tmp_path)
    lazy = _lazy(city, tmp_path)
    assert lazy.get("no-such-id") is None and lazy.relationships("no-such-id") == [] and lazy.kinds_of(["no-such-id"]) == {}
    need = fresh.ids(NodeKind.NEED)[0]
    assert lazy.relationships(need, types=[RelType.HAS_NEED, RelType.IN_CATEGORY]) == fresh.relationships(
        need, types=[RelType.HAS_NEED, RelType.IN_CATEGORY])
    assert not _read_whole(lazy)
    building = fresh.ids(NodeKind.BUILDING)[0]
    assert lazy.get(building) == fresh.get(building)  # a node the section does not hold: the whole graph is read
    assert _read_whole(lazy)
    assert _answer(lazy, need=building) == _answer(fresh, need=building)  # a building is not a need, as before


def test_the_section_is_not_read_for_a_query_it_cannot_answer(city: Path, tmp_path: Path) -> None:
    fresh = loaded(city)
    write_snapshot(fresh, dataset=city, state_dir=tmp_path)
    community = fresh.ids(NodeKind.COMMUNITY)[0]
    grids = fresh.relationships(community, types=[RelType.HAS_GRID])
    assert grids  # a community's grids are not in the section (HAS_GRID is not closed)
    for asked in ({"types": [RelType.HAS_GRID]}, {"types": [RelType.HAS_NEED, RelType.HAS_GRID]}, {}):
        lazy = _lazy(city, tmp_path)
        assert lazy.relationships(community, **asked) == fresh.relationships(community, **asked)  # type: ignore[arg-type]
        assert _read_whole(lazy), asked


def _new_need(number: int, community: str, category: str, partner: str) -> list[ChangeSet]:
    """What the API writes for a need reported, dispatched and resolved (the daily loop)."""
    need, event = f"api-need-{number}", f"api-need-{number}#1"
    return [
        ChangeSet([Node(need, NodeKind.NEED, {"name": f"接口诉求{number}", "status": "open", "reported": "2024-09-01"})],
                  [Relationship(RelType.HAS_NEED, community, need), Relationship(RelType.IN_CATEGORY, need, category)]),
        ChangeSet([Node(event, NodeKind.NEED_EVENT, {"action": "dispatch", "at": "2024-09-02T09:00", "seq": 1})],
                  [Relationship(RelType.HAS_EVENT, need, event), Relationship(RelType.HANDLED_BY, event, partner)]),
        ChangeSet([Node(need, NodeKind.NEED, {"name": f"接口诉求{number}", "status": "resolved", "reported": "2024-09-01"})],
                  [Relationship(RelType.RESOLVED_BY, need, partner)], detach=[(need, RelType.RESOLVED_BY)]),
    ]


def test_writes_inside_the_section_are_kept_for_the_whole_graph(city: Path, tmp_path: Path) -> None:
    fresh = loaded(city)
    write_snapshot(fresh, dataset=city, state_dir=tmp_path)
    lazy = _lazy(city, tmp_path)
    community, partner = fresh.ids(NodeKind.COMMUNITY)[0], fresh.ids(NodeKind.PARTNER)[0]
    category = next(iter(fresh.category_relations(fresh.ids(NodeKind.CATEGORY)[-1])))
    changes = [c for n in range(3) for c in _new_need(n, community, category, partner)]
    for change in changes:
        lazy.apply(change)
        fresh.apply(change)
    assert not _read_whole(lazy)
    for query in ({"need": "api-need-1"}, {"community": community, "category": category}):
        assert _answer(lazy, **query) == _answer(fresh, **query)
    assert not _read_whole(lazy)
    assert lazy.stats().as_dict() == fresh.stats().as_dict()  # counted on the whole graph, the writes applied to it
    assert _read_whole(lazy)
    assert json.dumps(coverage_gaps(lazy).as_dict(), sort_keys=True) == json.dumps(coverage_gaps(fresh).as_dict(), sort_keys=True)
    assert lazy.graph._succ == fresh.graph._succ and lazy.graph._node == fresh.graph._node


def test_a_write_outside_the_section_reads_the_whole_graph(city: Path, tmp_path: Path) -> None:
    fresh = loaded(city)
    write_snapshot(fresh, dataset=city, state_dir=tmp_path)
    lazy = _lazy(city, tmp_path)
    community, partner = fresh.ids(NodeKind.COMMUNITY)[0], fresh.ids(NodeKind.PARTNER)[0]
    category = fresh.ids(NodeKind.CATEGORY)[0]
    inside = _new_need(7, community, category, partner)[0]
    building = fresh.ids(NodeKind.BUILDING)[0]
    outside = [
        ChangeSet([Node("p-new", NodeKind.PERSON, {"name": "新楼长"})], [Relationship(RelType.BUILDING_HEAD_OF, "p-new", building)]),
        ChangeSet([Node(building, NodeKind.NEED, {"name": "改了种类"})]),  # an id of another kind: refused, as by the whole graph
    ]
    lazy.apply(inside)
    fresh.apply(inside)
    lazy.apply(outside[0])
    fresh.apply(outside[0])
    assert _read_whole(lazy)
    with pytest.raises(LinliError) as refused:
        lazy.apply(outside[1])
    with pytest.raises(LinliError) as expected:
        fresh.apply(outside[1])
    assert str(refused.value) == str(expected.value)
    assert lazy.graph._succ == fresh.graph._succ and lazy.stats().as_dict() == fresh.stats().as_dict()


def test_a_refused_write_reads_the_same_from_the_section(city: Path, tmp_path: Path) -> None:
    fresh = loaded(city)
    write_snapshot(fresh, dataset=city, state_dir=tmp_path)
    lazy = _lazy(city, tmp_path)
    dangling = ChangeSet([Node("n-x", NodeKind.NEED, {"name": "悬空"})], [Relationship(RelType.HAS_NEED, "c-gone", "n-x")])
    messages = []
    for store in (lazy, fresh):
        with pytest.raises(LinliError) as refused:
            store.apply(dangling)
        messages.append(str(refused.value))
    assert messages[0] == messages[1] and not _read_whole(lazy)
    assert lazy.get("n-x") is None


def test_a_command_beside_the_server_matches_its_new_needs_from_the_section(city: Path, tmp_path: Path) -> None:
    """The server journals the daily loop; a command opening the state directory replays it onto the section."""
    state = tmp_path / "state"
    settings = LinliSettings(data=city, state_dir=state, neo4j_uri=None)
    server = open_store(settings)
    fresh = loaded(city)
    community, partner = fresh.ids(NodeKind.COMMUNITY)[1], fresh.ids(NodeKind.PARTNER)[1]
    category = fresh.ids(NodeKind.CATEGORY)[3]
    for change in _new_need(1, community, category, partner) + _new_need(2, community, category, partner)[:1]:
        server.apply(change)
        fresh.apply(change)
    server.close()
    reader = open_store(settings, writable=False)
    assert isinstance(reader, JournaledStore) and isinstance(reader.inner, SnapshotStore)
    assert _answer(reader, need="api-need-2") == _answer(fresh, need="api-need-2")
    assert _answer(reader, community=community, category=category) == _answer(fresh, community=community, category=category)
    assert not _read_whole(reader.inner)
    assert reader.stats().as_dict() == fresh.stats().as_dict()
    reader.close()
