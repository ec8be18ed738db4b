"""``linli overview``: the one-page view names every open need and who can resolve it, or that nobody can."""

from __future__ import annotations

from typer.testing import CliRunner

from cli.app import app
from graph_model.queries import match
from graph_model.schema import NodeKind
from graph_model.stores.memory.store import MemoryStore


def test_overview_lists_every_open_need_with_its_best_in_area_partner(daoyi_store: MemoryStore) -> None:
    result = CliRunner().invoke(app, ["overview"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for need in daoyi_store.find(NodeKind.NEED, status="open"):
        assert need.name in result.output
        best = match(daoyi_store, need=need.id, limit=1, in_area_only=True).results
        if best:
            assert best[0].id in result.output
