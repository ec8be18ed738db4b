"""Both backends give the same planning answers: rates, dispatch, recruitment plans and what-if, on the same datasets.

Each dataset (the bundled Daoyi one, tests/fixtures/planning_small and lifecycle_small, a small
synthetic city) is loaded into a fresh embedded store and into the real Neo4j server; every
answer's JSON must be equal. Needs ``LINLI_TEST_NEO4J_URI`` (never skipped).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_model.planning.dispatch import propose_dispatch
from graph_model.planning.rates import three_rates
from graph_model.planning.recruitment import recruitment_plan
from graph_model.planning.what_if import gaps_without
from graph_model.schema import NodeKind
from graph_model.store import GraphStore
from graph_model.stores.memory.store import MemoryStore
from graph_model.stores.neo4j.store import Neo4jStore
from loaders import bundled_dataset_path, load_dataset

pytestmark = pytest.mark.neo4j

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture(scope="module")
def neo4j_store(neo4j_uri: str) -> Iterator[Neo4jStore]:
    store = Neo4jStore.from_settings(uri=neo4j_uri)
    yield store
    store.close()


@pytest.fixture(scope="module", params=["daoyi", "planning_small", "lifecycle_small", "synthetic"])
def both(request: pytest.FixtureRequest, neo4j_store: Neo4jStore, tmp_path_factory: pytest.TempPathFactory) -> tuple[GraphStore, GraphStore]:
    name: str = request.param
    if name == "daoyi":
        path = bundled_dataset_path()
    elif name == "synthetic":
        from generators.synthetic_city import generate_dataset

        path = tmp_path_factory.mktemp("synthetic")
        generate_dataset(path, subdistricts=2, seed=11)
    else:
        path = FIXTURES / name
    dataset = load_dataset(path)
    memory = MemoryStore()
    memory.apply(dataset.change_set())
    neo4j_store.clear()
    neo4j_store.apply(dataset.change_set())
    return memory, neo4j_store


@pytest.mark.parametrize("by", ["subdistrict", "community", "partner"])
@pytest.mark.parametrize("period", [(None, None), ("2024-03-01", "2024-08-29"), ("2024-06-01", None)])
def test_rates(both: tuple[GraphStore, GraphStore], by: str, period: tuple[str | None, str | None]) -> None:
    memory, neo4j = both
    if period == (None, None):  # "as of now": fix the moment so both answers are taken at the same one
        period = (None, "2030-01-01")
    answers = [three_rates(s, by=by, date_from=period[0], date_to=period[1]).as_dict() for s in both]  # type: ignore[arg-type]
    assert answers[0] == answers[1]


def test_dispatch(both: tuple[GraphStore, GraphStore]) -> None:
    memory, neo4j = both
    assert propose_dispatch(memory).as_dict() == propose_dispatch(neo4j).as_dict()
    community = min(memory.ids(NodeKind.COMMUNITY))
    assert propose_dispatch(memory, community=community).as_dict() == propose_dispatch(neo4j, community=community).as_dict()


@pytest.mark.parametrize("k", [1, 3])
def test_recruitment_plan(both: tuple[GraphStore, GraphStore], k: int) -> None:
    memory, neo4j = both
    assert recruitment_plan(memory, k=k).as_dict() == recruitment_plan(neo4j, k=k).as_dict()


def test_what_if(both: tuple[GraphStore, GraphStore]) -> None:
    memory, neo4j = both
    leaving = memory.ids(NodeKind.PARTNER)[:2]
    a = gaps_without(memory, leaving, as_of="2024-08-29").as_dict()
    b = gaps_without(neo4j, leaving, as_of="2024-08-29").as_dict()
    assert a == b
    assert propose_dispatch(memory, without=leaving).as_dict() == propose_dispatch(neo4j, without=leaving).as_dict()
