"""Each category's time limits (响应时限 · 办结时限), inherited up the service taxonomy.

A Category row may set ``respond_hours`` (how soon a need must be claimed)
and ``resolve_days`` (how soon it must be resolved); an empty value takes the
parent's, up the taxonomy (the smallest parent id at each step, as
:func:`graph_model.taxonomy.lineage` walks it), then the defaults. Both
backends hand :func:`inherit` the categories' own values and parents; the
inheritance is decided here, once.

Examples
--------
>>> rows = {"safety": CategoryLimits(["root"], 2, None), "fire": CategoryLimits(["safety"], None, 3),
...         "root": CategoryLimits([], None, None)}
>>> limits = inherit(rows)
>>> limits["fire"], limits["root"]
(TimeLimits(respond_hours=2, resolve_days=3), TimeLimits(respond_hours=24, resolve_days=15))
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from graph_model.taxonomy import lineage

__all__ = ["DEFAULT_RESPOND_HOURS", "DEFAULT_RESOLVE_DAYS", "TimeLimits", "CategoryLimits", "inherit"]

DEFAULT_RESPOND_HOURS = 24
DEFAULT_RESOLVE_DAYS = 15


@dataclass(frozen=True, slots=True)
class TimeLimits:
    """How soon a need of a category must be claimed (hours) and resolved (days) after its report."""

    respond_hours: int = DEFAULT_RESPOND_HOURS
    resolve_days: int = DEFAULT_RESOLVE_DAYS


@dataclass(frozen=True, slots=True)
class CategoryLimits:
    """One category as a backend finds it: its parents' ids and its own values (None when empty)."""

    parents: Sequence[str]
    respond_hours: int | None
    resolve_days: int | None


def inherit(categories: Mapping[str, CategoryLimits]) -> dict[str, TimeLimits]:
    """Every category's time limits: its own values, else the nearest ancestor's, else the defaults."""
    found: dict[str, TimeLimits] = {}
    parents = {k: c.parents for k, c in categories.items()}
    for category in sorted(categories):
        chain = [categories[k] for k in lineage(category, parents.get) if k in categories]
        respond = next((c.respond_hours for c in chain if c.respond_hours is not None), DEFAULT_RESPOND_HOURS)
        resolve = next((c.resolve_days for c in chain if c.resolve_days is not None), DEFAULT_RESOLVE_DAYS)
        found[category] = TimeLimits(int(respond), int(resolve))
    return found
