"""What a user typed → the node (or gap kind) they mean: the one place every command and route looks names up.

Reach for :func:`resolve_id` (or :func:`resolve_node`) with the kinds a value
may name, and :func:`resolve_gap_kind` for a gap kind. The rules, in order:

1. an **id** of one of the kinds;
2. an **exact name** — one node: it; several (a name two communities share):
   :class:`~graph_model.errors.Ambiguous`, each candidate with where it is;
3. a **near name**, the same name written a little differently (spaces, case,
   full-width letters), a **part of a name** (``北苑`` → 北苑社区) or its
   **pinyin** — initials (``bysq``) or syllables (``beiyuan``), whole or the
   start: one node fits → it; several → :class:`~graph_model.errors.Ambiguous`;
4. otherwise :class:`~graph_model.errors.NotFound` with the nearest ids *and*
   names, typos included (``北院社区`` → 北苑社区), best first.

Near names go through :func:`match_name` over a plain pool of
:class:`~graph_model.errors.Candidate` (no store needed), so a loader can
resolve names inside a dataset by the same rules. Typos are ranked by
rapidfuzz (edit-distance similarity, in C: fast over thousands of names) and
pinyin comes from pypinyin (phrase-aware readings of Chinese names), each
imported only when a name is not found as typed.

Examples
--------
>>> from graph_model.records import ChangeSet, Node
>>> from graph_model.stores.memory.store import MemoryStore
>>> from graph_model.i18n import use_language
>>> store = MemoryStore()
>>> store.apply(ChangeSet([Node("c-beiyuan", NodeKind.COMMUNITY, {"name": "北苑社区"}),
...                        Node("c-taiyang", NodeKind.COMMUNITY, {"name": "太阳城社区"})]))
>>> [resolve_id(store, NodeKind.COMMUNITY, text) for text in ("c-beiyuan", "北苑社区", "北苑", "bysq", "taiyang")]
['c-beiyuan', 'c-beiyuan', 'c-beiyuan', 'c-beiyuan', 'c-taiyang']
>>> with use_language("en"):
...     resolve_id(store, NodeKind.COMMUNITY, "北院社区")
Traceback (most recent call last):
...
graph_model.errors.NotFound: unknown community '北院社区' (did you mean: 北苑社区 (c-beiyuan)?)
>>> resolve_gap_kind("诉求无人可解"), resolve_gap_kind("Need without resolver")
(<GapKind.NEED_WITHOUT_RESOLVER: 'need_without_resolver'>, <GapKind.NEED_WITHOUT_RESOLVER: 'need_without_resolver'>)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from graph_model.errors import Ambiguous, Candidate, InvalidQuery, NotFound
from graph_model.gaps import GAP_KINDS, GapKind
from graph_model.i18n import _, pick
from graph_model.records import Node
from graph_model.schema import NodeKind, RelType
from graph_model.store import GraphStore

__all__ = [
    "resolve_id",
    "resolve_node",
    "resolve_gap_kind",
    "match_name",
    "suggest",
    "pinyin_of",
    "where",
    "KIND_NOUNS",
    "MAX_LISTED",
]

KIND_NOUNS: dict[NodeKind, str] = {
    NodeKind.SUBDISTRICT: "subdistrict",
    NodeKind.COMMUNITY: "community",
    NodeKind.ESTATE: "estate",
    NodeKind.GRID: "grid",
    NodeKind.BUILDING: "building",
    NodeKind.PARTY_ORG: "party organization",
    NodeKind.HOUSEHOLD: "household",
    NodeKind.PERSON: "person",
    NodeKind.PARTNER: "partner",
    NodeKind.FACILITY: "facility",
    NodeKind.CATEGORY: "category",
    NodeKind.NEED: "need",
}
"""The English noun of each kind (one of :data:`graph_model.errors.NOUNS`: messages translate it)."""

MAX_LISTED = 10
"""How many candidates an ambiguity lists (the rest are counted)."""
SUGGESTED = 5
"""How many suggestions an unknown name gets at most."""
_TYPO_CUTOFF = 60.0  # rapidfuzz similarity (0–100) below which a name or id is no suggestion
_PINYIN_QUERY = re.compile(r"[a-z]{2,}")
_CJK = re.compile(r"[\u3400-\u9fff]")


def _normal(text: str) -> str:
    """``text`` as compared: full-width folded (NFKC), lower case, without blanks."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


