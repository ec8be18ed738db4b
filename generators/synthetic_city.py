"""Synthetic city: many Daoyi-shaped subdistricts written as one Linli dataset.

Reach for :func:`generate_dataset` when you need a dataset larger than the
bundled Daoyi one (benchmarks, load tests, backend comparisons). It writes the
CSV folder layout of the data model (docs/data-model.md: ``nodes/<Kind>.csv``,
``relationships/<TYPE>.csv``, ``dataset.toml``) and returns
:class:`GeneratedCounts`, what was written per node kind and relationship type.
:data:`STRENGTHS` is the vocabulary of a secretary's strengths it draws from.

Every subdistrict copies the proportions of Daoyi (the facts the bundled
dataset holds): exactly 23 communities (16 urban, 7 villages), 182 grids,
2,169 buildings, 165 party-member households, party orgs 1 + 23 + 58 + 87
(+ 8 enterprise, 4 owners' committee and a few property orgs), 210 full-time
grid workers, 8 enterprises co-building with exactly 17 communities, 12
service centers and 5 service stations in 17 distinct communities, and 12
red-property estates. The rest is drawn at random with realistic gaps:
buildings without a head or party group, grids without a branch or a
full-time worker, communities without a co-building partner or service
center, and open needs in categories nobody in the subdistrict offers.
Category ids come from the default taxonomy (``data/taxonomy/Category.csv``),
which is loaded by default, so no Category table is written.

Subdistrict ``i`` draws from its own ``random.Random`` seeded with
``(seed, i)`` (its name from a pool shuffled by ``seed``): output is
byte-identical for a seed, a subdistrict does not depend on how many are
generated, and rows are written one subdistrict at a time, so memory stays
flat however many subdistricts are asked for. The stages that draw one
subdistrict's rows are in :mod:`generators.city_territory`,
:mod:`generators.city_people`, :mod:`generators.city_partners` and
:mod:`generators.city_services`.
"""

from __future__ import annotations

import csv
import logging
import random
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from graph_model.schema import NODE_SPECS, NodeKind
from generators.city_drawing import NODE_COLUMNS, RELATIONSHIP_COLUMNS, CityTaxonomy, SubdistrictDraw
from generators.city_partners import draw_partners
from generators.city_people import draw_people
from generators.city_services import draw_facilities, draw_needs
from generators.city_territory import draw_party_orgs, draw_territory
from generators.city_vocabulary import STRENGTHS, SUBDISTRICT_NAMES

