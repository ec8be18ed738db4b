"""The ``NeedEvent`` table (诉求流转): each need's events, checked against the lifecycle rules.

A dataset may carry ``nodes/NeedEvent.csv`` (or a sheet ``NeedEvent`` or
``诉求流转``), one row per event: ``need``, ``at``, ``action`` and, as the
action needs them, ``partner``, ``rating``, ``reason``, ``by`` (the Chinese
headers 诉求/时间/环节/承办单位/满意度/原因/经办人 and action names
上报/派单/接单/办结/退单/评价/重办 are read too). :func:`validate_need_events`
takes each need's events in time order (equal times: file order), replays
them with :mod:`graph_model.need_lifecycle`, and gives the NeedEvent nodes
with their HAS_EVENT/HANDLED_BY links — or every problem, each naming the
file, the line, the need and, for a refused action, the status it found. A
need's ``status`` must be the one its events lead to, its ``resolved_by``
the resolver they give (an empty one is filled in).

:func:`loaders.validation.validate_tables` calls it after the other tables.

Examples
--------
>>> from loaders.tables import read_csv_text
>>> from graph_model.records import Node
>>> need = Node("n1", NodeKind.NEED, {"name": "路灯不亮", "status": "open", "reported": "2024-03-01"})
>>> table = read_csv_text("need,at,action\\nn1,2024-03-02,claim\\n", name="NeedEvent", section="nodes", source="NeedEvent.csv")
>>> checked = validate_need_events([table], nodes=[need], relationships=[])
>>> print(checked.problems[0])
NeedEvent.csv，第 2 行，action 列：'claim' —— 应为诉求 'n1' 在“待解决”状态下允许的环节（此环节需要“已派单”）
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph_model.errors import Problem
from graph_model.i18n import _, pick
from graph_model.need_lifecycle import (
    ALLOWED_FROM,
    EventRefused,
    NeedEvent,
    NeedState,
    TransitionRefused,
    event_id,
    parse_time,
    start,
    step,
    with_partner,
)
from graph_model.records import Node, NodeColumns, Relationship, RelationshipColumns
from graph_model.schema import NEED_STATUS_NAMES, NODE_SPECS, NodeKind, RelType, ValueType
from loaders.cell_values import parse_value
from loaders.tables import RawTable

__all__ = ["EVENT_TABLE_NAMES", "CheckedEvents", "is_event_table", "validate_need_events"]

_SPEC = NODE_SPECS[NodeKind.NEED_EVENT]
EVENT_TABLE_NAMES = frozenset({NodeKind.NEED_EVENT.value, _SPEC.zh})
"""What a file or sheet holding need events may be called."""
_HEADERS = {name: c for c in _SPEC.columns for name in (c.name, c.zh) if name}
_ACTIONS = {name: action for action, names in _SPEC.column("action").names.items() for name in (action, *names)}
_PARTNER_KINDS = _SPEC.column("partner").ref


def is_event_table(table: RawTable) -> bool:
    """Whether ``table`` is a NeedEvent table (``nodes/NeedEvent.csv``, or a sheet named ``NeedEvent`` or ``诉求流转``)."""
    return table.name == _SPEC.zh or (table.name == NodeKind.NEED_EVENT.value and table.section == "nodes")


@dataclass(slots=True)
class CheckedEvents:
    """What the events add to a dataset, or the problems that refuse them.

    ``nodes`` are the NeedEvent nodes; ``links`` each one's (need, partner or
    "") in the same order, its HAS_EVENT and HANDLED_BY; ``resolved`` the
    (need, resolver) of each resolved need whose ``resolved_by`` was empty.
    """

    nodes: list[Node] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    resolved: list[tuple[str, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def added_to(self, nodes: Sequence[Node], relationships: Sequence[Relationship]) -> tuple[Sequence[Node], Sequence[Relationship]]:
        """The dataset's nodes and relationships with the events' after them (kept column by column when they are)."""
        ids = [n.id for n in self.nodes]
        needs = [need for need, _p in self.links]
        partners = [partner for _n, partner in self.links]
        if isinstance(nodes, NodeColumns) and isinstance(relationships, RelationshipColumns):
            event_part = (NodeKind.NEED_EVENT, ids, [dict(n.props) for n in self.nodes])
            groups = list(relationships.groups)
            if ids:
                groups.append(((RelType.HAS_EVENT, needs, ids, None), (RelType.HANDLED_BY, ids, partners, None)))
            if self.resolved:
                groups.append(((RelType.RESOLVED_BY, [n for n, _r in self.resolved], [r for _n, r in self.resolved], None),))
            return NodeColumns([*nodes.parts, event_part]), RelationshipColumns(groups)
        rels = list(relationships)
        for event, need, partner in zip(ids, needs, partners):
            rels.append(Relationship(RelType.HAS_EVENT, need, event))
            if partner:
                rels.append(Relationship(RelType.HANDLED_BY, event, partner))
        rels += [Relationship(RelType.RESOLVED_BY, need, resolver) for need, resolver in self.resolved]
        return [*nodes, *self.nodes], rels


@dataclass(slots=True)
class _Row:
    source: str
    line: int
    order: int
    event: NeedEvent
    extra: dict[str, str]


def _status(status: str) -> str:
    return pick(f"“{NEED_STATUS_NAMES.get(status, (status,))[0]}”", status)


def _needs_and_kinds(nodes: Sequence[Node]) -> tuple[dict[str, Mapping[str, Any]], dict[str, NodeKind]]:
    """The Need nodes' properties, and the kind of every id (read column by column when the nodes are)."""
    needs: dict[str, Mapping[str, Any]] = {}
    kinds: dict[str, NodeKind] = {}
    if isinstance(nodes, NodeColumns):
        for kind, ids, props in nodes.parts:
            kinds.update(dict.fromkeys(ids, kind))
            if kind is NodeKind.NEED:
                needs.update(zip(ids, props))
    else:
        for node in nodes:
            kinds[node.id] = node.kind
            if node.kind is NodeKind.NEED:
                needs[node.id] = node.props
    return needs, kinds


