"""``linli export``: the network as a dataset that loads back to the identical graph and the identical answers, on both backends."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli.app import app
from graph_model.errors import DatasetError, LinliError
from graph_model.queries.coverage_gaps import coverage_gaps
from graph_model.queries.mentor_pairing import propose_mentor_pairs
from graph_model.queries.partner_matching import match
from graph_model.records import ChangeSet, Node, Relationship
from graph_model.schema import NodeKind, RelType
from graph_model.store import GraphStore
from graph_model.stores.memory.store import MemoryStore
from loaders import bundled_dataset_path, load_into
from loaders.export import export_dataset

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
AS_OF = "2024-09-30"


def signature(store: GraphStore) -> tuple[list[Any], list[Any]]:
    """Every node and relationship with every property (and its type): equal signatures, identical graphs."""
    whole = store.subgraph()
    nodes = sorted((n.id, n.kind.value, sorted((k, repr(v)) for k, v in n.props.items())) for n in whole.nodes)
    rels = sorted((r.source, r.type.value, r.target, sorted((k, repr(v)) for k, v in r.props.items())) for r in whole.relationships)
    return nodes, rels


def answers(store: GraphStore) -> dict[str, Any]:
    """The questions users ask, as JSON: stats, gaps, a match per need (up to 20), mentors."""
    needs = store.ids(NodeKind.NEED)[:20]
    return {
        "stats": store.stats().as_dict(),
        "gaps": coverage_gaps(store, as_of=AS_OF).as_dict(),
        "match": [match(store, need=n).as_dict() for n in needs],
        "mentors": propose_mentor_pairs(store).as_dict(),
    }


def _loaded(path: Path) -> MemoryStore:
    store = MemoryStore()
    load_into(store, path)
    return store


@pytest.mark.parametrize("suffix", ["", ".xlsx"])
def test_daoyi_exports_to_the_identical_graph_and_answers(tmp_path: Path, daoyi_store: MemoryStore, suffix: str) -> None:
    out = tmp_path / f"daoyi{suffix}"
    exported = export_dataset(daoyi_store, out)
    again = _loaded(out)
    assert signature(again) == signature(daoyi_store)
    assert json.dumps(answers(again), ensure_ascii=False) == json.dumps(answers(daoyi_store), ensure_ascii=False)
    assert exported.rows > 8000


@pytest.mark.parametrize("fixture", ["contract_edge_cases", "contract_tricky_text", "lifecycle_small", "queries_small", "planning_small"])
@pytest.mark.parametrize("suffix", ["", ".xlsx"])
def test_every_kind_property_type_and_tricky_text_round_trips(tmp_path: Path, fixture: str, suffix: str) -> None:
    original = _loaded(FIXTURES / fixture)
    export_dataset(original, tmp_path / f"out{suffix}")
    assert signature(_loaded(tmp_path / f"out{suffix}")) == signature(original)


def test_the_workbook_speaks_chinese_and_the_csv_english(tmp_path: Path, daoyi_store: MemoryStore) -> None:
    from openpyxl import load_workbook

    export_dataset(daoyi_store, tmp_path / "台账.xlsx")
    book = load_workbook(tmp_path / "台账.xlsx", read_only=True)
    assert {"社区", "共建单位", "民生诉求", "诉求流转", "共建协议"} <= set(book.sheetnames)
    header = next(book["社区"].iter_rows(max_row=1, values_only=True))
    assert header[:4] == ("编号", "名称", "类型", "所属街道")
    assert next(book["共建协议"].iter_rows(max_row=1, values_only=True))[:2] == ("起点", "终点")
    book.close()
    export_dataset(daoyi_store, tmp_path / "csv")
    assert (tmp_path / "csv" / "nodes" / "Community.csv").read_text(encoding="utf-8").startswith("id,name,type,subdistrict")


def test_a_generated_city_round_trips(tmp_path: Path) -> None:
    from generators.synthetic_city import generate_dataset

    generate_dataset(tmp_path / "city", subdistricts=2, seed=7)
    original = _loaded(tmp_path / "city")
    for out in (tmp_path / "copy", tmp_path / "copy.xlsx"):
        export_dataset(original, out)
        again = _loaded(out)
        assert signature(again) == signature(original)
    assert answers(again) == answers(original)


def test_gb18030_input_exports_as_utf8_with_the_same_chinese(tmp_path: Path, daoyi_store: MemoryStore) -> None:
    source = Path(shutil.copytree(bundled_dataset_path(), tmp_path / "gbk"))
    for table in source.rglob("*.csv"):
        table.write_bytes(table.read_text(encoding="utf-8").encode("gb18030"))
    original = _loaded(source)
    export_dataset(original, tmp_path / "out")
    (tmp_path / "out" / "nodes" / "Community.csv").read_text(encoding="utf-8")  # UTF-8 now
    assert signature(_loaded(tmp_path / "out")) == signature(original) == signature(daoyi_store)


def test_the_default_taxonomy_is_written_only_where_a_row_changed_it(tmp_path: Path, daoyi_store: MemoryStore) -> None:
    export_dataset(daoyi_store, tmp_path / "plain")
    assert not (tmp_path / "plain" / "nodes" / "Category.csv").exists()
    store = MemoryStore()
    load_into(store, bundled_dataset_path())
    store.apply(ChangeSet(nodes=[Node("elderly_meals", NodeKind.CATEGORY, {"name": "长者食堂", "name_en": "elderly meals"}),
                                 Node("pet_care", NodeKind.CATEGORY, {"name": "宠物照护"})],
                          relationships=[Relationship(RelType.HAS_SUBCATEGORY, "elderly", "elderly_meals")]))
    export_dataset(store, tmp_path / "changed")
    rows = (tmp_path / "changed" / "nodes" / "Category.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("id,name,parent") and sorted(r.split(",")[0] for r in rows[1:]) == ["elderly_meals", "pet_care"]
    assert signature(_loaded(tmp_path / "changed")) == signature(store)


def test_a_relationship_no_dataset_can_hold_is_refused_naming_it(tmp_path: Path) -> None:
    store = MemoryStore()
    load_into(store, bundled_dataset_path())
    store.apply(ChangeSet(relationships=[Relationship(RelType.HAS_GRID, "c-renjieshuian", "g-beiyuan-01")]))  # a second parent
    with pytest.raises(DatasetError) as caught:
        export_dataset(store, tmp_path / "out")
    assert "g-beiyuan-01" in str(caught.value) and "community" in str(caught.value)
    assert not (tmp_path / "out").exists()  # nothing half written


def test_export_refuses_a_folder_with_files_in_it(tmp_path: Path, daoyi_store: MemoryStore) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "keep.txt").write_text("x")
    with pytest.raises(LinliError, match="busy"):
        export_dataset(daoyi_store, tmp_path / "busy")


def test_the_cli_exports_from_a_state_directory_with_the_api_writes(tmp_path: Path) -> None:
    import warnings

    warnings.filterwarnings("ignore", message=".*httpx2.*")
    from fastapi.testclient import TestClient

    from api.main import create_app
    from tests.api.conftest import AUTH, settings_for

    state = tmp_path / "state"
    with TestClient(create_app(settings=settings_for(state, data=bundled_dataset_path()))) as client:
        body = {"id": "n-from-api", "name": "加装电梯", "community": "c-beiyuan", "category": "elderly_meals", "reported": "2024-09-02"}
        assert client.post("/needs", json=body, headers=AUTH).status_code == 201
        served = client.get("/stats").json()
    result = CliRunner().invoke(app, ["--lang", "en", "export", "--state-dir", str(state), "--out", str(tmp_path / "out.xlsx"), "--json"])
    assert result.exit_code == 0, result.output
    again = _loaded(tmp_path / "out.xlsx")
    assert again.get("n-from-api") is not None and again.get("n-from-api").name == "加装电梯"
    assert again.stats().as_dict() == served


@pytest.fixture
def neo4j_daoyi(neo4j_uri: str) -> Iterator[GraphStore]:
    from graph_model.stores.neo4j.store import Neo4jStore

    with Neo4jStore.from_settings(uri=neo4j_uri) as store:
        store.clear()
        load_into(store, bundled_dataset_path())
        yield store


@pytest.mark.neo4j
def test_neo4j_export_reads_the_database_and_loads_back_identically_on_both_backends(
    tmp_path: Path, neo4j_daoyi: GraphStore, neo4j_uri: str, daoyi_store: MemoryStore
) -> None:
    neo4j_daoyi.apply(ChangeSet(nodes=[Node("p-only-in-db", NodeKind.PARTNER, {"name": "只在库里", "sector": "other"})]))
    result = CliRunner().invoke(app, ["--lang", "en", "export", "--neo4j", neo4j_uri, "--out", str(tmp_path / "db"), "--json"])
    assert result.exit_code == 0, result.output
    again = _loaded(tmp_path / "db")
    assert signature(again) == signature(neo4j_daoyi)
    assert again.get("p-only-in-db") is not None
    assert answers(again) == answers(neo4j_daoyi)
    neo4j_daoyi.clear()  # and back into Neo4j: the same graph
    load_into(neo4j_daoyi, tmp_path / "db")
    assert signature(neo4j_daoyi) == signature(again)
