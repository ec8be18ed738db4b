"""Planners' own ledgers (LEDGERS.md): Chinese tables, headers, values and names load to the graph the English ids give.

One test (or a few) per rule, each asserting the message a planner reads.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from graph_model.errors import DatasetError, Problem
from graph_model.i18n import use_language
from graph_model.schema import NODE_SPECS, RELATIONSHIP_ENDS_ZH, RELATIONSHIP_TABLES, NodeKind, RelType
from loaders import load_dataset
from loaders.tables import read_csv_text, read_dataset_files
from loaders.workbook import WorkbookLimits, check_xlsx
from tests.loaders.builders import csv_text, graph_of, small_network, write_dataset, write_workbook

NOTES = {"capacity": "承接能力（件）", "area_km2": "面积(平方公里)", "households": "户数 （户）"}


def problems_of(path: Path) -> list[Problem]:
    with use_language("en"), pytest.raises(DatasetError) as caught:
        load_dataset(path)
    return caught.value.problems


def _zh_value(column: Any, value: Any) -> Any:
    if column is not None and column.names and isinstance(value, str) and value in column.names:
        return column.names[value][0]
    return value


def chinese(nodes: dict, rels: dict, *, names: bool = True) -> tuple[dict, dict]:
    """The same tables as a planner writes them: Chinese table names, headers (some with notes) and values,
    and (``names``) every reference by the referenced node's name where that name is unique."""
    name_of = {row["id"]: row["name"] for rows in nodes.values() for row in rows}
    counts: dict[str, int] = {}
    for name in name_of.values():
        counts[name] = counts.get(name, 0) + 1

    def ref(value: Any) -> Any:
        if names and value in name_of and counts[name_of[value]] == 1:
            return name_of[value]
        return value

    zh_nodes: dict[str, list[dict]] = {}
    for kind, rows in nodes.items():
        spec = NODE_SPECS[NodeKind(kind)]
        out = []
        for row in rows:
            new = {}
            for key, value in row.items():
                column = spec.by_name.get(key)
                header = NOTES.get(key) or (column.zh if column else key)
                value = ref(value) if column is not None and column.ref else _zh_value(column, value)
                new[header] = value
            out.append(new)
        zh_nodes[spec.zh] = out
    zh_rels: dict[str, list[dict]] = {}
    for rel, rows in rels.items():
        spec = RELATIONSHIP_TABLES[RelType(rel)]
        props = {c.name: c for c in spec.properties}
        out = []
        for row in rows:
            new = {}
            for key, value in row.items():
                if key in RELATIONSHIP_ENDS_ZH:
                    new[RELATIONSHIP_ENDS_ZH[key]] = ref(value)
                else:
                    column = props.get(key)
                    new[column.zh if column else key] = _zh_value(column, value)
            out.append(new)
        zh_rels[spec.zh] = out
    return zh_nodes, zh_rels


# -- A. table names ---------------------------------------------------------------------

def test_a_chinese_folder_and_workbook_give_the_graph_the_english_ids_give(tmp_path: Path) -> None:
    nodes, rels = small_network()
    english = graph_of(write_dataset(tmp_path / "en", nodes=nodes, relationships=rels))
    zh_nodes, zh_rels = chinese(nodes, rels)
    assert "社区" in zh_nodes and "共建协议" in zh_rels and zh_nodes["网格"][0] == {"编号": "g1", "名称": "北苑第一网格", "所属社区": "北苑社区"}
    assert graph_of(write_dataset(tmp_path / "zh", nodes=zh_nodes, relationships=zh_rels)) == english
    assert graph_of(write_workbook(tmp_path / "台账.xlsx", nodes=zh_nodes, relationships=zh_rels)) == english


def test_a_flat_folder_tells_each_table_by_its_name(tmp_path: Path) -> None:
    nodes, rels = small_network()
    english = graph_of(write_dataset(tmp_path / "en", nodes=nodes, relationships=rels))
    zh_nodes, zh_rels = chinese(nodes, rels)
    flat = tmp_path / "flat"
    flat.mkdir()
    for name, rows in {**zh_nodes, **zh_rels}.items():
        (flat / f"{name}.csv").write_text(csv_text(rows), encoding="gb18030")
    assert graph_of(flat) == english


