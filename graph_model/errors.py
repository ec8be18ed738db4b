"""The one error tree of Linli.

Every failure a user can cause or meet is a :class:`LinliError`; foreign
errors (file, parse, driver) are translated into it at the boundary, so the
CLI and the API map them to an exit code or an HTTP status in one place::

    LinliError
    ├── DatasetError        a dataset (or a write) breaks the rules; holds every Problem
    ├── NotFound            an id that names nothing (with the nearest valid ids)
    ├── InvalidQuery        a query argument of the wrong kind or value
    └── StoreUnavailable    the graph database cannot be reached or refuses us

Examples
--------
>>> from graph_model.i18n import use_language
>>> with use_language("en"):
...     str(NotFound("community", "c-beiyun", suggestions=["c-beiyuan"]))
"unknown community 'c-beiyun' (did you mean: c-beiyuan?)"
>>> str(NotFound("社区", "c-beiyun", suggestions=["c-beiyuan"]))
"未知的社区 'c-beiyun'（您是不是要找：c-beiyuan？）"
>>> isinstance(NotFound("community", "c-x"), LinliError)
True
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import get_close_matches
from collections.abc import Iterable, Sequence

from graph_model.i18n import _

__all__ = [
    "LinliError",
    "Problem",
    "DatasetError",
    "NotFound",
    "InvalidQuery",
    "StoreUnavailable",
    "nearest",
]


class LinliError(Exception):
    """Base of every error Linli raises on purpose."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One broken rule, located as precisely as the source allows.

    Examples
    --------
    >>> str(Problem("nodes/Grid.csv", 4, "community", "c-x", "the id of a Community; no node has id 'c-x'"))
    "nodes/Grid.csv, line 4, column community: 'c-x' — expected the id of a Community; no node has id 'c-x'"
    """

    source: str
    line: int | None
    column: str | None
    value: str | None
    expected: str

    def __str__(self) -> str:
        where = [self.source]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column}")
        head = ", ".join(where)
        if self.value is None:
            return f"{head}: {self.expected}"
        return f"{head}: {self.value!r} — expected {self.expected}"

    def as_dict(self) -> dict[str, object]:
        """The problem as JSON-ready fields (for the API and ``--json``)."""
        return {
            "source": self.source,
            "line": self.line,
            "column": self.column,
            "value": self.value,
            "expected": self.expected,
        }


class DatasetError(LinliError):
    """A dataset or a write breaks the rules of the data model.

    Nothing was stored: loading is all or nothing. ``problems`` lists every
    problem found (up to a cap), ``truncated`` says whether more were cut.
    """

    def __init__(self, problems: Sequence[Problem], *, truncated: bool = False) -> None:
        self.problems = list(problems)
        self.truncated = truncated
        count = f"{len(self.problems)}{'+' if truncated else ''}"
        lines = [_("{count} problem(s) found, nothing was loaded:").format(count=count)]
        lines += [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class NotFound(LinliError):
    """An id that names no node of the expected kind."""

    def __init__(self, what: str, ident: str, *, suggestions: Iterable[str] = ()) -> None:
        self.what = what
        self.ident = ident
        self.suggestions = list(suggestions)
        message = _("unknown {what} {ident!r}").format(what=what, ident=ident)
        if self.suggestions:
            message += _(" (did you mean: {suggestions}?)").format(suggestions=", ".join(self.suggestions))
        super().__init__(message)


class InvalidQuery(LinliError):
    """A query argument that is out of range or of the wrong kind."""


class StoreUnavailable(LinliError):
    """The graph database cannot be reached, refuses the credentials, or lacks the database."""


def nearest(ident: str, candidates: Iterable[str], *, n: int = 3) -> list[str]:
    """The valid ids closest to a mistyped one, best first.

    Examples
    --------
    >>> nearest("eldrly_meals", ["elderly_meals", "home_care", "mediation"])
    ['elderly_meals']
    """
    pool = list(candidates)
    close = get_close_matches(ident, pool, n=n, cutoff=0.5)
    if close:
        return close
    lowered = ident.lower()
    return sorted(c for c in pool if lowered and (lowered in c.lower() or c.lower() in lowered))[:n]
