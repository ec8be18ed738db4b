"""The ledger template: drawn from the schema, filled in by hand (openpyxl), it loads to the graph its CSV twin gives."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from cli.app import app
from graph_model.schema import NODE_SPECS, RELATIONSHIP_TABLES, ValueType
from loaders import load_dataset
from loaders.ledger_names import table_named
from loaders.template import HEADER_ROW, template_tables, write_template
from tests.loaders.builders import graph_of, small_network, write_dataset
from tests.loaders.test_ledgers import chinese


def test_one_sheet_per_table_with_chinese_headers_notes_and_drop_downs(tmp_path: Path) -> None:
    book = load_workbook(write_template(tmp_path / "台账模板.xlsx"))
    assert book.sheetnames == ["说明"] + [s.zh for s in NODE_SPECS.values()] + [s.zh for s in RELATIONSHIP_TABLES.values()]
    for name, zh, columns in template_tables():
        sheet = book[zh]
        assert table_named(zh) is not None and table_named(zh)[1] == name
        header = [c for c in sheet[HEADER_ROW] if c.value]
        assert [c.value.removesuffix("（必填）") for c in header] == [c.zh for c in columns]
        assert all(c.comment is not None and column.name in c.comment.text for c, column in zip(header, columns))
        lists = {str(v.sqref).split(":")[0][:-1]: v.formula1 for v in sheet.data_validations.dataValidation}
        for cell, column in zip(header, columns):
            if column.type is ValueType.ENUM:
                assert lists[cell.column_letter] == '"' + ",".join(column.names[v][0] for v in column.choices) + '"'
            elif column.type is ValueType.BOOL:
                assert lists[cell.column_letter] == '"是,否"'
            else:
                assert cell.column_letter not in lists
    assert "怎么填" in [c.value for c in book["说明"]["A"]]


def test_the_empty_template_loads_and_the_guide_is_skipped(tmp_path: Path) -> None:
    dataset = load_dataset(write_template(tmp_path / "t.xlsx"))
    assert dataset.skipped == ("说明",) and len(dataset.nodes) == dataset.taxonomy


def test_a_filled_template_gives_the_graph_of_its_csv_twin(tmp_path: Path) -> None:
    nodes, rels = small_network()
    twin = graph_of(write_dataset(tmp_path / "twin", nodes=nodes, relationships=rels))
    zh_nodes, zh_rels = chinese(nodes, rels)  # Chinese values, references by name
    path = write_template(tmp_path / "台账.xlsx")
    book = load_workbook(path)
    for zh, rows in {**zh_nodes, **zh_rels}.items():
        sheet = book[zh]
        headers = [str(c.value).removesuffix("（必填）") for c in sheet[HEADER_ROW] if c.value]
        for r, row in enumerate(rows, HEADER_ROW + 1):
            for key, value in row.items():
                key = {"承接能力（件）": "承接能力", "面积(平方公里)": "面积", "户数 （户）": "户数"}.get(key, key)
                if key not in headers:  # a column of the planner's own, after the template's
                    headers.append(key)
                    sheet.cell(row=HEADER_ROW, column=len(headers), value=key)
                if isinstance(value, list):
                    value = "；".join(value)
                elif isinstance(value, bool):
                    value = "是" if value else "否"
                sheet.cell(row=r, column=headers.index(key) + 1, value=value)
    book.save(path)
    assert graph_of(path) == twin


def test_linli_template_writes_it(tmp_path: Path) -> None:
    out = tmp_path / "台账模板.xlsx"
    result = CliRunner().invoke(app, ["--lang", "en", "template", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert load_workbook(out).sheetnames[0] == "说明"
    refused = CliRunner().invoke(app, ["--lang", "en", "template", "--out", str(tmp_path / "t.csv")])
    assert refused.exit_code == 1 and "the template is an .xlsx workbook" in refused.output
