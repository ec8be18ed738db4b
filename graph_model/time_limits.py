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
    """Every category's time limits: its own values, else the nearest ancestor's, else the defaults.

    Linear in the number of categories, however deep the taxonomy: a category's
    inherited value is its own, else its nearest parent's (already worked out).
    """
    nearest = {k: min(c.parents, default=None) for k, c in categories.items()}
    respond = _inherited({k: c.respond_hours for k, c in categories.items()}, nearest, DEFAULT_RESPOND_HOURS)
    resolve = _inherited({k: c.resolve_days for k, c in categories.items()}, nearest, DEFAULT_RESOLVE_DAYS)
    return {k: TimeLimits(int(respond[k]), int(resolve[k])) for k in sorted(categories)}


def _inherited(own: Mapping[str, int | None], parent: Mapping[str, str | None], default: int) -> dict[str, int]:
    """Each category's first value up its lineage (as :func:`~graph_model.taxonomy.lineage` walks it), each walked once."""
    found: dict[str, int] = {}
    for start in own:
        path: dict[str, int] = {}  # this walk's categories not yet worked out, in order
        node: str | None = start
        while node is not None and node in own and node not in found and node not in path:
            path[node] = len(path)
            node = parent.get(node)
        walked = list(path)
        carry = found.get(node, default) if node is not None else default
        if node is not None and node in path:  # a cycle: each of its categories looks once round it
            cycle = walked[path[node]:]
            walked = walked[: path[node]]
            for i, k in reversed(list(enumerate(cycle * 2))):
                value = own[k]
                carry = value if value is not None else carry
                if i < len(cycle):
                    found[k] = carry
        for k in reversed(walked):
            value = own[k]
            carry = value if value is not None else carry
            found[k] = carry
    return found