__all__ = ["GeneratedCounts", "generate_dataset", "subdistrict_rows", "STRENGTHS"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class GeneratedCounts:
    """What :func:`generate_dataset` wrote.

    Attributes
    ----------
    subdistricts : int
        Number of subdistricts generated.
    nodes : dict[str, int]
        Rows per node kind (``nodes/<Kind>.csv``).
    relationships : dict[str, int]
        Rows per relationship type (``relationships/<TYPE>.csv``).
    references : dict[str, int]
        Relationships implied by filled reference columns, per type
        (``HAS_COMMUNITY``, ``LOCATED_IN``, ...; the data model's reference columns).
    """

    subdistricts: int
    nodes: dict[str, int]
    relationships: dict[str, int]
    references: dict[str, int]

    @property
    def total_nodes(self) -> int:
        """All nodes written."""
        return sum(self.nodes.values())

    @property
    def total_relationships(self) -> int:
        """All relationships, from relationship tables and reference columns."""
        return sum(self.relationships.values()) + sum(self.references.values())


def generate_dataset(out_dir: Path, *, subdistricts: int, seed: int = 0,
                     progress: Callable[[int, int], None] | None = None) -> GeneratedCounts:
    """Write a synthetic city of Daoyi-shaped subdistricts as a Linli dataset folder.

    Parameters
    ----------
    out_dir : Path
        Dataset folder; created if missing. Files of the same name are overwritten.
    subdistricts : int
        Number of subdistricts (about 5,300 nodes each; 200 make about a million).
    seed : int, default 0
        Same seed, same bytes. Subdistrict ``i`` draws only from ``(seed, i)``.
    progress : callable, optional
        Called as ``progress(done, total)`` after each subdistrict.

    Returns
    -------
    GeneratedCounts
        Rows written per node kind and relationship type.

    Raises
    ------
    ValueError
        If ``subdistricts`` is below 1 or the taxonomy lacks a category id the
        generator uses.

    Notes
    -----
    Rows are written one subdistrict at a time, so memory does not grow with
    ``subdistricts``; 200 of them (1.06 million nodes, 1.78 million
    relationships, 83 MB of CSV) take a few seconds.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     counts = generate_dataset(Path(tmp), subdistricts=1, seed=7)
    >>> counts.nodes["Community"], counts.nodes["Grid"], counts.nodes["Building"]
    (23, 182, 2169)
    """
    if subdistricts < 1:
        raise ValueError(f"subdistricts must be at least 1, got {subdistricts}")
    taxonomy = CityTaxonomy()
    names = random.Random(f"linli-synthetic-city:{seed}:names").sample(SUBDISTRICT_NAMES,
                                                                        len(SUBDISTRICT_NAMES))
    out_dir = Path(out_dir)
    written = dict.fromkeys((*NODE_COLUMNS, *RELATIONSHIP_COLUMNS), 0)
    reference_columns = [(kind.value, i, col.rel.value) for kind, spec in NODE_SPECS.items()
                         if kind not in (NodeKind.CATEGORY, NodeKind.NEED_EVENT)
                         for i, col in enumerate(spec.columns) if col.rel is not None]
    references = {rel: 0 for _, _, rel in reference_columns}
    with _table_files(out_dir) as write_rows:
        for index in range(subdistricts):
            rows = subdistrict_rows(index, seed=seed, names=names, taxonomy=taxonomy)
            for table, table_rows in rows.items():
                write_rows(table, table_rows)
                written[table] += len(table_rows)
            for kind, col, rel in reference_columns:
                references[rel] += sum(1 for row in rows[kind] if row[col])
            if progress is not None:
                progress(index + 1, subdistricts)
    (out_dir / "dataset.toml").write_text(
        f'name = "synthetic-city-{subdistricts}-seed{seed}"\n'
        'region = "synthetic"\n'
        f'description = "synthetic city: {subdistricts} subdistrict(s) with the proportions of '
        f'Daoyi Subdistrict, Shenyang (seed {seed})"\n'
        'version = "1"\n', encoding="utf-8")
    counts = GeneratedCounts(subdistricts, {k: written[k] for k in NODE_COLUMNS},
                             {r: written[r] for r in RELATIONSHIP_COLUMNS}, references)
    logger.info("synthetic city: %d subdistricts, %d nodes, %d relationships written to %s",
                subdistricts, counts.total_nodes, counts.total_relationships, out_dir)
    return counts


def subdistrict_rows(index: int, *, seed: int, names: Sequence[str],
                     taxonomy: CityTaxonomy) -> dict[str, list[tuple]]:
    """The rows of subdistrict ``index``, per table, drawn from its own random stream.

    Parameters
    ----------
    index : int
        Position of the subdistrict in the city (its ids start ``s<index>``).
    seed : int
        The city's seed; the subdistrict draws only from ``(seed, index)``.
    names : sequence of str
        The pool of subdistrict names (without 街道).
    taxonomy : CityTaxonomy
        The default categories.

    Returns
    -------
    dict
        Table name (node kind or relationship type) -> rows in the table's column order.

    Examples
    --------
    >>> rows = subdistrict_rows(0, seed=7, names=["道义"], taxonomy=CityTaxonomy())
    >>> rows["Subdistrict"][0][:2], len(rows["Grid"])
    (('s0000', '道义街道'), 182)
    """
    draw = SubdistrictDraw(index, seed=seed, names=names, taxonomy=taxonomy)
    territory = draw_territory(draw)
    orgs = draw_party_orgs(draw, territory)
    secretaries = draw_people(draw, territory, orgs)
    network = draw_partners(draw, territory, orgs)
    draw_facilities(draw, network, secretaries)
    draw_needs(draw, network)
    return draw.rows


@contextmanager
def _table_files(out_dir: Path) -> Iterator[Callable[[str, list[tuple]], None]]:
    """Every table's CSV file under ``out_dir``, headed and open until the block ends.

    Yields ``write_rows(table, rows)``, which appends rows to one table's file.
    """
    columns = NODE_COLUMNS | RELATIONSHIP_COLUMNS
    paths = {kind: out_dir / "nodes" / f"{kind}.csv" for kind in NODE_COLUMNS}
    paths |= {rel: out_dir / "relationships" / f"{rel}.csv" for rel in RELATIONSHIP_COLUMNS}
    for folder in ("nodes", "relationships"):
        (out_dir / folder).mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        writers = {}
        for table, path in paths.items():
            handle = stack.enter_context(path.open("w", encoding="utf-8", newline=""))
            writers[table] = csv.writer(handle, lineterminator="\n")
            writers[table].writerow(columns[table])
        yield lambda table, rows: writers[table].writerows(rows)