def test_sheets_that_are_no_table_are_skipped_and_listed(tmp_path: Path) -> None:
    nodes, rels = small_network()
    book_path = write_workbook(tmp_path / "d.xlsx", nodes=nodes, relationships=rels)
    book = load_workbook(book_path)
    book.create_sheet("说明", 0)["A1"] = "填写说明：每行一个对象"
    book.create_sheet("填表须知")["A1"] = "编号不可重复"
    book.save(book_path)
    assert read_dataset_files(book_path).skipped == ["说明", "填表须知"]
    dataset = load_dataset(book_path)
    assert dataset.skipped == ("说明", "填表须知")
    assert graph_of(book_path) == graph_of(write_dataset(tmp_path / "en", nodes=nodes, relationships=rels))


def test_a_sheet_named_almost_like_a_table_is_an_error_not_skipped(tmp_path: Path) -> None:
    nodes, rels = small_network()
    nodes["共建单元"] = nodes.pop("Partner")  # 共建单位, one character off
    nodes["Comunity"] = nodes.pop("Community")
    found = problems_of(write_workbook(tmp_path / "d.xlsx", nodes=nodes, relationships=rels))
    by_sheet = {p.source.rsplit(" sheet ", 1)[1]: p.expected for p in found if p.line is None}
    assert by_sheet["共建单元"].endswith("; did you mean 共建单位?")
    assert by_sheet["Comunity"].endswith("; did you mean Community?")


def test_an_unknown_table_lists_the_tables_by_their_chinese_names(tmp_path: Path) -> None:
    """A planner reads the tables as their ledger names them, the file name beside (a CSV folder's files are named so)."""
    nodes, rels = small_network()
    nodes["居民台账"] = nodes.pop("Household")  # not a table's name at all (in a workbook, a sheet skipped and listed)
    with use_language("zh"), pytest.raises(DatasetError) as caught:
        load_dataset(write_dataset(tmp_path / "d", nodes=nodes, relationships=rels))
    (problem,) = [p for p in caught.value.problems if p.line is None]
    listed = [f"{spec.zh}（{kind.value}）" for kind, spec in NODE_SPECS.items() if spec.zh]
    listed += [f"{spec.zh}（{rel.value}）" for rel, spec in RELATIONSHIP_TABLES.items()]
    assert all(name in problem.expected for name in listed), problem.expected
    assert "社区（Community）、小区（Estate）" in problem.expected and "书记（SECRETARY_OF）" in problem.expected


# -- B. headers ---------------------------------------------------------------------------

def test_headers_with_notes_blanks_and_case_are_read_as_their_columns(tmp_path: Path) -> None:
    nodes, rels = small_network()
    english = graph_of(write_dataset(tmp_path / "en", nodes=nodes, relationships=rels))
    nodes["Partner"] = [{"ID": "pt1", " Name ": "区中医院", "领域": "hospital", "所属社区": "c1", "承接能力【件】": 3, "source": "seed"}]
    nodes["Subdistrict"] = [{"编号": "sd", "名称": "道义街道", "面积（平方公里）": 38.05, "人口 (人)": 120000}]
    assert graph_of(write_dataset(tmp_path / "mixed", nodes=nodes, relationships=rels)) == english


@pytest.mark.parametrize(("table", "header", "resembles"), [
    ("Partner", "capacty", "capacity"),
    ("Partner", "承接能刀", "承接能力"),
    ("Grid", "comunity", "community"),
    ("CO_BUILDS", "snice", "since"),
])
def test_a_misspelled_header_is_an_error_naming_the_column_it_resembles(tmp_path: Path, table: str, header: str, resembles: str) -> None:
    nodes, rels = small_network()
    rows = nodes.get(table) or rels[table]
    original = {"capacty": "capacity", "承接能刀": "capacity", "comunity": "community", "snice": "since"}[header]
    for row in rows:
        row[header] = row.pop(original)
    found = problems_of(write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels))
    folder = "nodes" if table in nodes else "relationships"
    assert found[0] == Problem(str(tmp_path / "ds" / folder / f"{table}.csv"), 1, header, None,
                               f"a column of {table}; did you mean {resembles}? (a misspelled column would be lost)")
    assert not any(p.expected.startswith("a required column") for p in found)  # said once, as the typo it is


