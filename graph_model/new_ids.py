"""Ids for a need or a partner added without one: a secretary types a name, Linli numbers it as the ledger does.

- A need is numbered like the needs already recorded in its community: the
  most common ``prefix + number`` among their ids, the next number, as
  many digits as they have (``n-beiyuan-07`` → ``n-beiyuan-08``,
  ``s0000-c21-n004`` → ``s0000-c21-n005``); a community with none gets
  ``n-<community id without its c- prefix>-01``.
- A partner gets ``p-`` and the pinyin of its name (letters and digits only,
  at most 24 of them); ``-2``, ``-3`` … when that is taken.

An id is never one the graph already holds (of any kind). The caller holds
the write lock between asking for an id and writing it.

Examples
--------
>>> from graph_model.records import ChangeSet, Node, Relationship
>>> from graph_model.schema import NodeKind, RelType
>>> from graph_model.stores.memory.store import MemoryStore
>>> store = MemoryStore()
>>> store.apply(ChangeSet(
...     [Node("c-beiyuan", NodeKind.COMMUNITY, {"name": "北苑社区"}), Node("c-new", NodeKind.COMMUNITY, {"name": "新社区"}),
...      Node("n-beiyuan-07", NodeKind.NEED, {"name": "楼道灯"})],
...     [Relationship(RelType.HAS_NEED, "c-beiyuan", "n-beiyuan-07")]))
>>> new_need_id(store, "c-beiyuan"), new_need_id(store, "c-new")
('n-beiyuan-08', 'n-new-01')
>>> new_partner_id(store, "新华书店")
'p-xinhuashudian'
"""

from __future__ import annotations

import re
from collections import Counter

from graph_model.schema import RelType
from graph_model.store import GraphStore

__all__ = ["new_need_id", "new_partner_id"]

_NUMBERED = re.compile(r"^(.*?)(\d+)$")
_SLUG_LENGTH = 24


def _free(store: GraphStore, wanted: str) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3`` … the first no node holds."""
    candidate, number = wanted, 1
    while store.get(candidate) is not None:
        number += 1
        candidate = f"{wanted}-{number}"
    return candidate


def new_need_id(store: GraphStore, community: str) -> str:
    """The next id for a need of ``community`` (an existing community's id), numbered as its needs are."""
    numbered = [m for r in store.relationships(community, types=[RelType.HAS_NEED], direction="out")
                if (m := _NUMBERED.match(r.target)) is not None]
    if not numbered:
        base = community.removeprefix("c-")
        return _free(store, f"n-{base}-01")
    prefix, _count = Counter(m.group(1) for m in numbered).most_common(1)[0]
    digits = max(len(m.group(2)) for m in numbered if m.group(1) == prefix)
    number = max(int(m.group(2)) for m in numbered if m.group(1) == prefix) + 1
    while store.get(candidate := f"{prefix}{number:0{digits}d}") is not None:
        number += 1
    return candidate


def new_partner_id(store: GraphStore, name: str) -> str:
    """An id for a new partner called ``name``: ``p-`` and its pinyin.

    >>> from graph_model.stores.memory.store import MemoryStore
    >>> new_partner_id(MemoryStore(), "Daokang Pharmacy 2号店")
    'p-daokangpharmacy2haodian'
    """
    from graph_model.queries.lookup import pinyin_of  # pypinyin: only when a partner comes without an id

    slug = re.sub(r"[^a-z0-9]", "", "".join(pinyin_of(name)))[:_SLUG_LENGTH] or "partner"
    return _free(store, f"p-{slug}")
