"""Read the Daoyi generator's hand-written tables (``generators/daoyi/tables/``, shipped with the package).

Reach for :func:`read_tables`: every CSV and TOML file read into
:class:`~generators.daoyi.table_rows.DaoyiTables`, its columns converted to
the fields' types and its cross-references checked
(:func:`~generators.daoyi.table_checks.table_problems`); a broken table
raises one :class:`~graph_model.errors.DatasetError` listing every problem.

Examples
--------
>>> tables = read_tables()
>>> len(tables.communities), tables.community("beiyuan").name
(23, '北苑社区')
"""

from __future__ import annotations

import tomllib
from dataclasses import fields
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from collections.abc import Callable
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

from graph_model.errors import DatasetError, Problem
from loaders.tables import read_csv_text
from generators.daoyi.table_checks import table_problems
from generators.daoyi.table_rows import (
    CoBuild,
    Community,
    DaoyiTables,
    Estate,
    Facility,
    Managed,
    MentorPair,
    NamedNeed,
    NeedIssues,
    Offer,
    Partner,
    PartnerPartyOrg,
    PersonNames,
    Secretary,
    Serves,
    ServicePoint,
    Subdistrict,
    UnresolvableNeed,
)

__all__ = ["read_tables", "tables_folder"]

Row = TypeVar("Row")


def tables_folder() -> Traversable:
    """The folder of table files inside the installed package."""
    return files("generators.daoyi").joinpath("tables")


@lru_cache(maxsize=4)
def read_tables(folder: Traversable | None = None) -> DaoyiTables:
    """Every hand-written table, typed and checked.

    Parameters
    ----------
    folder : Traversable or Path, optional
        Where the table files are; by default the ones shipped with the package
        (:func:`tables_folder`).

    Returns
    -------
    DaoyiTables
        The rows of every table file, in file order.

    Raises
    ------
    DatasetError
        If a file lacks a column or is not valid TOML, a cell is not the whole
        number its column holds, or a row refers to something no table holds;
        every problem at once.
    """
    folder = tables_folder() if folder is None else folder
    readers: dict[str, Callable[[], Any]] = {
        "subdistrict": lambda: _read_toml(folder, "subdistrict.toml", lambda d: Subdistrict(**d)),
        "communities": lambda: _read_csv(folder, "communities.csv", Community),
        "estates": lambda: _read_csv(folder, "estates.csv", Estate),
        "secretaries": lambda: _read_csv(folder, "secretaries.csv", Secretary),
        "mentor_pairs": lambda: _read_csv(folder, "mentor_pairs.csv", MentorPair),
        "partners": lambda: _read_csv(folder, "partners.csv", Partner),
        "partner_party_orgs": lambda: _read_csv(folder, "partner_party_orgs.csv", PartnerPartyOrg),
        "managed": lambda: _read_csv(folder, "manages.csv", Managed),
        "service_points": lambda: _read_csv(folder, "service_points.csv", ServicePoint),
        "facilities": lambda: _read_csv(folder, "facilities.csv", Facility),
        "offers": lambda: _read_csv(folder, "offers.csv", Offer),
        "co_builds": lambda: _read_csv(folder, "co_builds.csv", CoBuild),
        "serves": lambda: _read_csv(folder, "serves.csv", Serves),
        "named_needs": lambda: _read_csv(folder, "named_needs.csv", NamedNeed),
        "unresolvable_needs": lambda: _read_csv(folder, "unresolvable_needs.csv", UnresolvableNeed),
        "need_issues": lambda: _read_toml(folder, "need_issues.toml", _need_issues),
        "person_names": lambda: _read_toml(folder, "names.toml",
                                           lambda d: PersonNames(d["surnames"], tuple(d["given_names"]))),
        "dataset_toml": lambda: folder.joinpath("dataset.toml").read_text(encoding="utf-8"),
    }
    parts, problems = {}, []
    for part, read in readers.items():
        try:
            parts[part] = read()
        except DatasetError as err:
            problems += err.problems
    if not problems:
        tables = DaoyiTables(**parts)
        problems = table_problems(tables)
    if problems:
        raise DatasetError(problems)
    return tables


def _read_toml(folder: Traversable, name: str, made: Callable[[dict[str, Any]], Row]) -> Row:
    """One TOML file, made into its row; a parse error or a missing or unknown key is a problem."""
    source = f"tables/{name}"
    try:
        return made(tomllib.loads(folder.joinpath(name).read_text(encoding="utf-8")))
    except tomllib.TOMLDecodeError as exc:
        raise DatasetError([Problem(source, None, None, None, f"valid TOML ({exc})")]) from None
    except (KeyError, TypeError) as exc:
        raise DatasetError([Problem(source, None, None, None, f"the keys the generator reads ({exc})")]) from None


def _need_issues(data: dict[str, Any]) -> NeedIssues:
    return NeedIssues(tuple(data["common_categories"]),
                      *({k: tuple(v) for k, v in data[part].items()}
                        for part in ("focus_categories", "estate_issues", "village_issues")))


def _read_csv(folder: Traversable, name: str, row_type: Callable[..., Row]) -> tuple[Row, ...]:
    """The rows of one CSV file as ``row_type``, each column converted to its field's type."""
    source = f"tables/{name}"
    table = read_csv_text(folder.joinpath(name).read_text(encoding="utf-8"),
                          name=name, section="tables", source=source)
    hints = get_type_hints(row_type)
    columns = [f.name for f in fields(row_type)]  # type: ignore[arg-type]
    missing = [c for c in columns if c not in table.header]
    if missing:
        raise DatasetError([Problem(source, 1, None, None, f"the columns {', '.join(missing)}")])
    position = {column: table.header.index(column) for column in columns}
    rows, problems = [], []
    for line, cells in table.rows:
        values = {}
        for column in columns:
            text = cells[position[column]] if position[column] < len(cells) else ""
            try:
                values[column] = _converted(text, hints[column])
            except ValueError:
                problems.append(Problem(source, line, column, text, "a whole number"))
        if len(values) == len(columns):
            rows.append(row_type(**values))
    if problems:
        raise DatasetError(problems)
    return tuple(rows)


def _converted(text: str, hint: Any) -> Any:
    """``text`` as ``hint``: str, int, int | None (empty is None) or a ``;``-separated tuple.

    Examples
    --------
    >>> _converted("3;10", tuple[int, ...]), _converted("", int | None), _converted("7", int)
    ((3, 10), None, 7)
    """
    if hint is str:
        return text
    if hint is int:
        return int(text)
    if get_origin(hint) is tuple:
        return tuple(_converted(part, get_args(hint)[0]) for part in text.split(";")) if text else ()
    if int in get_args(hint):  # int | None
        return int(text) if text else None
    raise TypeError(f"no conversion to {hint}")
