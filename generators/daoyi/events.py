"""A quarter of need events (诉求流转) for the needs Daoyi's residents reported before the article: synthetic.

Reach for :func:`draw_events`, the stage after the needs. Every need reported
in the :data:`QUARTER` before the article gets the events that lead to its
status, on its own random stream (so the earlier stages' rows are unchanged):

- a resolved need is dispatched to its resolver (now and then first to another
  provider, who hands it back), claimed — mostly within a day, sometimes
  late —, resolved — mostly within its category's time limit, sometimes
  late — and mostly rated 3 to 5;
- a need in progress is dispatched to its provider and claimed; half of those
  reported since mid-July are only dispatched (``dispatched``: not claimed yet);
- an open need that someone tied to its community could take was dispatched
  and handed back, or resolved and then rated badly (reopened), or is only
  reported; one nobody in the area offers (the article's true gaps) is only
  reported — the open ones are overdue by the article's date unless reported in
  its last days.

A need with events keeps its ``resolved_by`` only when it is resolved (its
events decide who has it otherwise), and no provider gets more needs
dispatched to it than its capacity allows. The rows are marked synthetic in
``data/daoyi/README.md``; needs reported before the quarter keep no events
(their status is the ledger's).

Examples
--------
>>> from generators.daoyi import build_dataset
>>> rows = build_dataset()
>>> events = rows.nodes["NeedEvent"]
>>> len({e["need"] for e in events}), sorted({e["action"] for e in events})
(22, ['claim', 'dispatch', 'rate', 'report', 'resolve', 'return'])
"""

from __future__ import annotations

import datetime as dt
import random

from generators.daoyi.draft import ARTICLE_DATE, SEED, Draft, Row
from generators.daoyi.provider_ties import ProviderTies
from graph_model.taxonomy import lineage
from graph_model.time_limits import DEFAULT_RESOLVE_DAYS, CategoryLimits, inherit
from loaders.dataset import default_taxonomy

__all__ = ["QUARTER", "draw_events"]

QUARTER = (ARTICLE_DATE - dt.timedelta(days=91), ARTICLE_DATE)
"""The three months before the article whose needs have events (both ends included)."""
NOW = dt.datetime.combine(ARTICLE_DATE, dt.time(9, 0))  # nothing happens after the article's morning
REPORTED_BY = {"hotline_12345": "12345热线", "grid_patrol": "网格员巡查", "tea_house": "议事茶馆", "survey": "入户走访"}
DISPATCHER, CALLBACK = "街道派单中心", "回访员"
RETURN_REASONS = ("不在服务范围", "人手不足，建议改派", "需要产权单位出面", "超出承接能力")
REOPEN_REASONS = ("居民反映问题未解决", "整改不到位", "回访不满意")
DISPATCHED_SINCE = dt.date(2024, 7, 15)  # half the in-progress needs reported since then are not claimed yet


