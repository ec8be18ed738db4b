"""The :class:`GraphStore` protocol every backend implements.

Two backends ship: :class:`graph_model.stores.memory.store.MemoryStore`
(networkx, embedded, the default) and
:class:`graph_model.stores.neo4j.store.Neo4jStore` (Bolt). The protocol is
small on purpose, in the spirit of httpx's transports: bulk writes, reads by
id/kind, subgraphs for maps, and the pattern parts of the three queries
(whose scoring lives once in :mod:`graph_model.queries`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal, Protocol, runtime_checkable

from graph_model.evidence import MatchEvidence, SecretaryFacts
from graph_model.gaps import GapFact, GapKind
from graph_model.need_lifecycle import NeedEvent
from graph_model.records import ChangeSet, GraphStats, Node, Relationship, Subgraph
from graph_model.schema import NodeKind, RelType
from graph_model.time_limits import TimeLimits

__all__ = ["GraphStore", "Direction"]

Direction = Literal["out", "in", "both"]


@runtime_checkable
class GraphStore(Protocol):
    """A place the graph lives. All methods may raise :class:`~graph_model.errors.StoreUnavailable`."""

    backend: str
    """``"memory"`` or ``"neo4j"``."""

    # -- writes ---------------------------------------------------------------
    def apply(self, change: ChangeSet) -> None:
        """Apply one change set atomically (all of it or none of it)."""
        ...

    def clear(self) -> None:
        """Remove every node and relationship."""
        ...

    # -- reads ----------------------------------------------------------------
    def get(self, node_id: str) -> Node | None:
        """The node with this id, or None."""
        ...

    def kinds_of(self, node_ids: Iterable[str]) -> dict[str, NodeKind]:
        """The kind of each id that exists (missing ids are left out)."""
        ...

    def find(self, kind: NodeKind, **props: Any) -> list[Node]:
        """Nodes of ``kind`` whose properties equal ``props``, ordered by id."""
        ...

    def ids(self, kind: NodeKind) -> list[str]:
        """Every id of ``kind``, sorted (for suggestions)."""
        ...

    def relationships(
        self,
        node_id: str,
        *,
        types: Sequence[RelType] | None = None,
        direction: Direction = "both",
    ) -> list[Relationship]:
        """Relationships touching ``node_id``, ordered by (type, source, target)."""
        ...

    def neighbourhood(self, node_id: str, depth: int = 1) -> Subgraph:
        """Every node within ``depth`` hops of ``node_id`` (either direction) and the relationships among them."""
        ...

    def subgraph(
        self,
        kinds: Iterable[NodeKind] | None = None,
        types: Iterable[RelType] | None = None,
    ) -> Subgraph:
        """Nodes of ``kinds`` (all when None) and relationships of ``types`` among them."""
        ...

    def stats(self) -> GraphStats:
        """Counts per kind, type and party-organization level."""
        ...

    # -- the pattern parts of the three queries ---------------------------------
    def category_lineage(self, category: str) -> list[str]:
        """``category`` and its ancestors through HAS_SUBCATEGORY, nearest first."""
        ...

    def match_evidence(self, community: str, category: str) -> MatchEvidence:
        """Every Partner/Facility offering ``category``, a descendant or an ancestor of it, with the facts scoring needs.

        The ``untied`` part is kept between calls: the same object while the graph is unchanged.
        """
        ...

    def gap_facts(self, kind: GapKind, community: str | None = None, *, as_of: str | None = None) -> list[GapFact]:
        """Subjects with a gap of ``kind`` (in ``community`` only, when given).

        ``as_of`` (a time as :func:`graph_model.need_lifecycle.parse_time` writes
        it; default now) is the moment ``need_overdue`` judges by.
        """
        ...

    # -- the need lifecycle ------------------------------------------------------------
    def need_history(self, need_ids: Iterable[str] | None = None) -> dict[str, list[NeedEvent]]:
        """The events of each of ``need_ids`` (every need when None) that has any, by need id; each list by ``seq``.

        Ids that name no need, and needs without events, are left out.
        """
        ...

    def category_time_limits(self) -> dict[str, TimeLimits]:
        """Every category's ``respond_hours`` and ``resolve_days``, inherited up the taxonomy, by category id."""
        ...

    def secretaries(self) -> list[SecretaryFacts]:
        """Persons SECRETARY_OF a level-community PartyOrg, ordered by id."""
        ...

    def mentor_links(self) -> list[tuple[str, str]]:
        """Every MENTORS relationship as (mentor, mentee), sorted."""
        ...

    def close(self) -> None:
        """Release connections and files."""
        ...
