"""Walking the service taxonomy (HAS_SUBCATEGORY), written once for both backends.

Examples
--------
>>> parents = {"elderly_meals": ["elderly"], "elderly": []}
>>> lineage("elderly_meals", parents.get)
['elderly_meals', 'elderly']
>>> lineage("a", {"a": ["b"], "b": ["a"]}.get)    # a cycle stops the walk
['a', 'b']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

__all__ = ["lineage"]


def lineage(category: str, parents_of: Callable[[str], Iterable[str] | None]) -> list[str]:
    """``category`` then its ancestors, nearest first, following the smallest parent id and stopping at a cycle."""
    found = [category]
    while True:
        up = sorted(parents_of(found[-1]) or ())
        if not up or up[0] in found:
            return found
        found.append(up[0])