def _text(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def _limits() -> dict[str, int]:
    """Each default category's ``resolve_days`` as the taxonomy gives it (inherited), for plausible timing."""
    nodes, rels = default_taxonomy()
    parents: dict[str, list[str]] = {}
    for r in rels:
        parents.setdefault(r.target, []).append(r.source)
    rows = {n.id: CategoryLimits(parents.get(n.id, []), n.props.get("respond_hours"), n.props.get("resolve_days"))
            for n in nodes}
    return {k: limits.resolve_days for k, limits in inherit(rows).items()}


class _Timeline:
    """One need's events as rows, each later than the one before (never after :data:`NOW`)."""

    def __init__(self, need: str, reported: dt.datetime) -> None:
        self.need, self.at = need, reported
        self.rows: list[Row] = []

    def mark(self) -> tuple[int, dt.datetime]:
        """Where the timeline is now, to :meth:`undo` back to."""
        return len(self.rows), self.at

    def undo(self, mark: tuple[int, dt.datetime]) -> None:
        """Drop the events added since ``mark``."""
        del self.rows[mark[0]:]
        self.at = mark[1]

    def add(self, hours: float, action: str, *, partner: str = "", rating: int | str = "", reason: str = "",
            by: str = "") -> bool:
        """Append an event ``hours`` after the last one; False (nothing added) if it would come after the article."""
        at = self.at + dt.timedelta(hours=hours)
        if at > NOW:
            return False
        self.at = at
        self.rows.append({"need": self.need, "at": _text(at), "action": action, "partner": partner,
                          "rating": rating, "reason": reason, "by": by})
        return True


def draw_events(draft: Draft) -> None:
    """Append the NeedEvent rows of every need reported in :data:`QUARTER`, and align those needs' rows with them."""
    rng = random.Random(f"{SEED}:need-events")
    ties, limits = ProviderTies(draft), _limits()
    load: dict[str, int] = {}  # needs dispatched to or in progress with each provider, events or not
    needs = draft.nodes["Need"]
    for n in needs:
        if n["status"] == "in_progress" and n["resolved_by"]:
            load[n["resolved_by"]] = load.get(n["resolved_by"], 0) + 1
    rows: list[Row] = []
    start, end = (d.isoformat() for d in QUARTER)
    for need in needs:
        if not start <= need["reported"] <= end:
            continue
        reported = dt.datetime.fromisoformat(need["reported"]) + dt.timedelta(hours=rng.randint(8, 17),
                                                                              minutes=rng.choice((0, 15, 30, 45)))
        line = _Timeline(need["id"], reported)
        line.add(0, "report", by=REPORTED_BY.get(need["source"], ""))
        days = limits.get(need["category"], DEFAULT_RESOLVE_DAYS)
        others = [p for p in ties.resolvers(need["community"], "", need["category"]) if p != need["resolved_by"]]
        if need["status"] == "resolved":
            _resolved(rng, line, need["resolved_by"], others, days)
        elif need["status"] == "in_progress":
            if not _in_progress(rng, line, need, others):
                need["status"] = "dispatched"
            need["resolved_by"] = ""  # its dispatch says who has it
        else:
            _open(rng, line, [p for p in _tied(ties, need["community"], need["category"]) if ties.has_room(p, load)], days)
        rows += line.rows
    draft.nodes["NeedEvent"] = rows


def _tied(ties: ProviderTies, community: str, category: str) -> list[str]:
    """Every provider tied to ``community`` that offers ``category`` or an ancestor (property companies aside)."""
    line = lineage(category, ties.parents.get)
    return sorted(p for p, offered in ties.offers.items()
                  if p not in ties.manages and ties.tie(p, community) > 0 and any(k in line for k in offered))


def _resolved(rng: random.Random, line: _Timeline, resolver: str, others: list[str], days: int) -> None:
    if others and rng.random() < 0.25:  # first to someone who hands it back
        line.add(rng.uniform(1, 6), "dispatch", partner=rng.choice(others), by=DISPATCHER)
        line.add(rng.uniform(2, 20), "return", reason=rng.choice(RETURN_REASONS))
    line.add(rng.uniform(0.5, 6), "dispatch", partner=resolver, by=DISPATCHER)
    line.add(rng.uniform(30, 60) if rng.random() < 0.2 else rng.uniform(1, 20), "claim")
    late = rng.random() < 0.3
    hours = 24 * (rng.uniform(days + 1, days + 12) if late else rng.uniform(0.5, max(1.0, days - 2)))
    if not line.add(hours, "resolve"):  # reported too close to the article to be late: resolved quickly
        line.add(max(1.0, (NOW - line.at).total_seconds() / 3600 * rng.uniform(0.2, 0.8)), "resolve")
    if rng.random() < 0.85:
        line.add(rng.uniform(12, 72), "rate", rating=rng.choices((5, 4, 3), weights=(5, 4, 2))[0], by=CALLBACK)


def _in_progress(rng: random.Random, line: _Timeline, need: Row, others: list[str]) -> bool:
    """Dispatch (and claim, unless the need is too recent); whether it was claimed."""
    line.add(rng.uniform(0.5, 8), "dispatch", partner=need["resolved_by"], by=DISPATCHER)
    if dt.date.fromisoformat(need["reported"]) >= DISPATCHED_SINCE and rng.random() < 0.5:
        return False
    return line.add(rng.uniform(2, 40), "claim")


def _open(rng: random.Random, line: _Timeline, candidates: list[str], days: int) -> None:
    if not candidates:
        return  # nobody in the area offers it: reported, and waiting
    chance, partner, start = rng.random(), rng.choice(candidates), line.mark()
    if chance < 0.7 and line.add(rng.uniform(1, 12), "dispatch", partner=partner, by=DISPATCHER):
        after_dispatch = line.mark()
        reopened = chance >= 0.4 and all((  # resolved, then rated badly: open again
            line.add(rng.uniform(2, 24), "claim"),
            line.add(24 * rng.uniform(1, max(1.5, days / 2)), "resolve"),
            line.add(rng.uniform(12, 48), "rate", rating=rng.choice((1, 2)), reason=rng.choice(REOPEN_REASONS),
                     by=CALLBACK)))
        if not reopened:
            line.undo(after_dispatch)
            if not line.add(rng.uniform(4, 72), "return", reason=rng.choice(RETURN_REASONS)):
                line.undo(start)  # no time left to hand it back: only reported
