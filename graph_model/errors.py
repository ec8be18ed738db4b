"""The one error tree of Linli.

Every failure a user can cause or meet is a :class:`LinliError`; foreign
errors (file, parse, driver) are translated into it at the boundary, so the
CLI and the API map them to an exit code or an HTTP status in one place::

    LinliError
    ├── DatasetError        a dataset (or a write) breaks the rules; holds every Problem
    ├── NotFound            an id or name that names nothing (with the nearest valid ids and names)
    ├── InvalidQuery        a query argument of the wrong kind or value
    │   └── Ambiguous       a name several nodes share (with each candidate and where it is)
    ├── StoreUnavailable    the graph database cannot be reached or refuses us
    │   └── IncompleteLoad  the database holds a load that was interrupted: no answer comes from it
    └── JournalConflict     acknowledged writes no longer apply to the dataset's files (they changed under the journal)

Messages are in the current language (:mod:`graph_model.i18n`); ``what`` is
given as an English noun (``"community"``) and stays so on the error, the
message words it in the user's language (``社区``).

Examples
--------
>>> from graph_model.i18n import use_language
>>> with use_language("en"):
...     str(NotFound("community", "c-beiyun", suggestions=["c-beiyuan"]))
"unknown community 'c-beiyun' (did you mean: c-beiyuan?)"
>>> str(NotFound("community", "c-beiyun", suggestions=["c-beiyuan"]))
"未知的社区 'c-beiyun'（您是不是要找：c-beiyuan？）"
>>> str(NotFound("community", "北院社区", candidates=[Candidate("c-beiyuan", "北苑社区")]))
"未知的社区 '北院社区'（您是不是要找：北苑社区（c-beiyuan）？）"
>>> str(Ambiguous("community", "北苑", [Candidate("c-1", "北苑社区", "东城街道"), Candidate("c-2", "北苑社区", "西城街道")]))
"社区 '北苑' 对应 2 个候选：北苑社区（c-1，东城街道）；北苑社区（c-2，西城街道）。请改用编号指明。"
>>> isinstance(NotFound("community", "c-x"), LinliError)
True
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import get_close_matches
from collections.abc import Iterable, Sequence

from graph_model.i18n import N_, _, current_language, ngettext

NOUNS = (
    N_("subdistrict"), N_("community"), N_("estate"), N_("grid"), N_("building"), N_("party organization"),
    N_("household"), N_("person"), N_("partner"), N_("facility"), N_("category"), N_("need"),
    N_("partner or facility"), N_("node"), N_("gap kind"),
)
"""The nouns errors name what was looked for with (``what``), English in the code, translated when shown."""


EXISTING_NODE_ID = N_("an existing node id")
"""What a relationship end that names no stored node was expected to be (a Problem's ``expected``, translated)."""


def noun(what: str) -> str:
    """``what`` in the current language when it is one of :data:`NOUNS` (else as given)."""
    return _(what) if what in NOUNS else what

__all__ = [
    "LinliError",
    "Problem",
    "DatasetError",
    "NotFound",
    "InvalidQuery",
    "Ambiguous",
    "Candidate",
    "NOUNS",
    "noun",
    "StoreUnavailable",
    "IncompleteLoad",
    "JournalConflict",
    "nearest",
    "EXISTING_NODE_ID",
]


class LinliError(Exception):
    """Base of every error Linli raises on purpose."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One broken rule, located as precisely as the source allows.

    The text is in the current language: the frame here, ``expected`` as it
    was worded when the problem was found (ids, paths and values as given).

    Examples
    --------
    >>> from graph_model.i18n import use_language
    >>> problem = Problem("nodes/Grid.csv", 4, "community", "c-x", "the id of a Community; no node has id 'c-x'")
    >>> with use_language("en"):
    ...     str(problem)
    "nodes/Grid.csv, line 4, column community: 'c-x' — expected the id of a Community; no node has id 'c-x'"
    >>> str(Problem("nodes/Need.csv", 39, "status", "dispatched", "open/in_progress/resolved 之一"))
    "nodes/Need.csv，第 39 行，status 列：'dispatched' —— 应为 open/in_progress/resolved 之一"
    >>> str(Problem("nodes/Grid.csv", 3, "name", None, "必填列（表头中缺少）"))
    'nodes/Grid.csv，第 3 行，name 列：需要必填列（表头中缺少）'
    """

    source: str
    line: int | None
    column: str | None
    value: str | None
    expected: str

    def where(self) -> str:
        """The file (or sheet, or ``change``), line and column, in the current language."""
        where = [self.source]
        if self.line is not None:
            where.append(_("line {line}").format(line=self.line))
        if self.column is not None:
            where.append(_("column {column}").format(column=self.column))
        return _(", ").join(where)

    def __str__(self) -> str:
        expected = self.expected
        if current_language() == "zh" and expected[:1].isascii() and not expected[:1].isspace():
            expected = " " + expected  # 应为 open/…, 应为社区的编号: a space between Chinese and Latin text only
        if self.value is None:
            return _("{where}: {expected}").format(where=self.where(), expected=expected)
        return _("{where}: {value!r} — expected {expected}").format(where=self.where(), value=self.value, expected=expected)

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


@dataclass(frozen=True, slots=True)
class Candidate:
    """A node the user may have meant: its id, its name and where it is (its community, or a community's subdistrict)."""

    id: str
    name: str
    context: str | None = None

    def __str__(self) -> str:
        if self.name == self.id:
            return _("{id} ({context})").format(id=self.id, context=self.context) if self.context else self.id
        if self.context:
            return _("{name} ({id}, {context})").format(name=self.name, id=self.id, context=self.context)
        return _("{name} ({id})").format(name=self.name, id=self.id)

    def as_dict(self) -> dict[str, str | None]:
        """The candidate as JSON-ready fields (for the API)."""
        return {"id": self.id, "name": self.name, "context": self.context}


class NotFound(LinliError):
    """An id (or name) that names no node of the expected kind.

    ``suggestions`` are the nearest valid ids; ``candidates`` the same nodes
    with their names (when the lookup knew them), best first.
    """

    def __init__(self, what: str, ident: str, *, suggestions: Iterable[str] = (), candidates: Iterable[Candidate] = ()) -> None:
        self.what = what
        self.ident = ident
        self.candidates = list(candidates)
        self.suggestions = list(suggestions) or [c.id for c in self.candidates]
        message = _("unknown {what} {ident!r}").format(what=noun(what), ident=ident)
        shown = [str(c) for c in self.candidates] or self.suggestions
        if shown:
            message += _(" (did you mean: {suggestions}?)").format(suggestions=", ".join(shown))
        super().__init__(message)


class InvalidQuery(LinliError):
    """A query argument that is out of range or of the wrong kind."""


class Ambiguous(InvalidQuery):
    """A name (or part of one) that fits several nodes: the user must choose, by id or a fuller name."""

    def __init__(self, what: str, text: str, candidates: Sequence[Candidate], *, total: int | None = None) -> None:
        self.what = what
        self.text = text
        self.candidates = list(candidates)
        self.total = max(total or 0, len(self.candidates))
        listed = _("; ").join(str(c) for c in self.candidates)  # the separator is the language's punctuation
        if self.total > len(self.candidates):
            listed += "…"
        super().__init__(
            ngettext(
                "{what} {text!r} fits {n} candidate: {candidates}. Give its id.",
                "{what} {text!r} fits {n} candidates: {candidates}. Give the id of the one you mean.",
                self.total,
            ).format(what=noun(what), text=text, n=self.total, candidates=listed)
        )


class StoreUnavailable(LinliError):
    """The graph database cannot be reached, refuses the credentials, or lacks the database."""


class IncompleteLoad(StoreUnavailable):
    """The Neo4j database carries the marker of a load that never finished: neither the old graph nor the new one.

    ``command`` finishes it (the same load, replacing); answering from such a
    graph is refused until then.
    """

    def __init__(self, where: str, *, started: str | None, rows: int | None, command: str | None) -> None:
        self.where, self.started, self.rows = where, started, rows
        self.command = command or "linli load --data <dataset> --replace"
        super().__init__(_(
            "the Neo4j database {where} holds a load that did not finish (started {started}, {rows} rows): it is neither "
            "the old graph nor the new one, so nothing is answered from it. Finish it with `{command}`, or load the "
            "graph you want with `linli load --data <dataset> --replace`"
        ).format(where=where, started=started or "?", rows=rows if rows is not None else "?", command=self.command))


class JournalConflict(LinliError):
    """Acknowledged writes in a journal no longer apply to the dataset: nothing starts until they are dealt with.

    ``rejected`` holds, per write, its line in the journal, when it was written,
    what it wrote and why it no longer applies; the message names each and the
    way out (``linli journal rebase``).
    """

    def __init__(self, journal: str, rejected: Sequence[tuple[int, str, str, Sequence[Problem]]], *, way_out: str) -> None:
        self.journal = journal
        self.rejected = list(rejected)
        lines = [_("{count} acknowledged write(s) in the journal {journal} no longer apply to the dataset (its files changed since they were written); nothing was started:").format(
            count=len(self.rejected), journal=journal)]
        for number, at, wrote, problems in self.rejected:
            lines.append("  • " + _("write {number} ({at}): {wrote}").format(number=number, at=at or "?", wrote=wrote))
            missing = _("missing: {value!r} ({column})")
            lines += ["      " + (missing.format(value=p.value, column=p.column) if p.value is not None and p.expected == _(EXISTING_NODE_ID)
                                  else str(p)) for p in problems]
        lines.append(way_out)
        super().__init__("\n".join(lines))


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
