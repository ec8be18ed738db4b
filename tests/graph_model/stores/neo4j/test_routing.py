"""Over ``neo4j://`` (routing, as to a cluster or Aura): the local server gives a routing table, reads go to readers,
writes to the leader, and the answers are those of ``bolt://``.

The whole Neo4j suite also runs over ``neo4j://`` with ``LINLI_TEST_NEO4J_SCHEME=neo4j scripts/run-tests``;
this module checks routing whichever scheme the suite uses.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j
import pytest

from graph_model.stores.neo4j.store import Neo4jStore
from loaders import bundled_dataset_path, load_into

pytestmark = pytest.mark.neo4j


def with_scheme(uri: str, scheme: str) -> str:
    return f"{scheme}://{uri.split('://', 1)[1]}"


@pytest.fixture
def routed(neo4j_uri: str) -> Iterator[Neo4jStore]:
    with Neo4jStore.from_settings(uri=with_scheme(neo4j_uri, "neo4j")) as store:
        store.clear()
        yield store


def test_the_local_server_answers_routing(neo4j_uri: str) -> None:
    address = neo4j_uri.split("://", 1)[1]
    with neo4j.GraphDatabase.driver(f"neo4j://{address}", auth=None) as driver:
        driver.verify_connectivity()
        table = driver.execute_query("CALL dbms.routing.getRoutingTable({}, 'neo4j')").records[0]["servers"]
    roles = {server["role"]: server["addresses"] for server in table}
    assert set(roles) == {"ROUTE", "READ", "WRITE"}
    assert all(addresses == [address] for addresses in roles.values())  # 127.0.0.1, never "localhost" (which may be ::1)


def test_reads_go_to_readers_and_writes_to_the_leader(routed: Neo4jStore) -> None:
    modes: list[str] = []
    driver = routed.connection.driver
    opened = driver.session

    def spying(**config: Any) -> neo4j.Session:
        modes.append(config.get("default_access_mode", neo4j.WRITE_ACCESS))
        return opened(**config)

    driver.session = spying  # type: ignore[method-assign]
    try:
        load_into(routed, bundled_dataset_path())
        writes = len(modes)
        assert writes and set(modes) == {neo4j.WRITE_ACCESS}
        routed.stats()
        routed.get("c-beiyuan")
        routed.match_evidence("c-beiyuan", "elderly_meals")
        assert modes[writes:] and set(modes[writes:]) == {neo4j.READ_ACCESS}
    finally:
        driver.session = opened  # type: ignore[method-assign]


def test_the_same_answers_over_both_schemes(routed: Neo4jStore, neo4j_uri: str) -> None:
    load_into(routed, bundled_dataset_path())
    with Neo4jStore.from_settings(uri=with_scheme(neo4j_uri, "bolt")) as direct:
        assert direct.stats() == routed.stats()
        assert direct.neighbourhood("c-beiyuan", 2) == routed.neighbourhood("c-beiyuan", 2)
