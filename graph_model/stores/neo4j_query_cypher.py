"""The Cypher of the three queries — partner matching, coverage gaps, mentor pairing — as named constants.

The rules of :mod:`graph_model.cypher` hold here: every value is a ``$param``,
and the only names in these texts are the schema's labels and relationship
types. Queries whose answer can be large return **one record** holding a list
of rows (``RETURN collect([...]) AS rows``, or several such lists): the driver
reads one big message much faster than a hundred thousand small ones.

Examples
--------
>>> GAPS[GapKind.GRID_WITHOUT_BRANCH].splitlines()[0]
'MATCH (s:Grid)'
>>> "collect([s.id, s.name" in GAPS[GapKind.GRID_WITHOUT_BRANCH]
True
"""

from __future__ import annotations

from graph_model.cypher import NODE_LABEL
from graph_model.evidence import GapKind
from graph_model.schema import NodeKind

__all__ = [
    "CATEGORY_ANCESTRY",
    "CATEGORY_PARENTS",
    "MATCH_CONTEXT",
    "MATCH_CANDIDATES",
    "GAPS",
    "GAPS_IN_COMMUNITY",
    "SECRETARIES",
    "COMMUNITY_PORTRAITS",
    "MENTOR_LINKS",
]

# -- partner matching ----------------------------------------------------------------------------
CATEGORY_ANCESTRY = f"""\
MATCH (k:{NODE_LABEL} {{id: $category}})<-[:HAS_SUBCATEGORY*0..]-(a)
WITH DISTINCT a
RETURN a.id AS child, [(p)-[:HAS_SUBCATEGORY]->(a) | p.id] AS parents"""

CATEGORY_PARENTS = "MATCH (p)-[:HAS_SUBCATEGORY]->(c)\nRETURN c.id AS child, collect(p.id) AS parents"

# What matching needs besides the candidates, in one round trip: the labels of $community and
# $category, the category's ancestry ([ancestor, [its parents]]), the community's subdistricts,
# and the ties of anyone to its area, found from the area — a handful, not from each candidate:
# [through, candidate id, type, community or subdistrict id, its name, since, projects] for the
# CO_BUILDS and LOCATED_IN into $community (through null) or into another community of one of its
# subdistricts (through that subdistrict's id), [through, candidate id, type, id, name] for the
# SERVES into $community (through null) or into one of its subdistricts (through it). Python
# keeps the ties through null and through the subdistrict it picks.
MATCH_CONTEXT = f"""\
OPTIONAL MATCH (c:{NODE_LABEL} {{id: $community}})
RETURN labels(c) AS community,
       COLLECT {{ MATCH (k:{NODE_LABEL} {{id: $category}}) RETURN labels(k) }} AS category,
       COLLECT {{
         MATCH (k:{NODE_LABEL} {{id: $category}})<-[:HAS_SUBCATEGORY*0..]-(a)
         WITH DISTINCT a
         RETURN [a.id, [(p)-[:HAS_SUBCATEGORY]->(a) | p.id]]
       }} AS ancestry,
       COLLECT {{ MATCH (sd)-[:HAS_COMMUNITY]->(c) RETURN sd.id }} AS subdistricts,
       COLLECT {{
         MATCH (c)<-[r:CO_BUILDS|LOCATED_IN]-(p) RETURN [null, p.id, type(r), c.id, c.name, r.since, r.projects] AS tie
         UNION ALL
         MATCH (c)<-[:HAS_COMMUNITY]-(sd)-[:HAS_COMMUNITY]->(x)<-[r:CO_BUILDS|LOCATED_IN]-(p) WHERE x <> c
         RETURN [sd.id, p.id, type(r), x.id, x.name, r.since, r.projects] AS tie
         UNION ALL
         MATCH (c)<-[r:SERVES]-(p) RETURN [null, p.id, type(r), c.id, c.name] AS tie
         UNION ALL
         MATCH (c)<-[:HAS_COMMUNITY]-(sd)<-[r:SERVES]-(p) RETURN [sd.id, p.id, type(r), sd.id, sd.name] AS tie
       }} AS ties"""

# The candidates for $category — those offering a category of $lineage (it and its ancestors,
# nearest first) — as seen from no community in particular, in one record of two lists joined
# in Python by candidate id (the community's ties come from MATCH_CONTEXT):
#   candidates: [id, name, labels, sector, type, capacity, [[depth, category, category name, note]], in progress]
#   resolved: [candidate id, need id, need name] — the $resolved needs of $category, found from it.
MATCH_CANDIDATES = f"""\
RETURN
  COLLECT {{
    UNWIND range(0, size($lineage) - 1) AS depth
    MATCH (k:{NODE_LABEL} {{id: $lineage[depth]}})<-[o:OFFERS]-(p)
    WITH p, collect([depth, k.id, k.name, o.note]) AS offers
    RETURN [p.id, p.name, labels(p), p.sector, p.type, p.capacity, offers,
            COUNT {{ (n)-[:RESOLVED_BY]->(p) WHERE n.status = $in_progress }}]
  }} AS candidates,
  COLLECT {{
    MATCH (k:{NODE_LABEL} {{id: $category}})<-[:IN_CATEGORY]-(n)-[:RESOLVED_BY]->(p)
    WHERE n.status = $resolved
    RETURN [p.id, n.id, n.name]
  }} AS resolved"""