def _resolvers(relationships: Sequence[Relationship], needs: Iterable[str]) -> dict[str, str]:
    """The RESOLVED_BY target of each of ``needs`` that has one."""
    wanted = set(needs)
    if isinstance(relationships, RelationshipColumns):
        rows: Iterator[tuple[str, str]] = (
            (s, t)
            for group in relationships.groups
            for rel, sources, targets, _p in group
            if rel is RelType.RESOLVED_BY
            for s, t in zip(sources, targets)
            if s and t
        )
    else:
        rows = ((r.source, r.target) for r in relationships if r.type is RelType.RESOLVED_BY)
    return {s: t for s, t in rows if s in wanted}


def _need_lines(tables: Sequence[RawTable]) -> dict[str, tuple[str, int]]:
    """Where each Need row is (file, line), for problems about a need's own columns."""
    found: dict[str, tuple[str, int]] = {}
    for table in tables:
        if table.section == "nodes" and table.name == NodeKind.NEED.value and "id" in table.header:
            at = table.header.index("id")
            for line, cells in table.rows:
                if at < len(cells):
                    found.setdefault(cells[at], (table.source, line))
    return found


def _read_rows(tables: Sequence[RawTable], problems: list[Problem]) -> tuple[list[_Row], set[str]]:
    """Every event row read (its cells checked one by one), and the needs with a row that could not be read."""
    rows: list[_Row] = []
    broken: set[str] = set()
    order = 0
    for table in tables:
        header = [_HEADERS[h].name if h in _HEADERS else h for h in table.header]
        missing = [c.name for c in _SPEC.columns if c.required and c.name not in header]
        for name in missing:
            if name not in table.near:  # a misspelled header is its own problem, already said
                problems.append(Problem(table.source, table.header_line, name, None, _("a required column (missing from the header)")))
        if missing:
            continue
        for line, cells in table.rows:
            order += 1
            values = dict(zip(header, cells))
            row = _read_row(table.source, line, values, problems)
            if row is None:
                if values.get("need"):
                    broken.add(values["need"])
                continue
            rows.append(_Row(table.source, line, order, row[0], row[1]))
    return rows, broken


def _read_row(source: str, line: int, values: Mapping[str, str], problems: list[Problem]) -> tuple[NeedEvent, dict[str, str]] | None:
    ok = True
    read: dict[str, Any] = {}
    for column in _SPEC.columns:
        text = values.get(column.name, "")
        if not text:
            if column.required:
                problems.append(Problem(source, line, column.name, None,
                                        _("a value ({what}); this column is required").format(what=column.describe())))
                ok = False
            continue
        try:
            if column.type is ValueType.DATETIME:
                read[column.name] = parse_time(text)
            elif column.name == "action":
                action = _ACTIONS.get(text) or _ACTIONS.get(text.lower())
                if action is None:
                    raise ValueError(column.describe() + pick("",  # in Chinese the names are in describe()
                                                              " (or 上报/派单/接单/办结/退单/评价/重办)"))
                read[column.name] = action
            else:
                read[column.name] = parse_value(text, column)
        except ValueError as exc:
            problems.append(Problem(source, line, column.name, text, str(exc)))
            ok = False
    if not ok:
        return None
    extra = {k: v for k, v in values.items() if k and v and k not in _SPEC.by_name}
    event = NeedEvent(read["need"], 0, read["at"], read["action"], read.get("partner"), read.get("rating"),
                      read.get("reason"), read.get("by"))
    return event, extra