def pinyin_of(name: str) -> list[str]:
    """``name`` as compared (:func:`_normal`), its Chinese characters read as pinyin syllables; other runs of text kept as they are.

    >>> pinyin_of("新华书店 2号店")
    ['xin', 'hua', 'shu', 'dian', '2', 'hao', 'dian']
    """
    from pypinyin import lazy_pinyin  # its dictionaries load in a good part of a second: only when a name is not found as typed

    return list(lazy_pinyin(_normal(name)))


@lru_cache(maxsize=65536)
def _pinyin(name: str) -> tuple[str, str]:
    """A Chinese name's pinyin: (initials, syllables), both lower case, letters only (``北苑社区`` → ``bysq``, ``beiyuanshequ``)."""
    syllables = [s for s in pinyin_of(name) if s.isalpha() and s.isascii()]
    return "".join(s[0] for s in syllables), "".join(syllables)


def _near(text: str, pool: Sequence[Candidate]) -> list[Candidate]:
    """Rule 3: the same name written differently, a part of a name, or its pinyin."""
    wanted = _normal(text)
    if not wanted:
        return []
    same = [c for c in pool if _normal(c.name) == wanted or _normal(c.id) == wanted]
    if same:
        return same
    found = [c for c in pool if wanted in _normal(c.name)]
    if _PINYIN_QUERY.fullmatch(wanted):
        seen = {c.id for c in found}
        for c in pool:
            if c.id not in seen and _CJK.search(c.name):
                initials, syllables = _pinyin(c.name)
                if initials.startswith(wanted) or syllables.startswith(wanted):
                    found.append(c)
    return found


def suggest(text: str, pool: Sequence[Candidate], *, n: int = SUGGESTED) -> list[Candidate]:
    """The candidates nearest to ``text`` by id or by name (typos included), best first.

    Examples
    --------
    >>> pool = [Candidate("c-beiyuan", "北苑社区"), Candidate("c-lijing", "丽景社区")]
    >>> [c.id for c in suggest("北院社区", pool)], [c.id for c in suggest("c-beiyun", pool)]
    (['c-beiyuan'], ['c-beiyuan'])
    """
    wanted = _normal(text)
    if not wanted or not pool:
        return []
    from rapidfuzz import fuzz, process  # only when suggesting

    scores: dict[int, float] = {}
    for field in ([_normal(c.id) for c in pool], [_normal(c.name) for c in pool]):
        for _choice, score, index in process.extract(wanted, field, scorer=fuzz.ratio, limit=n, score_cutoff=_TYPO_CUTOFF):
            scores[index] = max(score, scores.get(index, 0.0))
    best = sorted(scores, key=lambda i: (-scores[i], pool[i].id))
    return [pool[i] for i in best[:n]]


def match_name(text: str, pool: Sequence[Candidate], *, what: str) -> Candidate:
    """The one candidate of ``pool`` that ``text`` names by rules 1–4 (ids and names of ``pool`` only).

    Raises :class:`~graph_model.errors.Ambiguous` or :class:`~graph_model.errors.NotFound`.

    Examples
    --------
    >>> pool = [Candidate("g-1", "第一网格", "北苑社区"), Candidate("g-2", "第一网格", "丽景社区"), Candidate("g-3", "第二网格", "丽景社区")]
    >>> match_name("第二", pool, what="grid").id
    'g-3'
    >>> match_name("第一网格", pool, what="grid")
    Traceback (most recent call last):
    ...
    graph_model.errors.Ambiguous: 网格 '第一网格' 对应 2 个候选：第一网格（g-1，北苑社区）；第一网格（g-2，丽景社区）。请改用编号指明。
    """
    text = text.strip()
    for found in ([c for c in pool if c.id == text], [c for c in pool if c.name == text]):
        if len(found) == 1:
            return found[0]
        if found:
            raise Ambiguous(what, text, found[:MAX_LISTED], total=len(found))
    found = _near(text, pool)
    if len(found) == 1:
        return found[0]
    if found:
        raise Ambiguous(what, text, sorted(found, key=lambda c: (len(c.name), c.id))[:MAX_LISTED], total=len(found))
    raise NotFound(what, text, candidates=suggest(text, pool))


def _what(kinds: Sequence[NodeKind]) -> str:
    if set(kinds) == {NodeKind.PARTNER, NodeKind.FACILITY}:
        return "partner or facility"
    return KIND_NOUNS[kinds[0]] if len(kinds) == 1 else "node"


