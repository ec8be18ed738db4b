"""Reading raw tables: encodings, line numbers, stripped cells, and which files a dataset folder may hold."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from tests.loaders.builders import csv_text, graph_of, small_network, write_dataset
from graph_model.errors import DatasetError, Problem
from graph_model.i18n import use_language
from loaders import load_dataset
from loaders.tables import decode_text, read_csv_text, read_dataset_files

pytestmark = pytest.mark.usefixtures("english")  # its assertions quote the messages in English, their source language

UNDECODABLE = "text encoded as UTF-8 or GB18030/GBK (undecodable bytes here)"
TOP_LEVEL = "only dataset.toml, nodes/, relationships/, tables named by their kind or type (社区.csv, CO_BUILDS.csv) and documentation at the top of a dataset"


def problems_of(path: Path) -> list[Problem]:
    with use_language("en"), pytest.raises(DatasetError) as caught:
        load_dataset(path)
    return caught.value.problems


def chinese_network() -> tuple[dict, dict]:
    """The small network with Chinese ids, names, list cells and unknown columns."""
    nodes, rels = small_network()
    nodes["Grid"].append({"id": "网格-三", "name": "人杰水岸第三网格", "community": "c1"})
    nodes["Person"].append({"id": "ps3", "name": "张桂兰", "strengths": ["养老", "调解"], "note": "“三微实践”；社区书记"})
    rels["GRID_WORKER_OF"].append({"source": "ps3", "target": "网格-三", "full_time": "否", "role": "volunteer"})
    return nodes, rels


# -- read_csv_text -----------------------------------------------------------------------

def test_cells_are_stripped_and_blank_lines_skipped_but_counted() -> None:
    text = " id , name ,community\n\n  g1 ,\t第一网格 , c1 \n , , \ng2,第二网格,c1\n"
    table = read_csv_text(text, name="Grid", section="nodes", source="Grid.csv")
    assert table.header == ["id", "name", "community"]
    assert table.rows == [(3, ["g1", "第一网格", "c1"]), (5, ["g2", "第二网格", "c1"])]


def test_quoted_multiline_cells_keep_the_line_numbers_of_later_rows() -> None:
    text = 'id,name,note\np1,王淑华,"第一行\n第二行\n第三行"\np2,李明,\r\np3,"张\n桂兰",x\np4,高红,\n'
    table = read_csv_text(text, name="Person", section="nodes", source="Person.csv")
    assert [line for line, _ in table.rows] == [2, 5, 6, 8]
    assert table.rows[0][1][2] == "第一行\n第二行\n第三行"
    assert table.rows[2][1][1] == "张\n桂兰"


def test_a_later_row_after_a_multiline_cell_is_reported_on_its_own_line(tmp_path: Path) -> None:
    nodes, rels = small_network()
    nodes["Person"] = [
        {"id": "ps1", "name": "王淑华", "note": "第一行\n第二行\n第三行", "rating": 5},
        {"id": "ps2", "name": "李明", "rating": "excellent"},
    ]
    root = write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels)
    source = str(root / "nodes" / "Person.csv")
    assert problems_of(root) == [Problem(source, 5, "rating", "excellent", "a number from 1 to 5")]


def test_a_header_after_leading_blank_lines_keeps_file_line_numbers() -> None:
    table = read_csv_text("\n\nid,name\ng1,网格\n", name="Grid", section="nodes", source="Grid.csv")
    assert table.header == ["id", "name"]
    assert table.rows == [(4, ["g1", "网格"])]


# -- encodings -----------------------------------------------------------------------

@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"], ids=["utf8", "utf8-bom", "gb18030", "gbk", "utf16-bom"]
)
def test_decode_text_reads_every_supported_encoding(encoding: str) -> None:
    text = "id,name\nc1,人杰水岸社区；北苑\n"
    data = text.encode(encoding)
    if encoding == "utf-16":
        assert data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    assert decode_text(data, "x.csv") == text


def test_the_same_dataset_in_five_encodings_gives_identical_graphs(tmp_path: Path) -> None:
    nodes, rels = chinese_network()
    graphs = {
        enc: graph_of(write_dataset(tmp_path / enc, nodes=nodes, relationships=rels, encoding=enc))
        for enc in ("utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16")
    }
    reference = graphs["utf-8"]
    for enc, graph in graphs.items():
        assert graph == reference, enc
    kind, props = reference["nodes"]["网格-三"]
    assert (kind, props["name"]) == ("Grid", "人杰水岸第三网格")
    assert reference["nodes"]["ps3"][1] == {"name": "张桂兰", "strengths": ["养老", "调解"], "note": "“三微实践”；社区书记"}
    assert reference["relationships"][("ps3", "GRID_WORKER_OF", "网格-三")] == {"full_time": False, "role": "volunteer"}
    assert reference["nodes"]["c1"][1]["name"] == "北苑社区"


def test_undecodable_bytes_in_a_utf8_file_name_the_file_and_line(tmp_path: Path) -> None:
    nodes, rels = small_network()
    root = write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels)
    path = root / "nodes" / "Person.csv"
    data = path.read_bytes() + "ps9,高红\n".encode() + b"ps10,\xff\xfe\x80\n"
    assert data.count(b"\n") == 5  # header, ps1, ps2, ps9, then the broken row on line 5
    path.write_bytes(data)
    assert problems_of(root) == [Problem(str(path), 5, None, None, UNDECODABLE)]


def test_undecodable_bytes_in_a_gbk_file_name_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "Grid.csv"
    path.write_bytes("id,name\ng1,道义第一网格\n".encode("gbk") + b"g2,\x80\x80\n")
    with pytest.raises(DatasetError) as caught:
        decode_text(path.read_bytes(), "Grid.csv")
    assert caught.value.problems == [Problem("Grid.csv", 3, None, None, UNDECODABLE)]


def test_every_undecodable_file_is_reported(tmp_path: Path) -> None:
    nodes, rels = small_network()
    root = write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels)
    for table in ("nodes/Grid.csv", "relationships/COVERS.csv"):
        (root / table).write_bytes(b"id,name\n\xff\n")
    assert [(Path(p.source).name, p.line) for p in problems_of(root)] == [("Grid.csv", 2), ("COVERS.csv", 2)]


# -- what a dataset folder may hold ---------------------------------------------------------

def test_unknown_files_at_the_dataset_root_are_errors(tmp_path: Path) -> None:
    nodes, rels = small_network()
    root = write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels, meta='name = "小数据"\n')
    (root / "Grdi.csv").write_text(csv_text(nodes["Grid"]), encoding="utf-8")
    (root / "people.csv").write_text(csv_text(nodes["Person"]), encoding="utf-8")
    (root / "extra").mkdir()
    for harmless in ("README.md", "notes.txt", "LICENSE", ".hidden"):
        (root / harmless).write_text("说明", encoding="utf-8")
    assert problems_of(root) == [
        Problem(str(root / "Grdi.csv"), None, None, None, TOP_LEVEL + "; did you mean Grid?"),
        Problem(str(root / "extra"), None, None, None, TOP_LEVEL),
        Problem(str(root / "people.csv"), None, None, None, TOP_LEVEL),
    ]


def test_unknown_files_in_nodes_and_relationships_are_errors(tmp_path: Path) -> None:
    nodes, rels = small_network()
    root = write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels)
    (root / "nodes" / "Grid.txt").write_text("id,name\n", encoding="utf-8")
    (root / "nodes" / "old").mkdir()
    (root / "relationships" / "COVERS.xlsx").write_bytes(b"")
    (root / "nodes" / ".DS_Store").write_bytes(b"\0")
    assert problems_of(root) == [
        Problem(str(root / "nodes" / "Grid.txt"), None, None, None, "a <name>.csv table in nodes/"),
        Problem(str(root / "nodes" / "old"), None, None, None, "a <name>.csv table in nodes/"),
        Problem(str(root / "relationships" / "COVERS.xlsx"), None, None, None, "a <name>.csv table in relationships/"),
    ]


def test_dataset_toml_is_read_as_metadata_and_a_broken_one_is_an_error(tmp_path: Path) -> None:
    nodes, rels = small_network()
    root = write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels, meta='name = "道义"\nversion = "1.0"\n')
    assert read_dataset_files(root).meta == {"name": "道义", "version": "1.0"}
    (root / "dataset.toml").write_text("name = 道义\n", encoding="utf-8")
    [problem] = problems_of(root)
    assert (problem.source, problem.line, problem.column, problem.value) == (str(root / "dataset.toml"), None, None, None)
    assert problem.expected.startswith("valid TOML (")


def test_a_missing_path_and_a_file_that_is_no_dataset(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    assert problems_of(missing) == [Problem(str(missing), None, None, None, "an existing dataset folder or .xlsx file")]
    loose = tmp_path / "Grid.csv"
    loose.write_text("id,name\n", encoding="utf-8")
    assert problems_of(loose) == [Problem(str(loose), None, None, None, "a dataset folder or a workbook (.xlsx, .xls)")]


def test_absent_tables_and_an_empty_table_are_fine(tmp_path: Path) -> None:
    root = write_dataset(tmp_path / "ds", nodes={"Subdistrict": [{"id": "sd", "name": "道义街道"}]})
    (root / "nodes" / "Grid.csv").write_text("id,name,community\n", encoding="utf-8")
    (root / "relationships" / "COVERS.csv").write_bytes(b"")
    dataset = load_dataset(root)
    assert [n.id for n in dataset.nodes if n.kind.value != "Category"] == ["sd"]


def test_trailing_unnamed_columns_as_excel_exports_them_are_ignored(tmp_path: Path) -> None:
    nodes, rels = small_network()
    root = write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels)
    (root / "nodes" / "Grid.csv").write_text("id,name,community,,\ng1,北苑第一网格,c1,,\ng2,前进村网格,c2,,\n", encoding="utf-8")
    assert graph_of(root) == graph_of(write_dataset(tmp_path / "plain", nodes=nodes, relationships=rels))
