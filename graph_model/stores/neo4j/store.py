"""The Neo4j backend: the graph in any Neo4j 5.x (Community, Enterprise, Aura), over Bolt.

Reach for :meth:`Neo4jStore.from_settings` (``LINLI_NEO4J_URI``/``_USER``/
``_PASSWORD``/``_DATABASE``, see :class:`~graph_model.settings.LinliSettings`).
It answers every :class:`~graph_model.store.GraphStore` call exactly as
:class:`~graph_model.stores.memory.store.MemoryStore` does — the contract
test suite (``tests/graph_model/test_contract.py``) holds both to it — but
finds the facts inside Neo4j with the queries of :mod:`graph_model.stores.neo4j.cypher`
and :mod:`graph_model.stores.neo4j.cypher`: the graph is never pulled
into Python to answer a query. Choices that depend
on how ids sort (the smallest of several parents, the final order) are made
in Python, because Neo4j orders strings by UTF-16 units and Python by code
points — except inside ``need_without_resolver``'s one query, where a need
with several communities or categories (never one from a validated dataset)
takes the one Neo4j sorts first.

Writes (:meth:`Neo4jStore.apply`) are batched and all or nothing; see
:mod:`graph_model.stores.neo4j.writer`. Reads are routed to readers. Like the
memory backend, matching keeps each category's candidates as seen from no
community between calls — here for as long as Neo4j's bookmarks show that
nothing was committed since they were read, by this process or any other.

Examples
--------
>>> Neo4jStore.from_settings(uri="bolt://127.0.0.1:1")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
graph_model.errors.StoreUnavailable: cannot reach Neo4j at bolt://127.0.0.1:1: ...
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from operator import attrgetter
from typing import Any

import neo4j

from graph_model.stores.neo4j import cypher as q
from graph_model.garbage_collection import collector_paused
from graph_model.errors import IncompleteLoad, NotFound, nearest
from graph_model.evidence import MatchEvidence, SecretaryFacts
from graph_model.gaps import GapFact, GapKind
from graph_model.need_lifecycle import NeedEvent, now_text, overdue_params
from graph_model.records import ChangeSet, GraphStats, Node, Relationship, Subgraph
from graph_model.schema import NodeKind, RelType
from graph_model.settings import LinliSettings
from graph_model.candidate_cache import CandidateCache, Candidates
from graph_model.store import Direction
from graph_model.taxonomy import Relation, lineage, relations
from graph_model.time_limits import CategoryLimits, TimeLimits, inherit
from graph_model.stores.neo4j.connection import RETRY_TIME_S, Neo4jConnection
from graph_model.stores.neo4j.plan import RESERVED_KEYS, Progress, kind_of_labels
from graph_model.stores.neo4j.decode import (
    display,
    gap_details,
    gap_subjects,
    secretary_of,
    node_of,
    props_of,
    relationship_of,
    untied_evidence,
    with_ties,
)
from graph_model.stores.neo4j.writer import write_change

__all__ = ["Neo4jStore", "DEFAULT_BATCH_SIZE", "DEFAULT_MAX_TRANSACTION_ROWS"]

log = logging.getLogger(__name__)

K = NodeKind
DEFAULT_URI = "bolt://127.0.0.1:7687"
"""Where a local server started by ``scripts/neo4j start`` listens."""
DEFAULT_BATCH_SIZE = 10_000
DEFAULT_MAX_TRANSACTION_ROWS = 300_000
READ_CHUNK = 10_000


def _chunks(items: Sequence[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), READ_CHUNK):
        yield list(items[start : start + READ_CHUNK])


class Neo4jStore:
    """A :class:`~graph_model.store.GraphStore` in a Neo4j database.

    Parameters
    ----------
    connection
        An open :class:`~graph_model.stores.neo4j.connection.Neo4jConnection`.
    batch_size
        Rows per ``UNWIND`` write query.
    max_transaction_rows
        Largest write done in one transaction; bigger ones are written batch by batch with an undo log.
    """

    backend = "neo4j"

    def __init__(
        self,
        connection: Neo4jConnection,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        max_transaction_rows: int = DEFAULT_MAX_TRANSACTION_ROWS,
    ) -> None:
        self.connection = connection
        self.batch_size = batch_size
        self.max_transaction_rows = max_transaction_rows
        self._schema_ready = False
        self._candidates = CandidateCache()

    @classmethod
    def from_settings(
        cls,
        settings: LinliSettings | None = None,
        *,
        uri: str | None = None,
        database: str | None = None,
        retry_time: float = RETRY_TIME_S,
        check_load: bool = True,
        **options: Any,
    ) -> Neo4jStore:
        """Connect as ``settings`` say (default: the ``LINLI_*`` environment); ``uri`` and ``database`` override them.

        ``retry_time``: how long a failing transaction is retried (the API uses
        a short one, to answer 503 promptly while Neo4j is down). Raises
        :class:`~graph_model.errors.StoreUnavailable` (one line) when the server
        cannot be reached, refuses the credentials or lacks the database, and
        :class:`~graph_model.errors.IncompleteLoad` when it holds an interrupted
        load (unless ``check_load`` is false: the load that finishes it).
        """
        settings = settings or LinliSettings()
        connection = Neo4jConnection.open(
            uri or settings.neo4j_uri or DEFAULT_URI,
            user=settings.neo4j_user,
            password=settings.neo4j_password.get_secret_value(),
            database=database or settings.neo4j_database,
            retry_time=retry_time,
        )
        store = cls(connection, **options)
        if check_load:
            try:
                store.refuse_incomplete_load()
            except BaseException:
                store.close()
                raise
        return store

    def incomplete_load(self) -> dict[str, Any] | None:
        """The marker of a load that did not finish (started, rows, replace, command), or None."""
        records = self._read(q.LOAD_MARKER)
        return dict(records[0]) if records else None

    def refuse_incomplete_load(self) -> None:
        """Raise :class:`~graph_model.errors.IncompleteLoad` if the database holds an interrupted load."""
        marker = self.incomplete_load()
        if marker is not None:
            raise IncompleteLoad(f"{self.uri} ({self.database})", started=marker["started"], rows=marker["rows"],
                                 command=marker["command"])

    @property
    def uri(self) -> str:
        """The Bolt URI this store talks to."""
        return self.connection.uri

    @property
    def database(self) -> str:
        """The Neo4j database this store uses."""
        return self.connection.database

    def __repr__(self) -> str:
        return f"Neo4jStore({self.uri!r}, database={self.database!r})"

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the driver."""
        self.connection.close()

    # -- writes ---------------------------------------------------------------------------------
    def _ensure_schema(self) -> None:
        """Uniqueness constraints on ``id`` (common label and every kind) and two lookup indexes."""
        if not self._schema_ready:
            for statement in q.SCHEMA_STATEMENTS:
                self.connection.run(statement)
            self._schema_ready = True

    def apply(self, change: ChangeSet, *, replace: bool = False, progress: Progress | None = None,
              command: str | None = None) -> None:
        """Apply ``change`` atomically; with ``replace`` the whole graph is replaced by it.

        ``progress(rows_done, rows_total)`` is called after each written batch;
        ``command`` is what an interrupted load tells users to run to finish it.
        """
        self._ensure_schema()
        write_change(
            self.connection,
            change,
            batch_size=self.batch_size,
            max_transaction_rows=self.max_transaction_rows,
            replace=replace,
            progress=progress,
            command=command,
        )

    def clear(self) -> None:
        """Remove every node and relationship of the database (in batches)."""
        self.connection.run(q.DELETE_ALL_IN_BATCHES, batch=self.batch_size)
        log.info("cleared Neo4j database %s at %s", self.database, self.uri)

    # -- reads ----------------------------------------------------------------------------------
    def _read(self, query: str, **params: Any) -> list[neo4j.Record]:
        return self.connection.read(query, **params)

    def get(self, node_id: str) -> Node | None:
        """The node with this id, or None."""
        records = self._read(q.GET_NODE, id=node_id)
        return node_of(records[0]) if records else None

    def kinds_of(self, node_ids: Iterable[str]) -> dict[str, NodeKind]:
        """The kind of each id that exists, in the order asked."""
        asked = list(node_ids)
        found: dict[str, NodeKind] = {}
        for chunk in _chunks(list(dict.fromkeys(asked))):
            for node_id, labels in self._read(q.KINDS_OF, ids=chunk)[0]["rows"]:
                if (kind := kind_of_labels(labels)) is not None:
                    found[node_id] = kind
        return {i: found[i] for i in asked if i in found}

    def find(self, kind: NodeKind, **props: Any) -> list[Node]:
        """Nodes of ``kind`` whose properties equal ``props``, by id."""
        for reserved in RESERVED_KEYS:  # never a property of the caller's
            if reserved in props and props.pop(reserved) is not None:
                return []
        if kind not in q.FIND:  # not a kind: no node has it
            return []
        nodes = [node_of(r) for r in self._read(q.FIND[kind], props=props)]
        return sorted((n for n in nodes if n is not None), key=lambda n: n.id)

    def ids(self, kind: NodeKind) -> list[str]:
        """Every id of ``kind``, sorted."""
        return sorted(r["id"] for r in self._read(q.IDS[kind])) if kind in q.IDS else []

    def relationships(
        self,
        node_id: str,
        *,
        types: Sequence[RelType] | None = None,
        direction: Direction = "both",
    ) -> list[Relationship]:
        """Relationships touching ``node_id``, by (type, source, target)."""
        query = {"out": q.RELATIONSHIPS_OUT, "in": q.RELATIONSHIPS_IN, "both": q.RELATIONSHIPS_BOTH}.get(direction)
        if query is None:
            return []
        wanted = [t.value for t in types] if types else None
        found = {(r["type"], r["source"], r["target"]): r for r in self._read(query, id=node_id, types=wanted)}
        return [relationship_of(found[key]) for key in sorted(found)]

    def _require_node(self, node_id: str) -> None:
        if not self._read(q.KINDS_OF, ids=[node_id])[0]["rows"]:
            raise NotFound("node", node_id, suggestions=nearest(node_id, [r["id"] for r in self._read(q.ALL_IDS)]))

    def neighbourhood(self, node_id: str, depth: int = 1) -> Subgraph:
        """Nodes within ``depth`` hops (either direction) and the relationships among them."""
        self._require_node(node_id)
        seen = {node_id}
        frontier = [node_id]
        for _ in range(max(0, depth)):
            if not frontier:
                break
            reached = {r["id"] for chunk in _chunks(frontier) for r in self._read(q.NEIGHBOUR_IDS, ids=chunk)}
            reached.discard(None)
            frontier = sorted(reached - seen)
            seen |= reached
        return self._induced(sorted(seen))

    def _induced(self, ids: list[str]) -> Subgraph:
        nodes = [n for chunk in _chunks(ids) for r in self._read(q.NODES_BY_ID, ids=chunk) if (n := node_of(r))]
        rels = [relationship_of(r) for r in self._read(q.RELATIONSHIPS_AMONG, ids=ids, types=None)]
        nodes.sort(key=lambda n: n.id)
        rels.sort(key=lambda r: (r.type.value, r.source, r.target))
        return Subgraph(nodes, rels)

    def subgraph(
        self,
        kinds: Iterable[NodeKind] | None = None,
        types: Iterable[RelType] | None = None,
    ) -> Subgraph:
        """Nodes of ``kinds`` (all when None) and relationships of ``types`` (all when None) among them."""
        kind_values = None if kinds is None else [str(k) for k in kinds]
        type_values = None if types is None else [t.value for t in types]
        nodes = [n for r in self._read(q.SUBGRAPH_NODES, kinds=kind_values) if (n := node_of(r))]
        rels = [relationship_of(r) for r in self._read(q.SUBGRAPH_RELATIONSHIPS, kinds=kind_values, types=type_values)]
        nodes.sort(key=lambda n: n.id)
        rels.sort(key=lambda r: (r.type.value, r.source, r.target))
        return Subgraph(nodes, rels)

    def stats(self) -> GraphStats:
        """Counts per kind, type and party-organization level."""
        nodes = dict(self._read(q.COUNT_NODES)[0])
        rels = dict(self._read(q.COUNT_RELATIONSHIPS)[0])
        levels: Counter[str] = Counter()
        for record in self._read(q.COUNT_LEVELS):
            levels[str(record["level"])] += record["n"]
        return GraphStats.ordered(nodes, rels, levels)

    # -- partner matching ---------------------------------------------------------------------------
    def _require(self, node_id: str, kind: NodeKind, what: str) -> None:
        if self.kinds_of([node_id]).get(node_id) is not kind:
            raise NotFound(what, node_id, suggestions=nearest(node_id, self.ids(kind)))

    def category_lineage(self, category: str) -> list[str]:
        """``category`` then its ancestors, nearest first."""
        self._require(category, K.CATEGORY, "category")
        parents = {r["child"]: r["parents"] for r in self._read(q.CATEGORY_ANCESTRY, category=category)}
        return lineage(category, parents.get)

    def match_evidence(self, community: str, category: str) -> MatchEvidence:
        """Candidates offering ``category``, a descendant or an ancestor, with their ties to ``community``.

        Two reads: the context (both ids' kinds, the category's ancestry and descent, the
        community's subdistricts and the ties to its area) and the candidates
        as seen from no community — kept while the database stays as it was,
        see :meth:`_untied`.
        """
        [context], state = self.connection.read_versioned(q.MATCH_CONTEXT, community=community, category=category)
        for node_id, kind, what, labels in ((community, K.COMMUNITY, "community", context["community"]),
                                            (category, K.CATEGORY, "category", next(iter(context["category"]), None))):
            if not labels or kind_of_labels(labels) is not kind:
                raise NotFound(what, node_id, suggestions=nearest(node_id, self.ids(kind)))
        related = relations(category, dict(context["ancestry"]).get, dict(context["descent"]).get)
        candidates, index = self._untied(category, related, state)
        subdistrict = min(context["subdistricts"], default=None)
        ties = [tie[1:] for tie in context["ties"] if tie[0] is None or tie[0] == subdistrict]
        return MatchEvidence(untied=candidates, tied=with_ties(candidates, ties, index=index))

    def _untied(self, category: str, related: dict[str, Relation], state: frozenset[str]) -> Candidates:
        """The candidates for ``category`` as seen from no community, kept while the database is in ``state``.

        They do not depend on the community, and a city has thousands per
        category. They are read again unless they were read with nothing
        committed between the end of the read that gave ``state`` and the end
        of theirs, and the database is still in ``state``.
        """
        chain = list(related)
        kept = self._candidates.get(chain, state) if state else None
        if kept is not None:
            return kept
        [record], seen = self.connection.read_versioned(
            q.MATCH_CANDIDATES, category=category, related=chain, resolved="resolved", **q.LIFECYCLE_PARAMS
        )
        found = untied_evidence(record, related)
        if state and seen == state:
            return self._candidates.put(chain, state, found)
        return found, {ev.id: i for i, ev in enumerate(found)}

    # -- coverage gaps ----------------------------------------------------------------------------
    def _related(self) -> dict[str, list[str]]:
        """What matching looks for of every category an open need is in and with a parent or a child.

        One query for the taxonomy's links, one for the open needs' categories:
        relating every category of a 40,000-deep chain to all the others would be
        1.6 billion entries.
        """
        parents = {r["child"]: r["parents"] for r in self._read(q.CATEGORY_PARENTS)}
        children: dict[str, list[str]] = {}
        for child, ups in parents.items():
            for parent in ups:
                children.setdefault(parent, []).append(child)
        wanted = {r["id"] for r in self._read(q.OPEN_NEED_CATEGORIES, open=q.GAP_PARAMS["open"])}
        return {k: list(relations(k, parents.get, children.get)) for k in wanted & (parents.keys() | children.keys())}

    def gap_facts(self, kind: GapKind, community: str | None = None, *, as_of: str | None = None) -> list[GapFact]:
        """Subjects with a gap of ``kind``, optionally in one community, by subject id.

        The cyclic garbage collector is paused meanwhile: a city's building gaps
        are a few hundred thousand new objects, read and then worded, and its
        passes over them took about three times as long as the work itself.
        """
        with collector_paused():
            return self._gap_facts(kind, community, as_of or now_text())

    def _gap_facts(self, kind: GapKind, community: str | None, as_of: str) -> list[GapFact]:
        if community is not None:
            self._require(community, K.COMMUNITY, "community")
        if kind is GapKind.SECRETARY_WITHOUT_PAIR:
            facts = self._secretaries_without_pair()
        else:
            facts = self._gap_query(kind, community, as_of)
        if community is not None:
            facts = [f for f in facts if f.community == community]
        return sorted(facts, key=attrgetter("subject"))

    def _gap_query(self, kind: GapKind, community: str | None, as_of: str) -> list[GapFact]:
        """A gap kind found by its query of :data:`~graph_model.stores.neo4j.cypher.GAPS`."""
        extra: dict[str, Any] = {}
        if kind is GapKind.NEED_WITHOUT_RESOLVER:
            extra["related"] = self._related()
        elif kind is GapKind.NEED_OVERDUE:
            extra.update(overdue_params(self.category_time_limits(), as_of))
        query = q.GAPS[kind] if community is None else q.GAPS_IN_COMMUNITY[kind]
        record = self._read(query, community=community, **q.GAP_PARAMS, **extra)[0]
        return [
            GapFact(kind, subject, display(name, subject), community, gap_details(kind, details))
            for subject, name, community, details in gap_subjects(record)
        ]

    def _secretaries_without_pair(self) -> list[GapFact]:
        """The one gap kind found from the secretaries' rows rather than by a query of its own."""
        kind = GapKind.SECRETARY_WITHOUT_PAIR
        return [
            GapFact(kind, s.id, s.name, s.community, {"org": org, "org_name": org_name})
            for s, org, org_name, in_pair in self._secretary_rows()
            if not in_pair
        ]

    # -- the need lifecycle ---------------------------------------------------------------------------
    def need_history(self, need_ids: Iterable[str] | None = None) -> dict[str, list[NeedEvent]]:
        """Each need's events by ``seq``, for the needs (all when None) that have events, by need id."""
        if need_ids is None:
            records = self._read(q.NEED_HISTORY)
        else:
            records = [r for chunk in _chunks(sorted(set(need_ids))) for r in self._read(q.NEED_HISTORY_OF, ids=chunk)]
        found: dict[str, list[NeedEvent]] = {}
        for r in records:
            props = props_of(r["props"], node=True)
            found.setdefault(r["need"], []).append(NeedEvent.from_props(r["need"], props, min(r["partners"], default=None)))
        return {need: sorted(found[need], key=attrgetter("seq")) for need in sorted(found)}

    def category_time_limits(self) -> dict[str, TimeLimits]:
        """Every category's time limits, inherited up the taxonomy."""
        return inherit({
            r["id"]: CategoryLimits(r["parents"], r["respond_hours"], r["resolve_days"]) for r in self._read(q.CATEGORY_LIMITS)
        })

    # -- mentor pairing -----------------------------------------------------------------------------
    def _secretary_rows(self) -> list[tuple[SecretaryFacts, str, str, bool]]:
        """Each secretary's facts, its organization (id, name) and whether it is in a MENTORS pair."""
        rows = []
        for r in self._read(q.SECRETARIES, community_level=q.COMMUNITY_LEVEL):
            org, org_name, communities = min(r["orgs"], key=lambda o: o[0])
            if (community := min(communities, default=None)) is not None:
                rows.append((r, org, display(org_name, org), community))
        portraits = {
            p["id"]: p
            for chunk in _chunks(sorted({row[3] for row in rows}))
            for p in self._read(q.COMMUNITY_PORTRAITS, ids=chunk)
        }
        return [
            (secretary_of(r, community, portraits[community]), org, org_name, bool(r["in_pair"]))
            for r, org, org_name, community in sorted(rows, key=lambda row: row[0]["id"])
        ]

    def secretaries(self) -> list[SecretaryFacts]:
        """Persons SECRETARY_OF a level-community PartyOrg, by id (one entry each)."""
        return [facts for facts, *_ in self._secretary_rows()]

    def mentor_links(self) -> list[tuple[str, str]]:
        """Every MENTORS relationship as (mentor, mentee), sorted."""
        return sorted((r["mentor"], r["mentee"]) for r in self._read(q.MENTOR_LINKS))
