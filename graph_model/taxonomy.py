"""Walking the service taxonomy (HAS_SUBCATEGORY), written once for both backends.

Examples
--------
>>> parents = {"elderly_meals": ["elderly"], "elderly": []}
>>> lineage("elderly_meals", parents.get)
['elderly_meals', 'elderly']
>>> lineage("a", {"a": ["b"], "b": ["a"]}.get)    # a cycle stops the walk
['a', 'b']
>>> children = {"elderly": ["home_care", "elderly_meals"], "elderly_meals": ["meal_delivery"]}
>>> descendants("elderly", children.get)
['elderly_meals', 'home_care', 'meal_delivery']
>>> relations("elderly_meals", parents.get, children.get)
{'elderly_meals': 'exact', 'meal_delivery': 'descendant', 'elderly': 'ancestor'}
>>> sorted(on_a_cycle({"a": "b", "b": "c", "c": "a", "d": "a", "e": "f"}))
['a', 'b', 'c']

Every walk here is linear in the depth of the taxonomy (a dataset may hold a
chain tens of thousands of categories deep): what a walk has passed is kept
in a set, never searched for in a list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Literal, TypeAlias

Relation: TypeAlias = Literal["exact", "descendant", "ancestor"]
"""How an offered category relates to the one asked for."""
EXACT: Relation = "exact"
DESCENDANT: Relation = "descendant"
ANCESTOR: Relation = "ancestor"

__all__ = ["lineage", "descendants", "relations", "on_a_cycle", "Relation", "EXACT", "DESCENDANT", "ANCESTOR"]


def lineage(category: str, parents_of: Callable[[str], Iterable[str] | None]) -> list[str]:
    """``category`` then its ancestors, nearest first, following the smallest parent id and stopping at a cycle."""
    found = [category]
    seen = {category}
    while True:
        nearest = min(parents_of(found[-1]) or (), default=None)
        if nearest is None or nearest in seen:
            return found
        found.append(nearest)
        seen.add(nearest)


def on_a_cycle(parent: Mapping[str, str]) -> set[str]:
    """The categories whose chain of parents leads back to themselves, each chain walked once.

    ``parent`` maps a category to its one parent (a category without one is absent).
    """
    cycle: set[str] = set()
    done: set[str] = set()  # every category whose chain has been walked to its end
    for start in parent:
        if start in done:
            continue
        path: dict[str, int] = {}  # this walk's categories, in order
        node: str | None = start
        while node is not None and node not in done and node not in path:
            path[node] = len(path)
            node = parent.get(node)
        if node is not None and node in path:  # the walk came back to itself
            cycle.update(list(path)[path[node]:])
        done.update(path)
    return cycle


def descendants(category: str, children_of: Callable[[str], Iterable[str] | None]) -> list[str]:
    """The categories below ``category`` (not itself), nearest first, each depth by id; a cycle stops the walk."""
    seen = {category}
    found: list[str] = []
    level = [category]
    while level:
        below = sorted({c for k in level for c in (children_of(k) or ()) if c not in seen})
        seen.update(below)
        found += below
        level = below
    return found


def relations(
    category: str,
    parents_of: Callable[[str], Iterable[str] | None],
    children_of: Callable[[str], Iterable[str] | None],
) -> dict[str, Relation]:
    """What partner matching looks for (docs/data-model.md §5), each with how it relates to ``category``.

    ``category`` itself, its descendants, then its ancestors, nearest first on
    each side; a category both above and below (a cycle) counts as above.
    """
    up = lineage(category, parents_of)
    above = set(up)
    found: dict[str, Relation] = {category: EXACT}
    found.update((d, DESCENDANT) for d in descendants(category, children_of) if d not in above)
    found.update((a, ANCESTOR) for a in up[1:])
    return found
