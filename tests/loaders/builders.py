"""Write small datasets for tests: a CSV folder or an ``.xlsx`` workbook from Python dicts.

Tables are given as ``{"Grid": [{"id": "g1", "name": "第一网格", "community": "c1"}, ...]}``;
the header is every key in first-seen order. Cell values: ``None`` → empty,
``bool`` → ``true``/``false``, a list or tuple → joined with ``;``, anything
else → ``str`` (in a workbook numbers, booleans and dates stay typed).

Import it as ``from builders import ...`` from ``tests/loaders``, or as
``from tests.loaders.builders import ...`` elsewhere (with the project root on
``sys.path``, as ``python -m pytest`` has it).

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> nodes, relationships = small_network()
>>> with tempfile.TemporaryDirectory() as tmp:
...     root = write_dataset(Path(tmp) / "ds", nodes=nodes, relationships=relationships)
...     print((root / "nodes" / "Grid.csv").read_text(encoding="utf-8").splitlines()[0])
id,name,community
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = ["Tables", "csv_text", "graph_of", "loaded", "rename_id", "small_network", "snapshot", "write_dataset", "write_workbook"]

Tables = Mapping[str, Sequence[Mapping[str, Any]]]


def _header(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    header: list[str] = []
    for row in rows:
        header += [k for k in row if k not in header]
    return header


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ";".join(_text(v) for v in value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def csv_text(rows: Sequence[Mapping[str, Any]]) -> str:
    """One table as CSV text (header from the rows' keys, ``\\n`` line ends).

    Examples
    --------
    >>> csv_text([{"id": "g1", "name": "网格"}, {"id": "g2", "note": "a,b"}])
    'id,name,note\\ng1,网格,\\ng2,,"a,b"\\n'
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header = _header(rows)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_text(row.get(k)) for k in header])
    return out.getvalue()


def write_dataset(
    root: Path | str,
    *,
    nodes: Tables | None = None,
    relationships: Tables | None = None,
    encoding: str = "utf-8",
    meta: str | None = None,
) -> Path:
    """Write a dataset folder (``nodes/<Kind>.csv``, ``relationships/<TYPE>.csv``) and return its path.

    ``encoding`` is any Python codec: ``"utf-8-sig"`` writes a BOM, ``"utf-16"``
    a BOM and UTF-16, ``"gb18030"``/``"gbk"`` what Excel on a Chinese Windows
    writes. ``meta`` is the text of ``dataset.toml`` (none when omitted).
    """
    root = Path(root)
    for section, tables in (("nodes", nodes or {}), ("relationships", relationships or {})):
        folder = root / section
        folder.mkdir(parents=True, exist_ok=True)
        for name, rows in tables.items():
            (folder / f"{name}.csv").write_bytes(csv_text(rows).encode(encoding))
    root.mkdir(parents=True, exist_ok=True)
    if meta is not None:
        (root / "dataset.toml").write_text(meta, encoding="utf-8")
    return root


def write_workbook(
    path: Path | str,
    *,
    nodes: Tables | None = None,
    relationships: Tables | None = None,
    meta: Mapping[str, str] | None = None,
) -> Path:
    """Write the same tables as sheets of one ``.xlsx`` workbook (values keep their Python type).

    ``meta`` becomes a ``dataset`` sheet of ``key, value`` rows.
    """
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for tables in (nodes or {}, relationships or {}):
        for name, rows in tables.items():
            sheet = book.create_sheet(name)
            header = _header(rows)
            sheet.append(header)
            for row in rows:
                sheet.append([";".join(map(str, v)) if isinstance(v, (list, tuple)) else v for v in (row.get(k) for k in header)])
    if meta:
        sheet = book.create_sheet("dataset")
        sheet.append(["key", "value"])
        for key, value in meta.items():
            sheet.append([key, value])
    path = Path(path)
    book.save(path)
    return path


