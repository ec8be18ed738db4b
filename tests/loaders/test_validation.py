"""Every loading rule of the data model, each problem located exactly (file, line, column, value, expectation).

Line numbers are the file's own: the header is line 1, the first row line 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph_model.i18n import use_language

from tests.loaders.builders import small_network, write_dataset
from graph_model.errors import DatasetError, Problem
from loaders import load_dataset, validation

pytestmark = pytest.mark.usefixtures("english")  # its assertions quote the messages in English, their source language

KINDS = "Subdistrict, Community, Estate, Grid, Building, PartyOrg, Household, Person, Partner, Facility, Category, Need, NeedEvent"
TABLES = "COVERS, SECRETARY_OF, BUILDING_HEAD_OF, GRID_WORKER_OF, MENTORS, CO_BUILDS, OFFERS, SERVES, MANAGES"
UNKNOWN_TABLE = f"a node kind ({KINDS}) or a relationship table ({TABLES})"
BOOL = "one of true/false/1/0/yes/no/是/否"
DATE = "an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)"
CYCLE = "a parent that is not its own descendant (categories form a cycle)"


class Broken:
    """The small network with edits, written to a folder; ``src('nodes/Grid.csv')`` is a file's label."""

    def __init__(self, tmp_path: Path) -> None:
        self.root = tmp_path / "ds"
        self.nodes, self.rels = small_network()

    def src(self, table: str) -> str:
        return str(self.root / table)

    def problems(self) -> list[Problem]:
        write_dataset(self.root, nodes=self.nodes, relationships=self.rels)
        with use_language("en"), pytest.raises(DatasetError) as caught:
            load_dataset(self.root)
        return caught.value.problems

    def load(self) -> dict[str, Any]:
        """id → props of every node, plus ``("rel", source, type, target)`` → props."""
        write_dataset(self.root, nodes=self.nodes, relationships=self.rels)
        dataset = load_dataset(self.root)
        found: dict[Any, Any] = {n.id: dict(n.props) for n in dataset.nodes}
        found.update({("rel", *r.key): dict(r.props) for r in dataset.relationships})
        return found


@pytest.fixture
def ds(tmp_path: Path) -> Broken:
    return Broken(tmp_path)


def test_the_small_network_is_valid(ds: Broken) -> None:
    graph = ds.load()
    assert graph[("rel", "sd", "HAS_COMMUNITY", "c1")] == {}
    assert graph[("rel", "pt1", "CO_BUILDS", "c2")] == {"since": "2023-05-18", "projects": ["义诊", "健康讲座"]}


# -- tables -----------------------------------------------------------------------------

def test_unknown_node_and_relationship_tables(ds: Broken) -> None:
    ds.nodes["Grids"] = ds.nodes.pop("Grid")
    ds.rels["COVER"] = ds.rels.pop("COVERS")
    ds.nodes["Building"] = []
    found = ds.problems()
    assert found[:2] == [
        Problem(ds.src("nodes/Grids.csv"), None, None, "Grids", UNKNOWN_TABLE + "; did you mean Grid?"),
        Problem(ds.src("relationships/COVER.csv"), None, None, "COVER", UNKNOWN_TABLE + "; did you mean COVERS?"),
    ]


def test_a_table_of_a_reference_column_has_its_own_message(ds: Broken) -> None:
    ds.rels["HAS_GRID"] = [{"source": "c1", "target": "g1"}]
    ds.rels["LOCATED_IN"] = [{"source": "pt1", "target": "c1"}]
    assert ds.problems() == [
        Problem(ds.src("relationships/HAS_GRID.csv"), None, None, "HAS_GRID", "no table: HAS_GRID comes from the column Grid.community"),
        Problem(ds.src("relationships/LOCATED_IN.csv"), None, None, "LOCATED_IN",
                "no table: LOCATED_IN comes from the column Partner.community, Facility.community"),
    ]


def test_a_table_in_the_wrong_folder(ds: Broken) -> None:
    ds.nodes["MENTORS"] = ds.rels.pop("MENTORS")
    assert ds.problems() == [
        Problem(ds.src("nodes/MENTORS.csv"), None, None, "MENTORS", "MENTORS to be in relationships/, not nodes/"),
    ]


