"""``python -m generators.daoyi [--out DIR]``: rewrite the bundled Daoyi dataset (or write it to DIR).

Without ``--out`` it rewrites ``nodes/``, ``relationships/`` and ``dataset.toml``
of the bundled dataset (``data/daoyi``); its README is kept.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph_model.errors import DatasetError
from graph_model.i18n import use_language
from loaders.dataset import bundled_dataset_path
from generators.daoyi.dataset import write_dataset


def main(argv: list[str] | None = None) -> int:
    """Write the dataset; print one line of counts, or every problem and return 1."""
    parser = argparse.ArgumentParser(prog="python -m generators.daoyi",
                                     description="Rewrite the bundled Daoyi dataset from its tables.")
    parser.add_argument("--out", type=Path, default=bundled_dataset_path(),
                        help="dataset folder to (re)write (default: the bundled data/daoyi)")
    args = parser.parse_args(argv)
    try:
        with use_language("en"):  # a maintainer's tool, English throughout (its tables' checks are worded in English)
            rows = write_dataset(args.out)
    except DatasetError as err:
        print(err, file=sys.stderr)
        return 1
    print(f"wrote {args.out}: {rows.total_nodes} nodes in {len(rows.nodes)} tables, "
          f"{rows.total_relationships} relationships in {len(rows.relationships)} tables")
    return 0


if __name__ == "__main__":
    sys.exit(main())
