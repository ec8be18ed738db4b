"""An ``.xlsx`` workbook with the same tables as sheets loads to the same graph as the CSV folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.loaders.builders import graph_of, small_network, write_dataset, write_workbook
from graph_model.errors import DatasetError, Problem
from graph_model.i18n import use_language
from loaders import load_dataset
from loaders.tables import read_dataset_files

KINDS = "Subdistrict, Community, Estate, Grid, Building, PartyOrg, Household, Person, Partner, Facility, Category, Need, NeedEvent"
TABLES = "COVERS, SECRETARY_OF, BUILDING_HEAD_OF, GRID_WORKER_OF, MENTORS, CO_BUILDS, OFFERS, SERVES, MANAGES"
UNKNOWN_TABLE = f"a node kind ({KINDS}) or a relationship table ({TABLES})"


def typed_network() -> tuple[dict, dict]:
    """The small network with Excel-typed cells: whole and fractional numbers, booleans, dates, a numeric id."""
    nodes, rels = small_network()
    nodes["Building"][0]["households"] = 48.0  # Excel keeps every number as a float
    nodes["Grid"].append({"id": 101, "name": "北苑第101网格", "community": "c1"})
    nodes["Need"][0]["reported"] = dt.date(2023, 3, 6)
    nodes["Person"][1]["years_as_secretary"] = 2.5
    nodes["Category"] = [{"id": "k-hot-meals", "name": "热食配送", "parent": "elderly_meals", "name_en": "hot meals"}]
    rels["SECRETARY_OF"][0]["since"] = dt.datetime(2012, 6, 12)
    rels["GRID_WORKER_OF"].append({"source": "ps1", "target": 101, "full_time": False, "role": "volunteer"})
    rels["MENTORS"][0]["since"] = dt.date(2023, 3, 16)
    return nodes, rels


def problems_of(path: Path) -> list[Problem]:
    with use_language("en"), pytest.raises(DatasetError) as caught:
        load_dataset(path)
    return caught.value.problems


def test_the_workbook_is_really_typed(tmp_path: Path) -> None:
    nodes, rels = typed_network()
    book = load_workbook(write_workbook(tmp_path / "d.xlsx", nodes=nodes, relationships=rels))
    worker = [c.value for c in book["GRID_WORKER_OF"][3]]
    assert worker[:3] == ["ps1", 101, False]
    need = dict(zip((c.value for c in book["Need"][1]), (c.value for c in book["Need"][2])))
    assert need["reported"] == dt.datetime(2023, 3, 6)
    assert isinstance(book["Subdistrict"]["C2"].value, float)


def test_workbook_and_csv_folder_give_the_same_graph(tmp_path: Path) -> None:
    nodes, rels = typed_network()
    from_csv = graph_of(write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels))
    from_xlsx = graph_of(write_workbook(tmp_path / "ds.xlsx", nodes=nodes, relationships=rels))
    assert from_xlsx["stats"] == from_csv["stats"]
    assert from_xlsx["nodes"] == from_csv["nodes"]
    assert from_xlsx["relationships"] == from_csv["relationships"]
    assert from_xlsx["nodes"]["101"] == ("Grid", {"name": "北苑第101网格"})
    assert from_xlsx["nodes"]["b1"][1]["households"] == 48
    assert from_xlsx["nodes"]["n1"][1]["reported"] == "2023-03-06"
    assert from_xlsx["relationships"][("ps1", "SECRETARY_OF", "po-c1")] == {"since": "2012-06-12"}
    assert from_xlsx["relationships"][("ps1", "GRID_WORKER_OF", "101")] == {"full_time": False, "role": "volunteer"}
    assert from_xlsx["nodes"]["k-hot-meals"] == ("Category", {"name": "热食配送", "name_en": "hot meals"})


def test_a_dataset_sheet_holds_the_metadata(tmp_path: Path) -> None:
    nodes, rels = small_network()
    book = write_workbook(tmp_path / "d.xlsx", nodes=nodes, relationships=rels, meta={"name": "道义", "version": "1.0"})
    assert read_dataset_files(book).meta == {"name": "道义", "version": "1.0"}
    assert load_dataset(book).meta == {"name": "道义", "version": "1.0"}


def test_bad_sheet_names_are_errors_naming_the_sheet(tmp_path: Path) -> None:
    nodes, rels = small_network()
    nodes["Grids"] = nodes.pop("Grid")
    rels["covers"] = rels.pop("COVERS")
    rels["HAS_GRID"] = [{"source": "c1", "target": "g1"}]
    book = write_workbook(tmp_path / "d.xlsx", nodes=nodes, relationships=rels)
    found = problems_of(book)
    assert found[:3] == [
        Problem(f"{book} sheet Grids", None, None, "Grids", UNKNOWN_TABLE + "; did you mean Grid?"),
        Problem(f"{book} sheet covers", None, None, "covers", UNKNOWN_TABLE + "; did you mean COVERS?"),
        Problem(f"{book} sheet HAS_GRID", None, None, "HAS_GRID", "no table: HAS_GRID comes from the column Grid.community"),
    ]
    # with the Grid sheet refused, its ids are unknown where they are used
    assert {p.value for p in found[3:]} == {"g1"}


def test_problems_in_a_sheet_name_the_sheet_row_and_column(tmp_path: Path) -> None:
    nodes, rels = small_network()
    nodes["Community"][1]["governance_strength"] = 6
    rels["GRID_WORKER_OF"][0]["full_time"] = "sometimes"
    book = write_workbook(tmp_path / "d.xlsx", nodes=nodes, relationships=rels)
    assert problems_of(book) == [
        Problem(f"{book} sheet Community", 3, "governance_strength", "6", "a whole number from 1 to 5"),
        Problem(f"{book} sheet GRID_WORKER_OF", 2, "full_time", "sometimes", "one of true/false/1/0/yes/no/是/否"),
    ]


def test_blank_rows_in_a_sheet_keep_excel_row_numbers(tmp_path: Path) -> None:
    nodes, rels = small_network()
    book_path = write_workbook(tmp_path / "d.xlsx", nodes=nodes, relationships=rels)
    book = load_workbook(book_path)
    sheet = book["Grid"]
    sheet.insert_rows(3, amount=2)  # rows 3-4 blank, g2 moves to row 5
    sheet["C5"] = "c-none"
    book.save(book_path)
    [problem] = [p for p in problems_of(book_path) if p.column == "community"]
    assert problem == Problem(f"{book_path} sheet Grid", 5, "community", "c-none", "the id of a Community; no node has id 'c-none'")


def test_an_unreadable_workbook_is_a_clear_problem(tmp_path: Path) -> None:
    fake = tmp_path / "broken.xlsx"
    fake.write_bytes(b"id,name\n")
    [problem] = problems_of(fake)
    assert (problem.source, problem.line, problem.column, problem.value) == (str(fake), None, None, None)
    assert problem.expected.startswith("a readable .xlsx workbook (")
