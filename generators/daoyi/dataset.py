"""Build the bundled Daoyi dataset from its hand-written tables, and write it.

Reach for :func:`write_dataset` to (re)write a dataset folder (what
``python -m generators.daoyi`` does, by default into the bundled
``data/daoyi``), or :func:`build_dataset` for the rows without writing. The
build runs six stages in order over one random stream with a fixed seed
(territory, party, people, network, needs, their events), checks the article's counts
(:mod:`generators.daoyi.facts`), and is byte-identical on every run.

Every row says where it comes from: ``source`` in the node tables, ``origin``
in ``Need`` (whose ``source`` is the channel a need came in through) and in
the relationship tables (whose ``source``/``target`` are the endpoints):
``seed`` when the article names the unit or link, ``synthetic`` otherwise.

Examples
--------
>>> rows = build_dataset()
>>> rows.total_nodes, rows.total_relationships
(5059, 3151)
"""

from __future__ import annotations

import csv
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from generators.daoyi.draft import Draft, Row
from generators.daoyi.events import draw_events
from generators.daoyi.facts import check_facts
from generators.daoyi.needs import draw_needs
from generators.daoyi.network import draw_network
from generators.daoyi.party import draw_party
from generators.daoyi.people import draw_people
from generators.daoyi.table_files import read_tables
from generators.daoyi.table_rows import DaoyiTables
from generators.daoyi.territory import draw_territory

__all__ = ["DaoyiRows", "build_dataset", "write_dataset"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DaoyiRows:
    """The built dataset: rows per node kind and per relationship type, and its ``dataset.toml``."""

    nodes: dict[str, list[Row]]
    relationships: dict[str, list[Row]]
    dataset_toml: str

    @property
    def total_nodes(self) -> int:
        """Rows in every node table."""
        return sum(map(len, self.nodes.values()))

    @property
    def total_relationships(self) -> int:
        """Rows in every relationship table."""
        return sum(map(len, self.relationships.values()))


def build_dataset(tables: DaoyiTables | None = None) -> DaoyiRows:
    """Every row of the Daoyi dataset, checked against the article's counts.

    Parameters
    ----------
    tables : DaoyiTables, optional
        The hand-written tables; by default the ones shipped in ``generators/daoyi/tables``.

    Returns
    -------
    DaoyiRows
        The rows, in the order they are written.

    Raises
    ------
    DatasetError
        If the tables break their rules or the rows break a Daoyi fact.
    """
    draft = Draft(read_tables() if tables is None else tables)
    territory = draw_territory(draft)
    households = draw_party(draft, territory)
    draw_people(draft, territory, households)
    draw_network(draft)
    draw_needs(draft)
    draw_events(draft)
    check_facts(draft.nodes, draft.rels)
    return DaoyiRows(draft.nodes, draft.rels, draft.tables.dataset_toml)


def write_dataset(out_dir: Path, rows: DaoyiRows | None = None) -> DaoyiRows:
    """Write the dataset folder: ``dataset.toml``, ``nodes/`` and ``relationships/`` (both replaced).

    Parameters
    ----------
    out_dir : Path
        The dataset folder; created if missing. Other files in it (a README) are kept.
    rows : DaoyiRows, optional
        What to write; by default :func:`build_dataset`'s rows.

    Returns
    -------
    DaoyiRows
        What was written.
    """
    rows = build_dataset() if rows is None else rows
    out_dir = Path(out_dir)
    for folder in ("nodes", "relationships"):
        if (out_dir / folder).exists():
            shutil.rmtree(out_dir / folder)
        (out_dir / folder).mkdir(parents=True)
    (out_dir / "dataset.toml").write_text(rows.dataset_toml, encoding="utf-8")
    for kind, table in rows.nodes.items():
        _write_csv(out_dir / "nodes" / f"{kind}.csv", table)
    for rel, table in rows.relationships.items():
        _write_csv(out_dir / "relationships" / f"{rel}.csv", table)
    logger.info("Daoyi dataset: %d nodes in %d tables, %d relationships in %d tables written to %s",
                rows.total_nodes, len(rows.nodes), rows.total_relationships, len(rows.relationships), out_dir)
    return rows


def _write_csv(path: Path, rows: list[Row]) -> None:
    """One table; its columns are every key in the order first seen (a column some rows lack stays empty)."""
    columns = list(dict.fromkeys(key for row in rows for key in row))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n", restval="")
        writer.writeheader()
        writer.writerows(rows)
