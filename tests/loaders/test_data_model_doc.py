"""docs/data-model.md is what the schema writes: every table, column, value, gap kind and lifecycle step, up to date."""

from __future__ import annotations

from graph_model.gaps import GAP_KINDS
from graph_model.schema import NODE_SPECS, RELATIONSHIP_TABLES
from loaders.data_model_doc import DOC_PATH, GAP_RULES, main, render


def test_the_committed_page_is_up_to_date() -> None:
    assert DOC_PATH.read_text(encoding="utf-8") == render(), "run: .venv/bin/python -m loaders.data_model_doc"
    assert main(["--check"]) == 0


def test_every_table_column_and_value_is_on_the_page() -> None:
    page = render()
    for kind, spec in NODE_SPECS.items():
        assert f"### {spec.zh} · {kind.value}" in page
        for column in spec.columns:
            assert f"| {column.zh} | `{column.name}` |" in page
            for value, names in column.names.items():
                assert f"| `{value}` | {names[0]} |" in page
    for rel, rel_spec in RELATIONSHIP_TABLES.items():
        assert f"### {rel_spec.zh} · {rel.value}" in page
        for column in rel_spec.properties:
            assert f"| {column.zh} | `{column.name}` |" in page
    assert set(GAP_RULES) == set(GAP_KINDS)
    for kind, spec in GAP_KINDS.items():
        assert f"`{kind.value}`" in page and spec.title_zh in page


def test_the_worked_example_is_linlis_own_answer() -> None:
    page = render()
    assert "| 1 | 北苑长者食堂 (`f-st`) | 0.75 | 1 | 1 | 0 | 0.5 |" in page
