"""What-if: the network as if some partners or facilities left (假如退出).

Reach for :func:`without`: an embedded copy of the store without those nodes
and every relationship touching them (nothing is written to the store). Any
question asked of the copy is answered as if they were absent; both backends
give the same copy, so the same answers. :func:`gaps_without` adds the
gaps that opened and closed against the full network.

Examples
--------
>>> from graph_model.stores.memory.store import MemoryStore
>>> from loaders import load_into, bundled_dataset_path
>>> store = MemoryStore(); _ = load_into(store, bundled_dataset_path())
>>> report = gaps_without(store, ["p-dongdong"], kinds=["need_without_resolver"])
>>> report.without, [g.subject for g in report.opened][:3], report.closed
(('p-dongdong',), ['n-mingzhu-01', 'n-xinglong-02', 'n-xinglong-03'], [])
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from graph_model.errors import InvalidQuery
from graph_model.i18n import _
from graph_model.queries.coverage_gaps import Gap, GapReport, coverage_gaps
from graph_model.queries.lookup import resolve_id
from graph_model.records import ChangeSet
from graph_model.schema import NodeKind
from graph_model.store import GraphStore

__all__ = ["without", "parse_without", "WhatIfGaps", "gaps_without"]

log = logging.getLogger(__name__)

LEAVING_KINDS = (NodeKind.PARTNER, NodeKind.FACILITY)


def parse_without(values: Iterable[str] | str | None) -> list[str]:
    """The ids or names of ``--without A,B`` (repeatable; ``,``, ``，``, ``;`` or ``；`` between them).

    Examples
    --------
    >>> parse_without(["pt-a，pt-b", "f-c"]), parse_without(None)
    (['pt-a', 'pt-b', 'f-c'], [])
    """
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    out: list[str] = []
    for value in values:
        for part in value.replace("，", ",").replace("；", ",").replace(";", ",").split(","):
            if part.strip():
                out.append(part.strip())
    return out


def without(store: GraphStore, leaving: Sequence[str]) -> tuple[GraphStore, tuple[str, ...]]:
    """An embedded copy of ``store`` without the partners or facilities ``leaving`` names, and their ids (sorted).

    Raises NotFound (with the nearest ids) for a name that is no partner or facility.
    """
    from graph_model.stores.memory.store import MemoryStore  # the copy is always embedded

    if not leaving:
        raise InvalidQuery(_("name at least one partner or facility to leave out"))
    ids = tuple(sorted({resolve_id(store, LEAVING_KINDS, text, what="partner") for text in leaving}))
    gone = set(ids)
    whole = store.subgraph()
    copy = MemoryStore()
    copy.apply(ChangeSet(
        nodes=[n for n in whole.nodes if n.id not in gone],
        relationships=[r for r in whole.relationships if r.source not in gone and r.target not in gone],
    ))
    log.info("what-if without %s: %d nodes, %d relationships", ",".join(ids), len(whole.nodes) - len(ids), len(whole.relationships))
    return copy, ids


@dataclass(frozen=True, slots=True)
class WhatIfGaps:
    """The gaps without some partners or facilities, and those that opened and closed against the full network."""

    report: GapReport
    without: tuple[str, ...]
    opened: list[Gap]
    closed: list[Gap]

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``linli gaps --without ... --json``: the gap report, then ``without``, ``opened``, ``closed``."""
        return {**self.report.as_dict(), "without": list(self.without),
                "opened": [asdict(g) for g in self.opened], "closed": [asdict(g) for g in self.closed]}


def gaps_without(store: GraphStore, leaving: Sequence[str], **query: Any) -> WhatIfGaps:
    """:func:`~graph_model.queries.coverage_gaps` as if ``leaving`` were gone, with the gaps opened and closed.

    ``query`` takes coverage_gaps' options (community, kinds, as_of); both
    reports are asked the same.
    """
    view, ids = without(store, leaving)
    full = coverage_gaps(store, **query)
    after = coverage_gaps(view, **query)
    before_keys = {(g.kind, g.subject) for g in full.gaps}
    after_keys = {(g.kind, g.subject) for g in after.gaps}
    opened = [g for g in after.gaps if (g.kind, g.subject) not in before_keys]
    closed = [g for g in full.gaps if (g.kind, g.subject) not in after_keys]
    return WhatIfGaps(after, ids, opened, closed)