def test_unknown_headers_far_from_every_column_are_kept_as_properties(tmp_path: Path) -> None:
    nodes, rels = small_network()
    nodes["Partner"][0].update({"note": "三甲医院", "备注": "中医", "联系电话": "12345"})
    graph = graph_of(write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels))
    assert {"note": "三甲医院", "备注": "中医", "联系电话": "12345"}.items() <= graph["nodes"]["pt1"][1].items()


def test_title_rows_above_the_header_are_skipped_and_lines_stay_the_files_own(tmp_path: Path) -> None:
    nodes, rels = small_network()
    english = graph_of(write_dataset(tmp_path / "en", nodes=nodes, relationships=rels))
    root = write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels)
    grid = root / "nodes" / "Grid.csv"
    grid.write_text("道义街道网格台账,,\n,,\n" + grid.read_text(encoding="utf-8"), encoding="utf-8")
    assert graph_of(root) == english
    grid.write_text(grid.read_text(encoding="utf-8").replace("g2,前进村网格,c2", "g2,前进村网格,c9"), encoding="utf-8")
    [problem] = problems_of(root)
    assert (problem.line, problem.column, problem.value) == (5, "community", "c9")
    table = read_csv_text("共建单位台账\n制表：道义街道\n编号,名称\npt1,区中医院\n", name="Partner", section="nodes", source="x.csv")
    assert (table.header_line, table.header, table.rows) == (3, ["编号", "名称"], [(4, ["pt1", "区中医院"])])


def test_a_title_row_in_a_sheet_keeps_excel_row_numbers(tmp_path: Path) -> None:
    nodes, rels = small_network()
    book_path = write_workbook(tmp_path / "d.xlsx", nodes=nodes, relationships=rels)
    book = load_workbook(book_path)
    sheet = book["Grid"]
    sheet.insert_rows(1, amount=2)
    sheet["A1"] = "北苑社区网格台账（2024年）"
    sheet["C5"] = "c-none"
    book.save(book_path)
    [problem] = problems_of(book_path)
    assert (problem.source, problem.line, problem.column) == (f"{book_path} sheet Grid", 5, "community")


# -- C. values ------------------------------------------------------------------------------

def test_chinese_enum_values_dates_and_booleans(tmp_path: Path) -> None:
    nodes, rels = small_network()
    english = graph_of(write_dataset(tmp_path / "en", nodes=nodes, relationships=rels))
    nodes["Community"][0].update(type="社区", estate_category="公租房", service_focus="养老")
    nodes["Community"][1]["type"] = "村"
    nodes["Estate"][0]["category"] = "公租房"
    nodes["PartyOrg"][0]["level"] = "街道党工委"
    nodes["PartyOrg"][1]["level"] = "社区党委"
    nodes["PartyOrg"][2]["level"] = "网格党支部"
    nodes["Partner"][0]["sector"] = "医院"
    nodes["Facility"][0]["type"] = "社区食堂"
    nodes["Need"][0].update(status="已解决", source="走访调查", reported="2023年3月6日")
    rels["GRID_WORKER_OF"][0].update(full_time="是", role="专职网格员")
    rels["SECRETARY_OF"][0]["since"] = "2012/6/12"
    assert graph_of(write_dataset(tmp_path / "zh", nodes=nodes, relationships=rels)) == english


