"""The Neo4j backend on a real server: connection errors, writes, atomicity, injection, the CLI's ``load``.

What both backends must answer identically on whole datasets lives in
``test_contract.py``; here are the things only a database can get wrong.
Needs ``LINLI_NEO4J_URI`` (``scripts/neo4j start --fresh``): these tests fail without it.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli.app import app
from graph_model.stores.neo4j import cypher
from graph_model.errors import DatasetError, StoreUnavailable
from graph_model.records import ChangeSet, Node, Relationship
from graph_model.schema import NodeKind, RelType
from graph_model.store import GraphStore
from graph_model.stores.memory.store import MemoryStore
from graph_model.stores.neo4j.connection import Neo4jConnection
from graph_model.stores.neo4j.store import Neo4jStore

pytestmark = [pytest.mark.neo4j, pytest.mark.usefixtures("english")]  # its assertions quote the messages in English, their source language

K, R = NodeKind, RelType
FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
NASTY = [
    "'}) DETACH DELETE n //",
    '"}) MATCH (x) DETACH DELETE x RETURN 1 //',
    "`backtick` :Label {id: 1}",
    "${param} $id $$",
    "line one\nline two\r\n\ttab",
    "道义街道·北苑社区（一期）",
    "🏠𠀀\ue000 astral & private use",
    "MATCH (n) RETURN n UNION CALL db.labels() YIELD label RETURN label",
    "\\'; DROP CONSTRAINT linli_node_id; //",
    " ",
]


@pytest.fixture
def store(neo4j_uri: str) -> Iterator[Neo4jStore]:
    """A Neo4j store on an empty database."""
    with Neo4jStore.from_settings(uri=neo4j_uri) as s:
        s.clear()
        yield s


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _both(change: ChangeSet, neo4j: Neo4jStore) -> MemoryStore:
    memory = MemoryStore()
    memory.apply(change)
    neo4j.apply(change)
    return memory


def _seed() -> ChangeSet:
    return ChangeSet(
        nodes=[
            Node("sd", K.SUBDISTRICT, {"name": "道义街道"}),
            Node("c1", K.COMMUNITY, {"name": "北苑社区", "type": "urban", "households": 6689}),
            Node("c2", K.COMMUNITY, {"name": "人杰水岸社区", "type": "urban"}),
            Node("p1", K.PARTNER, {"name": "北辰", "sector": "enterprise", "capacity": 3}),
            Node("n1", K.NEED, {"name": "吃饭难", "status": "resolved"}),
        ],
        relationships=[
            Relationship(R.HAS_COMMUNITY, "sd", "c1"),
            Relationship(R.HAS_COMMUNITY, "sd", "c2"),
            Relationship(R.CO_BUILDS, "p1", "c1", {"since": "2023-05-18", "projects": ["企业宣传角"]}),
            Relationship(R.HAS_NEED, "c1", "n1"),
            Relationship(R.RESOLVED_BY, "n1", "p1"),
        ],
    )


def _snapshot(store: Neo4jStore) -> tuple[Any, ...]:
    graph = store.subgraph()
    return tuple(graph.nodes), tuple(graph.relationships), store.stats()


# -- connecting --------------------------------------------------------------------------------------
def test_an_unreachable_server_is_one_clear_line() -> None:
    uri = f"bolt://127.0.0.1:{_free_port()}"
    with pytest.raises(StoreUnavailable) as err:
        Neo4jStore.from_settings(uri=uri)
    assert str(err.value).startswith(f"cannot reach Neo4j at {uri}")
    assert "\n" not in str(err.value)


def test_a_missing_database_is_store_unavailable(neo4j_uri: str) -> None:
    with pytest.raises(StoreUnavailable, match="has no database 'no-such-db'"):
        Neo4jStore.from_settings(uri=neo4j_uri, database="no-such-db")


def test_a_malformed_uri_is_store_unavailable() -> None:
    with pytest.raises(StoreUnavailable, match="invalid Neo4j URI"):
        Neo4jStore.from_settings(uri="bolt//127.0.0.1")


def test_it_is_a_graph_store(store: Neo4jStore) -> None:
    assert isinstance(store, GraphStore)
    assert store.backend == "neo4j" and store.database == "neo4j"
    assert store.find("NoSuchKind") == store.ids("NoSuchKind") == []  # type: ignore[arg-type]


def test_an_empty_database_answers_without_driver_warnings(store: Neo4jStore, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("INFO", logger="neo4j"):
        assert sum(store.stats().nodes.values()) == 0
        assert store.ids(K.GRID) == [] and store.secretaries() == []
        # on a brand-new database every label is unknown yet, which Neo4j reports as a notification
        assert store.connection.read("MATCH (n:NeverSeenByLinli) RETURN count(n) AS n")[0]["n"] == 0
    assert [r.getMessage() for r in caplog.records if r.levelname == "WARNING"] == []


def test_settings_come_from_the_environment(neo4j_uri: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINLI_NEO4J_URI", neo4j_uri)
    monkeypatch.setenv("LINLI_NEO4J_DATABASE", "neo4j")
    with Neo4jStore.from_settings() as s:
        assert (s.uri, s.database, s.backend) == (neo4j_uri, "neo4j", "neo4j")
    monkeypatch.setenv("LINLI_NEO4J_DATABASE", "elsewhere")
    with pytest.raises(StoreUnavailable, match="'elsewhere'"):
        Neo4jStore.from_settings()


def test_the_cli_exits_3_when_neo4j_is_unreachable() -> None:
    uri = f"bolt://127.0.0.1:{_free_port()}"
    for args in (["stats", "--neo4j", uri], ["load", "--neo4j", uri]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 3, result.output
        assert "cannot reach Neo4j" in result.output


# -- writing -------------------------------------------------------------------------------------------
def test_uniqueness_constraints_cover_the_common_label_and_every_kind(store: Neo4jStore) -> None:
    store.apply(ChangeSet([Node("x", K.GRID, {"name": "x"})]))
    rows = store.connection.read("SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties RETURN *")
    unique_id = {r["labelsOrTypes"][0] for r in rows if r["type"] == "UNIQUENESS" and r["properties"] == ["id"]}
    assert unique_id >= {cypher.NODE_LABEL, *(k.value for k in NodeKind)}


def test_values_read_back_as_written(store: Neo4jStore) -> None:
    props = {
        "name": "北苑", "households": 6689, "area_km2": 38.05, "urban": True, "strengths": ["调解", "养老"],
        "empty": [], "note": None, "since": "2023-05",
    }
    change = ChangeSet(
        nodes=[Node("a", K.PERSON, props), Node("b", K.PERSON, {"name": "乙"})],
        relationships=[Relationship(R.MENTORS, "a", "b", {"since": None, "full_time": False, "projects": ["x"]})],
    )
    memory = _both(change, store)
    assert store.get("a") == memory.get("a")
    assert type(store.get("a").props["households"]) is int  # type: ignore[union-attr]
    assert store.relationships("a") == memory.relationships("a")
    assert store.find(K.PERSON, note=None) == memory.find(K.PERSON, note=None)
    assert store.find(K.PERSON, id="a") == memory.find(K.PERSON, id="a") == []


def test_ids_names_and_properties_full_of_cypher_come_back_unchanged(store: Neo4jStore) -> None:
    nodes = [Node(text, K.PERSON, {"name": text, text: text, "strengths": [text]}) for text in NASTY]
    rels = [Relationship(R.MENTORS, a, b, {"since": a, b: b}) for a, b in zip(NASTY, NASTY[1:])]
    memory = _both(ChangeSet(nodes, rels), store)
    assert store.stats() == memory.stats()
    assert store.stats().nodes["Person"] == len(NASTY)
    for text in NASTY:
        assert store.get(text) == memory.get(text) == Node(text, K.PERSON, {"name": text, text: text, "strengths": [text]})
        assert store.find(K.PERSON, name=text) == memory.find(K.PERSON, name=text)
        assert store.relationships(text) == memory.relationships(text)
        assert store.neighbourhood(text, depth=2) == memory.neighbourhood(text, depth=2)
    assert store.kinds_of(NASTY) == memory.kinds_of(NASTY)
    assert store.subgraph() == memory.subgraph()
    assert store.mentor_links() == memory.mentor_links()


def test_writing_twice_leaves_the_same_graph(store: Neo4jStore) -> None:
    store.apply(_seed())
    first = _snapshot(store)
    store.apply(_seed())
    assert _snapshot(store) == first


def test_detach_and_replaced_properties_work_like_memory(store: Neo4jStore) -> None:
    memory = _both(_seed(), store)
    change = ChangeSet(
        nodes=[Node("n1", K.NEED, {"name": "吃饭难", "status": "in_progress"}),
               Node("f1", K.FACILITY, {"name": "食堂", "type": "canteen"})],
        relationships=[Relationship(R.RESOLVED_BY, "n1", "f1")],
        detach=[("n1", R.RESOLVED_BY)],
    )
    memory.apply(change)
    store.apply(change)
    assert store.subgraph() == memory.subgraph()
    assert store.get("n1").props == {"name": "吃饭难", "status": "in_progress"}  # type: ignore[union-attr]


def test_problems_are_the_memory_backends(store: Neo4jStore) -> None:
    memory = _both(_seed(), store)
    change = ChangeSet(
        nodes=[Node("c1", K.GRID, {"name": "not a community"})],
        relationships=[Relationship(R.HAS_GRID, "c2", "g-missing"), Relationship(R.COVERS, "po-missing", "c1")],
    )
    with pytest.raises(DatasetError) as want:
        memory.apply(change)
    with pytest.raises(DatasetError) as got:
        store.apply(change)
    assert [str(p) for p in got.value.problems] == [str(p) for p in want.value.problems]
    assert store.subgraph() == memory.subgraph()


def test_reserved_property_names_are_refused(store: Neo4jStore) -> None:
    for props in ({"id": "other"}, {cypher.NULLS_KEY: []}, {cypher.LOAD_KEY: "x"}):
        with pytest.raises(DatasetError, match="reserved by the Neo4j backend"):
            store.apply(ChangeSet([Node("x", K.GRID, props)]))
    assert store.get("x") is None


def test_progress_is_reported_after_every_batch(neo4j_uri: str) -> None:
    with Neo4jStore.from_settings(uri=neo4j_uri, batch_size=2) as store:
        store.clear()
        seen: list[tuple[int, int]] = []
        store.apply(_seed(), progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (10, 10)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    # one batch per kind and type, at most 2 rows each: Subdistrict, Community×2, Partner, Need,
    # HAS_COMMUNITY×2, CO_BUILDS, HAS_NEED, RESOLVED_BY
    assert len(seen) == 8


# -- all or nothing --------------------------------------------------------------------------------------
def _failing_in_its_second_batch() -> ChangeSet:
    """Communities in batches of two, written first; the second batch holds a value Neo4j cannot store."""
    return ChangeSet(
        nodes=[
            Node("c1", K.COMMUNITY, {"name": "北苑社区（改）", "type": "village"}),
            Node("c3", K.COMMUNITY, {"name": "三", "type": "urban"}),
            Node("c4", K.COMMUNITY, {"name": "四", "type": "urban", "portrait": {"nested": "maps are not storable"}}),
            Node("c5", K.COMMUNITY, {"name": "五", "type": "urban"}),
            Node("sd", K.SUBDISTRICT, {"name": "道义街道（改）"}),
            Node("p1", K.PARTNER, {"name": "北辰", "sector": "enterprise"}),
        ],
        relationships=[Relationship(R.HAS_COMMUNITY, "sd", "c3"), Relationship(R.CO_BUILDS, "p1", "c1", {"since": "2024"})],
        detach=[("p1", R.CO_BUILDS)],
    )


@pytest.mark.parametrize("strategy", ["one transaction", "journaled"])
@pytest.mark.parametrize("replace", [False, True], ids=["merge", "replace"])
def test_a_failing_second_batch_leaves_the_database_as_it_was(neo4j_uri: str, strategy: str, replace: bool) -> None:
    limit = 1_000_000 if strategy == "one transaction" else 0
    with Neo4jStore.from_settings(uri=neo4j_uri, batch_size=2, max_transaction_rows=limit) as store:
        store.clear()
        store.apply(_seed())
        before = _snapshot(store)
        first_batch_seen: list[bool] = []

        def progress(done: int, total: int) -> None:
            if done == 3:  # detach (1) + the first batch of communities (2)
                first_batch_seen.append(store.get("c3") is not None)

        with pytest.raises(DatasetError, match="a write Neo4j accepts"):
            store.apply(_failing_in_its_second_batch(), replace=replace, progress=progress)
        # In one transaction the first batch is invisible outside it; journaled, it was committed, then undone.
        assert first_batch_seen == [strategy == "journaled"]
        assert _snapshot(store) == before
        assert store.get("c3") is None and store.get("c1").props["name"] == "北苑社区"  # type: ignore[union-attr]


@pytest.mark.parametrize("limit", [1_000_000, 0], ids=["one transaction", "journaled"])
def test_replace_leaves_exactly_the_new_graph(neo4j_uri: str, limit: int) -> None:
    with Neo4jStore.from_settings(uri=neo4j_uri, batch_size=3, max_transaction_rows=limit) as store:
        store.clear()
        store.apply(_seed())
        change = ChangeSet(
            nodes=[Node("c1", K.GRID, {"name": "c1 is a grid now"}), Node("x", K.COMMUNITY, {"name": "新", "type": "urban"})],
            relationships=[Relationship(R.HAS_GRID, "x", "c1")],
        )
        store.apply(change, replace=True)
        memory = MemoryStore()
        memory.apply(change)
        assert store.subgraph() == memory.subgraph()
        assert store.stats() == memory.stats()
        assert store.ids(K.COMMUNITY) == ["x"] and store.ids(K.GRID) == ["c1"]


def _rewrite_failing_in_its_relationships() -> ChangeSet:
    """In batches of one: a new community under sd, a new and a rewritten CO_BUILDS between stored nodes, then a failure."""
    return ChangeSet(
        nodes=[Node("c9", K.COMMUNITY, {"name": "九", "type": "urban"})],
        relationships=[
            Relationship(R.HAS_COMMUNITY, "sd", "c9"),
            Relationship(R.CO_BUILDS, "p1", "c2", {"since": "2024"}),
            Relationship(R.CO_BUILDS, "p1", "c1", {"since": "2025-01-01", "projects": ["改"]}),
            Relationship(R.HAS_NEED, "c1", "n1", {"portrait": {"nested": "maps are not storable"}}),
        ],
    )


@pytest.mark.parametrize("limit", [1_000_000, 0], ids=["one transaction", "journaled"])
def test_a_failing_relationship_batch_undoes_the_relationships_before_it(neo4j_uri: str, limit: int) -> None:
    with Neo4jStore.from_settings(uri=neo4j_uri, batch_size=1, max_transaction_rows=limit) as store:
        store.clear()
        store.apply(_seed())
        before = _snapshot(store)
        with pytest.raises(DatasetError, match="a write Neo4j accepts"):
            store.apply(_rewrite_failing_in_its_relationships())
        assert _snapshot(store) == before
        assert store.relationships("p1", types=[R.CO_BUILDS]) == [
            Relationship(R.CO_BUILDS, "p1", "c1", {"since": "2023-05-18", "projects": ["企业宣传角"]})
        ]


@pytest.mark.parametrize("limit", [1_000_000, 0], ids=["one transaction", "journaled"])
def test_a_failing_load_into_an_empty_database_leaves_it_empty(neo4j_uri: str, limit: int) -> None:
    with Neo4jStore.from_settings(uri=neo4j_uri, batch_size=2, max_transaction_rows=limit) as store:
        store.clear()
        broken = ChangeSet([*_seed().nodes, *_rewrite_failing_in_its_relationships().nodes],
                           [*_seed().relationships, *_rewrite_failing_in_its_relationships().relationships])
        with pytest.raises(DatasetError, match="a write Neo4j accepts"):
            store.apply(broken)
        assert store.connection.read(cypher.COUNT_ALL)[0].values() == [0, 0]


@pytest.mark.parametrize("limit", [1_000_000, 0], ids=["one transaction", "journaled"])
def test_writing_over_part_of_the_graph_merges_what_is_stored_and_creates_the_rest(neo4j_uri: str, limit: int) -> None:
    change = ChangeSet(
        nodes=[Node("c1", K.COMMUNITY, {"name": "北苑社区（新）", "type": "urban"}),
               Node("g9", K.GRID, {"name": "九网格"}), *_rewrite_failing_in_its_relationships().nodes],
        relationships=[*_rewrite_failing_in_its_relationships().relationships[:3], Relationship(R.HAS_GRID, "c9", "g9"),
                       Relationship(R.HAS_GRID, "c1", "g9")],
    )
    with Neo4jStore.from_settings(uri=neo4j_uri, batch_size=2, max_transaction_rows=limit) as store:
        store.clear()
        memory = _both(_seed(), store)
        for _ in range(2):  # the second time, every row is stored already
            memory.apply(change)
            store.apply(change)
            assert store.subgraph() == memory.subgraph()
            assert store.stats() == memory.stats()


def _operators(plan: Any) -> list[tuple[str, str]]:
    found = [(plan["operatorType"].split("@")[0], plan.get("args", {}).get("Details", ""))]
    return found + [op for child in plan.get("children", []) for op in _operators(child)]


@pytest.mark.parametrize("create", [False, True], ids=["merge", "create"])
def test_relationship_ends_are_found_by_their_kinds_unique_index(store: Neo4jStore, create: bool) -> None:
    store.apply(_seed())  # labels and constraints exist
    for rel_type, source, target in [(R.CO_BUILDS, K.PARTNER, K.COMMUNITY), (R.HAS_NEED, K.COMMUNITY, K.NEED),
                                     (R.MENTORS, K.PERSON, K.PERSON), (R.HAS_GRID, None, None)]:
        query = cypher.write_relationships(rel_type, source, target, create=create)
        with store.connection.driver.session(database=store.database) as session:
            plan = session.run("EXPLAIN " + query, rows=[]).consume().plan
        operators = _operators(plan)
        seeks = " | ".join(details for op, details in operators if op.startswith("NodeUniqueIndexSeek"))
        for end, kind in (("a", source), ("b", target)):
            assert f"UNIQUE {end}:{kind.value if kind else cypher.NODE_LABEL}(id)" in seeks, operators
        assert not [op for op, _ in operators if "Scan" in op], operators


# -- reads ----------------------------------------------------------------------------------------------------
def _offering() -> ChangeSet:
    return ChangeSet(
        nodes=[Node("k1", K.CATEGORY, {"name": "助餐"}), Node("f1", K.FACILITY, {"name": "食堂", "type": "canteen"}),
               Node("f2", K.FACILITY, {"name": "远方食堂", "type": "canteen"})],
        relationships=[Relationship(R.OFFERS, "p1", "k1"), Relationship(R.OFFERS, "f1", "k1", {"note": "午餐"}),
                       Relationship(R.LOCATED_IN, "f1", "c2"), Relationship(R.OFFERS, "f2", "k1")],
    )


def test_candidates_are_kept_until_anyone_writes(neo4j_uri: str) -> None:
    def evidence(store: GraphStore, community: str) -> dict[str, Any]:
        return {ev.id: ev for ev in store.match_evidence(community, "k1")}

    with Neo4jStore.from_settings(uri=neo4j_uri) as store, Neo4jStore.from_settings(uri=neo4j_uri) as other:
        store.clear()
        memory = _both(_seed(), store)
        memory.apply(_offering())
        store.apply(_offering())
        first = evidence(store, "c1")
        assert first == evidence(memory, "c1")
        again = evidence(store, "c1")
        assert again == first and again["f2"] is first["f2"]  # tied to no area: the kept object itself
        assert evidence(store, "c2") == evidence(memory, "c2")  # f1 is tied to c2 (0.3 from c1), p1 to c1
        busy = ChangeSet([Node("n2", K.NEED, {"name": "送餐", "status": "in_progress"})], [Relationship(R.RESOLVED_BY, "n2", "f2")])
        memory.apply(busy)
        other.apply(busy)  # another connection, as another process would
        after = evidence(store, "c1")
        assert after == evidence(memory, "c1")
        assert (after["f2"].in_progress, after["f1"].in_progress) == (1, 0)


def test_ties_count_through_the_smallest_subdistrict_only(store: Neo4jStore) -> None:
    p = {"sector": "enterprise"}
    change = ChangeSet(
        nodes=[Node("sa", K.SUBDISTRICT, {"name": "甲街道"}), Node("c3", K.COMMUNITY, {"name": "三", "type": "urban"}),
               Node("c9", K.COMMUNITY, {"name": "九", "type": "urban"}), Node("k1", K.CATEGORY, {"name": "助餐"}),
               *(Node(f"p{i}", K.PARTNER, {"name": f"伙伴{i}", **p}) for i in range(2, 7))],
        relationships=[
            Relationship(R.HAS_COMMUNITY, "sa", "c1"), Relationship(R.HAS_COMMUNITY, "sa", "c3"),  # c1 is in sa and sd
            Relationship(R.LOCATED_IN, "p2", "c3"), Relationship(R.LOCATED_IN, "p3", "c2"),
            Relationship(R.SERVES, "p4", "sd"), Relationship(R.SERVES, "p5", "sa"), Relationship(R.LOCATED_IN, "p6", "c9"),
            *(Relationship(R.OFFERS, f"p{i}", "k1") for i in range(1, 7)),
        ],
    )
    memory = _both(_seed(), store)
    memory.apply(change)
    store.apply(change)
    for community in ("c1", "c2", "c3", "c9"):
        got = {ev.id: ev for ev in store.match_evidence(community, "k1")}
        assert got == {ev.id: ev for ev in memory.match_evidence(community, "k1")}
    tied = {ev.id for ev in store.match_evidence("c1", "k1") if ev.agreements or ev.located_in or ev.serves}
    assert tied == {"p1", "p2", "p5"}  # through sa, which sorts before sd


# -- the CLI's load ------------------------------------------------------------------------------------------
def test_cli_load_writes_the_dataset_and_replaces_what_was_there(neo4j_uri: str) -> None:
    runner = CliRunner()
    edge_cases = FIXTURES / "contract_edge_cases"
    first = runner.invoke(app, ["load", "--data", str(edge_cases), "--neo4j", neo4j_uri, "--replace", "--json"])
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    assert (summary["nodes"], summary["relationships"], summary["replaced"]) == (128, 184, True)
    assert summary["rows_per_second"] > 0
    tricky = FIXTURES / "contract_tricky_text"
    second = runner.invoke(app, ["load", "--data", str(tricky), "--neo4j", neo4j_uri, "--replace", "--batch-size", "7"])
    assert second.exit_code == 0, second.output
    assert "已载入" in second.stdout and "替换了原有数据" in second.stdout  # Chinese by default
    stats = runner.invoke(app, ["stats", "--neo4j", neo4j_uri, "--json"])
    expected = MemoryStore()
    from loaders import load_into

    load_into(expected, tricky)
    assert json.loads(stats.stdout) == expected.stats().as_dict()


def test_cli_load_of_a_broken_dataset_changes_nothing(neo4j_uri: str, tmp_path: Path) -> None:
    with Neo4jStore.from_settings(uri=neo4j_uri) as store:
        store.clear()
        store.apply(_seed())
        before = _snapshot(store)
        (tmp_path / "nodes").mkdir()
        (tmp_path / "nodes" / "Grid.csv").write_text("id,name,community\ng1,一网格,c-nowhere\n", encoding="utf-8")
        result = CliRunner().invoke(app, ["load", "--data", str(tmp_path), "--neo4j", neo4j_uri, "--replace"])
        assert result.exit_code == 2
        assert "c-nowhere" in result.output
        assert _snapshot(store) == before


def test_reads_are_sent_in_read_mode(neo4j_uri: str) -> None:
    connection = Neo4jConnection.open(neo4j_uri, user="neo4j", password="", database="neo4j")
    try:
        with pytest.raises(Exception, match="AccessMode|read access mode"):
            connection.read("CREATE (:Probe)")
        assert connection.read("MATCH (n:Probe) RETURN count(n) AS n")[0]["n"] == 0
    finally:
        connection.close()