_SMALL_NODES: dict[str, list[dict[str, Any]]] = {
    "Subdistrict": [{"id": "sd", "name": "道义街道", "area_km2": 38.05, "population": 120000}],
    "Community": [
        {"id": "c1", "name": "北苑社区", "type": "urban", "subdistrict": "sd", "governance_strength": 4,
         "estate_category": "public_rental", "service_focus": "elderly"},
        {"id": "c2", "name": "前进村", "type": "village", "subdistrict": "sd"},
    ],
    "Estate": [{"id": "e1", "name": "北苑公租房", "community": "c1", "households": 300, "category": "public_rental"}],
    "Grid": [{"id": "g1", "name": "北苑第一网格", "community": "c1"}, {"id": "g2", "name": "前进村网格", "community": "c2"}],
    "Building": [{"id": "b1", "name": "北苑1号楼", "grid": "g1", "estate": "e1", "households": 48}],
    "PartyOrg": [
        {"id": "po-sd", "name": "道义街道党工委", "level": "subdistrict_committee", "unit": "sd"},
        {"id": "po-c1", "name": "北苑社区党委", "level": "community", "parent": "po-sd", "unit": "c1"},
        {"id": "po-gb1", "name": "北苑第一网格党支部", "level": "grid_branch", "parent": "po-c1"},
    ],
    "Household": [{"id": "h1", "name": "王家党员中心户", "building": "b1", "party_group": "po-gb1", "linked_households": 10}],
    "Person": [
        {"id": "ps1", "name": "王淑华", "years_as_secretary": 12, "rating": 5, "strengths": ["mediation", "elderly"]},
        {"id": "ps2", "name": "李明", "years_as_secretary": 2, "rating": 3},
    ],
    "Partner": [{"id": "pt1", "name": "区中医院", "sector": "hospital", "community": "c1", "capacity": 3, "source": "seed"}],
    "Facility": [{"id": "f1", "name": "北苑社区食堂", "type": "canteen", "community": "c1", "operator": "pt1", "area_m2": 120.5}],
    "Need": [
        {"id": "n1", "name": "老年人吃饭难", "community": "c1", "category": "elderly_meals", "status": "resolved",
         "reported": "2023-03-06", "resolved_by": "f1", "source": "survey"},
    ],
}
_SMALL_RELATIONSHIPS: dict[str, list[dict[str, Any]]] = {
    "COVERS": [{"source": "po-gb1", "target": "g1"}],
    "SECRETARY_OF": [{"source": "ps1", "target": "po-c1", "since": "2012-06-12"}],
    "GRID_WORKER_OF": [{"source": "ps2", "target": "g1", "full_time": True, "role": "staff"}],
    "MENTORS": [{"source": "ps1", "target": "ps2", "since": "2023-03-16"}],
    "CO_BUILDS": [{"source": "pt1", "target": "c2", "since": "2023-05-18", "projects": ["义诊", "健康讲座"]}],
    "OFFERS": [{"source": "pt1", "target": "tcm", "note": "中医义诊"}, {"source": "f1", "target": "elderly_meals"}],
    "SERVES": [{"source": "pt1", "target": "sd"}],
}


def small_network() -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[dict[str, Any]]]]:
    """A small valid network touching every node kind but Category: fresh copies of (nodes, relationships)."""
    return copy.deepcopy(_SMALL_NODES), copy.deepcopy(_SMALL_RELATIONSHIPS)


def snapshot(store: Any) -> dict[str, Any]:
    """A store's whole graph as plain, comparable data: stats, nodes and relationships.

    ``nodes`` maps id → (kind, props); ``relationships`` maps (source, type, target) → props.
    """
    whole = store.subgraph()
    return {
        "stats": store.stats().as_dict(),
        "nodes": {n.id: (n.kind.value, dict(n.props)) for n in whole.nodes},
        "relationships": {r.key: dict(r.props) for r in whole.relationships},
    }


def loaded(path: Path | str) -> Any:
    """A fresh MemoryStore with the dataset at ``path`` loaded (the test may write to it)."""
    from graph_model.stores.memory.store import MemoryStore
    from loaders import load_into

    store = MemoryStore()
    load_into(store, path)
    return store


def graph_of(path: Path | str) -> dict[str, Any]:
    """Load a dataset into a fresh MemoryStore and return its :func:`snapshot`."""
    return snapshot(loaded(path))


def rename_id(dataset: Path, old: str, new: str) -> None:
    """Rename an id in every CSV table of a dataset folder, as a planner editing the ledger would."""
    import re

    pattern = re.compile(rf"(?<![\w-]){re.escape(old)}(?![\w-])")
    for table in dataset.rglob("*.csv"):
        table.write_text(pattern.sub(new, table.read_text(encoding="utf-8")), encoding="utf-8")
