"""The bundled Daoyi Subdistrict dataset (``data/daoyi``), rebuilt from hand-written tables.

The dataset reconstructs the grassroots-governance network the People's Daily
Online article on the Daoyi Subdistrict Party Working Committee (2024-08-29)
describes. Every unit the article names is a row of a table file in
``generators/daoyi/tables/`` (CSV and TOML, described in its README) with
``source=seed``; where the article only gives a count (58 grid branches,
2,169 buildings, 210 grid workers ...) the rest is drawn, deterministically,
and marked ``source=synthetic``.

Reach for :func:`write_dataset` (or ``python -m generators.daoyi [--out DIR]``)
to rewrite the dataset, :func:`build_dataset` for its rows, and
:func:`read_tables` for the hand-written tables themselves.
"""

from generators.daoyi.dataset import DaoyiRows, build_dataset, write_dataset
from generators.daoyi.table_files import read_tables

__all__ = ["DaoyiRows", "build_dataset", "read_tables", "write_dataset"]