# Where a node is, for telling apart nodes of one name: the relationship to its container and the
# container's direction ("in": the container is the source).
_CONTAINERS: dict[NodeKind, tuple[RelType, str]] = {
    NodeKind.COMMUNITY: (RelType.HAS_COMMUNITY, "in"),
    NodeKind.ESTATE: (RelType.HAS_ESTATE, "in"),
    NodeKind.GRID: (RelType.HAS_GRID, "in"),
    NodeKind.BUILDING: (RelType.HAS_BUILDING, "in"),
    NodeKind.NEED: (RelType.HAS_NEED, "in"),
    NodeKind.PARTNER: (RelType.LOCATED_IN, "out"),
    NodeKind.FACILITY: (RelType.LOCATED_IN, "out"),
    NodeKind.PARTY_ORG: (RelType.PARTY_ORG_OF, "out"),
    NodeKind.HOUSEHOLD: (RelType.LIVES_IN, "out"),
    NodeKind.CATEGORY: (RelType.HAS_SUBCATEGORY, "in"),
}


def where(store: GraphStore, node: Node) -> str | None:
    """The name of what ``node`` sits in: a community's subdistrict, a grid's or a need's community, a building's grid's community..."""
    seen = {node.id}
    current = node
    for _step in range(3):  # a building → its grid → the grid's community
        container = _CONTAINERS.get(current.kind)
        if container is None:
            return None
        rel, direction = container
        rels = store.relationships(current.id, types=[rel], direction=direction)  # type: ignore[arg-type]
        up = min((r.source if direction == "in" else r.target for r in rels), default=None)
        if up is None or up in seen:
            return None
        seen.add(up)
        found = store.get(up)
        if found is None:
            return None
        if not (node.kind is NodeKind.BUILDING and found.kind is NodeKind.GRID):
            return found.name
        current = found
    return None


def _pool(store: GraphStore, kinds: Sequence[NodeKind]) -> list[Candidate]:
    return [Candidate(n.id, n.name) for kind in kinds for n in store.find(kind)]


def _placed(store: GraphStore, candidates: Iterable[Candidate]) -> list[Candidate]:
    """The candidates, each with where it is (read only for the few that are shown)."""
    out = []
    for c in candidates:
        node = store.get(c.id)
        out.append(Candidate(c.id, c.name, where(store, node) if node is not None else None))
    return out


def resolve_node(store: GraphStore, kinds: NodeKind | Sequence[NodeKind], text: str, *, what: str | None = None) -> Node:
    """The node of one of ``kinds`` that ``text`` names (an id, a name, part of a name, pinyin), by the rules above.

    ``what`` is the English noun the errors name it with (default: the kind's).
    """
    kinds = (kinds,) if isinstance(kinds, NodeKind) else tuple(kinds)
    what = what or _what(kinds)
    text = text.strip()
    node = store.get(text)
    if node is not None and node.kind in kinds:
        return node
    named = [n for kind in kinds for n in store.find(kind, name=text)] if text else []
    if len(named) == 1:
        return named[0]
    if named:
        raise Ambiguous(what, text, _placed(store, (Candidate(n.id, n.name) for n in named[:MAX_LISTED])), total=len(named))
    try:
        chosen = match_name(text, _pool(store, kinds), what=what)
    except Ambiguous as err:
        raise Ambiguous(what, text, _placed(store, err.candidates), total=err.total) from None
    found = store.get(chosen.id)
    assert found is not None
    return found


def resolve_id(store: GraphStore, kinds: NodeKind | Sequence[NodeKind], text: str, *, what: str | None = None) -> str:
    """The id of the node of one of ``kinds`` that ``text`` names (see :func:`resolve_node`)."""
    return resolve_node(store, kinds, text, what=what).id


def resolve_gap_kind(text: str | GapKind) -> GapKind:
    """The gap kind named by its id (``need_without_resolver``) or its Chinese or English title (``诉求无人可解``).

    Unknown → :class:`~graph_model.errors.InvalidQuery` naming the nearest kinds and every choice.
    """
    if isinstance(text, GapKind):
        return text
    wanted = _normal(text)
    for kind, spec in GAP_KINDS.items():
        if wanted in (_normal(kind.value), _normal(spec.title_zh), _normal(spec.title_en)):
            return kind
    pool = [Candidate(kind.value, pick(spec.title_zh, spec.title_en)) for kind, spec in GAP_KINDS.items()]
    near = [c for c in _near(text, pool)] or suggest(text, pool, n=3)
    choices = ", ".join(f"{c.id} ({c.name})" for c in pool)
    hint = _(" (did you mean: {suggestions}?)").format(suggestions=", ".join(str(c) for c in near)) if near else ""
    raise InvalidQuery(_("unknown gap kind {kind!r}{hint}; one of: {choices}").format(kind=text, hint=hint, choices=choices))