# -- coverage gaps ---------------------------------------------------------------------------------
# Each gap query binds its subjects as ``s`` and returns one record: ``rows``, each
# [id, name, via, facts], or for buildings ``groups``, each [grid id or null, [its community ids],
# [ids of its buildings with the gap], [their names]]. ``via`` lists [intermediate id, [community ids]]
# pairs: the subject's community is the smallest community of the smallest intermediate (a
# building's grid; the subject itself otherwise), picked in Python so ids order exactly as in
# the memory backend.
# GAPS finds subjects in the whole graph; GAPS_IN_COMMUNITY starts from $community and
# finds the subjects one of whose communities it is (Python keeps those whose community it is).
_VIA: dict[NodeKind, str] = {
    NodeKind.GRID: "[[s.id, [(c)-[:HAS_GRID]->(s) | c.id]]]",
    NodeKind.ESTATE: "[[s.id, [(c)-[:HAS_ESTATE]->(s) | c.id]]]",
    NodeKind.NEED: "[[s.id, [(c)-[:HAS_NEED]->(s) | c.id]]]",
    NodeKind.COMMUNITY: "[[s.id, [s.id]]]",
    NodeKind.PARTY_ORG: "[[s.id, [(s)-[:PARTY_ORG_OF]->(c:Community) | c.id]]]",
}

_SUBJECTS_IN_COMMUNITY: dict[NodeKind, str] = {
    NodeKind.BUILDING: f"MATCH (c:{NODE_LABEL} {{id: $community}})-[:HAS_GRID]->(:Grid)-[:HAS_BUILDING]->(s:Building)",
    NodeKind.GRID: f"MATCH (c:{NODE_LABEL} {{id: $community}})-[:HAS_GRID]->(s:Grid)",
    NodeKind.ESTATE: f"MATCH (c:{NODE_LABEL} {{id: $community}})-[:HAS_ESTATE]->(s:Estate)",
    NodeKind.NEED: f"MATCH (c:{NODE_LABEL} {{id: $community}})-[:HAS_NEED]->(s:Need)",
    NodeKind.COMMUNITY: "MATCH (s:Community {id: $community})",
    NodeKind.PARTY_ORG: "MATCH (s:PartyOrg)-[:PARTY_ORG_OF]->(c:Community {id: $community})",
}

# The gap kinds worded as (subject kind, condition on s, facts); the two left out have their own queries.
_GAP_CONDITIONS: dict[GapKind, tuple[NodeKind, str, str]] = {
    GapKind.BUILDING_WITHOUT_HEAD: (NodeKind.BUILDING, "NOT EXISTS { (s)<-[:BUILDING_HEAD_OF]-() }", "{}"),
    GapKind.BUILDING_WITHOUT_PARTY_GROUP: (
        NodeKind.BUILDING, "NOT EXISTS { (o)-[:COVERS]->(s) WHERE o.level = $building_group }", "{}"),
    GapKind.GRID_WITHOUT_BRANCH: (NodeKind.GRID, "NOT EXISTS { (o)-[:COVERS]->(s) WHERE o.level = $grid_branch }", "{}"),
    GapKind.GRID_WITHOUT_FULLTIME_WORKER: (
        NodeKind.GRID,
        "NOT EXISTS { ()-[r:GRID_WORKER_OF]->(s) WHERE coalesce(r.full_time, $full_time_default) = $full_time }",
        "{part_time: COUNT { ()-[:GRID_WORKER_OF]->(s) }}",
    ),
    GapKind.COMMUNITY_WITHOUT_PARTNER: (NodeKind.COMMUNITY, "NOT EXISTS { ()-[:CO_BUILDS]->(s) }", "{}"),
    GapKind.COMMUNITY_WITHOUT_SERVICE_CENTER: (
        NodeKind.COMMUNITY,
        "NOT EXISTS { (f:Facility)-[:LOCATED_IN]->(s) WHERE f.type IN $service_point_types }",
        "{}",
    ),
    GapKind.COMMUNITY_WITHOUT_PARTY_ORG: (
        NodeKind.COMMUNITY, "NOT EXISTS { (o:PartyOrg)-[:PARTY_ORG_OF]->(s) WHERE o.level = $community_level }", "{}"),
    GapKind.PARTY_ORG_WITHOUT_SECRETARY: (
        NodeKind.PARTY_ORG, "s.level = $community_level AND NOT EXISTS { ()-[:SECRETARY_OF]->(s) }", "{}"),
    GapKind.ESTATE_WITHOUT_RED_PROPERTY: (
        NodeKind.ESTATE,
        "NOT EXISTS { (:PartyOrg)-[:PARTY_ORG_OF]->(m)-[:MANAGES]->(s) }",
        "{managers: [(m)-[:MANAGES]->(s) | [m.id, m.name]]}",
    ),
}