def test_missing_required_columns(ds: Broken) -> None:
    for row in ds.nodes["Estate"]:
        del row["community"]
    ds.rels["SERVES"] = [{"source": "pt1"}]
    found = ds.problems()
    assert Problem(ds.src("nodes/Estate.csv"), 1, "community", None, "a required column (missing from the header)") in found
    assert Problem(ds.src("relationships/SERVES.csv"), 1, "target", None, "a required column (missing from the header)") in found
    # the Estate table is refused, so its id is unknown where it is used
    # (the refused table's names are still known: the nearest is suggested)
    assert Problem(ds.src("nodes/Building.csv"), 2, "estate", "e1", "the id of a Estate; no node has id 'e1' (did you mean: 北苑公租房 (e1)?)") in found
    assert len(found) == 3


def test_a_repeated_header_column(ds: Broken) -> None:
    write_dataset(ds.root, nodes=ds.nodes, relationships=ds.rels)
    (ds.root / "nodes" / "Subdistrict.csv").write_text("id,name,name\nsd,道义街道,道义\n", encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        load_dataset(ds.root)
    assert caught.value.problems[0] == Problem(ds.src("nodes/Subdistrict.csv"), 1, "name", None, "each column name once")


def test_more_cells_than_header_columns(ds: Broken) -> None:
    write_dataset(ds.root, nodes=ds.nodes, relationships=ds.rels)
    (ds.root / "relationships" / "SERVES.csv").write_text("source,target\npt1,sd\npt1,c1,extra\n", encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        load_dataset(ds.root)
    assert caught.value.problems == [Problem(ds.src("relationships/SERVES.csv"), 3, None, None, "at most 2 cells, like the header")]


# -- cells ------------------------------------------------------------------------------

def test_empty_required_values(ds: Broken) -> None:
    ds.nodes["Community"][1]["type"] = "  "
    ds.nodes["Grid"][1]["name"] = ""
    ds.nodes["Grid"].append({"id": "", "name": "无名网格", "community": "c1"})
    ds.rels["COVERS"][0]["source"] = ""
    assert ds.problems() == [
        Problem(ds.src("nodes/Community.csv"), 3, "type", None, "a value (one of urban/village); this column is required"),
        Problem(ds.src("nodes/Grid.csv"), 3, "name", None, "a value (text); this column is required"),
        Problem(ds.src("nodes/Grid.csv"), 4, "id", None, "a non-empty id"),
        Problem(ds.src("relationships/COVERS.csv"), 2, "source", None, "the id of a PartyOrg"),
    ]


def test_bad_enum_number_bool_and_date_values(ds: Broken) -> None:
    ds.nodes["Community"][0]["type"] = "town"
    ds.nodes["Community"][1]["households"] = "很多"
    ds.nodes["Estate"][0]["households"] = "12.5"
    ds.nodes["Facility"][0]["area_m2"] = "约100"
    ds.nodes["Need"][0]["reported"] = "2024-13-01"
    ds.rels["GRID_WORKER_OF"][0]["full_time"] = "maybe"
    ds.rels["SECRETARY_OF"][0]["since"] = "去年"
    assert ds.problems() == [
        Problem(ds.src("nodes/Community.csv"), 2, "type", "town", "one of urban/village"),
        Problem(ds.src("nodes/Community.csv"), 3, "households", "很多", "a whole number ≥ 0"),
        Problem(ds.src("nodes/Estate.csv"), 2, "households", "12.5", "a whole number ≥ 0"),
        Problem(ds.src("nodes/Facility.csv"), 2, "area_m2", "约100", "a number ≥ 0"),
        Problem(ds.src("nodes/Need.csv"), 2, "reported", "2024-13-01", DATE),
        Problem(ds.src("relationships/GRID_WORKER_OF.csv"), 2, "full_time", "maybe", BOOL),
        Problem(ds.src("relationships/SECRETARY_OF.csv"), 2, "since", "去年", DATE),
    ]


def test_out_of_range_values(ds: Broken) -> None:
    ds.nodes["Community"][0]["governance_strength"] = 6
    ds.nodes["Person"][0]["rating"] = 0
    ds.nodes["Partner"][0]["capacity"] = 0
    ds.nodes["Subdistrict"][0]["population"] = "1e999"
    assert ds.problems() == [
        Problem(ds.src("nodes/Community.csv"), 2, "governance_strength", "6", "a whole number from 1 to 5"),
        Problem(ds.src("nodes/Partner.csv"), 2, "capacity", "0", "a whole number ≥ 1"),
        Problem(ds.src("nodes/Person.csv"), 2, "rating", "0", "a number from 1 to 5"),
        Problem(ds.src("nodes/Subdistrict.csv"), 2, "population", "1e999", "a whole number ≥ 0"),
    ]


def test_str_of_a_problem_reads_like_a_sentence(ds: Broken) -> None:
    ds.nodes["Community"][0]["governance_strength"] = 6
    [problem] = ds.problems()
    assert str(problem) == f"{ds.src('nodes/Community.csv')}, line 2, column governance_strength: '6' — expected a whole number from 1 to 5"


# -- ids and references ---------------------------------------------------------------------

def test_a_duplicate_id_across_two_tables_names_the_first_place(ds: Broken) -> None:
    ds.nodes["Grid"].append({"id": "c1", "name": "重复", "community": "c1"})
    ds.nodes["Grid"].append({"id": "g1", "name": "重复", "community": "c1"})
    assert ds.problems() == [
        Problem(ds.src("nodes/Grid.csv"), 4, "id", "c1", f"a unique id; already used at {ds.src('nodes/Community.csv')}, line 2"),
        Problem(ds.src("nodes/Grid.csv"), 5, "id", "g1", f"a unique id; already used at {ds.src('nodes/Grid.csv')}, line 2"),
    ]


def test_a_duplicate_of_a_broken_row_is_still_a_duplicate(ds: Broken) -> None:
    ds.nodes["Grid"][0]["name"] = ""
    ds.nodes["Grid"].append({"id": "g1", "name": "第二个g1", "community": "c1"})
    found = ds.problems()
    assert found == [
        Problem(ds.src("nodes/Grid.csv"), 2, "name", None, "a value (text); this column is required"),
        Problem(ds.src("nodes/Grid.csv"), 4, "id", "g1", f"a unique id; already used at {ds.src('nodes/Grid.csv')}, line 2"),
    ]


def test_references_to_a_missing_id_and_to_the_wrong_kind(ds: Broken) -> None:
    ds.nodes["Grid"][0]["community"] = "c9"
    ds.nodes["Grid"][1]["community"] = "sd"
    ds.nodes["Need"][0]["resolved_by"] = "ps1"
    ds.nodes["Need"][0]["category"] = "elderly_mels"
    assert ds.problems() == [
        Problem(ds.src("nodes/Grid.csv"), 2, "community", "c9", "the id of a Community; no node has id 'c9'"),
        Problem(ds.src("nodes/Grid.csv"), 3, "community", "sd", "the id of a Community, but 'sd' is a Subdistrict"),
        Problem(ds.src("nodes/Need.csv"), 2, "category", "elderly_mels", "the id of a Category; no node has id 'elderly_mels'"
                " (did you mean: 老年助餐 (elderly_meals), 养老服务 (elderly), 养老管家 (elderly_steward)?)"),
        Problem(ds.src("nodes/Need.csv"), 2, "resolved_by", "ps1", "the id of a Partner or Facility, but 'ps1' is a Person"),
    ]


def test_a_relationship_row_between_wrong_kinds(ds: Broken) -> None:
    ds.rels["COVERS"].append({"source": "ps1", "target": "c1"})
    ds.rels["OFFERS"].append({"source": "pt1", "target": "c1"})
    assert ds.problems() == [
        Problem(ds.src("relationships/COVERS.csv"), 3, "source", "ps1", "the id of a PartyOrg, but 'ps1' is a Person"),
        Problem(ds.src("relationships/COVERS.csv"), 3, "target", "c1", "the id of a Grid or Building, but 'c1' is a Community"),
        Problem(ds.src("relationships/OFFERS.csv"), 4, "target", "c1", "the id of a Category, but 'c1' is a Community"),
    ]


def test_a_problem_in_a_row_does_not_echo_as_a_missing_id_elsewhere(ds: Broken) -> None:
    ds.nodes["Person"][1]["rating"] = "excellent"
    assert ds.problems() == [Problem(ds.src("nodes/Person.csv"), 3, "rating", "excellent", "a number from 1 to 5")]


def test_a_community_party_org_needs_a_community_unit(ds: Broken) -> None:
    ds.nodes["PartyOrg"] += [
        {"id": "po-c2", "name": "前进村党委", "level": "community", "parent": "po-sd"},
        {"id": "po-e1", "name": "北苑公租房党委", "level": "community", "parent": "po-sd", "unit": "e1"},
        {"id": "po-pt1", "name": "区中医院党委", "level": "institution", "unit": "pt1"},
    ]
    assert ds.problems() == [
        Problem(ds.src("nodes/PartyOrg.csv"), 5, "unit", None, "the id of the Community this level-community organization belongs to"),
        Problem(ds.src("nodes/PartyOrg.csv"), 6, "unit", "e1", "the id of a Community for a level-community organization, but 'e1' is a Estate"),
    ]


def test_a_person_cannot_mentor_themself(ds: Broken) -> None:
    ds.rels["MENTORS"].append({"source": "ps2", "target": "ps2"})
    assert ds.problems() == [Problem(ds.src("relationships/MENTORS.csv"), 3, "target", "ps2", "a different person than the mentor")]


def test_category_cycles_in_the_dataset_and_through_the_default_taxonomy(ds: Broken) -> None:
    ds.nodes["Category"] = [
        {"id": "k-a", "name": "甲", "parent": "k-b"},
        {"id": "k-b", "name": "乙", "parent": "k-a"},
        {"id": "k-self", "name": "自身", "parent": "k-self"},
        {"id": "elderly", "name": "养老服务", "parent": "elderly_meals"},
    ]
    src = ds.src("nodes/Category.csv")
    found = ds.problems()
    # elderly → elderly_meals is a default link: the cycle is reported at the dataset row closing it
    assert found == [
        Problem(src, 5, "parent", "elderly_meals", CYCLE),
        Problem(src, 2, "parent", "k-b", CYCLE),
        Problem(src, 3, "parent", "k-a", CYCLE),
        Problem(src, 4, "parent", "k-self", CYCLE),
    ]


def test_a_node_of_another_kind_cannot_reuse_a_taxonomy_id(ds: Broken) -> None:
    ds.nodes["Grid"].append({"id": "elderly_meals", "name": "助餐网格", "community": "c1"})
    assert ds.problems() == [
        Problem(ds.src("nodes/Grid.csv"), 4, "id", "elderly_meals",
                "a unique id; the default taxonomy already has a Category with this id"),
    ]


# -- collecting -----------------------------------------------------------------------------

def test_several_problems_in_several_tables_are_all_reported(ds: Broken) -> None:
    ds.nodes["Community"][0]["type"] = "town"
    ds.nodes["Grid"][0]["community"] = "c9"
    ds.nodes["Person"][0]["rating"] = 0
    ds.rels["MENTORS"][0]["target"] = "ps1"
    ds.rels["CO_BUILDS"][0]["since"] = "2023-02-30"
    found = ds.problems()
    assert [(Path(p.source).name, p.line, p.column) for p in found] == [
        ("Community.csv", 2, "type"),
        ("Person.csv", 2, "rating"),
        ("CO_BUILDS.csv", 2, "since"),
        ("MENTORS.csv", 2, "target"),
        ("Grid.csv", 2, "community"),
    ]


@pytest.mark.parametrize("extra, truncated", [(0, False), (1, True), (50, True)])
def test_problems_are_capped_and_the_cut_is_said(ds: Broken, extra: int, truncated: bool) -> None:
    cap = validation.MAX_PROBLEMS
    ds.nodes["Grid"] = [{"id": f"g{i}", "name": f"网格{i}", "community": "c-none"} for i in range(cap + extra)]
    ds.rels.pop("COVERS")
    ds.rels.pop("GRID_WORKER_OF")
    ds.nodes.pop("Building")
    ds.nodes.pop("Household")
    write_dataset(ds.root, nodes=ds.nodes, relationships=ds.rels)
    with pytest.raises(DatasetError) as caught:
        load_dataset(ds.root)
    err = caught.value
    assert (len(err.problems), err.truncated) == (cap, truncated)
    assert err.problems[-1] == Problem(ds.src("nodes/Grid.csv"), cap + 1, "community", "c-none",
                                       "the id of a Community; no node has id 'c-none'")
    with use_language("en"):
        assert str(DatasetError(err.problems, truncated=err.truncated)).splitlines()[0] == f"{cap}{'+' if truncated else ''} problem(s) found, nothing was loaded:"


# -- values ---------------------------------------------------------------------------------

def test_lists_split_on_both_semicolons_and_blanks_are_stripped(ds: Broken) -> None:
    ds.nodes["Person"][0]["strengths"] = " 调解 ;养老；  党建 ;; "
    ds.rels["CO_BUILDS"][0]["projects"] = "义诊；健康讲座"
    graph = ds.load()
    assert graph["ps1"]["strengths"] == ["调解", "养老", "党建"]
    assert graph[("rel", "pt1", "CO_BUILDS", "c2")]["projects"] == ["义诊", "健康讲座"]


@pytest.mark.parametrize(
    "text, value",
    [("true", True), ("TRUE", True), ("1", True), ("yes", True), ("Yes", True), ("是", True),
     ("false", False), ("False", False), ("0", False), ("no", False), ("否", False)],
)
def test_booleans(ds: Broken, text: str, value: bool) -> None:
    ds.rels["GRID_WORKER_OF"][0]["full_time"] = text
    assert ds.load()[("rel", "ps2", "GRID_WORKER_OF", "g1")]["full_time"] is value


def test_full_time_defaults_to_true(ds: Broken) -> None:
    ds.rels["GRID_WORKER_OF"] = [{"source": "ps2", "target": "g1", "role": "courier"}]
    assert ds.load()[("rel", "ps2", "GRID_WORKER_OF", "g1")] == {"full_time": True, "role": "courier"}


def test_blanks_are_stripped_from_every_cell(ds: Broken) -> None:
    ds.nodes["Grid"][0] = {"id": "  g1 ", "name": " 北苑第一网格\t", "community": " c1  "}
    ds.nodes["Community"][0]["type"] = " Urban "
    ds.rels["COVERS"][0] = {"source": " po-gb1", "target": "g1 "}
    graph = ds.load()
    assert graph["g1"] == {"name": "北苑第一网格"}
    assert graph["c1"]["type"] == "urban"
    assert ("rel", "c1", "HAS_GRID", "g1") in graph and ("rel", "po-gb1", "COVERS", "g1") in graph


def test_unknown_columns_are_kept_as_text_properties_and_empty_cells_dropped(ds: Broken) -> None:
    ds.nodes["Partner"][0].update({"name_en": "District TCM Hospital", "note": ""})
    ds.rels["SERVES"][0]["origin"] = "seed"
    graph = ds.load()
    assert graph["pt1"] == {"name": "区中医院", "sector": "hospital", "capacity": 3, "source": "seed",
                            "name_en": "District TCM Hospital"}
    assert graph[("rel", "pt1", "SERVES", "sd")] == {"origin": "seed"}


def test_numbers_dates_and_enums_are_typed(ds: Broken) -> None:
    ds.nodes["Subdistrict"][0].update({"population": "120,000", "party_members": "1703.0"})
    ds.nodes["Need"][0]["reported"] = "2023/3/6"
    ds.rels["SECRETARY_OF"][0]["since"] = "2012-06"
    ds.rels["MENTORS"][0]["since"] = "2023"
    graph = ds.load()
    assert graph["sd"] == {"name": "道义街道", "area_km2": 38.05, "population": 120000, "party_members": 1703}
    assert graph["n1"]["reported"] == "2023-03-06"
    assert graph[("rel", "ps1", "SECRETARY_OF", "po-c1")] == {"since": "2012-06"}
    assert graph[("rel", "ps1", "MENTORS", "ps2")] == {"since": "2023"}
    assert graph["c1"]["governance_strength"] == 4 and graph["ps1"]["rating"] == 5.0