def validate_need_events(
    tables: Sequence[RawTable],
    *,
    nodes: Sequence[Node],
    relationships: Sequence[Relationship],
    rejected: Iterable[str] = (),
    all_tables: Sequence[RawTable] = (),
) -> CheckedEvents:
    """Check the events of ``tables`` against the dataset's ``nodes`` and ``relationships``.

    Parameters
    ----------
    tables
        The NeedEvent tables (:func:`is_event_table`).
    nodes, relationships
        The dataset validated so far (lists or columns).
    rejected
        Ids of rows refused already: events of those needs are not checked again.
    all_tables
        Every table of the dataset, to locate a problem on a Need row by its line.
    """
    checked = CheckedEvents()
    problems = checked.problems
    rows, broken = _read_rows(tables, problems)
    needs, kinds = _needs_and_kinds(nodes)
    skip = broken | set(rejected)
    by_need: dict[str, list[_Row]] = {}
    for row in rows:
        need, partner = row.event.need, row.event.partner
        if need not in needs:
            kind = kinds.get(need)
            found = _("no node has id {ident!r}").format(ident=need) if kind is None else _(
                "but {ident!r} is a {kind}").format(ident=need, kind=kind.value)
            if need not in skip:
                problems.append(Problem(row.source, row.line, "need", need, _("the id of a Need; {found}").format(found=found)))
            skip.add(need)
            continue
        if partner and kinds.get(partner) not in _PARTNER_KINDS:
            kind = kinds.get(partner)
            found = _("no node has id {ident!r}").format(ident=partner) if kind is None else _(
                "but {ident!r} is a {kind}").format(ident=partner, kind=kind.value)
            problems.append(Problem(row.source, row.line, "partner", partner,
                                    _("the id of a Partner or Facility; {found}").format(found=found)))
            skip.add(need)
        by_need.setdefault(need, []).append(row)
    resolvers = _resolvers(relationships, by_need)
    lines: dict[str, tuple[str, int]] | None = None
    for need in sorted(by_need):
        if need in skip:
            continue
        history = _replay(need, needs[need], sorted(by_need[need], key=lambda r: (r.event.at, r.order)), kinds, checked)
        if history is None:
            continue
        state, events = history
        own = needs[need].get("status")
        given = resolvers.get(need)
        if own != state.status or (given is not None and given != state.resolver):
            lines = _need_lines(all_tables) if lines is None else lines
            source, line = lines.get(need, ("Need", None))
            if own != state.status:
                problems.append(Problem(source, line, "status", str(own), _(
                    "the status need {need!r}'s events lead to: {status} (its last event: {event_source}, line {event_line})"
                ).format(need=need, status=_status(state.status), event_source=events[-1][0], event_line=events[-1][1])))
            if given is not None and given != state.resolver:
                problems.append(Problem(source, line, "resolved_by", given, _(
                    "the resolver need {need!r}'s events give: {resolver}"
                ).format(need=need, resolver=repr(state.resolver) if state.resolver else _("none (it is not resolved)"))))
            continue
        if given is None and state.resolver is not None:
            checked.resolved.append((need, state.resolver))
    return checked


def _replay(
    need: str, props: Mapping[str, Any], rows: list[_Row], kinds: Mapping[str, NodeKind], checked: CheckedEvents
) -> tuple[NeedState, list[tuple[str, int]]] | None:
    """One need's events in order: its final state and where each event is, or None after recording its problem."""
    state = start(props.get("reported"))
    nodes: list[Node] = []
    links: list[tuple[str, str]] = []
    for seq, row in enumerate(rows, 1):
        event = NeedEvent(need, seq, row.event.at, row.event.action, row.event.partner, row.event.rating,
                          row.event.reason, row.event.by)
        try:
            after = step(state, event)
        except TransitionRefused as refused:
            allowed = "/".join(_status(s) for s in sorted(ALLOWED_FROM[refused.action], key=list(NEED_STATUS_NAMES).index))
            expected = (
                _("an action allowed for need {need!r} in status {status} (this one needs {allowed})")
                if allowed else
                _("an action allowed for need {need!r} in status {status} (a report must be its first event)")
            ).format(need=need, status=_status(refused.status), allowed=allowed)
            checked.problems.append(Problem(row.source, row.line, "action", row.event.action, expected))
            return None
        except EventRefused as refused:
            checked.problems.append(Problem(
                row.source, row.line, refused.column, refused.value,
                _("{expected} (need {need!r}, status {status})").format(
                    expected=refused.expected, need=need, status=_status(state.status))))
            return None
        event = with_partner(event, state)
        state = after
        nodes.append(Node(event.id, NodeKind.NEED_EVENT, {**event.props(), **row.extra}))
        links.append((need, event.partner or ""))
    clash = next((n.id for n in nodes if n.id in kinds), None)
    if clash is not None:
        row = rows[int(clash.rsplit("#", 1)[1]) - 1]
        checked.problems.append(Problem(row.source, row.line, "need", need, _(
            "a need whose events' ids are free; {ident!r} is the id of another node").format(ident=clash)))
        return None
    checked.nodes += nodes
    checked.links += links
    return state, [(r.source, r.line) for r in rows]

