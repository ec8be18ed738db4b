"""Files that only look readable are refused (issue 16, items 5 and 6): runaway quotes and mixed encodings.

Each test reproduces an attack that used to load as a "valid" dataset with
silently wrong contents, and checks the refusal names the file and the line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_model.errors import DatasetError, Problem
from loaders import load_dataset
from loaders.csv_safety import last_lines, mixed_encoding
from loaders.tables import decode_text, read_csv_text
from tests.loaders.builders import small_network, write_dataset

pytestmark = pytest.mark.usefixtures("english")  # its assertions quote the messages in English, their source language

SWALLOWED = 'a closing quote (") for the quoted cell that opens on this line: it runs on to line {end}, taking in line {line}, which looks like a row of its own'
TO_THE_END = 'a closing quote (") for the quoted cell that opens on this line: it runs to the end of the file'


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(DatasetError) as caught:
        load_dataset(path)
    return caught.value.problems


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    nodes, rels = small_network()
    nodes["Grid"].append({"id": "g3", "name": "北苑第三网格", "community": "c1", "note": "x"})
    nodes["Grid"].append({"id": "g4", "name": "北苑第四网格", "community": "c1", "note": "y"})
    return write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels)


# -- item 5: an unterminated quote ------------------------------------------------------------

def test_an_unterminated_quote_in_the_last_column_swallowing_rows_is_reported(dataset: Path) -> None:
    path = dataset / "nodes" / "Grid.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "id,name,community,note" and lines[3].startswith("g3,")
    lines[3] = 'g3,北苑第三网格,c1,"未闭合的备注'  # the quote opens on line 4 and is never closed
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    swallowing = TO_THE_END + ", taking in line 5, which looks like a row of its own"
    assert problems_of(dataset) == [Problem(str(path), 4, "note", None, swallowing)]


def test_a_runaway_quote_closed_by_a_later_quote_is_reported_at_its_line(dataset: Path) -> None:
    path = dataset / "nodes" / "Grid.csv"
    text = ('id,name,community,note\ng1,北苑第一网格,c1,"开了引号\ng2,前进村网格,c2,\ng3,北苑第三网格,c1,x\n'
            'g4,北苑第四网格,c1,另一个"\n')  # a stray quote closes it
    path.write_text(text, encoding="utf-8")
    table = None
    with pytest.raises(DatasetError) as caught:
        table = read_csv_text(text, name="Grid", section="nodes", source="Grid.csv")
    assert table is None
    assert caught.value.problems == [Problem("Grid.csv", 2, "note", None, SWALLOWED.format(end=5, line=3))]
    assert [p.line for p in problems_of(dataset)] == [2]


def test_a_quote_left_open_on_the_last_line_is_reported(dataset: Path) -> None:
    text = 'id,name,community\ng1,北苑第一网格,"c1\n'
    with pytest.raises(DatasetError) as caught:
        read_csv_text(text, name="Grid", section="nodes", source="Grid.csv")
    assert caught.value.problems == [Problem("Grid.csv", 2, "community", None, TO_THE_END)]


def test_multi_line_cells_that_swallow_nothing_still_load(dataset: Path) -> None:
    path = dataset / "nodes" / "Grid.csv"
    text = ('id,name,community,note\r\ng1,北苑第一网格,c1,"第一行\r\n第二行，含逗号, 一个\r\n"\r\ng2,前进村网格,c2,"引号""内"\r\n'
            'g3,北苑第三网格,c1,\r\ng4,北苑第四网格,c1,"最后"\r\n')
    path.write_text(text, encoding="utf-8", newline="")
    table = read_csv_text(text, name="Grid", section="nodes", source="Grid.csv")
    assert [line for line, _ in table.rows] == [2, 5, 6, 7]
    notes = {n.id: n.props.get("note") for n in load_dataset(dataset).nodes if n.kind.value == "Grid"}
    assert notes == {"g1": "第一行\r\n第二行，含逗号, 一个", "g2": "引号\"内", "g3": None, "g4": "最后"}


def test_last_lines_counts_line_breaks_as_the_csv_reader_does() -> None:
    assert last_lines("a\nb\n", 1) == "b\n"
    assert last_lines("a\r\nb\r\n", 2) == "a\r\nb\r\n"
    assert last_lines("a\rb", 1) == "b"
    assert last_lines("only", 3) == "only"


# -- item 6: mixed encodings ---------------------------------------------------------------

def mixed(tmp_path: Path, first: str, then: str) -> tuple[Path, Path]:
    nodes, rels = small_network()
    root = write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels)
    path = root / "nodes" / "Partner.csv"
    header, *rows = path.read_text(encoding="utf-8").splitlines()
    data = (header + "\n").encode(first) + "\n".join(rows).encode(first) + b"\n"
    data += "pt2,北苑企业,enterprise,c1\n".encode(then) + "pt3,人杰水岸物业,enterprise,c1\n".encode(first)
    path.write_bytes(data)
    return root, path


def test_utf8_lines_then_a_gbk_line_are_refused_at_the_gbk_line(tmp_path: Path) -> None:
    root, path = mixed(tmp_path, "utf-8", "gbk")
    assert path.read_bytes().decode("gb18030").count("鍖楄嫅") == 0  # the garbling happened to the UTF-8 lines
    assert problems_of(root) == [Problem(str(path), 3, None, None,
                                         "one encoding for the whole file, but line 2 is UTF-8 and this line is GBK/GB18030; "
                                         "save the whole file again as UTF-8")]


def test_gbk_lines_then_a_utf8_line_are_refused_at_the_utf8_line(tmp_path: Path) -> None:
    root, path = mixed(tmp_path, "gbk", "utf-8")
    assert "鍖楄嫅浼佷笟" in path.read_bytes().decode("gb18030")  # what loading it used to give: 北苑企业 garbled
    assert problems_of(root) == [Problem(str(path), 3, None, None,
                                         "one encoding for the whole file, but line 2 is GBK/GB18030 and this line is UTF-8; "
                                         "save the whole file again as UTF-8")]


def test_a_utf8_byte_order_mark_then_gbk_lines_are_refused() -> None:
    data = b"\xef\xbb\xbfid,name\n" + "g1,北苑第一网格\n".encode("gbk")
    with pytest.raises(DatasetError) as caught:
        decode_text(data, "Grid.csv")
    assert caught.value.problems[0].line == 2
    assert "UTF-8 byte-order mark" in caught.value.problems[0].expected


def test_one_encoding_throughout_is_no_mix() -> None:
    for encoding in ("utf-8", "gbk", "gb18030"):
        data = "id,name\ng1,北苑第一网格\ng2,猫\n".encode(encoding)
        assert mixed_encoding(data) is None, encoding
        assert decode_text(data, "Grid.csv") == "id,name\ng1,北苑第一网格\ng2,猫\n"