@pytest.mark.parametrize(("kind", "column", "chinese", "value"), [
    ("Partner", "sector", "社区社会企业", "community_company"),
    ("Partner", "sector", "物业公司", "property_company"),
    ("Facility", "type", "其他", "other"),
    ("Facility", "type", "未成年人保护中心", "minor_protection_center"),
    ("Need", "status", "待解决", "open"),
    ("Need", "status", "已派单", "dispatched"),
    ("Need", "source", "12345热线", "hotline_12345"),
    ("Community", "type", "行政村", "village"),
    ("PartyOrg", "level", "社区(村)党组织", "community"),
    ("PartyOrg", "level", "社区（村）党组织", "community"),
    ("PartyOrg", "level", "村党总支", "community"),
])
def test_every_listed_chinese_value_is_read(kind: str, column: str, chinese: str, value: str) -> None:
    from loaders.cell_values import parse_value

    assert parse_value(chinese, NODE_SPECS[NodeKind(kind)].column(column)) == value


def test_a_bad_chinese_value_still_says_what_was_expected(tmp_path: Path) -> None:
    nodes, rels = small_network()
    nodes["Need"][0]["status"] = "已完成"
    [problem] = problems_of(write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels))
    assert (problem.column, problem.value, problem.expected) == ("status", "已完成", "one of open/dispatched/in_progress/resolved")


# -- D. names in reference columns --------------------------------------------------------------

def test_a_dataset_written_with_names_gives_the_same_graph_as_with_ids(tmp_path: Path) -> None:
    nodes, rels = small_network()
    english = graph_of(write_dataset(tmp_path / "en", nodes=nodes, relationships=rels))
    nodes["Grid"][0]["community"] = "北苑社区"
    nodes["Grid"][1]["community"] = " 前进村 "
    nodes["Need"][0].update(category="老年助餐", resolved_by="北苑社区食堂")  # a default category by its name
    rels["CO_BUILDS"][0].update(source="区中医院", target="前进村")
    rels["MENTORS"][0].update(source="王淑华", target="李明")
    assert graph_of(write_dataset(tmp_path / "names", nodes=nodes, relationships=rels)) == english


def test_a_name_two_nodes_share_is_an_error_listing_both(tmp_path: Path) -> None:
    nodes, rels = small_network()
    nodes["Community"].append({"id": "c3", "name": "北苑社区", "type": "urban", "subdistrict": "sd"})
    nodes["Grid"][0]["community"] = "北苑社区"
    [problem] = problems_of(write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels))
    assert (problem.line, problem.column, problem.value) == (2, "community", "北苑社区")
    assert problem.expected == ("the id of a Community, or a name only one of them has; 2 are named '北苑社区': "
                                "北苑社区 (c1, 道义街道); 北苑社区 (c3, 道义街道) — write the id")


def test_a_name_of_the_wrong_kind_does_not_count(tmp_path: Path) -> None:
    nodes, rels = small_network()
    nodes["Estate"][0]["name"] = "北苑"
    nodes["Grid"][0]["community"] = "北苑"  # an estate's name, not a community's
    [problem] = problems_of(write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels))
    assert problem.expected == "the id of a Community; no node has id '北苑' (did you mean: 北苑社区 (c1)?)"


def test_an_unknown_value_suggests_the_nearest_ids_and_names(tmp_path: Path) -> None:
    nodes, rels = small_network()
    nodes["Grid"][0]["community"] = "北院社区"
    rels["SECRETARY_OF"][0]["source"] = "ps-1"
    found = problems_of(write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels))
    assert [p.expected for p in found] == [
        "the id of a Community; no node has id '北院社区' (did you mean: 北苑社区 (c1)?)",
        "the id of a Person; no node has id 'ps-1' (did you mean: 王淑华 (ps1)?)",
    ]


# -- E. everything at once ----------------------------------------------------------------------

def test_every_problem_of_every_layer_in_one_run(tmp_path: Path) -> None:
    nodes, rels = small_network()
    nodes["Partner"][0]["capacty"] = nodes["Partner"][0].pop("capacity")  # header
    nodes["Need"][0]["status"] = "完成"  # value
    nodes["Grid"][0]["community"] = "北院社区"  # reference
    nodes["Grid"].append({"id": "g1", "name": "重复", "community": "c1"})  # duplicate id
    found = problems_of(write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels))
    assert [(Path(p.source).name, p.column) for p in found] == [
        ("Partner.csv", "capacty"), ("Grid.csv", "id"), ("Need.csv", "status"), ("Grid.csv", "community"),
    ]


