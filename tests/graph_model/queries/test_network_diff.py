"""``network_diff`` and ``linli diff`` on hand-made pairs: every kind of change, and the gaps it opens and closes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli.app import app
from graph_model.queries.network_diff import network_diff
from graph_model.records import ChangeSet, Node, Relationship
from graph_model.schema import NodeKind, RelType
from graph_model.stores.memory.store import MemoryStore
from loaders import bundled_dataset_path, load_into

AS_OF = "2024-09-30"


def _pair() -> tuple[MemoryStore, MemoryStore]:
    old, new = MemoryStore(), MemoryStore()
    community = Node("c1", NodeKind.COMMUNITY, {"name": "北苑社区", "type": "urban", "households": 10})
    grid = Node("g1", NodeKind.GRID, {"name": "第一网格"})
    branch = Node("po1", NodeKind.PARTY_ORG, {"name": "第一网格党支部", "level": "grid_branch"})
    old.apply(ChangeSet([community, grid, branch, Node("p-gone", NodeKind.PARTNER, {"name": "旧单位", "sector": "other"})],
                        [Relationship(RelType.HAS_GRID, "c1", "g1"), Relationship(RelType.COVERS, "po1", "g1"),
                         Relationship(RelType.CO_BUILDS, "p-gone", "c1", {"since": "2023-01-01"})]))
    new.apply(ChangeSet([Node("c1", NodeKind.COMMUNITY, {"name": "北苑社区", "type": "village", "households": 10, "note": "撤居改村"}),
                         grid, branch, Node("p-new", NodeKind.PARTNER, {"name": "新单位", "sector": "enterprise"})],
                        [Relationship(RelType.HAS_GRID, "c1", "g1"),
                         Relationship(RelType.CO_BUILDS, "p-new", "c1", {"since": "2024-06-01", "projects": ["读书会"]})]))
    return old, new


def test_every_kind_of_change_is_named_property_by_property() -> None:
    old, new = _pair()
    d = network_diff(old, new, as_of=AS_OF)
    assert [n.id for n in d.nodes_added] == ["p-new"] and [n.id for n in d.nodes_removed] == ["p-gone"]
    assert [(c.id, c.changes) for c in d.nodes_changed] == [("c1", {"type": ("urban", "village"), "note": (None, "撤居改村")})]
    assert [r.key for r in d.relationships_added] == [("p-new", "CO_BUILDS", "c1")]
    assert sorted(r.key for r in d.relationships_removed) == [("p-gone", "CO_BUILDS", "c1"), ("po1", "COVERS", "g1")]
    assert [(g.kind, g.subject) for g in d.gaps_opened] == [("grid_without_branch", "g1")]
    assert d.gaps_closed == []
    back = network_diff(new, old, as_of=AS_OF)  # the other way round: the mirror image
    assert [n.id for n in back.nodes_added] == ["p-gone"] and [(g.kind, g.subject) for g in back.gaps_closed] == [("grid_without_branch", "g1")]
    assert back.nodes_changed[0].changes == {"type": ("village", "urban"), "note": ("撤居改村", None)}


def test_relationship_properties_changed_and_a_kind_changed() -> None:
    old, new = MemoryStore(), MemoryStore()
    people = [Node("a", NodeKind.PERSON, {"name": "甲"}), Node("b", NodeKind.PERSON, {"name": "乙"})]
    old.apply(ChangeSet([*people, Node("x", NodeKind.PARTNER, {"name": "某", "sector": "other"})],
                        [Relationship(RelType.MENTORS, "a", "b", {"since": "2023-01-01"})]))
    new.apply(ChangeSet([*people, Node("x", NodeKind.FACILITY, {"name": "某", "type": "other"})],
                        [Relationship(RelType.MENTORS, "a", "b", {"since": "2024-01-01"})]))
    d = network_diff(old, new, as_of=AS_OF)
    assert [(c.key, c.changes) for c in d.relationships_changed] == [(("a", "MENTORS", "b"), {"since": ("2023-01-01", "2024-01-01")})]
    assert d.nodes_changed[0].changes == {"kind": ("Partner", "Facility"), "sector": ("other", None), "type": (None, "other")}


def test_the_same_network_has_no_difference(daoyi_store: MemoryStore) -> None:
    assert network_diff(daoyi_store, daoyi_store, as_of=AS_OF).empty


@pytest.fixture
def edited(tmp_path: Path) -> Path:
    """Daoyi with one community's households changed and one grid's branch cover removed."""
    out = Path(shutil.copytree(bundled_dataset_path(), tmp_path / "edited"))
    community = out / "nodes" / "Community.csv"
    community.write_text(community.read_text(encoding="utf-8").replace("c-beiyuan,北苑社区,urban,sd-daoyi,6689", "c-beiyuan,北苑社区,urban,sd-daoyi,6700"), encoding="utf-8")
    covers = out / "relationships" / "COVERS.csv"
    covers.write_text("".join(line for line in covers.read_text(encoding="utf-8").splitlines(keepends=True)
                              if not line.startswith("po-gb-beiyuan-01,g-beiyuan-01,")), encoding="utf-8")
    return out


def test_linli_diff_between_a_folder_and_a_workbook_with_xlsx(tmp_path: Path, edited: Path, daoyi_store: MemoryStore) -> None:
    from loaders.export import export_dataset

    export_dataset(daoyi_store, tmp_path / "before.xlsx")
    result = CliRunner().invoke(app, ["--lang", "en", "diff", str(tmp_path / "before.xlsx"), str(edited), "--as-of", AS_OF,
                                      "--json", "--xlsx", str(tmp_path / "diff.xlsx")])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout[result.stdout.index("{"):])
    assert report["summary"] == {"nodes_added": 0, "nodes_removed": 0, "nodes_changed": 1, "relationships_added": 0,
                                 "relationships_removed": 1, "relationships_changed": 0, "gaps_opened": 1, "gaps_closed": 0}
    assert report["nodes_changed"][0]["changes"] == {"households": {"old": 6689, "new": 6700}}
    book = load_workbook(tmp_path / "diff.xlsx", read_only=True)
    assert book.sheetnames == ["Summary", "Nodes", "Relationships", "Gaps"]
    cells = [str(c) for row in book["Gaps"].iter_rows(values_only=True) for c in row if c]
    assert "g-beiyuan-01" in cells


def test_linli_diff_against_a_state_directory_shows_the_api_writes(tmp_path: Path) -> None:
    import warnings

    warnings.filterwarnings("ignore", message=".*httpx2.*")
    from fastapi.testclient import TestClient

    from api.main import create_app
    from tests.api.conftest import AUTH, settings_for

    state = tmp_path / "state"
    with TestClient(create_app(settings=settings_for(state, data=bundled_dataset_path()))) as client:
        assert client.post("/partners", json={"id": "p-q3", "name": "三季度新单位", "sector": "other", "community": "c-beiyuan"},
                           headers=AUTH).status_code == 201
    result = CliRunner().invoke(app, ["--lang", "en", "diff", str(bundled_dataset_path()), str(state), "--as-of", AS_OF, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout[result.stdout.index("{"):])
    assert [n["id"] for n in report["nodes_added"]] == ["p-q3"]
    assert [(r["source"], r["type"], r["target"]) for r in report["relationships_added"]] == [("p-q3", "LOCATED_IN", "c-beiyuan")]


def test_linli_diff_on_a_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--lang", "en", "diff", str(tmp_path / "nope"), str(bundled_dataset_path())])
    assert result.exit_code == 2 and "Traceback" not in result.output