def _gap(subjects: str, kind: NodeKind, condition: str, facts: str, *, distinct: bool) -> str:
    """A gap query; buildings come as ``groups`` by grid (each grid's communities read once, not per building)."""
    filtered = f"{subjects}\nWITH {'DISTINCT ' if distinct else ''}s WHERE {condition}\n"
    if kind is NodeKind.BUILDING:
        return (
            f"{filtered}OPTIONAL MATCH (g)-[:HAS_BUILDING]->(s)\n"
            "WITH g, collect(s.id) AS ids, collect(s.name) AS names\n"
            "RETURN collect([g.id, [(c)-[:HAS_GRID]->(g) | c.id], ids, names]) AS groups"
        )
    return f"{filtered}RETURN collect([s.id, s.name, {_VIA[kind]}, {facts}]) AS rows"


def _need_without_resolver(subjects: str) -> str:
    """Open needs no candidate in the area can take: one query over all of them.

    What the area's candidates offer is found from the area, once per
    subdistrict and once per community: the candidates that CO_BUILDS or are
    LOCATED_IN a community of the subdistrict, or SERVES it; then those that
    CO_BUILDS, are LOCATED_IN or SERVES the community itself. A need is a gap
    when nothing of its category's lineage is offered there. ``$lineages``
    maps a category to itself and its ancestors (categories with a parent;
    any other category's lineage is itself).
    """
    return f"""\
{subjects}
WITH DISTINCT s WHERE s.status = $open
WITH s,
     COLLECT {{ MATCH (c)-[:HAS_NEED]->(s) RETURN c ORDER BY c.id LIMIT 1 }}[0] AS c,
     COLLECT {{ MATCH (s)-[:IN_CATEGORY]->(k) RETURN k ORDER BY k.id LIMIT 1 }}[0] AS k
WHERE c IS NOT NULL AND k IS NOT NULL
WITH c, collect([s, k]) AS needs
WITH c, needs, COLLECT {{ MATCH (sd)-[:HAS_COMMUNITY]->(c) RETURN sd ORDER BY sd.id LIMIT 1 }}[0] AS sd
WITH sd, collect([c, needs]) AS communities
WITH communities, COLLECT {{
       CALL (sd) {{
         MATCH (sd)-[:HAS_COMMUNITY]->(x)<-[:CO_BUILDS|LOCATED_IN]-(p) RETURN p
         UNION
         MATCH (p)-[:SERVES]->(sd) RETURN p
       }}
       MATCH (p)-[:OFFERS]->(o)
       RETURN DISTINCT o.id
     }} AS area_offered
UNWIND communities AS community
WITH area_offered, community[0] AS c, community[1] AS needs
WITH c, needs, area_offered + COLLECT {{
       MATCH (p)-[:CO_BUILDS|LOCATED_IN|SERVES]->(c)
       MATCH (p)-[:OFFERS]->(o)
       RETURN DISTINCT o.id
     }} AS offered
UNWIND needs AS need
WITH c, offered, need[0] AS s, need[1] AS k
WHERE none(id IN coalesce($lineages[k.id], [k.id]) WHERE id IN offered)
RETURN collect([s.id, s.name, [[s.id, [c.id]]], {{category: k.id, category_name: k.name}}]) AS rows"""


GAPS: dict[GapKind, str] = {
    **{kind: _gap(f"MATCH (s:{subject.value})", subject, condition, facts, distinct=False)
       for kind, (subject, condition, facts) in _GAP_CONDITIONS.items()},
    GapKind.NEED_WITHOUT_RESOLVER: _need_without_resolver("MATCH (s:Need)"),
}

GAPS_IN_COMMUNITY: dict[GapKind, str] = {
    **{kind: _gap(_SUBJECTS_IN_COMMUNITY[subject], subject, condition, facts, distinct=True)
       for kind, (subject, condition, facts) in _GAP_CONDITIONS.items()},
    GapKind.NEED_WITHOUT_RESOLVER: _need_without_resolver(_SUBJECTS_IN_COMMUNITY[NodeKind.NEED]),
}

# -- mentor pairing -----------------------------------------------------------------------------
# ``orgs`` pairs each level-community organization a person is secretary of with its communities.
SECRETARIES = """\
MATCH (p:Person)-[:SECRETARY_OF]->(o:PartyOrg)
WHERE o.level = $community_level
WITH p, collect([o.id, o.name, [(o)-[:PARTY_ORG_OF]->(c:Community) | c.id]]) AS orgs
RETURN p.id AS id, p.name AS name, p.years_as_secretary AS years, p.rating AS rating,
       p.strengths AS strengths, orgs, EXISTS { (p)-[:MENTORS]-() } AS in_pair"""

COMMUNITY_PORTRAITS = f"""\
UNWIND $ids AS id
MATCH (c:{NODE_LABEL} {{id: id}})
RETURN c.id AS id, c.name AS name, c.estate_category AS estate_category, c.service_focus AS service_focus,
       [(sd)-[:HAS_COMMUNITY]->(c) | sd.id] AS subdistricts"""

MENTOR_LINKS = "MATCH (m)-[:MENTORS]->(e)\nRETURN m.id AS mentor, e.id AS mentee"