def test_validate_says_what_came_from_the_dataset_and_what_from_the_taxonomy(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from cli.app import app

    nodes, rels = small_network()
    book_path = write_workbook(tmp_path / "d.xlsx", nodes=nodes, relationships=rels)
    book = load_workbook(book_path)
    book.create_sheet("说明")["A1"] = "填写说明"
    book.save(book_path)
    result = CliRunner().invoke(app, ["--lang", "en", "validate", "--data", str(book_path)])
    assert result.exit_code == 0, result.output
    dataset = load_dataset(book_path)
    own = len(dataset.nodes) - dataset.taxonomy
    assert own == sum(len(rows) for rows in nodes.values())
    assert f"{own} nodes from the dataset, {dataset.taxonomy} categories from the default taxonomy" in result.output
    assert "skipped sheets that hold no table: 说明" in result.output


# -- workbooks: .xls, limits, broken files --------------------------------------------------------

def _rewrite_sheet(source: Path, out: Path, edit: Any) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = edit(data)
            zout.writestr(item.filename, data)
    return out


@pytest.fixture
def grid_book(tmp_path: Path) -> Path:
    nodes, rels = small_network()
    return write_workbook(tmp_path / "grid.xlsx", nodes={"Grid": nodes["Grid"]})


def test_a_workbook_declaring_the_whole_sheet_is_refused(grid_book: Path, tmp_path: Path) -> None:
    import re

    bomb = _rewrite_sheet(grid_book, tmp_path / "dim.xlsx", lambda d: re.sub(rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="A1:XFD1048576"/>', d))
    assert bomb.stat().st_size < 8000
    [problem] = problems_of(bomb)
    assert problem == Problem(f"{bomb} sheet Grid", None, None, None,
                              "a sheet of at most 1048576 rows, 256 columns and 40000000 cells; this one reaches row 1048576, column 16384")


def test_a_workbook_with_one_cell_far_away_is_refused(grid_book: Path, tmp_path: Path) -> None:
    far = _rewrite_sheet(grid_book, tmp_path / "far.xlsx", lambda d: d.replace(
        b"</sheetData>", b'<row r="2000000"><c r="B2000000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'))
    [problem] = problems_of(far)
    assert problem.expected.endswith("this one reaches row 2000000, column 3")


def test_a_zip_of_blank_space_is_refused_before_it_is_expanded(grid_book: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(grid_book) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                head, tail = data.split(b"<sheetData>")
                with zout.open(item.filename, "w") as out:
                    out.write(head + b"<sheetData>")
                    for _ in range(48):
                        out.write(b" " * (1 << 20))
                    out.write(tail)
            else:
                zout.writestr(item.filename, data)
    assert bomb.stat().st_size < 1 << 20
    [problem] = problems_of(bomb)
    assert problem.source == str(bomb) and problem.expected.startswith(
        "a workbook whose parts expand at most 200 times; xl/worksheets/sheet1.xml expands ")
    with use_language("en"), pytest.raises(DatasetError) as caught:
        check_xlsx(bomb, WorkbookLimits(uncompressed_bytes=32 << 20, ratio=10_000))
    assert caught.value.problems[0].expected == "a workbook of at most 32 MB uncompressed; this one declares 48 MB"


def test_malformed_xml_is_one_line_naming_the_sheet(grid_book: Path, tmp_path: Path) -> None:
    broken = _rewrite_sheet(grid_book, tmp_path / "bad.xlsx", lambda d: d.replace(b"</sheetData>", b'<row r="9"><c r="A9"'))
    [problem] = problems_of(broken)
    assert problem.source == f"{broken} sheet Grid" and problem.expected.startswith("a readable sheet (malformed XML")
    not_a_zip = tmp_path / "fake.xlsx"
    not_a_zip.write_text("id,name\n", encoding="utf-8")
    [problem] = problems_of(not_a_zip)
    assert problem.expected.startswith("a readable .xlsx workbook (not a zip file")


def test_an_excel_97_workbook_loads_like_the_xlsx(tmp_path: Path) -> None:
    fixture = Path(__file__).parent.parent / "fixtures" / "ledger_xls" / "台账.xls"
    nodes, rels = small_network()
    assert graph_of(fixture) == graph_of(write_dataset(tmp_path / "en", nodes=nodes, relationships=rels))


def test_a_refused_bomb_keeps_memory_small(grid_book: Path, tmp_path: Path) -> None:
    import re
    import subprocess
    import sys

    bomb = _rewrite_sheet(grid_book, tmp_path / "dim.xlsx", lambda d: re.sub(rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="A1:XFD1048576"/>', d))
    script = (
        "import sys\n"
        "from graph_model.errors import DatasetError\n"
        "from loaders import load_dataset\n"
        "try:\n    load_dataset(sys.argv[1])\nexcept DatasetError:\n    pass\nelse:\n    raise SystemExit('loaded')\n"
        # VmHWM, the peak of this process's own memory: ru_maxrss would also count the parent's
        # pages the child was forked with (a test run's whole pytest process)
        "print(next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM:')) // 1024)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(bomb)], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[2])
    assert int(done.stdout.strip()) < 500  # MiB: the whole interpreter with Linli imported, nothing of the sheet


def test_a_part_that_lies_about_its_size_is_refused(grid_book: Path, tmp_path: Path) -> None:
    import struct

    sheet = "xl/worksheets/sheet1.xml"
    liar = tmp_path / "liar.xlsx"
    data = bytearray(grid_book.read_bytes())
    with zipfile.ZipFile(grid_book) as book:
        info = book.getinfo(sheet)
    struct.pack_into("<I", data, info.header_offset + 22, 100)  # the local header's uncompressed size
    at = data.find(b"PK\x01\x02")
    while at != -1:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46:at + 46 + name_length]) == sheet.encode():
            struct.pack_into("<I", data, at + 24, 100)  # and the central directory's
        at = data.find(b"PK\x01\x02", at + 4)
    liar.write_bytes(bytes(data))
    [problem] = problems_of(liar)
    assert problem.source == str(liar) and problem.expected.startswith(f"a readable .xlsx workbook ({sheet}: ")


def test_cells_without_a_reference_count_where_they_fall(grid_book: Path, tmp_path: Path) -> None:
    # calamine places a cell without r= right after the one before it: a row of 300 of them is 300 columns wide
    wide = _rewrite_sheet(grid_book, tmp_path / "wide.xlsx", lambda d: d.replace(
        b"</sheetData>", b'<row r="9">' + b'<c t="inlineStr"><is><t>x</t></is></c>' * 300 + b"</row></sheetData>"))
    [problem] = problems_of(wide)
    assert problem.expected.endswith(", column 300")  # (its rows are counted as an upper bound: such a file is rare)
    few = _rewrite_sheet(grid_book, tmp_path / "few.xlsx", lambda d: d.replace(
        b"</sheetData>", b'<row r="4"><c t="inlineStr"><is><t>g9</t></is></c><c t="inlineStr"><is><t>g9name</t></is></c>'
                         b'<c t="inlineStr"><is><t>c1</t></is></c></row></sheetData>'))
    assert problems_of(few)[0].value == "c1"  # read like any row: c1 is no node of this one-sheet workbook


def test_rows_without_a_reference_count_where_they_fall(grid_book: Path, tmp_path: Path) -> None:
    rows = b"".join(b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' for _ in range(3))
    tall = _rewrite_sheet(grid_book, tmp_path / "tall.xlsx", lambda d: d.replace(b"</sheetData>", rows + b"</sheetData>"))
    with use_language("en"), pytest.raises(DatasetError) as caught:
        check_xlsx(tall, WorkbookLimits(rows=4))
    assert caught.value.problems[0].expected.startswith("a sheet of at most 4 rows")  # 2 placed rows and 3 after them
    check_xlsx(tall, WorkbookLimits(rows=12))  # an upper bound, not a wild one
